"""Who should attend and what a record holds: a 支委会 is the committee's, a 党员大会 the
branch's (whoever convenes it), a record marks everyone and keeps what a partial payload did
not send, a sign-in code dies as the projector says, and the API shows a meeting's minutes
only to those the pages show them to."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dangjian.core.errors import InvalidInput
from dangjian.meetings.inputs import MeetingInput, MinutesInput
from dangjian.meetings.models import (
    Attendance,
    DemocraticReview,
    Mark,
    MeetingEvent,
    MeetingKindMark,
)
from dangjian.meetings.reviews import ReviewInput, democratic_review_record
from dangjian.meetings.selectors import access_meeting_record, attendees, member_attendance
from dangjian.meetings.services import (
    NOT_INVITED,
    excusal_record,
    meeting_plan,
    meeting_record,
    meeting_sign_in,
)
from dangjian.meetings.signin import EXPIRED, NOT_FOR_YOU, QR_REFRESH_SECONDS, sign_in_token
from dangjian.meetings.talks import offered_people, talk_record
from dangjian.meetings.votes import meeting_vote_record
from dangjian.members.models import Member, Position
from dangjian.rules.meetings.kinds import MeetingKind
from tests.factories import make_member, make_user
from tests.meetings.marks import complete
from tests.meetings.test_services import at, plan

JSON = "application/json"


@pytest.fixture
def branch(enterprise: SimpleNamespace) -> list[Member]:
    """Six members of 一支部; the first two hold a committee post from 2024."""
    people = [make_member(enterprise.branch_a, name=f"党员{i}") for i in range(6)]
    for member, title in zip(people[:2], ("secretary", "organization"), strict=True):
        Position.objects.create(member=member, organization=enterprise.branch_a, title=title,
                                started_on=date(2024, 1, 1))  # fmt: skip
    return people


def test_a_committee_meeting_is_the_committees_and_not_in_a_members_rate(
    enterprise: SimpleNamespace, secretary_a: User, branch: list[Member]
) -> None:
    """MEET-2: the committee of the day attends a 支委会; an ordinary member's mark there is
    refused, and a stray row written before never enters their yearly rate."""
    meeting = plan(secretary_a, enterprise.branch_a.pk, date(2026, 6, 10),
                   MeetingKind.BRANCH_COMMITTEE)  # fmt: skip
    assert {e.member_id for e in attendees(meeting).should_attend} == {b.pk for b in branch[:2]}
    ordinary = branch[3]
    with pytest.raises(InvalidInput) as refused:
        meeting_record(actor=secretary_a, meeting_id=meeting.pk, minutes=MinutesInput(
            content="研究工作", marks=((ordinary.pk, Mark.PRESENT),)))  # fmt: skip
    assert "不在本次会议应到人员名单中" in refused.value.errors["marks"][0]
    with pytest.raises(InvalidInput) as refused:
        meeting_sign_in(actor=make_user("dangyuan_a3", member=ordinary), meeting_id=meeting.pk,
                        token=sign_in_token(meeting.pk), now=at(date(2026, 6, 10), 14))  # fmt: skip
    assert refused.value.errors["token"] == [NOT_INVITED]
    marks = complete(meeting.pk, (branch[0].pk, Mark.PRESENT))  # the vote's 实到 is the record's
    meeting_record(actor=secretary_a, meeting_id=meeting.pk,
                   minutes=MinutesInput(content="研究工作", marks=marks))  # fmt: skip
    Attendance.objects.create(meeting=meeting, member=ordinary, mark=Mark.ABSENT)  # older data
    assert member_attendance(ordinary, 2026).should == 0
    assert member_attendance(branch[0], 2026).should == 1
    vote = meeting_vote_record(actor=secretary_a, meeting_id=meeting.pk, subject="工作安排",
                               kind="branch_committee", present_ids=(branch[0].pk,), yes=1)  # fmt: skip
    assert [v["rule_id"] for v in vote.verdicts] == ["MEET-2", "MEET-2"]
    assert "支部委员2人" in vote.verdicts[1]["text"]  # not the 党员大会's 应到有表决权党员
    assert vote.passed is False  # 1 of 2 committee members is not more than half


def test_a_group_holds_no_branch_assembly_and_the_quorum_is_the_branchs(
    enterprise: SimpleNamespace, secretary_a: User, branch: list[Member]
) -> None:
    """A 党小组 cannot plan a 支部党员大会 (nor a branch a 党小组会); a vote at a group's meeting
    marked as one before counts the branch's voting members (MEET-1)."""
    for member in branch[:3]:
        member.party_group = enterprise.group_a
        member.save(update_fields=["party_group"])
    day = at(date(2026, 6, 12), 14)
    for org, kind, words in (
        (enterprise.group_a, MeetingKind.BRANCH_ASSEMBLY, "支部党员大会由党支部召开"),
        (enterprise.group_a, MeetingKind.BRANCH_COMMITTEE, "支部委员会会议由党支部召开"),
        (enterprise.branch_a, MeetingKind.GROUP_MEETING, "党小组会由党小组召开"),
    ):
        with pytest.raises(InvalidInput) as refused:
            meeting_plan(actor=secretary_a, data=MeetingInput(
                organization_id=org.pk, topic="学习", kinds=(kind.value,), starts_at=day,
                ends_at=day.replace(hour=16)))  # fmt: skip
        assert (
            words in refused.value.errors["kinds"][0] and "第十" in refused.value.errors["kinds"][0]
        )
    group_meeting = plan(secretary_a, enterprise.group_a.pk, date(2026, 6, 12),
                         MeetingKind.GROUP_MEETING)  # fmt: skip
    MeetingKindMark.objects.create(meeting=group_meeting, kind=MeetingKind.BRANCH_ASSEMBLY.value)
    present = tuple(b.pk for b in branch[:3])
    vote = meeting_vote_record(actor=secretary_a, meeting_id=group_meeting.pk, subject="推荐",
                               kind="branch_assembly", present_ids=present, yes=3)  # fmt: skip
    assert vote.entitled == 6 and vote.passed is False  # 3 of 6 is not more than half


def test_a_record_marks_everyone_and_a_partial_payload_keeps_the_rest(
    enterprise: SimpleNamespace, secretary_a: User, branch: list[Member],
    login: Callable[[User], Client],
) -> None:  # fmt: skip
    meeting = plan(secretary_a, enterprise.branch_a.pk, date(2026, 6, 15))
    client = login(secretary_a)
    url = f"/api/meetings/{meeting.pk}/record"
    one = {"content": "学习", "marks": [{"member_id": branch[0].pk, "mark": "present"}]}
    refused = client.post(url, one, content_type=JSON)
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "marks"
    assert branch[1].name in refused.json()["errors"][0]["message"]
    assert not Attendance.objects.filter(meeting=meeting).exists()  # nothing half-written
    full = {"content": "学习", "decisions": "同意推荐", "speakers": "党员0发言",
            "marks": [{"member_id": m, "mark": k} for m, k in complete(meeting.pk)]}  # fmt: skip
    for _ in range(3):
        assert client.post(url, full, content_type=JSON).status_code == 200
    assert MeetingEvent.objects.filter(meeting=meeting, action="record").count() == 1
    again = client.post(url, {"content": "补充照片后重报", "reason": "补充照片"}, content_type=JSON)
    assert again.status_code == 200, again.content
    body = again.json()
    assert (body["content"], body["decisions"], body["speakers"]) == (
        "补充照片后重报", "同意推荐", "党员0发言"
    )  # fmt: skip
    assert {a["mark_label"] for a in body["attendees"] if a["should_attend"]} == {"缺席"}


def test_a_code_dies_one_refresh_after_the_screen_replaced_it(
    enterprise: SimpleNamespace, secretary_a: User, branch: list[Member],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    day = date(2026, 11, 20)
    meeting = plan(secretary_a, enterprise.branch_a.pk, day)
    user = make_user("dangyuan_a2", member=branch[2])
    real = time.time()
    monkeypatch.setattr(time, "time", lambda: real - (7 * 60 + 26))  # taken 7:26 earlier
    old = sign_in_token(meeting.pk)
    monkeypatch.setattr(time, "time", lambda: real - (QR_REFRESH_SECONDS + 60))
    recent = sign_in_token(meeting.pk)
    monkeypatch.setattr(time, "time", lambda: real)
    with pytest.raises(InvalidInput) as refused:
        meeting_sign_in(actor=user, meeting_id=meeting.pk, token=old, now=at(day, 14))
    assert refused.value.errors["token"] == [EXPIRED] and "分钟内有效" in EXPIRED
    row = meeting_sign_in(actor=user, meeting_id=meeting.pk, token=recent, now=at(day, 14))
    assert row.by_qr


def test_another_branchs_meeting_is_refused_at_sign_in_without_revealing_it(
    enterprise: SimpleNamespace, secretary_b: User, member_a: Member,
    login: Callable[[User], Client],
) -> None:  # fmt: skip
    day = date(2026, 11, 20)
    meeting = plan(secretary_b, enterprise.branch_b.pk, day)
    user = make_user("dangyuan_a", member=member_a)
    with pytest.raises(InvalidInput) as refused:
        meeting_sign_in(actor=user, meeting_id=meeting.pk, token=sign_in_token(meeting.pk),
                        now=at(day, 14))  # fmt: skip
    assert refused.value.errors["token"] == [NOT_FOR_YOU]
    answer = login(user).post(f"/api/meetings/{meeting.pk}/sign-in",
                              {"token": sign_in_token(meeting.pk)}, content_type=JSON)  # fmt: skip
    assert answer.status_code == 422 and answer.json()["errors"][0]["message"] == NOT_FOR_YOU
    assert meeting.topic not in answer.content.decode()


def test_a_member_reads_no_minutes_through_the_api(
    enterprise: SimpleNamespace, secretary_a: User, branch: list[Member],
    login: Callable[[User], Client],
) -> None:  # fmt: skip
    """The API's detail follows the meeting page: a member of the branch gets 403, not the
    minutes and everyone's marks; the secretary reads them."""
    meeting = plan(secretary_a, enterprise.branch_a.pk, date(2026, 6, 10),
                   MeetingKind.BRANCH_COMMITTEE)  # fmt: skip
    member = login(make_user("dangyuan_a3", member=branch[3]))
    answer = member.get(f"/api/meetings/{meeting.pk}")
    assert answer.status_code == 403
    assert "我的会议" in answer.json()["detail"]
    with pytest.raises(PermissionDenied):
        access_meeting_record(User.objects.get(username="dangyuan_a3"), meeting.pk)
    assert login(secretary_a).get(f"/api/meetings/{meeting.pk}").status_code == 200


def test_a_floating_member_is_listed_apart_with_the_reason(
    enterprise: SimpleNamespace, secretary_a: User, branch: list[Member],
    login: Callable[[User], Client],
) -> None:  # fmt: skip
    """MEM-3/MEET-10: a floating member keeps the vote at home and stays in 应到 without an
    excusal, but every door lists them apart with where they went, never silently."""
    away = branch[5]
    Member.objects.filter(pk=away.pk).update(is_floating=True, floating_to="深圳市南山区")
    meeting = plan(secretary_a, enterprise.branch_a.pk, date(2026, 6, 20))
    client = login(secretary_a)
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    voting = page.split("<h3>有表决权", 1)[1].split("<h3>", 1)[0]
    floating = page.split('id="floating-members"', 1)[1].split("<h3>", 1)[0]
    assert away.name not in voting
    assert away.name in floating and "流动党员（外出至深圳市南山区）" in floating
    form = client.get(reverse("meetings:record", args=[meeting.pk])).content.decode()
    assert "流动党员（外出至深圳市南山区）" in form.split('id="marks"', 1)[1]
    api = client.get(f"/api/meetings/{meeting.pk}").json()
    row = next(a for a in api["attendees"] if a["member_id"] == away.pk)
    assert row["floating_note"] == "流动党员（外出至深圳市南山区）" and row["should_attend"]
    vote = meeting_vote_record(actor=secretary_a, meeting_id=meeting.pk, subject="推荐",
                               kind="branch_assembly", present_ids=tuple(b.pk for b in branch[:4]),
                               yes=4)  # fmt: skip
    assert vote.entitled == 6 and vote.passed
    note = vote.verdicts[-1]
    assert note["rule_id"] == "MEM-3" and away.name in note["text"] and "第三十二条" in note["text"]


def test_a_review_refuses_a_date_outside_its_year_and_more_ballots_than_members(
    enterprise: SimpleNamespace, secretary_a: User, branch: list[Member]
) -> None:
    """MEET-6: a 2026 rating dated in the future or in another year, or a 民主测评 with more
    ballots than the branch has members, is refused naming the field; nothing is counted."""
    member = branch[0]
    parts = ReviewInput(self_assessment="自评", peer_assessment="互评", poll=(4, 2, 0, 0))
    democratic_review_record(actor=secretary_a, member_id=member.pk, year=2026, data=parts)
    with pytest.raises(InvalidInput) as refused:
        democratic_review_record(actor=secretary_a, member_id=branch[1].pk, year=2026,
                                 data=ReviewInput(poll=(500, 0, 0, 0)))  # fmt: skip
    assert "500票" in refused.value.errors["poll"][0] and "6人" in refused.value.errors["poll"][0]
    for day in (date(2027, 5, 1), date(2024, 1, 1), timezone.localdate() + timedelta(days=1)):
        with pytest.raises(InvalidInput) as refused:
            democratic_review_record(actor=secretary_a, member_id=member.pk, year=2026,
                                     data=ReviewInput(rating="excellent", rated_on=day))  # fmt: skip
        assert "评定日期应在2026年1月1日至" in refused.value.errors["rated_on"][0]
    assert not DemocraticReview.objects.exclude(rating="").exists()
    assert not DemocraticReview.objects.filter(member=branch[1]).exists()


def test_talks_and_excusals_follow_the_register_and_the_committee_of_the_day(
    enterprise: SimpleNamespace, secretary_a: User, branch: list[Member]
) -> None:
    """MEET-7: a 支委委员之间 talk needs two committee members of that day, a talk only people
    of that day's register; the forms offer that register; MEET-10: no overlapping excusal."""
    org = enterprise.branch_a
    newcomer = make_member(org, name="新党员", joined_on=date(2026, 2, 1), confirmed_on=None,
                           stage="probationary")  # fmt: skip
    day = date(2026, 6, 1)

    def talk(kind: str, a: Member, b: Member, on: date = day) -> None:
        talk_record(actor=secretary_a, organization_id=org.pk, kind=kind, talker_id=a.pk,
                    listener_id=b.pk, held_on=on, today=date(2026, 11, 30))  # fmt: skip

    for kind, field, words in (("committee", "talker_id", "不是支部委员"),
                               ("committee_member", "talker_id", "须有一方为")):  # fmt: skip
        with pytest.raises(InvalidInput) as refused:
            talk(kind, branch[3], branch[4])
        assert (
            words in refused.value.errors[field][0] and "第十九条" in refused.value.errors[field][0]
        )
    talk("committee", branch[0], branch[1])
    with pytest.raises(InvalidInput) as refused:
        talk("members", branch[3], newcomer, date(2025, 6, 1))
    assert "不是2025年6月1日本支部的党员" in refused.value.errors["listener_id"][0]
    assert newcomer.pk not in dict(offered_people(org, date(2025, 12, 31)))
    assert newcomer.pk in dict(offered_people(org, date(2026, 11, 30)))
    excusal_record(actor=secretary_a, member_id=branch[3].pk, reason="长期病休",
                   starts_on=date(2026, 1, 1))  # fmt: skip
    with pytest.raises(InvalidInput) as refused:
        excusal_record(actor=secretary_a, member_id=branch[3].pk, reason="出国",
                       starts_on=date(2026, 3, 1), ends_on=date(2026, 4, 1))  # fmt: skip
    assert "重叠" in refused.value.errors["starts_on"][0]
    excusal_record(actor=secretary_a, member_id=branch[3].pk, reason="出国",
                   starts_on=date(2025, 1, 1), ends_on=date(2025, 6, 30))  # fmt: skip


def test_a_meeting_under_way_offers_no_leave_and_a_bad_year_is_a_chinese_400(
    enterprise: SimpleNamespace, secretary_a: User, branch: list[Member],
    login: Callable[[User], Client],
) -> None:  # fmt: skip
    now = timezone.localtime()
    started = now.replace(second=0, microsecond=0) - timedelta(minutes=10)
    meeting = meeting_plan(actor=secretary_a, data=MeetingInput(
        organization_id=enterprise.branch_a.pk, topic="正在召开的会议",
        kinds=(MeetingKind.THEME_DAY.value,), starts_at=started,
        ends_at=started + timedelta(hours=3)))  # fmt: skip
    member = login(make_user("dangyuan_a4", member=branch[4]))
    page = member.get(reverse("meetings:mine")).content.decode()
    assert "正在召开的会议" in page
    assert reverse("meetings:leave", args=[meeting.pk]) not in page
    assert "会议进行中" in page
    client = login(secretary_a)
    for url, year in ((reverse("meetings_doors:attendance_xlsx"), "x"),
                      (reverse("meetings:talks"), "3000"),
                      (reverse("meetings:reviews"), "二〇二六")):  # fmt: skip
        answer = client.get(url, {"org": enterprise.branch_a.pk, "year": year})
        assert answer.status_code == 400, url
        assert "年度（year）应为" in answer.content.decode()
    assert client.get(reverse("meetings:talks"), {"org": enterprise.branch_a.pk}).status_code == 200
