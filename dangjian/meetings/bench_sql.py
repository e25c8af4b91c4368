"""Set-based generation of the meetings benchmark's members, meetings and attendance on
PostgreSQL (``INSERT ... SELECT`` over ``generate_series``): the same shape as the bulk path
of ``bench.py`` (same members per branch, same kinds per month, about one period in twenty
skipped, one record in fifty returned), drawn from ``hashtext`` instead of Python's random, so
a million members and tens of millions of attendance rows are written in minutes.

Every column of a table is written (``core.rawinsert.insert_generated``): those the generator
sets come from ``overrides`` (SQL), the others take the model field's default, so a column
added later cannot break it.
"""

from __future__ import annotations

from datetime import datetime

from django.db import connection

from dangjian.core.rawinsert import NOW, insert_generated
from dangjian.meetings.models import Attendance, Meeting, MeetingKindMark
from dangjian.members.models import Member
from dangjian.rules.meetings.kinds import MeetingKind

MARKS = "ARRAY['present','present','present','present','present','present','present','present'," \
    "'present','present','present','present','present','present','present','present','present'," \
    "'late','leave','absent']"  # fmt: skip


def load_branches(branches: list[tuple[int, int | None]]) -> None:
    """A temporary table of the branches (index, id, its 党小组 or NULL) the SQL draws from."""
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_branch")
        cursor.execute(
            "CREATE TEMP TABLE bench_branch (idx int PRIMARY KEY, id bigint, grp bigint,"
            " full_n int NOT NULL DEFAULT 0)"
        )
        cursor.execute(
            "INSERT INTO bench_branch (idx, id, grp) SELECT t.n - 1, t.id, t.grp "
            "FROM unnest(%s::bigint[], %s::bigint[]) WITH ORDINALITY AS t(id, grp, n)",
            [[b for b, _ in branches], [g for _, g in branches]],
        )


def members(count: int, now: datetime) -> int:
    """``count`` members, member ``i`` in branch ``i mod branches`` (every third in its
    党小组 where it has one), one in 23 probationary: the bulk path's members."""
    day = "make_date({} + g.i %% {}, 1 + g.i %% 12, 1 + g.i %% 28)"
    overrides = {
        "name": "'党员' || g.i", "name_pinyin": "'dangyuan' || g.i", "name_initials": "'dy'",
        "gender": "CASE WHEN g.i %% 2 = 0 THEN 'M' ELSE 'F' END",
        "birth_date": day.format(1960, 40), "education": "'bachelor'",
        "occupation": "'professional'", "joined_on": day.format(1990, 30),
        "confirmed_on": f"CASE WHEN g.i %% 23 = 0 THEN NULL ELSE {day.format(1991, 30)} END",
        "stage": "CASE WHEN g.i %% 23 = 0 THEN 'probationary' ELSE 'full' END",
        "status": "'normal'", "dues_category": "'salaried'", "organization_id": "b.id",
        "party_group_id": "CASE WHEN g.i %% 3 = 0 THEN b.grp END",
        "created_at": NOW, "updated_at": NOW,
    }  # fmt: skip
    source = (
        "FROM generate_series(0, %s - 1) AS g(i) "
        "JOIN bench_branch b ON b.idx = g.i %% (SELECT count(*) FROM bench_branch)"
    )
    made = insert_generated(Member, overrides, source, [count], now)
    count_full_members()
    return made


def count_full_members() -> None:
    """Each branch's full members in ``bench_branch``: who has a committee (ORG-3)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE bench_branch b SET full_n = c.n FROM (SELECT organization_id, count(*) AS n"
            " FROM members_member WHERE stage = 'full' AND status = 'normal' GROUP BY 1) c"
            " WHERE c.organization_id = b.id"
        )


def _meetings(holder: str, day: str, keep: str, tag: str, now: datetime, first_year: int) -> int:
    """One meeting per holder and month of the two years where ``keep`` (about 95%); one
    record in fifty returned."""
    held = f"make_date(mo.y, mo.m, {day})"
    overrides = {
        "organization_id": holder, "topic": "'学习交流'", "held_on": held,
        "starts_at": f"({held} + time '14:00') AT TIME ZONE 'Asia/Shanghai'",
        "ends_at": f"({held} + time '16:00') AT TIME ZONE 'Asia/Shanghai'",
        "content": "'学习'",
        "state": f"CASE WHEN abs(hashtext(b.idx || '{tag}' || mo.y || '-' || mo.m)) %% 50 = 0"
                 " THEN 'returned' ELSE 'reviewed' END",
        "created_at": NOW, "updated_at": NOW,
    }  # fmt: skip
    source = (
        "FROM bench_branch b CROSS JOIN (SELECT y, m FROM generate_series(%s, %s + 1) y, "
        f"generate_series(1, 12) m) mo WHERE {keep}"
    )
    return insert_generated(Meeting, overrides, source, [first_year, first_year], now)


def _kept(tag: str) -> str:
    return f"abs(hashtext(b.idx || '{tag}' || mo.y || '-' || mo.m)) %% 20 <> 0"


def meetings(first_year: int, now: datetime, committee_minimum: int) -> int:
    """Every branch a monthly 主题党日 (day 10 to 24), a monthly 支委会 (day 5) where it has
    ``committee_minimum`` full members, and every 党小组 a monthly meeting (day 20); then the
    kinds: the quarter's first month's 主题党日 is also its 党员大会 and 党课, December's also
    the 组织生活会 and 民主评议."""
    total = _meetings("b.id", "10 + abs(hashtext(b.idx || 'd' || mo.y || '-' || mo.m)) %% 15",
                      _kept("t"), "st", now, first_year)  # fmt: skip
    committee = f"{_kept('c')} AND b.full_n >= {int(committee_minimum)}"
    total += _meetings("b.id", "5", committee, "sc", now, first_year)
    grouped = f"b.grp IS NOT NULL AND {_kept('g')}"
    total += _meetings("b.grp", "20", grouped, "sg", now, first_year)
    _kinds()
    return total


_KIND_RULES = (
    (MeetingKind.THEME_DAY, "o.kind = 'branch' AND extract(day FROM mt.held_on) >= 10"),
    (MeetingKind.BRANCH_ASSEMBLY, "o.kind = 'branch' AND extract(day FROM mt.held_on) >= 10 "
                                  "AND extract(month FROM mt.held_on) IN (1, 4, 7, 10)"),
    (MeetingKind.PARTY_LECTURE, "o.kind = 'branch' AND extract(day FROM mt.held_on) >= 10 "
                                "AND extract(month FROM mt.held_on) IN (1, 4, 7, 10)"),
    (MeetingKind.LIFE_MEETING, "o.kind = 'branch' AND extract(day FROM mt.held_on) >= 10 "
                               "AND extract(month FROM mt.held_on) = 12"),
    (MeetingKind.DEMOCRATIC_REVIEW, "o.kind = 'branch' AND extract(day FROM mt.held_on) >= 10 "
                                    "AND extract(month FROM mt.held_on) = 12"),
    (MeetingKind.BRANCH_COMMITTEE, "o.kind = 'branch' AND extract(day FROM mt.held_on) = 5"),
    (MeetingKind.GROUP_MEETING, "o.kind = 'group'"),
)  # fmt: skip


def _kinds() -> None:
    """The kind marks, derived from each meeting's holder and day as the generator set them."""
    for kind, where in _KIND_RULES:
        insert_generated(
            MeetingKindMark, {"meeting_id": "mt.id", "kind": f"'{kind.value}'"},
            "FROM meetings_meeting mt JOIN orgs_organization o ON o.id = mt.organization_id "
            f"WHERE {where}", [],
        )  # fmt: skip


def attendance(scope_path: str) -> int:
    """One row per member of the branch at every branch meeting under ``scope_path``: 17 in
    20 present, the rest late, on leave or absent."""
    overrides = {
        "meeting_id": "mt.id", "member_id": "mem.id",
        "mark": f"({MARKS})[1 + abs(hashtext(mt.id || '-' || mem.id)) %% 20]",
    }  # fmt: skip
    source = (
        "FROM meetings_meeting mt JOIN orgs_organization o ON o.id = mt.organization_id "
        "JOIN members_member mem ON mem.organization_id = mt.organization_id "
        "WHERE o.kind = 'branch' AND o.path LIKE %s"
    )
    return insert_generated(Attendance, overrides, source, [scope_path + "%"])
