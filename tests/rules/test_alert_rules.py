"""智能研判's pure rules: the branch health score and the data-quality checks of a record."""

from __future__ import annotations

from datetime import date

import pytest

from dangjian.rules.alerts import (
    ALERT_KINDS,
    DEFAULT_WEIGHTS,
    RecordFacts,
    data_quality_problems,
    formula_text,
    grade_of,
    health_score,
    parse_severities,
    parse_weights,
)
from dangjian.rules.sources import rule_citation


def test_score_is_100_less_each_open_alert_by_its_severity() -> None:
    result = health_score(["high", "medium", "low", "low"], DEFAULT_WEIGHTS)
    assert (result.score, result.deduction, result.open_alerts) == (100 - 10 - 5 - 2 - 2, 19, 4)
    assert result.grade == "较好"


def test_score_takes_the_deployments_weights_and_never_goes_below_zero() -> None:
    assert health_score(["medium"], {"medium": 30}).score == 70
    assert health_score(["high"] * 11, DEFAULT_WEIGHTS).score == 0
    assert health_score([], DEFAULT_WEIGHTS).score == 100


def test_an_unknown_severity_is_refused() -> None:
    with pytest.raises(ValueError):
        health_score(["urgent"], DEFAULT_WEIGHTS)


@pytest.mark.parametrize(
    ("score", "grade"), [(100, "好"), (90, "好"), (89, "较好"), (75, "较好"), (74, "一般"),
                         (60, "一般"), (59, "差"), (0, "差")],
)  # fmt: skip
def test_grades_at_their_thresholds(score: int, grade: str) -> None:
    assert grade_of(score) == grade


def test_the_formula_shown_names_the_weights_in_use() -> None:
    text = formula_text({"high": 12, "medium": 6, "low": 1})
    assert "高12分" in text and "中6分" in text and "低1分" in text and "100" in text


def test_joined_the_day_before_the_18th_birthday_is_a_problem_on_it_is_not() -> None:
    """DEV-1: at least 18 on the day of the 支部大会."""
    born = date(2000, 5, 10)
    before = RecordFacts(born, date(2018, 5, 9), None, has_id_number=True)
    on_the_day = RecordFacts(born, date(2018, 5, 10), None, has_id_number=True)
    assert [k for k, _ in data_quality_problems(before)] == ["joined_under_18"]
    assert data_quality_problems(on_the_day) == []


def test_confirmed_before_joined_and_a_missing_id_number_are_problems() -> None:
    """MEM-1: 转正 comes a year after 入党; the archive needs the ID number."""
    facts = RecordFacts(date(1980, 1, 1), date(2010, 7, 1), date(2010, 6, 30), has_id_number=False)
    kinds = [k for k, _ in data_quality_problems(facts)]
    assert kinds == ["missing_id_number", "confirmed_before_joined"]
    same_day = RecordFacts(date(1980, 1, 1), date(2010, 7, 1), date(2010, 7, 1), has_id_number=True)
    assert data_quality_problems(same_day) == []


def test_each_kind_cites_known_rules() -> None:
    """Every rule an alert cites has its regulation and article (no bare rule ID on screen)."""
    for kind in ALERT_KINDS.values():
        for rule_id in kind.rule_ids:
            assert rule_citation(rule_id) or rule_id in {"MEET-8", "MEM-7"}


def test_settings_override_severities_and_weights_and_refuse_unknown_names() -> None:
    assert parse_severities("arrears=low")["arrears"] == "low"
    assert parse_severities("")["term_overdue"] == "high"
    assert parse_weights("high=20") == {"high": 20, "medium": 5, "low": 2}
    for bad in ("arrears=urgent", "nothing=high", "arrears"):
        with pytest.raises(ValueError, match="DANGJIAN_ALERT_SEVERITIES"):
            parse_severities(bad)
    with pytest.raises(ValueError, match="DANGJIAN_ALERT_WEIGHTS"):
        parse_weights("high=-1")
