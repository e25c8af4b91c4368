"""The admission and confirmation meeting: DEV-12 quorum, DEV-13 vote, DEV-16 who votes."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dangjian.rules.development.voting import (
    Tally,
    TallyError,
    check_meeting,
    check_quorum,
    check_resolution,
    check_vote,
    check_voting_right,
)
from dangjian.rules.discipline import Sanction, SanctionKind
from dangjian.rules.verdicts import Outcome


@pytest.mark.parametrize(("present", "outcome"), [(11, Outcome.BLOCK), (12, Outcome.PASS)])
def test_quorum_of_23_needs_12_present(present: int, outcome: Outcome) -> None:
    """DEV-12: more than half of 23 entitled is 12."""
    verdict = check_quorum(Tally(entitled=23, present=present, yes=0))
    assert verdict.outcome is outcome
    assert f"应到会有表决权党员23人，实到{present}人" in verdict.message


def test_written_opinions_do_not_make_anyone_present() -> None:
    """DEV-12: 11 present with 5 written opinions is still no quorum."""
    assert check_quorum(Tally(23, 11, 11, written_yes=5)).is_block


@pytest.mark.parametrize(
    ("yes", "written", "outcome"),
    [
        (11, 0, Outcome.BLOCK),
        (12, 0, Outcome.PASS),
        (11, 1, Outcome.PASS),
        (10, 1, Outcome.BLOCK),
    ],
)
def test_yes_votes_must_exceed_half_of_all_entitled(
    yes: int, written: int, outcome: Outcome
) -> None:
    """DEV-13: of 23 entitled (not of the 14 present), 12 yes votes, written ones included."""
    assert check_vote(Tally(23, 14, yes, written_yes=written)).outcome is outcome


def test_the_arithmetic_is_shown() -> None:
    """DEV-12/DEV-13: the message a secretary reads."""
    quorum, vote = check_meeting(Tally(23, 14, 11, no=2, abstain=1, written_yes=2))
    assert quorum.message == "应到会有表决权党员23人，实到14人，超过半数"
    assert vote.message == (
        "赞成11票+书面赞成2票=13票，超过应到会有表决权党员23人的半数（须至少12票），"
        "同意接收为预备党员"
    )
    assert vote.text.startswith("依据《中国共产党发展党员工作细则》第二十条：")


def test_confirmation_uses_the_same_thresholds_under_its_own_article() -> None:
    """DEV-18: 细则第三十二条."""
    quorum, vote = check_meeting(Tally(23, 11, 11), confirmation=True)
    assert quorum.is_block and vote.is_block
    assert quorum.rule_id == "DEV-18" and "第三十二" in quorum.source


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"entitled": 23, "present": 24, "yes": 0}, "present"),
        ({"entitled": 23, "present": 14, "yes": 12, "no": 3}, "yes"),
        ({"entitled": 23, "present": 14, "yes": 1, "written_yes": 10}, "written_yes"),
        ({"entitled": 23, "present": -1, "yes": 0}, "present"),
    ],
)
def test_a_tally_that_cannot_be_true_is_refused_naming_the_field(
    kwargs: dict[str, int], field: str
) -> None:
    with pytest.raises(TallyError) as raised:
        Tally(**kwargs)
    assert raised.value.field == field


def test_an_empty_register_never_passes() -> None:
    assert check_quorum(Tally(0, 0, 0)).is_block
    assert check_vote(Tally(0, 0, 0)).is_block


@given(st.integers(min_value=1, max_value=500), st.data())
def test_the_vote_passes_exactly_from_the_smallest_majority(
    entitled: int, data: st.DataObject
) -> None:
    """DEV-13: pass exactly when 2 x yes > entitled, whatever the split between present and written."""
    present = data.draw(st.integers(min_value=0, max_value=entitled))
    yes = data.draw(st.integers(min_value=0, max_value=present))
    written = data.draw(st.integers(min_value=0, max_value=entitled - present))
    verdict = check_vote(Tally(entitled, present, yes, written_yes=written))
    assert (verdict.outcome is Outcome.PASS) == (2 * (yes + written) > entitled)


def test_probationary_members_and_members_under_probation_in_party_do_not_vote() -> None:
    """DEV-16 and DISC-1."""
    on = date(2026, 6, 1)
    assert check_voting_right(is_full_member=True, sanctions=(), on=on).outcome is Outcome.PASS
    assert check_voting_right(is_full_member=False, sanctions=(), on=on).rule_id == "DEV-16"
    probation = Sanction(SanctionKind.PROBATION_IN_PARTY, date(2026, 1, 1), term_months=12)
    barred = check_voting_right(is_full_member=True, sanctions=[probation], on=on)
    assert barred.is_block and barred.rule_id == "DISC-1"
    warned = Sanction(SanctionKind.WARNING, date(2026, 1, 1))  # a warning keeps the vote
    assert (
        check_voting_right(is_full_member=True, sanctions=[warned], on=on).outcome is Outcome.PASS
    )


def test_the_resolution_names_what_the_article_requires() -> None:
    """DEV-24."""
    complete = check_resolution(
        performance="工作积极", tally=Tally(23, 14, 13), resolved_on=date(2026, 6, 1),
        secretary_signed=True,
    )  # fmt: skip
    assert complete.outcome is Outcome.PASS
    empty = check_resolution(performance=" ", tally=None, resolved_on=None, secretary_signed=False)
    assert empty.is_block and "党支部书记签名" in empty.message
