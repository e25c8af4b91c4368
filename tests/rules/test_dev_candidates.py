"""Candidate checks: DEV-8 sponsors with DISC-1, DEV-9/DEV-23 review, DEV-10, DEV-11."""

from __future__ import annotations

from datetime import date

import pytest

from dangjian.rules.development.candidates import (
    PoliticalReview,
    Sponsor,
    check_leaving,
    check_mobile_review,
    check_political_review,
    check_sponsors,
    check_training,
)
from dangjian.rules.discipline import Sanction, SanctionKind
from dangjian.rules.verdicts import Outcome

DECIDED = date(2025, 3, 1)
CLEAN = Sponsor("王五", is_full_member=True)


def sponsor_with(kind: SanctionKind, term_months: int | None = None) -> Sponsor:
    return Sponsor("赵六", True, (Sanction(kind, DECIDED, "某党委", term_months),))


def test_two_full_members_sponsor() -> None:
    """DEV-8."""
    other = Sponsor("孙七", is_full_member=True)
    assert check_sponsors([CLEAN, other], date(2026, 5, 1)).outcome is Outcome.PASS
    one = check_sponsors([CLEAN], date(2026, 5, 1))
    assert one.is_block and "现有1名" in one.message
    probationary = check_sponsors([CLEAN, Sponsor("周八", False)], date(2026, 5, 1))
    assert probationary.is_block and "周八不是正式党员" in probationary.message


@pytest.mark.parametrize(
    ("kind", "inside", "after"),
    [
        (SanctionKind.WARNING, date(2026, 2, 28), date(2026, 3, 1)),
        (SanctionKind.SERIOUS_WARNING, date(2026, 8, 31), date(2026, 9, 1)),
        (SanctionKind.REMOVAL_FROM_POST, date(2027, 2, 28), date(2027, 3, 1)),
    ],
)
def test_a_sponsor_inside_an_impact_period_is_a_warning(
    kind: SanctionKind, inside: date, after: date
) -> None:
    """DEV-8 with DISC-1: 警告 1 year, 严重警告 18 months, 撤销党内职务 2 years: a warning on the
    last day inside, nothing from the first day after."""
    sponsor = sponsor_with(kind)
    warned = check_sponsors([CLEAN, sponsor], inside)
    assert warned.outcome is Outcome.WARN
    assert f"受{kind.label}处分" in warned.message and "不宜作入党介绍人" in warned.message
    assert check_sponsors([CLEAN, sponsor], after).outcome is Outcome.PASS


@pytest.mark.parametrize(("term", "last_day"), [(12, date(2026, 2, 28)), (24, date(2027, 2, 28))])
def test_a_sponsor_under_probation_in_party_is_refused(term: int, last_day: date) -> None:
    """DEV-8 with DISC-1: 留党察看 one or two years: refused until the rights come back."""
    sponsor = sponsor_with(SanctionKind.PROBATION_IN_PARTY, term)
    refused = check_sponsors([CLEAN, sponsor], last_day)
    assert refused.is_block and not refused.overridable
    assert "未恢复党员权利，不能作入党介绍人" in refused.message
    restored = date(last_day.year, 3, 1)
    assert check_sponsors([CLEAN, sponsor], restored).outcome is Outcome.PASS


def test_the_political_review_must_have_passed() -> None:
    """DEV-9: no review, a future one or a failed one all block."""
    on = date(2026, 6, 1)
    assert check_political_review(None, on).is_block
    assert check_political_review(PoliticalReview(date(2026, 6, 2), True), on).is_block
    failed = check_political_review(PoliticalReview(date(2026, 5, 1), False), on)
    assert failed.is_block and "不合格" in failed.message
    assert (
        check_political_review(PoliticalReview(date(2026, 5, 1), True), on).outcome is Outcome.PASS
    )


def test_a_mobile_candidate_is_reviewed_at_both_places() -> None:
    """DEV-23: the 户籍地 and the 居住地 基层党组织 both give an opinion."""
    one_place = PoliticalReview(date(2026, 5, 1), True, household_opinion_on=date(2026, 4, 20))
    both = PoliticalReview(date(2026, 5, 1), True, date(2026, 4, 20), date(2026, 4, 22))
    missing = check_mobile_review(one_place, mobile=True)
    assert missing.is_block and "尚缺居住地的意见" in missing.message
    assert check_mobile_review(both, mobile=True).outcome is Outcome.PASS
    assert check_mobile_review(one_place, mobile=False).outcome is Outcome.PASS


@pytest.mark.parametrize(
    ("days", "hours", "outcome"),
    [(3, 0, Outcome.PASS), (0, 24, Outcome.PASS), (2, 23, Outcome.BLOCK), (0, 0, Outcome.BLOCK)],
)
def test_training_three_days_or_24_class_hours(days: int, hours: int, outcome: Outcome) -> None:
    """DEV-10: short of both is a block that may be overridden with a reason (个别特殊情况)."""
    verdict = check_training(days, hours)
    assert verdict.outcome is outcome
    assert verdict.overridable == (outcome is Outcome.BLOCK)


def test_leaving_within_three_months_is_a_warning() -> None:
    """DEV-11: leaving on the day three months on still warns; a day later does not."""
    on = date(2026, 1, 31)
    assert check_leaving(date(2026, 4, 30), on).outcome is Outcome.WARN
    assert check_leaving(date(2026, 5, 1), on).outcome is Outcome.PASS
    assert check_leaving(None, on).outcome is Outcome.PASS
