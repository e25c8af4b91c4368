"""Generating the monthly ledger: one row per member who owes dues for the month.

Set-based, so that a month of a million members is a handful of statements:

1. One INSERT ... SELECT gathers the members who owe the month, the organisation that collects
   it and the base it uses (DUES-8, DUES-9, DUES-3/DUES-4, transfers) into a temporary table.
2. Every distinct (category, base) not yet computed under the current settings goes through the
   pure rule ``compute_dues`` in Python and is stored with its explanation (``DuesComputation``).
3. Reductions (DUES-7) in force are applied by the pure ``apply_reduction``, member by member.
4. One INSERT ... SELECT writes the missing rows; rows that exist and are still untouched (unpaid,
   no adjustment, month open) are brought up to date; nothing else changes. A second run with the
   same inputs therefore changes nothing.

Who owes a month, and where (decided here, documented in the month sheet):
- from the month of the 支部大会 that accepted the member (DUES-8);
- every month in which the member was in good standing (正常) on at least one day: a member who
  is transferred out, suspended, leaves or dies during a month owes that month, and nothing after;
- the organisation that collects a month is the one the member belonged to at the start of that
  month (or on arrival), so the sending organisation collects the month of a transfer (2008 practice);
- a member transferred in from outside owes nothing for months up to the "党费交至" month on the
  transfer letter (``DuesTransfer``).
The dues category of a month is the member's category on its first day, read from the
archive's history as ``member_as_of`` reads it: a change dated later in the month counts from
the next month, and generating a past month uses the category of that month, not today's.
``tests/dues/test_ledger_property.py`` checks the rows written here against the pure rules.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from dangjian.accounts.access import may_generate_all_ledgers, require
from dangjian.core.actor import Actor
from dangjian.core.audit import audit
from dangjian.dues.guards import require_manager
from dangjian.dues.models import (
    DuesBase,
    DuesComputation,
    DuesTransfer,
    LedgerAdjustment,
    LedgerEntry,
    MonthClose,
    Reduction,
)
from dangjian.dues.policy import current_settings
from dangjian.dues.settings_key import settings_key
from dangjian.members.models import Member, MemberEvent, MemberPeriod
from dangjian.orgs.models import Organization
from dangjian.rules.dates import YearMonth
from dangjian.rules.dues import DuesCategory, DuesSettings, apply_reduction, compute_dues

FLAT = tuple(c.value for c in DuesCategory if c.is_flat)
# Categories whose base is that very month's: actual pay (DUES-3), last quarter's average (DUES-4).
OWN_MONTH = (DuesCategory.ANNUAL_SALARY.value, DuesCategory.SELF_EMPLOYED.value)
SIX_PLACES = Decimal("0.000001")

T = {
    "member": Member._meta.db_table,
    "period": MemberPeriod._meta.db_table,
    "org": Organization._meta.db_table,
    "base": DuesBase._meta.db_table,
    "comp": DuesComputation._meta.db_table,
    "ledger": LedgerEntry._meta.db_table,
    "close": MonthClose._meta.db_table,
    "adj": LedgerAdjustment._meta.db_table,
    "transfer": DuesTransfer._meta.db_table,
    "event": MemberEvent._meta.db_table,
}
_IN_FLAT = "(" + ", ".join(f"'{c}'" for c in FLAT) + ")"
_IN_OWN = "(" + ", ".join(f"'{c}'" for c in OWN_MONTH) + ")"


@dataclass
class GenerationResult:
    month: YearMonth
    created: int = 0
    updated: int = 0
    removed: int = 0
    missing_base: int = 0
    closed_rows: int = 0
    computed: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.removed)

    @property
    def summary(self) -> str:
        text = (
            f"{self.month.label}台账：新增{self.created}行，更新{self.updated}行，"
            f"移除{self.removed}行"
        )
        if self.missing_base:
            text += f"；{self.missing_base}人尚无党费基数，请导入工资表或手工申报"
        if self.closed_rows:
            text += f"；已结账组织的{self.closed_rows}行保持不变"
        return text + "。"


@dataclass(frozen=True)
class _Run:
    """What the month's run is about; pk lets the audit log name it."""

    pk: str

    def __str__(self) -> str:
        return f"党费台账{self.pk}"


def _db(value: Any) -> Any:
    ops = connection.ops
    if isinstance(value, date) and not hasattr(value, "hour"):
        return ops.adapt_datefield_value(value)
    if hasattr(value, "hour"):
        return ops.adapt_datetimefield_value(value)
    return value


def to_decimal(value: Any) -> Decimal | None:
    """A numeric value read with raw SQL (SQLite gives int or float) as a Decimal."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value))


@transaction.atomic
def ledger_generate(
    *, actor: Actor, month: YearMonth, organization: Organization | None = None
) -> GenerationResult:
    """Generate (or bring up to date) the ledger of ``month``, for one subtree or for all."""
    if organization is not None:
        require_manager(actor, organization)
    else:
        require(
            actor is None or may_generate_all_ledgers(actor), "只有系统管理员可以生成全部组织的台账"
        )
    settings = current_settings()
    result = GenerationResult(month)
    with _work_tables():
        params = _params(month, settings, organization)
        _fill_candidates(params, settings, organization is not None)
        result.closed_rows = _drop_closed(params)
        result.computed = _ensure_computations(params["key"], settings)
        _apply_reductions(month, settings)
        result.created = _insert_new(params)
        result.updated = _update_changed(params)
        result.removed = _remove_stale(params, organization is not None)
        result.missing_base = _count_missing()
    if result.changed:
        org = organization or _Run(str(month))
        audit(actor=actor, action="dues.generate", obj=org, detail=result.summary)
    return result


def _params(
    month: YearMonth, settings: DuesSettings, organization: Organization | None
) -> dict[str, Any]:
    return {
        "first": _db(month.first_day),
        "next": _db((month + 1).first_day),
        "jan": _db(YearMonth(month.year, 1).first_day),
        "key": settings_key(settings),
        "path": (organization.path if organization else "") + "%",
        "now": _db(timezone.now()),
    }


@contextmanager
def _work_tables() -> Iterator[None]:
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS dues_gen")
        cursor.execute("DROP TABLE IF EXISTS dues_gen_red")
        cursor.execute(
            "CREATE TEMP TABLE dues_gen (member_id bigint PRIMARY KEY, org_id bigint, "
            "category varchar(20), base_month date, base_record_id bigint, base decimal(18, 6))"
        )
        cursor.execute(
            "CREATE TEMP TABLE dues_gen_red (member_id bigint PRIMARY KEY, reduction_id bigint, "
            "due decimal(12, 2))"
        )
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS dues_gen")
            cursor.execute("DROP TABLE IF EXISTS dues_gen_red")


_OVERLAP = (
    "p.member_id = m.id AND p.status = 'normal' AND p.valid_from < %(next)s "
    "AND (p.valid_to IS NULL OR p.valid_to > %(first)s)"
)


def _category_sql() -> str:
    """The member's dues category on the month's first day, read as ``member_as_of`` reads the
    archive: the value before the earliest change dated after that day, else the current one."""
    if connection.vendor == "postgresql":
        before, touched = "e.changes -> 'dues_category' ->> 0", "e.changes ? 'dues_category'"
    else:
        before = "json_extract(e.changes, '$.dues_category[0]')"
        touched = "json_extract(e.changes, '$.dues_category') IS NOT NULL"
    later = (
        f"SELECT {before} FROM {T['event']} e WHERE e.member_id = m.id "
        f"AND e.effective_on > %(first)s AND {touched} ORDER BY e.effective_on, e.id LIMIT 1"
    )
    return f"COALESCE(({later}), m.dues_category)"


def _base_month_sql(settings: DuesSettings) -> str:
    """DUES-9 as ``effective_base`` reads it, for the month being generated (over ``x``: the
    member's id and the month's category)."""
    latest = "SELECT MAX(b.month) FROM {base} b WHERE b.member_id = x.member_id AND b.month <= %({upto})s"
    if settings.fixed_yearly:
        first_this_year = (
            "SELECT MIN(b.month) FROM {base} b WHERE b.member_id = x.member_id "
            "AND b.month > %(jan)s AND b.month <= %(first)s"
        )
        regular = f"COALESCE(({latest.format(base=T['base'], upto='jan')}), ({first_this_year.format(base=T['base'])}))"
    else:
        regular = f"({latest.format(base=T['base'], upto='first')})"
    own = f"(SELECT b.month FROM {T['base']} b WHERE b.member_id = x.member_id AND b.month = %(first)s)"
    return (
        f"CASE WHEN x.category IN {_IN_FLAT} THEN NULL "
        f"WHEN x.category IN {_IN_OWN} THEN {own} ELSE {regular} END"
    )


def _fill_candidates(params: dict[str, Any], settings: DuesSettings, restrict: bool) -> None:
    """Who owes dues for the month, in which organisation and category, on which base: the
    organisation and category are those of the month (its first period, its first day)."""
    org_filter = (
        f" AND y.org_id IN (SELECT o.id FROM {T['org']} o WHERE o.path LIKE %(path)s)"
        if restrict
        else ""
    )
    sql = f"""
        INSERT INTO dues_gen (member_id, org_id, category, base_month, base_record_id, base)
        SELECT y.member_id, y.org_id, y.category, y.base_month, b.id, b.base FROM (
            SELECT x.member_id, x.org_id, x.category, {_base_month_sql(settings)} AS base_month
            FROM (
                SELECT m.id AS member_id, {_category_sql()} AS category,
                    (SELECT p.organization_id FROM {T["period"]} p WHERE {_OVERLAP}
                     ORDER BY p.valid_from LIMIT 1) AS org_id
                FROM {T["member"]} m
                WHERE m.joined_on IS NOT NULL AND m.joined_on < %(next)s
                  AND NOT EXISTS (SELECT 1 FROM {T["transfer"]} t WHERE t.member_id = m.id
                                  AND t.direction = 'in' AND t.paid_up_to >= %(first)s)
            ) x
        ) y
        LEFT JOIN {T["base"]} b ON b.member_id = y.member_id AND b.month = y.base_month
        WHERE y.org_id IS NOT NULL{org_filter}
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _drop_closed(params: dict[str, Any]) -> int:
    """Rows of organisations whose month is closed are left exactly as they are."""
    sql = f"""
        DELETE FROM dues_gen WHERE org_id IN
            (SELECT k.organization_id FROM {T["close"]} k WHERE k.month = %(first)s)
        OR member_id IN (SELECT e.member_id FROM {T["ledger"]} e JOIN {T["close"]} k
            ON k.organization_id = e.organization_id AND k.month = e.month
            WHERE e.month = %(first)s)
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return max(int(cursor.rowcount), 0)


def _ensure_computations(key: str, settings: DuesSettings) -> int:
    """compute_dues for each (category, base) of the month not computed yet under ``key``."""
    sql = f"""
        SELECT DISTINCT g.category, g.base FROM dues_gen g
        LEFT JOIN {T["comp"]} c ON c.settings_key = %s AND c.category = g.category AND c.base = g.base
        WHERE c.id IS NULL AND (g.base IS NOT NULL OR g.category IN {_IN_FLAT})
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [key])
        pairs = [(category, to_decimal(base)) for category, base in cursor.fetchall()]
    flats_done = set(
        DuesComputation.objects.filter(settings_key=key, base__isnull=True).values_list(
            "category", flat=True
        )
    )
    new = [
        _computation(key, category, base, settings)
        for category, base in pairs
        if base is not None or category not in flats_done
    ]
    DuesComputation.objects.bulk_create(new, batch_size=2000)
    return len(new)


def _computation(
    key: str, category: str, base: Decimal | None, settings: DuesSettings
) -> DuesComputation:
    exact = None if base is None else base.quantize(SIX_PLACES)
    result = compute_dues(DuesCategory(category), exact, settings)
    return DuesComputation(
        settings_key=key,
        category=category,
        base=exact,
        amount=result.amount,
        capped=result.capped,
        rule_ids=list(result.rule_ids),
        lines=list(result.lines),
    )


def _apply_reductions(month: YearMonth, settings: DuesSettings) -> None:
    """DUES-7: the reduced amount for members with a reduction in force, via ``apply_reduction``."""
    first = month.first_day
    active = Reduction.objects.filter(
        Q(last_month__isnull=True) | Q(last_month__gte=first), first_month__lte=first
    ).order_by("member_id", "-first_month")
    reductions = {r.member_id: r for r in reversed(list(active))}
    if not reductions:
        return
    rows = _candidate_rows(list(reductions))
    values = []
    for member_id, (category, base) in rows.items():
        reduction = reductions[member_id]
        try:
            amount = compute_dues(DuesCategory(category), base, settings)
            reduced = apply_reduction(
                amount, reduction.reduced_to, reduction.branch_decision, reduction.approval
            )
        except ValueError:
            continue  # no base yet, or not a reduction of this amount: the amount stands
        values.append((member_id, reduction.pk, _db_decimal(reduced.amount)))
    with connection.cursor() as cursor:
        cursor.executemany("INSERT INTO dues_gen_red VALUES (%s, %s, %s)", values)


def _db_decimal(value: Decimal) -> Any:
    return connection.ops.adapt_decimalfield_value(value, 12, 2)


def _candidate_rows(member_ids: list[int]) -> dict[int, tuple[str, Decimal | None]]:
    marks = ", ".join(["%s"] * len(member_ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT member_id, category, base FROM dues_gen WHERE member_id IN ({marks})",
            member_ids,
        )
        return {row[0]: (row[1], to_decimal(row[2])) for row in cursor.fetchall()}


_JOINED = f"""
    SELECT g.member_id, g.org_id, g.category, g.base, g.base_month, g.base_record_id,
        COALESCE(c.id, cf.id) AS comp_id, r.reduction_id AS reduction_id,
        COALESCE(r.due, c.amount, cf.amount) AS due
    FROM dues_gen g
    LEFT JOIN {T["comp"]} c ON c.settings_key = %(key)s AND c.category = g.category
        AND c.base = g.base
    LEFT JOIN {T["comp"]} cf ON cf.settings_key = %(key)s AND cf.category = g.category
        AND cf.base IS NULL AND g.base IS NULL
    LEFT JOIN dues_gen_red r ON r.member_id = g.member_id
"""


def _insert_new(params: dict[str, Any]) -> int:
    sql = f"""
        INSERT INTO {T["ledger"]} (member_id, month, organization_id, category, base, base_month,
            base_record_id, computation_id, reduction_id, due, paid_amount, paid_on, method,
            payer_kind, payer_name, receipt_no, late_reason, recorded_by_id, created_at,
            updated_at)
        SELECT j.member_id, %(first)s, j.org_id, j.category, j.base, j.base_month,
            j.base_record_id, j.comp_id, j.reduction_id, j.due, 0, NULL, '', '', '', '', '',
            NULL, %(now)s, %(now)s
        FROM ({_JOINED}) j
        WHERE NOT EXISTS (SELECT 1 FROM {T["ledger"]} e
                          WHERE e.member_id = j.member_id AND e.month = %(first)s)
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return max(int(cursor.rowcount), 0)


_UNTOUCHED = (
    f"e.paid_amount = 0 AND NOT EXISTS (SELECT 1 FROM {T['adj']} a WHERE a.entry_id = e.id)"
)
_FIELDS: tuple[str, ...] = ("organization_id", "category", "base", "base_month", "base_record_id")
_FIELDS += ("computation_id", "reduction_id", "due")


def _update_changed(params: dict[str, Any]) -> int:
    """Untouched rows whose inputs changed (new payroll, a reduction, a transfer) follow them."""
    sql = f"""
        SELECT e.id, j.org_id, j.category, j.base, j.base_month, j.base_record_id, j.comp_id,
            j.reduction_id, j.due
        FROM {T["ledger"]} e JOIN ({_JOINED}) j ON j.member_id = e.member_id
        WHERE e.month = %(first)s AND {_UNTOUCHED} AND (
            e.organization_id <> j.org_id OR e.category <> j.category
            OR COALESCE(e.computation_id, 0) <> COALESCE(j.comp_id, 0)
            OR COALESCE(e.reduction_id, 0) <> COALESCE(j.reduction_id, 0)
            OR COALESCE(e.base_record_id, 0) <> COALESCE(j.base_record_id, 0)
            OR COALESCE(e.due, -1) <> COALESCE(j.due, -1))
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    now = timezone.now()
    entries = [_entry_from(row, now) for row in rows]
    LedgerEntry.objects.bulk_update(entries, [*_FIELDS, "updated_at"], batch_size=1000)
    return len(entries)


def _entry_from(row: tuple[Any, ...], now: Any) -> LedgerEntry:
    entry = LedgerEntry(pk=row[0], updated_at=now)
    for name, value in zip(_FIELDS, row[1:], strict=True):
        if name in ("base", "due"):
            value = to_decimal(value)
        if name == "base_month" and isinstance(value, str):
            value = date.fromisoformat(value)
        setattr(entry, name, value)
    return entry


def _remove_stale(params: dict[str, Any], restrict: bool) -> int:
    """Untouched rows of members who no longer owe the month (a late-recorded transfer...)."""
    org_filter = (
        f" AND e.organization_id IN (SELECT o.id FROM {T['org']} o WHERE o.path LIKE %(path)s)"
        if restrict
        else ""
    )
    sql = f"""
        DELETE FROM {T["ledger"]} WHERE id IN (
            SELECT e.id FROM {T["ledger"]} e WHERE e.month = %(first)s AND {_UNTOUCHED}
            AND NOT EXISTS (SELECT 1 FROM dues_gen g WHERE g.member_id = e.member_id)
            AND NOT EXISTS (SELECT 1 FROM {T["close"]} k
                            WHERE k.organization_id = e.organization_id AND k.month = e.month)
            {org_filter})
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return max(int(cursor.rowcount), 0)


def _count_missing() -> int:
    sql = f"SELECT COUNT(*) FROM dues_gen g WHERE g.base IS NULL AND g.category NOT IN {_IN_FLAT}"
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return int(cursor.fetchone()[0])
