"""A check's result is a verdict with its rule and article, never a bare boolean."""

from __future__ import annotations

import re

import pytest

from dangjian.rules.verdicts import Outcome, Verdict, refusals, warnings, worst

RULE_ID = re.compile(r"\b[A-Z]+-\d+")


def test_text_cites_the_regulation_and_article_not_the_rule_id() -> None:
    verdict = Verdict.blocked("DEV-7", "还差3天")
    assert verdict.text == "依据《中国共产党发展党员工作细则》第十三条：还差3天"
    assert verdict.source == "《中国共产党发展党员工作细则》第十三条"
    assert not RULE_ID.search(verdict.text)


def test_a_rule_without_a_source_cannot_make_a_verdict() -> None:
    with pytest.raises(KeyError):
        Verdict.passed("DEV-999", "无")


def test_only_a_block_can_be_overridable() -> None:
    with pytest.raises(ValueError, match="破例"):
        Verdict(rule_id="DEV-10", outcome=Outcome.WARN, message="x", overridable=True)


def test_an_override_lifts_only_an_overridable_block() -> None:
    training = Verdict.blocked("DEV-10", "未经培训", overridable=True)
    age = Verdict.blocked("DEV-1", "未满18周岁")
    notice = Verdict.warning("DEV-11", "三个月内离开")
    checks = (training, age, notice, Verdict.passed("DEV-2", "按期谈话"))
    assert refusals(checks) == (training, age)
    assert refusals(checks, overridden={"DEV-10", "DEV-1"}) == (age,)
    assert warnings(checks) == (notice,)


def test_the_worst_outcome_decides() -> None:
    assert worst([]) is Outcome.PASS
    assert worst([Verdict.passed("DEV-2", "a"), Verdict.warning("DEV-11", "b")]) is Outcome.WARN
    assert worst([Verdict.warning("DEV-11", "b"), Verdict.blocked("DEV-1", "c")]) is Outcome.BLOCK
    assert [o.label for o in Outcome] == ["符合", "提醒", "不符合"]
