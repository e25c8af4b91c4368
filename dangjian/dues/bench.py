"""Benchmark of monthly ledger generation against one hand-written INSERT ... SELECT.

The data: one 党委 with branches of 50 members; an SOE mix of categories (most salaried, many
retired, a few 年薪制, self-employed and flat-rate members); salaried bases from a grade and step
grid with deductions as a share of the wage (as SOE payrolls are), pensions spread over a range.

The baseline computes the same amounts in SQL alone (integer arithmetic in fen, the brackets,
half-up rounding, the cap, the flat amounts) for the default settings; the run checks that both
produce the same total. Each timed run starts with an empty ledger for the month and no stored
computations, so the Python work of the pure rules is inside the measurement.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from dangjian.dues.ledger import T, ledger_generate, to_decimal
from dangjian.dues.models import BaseSource, DuesBase, DuesComputation, LedgerEntry
from dangjian.members.models import Member, MemberPeriod
from dangjian.orgs.models import Organization
from dangjian.rules.dates import YearMonth

BRANCH_SIZE = 50
MONTH = YearMonth(2025, 6)
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# (category, share per 100 members)
MIX: tuple[tuple[str, int], ...] = (
    ("salaried", 68),
    ("retired", 22),
    ("annual_salary", 3),
    ("self_employed", 2),
)
MIX += (("farmer", 2), ("student", 2), ("unemployed", 1))


def _step(i: int) -> str:
    out = ""
    for _ in range(4):
        i, r = divmod(i, 36)
        out = ALPHABET[r] + out
    return out


def _category(i: int) -> str:
    slot, acc = i % 100, 0
    for category, share in MIX:
        acc += share
        if slot < acc:
            return category
    return "salaried"


def _base(i: int, category: str) -> Decimal:
    """A realistic base: grade x step wage grid for workers, a pension range for retirees."""
    if category == "retired":
        return Decimal(2600 + (i * 7919) % 4200)
    grade, step = (i * 31) % 24, (i * 17) % 12
    gross = Decimal(2800 + grade * 420 + step * 95)
    deductions = (gross * Decimal("0.225")).quantize(Decimal("0.01"))  # tax, insurance, fund
    factor = 3 if category == "annual_salary" else 1
    return gross * factor - deductions


@dataclass
class BenchResult:
    members: int
    vendor: str
    runs: int
    median: float
    baseline_median: float
    distinct_pairs: int
    times: list[float]
    baseline_times: list[float]

    @property
    def ratio(self) -> float:
        return self.median / self.baseline_median


def create_data(members: int, out: Callable[[str], None]) -> None:
    started = time.perf_counter()
    branches = _orgs(members)
    for done in _members(members, branches):
        out(f"  已建{done}名党员（{time.perf_counter() - started:.0f}秒）")
    ids = list(Member.objects.order_by("pk").values_list("pk", "dues_category", "organization_id"))
    _periods(ids)
    _bases(ids)
    out(
        f"数据已生成：{len(branches)}个党支部、{members}名党员（{time.perf_counter() - started:.0f}秒）"
    )


def _orgs(members: int) -> list[Organization]:
    count = max(1, -(-members // BRANCH_SIZE))
    Organization.objects.create(
        path=_step(1), depth=1, numchild=count, name="基准测试公司党委", code="BENCH-ROOT",
        kind="committee",
    )  # fmt: skip
    branches = [
        Organization(
            path=_step(1) + _step(i + 1),
            depth=2,
            numchild=0,
            name=f"第{i + 1}党支部",
            code=f"BENCH-{i + 1:07d}",
            kind="branch",
        )
        for i in range(count)
    ]
    Organization.objects.bulk_create(branches, batch_size=5000)
    return list(Organization.objects.filter(depth=2).order_by("path"))


def _members(members: int, branches: list[Organization]) -> Iterator[int]:
    now = timezone.now()
    chunk = 50_000
    for start in range(0, members, chunk):
        batch = [
            _member(i, branches[i // BRANCH_SIZE], now)
            for i in range(start, min(members, start + chunk))
        ]
        Member.objects.bulk_create(batch, batch_size=5000)
        yield start + len(batch)


def _member(i: int, org: Organization, now: Any) -> Member:
    joined = date(1990 + i % 30, 1 + i % 12, 1 + i % 28)
    return Member(
        name=f"党员{i}", name_pinyin=f"dangyuan{i}", name_initials="dy", gender="MF"[i % 2],
        birth_date=date(1960 + i % 40, 1 + i % 12, 1 + i % 28), education="bachelor",
        occupation="professional", joined_on=joined, confirmed_on=date(joined.year + 1, joined.month, joined.day),
        stage="full", status="normal", dues_category=_category(i), organization=org,
        created_at=now, updated_at=now,
    )  # fmt: skip


def _periods(ids: list[tuple[int, str, int]]) -> None:
    periods = (
        MemberPeriod(
            member_id=pk,
            organization_id=org,
            status="normal",
            stage="full",
            valid_from=date(1990, 1, 1),
        )
        for pk, _, org in ids
    )
    _bulk(MemberPeriod, periods)


def _bases(ids: list[tuple[int, str, int]]) -> None:
    rows = []
    for n, (pk, category, _) in enumerate(ids):
        if category in ("farmer", "student", "unemployed"):
            continue
        month = (
            MONTH if category in ("annual_salary", "self_employed") else YearMonth(MONTH.year, 1)
        )
        base = _base(n, category)
        rows.append(
            DuesBase(
                member_id=pk,
                month=month.first_day,
                base=base,
                source=BaseSource.PAYROLL,
                lines=[f"基数{base}元"],
            )
        )
    _bulk(DuesBase, iter(rows))


def _bulk(model: Any, objects: Iterator[Any]) -> None:
    batch: list[Any] = []
    for obj in objects:
        batch.append(obj)
        if len(batch) >= 50_000:
            model.objects.bulk_create(batch, batch_size=5000)
            batch = []
    model.objects.bulk_create(batch, batch_size=5000)


# --- the baseline: the same amounts in SQL alone (default settings) --------------------------------

_PERMILLE = """CASE
    WHEN x.dues_category = 'retired' THEN CASE WHEN x.base_fen <= 500000 THEN 5 ELSE 10 END
    WHEN x.base_fen <= 300000 THEN 5 WHEN x.base_fen <= 500000 THEN 10
    WHEN x.base_fen <= 1000000 THEN 15 ELSE 20 END"""


def baseline_sql() -> str:
    """The month's ledger in one INSERT ... SELECT: each member's organisation and dues category
    of the month (the category before the earliest later change, else the current one)."""
    if connection.vendor == "postgresql":
        before, touched = "e.changes -> 'dues_category' ->> 0", "e.changes ? 'dues_category'"
    else:
        before = "json_extract(e.changes, '$.dues_category[0]')"
        touched = "json_extract(e.changes, '$.dues_category') IS NOT NULL"
    return f"""
INSERT INTO {T["ledger"]} (member_id, month, organization_id, category, base, base_month,
    base_record_id, computation_id, reduction_id, due, paid_amount, paid_on, method, payer_kind,
    payer_name, receipt_no, late_reason, recorded_by_id, created_at, updated_at)
SELECT g.member_id, %(first)s, g.org_id, g.dues_category, g.base, g.base_month, g.base_id, NULL, NULL,
    CASE
        WHEN g.dues_category = 'farmer' THEN 0.50
        WHEN g.dues_category IN ('student', 'unemployed', 'relief') THEN 0.20
        WHEN g.base_fen IS NULL THEN NULL
        ELSE (CASE WHEN g.amount_fen > 100000 THEN 100000
                   WHEN g.amount_fen = 0 AND g.base_fen > 0 THEN 1
                   ELSE g.amount_fen END) / 100.0
    END,
    0, NULL, '', '', '', '', '', NULL, %(now)s, %(now)s
FROM (
    SELECT x.*, (x.base_fen * ({_PERMILLE}) + 500) / 1000 AS amount_fen
    FROM (
        SELECT c.*, b.id AS base_id, b.base AS base,
            CAST(ROUND(b.base * 100) AS BIGINT) AS base_fen
        FROM (
            SELECT k.*,
                CASE WHEN k.dues_category IN ('farmer', 'student', 'unemployed', 'relief') THEN NULL
                     WHEN k.dues_category IN ('annual_salary', 'self_employed') THEN %(first)s
                     ELSE COALESCE(
                        (SELECT MAX(b.month) FROM {T["base"]} b WHERE b.member_id = k.member_id AND b.month <= %(jan)s),
                        (SELECT MIN(b.month) FROM {T["base"]} b WHERE b.member_id = k.member_id
                            AND b.month > %(jan)s AND b.month <= %(first)s))
                END AS base_month
            FROM (
                SELECT m.id AS member_id,
                    COALESCE((SELECT {before} FROM {T["event"]} e WHERE e.member_id = m.id
                        AND e.effective_on > %(first)s AND {touched}
                        ORDER BY e.effective_on, e.id LIMIT 1), m.dues_category) AS dues_category,
                    (SELECT p.organization_id FROM {T["period"]} p WHERE p.member_id = m.id
                        AND p.status = 'normal' AND p.valid_from < %(next)s
                        AND (p.valid_to IS NULL OR p.valid_to > %(first)s)
                     ORDER BY p.valid_from LIMIT 1) AS org_id
                FROM {T["member"]} m
                WHERE m.joined_on IS NOT NULL AND m.joined_on < %(next)s
            ) k
        ) c
        LEFT JOIN {T["base"]} b ON b.member_id = c.member_id AND b.month = c.base_month
        WHERE c.org_id IS NOT NULL
    ) x
) g
"""


def _params() -> dict[str, Any]:
    ops = connection.ops
    return {
        "first": ops.adapt_datefield_value(MONTH.first_day),
        "next": ops.adapt_datefield_value((MONTH + 1).first_day),
        "jan": ops.adapt_datefield_value(YearMonth(MONTH.year, 1).first_day),
        "now": ops.adapt_datetimefield_value(timezone.now()),
    }


def _reset() -> None:
    with transaction.atomic():
        LedgerEntry.objects.filter(month=MONTH.first_day).delete()
        DuesComputation.objects.all().delete()


def _timed(work: Callable[[], Any]) -> float:
    _reset()
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def _baseline() -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(baseline_sql(), _params())


def _generate() -> None:
    ledger_generate(actor=None, month=MONTH)


def _total() -> tuple[int, Decimal]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*), SUM(due) FROM {T['ledger']} WHERE month = %s", [_params()["first"]]
        )
        count, total = cursor.fetchone()
    return int(count), (to_decimal(total) or Decimal(0)).quantize(Decimal("0.01"))


def run(members: int, runs: int, out: Callable[[str], None]) -> BenchResult:
    times, baseline_times = [], []
    for n in range(runs):
        baseline_times.append(_timed(_baseline))
        expected = _total()
        times.append(_timed(_generate))
        got = _total()
        if got != expected:
            raise AssertionError(f"结果不一致：生成服务{got}，基线{expected}")
        out(
            f"第{n + 1}轮：生成{times[-1]:.2f}秒，基线{baseline_times[-1]:.2f}秒（{got[0]}行，合计{got[1]}元）"
        )
    pairs = DuesComputation.objects.count()
    _reset()
    return BenchResult(
        members=members, vendor=connection.vendor, runs=runs, median=statistics.median(times),
        baseline_median=statistics.median(baseline_times), distinct_pairs=pairs, times=times,
        baseline_times=baseline_times,
    )  # fmt: skip
