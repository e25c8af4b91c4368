"""Writes of sanction records: validated, atomic, audited, with the actor, in the actor's scope.

Every door (a page, the API, an import, the demo) records and corrects a sanction through
``sanction_record`` and ``sanction_correct``. An actor of ``None`` is the platform itself (the
demo generator, a command run by an operator); any person must manage the member's
organisation (``accounts.access.may_manage_member``): a member never records their own.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from dangjian.accounts.access import access_member, may_manage_member, require
from dangjian.core.actor import Actor
from dangjian.core.audit import audit
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.core.text import TextError, TextKind, clean_text
from dangjian.discipline.inputs import SanctionInput
from dangjian.discipline.models import SanctionRecord
from dangjian.discipline.validation import cleaned, sanction_errors
from dangjian.members.models import Member

NOT_YOURS = "无权记录该党员的党纪处分"


def _today() -> date:
    return timezone.localdate()


def _managed_member(actor: Actor, member_id: int) -> Member:
    """The member, when ``actor`` may manage them; 404 outside the scope, 403 inside it."""
    if actor is None:
        member = Member.objects.filter(pk=member_id).first()
        if member is None:
            raise Http404("未找到该党员")
        return member
    member = access_member(actor, member_id)
    require(may_manage_member(actor, member), NOT_YOURS)
    return member


def _valid(data: SanctionInput, member: Member) -> SanctionInput:
    errors = sanction_errors(data, member, _today())
    if errors:
        raise InvalidInput(errors)
    return cleaned(data)


def _stored(data: SanctionInput) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in asdict(data).items()}


def _user(actor: Actor) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def sanction_record(*, actor: Actor, member_id: int, data: SanctionInput) -> SanctionRecord:
    """Record one sanction of a member (DISC-1). ``InvalidInput`` names each faulty field."""
    member = _managed_member(actor, member_id)
    valid = _valid(data, member)
    record = SanctionRecord.objects.create(member=member, recorded_by=_user(actor), **asdict(valid))
    audit(actor=actor, action="discipline.record", obj=record, after=_stored(valid),
          detail=f"{member.name}：{record.get_kind_display()}")  # fmt: skip
    return record


@transaction.atomic
def sanction_correct(
    *, actor: Actor, sanction_id: int, data: SanctionInput, correction_reason: str
) -> SanctionRecord:
    """Correct a recorded sanction (a wrong date, a 留党察看 extended to two years, the
    restoration of rights). The reason is required; the audit row keeps before and after."""
    why = _correction_reason(correction_reason)
    record = SanctionRecord.objects.select_for_update().filter(pk=sanction_id).first()
    if record is None:
        raise InvalidInput.one("sanction_id", "未找到该处分记录")
    member = _managed_member(actor, record.member_id)
    valid = _valid(data, member)
    after = asdict(valid)
    before = {k: getattr(record, k) for k in after}
    changed = [k for k in after if before[k] != after[k]]
    if not changed:
        raise Conflict("处分记录没有需要更正的内容")
    for field in changed:
        setattr(record, field, after[field])
    record.save(update_fields=[*changed, "updated_at"])
    audit(actor=actor, action="discipline.correct", obj=record,
          before=_stored(SanctionInput(**before)), after=_stored(valid), detail=why)  # fmt: skip
    return record


def _correction_reason(reason: str) -> str:
    try:
        why = clean_text(reason, TextKind.TEXT)
    except TextError as error:
        raise InvalidInput.one("correction_reason", f"更正原因{error}") from None
    if not why:
        raise InvalidInput.one("correction_reason", "请填写更正原因")
    if len(why) > 300:
        raise InvalidInput.one("correction_reason", f"更正原因最多300个字，实为{len(why)}个字")
    return why
