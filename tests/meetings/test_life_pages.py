"""The pages of votes at a meeting, 谈心谈话, 民主评议, 整改 and the year plan: each renders,
each form records through its service, bad input is refused naming the field (never a 500),
another branch's secretary gets 404, and the refusals cite the article."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dangjian.meetings.models import (
    DemocraticReview,
    Meeting,
    MeetingVote,
    Rectification,
    RectificationState,
    Talk,
)
from dangjian.members.models import Member, Position
from dangjian.rules.meetings.kinds import MeetingKind
from tests.factories import make_member
from tests.meetings.test_services import plan

Login = Callable[[User], Client]


@pytest.fixture
def members_a(enterprise: SimpleNamespace) -> list[Member]:
    return [make_member(enterprise.branch_a, name=f"评议党员{i}") for i in range(4)]


def errors_of(html: str) -> dict[str, str]:
    """Field name -> message of each error the page shows against a field."""
    return dict(re.findall(r'data-field="([^"]+)">([^<]+)<', html))


# ---- votes ---------------------------------------------------------------------------------


def test_an_assembly_vote_is_recorded_with_its_arithmetic(
    enterprise: SimpleNamespace, secretary_a: User, members_a: list[Member], login: Login
) -> None:
    meeting = plan(secretary_a, enterprise.branch_a.pk, date(2026, 6, 10))
    client = login(secretary_a)
    detail = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert reverse("meetings:life", args=[meeting.pk]) in detail
    url = reverse("meetings:life", args=[meeting.pk])
    page = client.get(url)
    assert page.status_code == 200 and "评议党员3" in page.content.decode()
    response = client.post(url, {
        "action": "vote", "subject": "推荐优秀党员", "kind": "branch_assembly",
        "present": [m.pk for m in members_a[:3]], "yes": 3, "no": 0, "abstain": 0,
    })  # fmt: skip
    assert response.status_code == 302
    vote = MeetingVote.objects.get()
    assert (vote.entitled, vote.present, vote.yes, vote.passed) == (4, 3, 3, True)
    shown = client.get(url).content.decode()
    assert "推荐优秀党员" in shown and "通过" in shown
    assert "《中国共产党支部工作条例（试行）》" in shown
    on_meeting = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    votes = re.search(r'id="meeting-votes">(.*?)</ul></li></ul></div>', on_meeting, re.S)
    assert votes is not None and "推荐优秀党员" in votes.group(1)
    assert "《中国共产党支部工作条例（试行）》" in votes.group(1)


def test_a_vote_without_a_quorum_shows_the_article_on_the_present_field(
    enterprise: SimpleNamespace, secretary_a: User, members_a: list[Member], login: Login
) -> None:
    meeting = plan(secretary_a, enterprise.branch_a.pk, date(2026, 6, 10))
    response = login(secretary_a).post(reverse("meetings:life", args=[meeting.pk]), {
        "action": "vote", "subject": "推荐优秀党员", "kind": "branch_assembly",
        "present": [members_a[0].pk], "yes": 1, "no": 0, "abstain": 0,
    })  # fmt: skip
    assert response.status_code == 400
    errors = errors_of(response.content.decode())
    assert (
        "不足半数" in errors["present"] and "《" in errors["present"] and "第" in errors["present"]
    )
    assert not MeetingVote.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"subject": "", "yes": "1"}, "subject"),
        ({"subject": "事项", "yes": "abc"}, "yes"),
        ({"subject": "事项", "yes": "-1"}, "yes"),
        ({"subject": "事项", "yes": "1", "kind": "theme_day"}, "kind"),
        ({"subject": "事项", "yes": "1", "present": ["999999"]}, "present"),
        ({"subject": "事项", "yes": "9"}, "yes"),
    ],
)
def test_a_bad_vote_names_the_field(
    enterprise: SimpleNamespace, secretary_a: User, members_a: list[Member], login: Login,
    data: dict[str, object], field: str,
) -> None:  # fmt: skip
    meeting = plan(secretary_a, enterprise.branch_a.pk, date(2026, 6, 10))
    post = {"action": "vote", "kind": "branch_assembly", "no": "0", "abstain": "0",
            "present": [m.pk for m in members_a[:3]], **data}  # fmt: skip
    response = login(secretary_a).post(reverse("meetings:life", args=[meeting.pk]), post)
    assert response.status_code == 400
    assert field in errors_of(response.content.decode())
    assert not MeetingVote.objects.exists()


def test_a_committee_vote_offers_the_committee_of_the_day(
    enterprise: SimpleNamespace, secretary_a: User, members_a: list[Member], login: Login
) -> None:
    for member, title in zip(
        members_a[:3], ("secretary", "organization", "propaganda"), strict=True
    ):
        Position.objects.create(member=member, organization=enterprise.branch_a, title=title,
                                started_on=date(2024, 1, 1))  # fmt: skip
    meeting = plan(
        secretary_a, enterprise.branch_a.pk, date(2026, 6, 10), MeetingKind.BRANCH_COMMITTEE
    )
    client = login(secretary_a)
    url = reverse("meetings:life", args=[meeting.pk])
    page = client.get(url).content.decode()
    assert "评议党员0（支委）" in page and "评议党员3" not in page
    response = client.post(url, {"action": "vote", "subject": "发展计划", "kind": "branch_committee",
                                 "present": [members_a[0].pk, members_a[1].pk], "yes": 2,
                                 "no": 0, "abstain": 0})  # fmt: skip
    assert response.status_code == 302
    assert MeetingVote.objects.get().entitled == 3


# ---- 整改 ----------------------------------------------------------------------------------


def test_rectifications_are_added_closed_and_overdue_ones_highlighted(
    enterprise: SimpleNamespace, secretary_a: User, members_a: list[Member], login: Login
) -> None:
    meeting = plan(secretary_a, enterprise.branch_a.pk, date(2026, 1, 15), MeetingKind.LIFE_MEETING)
    client = login(secretary_a)
    url = reverse("meetings:life", args=[meeting.pk])
    assert "查摆问题与整改" in client.get(url).content.decode()
    late = timezone.localdate() - timedelta(days=1)
    response = client.post(url, {"action": "rectify", "issue": "理论学习不够系统",
                                 "measure": "制定学习计划", "owner": members_a[0].pk,
                                 "due_on": late.isoformat()})  # fmt: skip
    assert response.status_code == 302
    item = Rectification.objects.get()
    page = client.get(url).content.decode()
    assert "已逾期" in page and 'class="overdue"' in page
    refused = client.post(url, {"action": "close", "item": item.pk, "done_on": "2026-06-01",
                                "result": ""})  # fmt: skip
    assert refused.status_code == 400 and "result" in errors_of(refused.content.decode())
    done = client.post(url, {"action": "close", "item": item.pk, "done_on": "2026-06-01",
                             "result": "已制定并落实学习计划"})  # fmt: skip
    assert done.status_code == 302
    item.refresh_from_db()
    assert item.state == RectificationState.DONE
    assert "已逾期" not in client.get(url).content.decode()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"issue": "", "measure": "措施", "due_on": "2026-06-30"}, "issue"),
        ({"issue": "问题", "measure": "措施", "due_on": "2026-13-01"}, "due_on"),
        ({"issue": "问题", "measure": "措施", "due_on": "2025-01-01"}, "due_on"),
        ({"issue": "问题", "measure": "措施", "due_on": "2026-06-30", "owner": "abc"}, "owner"),
    ],
)
def test_a_bad_rectification_names_the_field(
    enterprise: SimpleNamespace, secretary_a: User, members_a: list[Member], login: Login,
    data: dict[str, object], field: str,
) -> None:  # fmt: skip
    meeting = plan(secretary_a, enterprise.branch_a.pk, date(2026, 1, 15), MeetingKind.LIFE_MEETING)
    post = {"action": "rectify", "owner": members_a[0].pk, **data}
    response = login(secretary_a).post(reverse("meetings:life", args=[meeting.pk]), post)
    assert response.status_code == 400
    assert field in errors_of(response.content.decode())
    assert not Rectification.objects.exists()


@pytest.mark.parametrize("done_on", ["2025-12-31", "2999-01-01", "2026-02-30", ""])
def test_a_bad_completion_date_names_the_field(
    enterprise: SimpleNamespace, secretary_a: User, members_a: list[Member], login: Login,
    done_on: str,
) -> None:  # fmt: skip
    """Before the 组织生活会 or after today is as wrong as a malformed date."""
    meeting = plan(secretary_a, enterprise.branch_a.pk, date(2026, 1, 15), MeetingKind.LIFE_MEETING)
    item = Rectification.objects.create(meeting=meeting, issue="问题", measure="措施",
                                        owner=members_a[0], due_on=date(2026, 6, 30))  # fmt: skip
    response = login(secretary_a).post(reverse("meetings:life", args=[meeting.pk]), {
        "action": "close", "item": item.pk, "done_on": done_on, "result": "完成",
    })  # fmt: skip
    assert response.status_code == 400 and "done_on" in errors_of(response.content.decode())
    item.refresh_from_db()
    assert item.state == RectificationState.OPEN


def test_closing_another_meetings_item_is_refused(
    enterprise: SimpleNamespace, secretary_a: User, members_a: list[Member], login: Login
) -> None:
    life = plan(secretary_a, enterprise.branch_a.pk, date(2026, 1, 15), MeetingKind.LIFE_MEETING)
    other = plan(secretary_a, enterprise.branch_a.pk, date(2026, 2, 15), MeetingKind.LIFE_MEETING)
    item = Rectification.objects.create(meeting=other, issue="问题", measure="措施",
                                        owner=members_a[0], due_on=date(2026, 6, 30))  # fmt: skip
    response = login(secretary_a).post(reverse("meetings:life", args=[life.pk]), {
        "action": "close", "item": item.pk, "done_on": "2026-06-01", "result": "完成",
    })  # fmt: skip
    assert response.status_code == 400 and "item" in errors_of(response.content.decode())
    item.refresh_from_db()
    assert item.state == RectificationState.OPEN


# ---- 谈心谈话 ------------------------------------------------------------------------------


def test_talks_are_recorded_and_the_coverage_names_who_was_not_reached(
    enterprise: SimpleNamespace, secretary_a: User, members_a: list[Member], login: Login
) -> None:
    client = login(secretary_a)
    url = reverse("meetings:talks")
    assert client.get(reverse("meetings:list")).content.decode().count(url) >= 1
    assert client.get(url).status_code == 200
    today = timezone.localdate()
    response = client.post(url, {"kind": "members", "talker": members_a[0].pk,
                                 "listener": members_a[1].pk, "held_on": today.isoformat(),
                                 "summary": "交流思想"})  # fmt: skip
    assert response.status_code == 302
    assert Talk.objects.count() == 1
    page = client.get(url, {"year": today.year}).content.decode()
    reached = re.search(r'id="not-reached">(.*?)</ul>', page, re.S)
    assert reached is not None
    assert "评议党员2" in reached.group(1) and "评议党员0" not in reached.group(1)
    assert "交流思想" in page


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"listener": "same"}, "listener"),
        ({"held_on": "2026-02-30"}, "held_on"),
        ({"held_on": "2999-01-01"}, "held_on"),
        ({"kind": "gossip"}, "kind"),
        ({"talker": ""}, "talker"),
        ({"summary": "很" * 501}, "summary"),
    ],
)
def test_a_bad_talk_names_the_field(
    enterprise: SimpleNamespace, secretary_a: User, members_a: list[Member], login: Login,
    data: dict[str, str], field: str,
) -> None:  # fmt: skip
    post = {"kind": "members", "talker": str(members_a[0].pk), "listener": str(members_a[1].pk),
            "held_on": "2026-03-01", **data}  # fmt: skip
    if post["listener"] == "same":
        post["listener"] = post["talker"]
    response = login(secretary_a).post(reverse("meetings:talks"), post)
    assert response.status_code == 400
    assert field in errors_of(response.content.decode())
    assert not Talk.objects.exists()


# ---- 民主评议 ------------------------------------------------------------------------------


def test_a_review_is_entered_in_order_and_summarised(
    enterprise: SimpleNamespace, secretary_a: User, members_a: list[Member], login: Login
) -> None:
    client = login(secretary_a)
    url = reverse("meetings:reviews")
    page = client.get(url, {"year": 2026}).content.decode()
    assert all(m.name in page for m in members_a) and page.count("未开始") == 4
    member = members_a[0]
    form = f"{url}?year=2026&member={member.pk}"
    assert client.get(form).status_code == 200
    response = client.post(form, {"self_assessment": "认真履职", "peer_assessment": "表现良好",
                                  "poll_excellent": "3", "poll_qualified": "1"})  # fmt: skip
    assert response.status_code == 302
    assert "已完成个人自评、党员互评、民主测评" in client.get(url, {"year": 2026}).content.decode()
    response = client.post(form, {"self_assessment": "认真履职", "peer_assessment": "表现良好",
                                  "poll_excellent": "3", "poll_qualified": "1",
                                  "rating": "excellent", "rated_on": "2026-11-20"})  # fmt: skip
    assert response.status_code == 302
    review = DemocraticReview.objects.get()
    assert (review.rating, review.poll_excellent, review.poll_basically) == ("excellent", 3, 0)
    summary = client.get(url, {"year": 2026}).content.decode()
    block = re.search(r'id="rating-summary">(.*?)</div></dl>', summary, re.S)
    assert block is not None
    assert re.search(r"<dt>优秀</dt><dd>1人</dd>", block.group(1))
    assert re.search(r"<dt>合格</dt><dd>0人</dd>", block.group(1))


def test_a_rating_before_the_three_parts_is_refused_citing_the_article(
    enterprise: SimpleNamespace, secretary_a: User, members_a: list[Member], login: Login
) -> None:
    url = f"{reverse('meetings:reviews')}?year=2026&member={members_a[0].pk}"
    response = login(secretary_a).post(url, {"self_assessment": "认真履职", "rating": "excellent",
                                             "rated_on": "2026-11-20"})  # fmt: skip
    assert response.status_code == 400
    errors = errors_of(response.content.decode())
    assert "《中国共产党党员教育管理工作条例》" in errors["rating"]
    assert "第十七、十八条" in errors["rating"]
    assert not DemocraticReview.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"poll_excellent": "-1"}, "poll_excellent"),
        ({"poll_qualified": "abc"}, "poll_qualified"),
        ({"rating": "superb"}, "rating"),
        ({"rated_on": "2026-02-30"}, "rated_on"),
    ],
)
def test_a_bad_review_names_the_field(
    enterprise: SimpleNamespace, secretary_a: User, members_a: list[Member], login: Login,
    data: dict[str, str], field: str,
) -> None:  # fmt: skip
    url = f"{reverse('meetings:reviews')}?year=2026&member={members_a[0].pk}"
    response = login(secretary_a).post(url, {"self_assessment": "认真履职", **data})
    assert response.status_code == 400
    assert field in errors_of(response.content.decode())
    assert not DemocraticReview.objects.exists()


def test_a_rating_without_its_date_names_the_date(
    enterprise: SimpleNamespace, secretary_a: User, members_a: list[Member], login: Login
) -> None:
    url = f"{reverse('meetings:reviews')}?year=2026&member={members_a[0].pk}"
    response = login(secretary_a).post(url, {"self_assessment": "认真履职", "peer_assessment": "好",
                                             "poll_excellent": "3", "rating": "qualified"})  # fmt: skip
    assert response.status_code == 400 and "rated_on" in errors_of(response.content.decode())
    assert not DemocraticReview.objects.exists()


# ---- 年度计划 ------------------------------------------------------------------------------


def test_the_year_plan_button_twice_plans_once(
    enterprise: SimpleNamespace, secretary_a: User, members_a: list[Member], login: Login
) -> None:
    client = login(secretary_a)
    listing = client.get(reverse("meetings:list")).content.decode()
    assert "生成年度计划" in listing and reverse("meetings:year_plan") in listing
    year = timezone.localdate().year + 1
    post = {"org": enterprise.branch_a.pk, "year": year}
    first = client.post(reverse("meetings:year_plan"), post, follow=True)
    ours = [enterprise.branch_a, enterprise.group_a]  # the branch's plan holds its 党小组's
    count = Meeting.objects.filter(organization__in=ours).count()
    assert Meeting.objects.filter(organization=enterprise.group_a).count() == 12
    assert count > 12 and f"新增{count}次计划会议" in first.content.decode()
    assert f"{year}年1月的会议" in first.content.decode()
    assert f"{year}年1月主题党日" in first.content.decode()
    second = client.post(reverse("meetings:year_plan"), post, follow=True)
    assert Meeting.objects.filter(organization__in=ours).count() == count
    assert "未新增会议" in second.content.decode()


@pytest.mark.parametrize("year", ["", "abc", "1900"])
def test_a_bad_plan_year_names_the_field(
    enterprise: SimpleNamespace, secretary_a: User, login: Login, year: str
) -> None:
    response = login(secretary_a).post(
        reverse("meetings:year_plan"), {"org": enterprise.branch_a.pk, "year": year}, follow=True
    )
    assert response.status_code == 200 and "年度：" in response.content.decode()
    assert not Meeting.objects.exists()


# ---- scoping -------------------------------------------------------------------------------


def test_another_branchs_secretary_gets_404(
    enterprise: SimpleNamespace, secretary_a: User, secretary_b: User, members_a: list[Member],
    login: Login,
) -> None:  # fmt: skip
    meeting = plan(secretary_a, enterprise.branch_a.pk, date(2026, 1, 15), MeetingKind.LIFE_MEETING)
    client = login(secretary_b)
    a = enterprise.branch_a.pk
    assert client.get(reverse("meetings:life", args=[meeting.pk])).status_code == 404
    assert client.post(reverse("meetings:life", args=[meeting.pk]), {
        "action": "rectify", "issue": "x", "measure": "y", "owner": members_a[0].pk,
        "due_on": "2026-06-30"}).status_code == 404  # fmt: skip
    assert client.get(reverse("meetings:talks"), {"org": a}).status_code == 404
    assert client.post(f"{reverse('meetings:talks')}?org={a}", {
        "kind": "members", "talker": members_a[0].pk, "listener": members_a[1].pk,
        "held_on": "2026-03-01"}).status_code == 404  # fmt: skip
    assert client.get(reverse("meetings:reviews"), {"org": a}).status_code == 404
    own = f"{reverse('meetings:reviews')}?member={members_a[0].pk}"
    assert client.get(own).status_code == 404
    assert client.post(reverse("meetings:year_plan"), {"org": a, "year": 2027}).status_code == 404
    assert Meeting.objects.count() == 1
    assert not (Talk.objects.exists() or Rectification.objects.exists())
    assert not DemocraticReview.objects.exists()
