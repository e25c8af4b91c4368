"""Writes of the organisation tree: create, update, move a subtree, dissolve."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from dangjian.core.actor import Actor
from dangjian.core.audit import audit
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.members.choices import Status
from dangjian.members.models import Member
from dangjian.orgs.models import Organization, OrganizationPath, UnitType, in_subtree
from dangjian.rules.organization import OrgKind

# Which kinds may sit under which (a 党小组 only inside a branch).
ALLOWED_PARENTS: dict[OrgKind, frozenset[OrgKind | None]] = {
    OrgKind.COMMITTEE: frozenset({None, OrgKind.COMMITTEE}),
    OrgKind.GENERAL_BRANCH: frozenset({OrgKind.COMMITTEE}),
    OrgKind.BRANCH: frozenset({OrgKind.COMMITTEE, OrgKind.GENERAL_BRANCH}),
    OrgKind.JOINT_BRANCH: frozenset({OrgKind.COMMITTEE, OrgKind.GENERAL_BRANCH}),
    OrgKind.TEMP_BRANCH: frozenset({OrgKind.COMMITTEE, OrgKind.GENERAL_BRANCH}),
    OrgKind.GROUP: frozenset({OrgKind.BRANCH, OrgKind.JOINT_BRANCH, OrgKind.TEMP_BRANCH}),
}


@dataclass(frozen=True)
class OrgInput:
    name: str
    code: str
    kind: str
    parent_id: int | None
    short_name: str = ""
    unit_name: str = ""
    unit_type: str = ""
    unit_count: int = 1
    founded_on: date | None = None
    approval_document: str = ""
    is_retirees_branch: bool = False
    term_started_on: date | None = None
    sort_order: int = 0


def _code_taken(code: str, exclude_pk: int | None) -> bool:
    """Whether another organisation (not ``exclude_pk``) already has ``code``."""
    taken = Organization.objects.filter(code=code)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    return taken.exists()


def _check(data: OrgInput, exclude_pk: int | None) -> Organization | None:
    errors: dict[str, list[str]] = {}
    if not data.name.strip():
        errors["name"] = ["名称不能为空"]
    if not data.code.strip():
        errors["code"] = ["组织代码不能为空"]
    elif _code_taken(data.code, exclude_pk):
        errors["code"] = [f"组织代码“{data.code}”已被使用"]
    if data.kind not in OrgKind.__members__.values() and data.kind not in [
        k.value for k in OrgKind
    ]:
        errors["kind"] = [f"“{data.kind}”不是有效的组织类别"]
    if data.unit_type and data.unit_type not in UnitType.values:
        errors["unit_type"] = [f"“{data.unit_type}”不是有效的单位性质"]
    if data.unit_count < 1:
        errors["unit_count"] = ["涉及单位数至少为1"]
    if data.founded_on and data.founded_on > timezone.localdate():
        errors["founded_on"] = ["成立日期不能晚于今天"]
    parent = Organization.objects.filter(pk=data.parent_id).first() if data.parent_id else None
    if data.parent_id and parent is None:
        errors["parent_id"] = ["上级党组织不存在"]
    if not errors:
        _check_parent_kind(OrgKind(data.kind), parent, errors)
    if errors:
        raise InvalidInput(errors)
    return parent


def _check_parent_kind(
    kind: OrgKind, parent: Organization | None, errors: dict[str, list[str]]
) -> None:
    parent_kind = OrgKind(parent.kind) if parent else None
    if parent_kind not in ALLOWED_PARENTS[kind]:
        where = parent.kind_label if parent else "顶层"
        errors["parent_id"] = [f"{kind.label}不能设在{where}之下"]


@transaction.atomic
def org_create(*, actor: Actor, data: OrgInput) -> Organization:
    parent = _check(data, exclude_pk=None)
    values = {k: v for k, v in asdict(data).items() if k != "parent_id"}
    if parent is not None:
        org = Organization.objects.add_child(parent, create_kwargs=values)
    else:
        org = Organization.objects.add_root(create_kwargs=values)
    OrganizationPath.objects.create(organization=org, path=org.path)
    audit(actor=actor, action="org.create", obj=org, after=_json(values))
    return org


@transaction.atomic
def org_update(*, actor: Actor, org_id: int, data: OrgInput) -> Organization:
    org = Organization.objects.select_for_update().get(pk=org_id)
    parent = Organization.objects.get_parent(org)
    _check(
        OrgInput(**{**asdict(data), "parent_id": parent.pk if parent else None}), exclude_pk=org.pk
    )
    values = {k: v for k, v in asdict(data).items() if k != "parent_id"}
    before = {k: getattr(org, k) for k in values}
    changed = {k: v for k, v in values.items() if before[k] != v}
    for key, value in changed.items():
        setattr(org, key, value)
    if changed:
        org.save(update_fields=list(changed))
        audit(
            actor=actor,
            action="org.update",
            obj=org,
            before=_json({k: before[k] for k in changed}),
            after=_json(changed),
        )
    return org


@transaction.atomic
def org_move(
    *, actor: Actor, org_id: int, new_parent_id: int, effective_on: date | None = None
) -> Organization:
    """Move an organisation with its whole subtree under another parent, from ``effective_on``
    (today by default). The path history keeps where the subtree was before, so counts as of
    an earlier date still find its members under the old parent."""
    on = effective_on or timezone.localdate()
    org = Organization.objects.get(pk=org_id)
    target = Organization.objects.get(pk=new_parent_id)
    if target.path.startswith(org.path):
        raise InvalidInput.one("parent_id", "不能移动到自身或其下级组织之下")
    errors: dict[str, list[str]] = {}
    _check_parent_kind(OrgKind(org.kind), target, errors)
    _check_move_date(org, on, errors)
    if errors:
        raise InvalidInput(errors)
    old_parent = Organization.objects.get_parent(org)
    Organization.objects.move(org, target, pos="last-child")
    org.refresh_from_db()
    record_path_changes(on)
    audit(
        actor=actor,
        action="org.move",
        obj=org,
        before={"parent": old_parent.name if old_parent else None},
        after={"parent": target.name, "effective_on": on.isoformat()},
    )
    return org


def _check_move_date(org: Organization, on: date, errors: dict[str, list[str]]) -> None:
    if on > timezone.localdate():
        errors.setdefault("effective_on", []).append("生效日期不能晚于今天")
        return
    current = OrganizationPath.objects.filter(in_subtree(org.path, "organization__path"))
    last = current.filter(valid_to__isnull=True).aggregate(last=Max("valid_from"))["last"]
    if last is not None and on < last:
        errors.setdefault("effective_on", []).append(
            f"生效日期不能早于该组织（或其下级）上一次调整隶属的日期{last:%Y-%m-%d}"
        )


def record_path_changes(on: date) -> int:
    """Bring the path history up to the tree: every organisation whose path changed gets its
    current row closed on ``on`` and a new row from ``on`` (a second change on the same day
    corrects that day's row). Returns how many organisations changed."""
    stale = list(
        OrganizationPath.objects.filter(valid_to__isnull=True)
        .exclude(path=F("organization__path"))
        .select_related("organization")
    )
    same_day = [row for row in stale if row.valid_from == on]
    closed = [row for row in stale if row.valid_from != on]
    for row in same_day:
        row.path = row.organization.path
    for row in closed:
        row.valid_to = on
    OrganizationPath.objects.bulk_update(same_day, ["path"])
    OrganizationPath.objects.bulk_update(closed, ["valid_to"])
    OrganizationPath.objects.bulk_create(
        OrganizationPath(organization=row.organization, path=row.organization.path, valid_from=on)
        for row in closed
    )
    return len(stale)


@transaction.atomic
def org_dissolve(*, actor: Actor, org_id: int, dissolved_on: date, reason: str) -> Organization:
    """Dissolve (never delete): only once no member and no active sub-organisation remains."""
    org = Organization.objects.select_for_update().get(pk=org_id)
    if org.dissolved_on:
        raise Conflict(f"“{org.name}”已于{org.dissolved_on}撤销")
    if not reason.strip():
        raise InvalidInput.one("reason", "请填写撤销原因（批准文件）")
    active = Member.objects.filter(
        in_subtree(org.path, "organization__path"),
        status__in=[Status.NORMAL, Status.SUSPENDED],
    ).count()
    if active:
        raise Conflict(f"“{org.name}”及其下级还有{active}名党员，请先转移组织关系再撤销")
    children = Organization.objects.filter(in_subtree(org.path), dissolved_on__isnull=True).exclude(
        pk=org.pk
    )
    if children.exclude(kind=OrgKind.GROUP).exists():
        raise Conflict(f"“{org.name}”还有未撤销的下级组织")
    children.update(dissolved_on=dissolved_on)  # its 党小组 go with it
    org.dissolved_on = dissolved_on
    org.save(update_fields=["dissolved_on"])
    audit(
        actor=actor,
        action="org.dissolve",
        obj=org,
        after={"dissolved_on": dissolved_on.isoformat()},
        detail=reason,
    )
    return org


def _json(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}
