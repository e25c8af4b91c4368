"""The member's own 党员动态, on the phone: apply for a transfer, see its progress, report
where they are while floating. Only the asker's own record (``scope.own_member_id``).

An application waits for the member's branch (``applications``): its secretary starts the
transfer from it (the one ``member_transfer_start`` use case) or refuses it with a reason;
the member cannot start a transfer (MEM-2: the sending branch does). A report of whereabouts is a contact record on the
member's open 流出 record (MEM-3), recorded as the member's own report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from dangjian.accounts.access import scope_for
from dangjian.core.actor import Actor
from dangjian.core.audit import audit
from dangjian.core.errors import InvalidInput
from dangjian.dynamics.application_models import TransferApplication
from dangjian.dynamics.applications import transfer_application_submit
from dangjian.dynamics.display import org_choices_labelled
from dangjian.dynamics.floating import floating_contact
from dangjian.dynamics.models import ContactRecord, FloatingDirection, FloatingRecord, Transfer
from dangjian.dynamics.queues import transfer_actions
from dangjian.dynamics.selectors import own_transfers
from dangjian.members.models import Member
from dangjian.orgs.models import Organization
from dangjian.rules.organization import OrgKind

NO_RECORD = "当前账号没有关联的党员档案"
NOT_FLOATING = "您目前没有登记为流出党员，外出流动前请先向党支部报告"


class NoOwnMember(Exception):
    """The account has no member record of its own."""


@dataclass(frozen=True)
class OwnTransfer:
    """One of the asker's transfers and the step it waits for ("" once it has ended)."""

    transfer: Transfer
    awaited: str


def own_member(user: Actor) -> Member:
    """The asker's own member record; ``NoOwnMember`` for an account without one."""
    member_id = scope_for(user).own_member_id
    if member_id is None:
        raise NoOwnMember(NO_RECORD)
    member = Member.objects.filter(pk=member_id).select_related("organization").first()
    if member is None:
        raise NoOwnMember(NO_RECORD)
    return member


def own_transfer_rows(user: Actor) -> list[OwnTransfer]:
    """The asker's transfers, newest first, with the step each waits for."""
    rows = own_transfers(user).select_related("from_org", "to_org", "party_group", "member")
    return [
        OwnTransfer(
            t, transfer_actions(None, t).awaited if t.state in ("approving", "awaiting") else ""
        )
        for t in rows.order_by("-created_at", "-pk")
    ]


def own_floating(user: Actor) -> FloatingRecord | None:
    """The asker's open 流出 record, with its contacts, or None."""
    member = own_member(user)
    return (
        FloatingRecord.objects.filter(
            member=member, direction=FloatingDirection.OUT, returned_on__isnull=True
        )
        .prefetch_related("contacts")
        .first()
    )


_WITH_PARENT = re.compile(r"^(?P<name>[^（(]+)[（(](?P<parent>[^）)]+)[）)]$")


def _destination(name: str) -> Organization:
    """The branch the member names: its full name, or, when several branches share it (every
    unit has its 机关党支部), the name with its parent as the choices show it,
    "机关党支部（XX党委）". Raises ``InvalidInput`` on ``destination`` listing the branches of
    that name when the name alone does not tell which."""
    text = name.strip()
    if not text:
        raise InvalidInput.one("destination", "请填写转入党支部的名称")
    kinds = [k.value for k in OrgKind if k.is_branch]
    branches = Organization.objects.filter(kind__in=kinds, dissolved_on__isnull=True)
    found = list(branches.filter(name=text)[:21])
    parts = _WITH_PARENT.match(text)
    if not found and parts:
        named = [o for o in branches.filter(name=parts["name"].strip())[:200]]
        found = [
            c for c, label in _labelled(named) if label == f"{c.name}（{parts['parent'].strip()}）"
        ]
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        labels = "、".join(label for _, label in _labelled(found[:20]))
        raise InvalidInput.one(
            "destination",
            f"有{len(found) if len(found) <= 20 else '20个以上'}个名为“{text}”的党支部，"
            f"请从列表中选择或写明上级党组织：{labels}",
        )
    raise InvalidInput.one(
        "destination",
        f"未找到名为“{text}”的党支部，请填写党支部全称（同名的请写明上级党组织，"
        f"如“机关党支部（XX党委）”）；转往本系统以外的单位请与党支部联系开具介绍信",
    )


def _labelled(orgs: list[Organization]) -> list[tuple[Organization, str]]:
    by_pk = {o.pk: o for o in orgs}
    return [(by_pk[c.pk], c.label) for c in org_choices_labelled(orgs)]


def destination_choices(text: str) -> list[str]:
    """The labels ("机关党支部（XX党委）") of the branches whose name holds ``text`` (at most
    50), for the member to choose from on the phone page."""
    kinds = [k.value for k in OrgKind if k.is_branch]
    name = text.strip()[:40]
    if not name:
        return []
    found = Organization.objects.filter(
        kind__in=kinds, dissolved_on__isnull=True, name__contains=name
    ).order_by("path")[:50]
    return [c.label for c in org_choices_labelled(found)]


def own_transfer_apply(*, actor: Actor, destination: str, reason: str) -> TransferApplication:
    """The member asks to move to another branch of this deployment (by its full name): an
    application to their branch, whose secretary starts the transfer or refuses it (MEM-2).
    Raises ``InvalidInput`` naming ``destination`` or ``reason``, ``Conflict`` when one is
    already waiting or a transfer is open."""
    member = own_member(actor)
    return transfer_application_submit(
        actor=actor, member=member, to_org=_destination(destination), reason=reason
    )


@transaction.atomic
def own_whereabouts_report(*, actor: Actor, place: str, summary: str = "") -> ContactRecord:
    """The floating member reports where they are today: a contact record (MEM-3)."""
    record = own_floating(actor)
    if record is None:
        raise InvalidInput.one("place", NOT_FLOATING)
    where = place.strip()
    if not where:
        raise InvalidInput.one("place", "请填写目前所在地")
    text = f"本人报告目前在{where}" + (f"：{summary.strip()}" if summary.strip() else "")
    if len(text) > 300:
        raise InvalidInput.one("summary", "所在地和情况合计最多约300个字")
    contact = floating_contact(actor=None, record_id=record.pk, way="本人报告",
                               contacted_on=timezone.localdate(), summary=text)  # fmt: skip
    audit(actor=actor, action="dynamics.own_report", obj=record, detail=text[:300])
    return contact
