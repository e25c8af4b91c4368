"""A member's own transfer application and how the sending branch handles it (MEM-2).

``transfer_application_submit`` (the member, on the phone) records the request: nothing moves
and no transfer starts. The sending branch's secretary then either starts the transfer from it
(``transfer_application_start``: the one ``member_transfer_start`` use case, as the secretary)
or refuses it with a reason (``transfer_application_refuse``). Each is atomic and audited."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from dangjian.accounts.access import access_member, may_manage_member, require, scope_for
from dangjian.core.actor import Actor, acting_user
from dangjian.core.audit import audit
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.dynamics.application_models import ApplicationState, TransferApplication
from dangjian.dynamics.models import OPEN_STATES, Transfer
from dangjian.dynamics.services import member_transfer_start
from dangjian.members.choices import Status
from dangjian.members.models import Member
from dangjian.orgs.models import Organization

MAY_NOT_HANDLE = "该转接申请由申请人所在党支部办理"


def _reason(text: str, field: str, label: str) -> str:
    why = text.strip()
    if not why:
        raise InvalidInput.one(field, f"请填写{label}")
    if len(why) > 300:
        raise InvalidInput.one(field, f"{label}最多300个字，实为{len(why)}个字")
    return why


@transaction.atomic
def transfer_application_submit(
    *, actor: Actor, member: Member, to_org: Organization, reason: str
) -> TransferApplication:
    """The member asks to move to ``to_org``; it waits for their branch. ``Conflict`` when an
    application is already waiting or a transfer is already open."""
    why = _reason(reason, "reason", "转接原因")
    if member.status != Status.NORMAL:
        raise Conflict(f"您的党籍状态为{member.get_status_display()}，不能申请组织关系转接")
    if to_org.pk == member.organization_id:
        raise InvalidInput.one("destination", "转入党支部不能是您现在所在的党支部")
    if Transfer.objects.filter(member=member, state__in=OPEN_STATES).exists():
        raise Conflict("您的组织关系转接正在办理中，请留意办理进度")
    try:
        with transaction.atomic():
            application = TransferApplication.objects.create(
                member=member, from_org_id=member.organization_id, to_org=to_org, reason=why,
                applied_on=timezone.localdate(),
            )  # fmt: skip
    except IntegrityError:
        raise Conflict("您已提交组织关系转接申请，正等待党支部办理") from None
    audit(actor=actor, action="transfer.apply", obj=member, detail=f"本人申请转往{to_org.name}")
    return application


def _pending(actor: Actor, application_id: int) -> TransferApplication:
    """The application locked, 404 outside the actor's sight, 403 for anyone but the sending
    branch's managers, ``Conflict`` once handled."""
    application = (
        TransferApplication.objects.select_for_update()
        .select_related("member", "to_org")
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        raise Http404("未找到该转接申请")
    if actor is not None:
        member = access_member(actor, application.member_id)
        require(may_manage_member(actor, member), MAY_NOT_HANDLE)
    if application.state != ApplicationState.PENDING:
        raise Conflict(f"该转接申请{application.get_state_display()}，无需再办理")
    return application


@transaction.atomic
def transfer_application_start(
    *, actor: Actor, application_id: int, effective_on: date | None = None
) -> Transfer:
    """The sending branch starts the transfer the member asked for (dated ``effective_on``,
    today by default); it then waits for the approvals like any other."""
    application = _pending(actor, application_id)
    transfer = member_transfer_start(
        actor=actor, member_id=application.member_id, to_org_id=application.to_org_id,
        effective_on=effective_on or timezone.localdate(),
        reason=f"本人申请：{application.reason}"[:300],
    )  # fmt: skip
    application.state, application.transfer = ApplicationState.STARTED, transfer
    application.decided_on, application.decided_by = timezone.localdate(), acting_user(actor)
    application.save(update_fields=["state", "transfer", "decided_on", "decided_by"])
    return transfer


@transaction.atomic
def transfer_application_refuse(
    *, actor: Actor, application_id: int, reason: str
) -> TransferApplication:
    """The sending branch does not agree, with the reason the member reads."""
    application = _pending(actor, application_id)
    application.refused_reason = _reason(reason, "reason", "未同意的原因")
    application.state = ApplicationState.REFUSED
    application.decided_on, application.decided_by = timezone.localdate(), acting_user(actor)
    application.save(update_fields=["state", "refused_reason", "decided_on", "decided_by"])
    audit(actor=actor, action="transfer.application_refuse", obj=application.member,
          detail=application.refused_reason)  # fmt: skip
    return application


def pending_applications(user: Actor) -> QuerySet[TransferApplication]:
    """Applications waiting for the branches ``user`` looks after, oldest first (the home
    card and the transfers page list these)."""
    return (
        TransferApplication.objects.filter(
            scope_for(user).org_q("from_org__"), state=ApplicationState.PENDING
        )
        .select_related("member", "from_org", "to_org")
        .order_by("applied_on", "pk")
    )


def own_applications(user: Actor) -> QuerySet[TransferApplication]:
    """The asker's own applications, newest first; none without a member record."""
    member_id = scope_for(user).own_member_id
    return (
        TransferApplication.objects.filter(member_id=member_id if member_id is not None else 0)
        .select_related("to_org", "transfer")
        .order_by("-applied_on", "-pk")
    )


__all__ = [
    "own_applications",
    "pending_applications",
    "transfer_application_refuse",
    "transfer_application_start",
    "transfer_application_submit",
]
