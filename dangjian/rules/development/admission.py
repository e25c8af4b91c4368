"""Checks of admission: meeting after the pre-review, approval, oath, probation dates.

DEV-21 (细则第十九条), DEV-14 and DEV-25 (细则第二十二、二十四、二十五条), DEV-22 (细则第二十九条),
DEV-15 (细则第三十一条), DEV-28 (细则第三十八条). Each check returns a ``Verdict``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from dangjian.rules.dates import add_months, format_cn_date
from dangjian.rules.statistics import probation_end
from dangjian.rules.verdicts import Verdict

ASSEMBLY_MONTHS = 1
APPROVAL_MONTHS = 3
APPROVAL_MAX_MONTHS = 6
OATH_MONTHS = 1

_d = format_cn_date


def check_assembly_after_prereview(prereview_on: date, meeting_on: date) -> Verdict:
    """DEV-21: the candidate passed at the pre-review goes to the 支部大会 within one month.

    Before the pre-review: refused. Later than the month (DATE-1, its last day included): kept
    with a warning, since the meeting has been held.
    """
    due = add_months(prereview_on, ASSEMBLY_MONTHS)
    if meeting_on < prereview_on:
        return Verdict.blocked(
            "DEV-21", f"支部大会（{_d(meeting_on)}）早于基层党委预审合格（{_d(prereview_on)}）"
        )
    if meeting_on > due:
        return Verdict.warning(
            "DEV-21",
            f"{_d(prereview_on)}预审合格，应在一个月内（{_d(due)}前）提交支部大会讨论，"
            f"实际{_d(meeting_on)}召开，超期{(meeting_on - due).days}天",
        )
    return Verdict.passed(
        "DEV-21", f"{_d(prereview_on)}预审合格，{_d(meeting_on)}提交支部大会讨论，在一个月内"
    )


class Approver(StrEnum):
    """The kind of organisation recording an approval (细则第二十二条)."""

    PARTY_COMMITTEE = "party_committee"
    COMMITTEE_UNDER_TOWNSHIP = "committee_under_township"
    GENERAL_BRANCH = "general_branch"
    TEMPORARY = "temporary"
    LEADING_GROUP = "leading_group"
    BRANCH = "branch"

    @property
    def label(self) -> str:
        """The Chinese name, e.g. "党总支"."""
        return _APPROVER_LABELS[self]


_APPROVER_LABELS = {
    Approver.PARTY_COMMITTEE: "党委",
    Approver.COMMITTEE_UNDER_TOWNSHIP: "乡镇（街道）党委所属的基层党委",
    Approver.GENERAL_BRANCH: "党总支",
    Approver.TEMPORARY: "临时党组织",
    Approver.LEADING_GROUP: "党组",
    Approver.BRANCH: "党支部",
}


def check_approver(approver: Approver) -> Verdict:
    """DEV-14: only a 党委 approves; a 党总支, a temporary organisation, a 党组 and a 基层党委
    under a township or street 党委 review but cannot approve."""
    if approver is Approver.PARTY_COMMITTEE:
        return Verdict.passed("DEV-14", "由具有审批权限的党委审批")
    return Verdict.blocked("DEV-14", f"预备党员必须由党委审批，{approver.label}不能审批预备党员")


def check_approval_timing(meeting_on: date, approved_on: date) -> Verdict:
    """DEV-14: the 党委 approves within 3 months of the 支部大会, never more than 6.

    Meeting 2026-01-15: on 2026-04-15 in time; from 04-16 to 07-15 a block that a recorded
    special circumstance may override ("如遇特殊情况可以适当延长"); from 2026-07-16 refused
    outright, as is a date before the meeting.
    """
    due = add_months(meeting_on, APPROVAL_MONTHS)
    limit = add_months(meeting_on, APPROVAL_MAX_MONTHS)
    when = f"支部大会{_d(meeting_on)}通过，党委{_d(approved_on)}审批"
    if approved_on < meeting_on:
        return Verdict.blocked("DEV-14", f"{when}，审批日期早于支部大会")
    if approved_on > limit:
        return Verdict.blocked(
            "DEV-14", f"{when}，超过六个月（{_d(limit)}）的最长审批期限，不能审批"
        )
    if approved_on > due:
        return Verdict.blocked(
            "DEV-14",
            f"{when}，超过三个月（{_d(due)}）；如遇特殊情况可适当延长，但不得超过六个月"
            f"（{_d(limit)}），须写明特殊情况",
            overridable=True,
        )
    return Verdict.passed("DEV-14", f"{when}，在三个月内（{_d(due)}前）")


def check_collective_approval(*, collective: bool, candidates_in_vote: int) -> Verdict:
    """DEV-25: the 党委 decides collectively, with a vote, one candidate at a time."""
    if not collective:
        return Verdict.blocked("DEV-25", "党委审批预备党员必须集体讨论和表决")
    if candidates_in_vote != 1:
        return Verdict.blocked(
            "DEV-25",
            f"党委审批两个以上发展对象应逐个审议和表决，本次一并表决{candidates_in_vote}人",
        )
    return Verdict.passed("DEV-25", "党委集体讨论，逐个表决")


@dataclass(frozen=True)
class ProbationPeriod:
    """DEV-15/DEV-25: the start and end of probation written into the approval."""

    starts_on: date
    ends_on: date

    @property
    def text(self) -> str:
        """ "预备期自2026年1月15日至2027年1月15日"."""
        return f"预备期自{_d(self.starts_on)}至{_d(self.ends_on)}"


def probation_period(meeting_on: date) -> ProbationPeriod:
    """DEV-15: one year from the day of the 支部大会 (not the approval day), DATE-1.

    Accepted 2024-02-29: ends 2025-02-28. The end day is the 转正时间 (DEV-19).
    """
    return ProbationPeriod(meeting_on, probation_end(meeting_on))


def check_oath(approved_on: date, oath_on: date, *, collective_oath: bool = False) -> Verdict:
    """DEV-22: the oath normally within one month of the approval.

    A collective oath held by a 县级以上党委 on 七一, 国庆 or another anniversary is exempt from
    the month. An oath before the approval is refused; a late one is kept with a warning.
    """
    if oath_on < approved_on:
        return Verdict.blocked(
            "DEV-22", f"入党宣誓（{_d(oath_on)}）早于党委批准（{_d(approved_on)}）"
        )
    if collective_oath:
        return Verdict.passed("DEV-22", f"{_d(oath_on)}参加县级以上党委组织的集中宣誓")
    due = add_months(approved_on, OATH_MONTHS)
    if oath_on > due:
        return Verdict.warning(
            "DEV-22",
            f"{_d(approved_on)}批准，入党宣誓一般应在一个月内（{_d(due)}前），"
            f"实际{_d(oath_on)}宣誓，超期{(oath_on - due).days}天",
        )
    return Verdict.passed("DEV-22", f"{_d(approved_on)}批准，{_d(oath_on)}入党宣誓，在一个月内")


def check_annual_plan(admitted_this_year: int, quota: int | None) -> Verdict:
    """DEV-28: admissions against the organisation's annual plan (控制总量).

    ``quota`` is a setting per organisation and year (``None``: no quota set). Admitting
    beyond it is a warning for the 党委 to weigh, not a refusal: the plan is guidance, and
    each admission stands on its own conditions (细则第三条: 成熟一个，发展一个).
    ``admitted_this_year`` counts the admissions so far, this one included.
    """
    if quota is None:
        return Verdict.passed("DEV-28", "本年度未设发展党员计划数")
    if admitted_this_year > quota:
        return Verdict.warning(
            "DEV-28",
            f"本年度发展党员计划{quota}名，含本次已接收{admitted_this_year}名，"
            f"超出计划{admitted_this_year - quota}名",
        )
    return Verdict.passed(
        "DEV-28", f"本年度发展党员计划{quota}名，含本次已接收{admitted_this_year}名"
    )
