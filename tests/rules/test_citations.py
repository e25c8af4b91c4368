"""What a person reads cites the regulation and the article, never a rule ID: the rules
layer's citation suffix names the document; the rule ID stays in code and on screen tags."""

from __future__ import annotations

import itertools
import re
from decimal import Decimal

import pytest

from dangjian.rules.citations import cite
from dangjian.rules.dues import DuesCategory, ItemCategory, compute_dues
from dangjian.rules.dues.settings import DuesSettings
from dangjian.rules.sources import RULE_SOURCES

RULE_ID = re.compile(r"\b[A-Z]{2,5}-\d+\b")
BASES = (Decimal("2999.99"), Decimal("8500.00"), Decimal("58000.00"))  # three brackets, the cap


@pytest.mark.parametrize("rule_id", sorted(RULE_SOURCES))
def test_every_rule_cites_its_document_without_its_id(rule_id: str) -> None:
    text = cite(rule_id)
    assert not RULE_ID.search(text)
    if RULE_SOURCES[rule_id]:
        assert text.startswith("（") and text.endswith("）")
        assert "《" in text or text == "（按本单位党费设置）"
    else:
        assert text == ""  # a reckoning convention (DATE-*) cites nothing


def test_a_named_article_reads_as_the_regulation_and_article() -> None:
    assert (
        cite("DUES-1", "党费规定第二条")
        == "（依据《关于中国共产党党费收缴、使用和管理的规定》第二条）"
    )
    assert cite("ID-1", "GB 11643-1999") == "（依据GB 11643-1999）"
    assert cite("DUES-15", "本单位设置") == "（按本单位党费设置）"


def test_an_unknown_rule_is_an_error_not_a_bare_id() -> None:
    with pytest.raises(KeyError):
        cite("DUES-99")


def test_the_dues_explanations_and_item_reasons_carry_no_rule_id() -> None:
    settings = DuesSettings()
    for category, base in itertools.product(DuesCategory, BASES):
        result = compute_dues(category, base, settings)
        for line in result.lines:
            assert not RULE_ID.search(line), line
        assert result.rule_ids  # the IDs stay, as their own field
    for item in ItemCategory:
        assert not RULE_ID.search(item.reason)
