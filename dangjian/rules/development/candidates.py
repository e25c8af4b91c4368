"""Checks of the candidate stage: sponsors, political review, training, leaving soon.

DEV-8 (细则第十四条; 党章第五条), DEV-9 and DEV-23 (细则第十六条), DEV-10 (细则第十七条),
DEV-11 (细则第十八条). Each function returns a ``Verdict``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from dangjian.rules.dates import add_months, format_cn_date
from dangjian.rules.discipline import (
    Sanction,
    impact_end,
    in_impact_period,
    rights_restored_on,
    under_probation_in_party,
)
from dangjian.rules.verdicts import Verdict

SPONSORS_REQUIRED = 2
TRAINING_MIN_DAYS = 3
TRAINING_MIN_CLASS_HOURS = 24
LEAVING_MONTHS = 3

_d = format_cn_date


@dataclass(frozen=True)
class Sponsor:
    """A proposed 入党介绍人: whether a full member on the day, and the sanctions on record."""

    name: str
    is_full_member: bool
    sanctions: tuple[Sanction, ...] = field(default=())


def check_sponsors(sponsors: Sequence[Sponsor], on: date) -> Verdict:
    """DEV-8: two full members sponsor; none under 留党察看 whose rights are not restored
    (block); one inside the impact period of a 警告, 严重警告 or 撤销党内职务 (DISC-1) should
    not (warning)."""
    blocks, warns = _sponsor_faults(sponsors, on)
    if blocks:
        return Verdict.blocked("DEV-8", "；".join(blocks + warns))
    if warns:
        return Verdict.warning("DEV-8", "；".join(warns))
    names = "、".join(s.name for s in sponsors)
    return Verdict.passed("DEV-8", f"入党介绍人{names}均为正式党员，不在处分影响期内")


def _sponsor_faults(sponsors: Sequence[Sponsor], on: date) -> tuple[list[str], list[str]]:
    blocks: list[str] = []
    warns: list[str] = []
    if len(sponsors) != SPONSORS_REQUIRED:
        blocks.append(f"应有两名正式党员作入党介绍人，现有{len(sponsors)}名")
    for sponsor in sponsors:
        if not sponsor.is_full_member:
            blocks.append(f"{sponsor.name}不是正式党员，不能作入党介绍人")
        probation = under_probation_in_party(sponsor.sanctions, on)
        if probation is not None:
            blocks.append(
                f"{sponsor.name}{probation.description}，"
                f"至{_d(rights_restored_on(probation))}前未恢复党员权利，不能作入党介绍人"
            )
        sanction = in_impact_period(sponsor.sanctions, on)
        if sanction is not None:
            end = impact_end(s for s in sponsor.sanctions if s.decided_on <= on)
            assert end is not None  # a sanction in its period has an end
            warns.append(
                f"{sponsor.name}{sanction.description}，影响期至{_d(end)}前，不宜作入党介绍人"
            )
    return blocks, warns


@dataclass(frozen=True)
class PoliticalReview:
    """The written conclusion of a political review (政治审查).

    ``passed``: whether the conclusion finds the candidate qualified. For a mobile candidate,
    ``household_opinion_on`` and ``residence_opinion_on`` are the days the 基层党组织 at the
    place of 户籍 and at the place of residence gave their opinions (DEV-23).
    """

    concluded_on: date
    passed: bool
    household_opinion_on: date | None = None
    residence_opinion_on: date | None = None


def check_political_review(review: PoliticalReview | None, on: date) -> Verdict:
    """DEV-9: without a passed political review with a written conclusion, no admission."""
    if review is None or review.concluded_on > on:
        return Verdict.blocked("DEV-9", "未经政治审查或尚未形成政治审查结论性材料，不能发展入党")
    if not review.passed:
        return Verdict.blocked(
            "DEV-9", f"{_d(review.concluded_on)}政治审查结论为不合格，不能发展入党"
        )
    return Verdict.passed("DEV-9", f"{_d(review.concluded_on)}政治审查合格，已形成结论性材料")


def check_mobile_review(review: PoliticalReview | None, *, mobile: bool) -> Verdict:
    """DEV-23: for a mobile candidate, both the 户籍地 and the 居住地 基层党组织 are consulted."""
    if not mobile:
        return Verdict.passed("DEV-23", "非流动人员，无需征求户籍所在地和居住地党组织意见")
    missing = []
    if review is None or review.household_opinion_on is None:
        missing.append("户籍所在地")
    if review is None or review.residence_opinion_on is None:
        missing.append("居住地")
    if missing:
        return Verdict.blocked(
            "DEV-23",
            f"对流动人员中的发展对象进行政治审查，应征求户籍所在地和居住地基层党组织的意见，"
            f"尚缺{'、'.join(missing)}的意见",
        )
    return Verdict.passed("DEV-23", "已征求户籍所在地和居住地基层党组织的意见")


def check_training(days: int, class_hours: int) -> Verdict:
    """DEV-10: concentrated training of at least 3 days or at least 24 class hours.

    Short of both, the step is refused; "除个别特殊情况外" makes the refusal ``overridable``,
    so skipping it is an explicit, recorded decision, never silent.
    """
    if days < 0 or class_hours < 0:
        raise ValueError("培训天数和学时不能为负数")
    done = f"集中培训{days}天、{class_hours}学时"
    if days >= TRAINING_MIN_DAYS or class_hours >= TRAINING_MIN_CLASS_HOURS:
        return Verdict.passed("DEV-10", f"{done}，达到不少于三天或二十四学时的要求")
    return Verdict.blocked(
        "DEV-10",
        f"{done}，不足三天且不足二十四学时；除个别特殊情况外，未经培训的不能发展入党",
        overridable=True,
    )


def check_leaving(expected_leave_on: date | None, on: date) -> Verdict:
    """DEV-11: a candidate leaving the unit within the next 3 months is normally not admitted.

    A warning, not a block (细则: "一般不办理"). Leaving on the day three months on still counts.
    """
    limit = add_months(on, LEAVING_MONTHS)
    if expected_leave_on is not None and on <= expected_leave_on <= limit:
        return Verdict.warning(
            "DEV-11",
            f"预计{_d(expected_leave_on)}离开工作、学习单位，在{_d(on)}起三个月内（至{_d(limit)}），"
            "一般不办理接收预备党员的手续",
        )
    return Verdict.passed("DEV-11", "未来三个月内不离开工作、学习单位")
