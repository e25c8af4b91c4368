"""A meeting's record (会议记录) printed as Word and PDF: what it shows (the facts, attendance by
name, minutes, votes with their arithmetic, attachments), an A4 page, and the same scope as the
meeting's page (another branch: 404; a member of the branch: 403)."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from docx import Document
from pypdf import PdfReader
from pytest_django.fixtures import Settings

from dangjian.documents.services import attachment_add
from dangjian.meetings.inputs import MinutesInput
from dangjian.meetings.models import Meeting
from dangjian.meetings.services import excusal_record, meeting_record
from dangjian.meetings.votes import meeting_vote_record
from dangjian.members.models import Member
from dangjian.rules.meetings.kinds import MeetingKind
from tests.factories import make_member, make_user
from tests.meetings.marks import complete
from tests.meetings.test_services import plan

Login = Callable[[User], Client]
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 2000
DAY = date(2026, 6, 10)


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def media(settings: Settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def people(enterprise: SimpleNamespace) -> list[Member]:
    """Six members of branch A: 赵出席, 钱出席, 孙迟到, 李请假, 周缺席, 吴未标 (no mark)."""
    names = ("赵出席", "钱出席", "孙迟到", "李请假", "周缺席", "吴未标")
    return [make_member(enterprise.branch_a, name=n) for n in names]


@pytest.fixture
def recorded(
    enterprise: SimpleNamespace, secretary_a: User, people: list[Member], media: Path
) -> Meeting:
    """A 党员大会 that is also a 党课, recorded with marks, one vote and one photo; 郑请长假
    is excused (MEET-10) and printed apart with the reason."""
    excused = make_member(enterprise.branch_a, name="郑请长假")
    excusal_record(actor=secretary_a, member_id=excused.pk, reason="长期病休",
                   starts_on=date(2026, 1, 1), ends_on=None)  # fmt: skip
    meeting = plan(
        secretary_a, enterprise.branch_a.pk, DAY, MeetingKind.BRANCH_ASSEMBLY,
        MeetingKind.PARTY_LECTURE,
    )  # fmt: skip
    meeting.host, meeting.recorder = people[0], people[1]
    meeting.save(update_fields=["host", "recorder"])
    marks = tuple(zip((p.pk for p in people[:5]),
                      ("present", "present", "late", "leave", "absent"), strict=True))  # fmt: skip
    meeting_record(actor=secretary_a, meeting_id=meeting.pk, minutes=MinutesInput(
        content="传达学习全会精神。\n讨论本季度工作。", decisions="同意推荐赵出席为优秀党员",
        speakers="钱出席：结合岗位谈体会", marks=complete(meeting.pk, *marks),
    ))  # fmt: skip
    meeting_vote_record(actor=secretary_a, meeting_id=meeting.pk, subject="推荐优秀党员",
                        kind="branch_assembly", present_ids=tuple(p.pk for p in people[:3]),
                        yes=3)  # fmt: skip
    attachment_add(actor=secretary_a, owner_kind="meeting", owner_id=meeting.pk,
                   upload=io.BytesIO(PNG_BYTES), name="会场照片.png")  # fmt: skip
    return meeting


def _get(client: Client, meeting: Meeting, fmt: str) -> bytes:
    response = client.get(reverse("meetings:minutes", args=[meeting.pk, fmt]))
    assert response.status_code == 200, response.content[:300]
    return response.content


def _assert_record(text: str) -> None:
    """What both formats must show (whitespace ignored: PDF text breaks lines anywhere)."""
    flat = "".join(text.split())
    for expected in (
        "会议记录", "学习贯彻党的二十届四中全会精神", "支部党员大会、党课", "一支部",
        "2026年6月10日14:00–16:00", "三楼会议室",
        "出席2钱出席、赵出席", "迟到1孙迟到", "请假1李请假",
        "缺席2吴未标、周缺席",  # no mark counts as absent
        "郑请长假（不计入应到：经批准不参加（长期病休））",
        "传达学习全会精神。", "讨论本季度工作。", "同意推荐赵出席为优秀党员", "钱出席：结合岗位谈体会",
        # MEET-1: 6 voting members (the excused one is left out), 3 present: a quorum, but 3
        # yes votes are not more than half of the 6.
        "推荐优秀党员：应到有表决权6人，实到3人；赞成3票，反对0票，弃权0票",
        "支部工作条例", "须至少4票", "未超过半数", "结果：未通过",
        "会场照片.png（2.0KB）",
    ):  # fmt: skip
        assert expected in flat, expected


def test_the_record_prints_as_word_on_a4(
    recorded: Meeting, secretary_a: User, login: Login
) -> None:
    data = _get(login(secretary_a), recorded, "docx")
    _assert_record(docx_text(data))
    text = docx_text(data)
    assert "主持人\n赵出席" in text and "记录人\n钱出席" in text
    section = Document(io.BytesIO(data)).sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


def test_the_record_prints_as_pdf_on_a4(recorded: Meeting, secretary_a: User, login: Login) -> None:
    data = _get(login(secretary_a), recorded, "pdf")
    assert data.startswith(b"%PDF")
    _assert_record(pdf_text(data))
    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)


def test_a_meeting_without_minutes_prints_none_in_its_sections(
    enterprise: SimpleNamespace, secretary_a: User, people: list[Member], login: Login
) -> None:
    meeting = plan(secretary_a, enterprise.branch_a.pk, DAY)
    text = "".join(docx_text(_get(login(secretary_a), meeting, "docx")).split())
    assert "应到6" in text and "未记录6" in text and "缺席0无" in text and "出席0无" in text
    assert "表决情况无" in text and "附件无" in text


def test_the_record_is_scoped_like_the_meeting_page(
    enterprise: SimpleNamespace, recorded: Meeting, secretary_b: User, people: list[Member],
    member_b: Member, login: Login, committee_admin_root: User,
) -> None:  # fmt: skip
    """Another branch's secretary and a member of another branch: 404 (as for the page); a
    member of the branch itself, who sees the meeting only on the phone: 403; the 党委: 200."""
    for fmt in ("docx", "pdf"):
        url = reverse("meetings:minutes", args=[recorded.pk, fmt])
        assert login(secretary_b).get(url).status_code == 404
        assert login(make_user(f"b_{fmt}", member=member_b)).get(url).status_code == 404
        assert login(make_user(f"a_{fmt}", member=people[2])).get(url).status_code == 403
        assert login(committee_admin_root).get(url).status_code == 200
    odd = f"/meetings/{recorded.pk}/minutes.txt"
    assert login(committee_admin_root).get(odd).status_code == 404


def test_the_meeting_page_links_the_record(
    recorded: Meeting, secretary_a: User, login: Login
) -> None:
    page = login(secretary_a).get(reverse("meetings:detail", args=[recorded.pk])).content.decode()
    assert reverse("meetings:minutes", args=[recorded.pk, "docx"]) in page
    assert reverse("meetings:minutes", args=[recorded.pk, "pdf"]) in page


@pytest.fixture
def committee_admin_root(enterprise: SimpleNamespace) -> User:
    from tests.factories import Role

    return make_user("dangwei_root", Role.ORG_ADMIN, enterprise.root)
