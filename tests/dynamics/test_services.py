"""组织关系转接 through the services (MEM-2, MEM-7): approvals in order, acceptance moves the
archive once, refusals need a reason, batches are all-or-nothing, letters numbered per year."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.utils import timezone

from dangjian.core.errors import Conflict, InvalidInput
from dangjian.dynamics.models import TransferLetter, TransferState
from dangjian.dynamics.selectors import letters_without_receipt, transferring_out_ids
from dangjian.dynamics.services import (
    letter_cancel,
    letter_issue,
    letter_receipt,
    member_transfer_batch,
    member_transfer_start,
    transfer_accept,
    transfer_approve,
    transfer_refuse,
)
from dangjian.members.models import Member, MemberEvent
from dangjian.members.selectors import count_members_as_of
from tests.factories import Role, make_member, make_user


@pytest.fixture
def committee_admin(enterprise: SimpleNamespace) -> User:
    return make_user("dangwei_admin", Role.ORG_ADMIN, enterprise.root)


def test_a_transfer_moves_the_member_only_when_accepted(
    enterprise: SimpleNamespace, secretary_a: User, secretary_b: User, committee_admin: User,
    member_a: Member,
) -> None:  # fmt: skip
    """MEM-2: until accepted the sender stays responsible; counted once throughout."""
    today = timezone.localdate()
    transfer = member_transfer_start(actor=secretary_a, member_id=member_a.pk,
                                     to_org_id=enterprise.branch_b.pk, effective_on=today, reason="工作调动")  # fmt: skip
    assert transfer.state == TransferState.APPROVING
    assert transferring_out_ids([member_a.pk]) == {member_a.pk}
    with pytest.raises(Conflict):
        transfer_accept(actor=secretary_b, transfer_id=transfer.pk)
    with pytest.raises(PermissionDenied):
        transfer_approve(actor=secretary_a, transfer_id=transfer.pk)
    transfer_approve(actor=committee_admin, transfer_id=transfer.pk)
    transfer = transfer_approve(actor=committee_admin, transfer_id=transfer.pk)
    assert transfer.state == TransferState.AWAITING
    member_a.refresh_from_db()
    assert member_a.organization_id == enterprise.branch_a.pk
    both = count_members_as_of(None, enterprise.root, today)
    with pytest.raises(PermissionDenied):
        transfer_accept(actor=secretary_a, transfer_id=transfer.pk)
    transfer_accept(actor=secretary_b, transfer_id=transfer.pk)
    member_a.refresh_from_db()
    assert member_a.organization_id == enterprise.branch_b.pk
    assert MemberEvent.objects.filter(member=member_a, kind="transferred").count() == 1
    assert count_members_as_of(None, enterprise.root, today) == both
    assert transferring_out_ids([member_a.pk]) == set()


def test_a_refusal_needs_a_reason_and_leaves_the_member(
    enterprise: SimpleNamespace, secretary_a: User, secretary_b: User, member_a: Member
) -> None:
    with override_settings(TRANSFER_APPROVAL_LEVELS=[]):
        transfer = member_transfer_start(actor=secretary_a, member_id=member_a.pk,
                                         to_org_id=enterprise.branch_b.pk,
                                         effective_on=timezone.localdate(), reason="工作调动")  # fmt: skip
    assert transfer.state == TransferState.AWAITING
    with pytest.raises(InvalidInput) as refused:
        transfer_refuse(actor=secretary_b, transfer_id=transfer.pk, reason=" ")
    assert "退回原因" in refused.value.errors["reason"][0]
    transfer_refuse(actor=secretary_b, transfer_id=transfer.pk, reason="本人尚未到岗")
    member_a.refresh_from_db()
    assert member_a.organization_id == enterprise.branch_a.pk


def test_one_open_transfer_per_member_and_bad_targets(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member
) -> None:
    today = timezone.localdate()
    member_transfer_start(actor=secretary_a, member_id=member_a.pk, to_org_id=enterprise.branch_b.pk,
                          effective_on=today, reason="工作调动")  # fmt: skip
    with pytest.raises(Conflict, match="正在办理"):
        member_transfer_start(actor=secretary_a, member_id=member_a.pk, to_org_id=enterprise.branch_c.pk,
                              effective_on=today, reason="工作调动")  # fmt: skip
    other = make_member(enterprise.branch_a)
    for to_org, field in ((enterprise.root.pk, "to_org_id"), (enterprise.branch_a.pk, "to_org_id")):
        with pytest.raises(InvalidInput) as refused:
            member_transfer_start(actor=secretary_a, member_id=other.pk, to_org_id=to_org,
                                  effective_on=today, reason="x")  # fmt: skip
        assert field in refused.value.errors
    with pytest.raises(InvalidInput) as refused:
        member_transfer_start(actor=secretary_a, member_id=other.pk, to_org_id=enterprise.branch_b.pk,
                              effective_on=today + timedelta(days=1), reason="x")  # fmt: skip
    assert "effective_on" in refused.value.errors


def test_a_batch_is_all_or_nothing(enterprise: SimpleNamespace, secretary_a: User) -> None:
    members = [make_member(enterprise.branch_a) for _ in range(3)]
    member_transfer_start(actor=secretary_a, member_id=members[2].pk, to_org_id=enterprise.branch_c.pk,
                          effective_on=timezone.localdate(), reason="借调")  # fmt: skip
    with pytest.raises(Conflict):
        member_transfer_batch(actor=secretary_a, member_ids=[m.pk for m in members],
                              to_org_id=enterprise.branch_b.pk, effective_on=timezone.localdate(),
                              reason="机构调整")  # fmt: skip
    assert transferring_out_ids([m.pk for m in members]) == {members[2].pk}
    done = member_transfer_batch(actor=secretary_a, member_ids=[m.pk for m in members[:2]],
                                 to_org_id=enterprise.branch_b.pk, effective_on=timezone.localdate(),
                                 reason="机构调整")  # fmt: skip
    assert len({t.batch for t in done}) == 1


def test_letters_are_numbered_per_year_and_followed_up(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member
) -> None:
    """MEM-7: numbers per organisation and year; past the validity without 回执: listed."""
    today = timezone.localdate()
    second = make_member(enterprise.branch_a)
    with override_settings(TRANSFER_LETTER_DAYS=30):
        first = letter_issue(actor=secretary_a, member_id=member_a.pk, destination="某省某市某公司党委",
                             reason="调离本单位", issued_on=today - timedelta(days=40))  # fmt: skip
        other = letter_issue(actor=secretary_a, member_id=second.pk, destination="某县委组织部",
                             reason="返乡", issued_on=today)  # fmt: skip
    assert first.sequence == 1
    assert other.sequence == (2 if first.year == other.year else 1)
    member_a.refresh_from_db()
    assert member_a.status == "transferred_out"
    assert list(letters_without_receipt(secretary_a, today)) == [first]
    letter_receipt(
        actor=secretary_a, letter_id=first.pk, receipt_on=today, receipt_org="某公司党委"
    )
    assert list(letters_without_receipt(secretary_a, today)) == []
    letter_cancel(actor=secretary_a, letter_id=other.pk, reason="调动取消")
    second.refresh_from_db()
    assert second.status == "normal"
    assert TransferLetter.objects.count() == 2
    with override_settings(TRANSFER_LETTER_DAYS=120), pytest.raises(ValueError, match="三个月"):
        letter_issue(actor=secretary_a, member_id=make_member(enterprise.branch_a).pk,
                     destination="x", reason="y", issued_on=today)  # fmt: skip


def test_another_branch_cannot_start_a_transfer(
    enterprise: SimpleNamespace, secretary_b: User, member_a: Member
) -> None:
    from django.http import Http404

    with pytest.raises(Http404):
        member_transfer_start(actor=secretary_b, member_id=member_a.pk, to_org_id=enterprise.branch_b.pk,
                              effective_on=date.today(), reason="x")  # fmt: skip


def test_an_approver_who_saw_a_step_already_handled_is_told_so(
    enterprise: SimpleNamespace, secretary_a: User, committee_admin: User, member_a: Member
) -> None:
    """Two tabs on the sending 党委's step: the second is refused (409), not silently taken as
    the receiving 党委's approval it never saw."""
    transfer = member_transfer_start(actor=secretary_a, member_id=member_a.pk,
                                     to_org_id=enterprise.branch_b.pk,
                                     effective_on=timezone.localdate(), reason="工作调动")  # fmt: skip
    transfer_approve(actor=committee_admin, transfer_id=transfer.pk, level="sending")
    with pytest.raises(Conflict, match="已由他人办理"):
        transfer_approve(actor=committee_admin, transfer_id=transfer.pk, level="sending")
    transfer.refresh_from_db()
    assert [a["level"] for a in transfer.approvals] == ["sending"]
    assert transfer.state == TransferState.APPROVING


def test_no_letter_while_a_transfer_is_open_nor_a_second_letter(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member
) -> None:
    """One way out at a time (MEM-2): a letter for a member with an open transfer is refused,
    so acceptance can never leave the member 已转出 in the new branch; a second letter names
    the status."""
    today = timezone.localdate()
    member_transfer_start(actor=secretary_a, member_id=member_a.pk,
                          to_org_id=enterprise.branch_b.pk, effective_on=today, reason="工作调动")  # fmt: skip
    with pytest.raises(Conflict, match="正在办理的组织关系转接"):
        letter_issue(actor=secretary_a, member_id=member_a.pk, destination="某省某公司党委",
                     reason="调离", issued_on=today)  # fmt: skip
    assert not TransferLetter.objects.filter(member=member_a).exists()
    other = make_member(enterprise.branch_a)
    letter_issue(actor=secretary_a, member_id=other.pk, destination="某县委组织部", reason="返乡",
                 issued_on=today)  # fmt: skip
    with pytest.raises(Conflict, match="已转出"):
        letter_issue(actor=secretary_a, member_id=other.pk, destination="某县委组织部",
                     reason="返乡", issued_on=today)  # fmt: skip


def test_a_transfer_is_not_dated_before_the_member_s_last_change(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member
) -> None:
    """A transfer dated 1990 for a member whose record starts later would rewrite registers
    of past days: refused on the date, naming the day of the last change."""
    with pytest.raises(InvalidInput) as refused:
        member_transfer_start(actor=secretary_a, member_id=member_a.pk,
                              to_org_id=enterprise.branch_b.pk, effective_on=date(1900, 1, 1),
                              reason="工作调动")  # fmt: skip
    assert list(refused.value.errors) == ["effective_on"]
    assert "上一次变动" in refused.value.errors["effective_on"][0]
