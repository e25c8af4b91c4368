"""Question shapes answered without a language model: data questions routed to a tool, and
deadline and threshold questions that the rules layer computes. Everything else is retrieval."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from dangjian.accounts.access import visible_organizations
from dangjian.rules.dates import add_months, add_years, format_cn_date
from dangjian.rules.dues import DuesCategory, DuesSettings, compute_dues
from dangjian.rules.statistics import party_standing_years, probation_end

_DATE = re.compile(r"(\d{4})\s*(?:年|-|/|\.)\s*(\d{1,2})\s*(?:月|-|/|\.)\s*(\d{1,2})\s*日?")
_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)\s*(?:元|块)")
_AGE = re.compile(r"(\d{2})\s*岁(?:及)?以下")


@dataclass(frozen=True)
class ToolIntent:
    tool: str
    arguments: dict[str, Any]


@dataclass(frozen=True)
class Computed:
    text: str
    rule_ids: tuple[str, ...]


def _first_date(text: str) -> date | None:
    match = _DATE.search(text)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def parse_data_intent(user: Any, question: str) -> ToolIntent | None:
    """ "我们支部有多少预备党员" -> count_members(category=probationary)."""
    q = question.replace(" ", "")
    category = _category(q)
    if category is None and not _AGE.search(q):
        return None
    organization = _mentioned_organization(user, q)
    age = _AGE.search(q)
    if age is not None and re.search(r"占比|比例|百分|多少", q):
        return ToolIntent("age_share", {"organization": organization, "max_age": int(age[1])})
    if category is None:
        return None
    if re.search(r"哪些|名单|有谁|都有谁|是谁|列出", q):
        return ToolIntent("list_members", {"organization": organization, "category": category})
    if re.search(r"多少|几名|几个|几人|人数|统计", q):
        return ToolIntent("count_members", {"organization": organization, "category": category})
    return None


_CATEGORY_WORDS = [
    ("预备党员", "probationary"), ("正式党员", "full"), ("流动党员", "floating"),
    ("失联", "lost_contact"), ("困难党员", "difficulty"), ("领导干部", "cadre"),
    ("女党员", "women"), ("离退休党员", "retired"), ("退休党员", "retired"), ("党员", "all"),
]  # fmt: skip


# What reads like an organisation name: a few characters ending in a kind of organisation.
_ORG_NAME = re.compile(
    r"[\u4e00-\u9fffA-Za-z0-9（）()·]{1,30}?(?:党委|党总支|总支|党支部|支部|党小组)"
)
# Words a question starts with that are not part of a name ("请问二支部有多少党员").
_LEAD_WORDS = re.compile(
    r"^(?:请问|请|帮我|帮忙|查询|查一下|查查|统计|看看|一下|我想知道|想知道|问一下)+"
)
# "我们支部", "本党委", "各支部": the asker's own organisation or all of them, not a name.
_NOT_A_NAME = re.compile(r"^(?:我们|我|本|各|全|所有|每个|哪个|哪些)")


def _category(q: str) -> str | None:
    # "党员" alone is a data question only with our-organisation words, not "党员的权利".
    for word, code in _CATEGORY_WORDS:
        if word in q and (
            code != "all" or re.search(r"我们|本支部|我支部|支部|党委|总支|多少|几名", q)
        ):
            return code
    return None


def _mentioned_organization(user: Any, q: str) -> str | None:
    """The organisation the question names: the longest of the asker's own in it, else what
    reads like an organisation name ("二支部"), so that naming another branch leads to a
    refusal, not to the asker's own data. Names outside the asker's scope are never looked up:
    whether such an organisation exists is not the asker's to learn."""
    names = [n for n in visible_organizations(user).values_list("name", flat=True) if n in q]
    if names:
        return max(names, key=len)
    for match in _ORG_NAME.finditer(q):
        name = _LEAD_WORDS.sub("", match[0])
        if name and not _NOT_A_NAME.match(name):
            return name
    return None


def computed_answer(question: str, today: date) -> Computed | None:
    """Deadlines and thresholds the rules layer computes, with the rule that says so."""
    q = question.replace(" ", "")
    for matches, compute in _COMPUTED:
        if matches(q):
            result = compute(q, today)
            if result is not None:
                return result
    return None


def _probation(q: str, today: date) -> Computed | None:
    start = _first_date(q)
    if start is None:
        return None
    end = probation_end(start)
    text = (f"预备期自{format_cn_date(start)}（支部大会通过之日）起算，{format_cn_date(end)}期满；"
            f"期满后支部应及时讨论转正，转正时间为{format_cn_date(end)}，党龄自该日起算。")  # fmt: skip
    return Computed(text, ("DEV-15", "DEV-19", "MEM-1"))


def _activist_year(q: str, today: date) -> Computed | None:
    start = _first_date(q)
    if start is None:
        return None
    end = add_years(start, 1)
    text = (f"自{format_cn_date(start)}确定为入党积极分子，满一年之日为{format_cn_date(end)}（当日即满足），"
            "此后经支部委员会讨论、上级党委同意并公示，方可列为发展对象。")  # fmt: skip
    return Computed(text, ("DEV-7", "DATE-2", "DEV-20"))


def _application_talk(q: str, today: date) -> Computed | None:
    start = _first_date(q)
    if start is None:
        return None
    text = f"党组织应在收到入党申请书后一个月内派人谈话，即不晚于{format_cn_date(add_months(start, 1))}。"
    return Computed(text, ("DEV-2", "DATE-1"))


def _party_years(q: str, today: date) -> Computed | None:
    confirmed = _first_date(q)
    if confirmed is None:
        return None
    years = party_standing_years(confirmed, today)
    text = f"自转正时间{format_cn_date(confirmed)}起算，截至{format_cn_date(today)}党龄为{years}年（整年计算）。"
    return Computed(text, ("MEM-1",))


def _dues(q: str, today: date) -> Computed | None:
    match = _AMOUNT.search(q)
    if match is None:
        return None
    try:
        base = Decimal(match[1])
    except InvalidOperation:
        return None
    category = DuesCategory.RETIRED if re.search(r"退休|养老金", q) else DuesCategory.SALARIED
    amount = compute_dues(category, base, DuesSettings())
    return Computed("；".join(amount.lines) + "。", amount.rule_ids)


_COMPUTED: list[tuple[Callable[[str], bool], Callable[[str, date], Computed | None]]] = [
    (lambda q: "预备期" in q or ("转正" in q and "党龄" not in q), _probation),
    (lambda q: "积极分子" in q and bool(re.search(r"发展对象|满一年|一年", q)), _activist_year),
    (lambda q: "申请" in q and "谈话" in q, _application_talk),
    (lambda q: "党龄" in q, _party_years),
    (lambda q: "党费" in q and bool(re.search(r"工资|收入|基数|养老金|退休", q)), _dues),
]
