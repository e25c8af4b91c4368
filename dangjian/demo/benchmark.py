"""The read benchmark: the scoped selectors against one hand-written SQL query each, same run.

Each case runs the selector the pages use (``member_search`` sliced to the first page,
``status_counts``, ``count_members_as_of``) and a single ``cursor.execute`` that returns the same
result, alternately, and reports the medians and their ratio (target: at most 3).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from dangjian.accounts.models import Role, RoleGrant
from dangjian.members.models import Member, MemberPeriod
from dangjian.members.rows import ROW_FIELDS, MemberRows
from dangjian.members.selectors import (
    MemberFilters,
    count_members_as_of,
    member_rows,
    status_counts,
)
from dangjian.orgs.models import Organization, OrganizationPath, subtree_end
from dangjian.orgs.selectors import path_on

PAGE_SIZE = 30  # the member list shows 30 rows a page
TARGET_RATIO = 3.0


@dataclass(frozen=True)
class Case:
    name: str
    selector: Callable[[], Any]
    baseline_sql: str
    baseline_params: tuple[Any, ...]
    normalise: Callable[[Any], Any]  # turns the baseline's rows into the selector's result


@dataclass(frozen=True)
class CaseResult:
    name: str
    median_ms: float
    baseline_ms: float
    same_result: bool
    sql: str

    @property
    def ratio(self) -> float:
        return self.median_ms / self.baseline_ms if self.baseline_ms else float("inf")

    def as_dict(self) -> dict[str, Any]:
        return {
            "case": self.name,
            "median_ms": round(self.median_ms, 3),
            "baseline_median_ms": round(self.baseline_ms, 3),
            "ratio": round(self.ratio, 2),
            "same_result": self.same_result,
            "sql": self.sql,
        }


def benchmark_user() -> User:
    """A system administrator (root scope) kept for the benchmark."""
    user, created = User.objects.get_or_create(
        username="bench_admin", defaults={"first_name": "基准测试"}
    )
    if created:
        RoleGrant.objects.create(user=user, role=Role.SYSTEM_ADMIN)
    return user


def largest_subtree() -> Organization:
    """The organisation one level below the top whose subtree holds the most members."""
    root = Organization.objects.filter(depth=1).order_by("path").first()
    assert root is not None, "数据库中没有党组织"
    width = 2 * Organization.steplen
    totals: dict[str, int] = {}
    rows = Member.objects.values("organization__path").annotate(n=Count("pk"))
    for row in rows:
        prefix = row["organization__path"][:width]
        if len(prefix) == width and prefix.startswith(root.path):
            totals[prefix] = totals.get(prefix, 0) + row["n"]
    if not totals:
        return root
    return Organization.objects.get(path=max(totals, key=lambda p: totals[p]))


def _table(model: type[Any]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _list_columns() -> str:
    """The columns a list page reads: the member's id, the fields a line shows (``ROW_FIELDS``,
    plain fields whose column is their name) and the organisation's name."""
    quote = connection.ops.quote_name
    return ", ".join([*(f"m.{quote(c)}" for c in ["id", *ROW_FIELDS]), "o.name"])


def list_page_cases(user: User, on: date) -> list[Case]:
    """(a) The first page of the member list for the root scope, filtered by education."""
    filters = MemberFilters(education="bachelor")

    def qs() -> MemberRows:
        return member_rows(user, filters, on)

    where = "m.status IN ('normal', 'suspended') AND m.education = %s"
    join = f"FROM {_table(Member)} m JOIN {_table(Organization)} o ON o.id = m.organization_id"
    page_sql = f"SELECT {_list_columns()} {join} WHERE {where} ORDER BY o.path, m.name_pinyin, m.id LIMIT {PAGE_SIZE}"
    count_sql = f"SELECT COUNT(*) {join} WHERE {where}"
    return [
        Case("a 党员列表首页(30行, 学历=本科, 全系统)", lambda: [m.pk for m in qs()[:PAGE_SIZE]],
             page_sql, ("bachelor",), lambda rows: [r[0] for r in rows]),
        Case("a' 党员列表总数(分页器)", lambda: qs().count(), count_sql, ("bachelor",),
             lambda rows: rows[0][0]),
    ]  # fmt: skip


def status_case(user: User, org: Organization, label: str) -> Case:
    """(b) Member counts by status for a subtree."""
    sql = (
        f"SELECT m.status, COUNT(*) FROM {_table(Member)} m "
        f"JOIN {_table(Organization)} o ON o.id = m.organization_id "
        "WHERE o.path >= %s AND o.path < %s GROUP BY m.status"
    )
    return Case(
        f"b 按党籍状态统计({label})",
        lambda: status_counts(user, org),
        sql,
        (org.path, subtree_end(org.path)),
        lambda rows: {status: n for status, n in rows},
    )


def as_of_case(user: User, org: Organization, on: date, label: str) -> Case:
    """(c) The membership of a subtree as of a past date."""
    sql = (
        # A member's periods never overlap: one row per member, no DISTINCT needed.
        f"SELECT COUNT(*) FROM {_table(MemberPeriod)} p "
        f"JOIN {_table(OrganizationPath)} o ON o.organization_id = p.organization_id "
        "WHERE o.path >= %s AND o.path < %s AND (o.valid_from IS NULL OR o.valid_from <= %s) "
        "AND (o.valid_to IS NULL OR o.valid_to > %s) AND p.status = 'normal' "
        "AND p.valid_from <= %s AND (p.valid_to IS NULL OR p.valid_to > %s)"
    )
    day = connection.ops.adapt_datefield_value(on)
    then = path_on(org, on)  # the subtree as the tree stood on that date
    return Case(
        f"c 历史日期党员人数({label}, {on.isoformat()})",
        lambda: count_members_as_of(user, org, on),
        sql,
        (then, subtree_end(then), day, day, day, day),
        lambda rows: rows[0][0],
    )


def all_cases(today: date) -> list[Case]:
    user = benchmark_user()
    root = Organization.objects.filter(depth=1).order_by("path").first()
    assert root is not None
    subtree = largest_subtree()
    past = today - timedelta(days=730)
    return [
        *list_page_cases(user, today),
        status_case(user, subtree, subtree.name),
        status_case(user, root, "全系统"),
        as_of_case(user, subtree, past, subtree.name),
        as_of_case(user, root, past, "全系统"),
    ]


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = fn()
    return (time.perf_counter() - started) * 1000, result


def _baseline(case: Case) -> Any:
    with connection.cursor() as cursor:
        cursor.execute(case.baseline_sql, case.baseline_params)
        return case.normalise(cursor.fetchall())


def run_case(case: Case, repeat: int) -> CaseResult:
    """Warm up once, then alternate selector and baseline ``repeat`` times; medians in ms.
    The report keeps the SQL the selector sent on the warm-up."""
    expected = _baseline(case)
    with CaptureQueriesContext(connection) as sent:
        actual = case.selector()
    ours, theirs = [], []
    for _ in range(repeat):
        ours.append(_timed(case.selector)[0])
        theirs.append(_timed(lambda: _baseline(case))[0])
    return CaseResult(
        name=case.name,
        median_ms=statistics.median(ours),
        baseline_ms=statistics.median(theirs),
        same_result=expected == actual,
        sql=";\n".join(query["sql"] for query in sent.captured_queries),
    )
