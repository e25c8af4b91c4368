"""流动党员 (MEM-3) and contact abroad (MEM-9) through the services."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.http import Http404

from dangjian.core.errors import Conflict, InvalidInput
from dangjian.dynamics.floating import (
    FloatingInput,
    abroad_contact_overdue,
    floating_contact,
    floating_record,
    floating_return,
)
from dangjian.members.models import EventKind, Member, MemberEvent


def test_an_outflow_member_is_recorded_once_and_returns(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member
) -> None:
    data = FloatingInput(direction="out", place="深圳某公司", since=date(2026, 1, 5), member_id=member_a.pk,
                         certificate_number="LD2026001")  # fmt: skip
    record = floating_record(actor=secretary_a, data=data)
    with pytest.raises(Conflict):
        floating_record(actor=secretary_a, data=data)
    floating_contact(
        actor=secretary_a, record_id=record.pk, contacted_on=date(2026, 3, 1), way="电话"
    )
    floating_return(actor=secretary_a, record_id=record.pk, returned_on=date(2026, 6, 1))
    with pytest.raises(Conflict):
        floating_contact(
            actor=secretary_a, record_id=record.pk, contacted_on=date(2026, 7, 1), way="电话"
        )


def test_an_inflow_person_names_the_branch(enterprise: SimpleNamespace, secretary_a: User) -> None:
    with pytest.raises(InvalidInput) as refused:
        floating_record(actor=secretary_a, data=FloatingInput(
            direction="in", place="某县某村党支部", since=date(2026, 2, 1), name="赵六",
            organization_id=enterprise.branch_b.pk))  # fmt: skip
    assert "organization_id" in refused.value.errors
    record = floating_record(actor=secretary_a, data=FloatingInput(
        direction="in", place="某县某村党支部", since=date(2026, 2, 1), name="赵六",
        organization_id=enterprise.branch_a.pk))  # fmt: skip
    assert record.member_id is None


def test_contact_abroad_is_overdue_after_six_months(
    enterprise: SimpleNamespace, secretary_a: User, secretary_b: User, member_a: Member
) -> None:
    """MEM-9: contacted at least every 6 months."""
    record = floating_record(actor=secretary_a, data=FloatingInput(
        direction="out", place="英国某大学", since=date(2025, 9, 1), member_id=member_a.pk,
        abroad_study=True))  # fmt: skip
    floating_contact(
        actor=secretary_a, record_id=record.pk, contacted_on=date(2026, 5, 31), way="视频"
    )
    assert abroad_contact_overdue(secretary_a, date(2026, 11, 30)) == []
    assert abroad_contact_overdue(secretary_a, date(2026, 12, 1)) == [(record, date(2026, 11, 30))]
    assert abroad_contact_overdue(secretary_b, date(2026, 12, 1)) == []


def test_another_branch_cannot_record_for_our_member(
    enterprise: SimpleNamespace, secretary_b: User, member_a: Member
) -> None:
    with pytest.raises(Http404):
        floating_record(actor=secretary_b, data=FloatingInput(
            direction="out", place="x", since=date(2026, 1, 1), member_id=member_a.pk))  # fmt: skip


def test_the_archive_flag_follows_the_outflow_record(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member
) -> None:
    """The register of a day and the meetings read the archive's 流动 flag: it is set when the
    outflow is recorded and cleared on the return, each a dated change of that day."""
    data = FloatingInput(direction="out", place="深圳某公司", since=date(2026, 1, 5),
                         member_id=member_a.pk)  # fmt: skip
    record = floating_record(actor=secretary_a, data=data)
    member_a.refresh_from_db()
    assert member_a.is_floating and member_a.floating_to == "深圳某公司"
    floating_return(actor=secretary_a, record_id=record.pk, returned_on=date(2026, 6, 1))
    member_a.refresh_from_db()
    assert not member_a.is_floating and member_a.floating_to == ""
    flagged = MemberEvent.objects.filter(member=member_a).exclude(kind=EventKind.CREATED)
    assert flagged.count() == 2
