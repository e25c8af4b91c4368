"""Lost contact, 停止党籍, 除名, exits, 恢复党籍 and 限期改正 through the services (MEM-4, MEM-8):
proposals on the day and not a day before, decisions never taken by the platform, refusals
citing the article with nothing written, exits out of today's counts and still in last year's.
"""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from dangjian.core.errors import Conflict, InvalidInput
from dangjian.core.models import AuditLog
from dangjian.discipline.inputs import SanctionInput
from dangjian.discipline.services import sanction_record
from dangjian.dynamics.services import member_transfer_start
from dangjian.dynamics.standing import (
    DecisionInput,
    correction_close,
    correction_start,
    lost_contact_found,
    lost_contact_open,
    member_exit,
    membership_restore,
    membership_suspend,
    search_attempt_add,
)
from dangjian.dynamics.standing_models import LostContact, StandingDecision
from dangjian.dynamics.standing_selectors import (
    evidence_of,
    flagged_without_record,
    removal_proposals,
    suspension_proposals,
)
from dangjian.members.choices import Status
from dangjian.members.models import Member
from dangjian.members.selectors import members_as_of
from dangjian.rules.dates import add_months, add_years
from dangjian.rules.membership import suspension_proposal_due
from tests.factories import Role, make_user

TODAY = timezone.localdate()


def decision(day: date, **extra: object) -> DecisionInput:
    values: dict[str, object] = {"decided_on": day, "deciding_org": "一支部",
                                 "reason": "经多方查找仍无下落", "document_number": "一支〔2026〕1号"}  # fmt: skip
    values.update(extra)
    return DecisionInput(**values)  # type: ignore[arg-type]


def lost(actor: User | None, member: Member, since: date, searched: date | None = None) -> int:
    """Open a lost-contact record since ``since`` with one search on ``searched``."""
    record = lost_contact_open(actor=actor, member_id=member.pk, lost_since=since)
    search_attempt_add(actor=actor, record_id=record.pk, searched_on=searched or since,
                       way="电话", result="无人接听")  # fmt: skip
    return record.pk


@pytest.fixture
def committee_admin(enterprise: SimpleNamespace) -> User:
    return make_user("dangwei_admin", Role.ORG_ADMIN, enterprise.root)


def test_the_record_sets_the_archive_flag_and_finding_ends_it(
    secretary_a: User, member_a: Member
) -> None:
    since = TODAY - timedelta(days=40)
    record_id = lost(secretary_a, member_a, since)
    member_a.refresh_from_db()
    assert member_a.lost_contact_since == since
    with pytest.raises(Conflict, match="已登记为失联党员"):
        lost_contact_open(actor=secretary_a, member_id=member_a.pk, lost_since=since)
    found = lost_contact_found(actor=secretary_a, record_id=record_id, found_on=TODAY,
                               note="本人来电，在外地务工")  # fmt: skip
    member_a.refresh_from_db()
    assert found.found_on == TODAY and member_a.lost_contact_since is None
    assert member_a.status == Status.NORMAL  # finding changes no standing
    actions = set(AuditLog.objects.values_list("action", flat=True))
    assert {"dynamics.lost_contact", "dynamics.search", "dynamics.found"} <= actions


def test_suspension_is_proposed_on_the_day_six_months_are_complete(
    secretary_a: User, member_a: Member
) -> None:
    """MEM-4: lost six months minus a day ago: no proposal, and the decision is refused citing
    第二十四条; a loss six months ago to the day: proposed."""
    on_the_day = add_months(TODAY, -6)
    almost = on_the_day + timedelta(days=1)  # due tomorrow (beyond a month end: the day after)
    while suspension_proposal_due(almost) <= TODAY:
        almost += timedelta(days=1)
    lost(secretary_a, member_a, almost)
    assert suspension_proposals(secretary_a, TODAY) == []
    with pytest.raises(InvalidInput) as refused:
        membership_suspend(actor=secretary_a, member_id=member_a.pk, data=decision(TODAY))
    assert "《中国共产党党员教育管理工作条例》第二十四条" in refused.value.errors["decided_on"][0]
    assert not StandingDecision.objects.exists()
    member_a.refresh_from_db()
    assert member_a.status == Status.NORMAL
    LostContact.objects.filter(member=member_a).update(lost_since=on_the_day)
    proposals = suspension_proposals(secretary_a, TODAY)
    assert [(p.member_id, p.due_on) for p in proposals] == [(member_a.pk, TODAY)]


def test_no_suspension_without_a_search(secretary_a: User, member_a: Member) -> None:
    lost_contact_open(actor=secretary_a, member_id=member_a.pk, lost_since=add_months(TODAY, -7))
    with pytest.raises(InvalidInput) as refused:
        membership_suspend(actor=secretary_a, member_id=member_a.pk, data=decision(TODAY))
    assert "请先登记查找情况" in refused.value.errors["decided_on"][0]


def test_the_branch_decides_the_suspension_and_the_member_leaves_today_count(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member
) -> None:
    lost(secretary_a, member_a, add_months(TODAY, -8))
    record = LostContact.objects.get(member=member_a)
    evidence = evidence_of(record)
    assert [a.way for a in evidence.attempts] == ["电话"] and evidence.last_attended is None
    suspended = membership_suspend(actor=secretary_a, member_id=member_a.pk, data=decision(TODAY))
    assert (suspended.kind, suspended.lost_contact_id, suspended.status_before) == (
        "suspension", record.pk, "normal")  # fmt: skip
    member_a.refresh_from_db()
    assert member_a.status == Status.SUSPENDED
    with pytest.raises(Conflict, match="党籍状态为停止党籍"):  # a second decision, e.g. the 党委's
        membership_suspend(actor=secretary_a, member_id=member_a.pk, data=decision(TODAY))
    assert StandingDecision.objects.count() == 1
    assert suspension_proposals(secretary_a, TODAY) == []
    assert not members_as_of(secretary_a, enterprise.branch_a, TODAY).filter(pk=member_a.pk)
    yesterday = TODAY - timedelta(days=1)
    assert members_as_of(secretary_a, enterprise.branch_a, yesterday).filter(pk=member_a.pk)


def test_removal_two_years_after_the_suspension_not_a_day_before(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member
) -> None:
    """MEM-4: suspended two years ago to the day and still lost: 除名 (自行脱党) proposed."""
    suspended_on = add_years(TODAY, -2)
    lost(secretary_a, member_a, add_months(suspended_on, -7), add_months(suspended_on, -1))
    membership_suspend(actor=secretary_a, member_id=member_a.pk,
                       data=decision(suspended_on + timedelta(days=1)))  # fmt: skip
    assert removal_proposals(secretary_a, TODAY) == []  # two years less a day
    with pytest.raises(InvalidInput, match="尚不满二年"):
        member_exit(actor=secretary_a, member_id=member_a.pk, kind="removal",
                    data=decision(TODAY, ground="left_by_absence"))  # fmt: skip
    StandingDecision.objects.filter(member=member_a).update(decided_on=suspended_on)
    [proposal] = removal_proposals(secretary_a, TODAY)
    assert (proposal.due_on, proposal.suspended_on) == (TODAY, suspended_on)
    removed = member_exit(actor=secretary_a, member_id=member_a.pk, kind="removal",
                          data=decision(TODAY, ground="left_by_absence"))  # fmt: skip
    member_a.refresh_from_db()
    assert member_a.status == Status.LEFT and removed.lost_contact is not None
    assert removal_proposals(secretary_a, TODAY) == []


def test_a_found_member_is_restored_by_the_committee_after_the_branch_meeting(
    secretary_a: User, committee_admin: User, member_a: Member
) -> None:
    record_id = lost(secretary_a, member_a, add_months(TODAY, -9))
    membership_suspend(actor=secretary_a, member_id=member_a.pk,
                       data=decision(TODAY - timedelta(days=30)))  # fmt: skip
    restore = decision(TODAY, deciding_org="测试公司党委", branch_meeting_on=TODAY)
    with pytest.raises(Conflict, match="请先登记恢复联系"):
        membership_restore(actor=committee_admin, member_id=member_a.pk, data=restore)
    lost_contact_found(actor=secretary_a, record_id=record_id, found_on=TODAY, note="本人返回")
    with pytest.raises(PermissionDenied, match="上级党委"):
        membership_restore(actor=secretary_a, member_id=member_a.pk, data=restore)
    with pytest.raises(InvalidInput) as refused:
        membership_restore(actor=committee_admin, member_id=member_a.pk,
                           data=decision(TODAY, deciding_org="测试公司党委"))  # fmt: skip
    assert "第二十四条" in refused.value.errors["branch_meeting_on"][0]
    membership_restore(actor=committee_admin, member_id=member_a.pk, data=restore)
    member_a.refresh_from_db()
    assert member_a.status == Status.NORMAL


def test_another_branch_secretary_can_do_nothing(
    secretary_a: User, secretary_b: User, member_a: Member
) -> None:
    with pytest.raises(Http404):
        lost_contact_open(actor=secretary_b, member_id=member_a.pk, lost_since=TODAY)
    record_id = lost(secretary_a, member_a, add_months(TODAY, -7))
    with pytest.raises(Http404):
        search_attempt_add(actor=secretary_b, record_id=record_id, searched_on=TODAY, way="走访",
                           result="未找到")  # fmt: skip
    with pytest.raises(Http404):
        membership_suspend(actor=secretary_b, member_id=member_a.pk, data=decision(TODAY))
    with pytest.raises(Http404):
        member_exit(actor=secretary_b, member_id=member_a.pk, kind="death", data=decision(TODAY))
    assert suspension_proposals(secretary_b, TODAY) == []
    assert not StandingDecision.objects.exists()


def test_an_exit_leaves_today_count_and_stays_in_last_year(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member
) -> None:
    """MEM-8: the archive stays; the member is out from the decision on, in before it."""
    exit_ = member_exit(actor=secretary_a, member_id=member_a.pk, kind="death",
                        data=decision(TODAY, reason="因病去世", document_number=""))  # fmt: skip
    member_a.refresh_from_db()
    assert member_a.status == Status.DECEASED and exit_.is_exit
    assert Member.objects.filter(pk=member_a.pk).exists()
    assert not members_as_of(secretary_a, enterprise.branch_a, TODAY).filter(pk=member_a.pk)
    last_year = add_years(TODAY, -1)
    assert members_as_of(secretary_a, enterprise.branch_a, last_year).filter(pk=member_a.pk)
    with pytest.raises(Conflict, match="已去世"):
        member_exit(actor=secretary_a, member_id=member_a.pk, kind="withdrawal",
                    data=decision(TODAY))  # fmt: skip


def test_expulsion_is_linked_to_the_sanction(secretary_a: User, member_a: Member) -> None:
    sanction = sanction_record(actor=None, member_id=member_a.pk, data=SanctionInput(
        kind="expulsion", decided_on=TODAY - timedelta(days=3), deciding_org="测试公司纪委",
        reason="严重违纪"))  # fmt: skip
    exit_ = member_exit(actor=secretary_a, member_id=member_a.pk, kind="expulsion",
                        data=decision(TODAY - timedelta(days=3), deciding_org="测试公司纪委"))  # fmt: skip
    assert exit_.sanction_id == sanction.pk


def test_bad_exits_name_the_field_and_write_nothing(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member
) -> None:
    cases = [
        ("kind", "leave", decision(TODAY)),
        ("ground", "removal", decision(TODAY)),
        ("ground", "removal", decision(TODAY, ground="not_corrected")),
        ("ground", "death", decision(TODAY, ground="inactive")),
        ("decided_on", "death", decision(TODAY + timedelta(days=1))),
        ("deciding_org", "death", decision(TODAY, deciding_org=" ")),
        ("reason", "withdrawal", decision(TODAY, reason="")),
        ("branch_meeting_on", "removal",
         decision(TODAY - timedelta(days=1), ground="inactive", branch_meeting_on=TODAY)),
    ]  # fmt: skip
    for field, kind, data in cases:
        with pytest.raises(InvalidInput) as refused:
            member_exit(actor=secretary_a, member_id=member_a.pk, kind=kind, data=data)
        assert field in refused.value.errors, (field, refused.value.errors)
    member_transfer_start(actor=secretary_a, member_id=member_a.pk, to_org_id=enterprise.branch_b.pk,
                          effective_on=TODAY, reason="工作调动")  # fmt: skip
    with pytest.raises(Conflict, match="组织关系转接"):
        member_exit(actor=secretary_a, member_id=member_a.pk, kind="death", data=decision(TODAY))
    member_a.refresh_from_db()
    assert member_a.status == Status.NORMAL and not StandingDecision.objects.exists()


def test_a_correction_term_of_at_most_a_year_and_removal_when_not_corrected(
    secretary_a: User, member_a: Member
) -> None:
    """MEM-8 (第三十条): at most one year; 期满仍无转变 only from the end date; then 除名."""
    start = add_years(TODAY, -1)
    with pytest.raises(InvalidInput) as refused:
        correction_start(actor=secretary_a, member_id=member_a.pk, starts_on=start,
                         ends_on=TODAY + timedelta(days=1), deciding_org="一支部", reason="长期不参加组织生活")  # fmt: skip
    assert "第三十条" in refused.value.errors["ends_on"][0]
    term = correction_start(actor=secretary_a, member_id=member_a.pk, starts_on=start,
                            ends_on=TODAY, deciding_org="一支部", reason="长期不参加组织生活")  # fmt: skip
    with pytest.raises(InvalidInput) as refused:
        correction_close(actor=secretary_a, term_id=term.pk, outcome="not_corrected",
                         outcome_on=TODAY - timedelta(days=1), note="仍不参加")  # fmt: skip
    assert "outcome_on" in refused.value.errors
    correction_close(actor=secretary_a, term_id=term.pk, outcome="not_corrected", outcome_on=TODAY,
                     note="仍不参加组织生活")  # fmt: skip
    removed = member_exit(actor=secretary_a, member_id=member_a.pk, kind="removal",
                          data=decision(TODAY, ground="not_corrected", branch_meeting_on=TODAY))  # fmt: skip
    assert removed.correction_id == term.pk


def test_a_flag_set_on_the_archive_without_a_record_is_listed(
    secretary_a: User, member_a: Member
) -> None:
    from dangjian.members.services import member_change

    member_change(actor=secretary_a, member_id=member_a.pk,
                  changes={"lost_contact_since": TODAY - timedelta(days=10)},
                  effective_on=TODAY, reason="导入")  # fmt: skip
    assert list(flagged_without_record(secretary_a)) == [member_a]
    lost(secretary_a, member_a, TODAY - timedelta(days=10))
    assert list(flagged_without_record(secretary_a)) == []
