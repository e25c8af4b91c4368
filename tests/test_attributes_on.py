"""``members.attributes_on``: a member's field on a past day is the "before" of the earliest
later change of it, else today's value; today reads the columns without asking the history."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

from django.utils import timezone

from dangjian.members.attributes_on import attributes_on
from dangjian.members.models import Member
from dangjian.members.services import member_change, member_confirm
from tests.factories import make_member


def _then(member: Member, on: date, *fields: str) -> tuple[Any, ...]:
    found = Member.objects.filter(pk=member.pk).annotate(**attributes_on(on, fields))
    return tuple(found.values_list(*(f"{f}_then" for f in fields)).get())


def test_the_earliest_later_change_holds_the_days_value(enterprise: SimpleNamespace) -> None:
    member = make_member(enterprise.branch_a, education="high_school")
    year = timezone.localdate().year - 1
    for day, level in ((date(year, 3, 1), "college"), (date(year, 9, 1), "bachelor")):
        member_change(actor=None, member_id=member.pk, changes={"education": level},
                      effective_on=day, reason="学历提升")  # fmt: skip
    assert _then(member, date(year, 2, 28), "education") == ("high_school",)
    assert _then(member, date(year, 3, 1), "education") == ("college",)
    assert _then(member, date(year, 8, 31), "education") == ("college",)
    assert _then(member, date(year, 9, 1), "education", "occupation") == (
        "bachelor",
        "professional",
    )


def test_a_date_not_yet_recorded_that_day_reads_empty(enterprise: SimpleNamespace) -> None:
    """A 预备党员 confirmed today had no 转正时间 yesterday (the recorded "before" is empty)."""
    today = timezone.localdate()
    member = make_member(enterprise.branch_a, stage="probationary",
                         joined_on=today - timedelta(days=400), confirmed_on=None)  # fmt: skip
    member_confirm(actor=None, member_id=member.pk, confirmed_on=today, reason="按期转正")
    yesterday = today - timedelta(days=1)
    assert _then(member, yesterday, "confirmed_on", "joined_on") == (
        None, today - timedelta(days=400),
    )  # fmt: skip
    assert _then(member, today, "confirmed_on") == (today,)


def test_today_reads_the_columns_alone(
    enterprise: SimpleNamespace, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(0):
        found = attributes_on(timezone.localdate())
    assert all(str(expression).startswith("F(") for expression in found.values())
