"""MEET-9 counted per cadre (双重组织生活): who is a leading cadre in a year (a post in a 党委 or
党总支 during the year, or the archive's flag as it stood at the year's end), their own branch's
meetings they should have attended by the register of each day, what they attended; the
page, its link from the compliance page, its scope and the Excel export."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from dangjian.meetings.cadres import cadre_attendance
from dangjian.meetings.inputs import MeetingInput, MinutesInput
from dangjian.meetings.models import Meeting
from dangjian.meetings.services import excusal_record, meeting_plan, meeting_record
from dangjian.members.models import Member, Position
from dangjian.members.services import member_change
from dangjian.rules.meetings.kinds import MeetingKind
from tests.factories import Role, make_member, make_user
from tests.meetings.marks import complete

Login = Callable[[User], Client]
SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 11, 30)


def held(org_id: int, day: date, marks: dict[int, str], kind: MeetingKind) -> Meeting:
    starts = datetime(day.year, day.month, day.day, 14, tzinfo=SHANGHAI)
    meeting = meeting_plan(actor=None, data=MeetingInput(
        organization_id=org_id, topic=f"{day}学习", kinds=(kind.value,), starts_at=starts,
        ends_at=starts + timedelta(hours=2),
    ))  # fmt: skip
    return meeting_record(actor=None, meeting_id=meeting.pk,
                          minutes=MinutesInput(content="学习", marks=complete(meeting.pk, *marks.items())))  # fmt: skip


@pytest.fixture
def cadres(enterprise: SimpleNamespace) -> SimpleNamespace:
    """总支书记 (a member of branch A holding the 党总支's post since 2024), 档案领导干部 (branch C,
    flagged), 支部书记 (branch A, a branch post only: not a cadre), 后来标记 (flagged from
    2026-03-01), 曾经标记 (flagged, unflagged 2026-02-01), 普通党员 (branch A)."""
    leader = make_member(enterprise.branch_a, name="总支书记")
    Position.objects.create(member=leader, organization=enterprise.general, title="secretary",
                            started_on=date(2024, 1, 1))  # fmt: skip
    flagged = make_member(enterprise.branch_c, name="档案领导干部", is_leading_cadre=True)
    branch_post = make_member(enterprise.branch_a, name="支部书记")
    Position.objects.create(member=branch_post, organization=enterprise.branch_a,
                            title="secretary", started_on=date(2024, 1, 1))  # fmt: skip
    later = make_member(enterprise.branch_b, name="后来标记")
    member_change(actor=None, member_id=later.pk, changes={"is_leading_cadre": True},
                  effective_on=date(2026, 3, 1), reason="任公司副总经理")  # fmt: skip
    former = make_member(enterprise.branch_b, name="曾经标记", is_leading_cadre=True)
    member_change(actor=None, member_id=former.pk, changes={"is_leading_cadre": False},
                  effective_on=date(2026, 2, 1), reason="退休")  # fmt: skip
    plain = make_member(enterprise.branch_a, name="普通党员")
    return SimpleNamespace(leader=leader, flagged=flagged, branch_post=branch_post, later=later,
                           former=former, plain=plain)  # fmt: skip


@pytest.fixture
def root_admin(enterprise: SimpleNamespace) -> User:
    """The 党委's organisation department (the whole enterprise)."""
    return make_user("dangwei_cadres", Role.ORG_ADMIN, enterprise.root)


@pytest.fixture
def year_2025(enterprise: SimpleNamespace, cadres: SimpleNamespace) -> None:
    """Branch A: three counted meetings (总支书记 present, late, absent) and one only planned;
    its 党小组 one meeting (总支书记 not in the group: not owed); branch B one meeting
    (曾经标记 present); branch C one meeting where 档案领导干部 is excused (MEET-10)."""
    a, leader = enterprise.branch_a.pk, cadres.leader.pk
    held(a, date(2025, 3, 10), {leader: "present"}, MeetingKind.BRANCH_ASSEMBLY)
    held(a, date(2025, 6, 10), {leader: "late"}, MeetingKind.THEME_DAY)
    held(a, date(2025, 9, 10), {leader: "absent"}, MeetingKind.THEME_DAY)
    meeting_plan(actor=None, data=MeetingInput(
        organization_id=a, topic="未召开", kinds=(MeetingKind.THEME_DAY.value,),
        starts_at=datetime(2025, 12, 1, 14, tzinfo=SHANGHAI),
        ends_at=datetime(2025, 12, 1, 16, tzinfo=SHANGHAI),
    ))  # fmt: skip
    held(enterprise.group_a.pk, date(2025, 4, 20), {}, MeetingKind.GROUP_MEETING)
    held(enterprise.branch_b.pk, date(2025, 5, 5), {cadres.former.pk: "present"},
         MeetingKind.THEME_DAY)  # fmt: skip
    excusal_record(actor=None, member_id=cadres.flagged.pk, reason="驻外项目",
                   starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31))  # fmt: skip
    held(enterprise.branch_c.pk, date(2025, 7, 7), {}, MeetingKind.THEME_DAY)


def test_cadres_of_a_year_are_posts_above_the_branch_or_the_flag_of_the_year_end(
    enterprise: SimpleNamespace, cadres: SimpleNamespace, year_2025: None, root_admin: User
) -> None:
    lines = {c.name: c for c in cadre_attendance(root_admin, enterprise.root, 2025, TODAY)}
    assert set(lines) == {"总支书记", "档案领导干部", "曾经标记"}
    assert lines["总支书记"].reasons == ("第一党总支书记",)
    assert lines["档案领导干部"].reasons == ("档案标记为领导干部",)
    later = {c.name for c in cadre_attendance(root_admin, enterprise.root, 2026, TODAY)}
    assert later == {"总支书记", "档案领导干部", "后来标记"}


def test_a_cadre_is_counted_in_their_own_branch_by_the_register_of_each_day(
    enterprise: SimpleNamespace, cadres: SimpleNamespace, year_2025: None, root_admin: User
) -> None:
    lines = {c.name: c for c in cadre_attendance(root_admin, enterprise.root, 2025, TODAY)}
    leader = lines["总支书记"]
    assert leader.branch_name == "一支部"
    # three counted meetings of branch A (the planned one and the group's do not count for him)
    assert (leader.should, leader.attended, leader.late, leader.absent) == (3, 2, 1, 1)
    assert leader.rate_text == "66.7%"
    assert (lines["曾经标记"].should, lines["曾经标记"].rate_text) == (1, "100.0%")
    # excused for the year (MEET-10): nothing owed, no rate rather than 0%
    assert (lines["档案领导干部"].should, lines["档案领导干部"].rate_text) == (0, "—")


def test_the_cadre_page_is_scoped_linked_and_exported(
    enterprise: SimpleNamespace, cadres: SimpleNamespace, year_2025: None,
    org_admin_general: User, member_a_user: User, login: Login, root_admin: User,
) -> None:  # fmt: skip
    client = login(root_admin)
    matrix = client.get(reverse("meetings:matrix"), {"org": enterprise.root.pk, "year": 2025})
    assert reverse("meetings:cadres") in matrix.content.decode()
    page = client.get(reverse("meetings:cadres"), {"org": enterprise.root.pk, "year": 2025})
    html = page.content.decode()
    assert page.status_code == 200 and "总支书记" in html and "档案领导干部" in html
    assert "66.7%" in html and "党员教育管理工作条例》第十六条" in html
    # the 党总支's administrator sees branches A and B only, and not the 党委 itself
    client = login(org_admin_general)
    html = client.get(reverse("meetings:cadres"), {"year": 2025}).content.decode()
    assert "总支书记" in html and "档案领导干部" not in html
    outside = client.get(reverse("meetings:cadres"), {"org": enterprise.root.pk, "year": 2025})
    # an organisation outside the scope is not among the choices: refused, nothing shown
    assert outside.status_code == 400 and "档案领导干部" not in outside.content.decode()
    bad = client.get(reverse("meetings:cadres"), {"year": "二〇二五"})
    assert bad.status_code == 400 and "年度" in bad.content.decode()
    assert login(member_a_user).get(reverse("meetings:cadres")).status_code == 403
    # Excel: the same lines
    client = login(root_admin)
    data = client.get(reverse("meetings_doors:cadres_xlsx"),
                      {"org": enterprise.root.pk, "year": 2025}).content  # fmt: skip
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    rows = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    leader_row = next(r for r in rows if r[0] == "总支书记")
    assert leader_row[1:] == ["第一党总支书记", "一支部", 3, 2, 1, 0, 1, 0, "66.7%"]
    assert any("领导干部参加双重组织生活情况" in str(r[0]) for r in rows[:2])
    assert (
        login(org_admin_general)
        .get(reverse("meetings_doors:cadres_xlsx"), {"org": enterprise.root.pk})
        .status_code
        == 404
    )


def test_no_cadre_gives_an_empty_list(
    enterprise: SimpleNamespace, member_a: Member, root_admin: User
) -> None:
    assert cadre_attendance(root_admin, enterprise.root, 2025, TODAY) == []
