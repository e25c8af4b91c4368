"""智能研判: the kinds of alert, the data-quality checks of one record, and the branch health
score (标准化规范化 grade). Pure: no Django; the alerts app reads the inputs and stores results.

The health score of a branch (RULES.md ORG-*, MEET-*, DEV-*, DUES-13, MEM-*: each alert cites
its own rule) is

    score = max(0, 100 - Σ weight(severity of each open alert of the branch and its 党小组))

with the weights a deployment setting (``ALERT_WEIGHTS``, default high 10, medium 5, low 2),
and the grade read off the score: 90 and above 好, 75 to 89 较好, 60 to 74 一般, below 60 差.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from dangjian.rules.dates import add_years


class AlertSeverity(StrEnum):
    """How urgent an alert is; the deployment sets one per kind (``ALERT_SEVERITIES``)."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def label(self) -> str:
        return {"high": "高", "medium": "中", "low": "低"}[self.value]


@dataclass(frozen=True)
class AlertKind:
    """One kind of alert: its code (stored), Chinese label, the rules it enforces (IDs for
    code; what a person reads is their citation) and its default severity."""

    code: str
    label: str
    rule_ids: tuple[str, ...]
    severity: AlertSeverity


_H, _M, _L = AlertSeverity.HIGH, AlertSeverity.MEDIUM, AlertSeverity.LOW
ALERT_KINDS: dict[str, AlertKind] = {
    k.code: k
    for k in (
        AlertKind("structure", "组织设置不符合规定", ("ORG-1", "ORG-2", "ORG-3", "ORG-4"), _M),
        AlertKind("term_overdue", "任期届满未换届", ("ORG-5",), _H),
        AlertKind("meeting_missing", "上期应开未开的组织生活", ("MEET-8",), _M),
        AlertKind("development_overdue", "发展党员步骤超期", ("DEV-2", "DEV-5", "DEV-14"), _M),
        AlertKind("probation_ended", "预备期满未讨论转正", ("DEV-17",), _H),
        AlertKind("arrears", "连续6个月未交党费", ("DUES-13",), _H),
        AlertKind("lost_contact", "失联满6个月", ("MEM-4",), _H),
        AlertKind("letter_no_receipt", "介绍信逾期未回执", ("MEM-7",), _M),
        AlertKind("missing_id_number", "数据质量：缺少公民身份号码", (), _L),
        AlertKind("joined_under_18", "数据质量：入党时未满18岁", ("DEV-1",), _M),
        AlertKind("confirmed_before_joined", "数据质量：转正时间早于入党时间", ("MEM-1",), _M),
    )
}

DEFAULT_WEIGHTS: dict[str, int] = {"high": 10, "medium": 5, "low": 2}
GRADES: tuple[tuple[int, str], ...] = ((90, "好"), (75, "较好"), (60, "一般"), (0, "差"))
FORMULA_TEXT = (
    "健康分 = 100 − Σ 各项未解除预警的扣分（按严重程度：高{high}分、中{medium}分、低{low}分），"
    "最低0分；统计支部及其党小组的预警。90分及以上为“好”，75至89分为“较好”，60至74分为“一般”，"
    "60分以下为“差”。"
)


def formula_text(weights: Mapping[str, int]) -> str:
    """The formula in Chinese with the deployment's weights, as the score page shows it."""
    return FORMULA_TEXT.format(**{**DEFAULT_WEIGHTS, **weights})


@dataclass(frozen=True)
class HealthScore:
    """``score`` 0..100 (an int), ``grade`` its Chinese grade, ``deduction`` the points taken,
    ``open_alerts`` how many alerts were counted."""

    score: int
    grade: str
    deduction: int
    open_alerts: int


def grade_of(score: int) -> str:
    """The grade of a score (GRADES, highest threshold first)."""
    return next(label for threshold, label in GRADES if score >= threshold)


def health_score(severities: Iterable[str], weights: Mapping[str, int]) -> HealthScore:
    """The score of one branch from the severities ("high"/"medium"/"low") of its open
    alerts. A severity missing from ``weights`` takes the default weight; ``ValueError`` for
    a severity that is not one of the three."""
    deduction, n = 0, 0
    table = {**DEFAULT_WEIGHTS, **weights}
    for severity in severities:
        deduction += table[AlertSeverity(severity).value]
        n += 1
    score = max(0, 100 - deduction)
    return HealthScore(score, grade_of(score), deduction, n)


@dataclass(frozen=True)
class RecordFacts:
    """What the data-quality checks read of one member record."""

    birth_date: date
    joined_on: date | None
    confirmed_on: date | None
    has_id_number: bool


def data_quality_problems(facts: RecordFacts) -> list[tuple[str, str]]:
    """The data-quality alert kinds one record raises, each with its Chinese detail:
    no ID number; 入党时间 before the 18th birthday (DEV-1: 18 on the day of the 支部大会);
    转正时间 before 入党时间 (MEM-1: 转正 ends the year of probation that starts at 入党)."""
    problems: list[tuple[str, str]] = []
    if not facts.has_id_number:
        problems.append(("missing_id_number", "档案缺少公民身份号码"))
    if facts.joined_on is not None:
        adult_on = add_years(facts.birth_date, 18)
        if facts.joined_on < adult_on:
            problems.append(("joined_under_18", f"入党时间{facts.joined_on:%Y-%m-%d}早于年满18岁之日{adult_on:%Y-%m-%d}"))  # fmt: skip
    joined, confirmed = facts.joined_on, facts.confirmed_on
    if joined is not None and confirmed is not None and confirmed < joined:
        problems.append(("confirmed_before_joined", f"转正时间{confirmed:%Y-%m-%d}早于入党时间{joined:%Y-%m-%d}"))  # fmt: skip
    return problems


def parse_severities(text: str, setting: str = "DANGJIAN_ALERT_SEVERITIES") -> dict[str, str]:
    """Every kind's severity: the defaults, overridden by "kind=severity,..." (e.g.
    "arrears=medium,missing_id_number=high"). ``ValueError`` naming ``setting`` and the part
    for an unknown kind or severity."""
    result = {code: kind.severity.value for code, kind in ALERT_KINDS.items()}
    for code, value in _pairs(text, setting):
        if code not in ALERT_KINDS or value not in {s.value for s in AlertSeverity}:
            raise ValueError(f"{setting} 中“{code}={value}”无法识别：类型应为{'、'.join(ALERT_KINDS)}之一，严重程度应为 high、medium 或 low")  # fmt: skip
        result[code] = value
    return result


def parse_weights(text: str, setting: str = "DANGJIAN_ALERT_WEIGHTS") -> dict[str, int]:
    """The health score's weights: the defaults, overridden by "high=10,medium=5,low=2".
    ``ValueError`` naming ``setting`` for an unknown severity or a weight that is not a whole
    number from 0 to 100."""
    result = dict(DEFAULT_WEIGHTS)
    for severity, value in _pairs(text, setting):
        if severity not in DEFAULT_WEIGHTS or not value.isdigit() or int(value) > 100:
            raise ValueError(f"{setting} 中“{severity}={value}”无法识别：应为 high、medium 或 low 等于0至100的整数")  # fmt: skip
        result[severity] = int(value)
    return result


def _pairs(text: str, setting: str) -> list[tuple[str, str]]:
    pairs = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        key, sep, value = part.partition("=")
        if not sep:
            raise ValueError(f"{setting} 中“{part}”应写成“名称=值”")
        pairs.append((key.strip(), value.strip()))
    return pairs
