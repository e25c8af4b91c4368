"""What a person reads cites the regulation and the article, never a bare rule ID."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dangjian.rules.dues import DuesCategory, DuesSettings, apply_reduction, compute_dues
from dangjian.rules.sources import RULE_SOURCES, readable_citations, rule_citation, rule_citations

RULE_ID = re.compile(r"\b[A-Z]+-\d+")
DANGFEI = "《关于中国共产党党费收缴、使用和管理的规定》"


def test_rule_suffix_becomes_the_regulation_and_article() -> None:
    text = "基数在“5000元以下（含）”档（DUES-5，党费规定第五条）"
    assert readable_citations(text) == f"基数在“5000元以下（含）”档（依据{DANGFEI}第五条）"


def test_two_documents_and_a_local_setting() -> None:
    assert readable_citations("（DUES-5，党费规定第五条、2017通知）") == (
        f"（依据{DANGFEI}第五条、《关于进一步规范党费工作的通知》）"
    )
    assert readable_citations("按四舍五入到分（DUES-15，本单位设置）") == (
        "按四舍五入到分（按本单位党费设置）"
    )


def test_a_bare_rule_id_is_looked_up() -> None:
    assert readable_citations("转正（MEM-1）") == "转正（依据《中国共产党章程》第七条）"


def test_every_known_rule_has_a_readable_source() -> None:
    for rule_id in RULE_SOURCES:
        assert not RULE_ID.search(rule_citation(rule_id))
    assert rule_citations(("DEV-2", "DATE-1")) == ("《中国共产党发展党员工作细则》第七条",)


def test_an_unknown_rule_is_an_error_not_a_bare_id() -> None:
    with pytest.raises(KeyError):
        rule_citation("XYZ-1")


rated = st.sampled_from(
    [DuesCategory.SALARIED, DuesCategory.ANNUAL_SALARY, DuesCategory.SELF_EMPLOYED,
     DuesCategory.RETIRED]
)  # fmt: skip
bases = st.decimals(min_value=0, max_value=200000, places=2, allow_nan=False, allow_infinity=False)


@given(rated, bases, st.booleans())
def test_every_dues_explanation_reads_without_rule_ids(
    category: DuesCategory, base: Decimal, capped: bool
) -> None:
    settings = DuesSettings() if capped else DuesSettings(monthly_cap=None)
    amount = compute_dues(category, base, settings)
    if amount.amount > Decimal("0.01"):
        amount = apply_reduction(amount, Decimal("0.00"), "支委会决定", "党委批复")
    for line in amount.lines:
        assert not RULE_ID.search(readable_citations(line)), line


@pytest.mark.parametrize("category", [c for c in DuesCategory if c.is_flat])
def test_flat_amounts_read_without_rule_ids(category: DuesCategory) -> None:
    for line in compute_dues(category, None, DuesSettings()).lines:
        assert not RULE_ID.search(readable_citations(line))


def test_several_rules_with_an_explanation_read_as_regulations() -> None:
    text = "转正时间早于预备期满之日（DEV-15/DEV-19：预备期一年，自支部大会通过之日起算）"
    shown = readable_citations(text)
    assert "DEV-" not in shown
    assert shown.endswith(
        "（预备期一年，自支部大会通过之日起算；依据《中国共产党发展党员工作细则》第三十一条、"
        "《中国共产党章程》第七条、《中国共产党发展党员工作细则》第三十三、三十五条）"
    )
