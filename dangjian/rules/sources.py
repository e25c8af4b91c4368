"""Where a rule comes from, as a person reads it: 《关于中国共产党党费收缴、使用和管理的规定》第二条.

Rule IDs (DUES-1, DEV-15) are for code and tests; what a member reads names the regulation
and the article (RULES.md gives both for each rule). ``readable_citations`` turns the
"（DUES-1，党费规定第二条）" suffixes of the rules layer's explanations into
"（依据《关于中国共产党党费收缴、使用和管理的规定》第二条）".
"""

from __future__ import annotations

import re

# The short names RULES.md and the explanations use, and the full titles.
DOCUMENT_TITLES: dict[str, str] = {
    "党费规定": "关于中国共产党党费收缴、使用和管理的规定",
    "2017通知": "关于进一步规范党费工作的通知",
    "党章": "中国共产党章程",
    "细则": "中国共产党发展党员工作细则",
    "支部工作条例": "中国共产党支部工作条例（试行）",
    "教育管理条例": "中国共产党党员教育管理工作条例",
    "国企条例": "中国共产党国有企业基层组织工作条例（试行）",
    "纪律处分条例": "中国共产党纪律处分条例",
    "选举条例": "中国共产党基层组织选举工作条例",
    "任期意见": "关于党的基层组织任期的意见",
    "教育培训规划": "2019—2023年全国党员教育培训工作规划",
}

# A local choice, not a regulation: said so instead of citing a document.
LOCAL_SETTING = "本单位设置"

# Rule -> where it comes from, in the short names above ("" for a reckoning convention).
RULE_SOURCES: dict[str, str] = {
    "DATE-1": "",
    "DATE-2": "",
    "DATE-3": "",
    "DEV-1": "党章第一条、细则第五条",
    "DEV-2": "细则第七条",
    "DEV-3": "细则第八条",
    "DEV-4": "细则第九条",
    "DEV-5": "细则第十一条",
    "DEV-6": "细则第十二条",
    "DEV-7": "细则第十三条",
    "DEV-8": "细则第十四条、党章第五条",
    "DEV-9": "细则第十六条",
    "DEV-10": "细则第十七条",
    "DEV-11": "细则第十八条",
    "DEV-12": "细则第十九条",
    "DEV-13": "细则第二十条",
    "DEV-14": "细则第二十二、二十五条",
    "DEV-15": "细则第三十一条、党章第七条",
    "DEV-16": "党章第七条",
    "DEV-17": "细则第三十一条",
    "DEV-18": "细则第三十二、三十三条",
    "DEV-19": "党章第七条、细则第三十三、三十五条",
    "DEV-20": "细则第十三条",
    "DEV-21": "细则第十九条",
    "DEV-22": "细则第二十九条",
    "DEV-23": "细则第十六条",
    "DEV-24": "细则第二十一条",
    "DEV-25": "细则第二十二、二十四条",
    "DEV-26": "细则第三十四条",
    "DEV-27": "细则第三十六条",
    "DEV-28": "细则第三十八条",
    "DEV-29": "细则第四十一条",
    "DEV-30": "细则第四十二条",
    "DISC-1": "纪律处分条例第十、十一、十二条",
    "MEM-1": "党章第七条",
    "MEM-2": "教育管理条例第二十五条",
    "MEM-3": "教育管理条例第三十二条",
    "MEM-4": "教育管理条例第二十四条",
    "MEM-5": "党章第九条、教育管理条例第三十一条",
    "MEM-6": "教育管理条例第三十四条",
    "MEM-7": "",
    "MEM-8": "教育管理条例第三十条、第三十一条",
    "MEM-9": "教育管理条例第三十四条",
    "MEET-1": "支部工作条例第十一条",
    "MEET-2": "支部工作条例第十二条",
    "MEET-3": "支部工作条例第十三条",
    "MEET-4": "支部工作条例第十一条",
    "MEET-5": "教育管理条例第十六条",
    "MEET-6": "教育管理条例第十七、十八条",
    "MEET-7": "教育管理条例第十九条",
    "MEET-8": "",
    "MEET-9": "教育管理条例第十六条",
    "ORG-1": "支部工作条例第四条、党章第三十条",
    "ORG-2": "支部工作条例第四条",
    "ORG-3": "支部工作条例第二十条",
    "ORG-4": "国企条例",
    "ORG-5": "任期意见、支部工作条例",
    "ELEC-1": "选举条例",
    "ELEC-2": "选举条例第十三条",
    "ELEC-3": "选举条例",
    "ELEC-4": "选举条例第五条",
    "DUES-1": "党费规定第一、二条",
    "DUES-2": "党费规定第一条",
    "DUES-3": "党费规定第三条",
    "DUES-4": "党费规定第四条",
    "DUES-5": "党费规定第五条、2017通知",
    "DUES-6": "党费规定第六条",
    "DUES-7": "党费规定第七条",
    "DUES-8": "党费规定第八条",
    "DUES-9": "党费规定第十条、2017通知",
    "DUES-10": "2017通知",
    "DUES-11": "党费规定第十一条",
    "DUES-12": "党费规定第十二条",
    "DUES-13": "党费规定第十三条、党章第九条",
    "DUES-14": "党费规定第十四条",
    "DUES-15": LOCAL_SETTING,
    "EDU-1": "教育管理条例第二十条",
    "EDU-2": "教育培训规划",
}

_SHORT_NAMES = re.compile("|".join(re.escape(k) for k in DOCUMENT_TITLES))
_RULE_SUFFIX = re.compile(r"（([A-Z]+-\d+)(?:，([^（）]*))?）")


def source_text(source: str) -> str:
    """ "党费规定第五条、2017通知" -> "《关于…规定》第五条、《关于进一步规范党费工作的通知》"."""
    return _SHORT_NAMES.sub(lambda m: f"《{DOCUMENT_TITLES[m[0]]}》", source)


def rule_citation(rule_id: str) -> str:
    """The regulation and article of a rule, "" for a reckoning convention (DATE-*).

    Raises ``KeyError`` for a rule this table does not know, so a new rule is added here
    rather than shown as a bare ID."""
    source = RULE_SOURCES[rule_id]
    if source == LOCAL_SETTING:
        return "本单位党费设置"
    return source_text(source)


def rule_citations(rule_ids: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Distinct citations of several rules, in order, conventions left out."""
    cited = (rule_citation(r) for r in rule_ids)
    return tuple(dict.fromkeys(c for c in cited if c))


# "（DEV-15/DEV-19：预备期一年，…）": several rules and an explanation.
_RULES_EXPLAINED = re.compile(r"（([A-Z]+-\d+(?:[/、][A-Z]+-\d+)+)[：:]([^（）]*)）")


def readable_citations(text: str) -> str:
    """Replace each "（RULE-ID[，source]）" by "（依据《…》第X条）" (or "（按本单位党费设置）"),
    and "（RULE-A/RULE-B：explanation）" by "（explanation；依据《…》第X条、…）"."""
    return _RULE_SUFFIX.sub(_readable_suffix, _RULES_EXPLAINED.sub(_readable_explained, text))


def _readable_explained(match: re.Match[str]) -> str:
    rules = re.split(r"[/、]", match[1])
    parts = (
        p for c in rule_citations([r for r in rules if r in RULE_SOURCES]) for p in c.split("、")
    )
    cited = "、".join(dict.fromkeys(parts))  # two rules citing one article cite it once
    return f"（{match[2]}；依据{cited}）" if cited else f"（{match[2]}）"


def _readable_suffix(match: re.Match[str]) -> str:
    rule_id, source = match[1], match[2]
    if source is None:
        source = RULE_SOURCES.get(rule_id, "")
    return readable_source(source)


def readable_source(source: str) -> str:
    """ "党费规定第二条" -> "（依据《关于…规定》第二条）"; "" for none; a local setting says so."""
    if not source:
        return ""
    if source == LOCAL_SETTING:
        return "（按本单位党费设置）"
    return f"（依据{source_text(source)}）"
