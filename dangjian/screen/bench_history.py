"""Two years of workflow history for the big screen's benchmark, on PostgreSQL, over the
organisations and members already in the database (the demo's bulk path writes the archive and
its history of admissions, confirmations, letters, deaths and suspensions, but no workflow).

``generate(today=..., seed=...)`` writes, each part with the generator its own benchmark uses:

- 班子与换届: a committee history of three terms for every organisation elected for a term,
  about one current term in ten run out (``elections.bench.write_terms``);
- 三会一课: from January of last year to today, every 党支部 a monthly 主题党日 (the quarter's
  first also its 党员大会 and 党课, December's also 组织生活会 and 民主评议), a monthly 支委会
  where it has a committee, its first 党小组 a monthly meeting, about one in twenty skipped
  (``meetings.bench_sql``, set-based); nothing after today;
- 党费: a ledger row for every member in good standing and every month of the two calendar
  years up to this month, paid between the 5th and the 24th, about one month in 33 unpaid, and
  one member in 400 unpaid for the last eight months (the arrears alert, DUES-13); set-based,
  one statement per month;
- 发展党员: a person in the process for every twenty members, with dated steps over the last
  fourteen months and their open deadlines (``demo.development_bench.write_people``);
- 智能研判: one scan of today (``alerts.services.scan_alerts``), unless ``scan`` is false.

Attendance is not written: no panel of the screen reads it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.utils import timezone

from dangjian.alerts.services import scan_alerts
from dangjian.core.rawinsert import NOW, insert_generated
from dangjian.demo.development_bench import write_people
from dangjian.dues.models import LedgerEntry, Method, PayerKind
from dangjian.elections.bench import write_terms
from dangjian.meetings import bench_sql
from dangjian.meetings.models import Meeting
from dangjian.meetings.selectors import COMMITTEE_MINIMUM
from dangjian.members.models import Member
from dangjian.orgs.models import Organization
from dangjian.rules.dates import add_months
from dangjian.rules.organization import OrgKind

YEARS = 2  # calendar years of history: last year and this one, up to today
MEMBERS_PER_APPLICANT = 20
ARREARS_MONTHS = 8  # the months a defaulting member has left unpaid (DUES-13 alerts at 6)


@dataclass(frozen=True)
class Part:
    """One part of the history: what was written, how many rows, in seconds."""

    label: str
    rows: int
    seconds: float


def generate(
    *,
    today: date,
    seed: int,
    scan: bool = True,
    progress: Callable[[str], None] = lambda line: None,
) -> list[Part]:
    """Write the history described above into a database holding organisations and members
    but no workflow yet. Raises RuntimeError on another database than PostgreSQL (the
    statements are set-based SQL of PostgreSQL)."""
    if connection.vendor != "postgresql":
        raise RuntimeError("一张屏基准测试的业务历史数据生成需要PostgreSQL")
    parts: list[Part] = []

    def part(label: str, write: Callable[[], int]) -> None:
        started = time.perf_counter()
        rows = write()
        parts.append(Part(label, rows, time.perf_counter() - started))
        progress(f"  {label}：{rows}行（{parts[-1].seconds:.0f}秒）")

    part("班子届次", lambda: _terms(today, seed))
    part("会议", lambda: _meetings(today))
    part("党费台账", lambda: _ledger(today))
    part("发展党员", lambda: _people(today, seed))
    _analyze()
    if scan:
        part("智能研判预警", lambda: scan_alerts(on=today).created)
    return parts


def _terms(today: date, seed: int) -> int:
    orgs = Organization.objects.order_by("path").values_list("pk", "kind")
    return write_terms(((pk, OrgKind(kind)) for pk, kind in orgs), seed=seed, today=today)


def _meetings(today: date) -> int:
    """The meetings of last year and this year up to today, with their kinds."""
    branches = list(
        Organization.objects.filter(kind=OrgKind.BRANCH).order_by("path").values_list("pk", "path")
    )
    first_group: dict[str, int] = {}
    groups = Organization.objects.filter(kind=OrgKind.GROUP).order_by("-path")
    for pk, path in groups.values_list("pk", "path"):
        first_group[path[: -Organization.steplen]] = pk  # the last written is the first
    bench_sql.load_branches([(pk, first_group.get(path)) for pk, path in branches])
    bench_sql.count_full_members()
    bench_sql.meetings(today.year - 1, timezone.now(), COMMITTEE_MINIMUM)
    with connection.cursor() as cursor:  # the generator fills whole years: not after today
        later = "SELECT id FROM meetings_meeting WHERE held_on > %s"
        cursor.execute(
            f"DELETE FROM meetings_meetingkindmark WHERE meeting_id IN ({later})", [today]
        )
        cursor.execute("DELETE FROM meetings_meeting WHERE held_on > %s", [today])
    return Meeting.objects.count()


def _ledger(today: date) -> int:
    """One statement per month: a row per member in good standing who had joined by the
    month's end (a member's organisation today stands for the month's)."""
    this_month = date(today.year, today.month, 1)
    arrears_from = add_months(this_month, -(ARREARS_MONTHS - 1))
    written, month, now = 0, date(today.year - YEARS + 1, 1, 1), timezone.now()
    while month <= this_month:
        source = (
            f"FROM {Member._meta.db_table} m WHERE m.status = 'normal' "
            "AND (m.joined_on IS NULL OR m.joined_on < %s)"
        )
        columns = _ledger_columns(month, today, month >= arrears_from)
        written += insert_generated(LedgerEntry, columns, source, [add_months(month, 1)], now)
        month = add_months(month, 1)
    return written


def _ledger_columns(month: date, today: date, arrears: bool) -> dict[str, str]:
    """The SQL of each column of one month's rows (the days written as literals: dates of
    Python's own making, nothing typed in)."""
    tag = f"'{month:%Y%m}'"
    paid_on = (
        f"(DATE '{month.isoformat()}' + 4 + (hashtext(m.id || 'd' || {tag}) & 2147483647) %% 20)"
    )
    defaulting = "(hashtext(m.id || 'a') & 2147483647) %% 400 = 0" if arrears else "FALSE"
    paid = (
        f"({paid_on} <= DATE '{today.isoformat()}' "
        f"AND (hashtext(m.id || 'p' || {tag}) & 2147483647) %% 33 <> 0 AND NOT ({defaulting}))"
    )
    due = "(2 + (hashtext(m.id || 'b') & 2147483647) %% 60)::numeric(10, 2)"
    return {
        "member_id": "m.id", "month": f"DATE '{month.isoformat()}'",
        "organization_id": "m.organization_id", "category": "m.dues_category", "due": due,
        "paid_amount": f"CASE WHEN {paid} THEN {due} ELSE 0 END",
        "paid_on": f"CASE WHEN {paid} THEN {paid_on} END",
        "method": f"CASE WHEN {paid} THEN '{Method.TRANSFER.value}' ELSE '' END",
        "payer_kind": f"CASE WHEN {paid} THEN '{PayerKind.SELF.value}' ELSE '' END",
        "created_at": NOW, "updated_at": NOW,
    }  # fmt: skip


def _people(today: date, seed: int) -> int:
    branches = list(
        Organization.objects.filter(kind=OrgKind.BRANCH).order_by("path").values_list("pk", "name")
    )
    people = max(Member.objects.count() // MEMBERS_PER_APPLICANT, 1)
    if branches:
        write_people(branches, people=people, seed=seed, today=today)
    return people if branches else 0


def _analyze() -> None:
    """VACUUM ANALYZE what was written, as autovacuum would soon after a load."""
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    with connection.cursor() as cursor:
        for table in ("meetings_meeting", "meetings_meetingkindmark", LedgerEntry._meta.db_table):
            cursor.execute(f"{command} {connection.ops.quote_name(table)}")
