"""Arrears (DUES-13) and the dues reminders of the home page, from the asker's scope."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, F, QuerySet
from django.urls import reverse

from dangjian.accounts.access import (
    access_organization,
    may_manage_some_organization,
    scope_for,
    visible_members,
)
from dangjian.core.actor import Actor
from dangjian.core.due import DueItem, Severity
from dangjian.dues.models import DuesReminder, LedgerEntry
from dangjian.dues.rows import ZERO, effective_rows
from dangjian.members.choices import Status
from dangjian.members.models import Member
from dangjian.orgs.models import in_subtree
from dangjian.rules.dates import YearMonth
from dangjian.rules.dues import arrears_flag, consecutive_unpaid
from dangjian.rules.dues.money import format_yuan


@dataclass
class ArrearsCase:
    member: Member
    months: list[YearMonth]
    amounts: list[Decimal]
    reminders: list[DuesReminder]

    @property
    def flagged(self) -> bool:
        return arrears_flag(self.months)

    @property
    def total(self) -> Decimal:
        return sum(self.amounts, ZERO)


ARREARS_WINDOW = 24


def last_complete_month(today: date) -> YearMonth:
    """Arrears count months that are over: the current month is not overdue yet."""
    return YearMonth.from_date(today) - 1


def arrears_cases(
    user: Actor, org_id: int, upto: YearMonth, flagged_only: bool = False
) -> list[ArrearsCase]:
    """Members of the subtree with unpaid months up to ``upto``, longest run first."""
    root = access_organization(user, org_id)
    members = visible_members(user).filter(
        in_subtree(root.path, "organization__path"), status=Status.NORMAL
    )
    runs = _unpaid_runs(members, upto)
    if flagged_only:
        runs = {k: v for k, v in runs.items() if arrears_flag(_months(v))}
    return _cases(runs)


def _unpaid_runs(members: QuerySet[Member], upto: YearMonth) -> dict[int, list[LedgerEntry]]:
    start = upto - (ARREARS_WINDOW - 1)
    rows = effective_rows(members).filter(month__gte=start.first_day, month__lte=upto.first_day)
    by_member: dict[int, dict[YearMonth, LedgerEntry]] = defaultdict(dict)
    for row in rows:
        if row.owed:
            by_member[row.member_id][YearMonth.from_date(row.month)] = row
    runs: dict[int, list[LedgerEntry]] = {}
    for member_id, entries in by_member.items():
        run = consecutive_unpaid({m: e.settled for m, e in entries.items()}, upto)
        if run:
            runs[member_id] = [entries[m] for m in run]
    return runs


def _months(rows: list[LedgerEntry]) -> list[YearMonth]:
    return [YearMonth.from_date(e.month) for e in rows]


def _cases(runs: dict[int, list[LedgerEntry]]) -> list[ArrearsCase]:
    members = Member.objects.select_related("organization").in_bulk(list(runs))
    reminders: dict[int, list[DuesReminder]] = defaultdict(list)
    for r in (
        DuesReminder.objects.filter(member_id__in=list(runs))
        .select_related("sent_by")
        .order_by("sent_at")
    ):
        reminders[r.member_id].append(r)
    cases = [
        ArrearsCase(
            member=members[member_id],
            months=_months(rows),
            amounts=[(e.due_total or ZERO) - e.paid_total for e in rows],
            reminders=[r for r in reminders[member_id] if r.month >= rows[0].month],
        )
        for member_id, rows in runs.items()
    ]
    return sorted(cases, key=lambda c: (-len(c.months), c.member.name_pinyin))


def dues_attention(user: Actor, today: date) -> list[DueItem]:
    """Dues reminders for the home page: a member's own unpaid months; for a manager, the
    members who have not paid this month, rows without a base, and DUES-13 flags."""
    items: list[DueItem] = []
    scope = scope_for(user)
    if scope.own_member_id is not None:
        items += _own_attention(scope.own_member_id, today)
    if may_manage_some_organization(user):
        items += _manager_attention(user, today)
    return items


def _own_attention(member_id: int, today: date) -> list[DueItem]:
    current = YearMonth.from_date(today)
    rows = effective_rows(Member.objects.filter(pk=member_id)).filter(month__lte=current.first_day)
    unpaid = [r for r in rows if r.owed and not r.settled]
    if not unpaid:
        return []
    amount = sum(((r.due_total or ZERO) - r.paid_total for r in unpaid), ZERO)
    title = f"我的党费：{len(unpaid)}个月未交，共{format_yuan(amount)}元"
    severity: Severity = "alert" if len(unpaid) >= 3 else "info"
    item = DueItem(title, len(unpaid), reverse("dues:mine"), ("DUES-12",), severity,
                   audience="own", key="dues.mine")  # fmt: skip
    return [item]


# --- the manager's lists: each card counts the list it opens ---------------------------------------

TODO_KINDS = {
    "unpaid": "本月未交党费的党员",
    "missing": "缺少党费基数的党员",
    "flagged": "连续6个月未交党费、待党支部研究",
}


def month_todo_rows(user: Actor, kind: str, today: date) -> QuerySet[LedgerEntry]:
    """This month's ledger rows of the members in good standing the user may see that are not
    paid (``kind="unpaid"``: due more than paid) or have no base yet (``"missing"``), in list
    order. The home card counts this queryset; the list page pages through it (DUES-2, DUES-12).

    Raises ``ValueError`` for another kind."""
    current = YearMonth.from_date(today)
    members = visible_members(user).filter(status=Status.NORMAL)
    rows = LedgerEntry.objects.filter(month=current.first_day, member__in=members)
    if kind == "unpaid":
        rows = rows.filter(due__gt=0, paid_amount__lt=F("due"))
    elif kind == "missing":
        rows = rows.filter(due__isnull=True)
    else:
        raise ValueError(kind)
    return rows.select_related("member", "organization").order_by(
        "organization__path", "member__name_pinyin", "member_id"
    )


def flagged_cases(user: Actor, today: date) -> list[ArrearsCase]:
    """Members the user may see with six or more consecutive unpaid months up to the last
    complete month (DUES-13), longest run first, with their reminders."""
    return _cases(_flagged_runs(user, today))


def _flagged_runs(user: Actor, today: date) -> dict[int, list[LedgerEntry]]:
    """The unpaid runs behind ``flagged_cases``, by member id: the home card counts these, so it
    does not load the members and reminders the list shows."""
    upto = last_complete_month(today)
    members = visible_members(user).filter(status=Status.NORMAL)
    runs = _unpaid_runs(_flag_candidates(members, upto), upto)
    return {k: v for k, v in runs.items() if arrears_flag(_months(v))}


def _manager_attention(user: Actor, today: date) -> list[DueItem]:
    current = YearMonth.from_date(today)
    members = visible_members(user).filter(status=Status.NORMAL)
    month_rows = LedgerEntry.objects.filter(month=current.first_day, member__in=members)
    todo = reverse("dues:todo")
    items = [
        DueItem(
            f"{current.label}未交党费人数",
            month_todo_rows(user, "unpaid", today).count(),
            f"{todo}?kind=unpaid",
            ("DUES-12",),
            "info",
            key="dues.unpaid",
        ),
        DueItem(
            TODO_KINDS["flagged"],
            len(_flagged_runs(user, today)),
            f"{todo}?kind=flagged",
            ("DUES-13",),
            "alert",
            key="dues.arrears",
        ),
    ]
    missing = month_todo_rows(user, "missing", today).count()
    if missing:
        items.append(
            DueItem(
                TODO_KINDS["missing"],
                missing,
                f"{todo}?kind=missing",
                ("DUES-2",),
                "alert",
                key="dues.missing_base",
            )
        )
    if not month_rows.exists() and members.exists():
        items.append(DueItem(f"{current.label}党费台账尚未生成", 1, reverse("dues:sheet"),
                             ("DUES-12",), "alert", key="dues.ledger_missing"))  # fmt: skip
    return items


def _flag_candidates(members: QuerySet[Member], upto: YearMonth) -> QuerySet[Member]:
    """Only members with 6 or more unpaid months in the window can be flagged, so the database
    picks those and the pure rule decides."""
    start = upto - (ARREARS_WINDOW - 1)
    window = LedgerEntry.objects.filter(month__gte=start.first_day, month__lte=upto.first_day)
    candidates = (
        window.filter(member__in=members, due__gt=0, paid_amount__lt=F("due"))
        .values("member_id")
        .annotate(n=Count("pk"))
        .filter(n__gte=6)
        .values("member_id")
    )
    return Member.objects.filter(pk__in=candidates)
