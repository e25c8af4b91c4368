"""Sanction records (DISC-1): recorded and corrected through the service, in scope, audited."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404
from pytest_django.fixtures import Settings

from dangjian.core.errors import Conflict, InvalidInput
from dangjian.core.models import AuditLog
from dangjian.discipline.inputs import SanctionInput
from dangjian.discipline.models import Kind, SanctionRecord
from dangjian.discipline.selectors import member_sanction_standing, member_sanctions
from dangjian.discipline.services import sanction_correct, sanction_record
from dangjian.documents.selectors import owner_attachments
from dangjian.documents.services import attachment_add
from dangjian.members.models import Member

WARNING = SanctionInput(
    kind=Kind.WARNING,
    decided_on=date(2025, 3, 1),
    deciding_org="测试公司纪委",
    reason="违反工作纪律",
    document_number="测纪〔2025〕3号",
)
PROBATION = replace(WARNING, kind=Kind.PROBATION_IN_PARTY, term_months=12)


def _errors(actor: User | None, member: Member, data: SanctionInput) -> dict[str, list[str]]:
    with pytest.raises(InvalidInput) as refused:
        sanction_record(actor=actor, member_id=member.pk, data=data)
    assert not SanctionRecord.objects.exists()  # nothing half-written
    return refused.value.errors


def test_secretary_records_a_warning_with_an_audit_row(secretary_a: User, member_a: Member) -> None:
    record = sanction_record(actor=secretary_a, member_id=member_a.pk, data=WARNING)
    assert (record.kind, record.decided_on, record.recorded_by) == (
        Kind.WARNING,
        date(2025, 3, 1),
        secretary_a,
    )
    row = AuditLog.objects.get(action="discipline.record")
    assert row.actor_id == secretary_a.pk and row.object_id == str(record.pk)
    assert row.after is not None and row.after["document_number"] == "测纪〔2025〕3号"


def test_secretary_of_another_branch_is_answered_as_for_a_missing_member(
    secretary_b: User, member_a: Member
) -> None:
    with pytest.raises(Http404):
        sanction_record(actor=secretary_b, member_id=member_a.pk, data=WARNING)
    assert not SanctionRecord.objects.exists()


def test_a_member_cannot_record_a_sanction_on_their_own_record(
    member_a_user: User, member_a: Member
) -> None:
    with pytest.raises(PermissionDenied):
        sanction_record(actor=member_a_user, member_id=member_a.pk, data=WARNING)
    assert not SanctionRecord.objects.exists()


def test_a_missing_member_is_a_404_for_the_platform_too(enterprise: SimpleNamespace) -> None:
    with pytest.raises(Http404):
        sanction_record(actor=None, member_id=999_999, data=WARNING)


def test_probation_in_party_needs_a_term_of_one_or_two_years(member_a: Member) -> None:
    """DISC-1 (纪律处分条例第十二条): one or two years, never beyond two."""
    for term in (None, 6, 18, 36):
        errors = _errors(None, member_a, replace(PROBATION, term_months=term))
        assert "第十二条" in errors["term_months"][0]
    for term, decided in ((12, PROBATION.decided_on), (24, date(2026, 3, 1))):
        sanction_record(
            actor=None,
            member_id=member_a.pk,
            # one decision, one number: each term is its own decision, the second after the
            # first ended (two of one kind at once are refused)
            data=replace(
                PROBATION,
                term_months=term,
                decided_on=decided,
                document_number=f"测纪〔2025〕{term}号",
            ),
        )


def test_a_lighter_sanction_has_no_term_nor_restoration(member_a: Member) -> None:
    assert "term_months" in _errors(None, member_a, replace(WARNING, term_months=12))
    restored = replace(WARNING, restored_on=date(2026, 3, 1))
    assert "restored_on" in _errors(None, member_a, restored)


def test_rights_are_not_restored_before_the_term_ends(member_a: Member) -> None:
    early = replace(PROBATION, restored_on=date(2026, 2, 28))
    assert "2026年3月1日" in _errors(None, member_a, early)["restored_on"][0]
    on_time = replace(PROBATION, restored_on=date(2026, 3, 1))
    sanction_record(actor=None, member_id=member_a.pk, data=on_time)


def test_each_faulty_field_is_named(member_a: Member) -> None:
    bad = SanctionInput(
        kind="demerit",
        decided_on=date(2099, 1, 1),
        deciding_org="  ",
        reason="第一行\n第二行",
        document_number="文\u202e号",
    )
    errors = _errors(None, member_a, bad)
    assert set(errors) == {"kind", "decided_on", "deciding_org", "reason", "document_number"}
    assert "警告" in errors["kind"][0] and "不能晚于今天" in errors["decided_on"][0]


def test_a_sanction_before_joining_the_party_is_refused(member_a: Member) -> None:
    """member_a joined on 2010-07-01."""
    errors = _errors(None, member_a, replace(WARNING, decided_on=date(2010, 6, 30)))
    assert "2010年7月1日" in errors["decided_on"][0]


def test_texts_are_stored_trimmed_and_normalised(member_a: Member) -> None:
    data = replace(WARNING, deciding_org="  测试公司纪委\u3000", reason=" 违反工作纪律 ")
    record = sanction_record(actor=None, member_id=member_a.pk, data=data)
    assert (record.deciding_org, record.reason) == ("测试公司纪委", "违反工作纪律")


def test_correction_extends_a_probation_and_keeps_before_and_after(
    secretary_a: User, member_a: Member
) -> None:
    record = sanction_record(actor=secretary_a, member_id=member_a.pk, data=PROBATION)
    extended = replace(PROBATION, term_months=24)
    sanction_correct(
        actor=secretary_a, sanction_id=record.pk, data=extended, correction_reason="延长察看一年"
    )
    record.refresh_from_db()
    assert record.term_months == 24
    row = AuditLog.objects.get(action="discipline.correct")
    assert row.before is not None and row.after is not None
    assert (row.before["term_months"], row.after["term_months"], row.detail) == (
        12,
        24,
        "延长察看一年",
    )


def test_correction_needs_a_reason_and_a_change(member_a: Member) -> None:
    record = sanction_record(actor=None, member_id=member_a.pk, data=WARNING)
    with pytest.raises(InvalidInput) as refused:
        sanction_correct(actor=None, sanction_id=record.pk, data=WARNING, correction_reason=" ")
    assert "correction_reason" in refused.value.errors
    with pytest.raises(Conflict):
        sanction_correct(actor=None, sanction_id=record.pk, data=WARNING, correction_reason="核对")


def test_correction_is_refused_outside_the_scope(secretary_b: User, member_a: Member) -> None:
    record = sanction_record(actor=None, member_id=member_a.pk, data=WARNING)
    later = replace(WARNING, decided_on=date(2025, 4, 1))
    with pytest.raises(Http404):
        sanction_correct(
            actor=secretary_b, sanction_id=record.pk, data=later, correction_reason="x"
        )
    record.refresh_from_db()
    assert record.decided_on == date(2025, 3, 1)


def test_the_database_refuses_a_term_on_a_warning(member_a: Member) -> None:
    """The check constraint holds whatever door a row comes through."""
    with pytest.raises(IntegrityError), transaction.atomic():
        SanctionRecord.objects.create(
            member=member_a,
            kind=Kind.WARNING,
            decided_on=date(2025, 3, 1),
            deciding_org="纪委",
            reason="x",
            term_months=12,
        )


def test_sanctions_are_read_within_the_scope(
    secretary_a: User, secretary_b: User, member_a: Member
) -> None:
    sanction_record(actor=None, member_id=member_a.pk, data=WARNING)
    assert member_sanctions(secretary_a, member_a.pk).count() == 1
    assert member_sanctions(secretary_b, member_a.pk).count() == 0
    assert member_sanction_standing(secretary_b, member_a.pk, date(2025, 6, 1)).impact is None


def test_impact_period_of_a_warning_ends_on_its_anniversary(
    secretary_a: User, member_a: Member
) -> None:
    """DISC-1, DATE-2: a 警告 of 2025-03-01 weighs until 2026-02-28."""
    sanction_record(actor=None, member_id=member_a.pk, data=WARNING)
    inside = member_sanction_standing(secretary_a, member_a.pk, date(2026, 2, 28))
    after = member_sanction_standing(secretary_a, member_a.pk, date(2026, 3, 1))
    assert inside.impact is not None and inside.may_vote
    assert after.impact is None


def test_probation_in_party_takes_the_vote_until_rights_are_restored(
    secretary_a: User, member_a: Member
) -> None:
    sanction_record(actor=None, member_id=member_a.pk, data=PROBATION)
    during = member_sanction_standing(secretary_a, member_a.pk, date(2026, 2, 28))
    assert not during.may_vote and "2026年3月1日恢复党员权利" in during.summary
    assert member_sanction_standing(secretary_a, member_a.pk, date(2026, 3, 1)).may_vote


def test_the_decision_is_kept_as_an_attachment_of_the_record(
    secretary_a: User, secretary_b: User, member_a_user: User, member_a: Member, settings: Settings,
    tmp_path: Path,
) -> None:  # fmt: skip
    settings.MEDIA_ROOT = tmp_path
    record = sanction_record(actor=secretary_a, member_id=member_a.pk, data=WARNING)
    scan = io.BytesIO(b"%PDF-1.7\n%%EOF\n")
    attachment_add(actor=secretary_a, owner_kind="sanction", owner_id=record.pk, upload=scan,
                   name="处分决定书.pdf")  # fmt: skip
    assert owner_attachments(member_a_user, "sanction", record.pk).count() == 1
    assert owner_attachments(secretary_b, "sanction", record.pk).count() == 0
    with pytest.raises(PermissionDenied):
        attachment_add(actor=member_a_user, owner_kind="sanction", owner_id=record.pk,
                       upload=io.BytesIO(b"%PDF-1.7\n"), name="x.pdf")  # fmt: skip


def test_an_expulsion_that_made_the_exit_keeps_its_kind_and_date(member_a: Member) -> None:
    """The exit stays where it was recorded, so the sanction's date and kind cannot move away
    from it; its other fields are still corrected."""
    from dangjian.dynamics.standing_models import StandingDecision

    expulsion = replace(WARNING, kind=Kind.EXPULSION)
    record = sanction_record(actor=None, member_id=member_a.pk, data=expulsion, with_exit=True)
    assert StandingDecision.objects.get(member=member_a).sanction_id == record.pk
    moved = replace(expulsion, decided_on=date(2025, 4, 1))
    with pytest.raises(InvalidInput) as refused:
        sanction_correct(actor=None, sanction_id=record.pk, data=moved, correction_reason="核对")
    assert list(refused.value.errors) == ["decided_on"]
    assert "出党" in refused.value.errors["decided_on"][0]
    with pytest.raises(InvalidInput) as refused:
        sanction_correct(actor=None, sanction_id=record.pk, data=WARNING, correction_reason="核对")
    assert list(refused.value.errors) == ["kind"]
    record.refresh_from_db()
    assert (record.kind, record.decided_on) == (Kind.EXPULSION, date(2025, 3, 1))
    sanction_correct(actor=None, sanction_id=record.pk, correction_reason="补正事由",
                     data=replace(expulsion, reason="严重违反政治纪律"))  # fmt: skip
    record.refresh_from_db()
    assert record.reason == "严重违反政治纪律"


def test_an_expulsion_without_an_exit_may_still_move(member_a: Member) -> None:
    expulsion = replace(WARNING, kind=Kind.EXPULSION)
    record = sanction_record(actor=None, member_id=member_a.pk, data=expulsion)
    moved = replace(expulsion, decided_on=date(2025, 4, 1))
    sanction_correct(actor=None, sanction_id=record.pk, data=moved, correction_reason="核对日期")
    record.refresh_from_db()
    assert record.decided_on == date(2025, 4, 1)


def test_a_removal_from_post_keeps_its_date_and_a_correction_into_one_ends_the_posts(
    enterprise: SimpleNamespace, member_a: Member
) -> None:
    from dangjian.members.models import Position

    post = Position.objects.create(member=member_a, organization=enterprise.branch_a,
                                   title="secretary", started_on=date(2024, 1, 1))  # fmt: skip
    record = sanction_record(actor=None, member_id=member_a.pk, data=WARNING)
    removal = replace(WARNING, kind=Kind.REMOVAL_FROM_POST)
    sanction_correct(actor=None, sanction_id=record.pk, data=removal, correction_reason="种类有误")
    post.refresh_from_db()
    assert post.ended_on == date(2025, 3, 1)
    moved = replace(removal, decided_on=date(2025, 5, 1))
    with pytest.raises(InvalidInput) as refused:
        sanction_correct(actor=None, sanction_id=record.pk, data=moved, correction_reason="核对")
    assert "免去其党内职务" in refused.value.errors["decided_on"][0]
    post.refresh_from_db()
    assert post.ended_on == date(2025, 3, 1)
