"""组织生活 through its pages: every page renders, each is scoped (another branch's secretary
gets 404), bad input is refused naming the field (never a 500), the review flow, sign-in on
the phone, and the compliance matrix's cells linking to the meetings behind them."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.fixtures import Settings

from dangjian.documents.models import Attachment
from dangjian.meetings.inputs import MeetingInput, MinutesInput
from dangjian.meetings.models import (
    Attendance,
    LeaveRequest,
    LeaveState,
    Mark,
    Meeting,
    MeetingState,
)
from dangjian.meetings.services import meeting_plan, meeting_record
from dangjian.meetings.signin import FORGED, NOT_FOR_YOU
from dangjian.members.models import Member
from dangjian.rules.meetings.kinds import MeetingKind
from tests.factories import Role, make_member, make_user
from tests.meetings.marks import complete

SHANGHAI = ZoneInfo("Asia/Shanghai")
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
Login = Callable[[User], Client]


def at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


def planned(
    org_id: int, starts_at: datetime, *kinds: MeetingKind, hours: int = 2, topic: str = "学习会"
) -> Meeting:
    return meeting_plan(actor=None, data=MeetingInput(
        organization_id=org_id, topic=topic,
        kinds=tuple(k.value for k in kinds) or (MeetingKind.BRANCH_ASSEMBLY.value,),
        starts_at=starts_at, ends_at=starts_at + timedelta(hours=hours), place="三楼会议室",
    ))  # fmt: skip


def now_meeting(org_id: int) -> Meeting:
    """A meeting under way now (its sign-in window is open)."""
    return planned(org_id, timezone.now() - timedelta(minutes=10))


@pytest.fixture
def media(settings: Settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def committee_admin(enterprise: SimpleNamespace) -> User:
    return make_user("dangwei_admin", Role.ORG_ADMIN, enterprise.root)


@pytest.fixture
def people_a(enterprise: SimpleNamespace) -> list[Member]:
    """Three members of branch A, each with an account (dangyuan_a0..2)."""
    found = []
    for i in range(3):
        member = make_member(enterprise.branch_a, name=f"支部党员{i}")
        make_user(f"dangyuan_a{i}", member=member)
        found.append(member)
    return found


def errors_of(html: str) -> dict[str, str]:
    """Field name -> message of each error the page shows against a field."""
    return dict(re.findall(r'data-field="([^"]+)">([^<]+)<', html))


def test_the_secretary_pages_render(
    enterprise: SimpleNamespace, secretary_a: User, people_a: list[Member], login: Login
) -> None:
    client = login(secretary_a)
    assert client.get(reverse("meetings:plan")).status_code == 200
    day = timezone.localdate() + timedelta(days=3)
    response = client.post(reverse("meetings:plan"), {
        "organization": enterprise.branch_a.pk, "topic": "主题党日暨第四季度党员大会",
        "kinds": [MeetingKind.THEME_DAY.value, MeetingKind.BRANCH_ASSEMBLY.value],
        "held_on": day.isoformat(), "starts": "14:30", "ends": "16:30", "place": "党员活动室",
        "host": people_a[0].pk, "recorder": people_a[1].pk, "agenda": "一、学习\n二、讨论",
    })  # fmt: skip
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/meetings/{meeting.pk}/")
    assert sorted(meeting.kinds.values_list("kind", flat=True)) == ["branch_assembly", "theme_day"]
    assert meeting.host_id == people_a[0].pk and meeting.held_on == day
    listing = client.get(reverse("meetings:list"), {"month": day.strftime("%Y-%m")})
    assert "主题党日暨第四季度党员大会" in listing.content.decode()
    assert "本期应开的会议" in listing.content.decode()
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "有表决权（3人）" in page and "支部党员0" in page
    assert "主题党日" in page and "支部党员大会" in page
    assert client.get(reverse("meetings:excusals")).status_code == 200
    qr = client.get(reverse("meetings:qr", args=[meeting.pk])).content.decode()
    assert "<svg" in qr and f"/meetings/{meeting.pk}/sign-in/?t=" in qr
    assert client.get(reverse("meetings:qr_count", args=[meeting.pk])).content == b"0"


def test_attendees_are_split_with_the_reason_of_those_left_out(
    enterprise: SimpleNamespace, secretary_a: User, people_a: list[Member], login: Login
) -> None:
    client = login(secretary_a)
    response = client.post(reverse("meetings:excusals"), {
        "member": people_a[2].pk, "reason": "长期患病住院", "starts_on": "2020-01-01",
    })  # fmt: skip
    assert response.status_code == 302
    meeting = planned(enterprise.branch_a.pk, at(timezone.localdate(), 9))
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "有表决权（2人）" in page and "不计入应到（1人）" in page and "长期患病住院" in page


def test_another_branch_secretary_gets_404(
    enterprise: SimpleNamespace, secretary_b: User, people_a: list[Member], login: Login,
    media: Path,
) -> None:  # fmt: skip
    meeting = now_meeting(enterprise.branch_a.pk)
    client = login(secretary_b)
    for name in ("detail", "record", "qr", "qr_count"):
        assert client.get(reverse(f"meetings:{name}", args=[meeting.pk])).status_code == 404, name
    for name in ("notify", "cancel", "review"):
        assert client.post(reverse(f"meetings:{name}", args=[meeting.pk])).status_code == 404, name
    upload = SimpleUploadedFile("照片.png", PNG_BYTES, content_type="image/png")
    response = client.post(reverse("meetings:attach", args=[meeting.pk]), {"file": upload})
    assert response.status_code == 404 and not Attachment.objects.exists()
    assert Meeting.objects.get().state == MeetingState.PLANNED
    assert client.get("/meetings/99999999999999999999/").status_code == 404


def test_an_attachment_is_not_served_to_a_member_of_another_branch(
    enterprise: SimpleNamespace, secretary_a: User, people_a: list[Member], member_b: Member,
    login: Login, media: Path,
) -> None:  # fmt: skip
    meeting = now_meeting(enterprise.branch_a.pk)
    client = login(secretary_a)
    upload = SimpleUploadedFile("会场照片.png", PNG_BYTES, content_type="image/png")
    client.post(reverse("meetings:attach", args=[meeting.pk]), {"file": upload})
    attachment = Attachment.objects.get(owner_kind="meeting", owner_id=meeting.pk)
    url = reverse("documents:attachment", args=[attachment.pk])
    assert (
        "会场照片.png" in client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    )
    assert client.get(url).status_code == 200
    outsider = Client()
    outsider.force_login(make_user("dangyuan_b", member=member_b))
    assert outsider.get(url).status_code == 404
    wrong = SimpleUploadedFile("a.png", b"MZ\x90\x00not-an-image", content_type="image/png")
    client.post(reverse("meetings:attach", args=[meeting.pk]), {"file": wrong})
    assert Attachment.objects.count() == 1


def test_bad_input_is_refused_naming_the_field(
    enterprise: SimpleNamespace, secretary_a: User, people_a: list[Member], member_b: Member,
    login: Login,
) -> None:  # fmt: skip
    client = login(secretary_a)
    base = {"organization": enterprise.branch_a.pk, "topic": "学习会", "kinds": ["theme_day"],
            "held_on": "2026-05-08", "starts": "14:00", "ends": "16:00"}  # fmt: skip
    cases: list[tuple[dict[str, object], str, str]] = [
        ({"topic": "  "}, "topic", "会议主题"),
        ({"held_on": "2026-13-45"}, "held_on", "会议日期"),
        ({"held_on": "1800-01-01"}, "held_on", "会议日期"),
        ({"starts": "25:99"}, "starts", "开始时间"),
        ({"ends": "13:00"}, "ends", "结束时间"),
        ({"kinds": ["no_such_kind"]}, "kinds", "会议类型"),
        ({"kinds": []}, "kinds", "会议类型"),
        ({"host": member_b.pk}, "host", "主持人"),
        ({"organization": enterprise.branch_b.pk}, "organization", "召开组织"),
        ({"organization": "abc"}, "organization", "召开组织"),
        ({"topic": "学" * 200}, "topic", "会议主题"),
    ]
    for change, field, label in cases:
        response = client.post(reverse("meetings:plan"), {**base, **change})
        assert response.status_code == 400, change
        errors = errors_of(response.content.decode())
        assert field in errors and label in errors[field], (change, errors)
    assert not Meeting.objects.exists()
    assert client.get(reverse("meetings:list"), {"month": "2026-99", "org": ""}).status_code == 400
    assert client.get(reverse("meetings:list"), {"org": "x"}).status_code == 404
    assert client.get(reverse("meetings:list"), {"org": enterprise.branch_b.pk}).status_code == 404
    meeting = planned(enterprise.branch_a.pk, at(date(2026, 3, 5), 14))
    response = client.post(
        reverse("meetings:record", args=[meeting.pk]),
        {"content": "", f"mark_{people_a[0].pk}": "sleeping"},
    )
    errors = errors_of(response.content.decode())
    assert response.status_code == 400 and "会议内容" in errors["content"]
    assert "支部党员0" in errors[f"mark_{people_a[0].pk}"]
    assert Meeting.objects.get().state == MeetingState.PLANNED


def test_excusal_bad_dates_name_the_field(
    enterprise: SimpleNamespace, secretary_a: User, people_a: list[Member], member_b: Member,
    login: Login,
) -> None:  # fmt: skip
    client = login(secretary_a)
    cases: list[tuple[dict[str, object], str]] = [
        ({"member": people_a[0].pk, "reason": "出国", "starts_on": "2026-05-01",
          "ends_on": "2026-04-01"}, "ends_on"),
        ({"member": member_b.pk, "reason": "出国", "starts_on": "2026-05-01"}, "member"),
        ({"member": people_a[0].pk, "reason": "", "starts_on": "2026-05-01"}, "reason"),
        ({"member": people_a[0].pk, "reason": "出国", "starts_on": "x"}, "starts_on"),
    ]  # fmt: skip
    for data, field in cases:
        response = client.post(reverse("meetings:excusals"), data)
        assert response.status_code == 400 and field in errors_of(response.content.decode()), data


def test_the_matrix_refuses_a_bad_year_naming_it(
    enterprise: SimpleNamespace, committee_admin: User, login: Login
) -> None:
    client = login(committee_admin)
    for year in ("abc", "99999", "-1"):
        response = client.get(reverse("meetings:matrix"), {"year": year})
        assert response.status_code == 400
        assert "年度" in errors_of(response.content.decode())["year"]
    response = client.get(reverse("meetings:matrix"), {"org": "9999"})
    assert response.status_code == 400 and "org" in errors_of(response.content.decode())


def test_sign_in_on_the_phone(
    enterprise: SimpleNamespace, secretary_a: User, people_a: list[Member], member_b: Member,
    login: Login,
) -> None:  # fmt: skip
    meeting = now_meeting(enterprise.branch_a.pk)
    qr = login(secretary_a).get(reverse("meetings:qr", args=[meeting.pk])).content.decode()
    url = re.search(r'data-url="([^"]+)"', qr)
    assert url is not None
    sign_url = url.group(1).replace("&amp;", "&")
    token = sign_url.split("?t=", 1)[1]
    phone = Client()
    assert phone.get(sign_url).status_code == 302  # to the login page first
    phone.force_login(User.objects.get(username="dangyuan_a0"))
    confirm = phone.get(sign_url).content.decode()
    assert "确认签到" in confirm and meeting.topic in confirm  # the page names the meeting
    forged = phone.post(reverse("meetings:sign_in", args=[meeting.pk]), {"t": token + "x"})
    assert forged.status_code == 400 and FORGED in forged.content.decode()
    done = phone.post(reverse("meetings:sign_in", args=[meeting.pk]), {"t": token})
    assert done.status_code == 200 and "签到成功" in done.content.decode()
    again = phone.post(reverse("meetings:sign_in", args=[meeting.pk]), {"t": token})
    assert again.status_code == 200 and "已签到" in again.content.decode()  # the first one
    assert Attendance.objects.filter(meeting=meeting).count() == 1
    outsider = Client()
    outsider.force_login(make_user("dangyuan_b", member=member_b))
    refused = outsider.post(reverse("meetings:sign_in", args=[meeting.pk]), {"t": token})
    # another branch's meeting: not revealed, but the member is told why the code fails
    assert refused.status_code == 400 and NOT_FOR_YOU in refused.content.decode()
    assert meeting.topic not in outsider.get(sign_url).content.decode()
    assert outsider.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 404
    counted = login(secretary_a).get(reverse("meetings:qr_count", args=[meeting.pk]))
    assert counted.content == b"1"


def test_leave_is_asked_approved_and_prefilled_in_the_record(
    enterprise: SimpleNamespace, secretary_a: User, people_a: list[Member], login: Login
) -> None:
    meeting = planned(enterprise.branch_a.pk, timezone.now() + timedelta(days=2))
    phone = Client()
    phone.force_login(User.objects.get(username="dangyuan_a1"))
    mine = phone.get(reverse("meetings:mine")).content.decode()
    assert meeting.topic in mine and reverse("meetings:leave", args=[meeting.pk]) in mine
    empty = phone.post(reverse("meetings:leave", args=[meeting.pk]), {"reason": " "})
    assert empty.status_code == 400 and "reason" in errors_of(empty.content.decode())
    asked = phone.post(reverse("meetings:leave", args=[meeting.pk]), {"reason": "出差在外地"})
    assert asked.status_code == 302
    leave = LeaveRequest.objects.get()
    client = login(secretary_a)
    client.post(reverse("meetings:leave_decide", args=[leave.pk]), {"decision": "approve"})
    assert LeaveRequest.objects.get().state == LeaveState.APPROVED
    meeting.starts_at = timezone.now() - timedelta(hours=3)
    meeting.ends_at = timezone.now() - timedelta(hours=1)
    meeting.save()
    form = client.get(reverse("meetings:record", args=[meeting.pk])).content.decode()
    chosen = re.search(rf'name="mark_{people_a[1].pk}".*?</select>', form, re.S)
    assert chosen is not None and 'value="leave" selected' in chosen.group(0)
    assert "已批准" in client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()


def test_record_then_review_return_and_accept(
    enterprise: SimpleNamespace, secretary_a: User, committee_admin: User,
    people_a: list[Member], login: Login,
) -> None:  # fmt: skip
    meeting = planned(enterprise.branch_a.pk, at(date(2026, 3, 5), 14))
    client = login(secretary_a)
    marks = {f"mark_{p.pk}": Mark.PRESENT for p in people_a}
    done = client.post(reverse("meetings:record", args=[meeting.pk]),
                       {"content": "传达学习会议精神。", "decisions": "通过计划", **marks})  # fmt: skip
    assert done.status_code == 302
    assert Attendance.objects.filter(meeting=meeting, mark=Mark.PRESENT).count() == 3
    refused = client.post(reverse("meetings:review", args=[meeting.pk]), {"decision": "accept"})
    assert refused.status_code == 403
    admin = Client()
    admin.force_login(committee_admin)
    queue = admin.get(reverse("meetings:review_queue")).content.decode()
    assert f'id="review-{meeting.pk}"' in queue
    admin.post(reverse("meetings:review", args=[meeting.pk]), {"decision": "return"})
    assert Meeting.objects.get().state == MeetingState.RECORDED
    page = admin.get(reverse("meetings:review_queue")).content.decode()
    assert "退回会议记录须写明原因" in page
    admin.post(reverse("meetings:review", args=[meeting.pk]),
               {"decision": "return", "reason": "缺少会议照片"})  # fmt: skip
    assert Meeting.objects.get().state == MeetingState.RETURNED
    assert (
        f'id="review-{meeting.pk}"'
        not in admin.get(reverse("meetings:review_queue")).content.decode()
    )
    detail = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "缺少会议照片" in detail
    client.post(
        reverse("meetings:record", args=[meeting.pk]), {"content": "补充照片后重新记录。", **marks}
    )
    admin.post(reverse("meetings:review", args=[meeting.pk]), {"decision": "accept"})
    assert Meeting.objects.get().state == MeetingState.REVIEWED
    events = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "退回：缺少会议照片" in events and "审核通过" in events


def test_matrix_cells_link_to_their_meetings_and_list_the_missing(
    enterprise: SimpleNamespace, committee_admin: User, people_a: list[Member], login: Login
) -> None:
    year = timezone.localdate().year - 1
    held = planned(enterprise.branch_a.pk, at(date(year, 2, 10), 14),
                   MeetingKind.BRANCH_ASSEMBLY, MeetingKind.PARTY_LECTURE)  # fmt: skip
    meeting_record(actor=None, meeting_id=held.pk,
                   minutes=MinutesInput(content="学习", marks=complete(held.pk)))  # fmt: skip
    not_recorded = planned(enterprise.branch_a.pk, at(date(year, 5, 10), 14))
    client = login(committee_admin)
    query = {"org": enterprise.root.pk, "year": year, "grain": "quarter"}
    html = client.get(reverse("meetings:matrix"), query).content.decode()
    table = html.split('id="compliance-matrix"', 1)[1]
    link = reverse("meetings:detail", args=[held.pk])
    assert table.count(f'href="{link}"') == 2  # once for each kind it is marked with
    assert reverse("meetings:detail", args=[not_recorded.pk]) not in table
    row = re.search(r"一支部</td>\s*<td class=\"kind-name\">支部党员大会.*?</tr>", table, re.S)
    assert row is not None
    cells = re.findall(r'<span class="cell-state (\w+)"', row.group(0))
    assert cells == ["held", "missing", "missing", "missing"]
    missing = client.get(reverse("meetings:missing"), query).content.decode()
    assert f"{year}年第二季度、{year}年第三季度、{year}年第四季度" in missing
    months = client.get(reverse("meetings:matrix"), {**query, "grain": "month"}).content.decode()
    assert months.count(f'href="{link}"') == 2
    scoped = Client()
    scoped.force_login(make_user("shuji_c", Role.SECRETARY, enterprise.branch_c))
    assert (
        "一支部"
        not in scoped.get(reverse("meetings:matrix"))
        .content.decode()
        .split('id="compliance-matrix"', 1)[1]
    )


def test_a_member_sees_their_year_and_rate(
    enterprise: SimpleNamespace, people_a: list[Member]
) -> None:
    year = timezone.localdate().year
    first = planned(enterprise.branch_a.pk, at(date(year, 1, 5), 9))
    second = planned(enterprise.branch_a.pk, at(date(year, 1, 6), 9))
    me = people_a[0].pk
    meeting_record(actor=None, meeting_id=first.pk,
                   minutes=MinutesInput(content="x", marks=complete(first.pk, (me, Mark.PRESENT))))  # fmt: skip
    meeting_record(actor=None, meeting_id=second.pk,
                   minutes=MinutesInput(content="x", marks=complete(second.pk, (me, Mark.ABSENT))))  # fmt: skip
    phone = Client()
    phone.force_login(User.objects.get(username="dangyuan_a0"))
    page = phone.get(reverse("meetings:mine")).content.decode()
    assert re.search(r'id="attendance-rate">50\.0%<', page)


def test_the_matrix_pages_through_organisations(
    enterprise: SimpleNamespace, committee_admin: User, login: Login,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    from dangjian.meetings import views_committee

    monkeypatch.setattr(views_committee, "ORGS_PER_PAGE", 2)
    client = login(committee_admin)
    names = set()
    for number in ("1", "2", "3"):
        html = client.get(reverse("meetings:matrix"), {"page": number}).content.decode()
        table = html.split('id="compliance-matrix"', 1)[1]
        names |= set(re.findall(r'class="org-name">([^<]+)<', table))
    assert names == {"一支部", "一支部第一党小组", "二支部", "三支部"}
    assert client.get(reverse("meetings:matrix"), {"page": "abc"}).status_code == 200


def test_leave_of_another_branch_cannot_be_decided(
    enterprise: SimpleNamespace, secretary_b: User, people_a: list[Member], login: Login
) -> None:
    meeting = planned(enterprise.branch_a.pk, timezone.now() + timedelta(days=2))
    leave = LeaveRequest.objects.create(meeting=meeting, member=people_a[0], reason="出差")
    client = login(secretary_b)
    response = client.post(
        reverse("meetings:leave_decide", args=[leave.pk]), {"decision": "approve"}
    )
    assert response.status_code == 404
    assert client.get(reverse("meetings:leave", args=[meeting.pk])).status_code == 404
    assert LeaveRequest.objects.get().state == LeaveState.PENDING


def test_a_cancellation_needs_a_reason_of_bounded_length(
    enterprise: SimpleNamespace, secretary_a: User, login: Login
) -> None:
    meeting = planned(enterprise.branch_a.pk, timezone.now() + timedelta(days=2))
    client = login(secretary_a)
    url = reverse("meetings:cancel", args=[meeting.pk])
    for reason, message in (("", "请填写取消原因"), ("因" * 301, "取消原因最多300个字")):
        page = client.post(url, {"reason": reason}, follow=True).content.decode()
        assert message in page
        assert Meeting.objects.get().state == MeetingState.PLANNED
    client.post(url, {"reason": "与上级会议时间冲突"})
    assert Meeting.objects.get().state == MeetingState.CANCELLED
    again = client.post(url, {"reason": "再次取消"}, follow=True).content.decode()
    assert "不能取消" in again
