"""Organisation structure and terms of office: ORG-1..ORG-5."""

from datetime import date

import pytest

from dangjian.rules.organization import (
    OrgFacts,
    OrgKind,
    StructureWarning,
    election_reminder_due,
    structure_warnings,
    term_end,
    term_years,
)


def branch(full: int, total: int | None = None, committee: int = 0) -> OrgFacts:
    """An ordinary 党支部 with ``full`` full members out of ``total``."""
    return OrgFacts(OrgKind.BRANCH, full, full if total is None else total, committee)


def rule_ids(facts: OrgFacts) -> list[tuple[str, str]]:
    return [(w.rule_id, w.severity) for w in structure_warnings(facts)]


def test_kinds_have_chinese_labels() -> None:
    """ORG-1..ORG-4: the kinds of organisation."""
    assert [k.label for k in OrgKind] == [
        "基层党委",
        "党总支",
        "党支部",
        "联合党支部",
        "临时党支部",
        "党小组",
    ]
    assert OrgKind("joint_branch") is OrgKind.JOINT_BRANCH


def test_branch_kinds() -> None:
    """ORG-1: ordinary, joint and temporary branches are branches; the others are not."""
    assert {k for k in OrgKind if k.is_branch} == {
        OrgKind.BRANCH,
        OrgKind.JOINT_BRANCH,
        OrgKind.TEMP_BRANCH,
    }


def test_branch_with_three_full_members_and_no_committee_is_in_order() -> None:
    """ORG-1/ORG-3: 3 full members are enough; fewer than 7 need no committee."""
    assert structure_warnings(branch(3, 5)) == []


def test_branch_with_two_full_members_should_form_a_joint_branch() -> None:
    """ORG-1 (支部工作条例第四条): fewer than 3 full members join a joint branch."""
    assert structure_warnings(branch(2, 4)) == [
        StructureWarning(
            "ORG-1",
            "正式党员仅2名，不足3名，应与其他单位成立联合党支部（依据《中国共产党支部工作条例（试行）》第四条）",
            "error",
        )
    ]


def test_three_threshold_counts_full_members_not_probationary_ones() -> None:
    """ORG-4 note: the 3 and 7 thresholds count full members only."""
    assert rule_ids(branch(2, 10)) == [("ORG-1", "error")]


def test_joint_branch_with_too_few_full_members_is_flagged() -> None:
    """ORG-1: a joint branch needs 3 full members as well."""
    facts = OrgFacts(OrgKind.JOINT_BRANCH, 2, 2, 0, units=2)
    [warning] = structure_warnings(facts)
    assert warning.rule_id == "ORG-1"
    assert "不足以成立联合党支部" in warning.message


def test_joint_branch_of_five_units_is_allowed_and_six_is_not() -> None:
    """ORG-1: a joint branch covers at most 5 units."""
    assert structure_warnings(OrgFacts(OrgKind.JOINT_BRANCH, 5, 5, 0, units=5)) == []
    [warning] = structure_warnings(OrgFacts(OrgKind.JOINT_BRANCH, 5, 5, 0, units=6))
    assert (warning.rule_id, warning.severity) == ("ORG-1", "error")
    assert "覆盖6个单位，超过5个" in warning.message


def test_branch_of_fifty_members_is_allowed_and_fifty_one_is_warned() -> None:
    """ORG-2 (支部工作条例第四条): a branch normally has at most 50 members."""
    assert rule_ids(branch(45, 50, committee=5)) == []
    assert rule_ids(branch(45, 51, committee=5)) == [("ORG-2", "warning")]


def test_seven_full_members_without_committee_must_elect_one() -> None:
    """ORG-3 (支部工作条例第二十条): 7 or more full members set up a 支部委员会."""
    [warning] = structure_warnings(branch(7))
    assert (warning.rule_id, warning.severity) == ("ORG-3", "error")
    assert "应设立支部委员会" in warning.message


def test_six_full_members_with_a_committee_should_have_a_secretary_only() -> None:
    """ORG-3: fewer than 7 full members: a secretary (and a deputy), no committee."""
    [warning] = structure_warnings(branch(6, committee=3))
    assert (warning.rule_id, warning.severity) == ("ORG-3", "warning")
    assert "只设书记" in warning.message


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        (2, [("ORG-3", "error")]),
        (3, []),
        (5, []),
        (6, [("ORG-3", "warning")]),
        (7, [("ORG-3", "warning")]),
        (8, [("ORG-3", "error")]),
    ],
)
def test_committee_size_three_to_five_at_most_seven(
    size: int, expected: list[tuple[str, str]]
) -> None:
    """ORG-3: a committee of 3 to 5, at most 7."""
    assert rule_ids(branch(20, committee=size)) == expected


def test_several_problems_are_reported_together() -> None:
    """ORG-1..ORG-3: every departure is listed."""
    facts = OrgFacts(OrgKind.JOINT_BRANCH, 2, 60, 3, units=7)
    assert rule_ids(facts) == [
        ("ORG-1", "error"),
        ("ORG-1", "error"),
        ("ORG-2", "warning"),
        ("ORG-3", "warning"),
    ]


def test_party_committee_under_one_hundred_members_needs_approval() -> None:
    """ORG-4 (国企条例): 100 or more members set up a 基层党委; fewer with approval."""
    assert structure_warnings(OrgFacts(OrgKind.COMMITTEE, 90, 100, 7)) == []
    [warning] = structure_warnings(OrgFacts(OrgKind.COMMITTEE, 90, 99, 7))
    assert (warning.rule_id, warning.severity) == ("ORG-4", "warning")
    assert "须经上级党组织批准" in warning.message


@pytest.mark.parametrize(
    ("members", "warned"), [(49, True), (50, False), (100, False), (101, True)]
)
def test_general_branch_is_for_fifty_to_one_hundred_members(members: int, warned: bool) -> None:
    """ORG-4: 50 to 100 members: a 党总支 (smaller with approval; 100+ is a 基层党委)."""
    facts = OrgFacts(OrgKind.GENERAL_BRANCH, members, members, 5)
    assert bool(structure_warnings(facts)) is warned


def test_party_group_has_no_structure_rules() -> None:
    """ORG-1..ORG-4 do not apply to a 党小组."""
    assert structure_warnings(OrgFacts(OrgKind.GROUP, 1, 1, 0)) == []


def test_facts_that_cannot_be_true_are_refused() -> None:
    """More full members than members is a data error, reported in Chinese."""
    with pytest.raises(ValueError, match="多于党员总数"):
        OrgFacts(OrgKind.BRANCH, 5, 4, 0)
    with pytest.raises(ValueError, match="覆盖单位数"):
        OrgFacts(OrgKind.JOINT_BRANCH, 5, 5, 0, units=0)


def test_terms_of_office() -> None:
    """ORG-5 (任期意见): 基层党委 5 years; 党总支 and 党支部 3, village and community 5."""
    assert term_years(OrgKind.COMMITTEE) == 5
    assert term_years(OrgKind.GENERAL_BRANCH) == 3
    assert term_years(OrgKind.BRANCH) == 3
    assert term_years(OrgKind.JOINT_BRANCH) == 3
    assert term_years(OrgKind.BRANCH, village_or_community=True) == 5
    assert term_years(OrgKind.GENERAL_BRANCH, village_or_community=True) == 5


def test_temporary_branch_and_group_have_no_term() -> None:
    """ORG-5: neither is elected for a term."""
    with pytest.raises(ValueError, match="不实行任期制"):
        term_years(OrgKind.TEMP_BRANCH)
    with pytest.raises(ValueError, match="不实行任期制"):
        term_years(OrgKind.GROUP)


def test_term_ends_on_the_anniversary_of_the_election() -> None:
    """ORG-5 with DATE-1: a branch elected 2021-06-15 ends its term on 2024-06-15."""
    assert term_end(date(2021, 6, 15), OrgKind.BRANCH) == date(2024, 6, 15)
    assert term_end(date(2020, 2, 29), OrgKind.COMMITTEE) == date(2025, 2, 28)
    assert term_end(date(2021, 6, 15), OrgKind.BRANCH, village_or_community=True) == date(
        2026, 6, 15
    )


def test_election_reminder_is_due_six_months_before_the_term_ends() -> None:
    """ORG-5: the reminder (a setting, default 6 months) before the term ends."""
    end = date(2024, 6, 15)
    assert not election_reminder_due(end, date(2023, 12, 14))
    assert election_reminder_due(end, date(2023, 12, 15))
    assert election_reminder_due(end, date(2024, 7, 1))


def test_election_reminder_lead_time_is_a_setting() -> None:
    """ORG-5."""
    end = date(2024, 6, 15)
    assert not election_reminder_due(end, date(2024, 3, 14), months_before=3)
    assert election_reminder_due(end, date(2024, 3, 15), months_before=3)
