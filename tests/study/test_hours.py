"""Class hours through the services on a real database: an item credited once, sessions
counted offline, EDU-1 at 32.0 and 31.9, EDU-2 read from the committee posts of the
reckoning day, exemptions, and what another branch's people may not see or do."""

from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from dangjian.core.errors import Conflict, InvalidInput
from dangjian.members.choices import PositionTitle
from dangjian.members.models import Member, Position
from dangjian.study import selectors, services
from dangjian.study.models import StudyItem, StudyRecord

YEAR = 2025
LAST_DAY = date(YEAR, 12, 31)
AFTER = date(YEAR + 1, 3, 1)  # the year is judged on its 12-31


def _session(actor: User, org_id: int, hours: str, members: list[Member]) -> None:
    services.study_session_record(actor=actor, data=services.SessionInput(
        organization_id=org_id, topic=f"集中学习党的二十大精神（{hours}学时）", held_on=date(YEAR, 6, 1),
        hours=hours, member_ids=tuple(m.pk for m in members)))  # fmt: skip


def test_marking_an_item_studied_credits_its_hours_once(
    member_a_user: User, item_of_committee: StudyItem
) -> None:
    _record, created = services.study_item_mark_studied(
        actor=member_a_user, item_id=item_of_committee.pk
    )
    _again, created_again = services.study_item_mark_studied(
        actor=member_a_user, item_id=item_of_committee.pk
    )
    assert (created, created_again) == (True, False)
    member = selectors.own_member(member_a_user)
    assert member is not None
    status = selectors.member_status(member, timezone.localdate().year, timezone.localdate())
    assert (status.online, status.offline) == (15, 0)


def test_edu1_met_at_exactly_32_hours(
    secretary_a: User, enterprise: SimpleNamespace, member_a: Member
) -> None:
    """EDU-1 (教育管理条例第二十条): not less than 32 学时; 32.0 meets it."""
    _session(secretary_a, enterprise.branch_a.pk, "30", [member_a])
    _session(secretary_a, enterprise.branch_a.pk, "2.0", [member_a])
    status = selectors.member_status(member_a, YEAR, AFTER)
    assert (status.offline, status.requirement.rule_id, status.met) == (320, "EDU-1", True)


def test_edu1_not_met_at_31_9_hours(
    secretary_a: User, enterprise: SimpleNamespace, member_a: Member
) -> None:
    _session(secretary_a, enterprise.branch_a.pk, "30", [member_a])
    _session(secretary_a, enterprise.branch_a.pk, "1.9", [member_a])
    status = selectors.member_status(member_a, YEAR, AFTER)
    assert (status.total, status.met, status.label) == (319, False, "未达标，还差0.1学时")


def test_committee_member_owes_56_hours(
    secretary_a: User, enterprise: SimpleNamespace, member_a: Member
) -> None:
    """EDU-2 (2019—2023年全国党员教育培训工作规划): 56 学时 for committee members."""
    Position.objects.create(member=member_a, organization=enterprise.branch_a,
                            title=PositionTitle.ORGANIZATION, started_on=date(2020, 1, 1))  # fmt: skip
    _session(secretary_a, enterprise.branch_a.pk, "40", [member_a])
    status = selectors.member_status(member_a, YEAR, AFTER)
    assert (status.requirement.rule_id, status.requirement.tenths, status.met) == (
        "EDU-2",
        560,
        False,
    )


def test_member_appointed_mid_year_owes_56_for_that_year(
    enterprise: SimpleNamespace, member_a: Member
) -> None:
    """A post held on the reckoning day (12-31 of a past year) decides the year's rule."""
    Position.objects.create(member=member_a, organization=enterprise.branch_a,
                            title=PositionTitle.SECRETARY, started_on=date(YEAR, 9, 1))  # fmt: skip
    assert selectors.member_status(member_a, YEAR, AFTER).requirement.rule_id == "EDU-2"
    assert selectors.member_status(member_a, YEAR, date(YEAR, 8, 31)).requirement.rule_id == "EDU-1"


def test_member_who_left_the_committee_owes_32(
    enterprise: SimpleNamespace, member_a: Member
) -> None:
    Position.objects.create(member=member_a, organization=enterprise.branch_a,
                            title=PositionTitle.SECRETARY, started_on=date(2020, 1, 1),
                            ended_on=date(YEAR, 5, 1))  # fmt: skip
    assert selectors.member_status(member_a, YEAR, AFTER).requirement.rule_id == "EDU-1"


def test_exemption_waives_the_year_once(secretary_a: User, member_a: Member) -> None:
    services.study_exemption_grant(actor=secretary_a, member_id=member_a.pk, year=YEAR,
                                   reason="长期病假")  # fmt: skip
    assert selectors.member_status(member_a, YEAR, AFTER).label == "免于考核（长期病假）"
    with pytest.raises(Conflict, match="已登记免于考核"):
        services.study_exemption_grant(actor=secretary_a, member_id=member_a.pk, year=YEAR,
                                       reason="长期病假")  # fmt: skip


def test_exemption_needs_a_reason(secretary_a: User, member_a: Member) -> None:
    with pytest.raises(InvalidInput) as refused:
        services.study_exemption_grant(
            actor=secretary_a, member_id=member_a.pk, year=YEAR, reason=" "
        )
    assert refused.value.errors == {"reason": ["请填写免于考核原因"]}


@pytest.mark.parametrize(("hours", "message"), [("1.55", "0.1学时"), ("0", "大于0"), ("x", "数字")])
def test_bad_hours_are_refused_on_the_field(
    secretary_a: User, enterprise: SimpleNamespace, member_a: Member, hours: str, message: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        _session(secretary_a, enterprise.branch_a.pk, hours, [member_a])
    assert message in refused.value.errors["hours"][0]


def test_the_same_session_twice_is_refused_and_credits_nothing_more(
    secretary_a: User, enterprise: SimpleNamespace, member_a: Member
) -> None:
    _session(secretary_a, enterprise.branch_a.pk, "24", [member_a])
    with pytest.raises(Conflict, match="已登记，不能重复登记学时"):
        _session(secretary_a, enterprise.branch_a.pk, "24", [member_a])
    assert selectors.member_status(member_a, YEAR, AFTER).offline == 240


def test_a_session_before_the_organisation_was_founded_is_refused(
    secretary_a: User, enterprise: SimpleNamespace, member_a: Member
) -> None:
    enterprise.branch_a.founded_on = date(2010, 3, 1)
    enterprise.branch_a.save(update_fields=["founded_on"])
    with pytest.raises(InvalidInput) as refused:
        services.study_session_record(actor=secretary_a, data=services.SessionInput(
            organization_id=enterprise.branch_a.pk, topic="集中学习", held_on=date(1899, 1, 1),
            hours="2", member_ids=(member_a.pk,)))  # fmt: skip
    assert refused.value.errors == {"held_on": ["学习日期不能早于一支部的成立日期2010-03-01"]}


@pytest.mark.parametrize(
    ("due_on", "message"),
    [
        (date(2020, 1, 1), "完成期限不能早于"),
        (date(1899, 12, 31), "完成期限应在1900-01-01至2099-12-31之间"),
        (date(2100, 1, 1), "完成期限应在1900-01-01至2099-12-31之间"),
    ],
)
def test_a_due_date_in_the_past_or_out_of_range_is_refused(
    secretary_a: User, enterprise: SimpleNamespace, due_on: date, message: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        services.study_item_assign(actor=secretary_a, data=services.ItemInput(
            organization_id=enterprise.branch_a.pk, title="学习", kind="link", hours="1",
            due_on=due_on, url="http://a/"))  # fmt: skip
    assert list(refused.value.errors) == ["due_on"]
    assert refused.value.errors["due_on"][0].startswith(message)
    assert not StudyItem.objects.exists()


def test_a_direction_override_in_a_title_is_refused(
    secretary_a: User, enterprise: SimpleNamespace
) -> None:
    with pytest.raises(InvalidInput) as refused:
        services.study_item_assign(actor=secretary_a, data=services.ItemInput(
            organization_id=enterprise.branch_a.pk, title="方向\u202e覆盖", kind="link",
            hours="1", due_on=date(2099, 1, 1), url="http://a/"))  # fmt: skip
    assert "改变文字方向的控制字符" in refused.value.errors["title"][0]


def test_secretary_records_only_own_branch_members(
    secretary_a: User, enterprise: SimpleNamespace, member_b: Member
) -> None:
    with pytest.raises(InvalidInput, match="参加人员"):
        _session(secretary_a, enterprise.branch_a.pk, "2", [member_b])


def test_secretary_of_another_branch_cannot_record_or_exempt(
    secretary_b: User, enterprise: SimpleNamespace, member_a: Member
) -> None:
    with pytest.raises(Http404):
        _session(secretary_b, enterprise.branch_a.pk, "2", [member_a])
    with pytest.raises(Http404):
        services.study_exemption_grant(actor=secretary_b, member_id=member_a.pk, year=YEAR,
                                       reason="长期病假")  # fmt: skip


def test_member_of_another_branch_cannot_see_or_mark_an_item(
    member_a_user: User, item_of_branch_b: StudyItem
) -> None:
    member = selectors.own_member(member_a_user)
    assert member is not None
    assert not selectors.items_for_member(member).filter(pk=item_of_branch_b.pk).exists()
    with pytest.raises(Http404):
        services.study_item_mark_studied(actor=member_a_user, item_id=item_of_branch_b.pk)
    assert not StudyRecord.objects.exists()


def test_a_manager_without_a_member_record_cannot_mark_studied(
    secretary_a: User, item_of_committee: StudyItem
) -> None:
    with pytest.raises(PermissionDenied):
        services.study_item_mark_studied(actor=secretary_a, item_id=item_of_committee.pk)


def test_completion_by_branch_is_scoped(
    secretary_a: User, committee_admin: User, enterprise: SimpleNamespace,
    member_a: Member, member_b: Member,
) -> None:  # fmt: skip
    _session(secretary_a, enterprise.branch_a.pk, "32", [member_a])
    mine = selectors.completion_by_branch(secretary_a, YEAR, AFTER)
    assert [(line.branch.name, line.members, line.met) for line in mine] == [("一支部", 1, 1)]
    everything = selectors.completion_by_branch(committee_admin, YEAR, AFTER)
    assert {line.branch.name: (line.members, line.met) for line in everything} == {
        "一支部": (1, 1),
        "二支部": (1, 0),
        "三支部": (0, 0),
    }


def test_secretary_of_another_branch_cannot_assign_to_it(
    secretary_b: User, enterprise: SimpleNamespace
) -> None:
    with pytest.raises(Http404):
        services.study_item_assign(actor=secretary_b, data=services.ItemInput(
            organization_id=enterprise.branch_a.pk, title="x", kind="link", hours="1",
            due_on=date(2099, 1, 1), url="http://a/"))  # fmt: skip


def test_link_must_be_an_address(secretary_a: User, enterprise: SimpleNamespace) -> None:
    with pytest.raises(InvalidInput) as refused:
        services.study_item_assign(actor=secretary_a, data=services.ItemInput(
            organization_id=enterprise.branch_a.pk, title="学习", kind="link", hours="1",
            due_on=date(2099, 1, 1), url="javascript:alert(1)"))  # fmt: skip
    assert list(refused.value.errors) == ["url"]
    assert not StudyItem.objects.exists()


def test_item_studied_in_a_year_counts_in_that_year(
    member_a_user: User, item_of_committee: StudyItem, member_a: Member
) -> None:
    when = timezone.make_aware(datetime(YEAR, 12, 31, 23, 30))
    services.study_item_mark_studied(actor=member_a_user, item_id=item_of_committee.pk, now=when)
    assert selectors.member_status(member_a, YEAR, AFTER).online == 15
    assert selectors.member_status(member_a, YEAR + 1, AFTER).online == 0
