"""Writes of the member archive: validated, atomic, audited, each an effective-dated event.

Every door (pages, API, Excel import, demo generator) calls these functions.
"""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from dangjian.accounts.access import (
    may_manage_member,
    may_place_anywhere,
    may_place_member,
    require,
    visible_members,
)
from dangjian.core import crypto
from dangjian.core.actor import Actor, acting_user
from dangjian.core.audit import audit
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.members.choices import STATUS_TRANSITIONS, Stage, Status
from dangjian.members.derived import derived_columns
from dangjian.members.inputs import MemberInput, member_input_of
from dangjian.members.models import EventKind, Member, MemberEvent, MemberPeriod
from dangjian.members.search_keys import name_keys_replace
from dangjian.members.validation import check_member_input
from dangjian.orgs.models import Organization
from dangjian.rules.idcard import parse_id_number
from dangjian.rules.numbers import normalize_phone
from dangjian.rules.sources import rule_citation

# Fields whose change is part of the effective-dated history kept as periods.
PERIOD_FIELDS = ("organization_id", "status", "stage")
PERSONAL_FIELDS = ("id_number", "phone")
# Changes of these fields are events of their own kind (not a plain "信息修改").
EVENT_KIND_OF_FIELD = {
    "organization_id": EventKind.TRANSFERRED,
    "party_group_id": EventKind.TRANSFERRED,
    "status": EventKind.STATUS,
    "stage": EventKind.STAGE,
    "confirmed_on": EventKind.STAGE,
    "dues_category": EventKind.CATEGORY,
    "is_floating": EventKind.FLAG,
    "floating_to": EventKind.FLAG,
    "lost_contact_since": EventKind.FLAG,
    "in_difficulty": EventKind.FLAG,
    "is_leading_cadre": EventKind.FLAG,
}


def today() -> date:
    return timezone.localdate()


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _masked(field: str, value: Any) -> Any:
    # The audit log and events never hold personal numbers in clear text.
    return "（已加密）" if field in PERSONAL_FIELDS and value else _json(value)


# A duplicate ID number seen from outside the other record's scope: it says that, not where.
ID_REGISTERED = "该公民身份号码已登记在其他党员档案中"


def _holder_of(id_hash: str, exclude_pk: int | None) -> Member | None:
    qs = Member.objects.filter(id_number_hash=id_hash).select_related("organization")
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.first()


def id_registered_message(actor: Actor, holder: Member) -> str:
    """What ``actor`` is told of a duplicate ID number held by ``holder``.

    Whoever may see ``holder`` (an administrator of that subtree, the system) is told whose
    record it is; anyone else only that it is on file, so a number cannot be used to find out
    which branch a person belongs to.
    """
    if actor is not None and not visible_members(actor).filter(pk=holder.pk).exists():
        return ID_REGISTERED
    return f"该公民身份号码已登记在{holder.organization.name}{holder.name}的党员档案中"


# What a person is told when a member would be placed outside what they look after.
PLACE_REFUSED = "无权在该党组织中建立党员档案"
MOVE_REFUSED = "无权将党员编入该党组织"
TRANSFER_REFUSED = "无权将党员转入该党组织"
# MEM-2 (《中国共产党党员教育管理工作条例》第二十五条): a move between organisations is a
# transfer with its approvals, never an edit of the archive.
MOVE_BY_TRANSFER = (
    "修改档案不能变更所在党组织：转到其他党组织请通过“组织关系转接”办理"
    f"（{rule_citation('MEM-2')}）"
)
# The same for a dated change (the change form, POST /api/members/{id}/changes).
CHANGE_BY_TRANSFER = (
    "登记变动不能将党员转到其他党组织：请在“组织关系转接”中办理转出（系统内转接）或开具介绍信"
    f"（转出系统外），转入方接收后档案随之变更（{rule_citation('MEM-2')}）"
)


# Facts that belong to a process with its own decision and record (停止党籍 and 出党 by the
# branch or the higher organisation, MEM-4/MEM-8; 失联 with its searches, MEM-4; 流动 with its
# record, MEM-3; 转出 with a transfer or a letter, MEM-2): changed by that process's service,
# never typed into the dated change form or its API (which call ``member_change`` with
# ``typed=True``).
_STANDING_PAGES = "“党员动态 → 失联党员 / 党籍处理与出党”"
PROCESS_FIELDS: dict[str, str] = {
    "status": (
        f"登记变动不能直接更改党籍状态：停止党籍、恢复党籍和出党请在{_STANDING_PAGES}中登记决定，"
        "转出请通过“组织关系转接”或开具介绍信办理"
        f"（{rule_citation('MEM-4')}；{rule_citation('MEM-8')}）"
    ),
    "lost_contact_since": (
        "登记变动不能直接更改失联日期：请在“党员动态 → 失联党员”中登记失联和查找情况"
        f"（{rule_citation('MEM-4')}）"
    ),
    "is_floating": (
        "登记变动不能直接更改流动党员标记：请在“党员动态 → 流动党员”中登记流出和返回"
        f"（{rule_citation('MEM-3')}）"
    ),
    "floating_to": (
        "登记变动不能直接更改流动去向：请在“党员动态 → 流动党员”中登记流出和返回"
        f"（{rule_citation('MEM-3')}）"
    ),
}


def _branch_unit(org_id: int) -> int:
    """The branch an organisation stands for: a 党小组's branch, else itself."""
    org = Organization.objects.filter(pk=org_id).first()
    if org is not None and org.kind == "group":
        parent = Organization.objects.get_parent(org)
        return parent.pk if parent is not None else org.pk
    return org_id


def refuse_organization_move(
    member: Member, organization_id: int, message: str = MOVE_BY_TRANSFER
) -> None:
    """Refuse ``organization_id`` unless it is the member's branch or one of its 党小组
    (``InvalidInput`` on ``organization_id``); the move itself is ``member_transfer_start``."""
    if organization_id == member.organization_id:
        return
    if _branch_unit(organization_id) != _branch_unit(member.organization_id):
        raise InvalidInput.one("organization_id", message)


def _refuse_move_of(member_id: int, organization_id: int) -> None:
    """``refuse_organization_move`` for a member known by id (a missing one is left to the
    caller's own lookup, which names it)."""
    member = Member.objects.filter(pk=member_id).first()
    if member is not None:
        refuse_organization_move(member, organization_id, CHANGE_BY_TRANSFER)


def require_placement(actor: Actor, organization_id: int, message: str = PLACE_REFUSED) -> None:
    """PermissionDenied(``message``) unless ``actor`` may put a member in that organisation.

    ``None`` is the system itself (commands, the demo loader) and places anywhere. A missing
    organisation is refused like one out of scope, so an id cannot be probed; to those who may
    place anywhere it is left to validation, which names the field.
    """
    if actor is None:
        return
    org = Organization.objects.filter(pk=organization_id).first()
    if org is None:
        require(may_place_anywhere(actor), message)
        return
    require(may_place_member(actor, org), message)


def _require_manager(actor: Actor, member: Member, message: str) -> None:
    """PermissionDenied unless ``actor`` (``None``: the system) looks after ``member``."""
    if actor is not None:
        require(may_manage_member(actor, member), message)


def _validate(data: MemberInput, exclude_pk: int | None, actor: Actor = None) -> str:
    errors = check_member_input(data, today())
    id_hash = (
        crypto.lookup_hash(parse_id_number(data.id_number).value)
        if "id_number" not in errors
        else ""
    )
    holder = _holder_of(id_hash, exclude_pk) if "id_number" not in errors else None
    if holder is not None:
        errors["id_number"] = [id_registered_message(actor, holder)]
    if errors:
        raise InvalidInput(errors)
    return id_hash


def _store_derived(member: Member, id_hash: str) -> None:
    """Set the lookup hashes and pinyin keys from the member's (canonical) fields."""
    keys = derived_columns(
        name=member.name,
        id_number=member.id_number or "",
        phone=member.phone or "",
        id_number_hash=id_hash,
    )
    member.id_number_hash, member.phone_hash = keys.id_number_hash, keys.phone_hash
    member.id_tail4_hash, member.id_tail6_hash = keys.id_tail4_hash, keys.id_tail6_hash
    member.name_pinyin, member.name_initials = keys.name_pinyin, keys.name_initials


def _field_values(data: MemberInput) -> dict[str, Any]:
    values = asdict(data)
    # The canonical forms (full-width digits, spaces, dashes, lower-case x, +86 normalised), so
    # the lookup hash of one number is always the same, whichever door it came through.
    values["id_number"] = parse_id_number(data.id_number).value
    values["phone"] = normalize_phone(data.phone or "")
    return values


@transaction.atomic
def member_create(
    *,
    actor: Actor,
    data: MemberInput,
    reason: str = "建立党员档案",
    placed_on: date | None = None,
) -> Member:
    """A new member's archive, placed in ``data.organization_id`` (which ``actor`` must look
    after) from ``placed_on`` (default: the 入党时间, or today when unknown; a member arriving
    from outside is placed on the day of arrival). Raises PermissionDenied, or InvalidInput
    naming each bad field (nothing written)."""
    require_placement(actor, data.organization_id)
    id_hash = _validate(data, exclude_pk=None, actor=actor)
    values = _field_values(data)
    member = Member(**values, status=Status.NORMAL)
    _store_derived(member, id_hash)
    member.save()
    name_keys_replace(member)
    start = placed_on or data.joined_on or today()
    MemberPeriod.objects.create(
        member=member,
        organization_id=data.organization_id,
        status=member.status,
        stage=member.stage,
        valid_from=start,
    )
    after = {k: _masked(k, v) for k, v in values.items()}
    MemberEvent.objects.create(
        member=member,
        kind=EventKind.CREATED,
        effective_on=start,
        changes={},
        reason=reason,
        actor=acting_user(actor),
    )
    audit(actor=actor, action="member.create", obj=member, after=after)
    return member


@transaction.atomic
def member_update(
    *,
    actor: Actor,
    member_id: int,
    data: MemberInput,
    effective_on: date | None = None,
    reason: str = "",
) -> Member:
    """Change a member's archive. Each changed group of fields becomes one effective-dated event.

    ``actor`` must look after the member and the organisation ``data`` places them in.
    """
    member = Member.objects.select_for_update().get(pk=member_id)
    _require_manager(actor, member, "无权修改该党员档案")
    refuse_organization_move(member, data.organization_id)
    require_placement(actor, data.organization_id, MOVE_REFUSED)
    id_hash = _validate(data, exclude_pk=member.pk, actor=actor)
    values = _field_values(data)
    changes = {k: v for k, v in values.items() if _stored(member, k) != v}
    if not changes:
        return member
    when = effective_on or today()
    _apply(member, changes, when=when, reason=reason, actor=actor)
    _store_derived(member, id_hash)
    member.save()
    if "name" in changes:
        name_keys_replace(member)
    return member


@transaction.atomic
def member_change(
    *,
    actor: Actor,
    member_id: int,
    changes: dict[str, Any],
    effective_on: date,
    reason: str,
    transfer_accepted: bool = False,
    typed: bool = False,
) -> Member:
    """A dated change of status, stage, category, flags or 党小组 (suspension, confirmation...).

    ``actor`` must look after the member. A move to another organisation is refused
    (``InvalidInput`` on ``organization_id``, pointing to 组织关系转接, MEM-2) unless
    ``transfer_accepted``: only the transfer use case (``dynamics.services.transfer_accept``)
    and loaders of historic, already-accepted transfers pass it. Likewise a change of a
    ``PROCESS_FIELDS`` fact (党籍状态, 失联, 流动) is refused when ``typed`` (the change form and
    its API: a person typing it), with ``InvalidInput`` on that field naming the process where
    it is decided; the services of those processes call without it.
    """
    if "organization_id" in changes:
        if not transfer_accepted:
            _refuse_move_of(member_id, changes["organization_id"])
        require_placement(actor, changes["organization_id"], TRANSFER_REFUSED)
    if not reason.strip():
        raise InvalidInput.one("reason", "请填写变动原因")
    if effective_on > today():
        raise InvalidInput.one("effective_on", "生效日期不能晚于今天")
    member = Member.objects.select_for_update().get(pk=member_id)
    _require_manager(actor, member, "无权变动该党员")
    current = {k: _stored(member, k) for k in changes}
    if "status" in changes:
        _check_status_transition(member.status, changes["status"])
    archive = {k: v for k, v in changes.items() if k != "status"}
    _validate(replace(member_input_of(member), **archive), member.pk, actor)
    real = {k: v for k, v in changes.items() if current[k] != v}
    if typed:
        for key in real:
            if key in PROCESS_FIELDS:
                raise InvalidInput.one(key, PROCESS_FIELDS[key])
    if not real:
        raise Conflict("没有需要变动的内容")
    _apply(member, real, when=effective_on, reason=reason, actor=actor)
    member.save()
    if real.get("status") == Status.TRANSFERRED_OUT:
        _record_dues_paid_up_to(actor, member, effective_on, reason)
    return member


def _record_dues_paid_up_to(actor: Actor, member: Member, effective_on: date, reason: str) -> None:
    """A transfer letter states the month dues are paid up to (MEM-2, DUES-12): taken from the
    ledger in the same transaction, so the letter and the archive agree."""
    from dangjian.dues.collection import dues_transfer_record
    from dangjian.dues.models import TransferDirection

    dues_transfer_record(
        actor=actor,
        member_id=member.pk,
        direction=TransferDirection.OUT,
        effective_on=effective_on,
        note=reason,
    )


def _check_status_transition(old: str, new: str) -> None:
    if new not in Status.values:
        raise InvalidInput.one("status", f"“{new}”不是有效的党籍状态")
    if new != old and new not in STATUS_TRANSITIONS[Status(old)]:
        raise InvalidInput.one(
            "status", f"党籍状态不能从“{Status(old).label}”变为“{Status(new).label}”"
        )


def _stored(member: Member, field: str) -> Any:
    """The current value as an input would carry it: an empty personal number is stored NULL."""
    value = getattr(member, field)
    return (value or "") if field in PERSONAL_FIELDS else value


def _apply(
    member: Member, changes: dict[str, Any], *, when: date, reason: str, actor: Actor
) -> None:
    before = {k: getattr(member, k) for k in changes}
    for field, value in changes.items():
        setattr(member, field, value)
    if any(f in changes for f in PERIOD_FIELDS):
        _move_period(member, when)
    for kind, group in _group_by_kind(changes).items():
        MemberEvent.objects.create(
            member=member,
            kind=kind,
            effective_on=when,
            changes={k: [_masked(k, before[k]), _masked(k, changes[k])] for k in group},
            reason=reason,
            actor=acting_user(actor),
        )
    audit(
        actor=actor,
        action="member.update",
        obj=member,
        before={k: _masked(k, v) for k, v in before.items()},
        after={k: _masked(k, v) for k, v in changes.items()},
        detail=reason,
    )


def _group_by_kind(changes: dict[str, Any]) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for field in changes:
        groups.setdefault(EVENT_KIND_OF_FIELD.get(field, EventKind.UPDATED), []).append(field)
    return groups


def _move_period(member: Member, when: date) -> None:
    """Close the open period on ``when`` and open one with the new facts."""
    open_period = (
        MemberPeriod.objects.select_for_update()
        .filter(member=member, valid_to__isnull=True)
        .first()
    )
    new = {
        "organization_id": member.organization_id,
        "status": member.status,
        "stage": member.stage,
    }
    if open_period is None:
        MemberPeriod.objects.create(member=member, valid_from=when, **new)
        return
    if when < open_period.valid_from:
        raise InvalidInput.one(
            "effective_on",
            f"生效日期不能早于上一次变动的生效日期{open_period.valid_from:%Y年%m月%d日}",
        )
    if when == open_period.valid_from:
        for key, value in new.items():
            setattr(open_period, key, value)
        open_period.save(update_fields=list(new))
        return
    open_period.valid_to = when
    open_period.save(update_fields=["valid_to"])
    MemberPeriod.objects.create(member=member, valid_from=when, **new)


def member_confirm(*, actor: Actor, member_id: int, confirmed_on: date, reason: str) -> Member:
    """预备党员转为正式党员 (DEV-19: the confirmation date is the end of probation)."""
    return member_change(
        actor=actor,
        member_id=member_id,
        changes={"stage": Stage.FULL, "confirmed_on": confirmed_on},
        effective_on=confirmed_on,
        reason=reason,
    )


def member_reveal(*, actor: Actor, member: Member, field: str) -> str:
    """Return a full personal number and record who looked at it (DESIGN: personal data)."""
    from dangjian.accounts.access import may_reveal, require

    require(field in PERSONAL_FIELDS, "该字段不可查看")
    require(may_reveal(actor, member), "无权查看完整个人信息")
    audit(actor=actor, action="member.reveal", obj=member, detail=f"查看完整{field}")
    return str(getattr(member, field) or "")
