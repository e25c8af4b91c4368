"""What a person reads from a development check cites the article, never a rule ID."""

from __future__ import annotations

import re
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from dangjian.rules.development.admission import (
    check_approval_timing,
    check_assembly_after_prereview,
    check_oath,
)
from dangjian.rules.development.applicants import check_age, check_application_talk
from dangjian.rules.development.designation import check_activist_year
from dangjian.rules.development.probation import check_confirmation_meeting
from dangjian.rules.development.voting import Tally, check_quorum, check_vote
from dangjian.rules.verdicts import Verdict

RULE_ID = re.compile(r"\b[A-Z]+-\d+")
dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31))


def _readable(verdict: Verdict) -> None:
    assert verdict.text.startswith("依据《"), verdict.text
    assert not RULE_ID.search(verdict.text), verdict.text


@given(dates, dates)
def test_date_checks_read_without_rule_ids(first: date, second: date) -> None:
    for check in (
        check_age, check_application_talk, check_activist_year, check_assembly_after_prereview,
        check_approval_timing, check_oath, check_confirmation_meeting,
    ):  # fmt: skip
        _readable(check(first, second))


@given(st.integers(min_value=0, max_value=60), st.data())
def test_vote_checks_read_without_rule_ids(entitled: int, data: st.DataObject) -> None:
    present = data.draw(st.integers(min_value=0, max_value=entitled))
    yes = data.draw(st.integers(min_value=0, max_value=present))
    tally = Tally(entitled, present, yes)
    _readable(check_quorum(tally))
    _readable(check_vote(tally, confirmation=True))
