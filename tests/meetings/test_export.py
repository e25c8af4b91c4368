"""Excel exports of 组织生活: the compliance matrix and a year's attendance, scoped."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from types import SimpleNamespace
from typing import Any

from django.contrib.auth.models import User
from django.test import Client
from openpyxl import load_workbook

from dangjian.meetings.inputs import MinutesInput
from dangjian.meetings.models import Mark
from dangjian.meetings.services import meeting_record
from dangjian.members.models import Member
from dangjian.rules.meetings.kinds import MeetingKind
from tests.factories import Role, make_member, make_user
from tests.meetings.test_services import plan


def _sheet(content: bytes) -> list[list[Any]]:
    book = load_workbook(io.BytesIO(content), read_only=True)
    return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def test_the_compliance_matrix_of_a_subtree(
    enterprise: SimpleNamespace, login: Callable[[User], Client]
) -> None:
    meeting = plan(None, enterprise.branch_a.pk, date(2025, 5, 6), MeetingKind.BRANCH_ASSEMBLY)
    meeting_record(actor=None, meeting_id=meeting.pk, minutes=MinutesInput(content="学习"))
    client = login(make_user("dangwei_admin", Role.ORG_ADMIN, enterprise.root))
    response = client.get(
        "/meetings/export/compliance.xlsx", {"org": enterprise.root.pk, "year": 2025}
    )
    assert response.status_code == 200
    rows = _sheet(response.content)
    assert rows[0][0] == "测试公司党委2025年组织生活落实情况"
    assert rows[2][:4] == ["党组织", "会议类型", "频次", "应开（期）"]
    line = next(r for r in rows[3:] if r[0] == "一支部" and r[1] == "支部党员大会")
    assert line[3:7] == [4, 1, 3, "2025年第一季度、2025年第三季度、2025年第四季度"]
    assert "2025年第二季度：已召开1次" in line[7]
    assert line[8] == "《中国共产党支部工作条例（试行）》第十一条"
    assert {r[0] for r in rows[3:]} == {"一支部", "二支部", "三支部", "一支部第一党小组"}


def test_a_secretary_exports_only_their_branch(
    enterprise: SimpleNamespace, secretary_a: User, login: Callable[[User], Client]
) -> None:
    client = login(secretary_a)
    own = client.get(
        "/meetings/export/compliance.xlsx", {"org": enterprise.branch_a.pk, "year": 2025}
    )
    assert {r[0] for r in _sheet(own.content)[3:]} == {"一支部", "一支部第一党小组"}
    for url in ("/meetings/export/compliance.xlsx", "/meetings/export/attendance.xlsx"):
        assert client.get(url, {"org": enterprise.branch_b.pk, "year": 2025}).status_code == 404
        assert client.get(url, {"org": "abc", "year": "x"}).status_code == 404


def test_a_years_attendance_with_marks_and_rates(
    enterprise: SimpleNamespace, login: Callable[[User], Client]
) -> None:
    people: list[Member] = [make_member(enterprise.branch_a, name=n) for n in ("甲", "乙")]
    for day, marks in ((date(2025, 3, 4), (Mark.PRESENT, Mark.ABSENT)),
                       (date(2025, 6, 4), (Mark.LATE, Mark.LEAVE))):  # fmt: skip
        meeting = plan(None, enterprise.branch_a.pk, day, MeetingKind.BRANCH_ASSEMBLY)
        minutes = MinutesInput(
            content="学习", marks=tuple((p.pk, m.value) for p, m in zip(people, marks, strict=True))
        )
        meeting_record(actor=None, meeting_id=meeting.pk, minutes=minutes)
    plan(None, enterprise.branch_a.pk, date(2025, 9, 4), MeetingKind.BRANCH_ASSEMBLY)  # not held
    client = login(make_user("dangwei_admin", Role.ORG_ADMIN, enterprise.root))
    response = client.get(
        "/meetings/export/attendance.xlsx", {"org": enterprise.branch_a.pk, "year": 2025}
    )
    assert response.status_code == 200
    rows = _sheet(response.content)
    headers = rows[2]
    assert headers[1:3] == [
        "03-04 学习贯彻党的二十届四中全会精神",
        "06-04 学习贯彻党的二十届四中全会精神",
    ]
    assert headers[3:] == ["应到（次）", "出席", "迟到", "请假", "缺席", "未记录", "出席率"]
    by_name = {r[0]: r for r in rows[3:]}
    assert by_name["甲"][1:] == ["出席", "迟到", 2, 1, 1, 0, 0, 0, "100.0%"]
    assert by_name["乙"][1:] == ["缺席", "请假", 2, 0, 0, 1, 1, 0, "0.0%"]
