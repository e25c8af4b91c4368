"""The ledger's SQL (``dangjian.dues.ledger``) against the pure rules (``dangjian.rules.dues``):
for random members (category, joining, a change of category, suspension), random bases and
settings, and random payments, the rows the set-based generation writes for a month are the
rows the pure functions give, member by member. Runs on SQLite and on PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dangjian.dues.collection import Payment, ledger_mark_paid
from dangjian.dues.ledger import ledger_generate
from dangjian.dues.models import DuesBase, LedgerEntry, Method
from dangjian.dues.policy import current_settings, policy_update
from dangjian.members.models import Member
from dangjian.members.services import member_change
from dangjian.rules.dates import YearMonth
from dangjian.rules.dues import DuesCategory, DuesSettings, compute_dues, effective_base
from dangjian.rules.dues.months import dues_start_month
from dangjian.rules.statistics import probation_end
from tests.dues.conftest import payroll
from tests.factories import make_member

pytestmark = pytest.mark.django_db

FIRST, LAST = YearMonth(2023, 1), YearMonth(2025, 6)


def _index(m: YearMonth) -> int:
    return m.year * 12 + m.month - 1


def months(low: YearMonth = FIRST) -> st.SearchStrategy[YearMonth]:
    return st.integers(0, _index(LAST) - _index(low)).map(lambda n: low + n)


END = (LAST + 1).first_day - timedelta(days=1)  # no change is dated after the window


def days() -> st.SearchStrategy[date]:
    return st.dates(FIRST.first_day, END)


@dataclass(frozen=True)
class Spec:
    """One member as the example draws it."""

    category: DuesCategory
    joined_on: date
    wages: dict[YearMonth, int]  # basic wage of a month, whole yuan (the base derives from it)
    new_category: DuesCategory | None  # changed on ``changed_on``
    changed_on: date
    suspended_on: date | None


@st.composite
def specs(draw: st.DrawFn) -> Spec:
    """A member whose dated changes come in the order the archive accepts: joining, then a
    change of category, then suspension."""
    joined_on = draw(days())
    changed_on = min(joined_on + timedelta(days=draw(st.integers(0, 400))), END)
    suspended_on = min(changed_on + timedelta(days=draw(st.integers(0, 400))), END)
    return Spec(
        category=draw(st.sampled_from(DuesCategory)),
        joined_on=joined_on,
        wages=draw(st.dictionaries(months(), st.integers(0, 60_000), max_size=4)),
        new_category=draw(st.none() | st.sampled_from(DuesCategory)),
        changed_on=changed_on,
        suspended_on=draw(st.sampled_from([None, suspended_on])),
    )


def expected_row(spec: Spec, month: YearMonth, bases: dict[YearMonth, Decimal],
                 rules: DuesSettings) -> tuple[Decimal | None, Decimal | None] | None:  # fmt: skip
    """(base, due) the pure rules give ``spec`` for ``month``; None when nothing is owed."""
    if month < dues_start_month(spec.joined_on):  # DUES-8
        return None
    if spec.suspended_on is not None and spec.suspended_on <= month.first_day:
        return None  # not 正常 on any day of the month
    category = spec.category  # the category on the month's first day
    if spec.new_category is not None and spec.changed_on <= month.first_day:
        category = spec.new_category
    if category.is_flat:
        return None, compute_dues(category, None, rules).amount
    if category is DuesCategory.SELF_EMPLOYED:
        base = bases.get(month)  # DUES-4: last quarter's average, stored as the month's base
    else:
        base = effective_base(month, bases, rules, category)[0]  # DUES-9, DUES-3
    if base is None:
        return None, None
    return base, compute_dues(category, base, rules).amount


def written_rows(month: YearMonth) -> dict[int, tuple[Decimal | None, Decimal | None]]:
    rows = LedgerEntry.objects.filter(month=month.first_day)
    return {r.member_id: (r.base, r.due) for r in rows}


def stored_bases(member: Member) -> dict[YearMonth, Decimal]:
    return {YearMonth.from_date(b.month): b.base for b in DuesBase.objects.filter(member=member)}


def create(branch: Any, spec: Spec) -> Member:
    member = make_member(
        branch,
        dues_category=spec.category.value,
        joined_on=spec.joined_on,
        confirmed_on=probation_end(spec.joined_on),
        applied_on=spec.joined_on - timedelta(days=400),
        lost_contact_since=(
            None if spec.suspended_on is None else spec.suspended_on - timedelta(days=200)
        ),
    )
    for month, wage in spec.wages.items():
        payroll(member, month, str(wage))
    if spec.new_category is not None and spec.new_category is not spec.category:
        member_change(actor=None, member_id=member.pk,
                      changes={"dues_category": spec.new_category.value},
                      effective_on=spec.changed_on, reason="收入情况变化")  # fmt: skip
    if spec.suspended_on is not None:
        member_change(actor=None, member_id=member.pk, changes={"status": "suspended"},
                      effective_on=spec.suspended_on, reason="失联满6个月，停止党籍")  # fmt: skip
    return member


def check_month(members: dict[int, tuple[Member, Spec]], month: YearMonth) -> None:
    rules = current_settings()
    expected = {}
    for pk, (member, spec) in members.items():
        row = expected_row(spec, month, stored_bases(member), rules)
        if row is not None:
            expected[pk] = row
    assert written_rows(month) == expected


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    people=st.lists(specs(), min_size=1, max_size=4),
    month=months(YearMonth(2024, 1)),
    fixed_yearly=st.booleans(),
    rounding=st.sampled_from(["half_up_fen", "yuan"]),
    paid=st.lists(st.booleans(), min_size=4, max_size=4),
    raises=st.dictionaries(st.integers(0, 3), st.tuples(months(), st.integers(0, 60_000))),
)
def test_the_ledger_sql_writes_what_the_pure_rules_compute(
    enterprise: Any, people: list[Spec], month: YearMonth, fixed_yearly: bool, rounding: str,
    paid: list[bool], raises: dict[int, tuple[YearMonth, int]],
) -> None:  # fmt: skip
    with transaction.atomic():
        policy_update(actor=None, values={"fixed_yearly": fixed_yearly, "rounding": rounding})
        members = {}
        for spec in people:
            member = create(enterprise.branch_a, spec)
            members[member.pk] = (member, spec)
        ledger_generate(actor=None, month=month)
        check_month(members, month)

        # Some rows are paid; then new payroll arrives and the month is generated again: the
        # paid rows keep what they were paid on, the unpaid rows follow the pure rules again.
        entries = list(LedgerEntry.objects.filter(month=month.first_day).order_by("member_id"))
        to_pay = [e for e, p in zip(entries, paid, strict=False) if p and e.due]
        if to_pay:
            payment = Payment(paid_on=date(2025, 12, 1), method=Method.CASH,
                              late_reason="补交，支部已核实")  # fmt: skip
            ledger_mark_paid(actor=None, entry_ids=[e.pk for e in to_pay], payment=payment)
        kept = {e.member_id: (e.base, e.due) for e in to_pay}
        order = list(members)
        for index, (raise_month, wage) in raises.items():
            if index < len(order):
                payroll(members[order[index]][0], raise_month, str(wage))
        ledger_generate(actor=None, month=month)
        for pk in kept:
            members.pop(pk)
        rows = written_rows(month)
        assert {pk: rows[pk] for pk in kept} == kept
        for pk in kept:
            rows.pop(pk)
        rules = current_settings()
        expected = {}
        for pk, (member, spec) in members.items():
            row = expected_row(spec, month, stored_bases(member), rules)
            if row is not None:
                expected[pk] = row
        assert rows == expected
        transaction.set_rollback(True)
