"""The assistant's 班子与换届 questions: "哪些支部今年要换届", "二支部的书记是谁".

Both go through the pages' scoped selectors: the terms through ``current_terms`` (the 党委's
term list), the posts through ``committee_as_of`` (the organisation page's committee). A
manager asks about any organisation they look after; a member only about their own branch. An
organisation outside the asker's scope is refused with the same words whether it exists or not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from dangjian.core.actor import Actor
from dangjian.elections.selectors import committee_as_of, current_terms
from dangjian.members.choices import PositionTitle
from dangjian.orgs.models import Organization, in_subtree
from dangjian.rules.dates import format_cn_date
from dangjian.rules.sources import rule_citation

# Longest first: "副书记" before "书记".
POST_WORDS: tuple[tuple[str, PositionTitle], ...] = (
    ("副书记", PositionTitle.DEPUTY_SECRETARY), ("组织委员", PositionTitle.ORGANIZATION),
    ("宣传委员", PositionTitle.PROPAGANDA), ("纪检委员", PositionTitle.DISCIPLINE),
    ("青年委员", PositionTitle.YOUTH), ("妇女委员", PositionTitle.WOMEN),
    ("书记", PositionTitle.SECRETARY),
)  # fmt: skip
_WHO = re.compile(r"是谁|叫什么|是哪位|谁是|谁担任|谁当|由谁")
_TERMS_ASK = re.compile(
    r"(?:哪些|哪几个|哪个|有几个|多少个?|有没有|名单|列出).{0,12}(?:换届|任期届满|任期到期)|"
    r"(?:要|该|需要|应当|应该)换届"
)
_YEARS = ((r"明年|下一?年", 1), (r"今年|本年度?|这一?年", 0))
_ORG_NAME = re.compile(
    r"([\u4e00-\u9fffA-Za-z0-9（）()·]{1,30}?(?:党委|党总支|总支|党支部|支部|党小组))"
)
_LEAD = re.compile(r"^.*(?:请问|看看|查询|查一下|告诉我|想知道|知道|问一下|的|在)")
LIST_MAX = 200  # names in one answer; more are counted, not listed
_NOT_A_NAME = re.compile(r"^(?:我们|我|本|各|全|所有|每个|哪个|哪些|哪几个)")


@dataclass(frozen=True)
class ElectionQuestion:
    """A parsed question: ``tool`` "terms_due_in_year" or "post_holder"; its arguments."""

    tool: str
    arguments: dict[str, object]


def parse_election_question(q: str) -> ElectionQuestion | None:
    """``q`` compacted (no spaces). None unless it asks who holds a committee post or which
    organisations' terms end (换届) in a year."""
    if "换届" in q or "任期" in q:
        if not _TERMS_ASK.search(q):
            return None
        offset = next((back for pattern, back in _YEARS if re.search(pattern, q)), 0)
        return ElectionQuestion(
            "terms_due_in_year", {"organization": _named(q), "year_offset": offset}
        )
    post = next((title for word, title in POST_WORDS if word in q), None)
    if post is None or not _WHO.search(q):
        return None
    return ElectionQuestion("post_holder", {"organization": _named(q), "title": post.value})


def _named(q: str) -> str | None:
    for match in _ORG_NAME.finditer(q):
        name = _LEAD.sub("", match[1])
        if name and not _NOT_A_NAME.match(name) and name not in {"支部", "党支部", "党小组"}:
            return name
    return None


def _cited() -> str:
    return f"（依据{rule_citation('ORG-5')}）"


def terms_answer(user: Actor, org: Organization, year_offset: int) -> tuple[str, dict[str, Any]]:
    """The organisations under ``org`` whose current term ends by the end of this year
    (``year_offset`` 1: next year), overdue ones included, earliest first: (text, data)."""
    today = timezone.localdate()
    year = today.year + int(year_offset)
    terms = list(
        current_terms(user).filter(in_subtree(org.path, "organization__path"),
                                   ends_on__lte=date(year, 12, 31))[:LIST_MAX + 1]
    )  # fmt: skip
    label = "今年" if int(year_offset) == 0 else f"{year}年"
    data = {"organization": org.name, "year": year, "count": len(terms)}
    if not terms:
        return (f"{org.name}（含下级）{label}没有任期届满需要换届的班子。"
                f"党支部、党总支任期3年，基层党委5年{_cited()}。", data)  # fmt: skip
    shown = "、".join(
        f"{t.organization.name}（第{t.number}届，{format_cn_date(t.ends_on)}"
        f"{'已届满' if t.ends_on < today else '届满'}）"
        for t in terms[:LIST_MAX]
    )
    count = f"{LIST_MAX}个以上" if len(terms) > LIST_MAX else f"{len(terms)}个"
    return (f"{org.name}（含下级）{label}任期届满需要换届的班子{count}（含已逾期的）：{shown}。"
            f"应按期换届，延期或提前换届须经上级党组织批准，一般不超过一年{_cited()}。", data)  # fmt: skip


def post_answer(user: Actor, org: Organization, title: str) -> tuple[str, dict[str, Any]]:
    """Who holds ``title`` in ``org`` today, from its committee's posts: (text, data)."""
    post = PositionTitle(title)
    holders = [
        p for p in committee_as_of(user, org.pk, timezone.localdate()) if p.title == post.value
    ]
    data = {"organization": org.name, "holders": [p.member.name for p in holders]}
    if not holders:
        return f"{org.name}目前没有{post.label}的任职记录（职务空缺或尚未录入）。", data
    names = "、".join(f"{p.member.name}（{format_cn_date(p.started_on)}起任职）" for p in holders)
    return f"{org.name}现任{post.label}：{names}。", data
