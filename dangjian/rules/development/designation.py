"""Checks of step 7, designation as candidate (发展对象): DEV-7 and DEV-20 (细则第十三条).

The 2026 text: after at least one year of training (DATE-2), having heard the 党小组, the
contact persons, members and the public, the 支部委员会 discusses, the higher 党委 agrees, a
notice of at least 5 working days is posted (at both ends for a mobile person), and only then
is the activist designated.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from dangjian.rules.dates import add_years, anniversary_reached, format_cn_date
from dangjian.rules.verdicts import Verdict
from dangjian.rules.workdays import CalendarYearUnknown, HolidayCalendar

NOTICE_WORKING_DAYS = 5

_d = format_cn_date


def check_activist_year(activist_on: date, designated_on: date) -> Verdict:
    """DEV-7: designation as candidate only once a full year as activist has passed (DATE-2).

    Activist since 2025-05-10: met on 2026-05-10, not on 2026-05-09. For an activist who moved,
    ``activist_on`` is the first designation (细则第十二条: the time counts on).
    """
    year_on = add_years(activist_on, 1)
    if anniversary_reached(activist_on, designated_on):
        return Verdict.passed(
            "DEV-7", f"{_d(activist_on)}确定为入党积极分子，至{_d(designated_on)}已满一年"
        )
    short = (year_on - designated_on).days
    return Verdict.blocked(
        "DEV-7",
        f"{_d(activist_on)}确定为入党积极分子，{_d(year_on)}方满一年培养教育和考察，"
        f"{_d(designated_on)}确定为发展对象还差{short}天",
    )


class Opinion(StrEnum):
    """Whose opinions the branch hears before designating a candidate (细则第十三条)."""

    PARTY_GROUP = "party_group"
    CONTACT_PERSONS = "contact_persons"
    MEMBERS = "members"
    PUBLIC = "public"

    @property
    def label(self) -> str:
        """党小组 / 培养联系人 / 党员 / 群众."""
        return _OPINION_LABELS[self]


_OPINION_LABELS = {
    Opinion.PARTY_GROUP: "党小组",
    Opinion.CONTACT_PERSONS: "培养联系人",
    Opinion.MEMBERS: "党员",
    Opinion.PUBLIC: "群众",
}


def check_opinions_heard(heard: Collection[Opinion]) -> Verdict:
    """DEV-7: the opinions of the 党小组, contact persons, members and the public are heard."""
    missing = [o.label for o in Opinion if o not in heard]
    if missing:
        return Verdict.blocked("DEV-7", f"确定发展对象前应听取{'、'.join(missing)}的意见，尚未记录")
    return Verdict.passed("DEV-7", "已听取党小组、培养联系人、党员和群众的意见")


def check_higher_consent(consented_on: date | None, notice_starts_on: date | None) -> Verdict:
    """DEV-7: the higher 党委 agrees before the notice is posted (2026: consent, not filing)."""
    if consented_on is None:
        return Verdict.blocked("DEV-7", "拟列为发展对象须报上级党委同意，尚未记录上级党委同意")
    if notice_starts_on is not None and notice_starts_on < consented_on:
        return Verdict.blocked(
            "DEV-7",
            f"公示应在上级党委同意（{_d(consented_on)}）之后进行，公示自{_d(notice_starts_on)}开始",
        )
    return Verdict.passed("DEV-7", f"上级党委已于{_d(consented_on)}同意拟列为发展对象")


class NoticePlace(StrEnum):
    """Where a notice was posted (细则第十三条)."""

    WORK = "work"
    RESIDENCE = "residence"
    OUTFLOW = "outflow"
    INFLOW = "inflow"

    @property
    def label(self) -> str:
        """工作、学习单位 / 居住地 / 流出地 / 流入地."""
        return _PLACE_LABELS[self]


_PLACE_LABELS = {
    NoticePlace.WORK: "工作、学习单位",
    NoticePlace.RESIDENCE: "居住地",
    NoticePlace.OUTFLOW: "流出地",
    NoticePlace.INFLOW: "流入地",
}


@dataclass(frozen=True)
class Notice:
    """One public notice: where, first and last day (both days count)."""

    place: NoticePlace
    starts_on: date
    ends_on: date


def notice_last_day(starts_on: date, calendar: HolidayCalendar) -> date:
    """DEV-20: the day a notice posted on ``starts_on`` has run 5 working days (both ends count).

    Posted on Wednesday 2026-09-30: 09-30 is the 1st, then the 国庆 holiday (10-01..10-07), then
    10-08, 10-09, Saturday 10-10 (调休上班) the 4th, and Monday 10-12 the 5th.
    """
    return calendar.add_working_days(starts_on, NOTICE_WORKING_DAYS)


def check_public_notice(
    notices: Sequence[Notice], *, mobile: bool, designated_on: date, calendar: HolidayCalendar
) -> Verdict:
    """DEV-20: at least 5 working days of notice, ended before the designation.

    A mobile person needs a notice at the 流出地 and one at the 流入地, each long enough and
    overlapping (细则: "同时公示"); anyone else one at the place of work, study or residence.
    A year the holiday calendar does not know is a block saying so, never a guess.
    """
    try:
        faults = _notice_faults(notices, mobile, designated_on, calendar)
    except CalendarYearUnknown as unknown:
        return Verdict.blocked("DEV-20", str(unknown))
    if faults:
        return Verdict.blocked("DEV-20", "；".join(faults))
    parts = [_notice_line(n, calendar) for n in notices]
    return Verdict.passed("DEV-20", "；".join(parts) + f"，{_d(designated_on)}确定为发展对象")


def _notice_faults(
    notices: Sequence[Notice], mobile: bool, designated_on: date, calendar: HolidayCalendar
) -> list[str]:
    needed = (NoticePlace.OUTFLOW, NoticePlace.INFLOW) if mobile else ()
    faults = [f"流动人员应在流出地和流入地同时公示，缺{p.label}的公示" for p in needed
              if all(n.place is not p for n in notices)]  # fmt: skip
    if not notices:
        return faults or ["确定发展对象前应公示，尚未记录公示"]
    for notice in notices:
        days = calendar.count_working_days(notice.starts_on, notice.ends_on)
        if days < NOTICE_WORKING_DAYS:
            faults.append(f"{_notice_line(notice, calendar)}，不足{NOTICE_WORKING_DAYS}个工作日")
        if designated_on <= notice.ends_on:
            faults.append(
                f"{notice.place.label}公示至{_d(notice.ends_on)}结束，"
                f"应在公示期满后确定，记录的确定日期为{_d(designated_on)}"
            )
    if mobile and not faults and not _overlap(notices):
        faults.append("流出地和流入地应同时公示，两地公示期没有重叠")
    return faults


def _notice_line(notice: Notice, calendar: HolidayCalendar) -> str:
    days = calendar.count_working_days(notice.starts_on, notice.ends_on)
    return (
        f"{notice.place.label}公示期{_d(notice.starts_on)}至{_d(notice.ends_on)}，"
        f"其中工作日{days}天"
    )


def _overlap(notices: Sequence[Notice]) -> bool:
    latest_start = max(n.starts_on for n in notices)
    earliest_end = min(n.ends_on for n in notices)
    return latest_start <= earliest_end


def earliest_designation(notices: Sequence[Notice]) -> date | None:
    """DEV-20: the first day a candidate may be designated: the day after the last notice ends."""
    if not notices:
        return None
    return max(n.ends_on for n in notices) + timedelta(days=1)
