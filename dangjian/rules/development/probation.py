"""Checks of probation and confirmation: DEV-17, DEV-18, DEV-19 (细则第三十一至三十五条).

Probation ends one year after the 支部大会 (DEV-15), later by an extension of 6 to 12 months
granted once. The confirmation meeting is never held before the end; for a probationary member
who transferred in, it may be postponed by up to 6 months. Whatever the approval date, the
转正时间 is the day probation ends.
"""

from __future__ import annotations

from datetime import date

from dangjian.rules.dates import add_months, format_cn_date
from dangjian.rules.statistics import EXTENSION_MAX_MONTHS, EXTENSION_MIN_MONTHS, probation_end
from dangjian.rules.verdicts import Verdict

POSTPONE_MAX_MONTHS = 6
CONFIRMATION_APPROVAL_MONTHS = 3

_d = format_cn_date

# ``probation_end`` (imported above) is the one DEV-15/DEV-19 reckoning, shared with the
# statistics; it is named here so that the workflow reads it from its own module.
__all__ = [
    "check_confirmation_approval",
    "check_confirmation_meeting",
    "check_extension",
    "check_postponement",
    "confirmation_date",
    "probation_end",
]


def check_extension(months: int, *, extended_before: bool) -> Verdict:
    """DEV-17: probation is extended at most once, by at least 6 months and at most a year.

    5 and 13 months are refused; 6 and 12 pass.
    """
    if extended_before:
        return Verdict.blocked("DEV-17", "预备期只能延长一次，该预备党员已延长过预备期")
    if not EXTENSION_MIN_MONTHS <= months <= EXTENSION_MAX_MONTHS:
        return Verdict.blocked(
            "DEV-17", f"延长预备期不能少于半年、最长不超过一年，拟延长{months}个月"
        )
    return Verdict.passed("DEV-17", f"延长预备期{months}个月（不少于半年、不超过一年）")


def check_confirmation_meeting(
    meeting_on: date, probation_ends_on: date, *, transferred_in: bool = False
) -> Verdict:
    """DEV-17/DEV-19: the confirmation meeting is held when probation has ended, never before.

    The end day itself is allowed (probation is complete on it). For a transferred-in member,
    a postponement beyond 6 months after the end is warned (细则第三十五条).
    """
    if meeting_on < probation_ends_on:
        return Verdict.blocked(
            "DEV-17",
            f"预备期至{_d(probation_ends_on)}期满，{_d(meeting_on)}尚未期满，不能讨论转正",
        )
    if transferred_in:
        limit = add_months(probation_ends_on, POSTPONE_MAX_MONTHS)
        if meeting_on > limit:
            return Verdict.warning(
                "DEV-19",
                f"转入的预备党员推迟讨论转正不超过六个月（{_d(limit)}前），"
                f"实际{_d(meeting_on)}讨论",
            )
    return Verdict.passed(
        "DEV-17", f"预备期于{_d(probation_ends_on)}期满，{_d(meeting_on)}讨论转正"
    )


def check_postponement(
    postponed_until: date, probation_ends_on: date, *, transferred_in: bool
) -> Verdict:
    """DEV-19 (细则第三十五条): only for a probationary member who transferred in, the branch may
    postpone the confirmation discussion when probation ends, by at most six months.

    Probation ending 2026-03-10: until 2026-09-10 allowed, 2026-09-11 refused; a member admitted
    here is refused outright (the discussion follows the end promptly, DEV-17).
    """
    if not transferred_in:
        return Verdict.blocked(
            "DEV-19",
            "只有对转入的预备党员才可以推迟讨论转正；该预备党员不是转入人员，预备期满应及时讨论转正",
        )
    limit = add_months(probation_ends_on, POSTPONE_MAX_MONTHS)
    if postponed_until <= probation_ends_on:
        return Verdict.blocked(
            "DEV-19",
            f"预备期至{_d(probation_ends_on)}期满，推迟讨论转正的日期（{_d(postponed_until)}）"
            "应晚于期满之日",
        )
    if postponed_until > limit:
        return Verdict.blocked(
            "DEV-19",
            f"推迟讨论转正的时间不超过六个月（{_d(limit)}前），拟推迟至{_d(postponed_until)}",
        )
    return Verdict.passed(
        "DEV-19", f"预备期{_d(probation_ends_on)}期满，推迟至{_d(postponed_until)}前讨论转正"
    )


def confirmation_date(meeting_on: date, extension_months: int = 0) -> date:
    """DEV-19: the 转正时间 is the end of probation, whatever the approval date or a
    postponement; 党龄 counts from it (MEM-1)."""
    return probation_end(meeting_on, extension_months)


def check_confirmation_approval(confirmation_meeting_on: date, approved_on: date) -> Verdict:
    """DEV-18: the higher 党委 approves the confirmation within 3 months of the meeting."""
    due = add_months(confirmation_meeting_on, CONFIRMATION_APPROVAL_MONTHS)
    when = f"支部大会{_d(confirmation_meeting_on)}通过转正，党委{_d(approved_on)}审批"
    if approved_on < confirmation_meeting_on:
        return Verdict.blocked("DEV-18", f"{when}，审批日期早于支部大会")
    if approved_on > due:
        return Verdict.warning("DEV-18", f"{when}，超过三个月（{_d(due)}）的审批期限")
    return Verdict.passed("DEV-18", f"{when}，在三个月内（{_d(due)}前）")
