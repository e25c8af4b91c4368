"""The dates of a member's changing relation to the Party (MEM-2..MEM-9): transfer letters and
their 回执, floating and lost contact, contact with members abroad, 限期改正, graduates.

Each function takes dates and returns a date or a ``Verdict``; the workflows of the next layer
(transfers, floating records, exits) store the facts and list what these say is due.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from dangjian.rules.dates import add_months, add_years, format_cn_date
from dangjian.rules.verdicts import Verdict

LETTER_MAX_MONTHS = 3  # MEM-2: a transfer letter is valid for at most 3 months
FLOATING_MONTHS = 6  # MEM-3: away 6 months or more without transferring
LOST_CONTACT_MONTHS = 6  # MEM-4: lost 6 months and not found: suspension
REMOVAL_YEARS = 2  # MEM-4: still not found 2 years after the suspension: removal
ABROAD_CONTACT_MONTHS = 6  # MEM-9: members abroad to study contacted at least every 6 months
CORRECTION_MAX_MONTHS = 12  # MEM-8: 限期改正 lasts at most one year
GRADUATE_YEARS = 2  # MEM-6: a graduate's relation stays with the university at most 2 years
INACTIVE_MONTHS = 6  # MEM-5: 6 months without organisational life, dues or work

_d = format_cn_date


def letter_valid_until(issued_on: date, validity_days: int) -> date:
    """MEM-2 [setting]: the last day a letter issued on ``issued_on`` is valid (``validity_days``
    counted with the issue day as day 1). Raises ``ValueError`` beyond the 3-month cap."""
    if validity_days < 1:
        raise ValueError("介绍信有效期至少为1天")
    last = date.fromordinal(issued_on.toordinal() + validity_days - 1)
    if last > add_months(issued_on, LETTER_MAX_MONTHS):
        raise ValueError(f"介绍信有效期最长三个月，设置为{validity_days}天超出")
    return last


def letter_validity_days(issued_on: date, valid_until: date) -> int:
    """MEM-2/MEM-7: the validity a letter was issued with, in days, the issue day being day 1
    (the inverse of ``letter_valid_until``): issued 2026-09-01 valid until 2026-11-29 is 90."""
    return (valid_until - issued_on).days + 1


def check_receipt(
    issued_on: date, valid_until: date, receipt_on: date | None, today: date
) -> Verdict:
    """MEM-7: a letter's 回执 comes back; past the validity without one, it is followed up."""
    if receipt_on is not None:
        if receipt_on < issued_on:
            return Verdict.blocked(
                "MEM-7", f"回执日期{_d(receipt_on)}早于开具介绍信日期{_d(issued_on)}"
            )
        return Verdict.passed("MEM-7", f"{_d(receipt_on)}收到回执")
    if today > valid_until:
        late = (today - valid_until).days
        return Verdict.warning(
            "MEM-7", f"介绍信有效期至{_d(valid_until)}，已过期{late}天仍未收到回执，应及时跟踪"
        )
    return Verdict.passed("MEM-7", f"介绍信有效期至{_d(valid_until)}，尚在有效期内")


def letter_number(year: int, sequence: int) -> str:
    """MEM-7: a letter's number within its organisation and year: "2026年第007号"."""
    if sequence < 1:
        raise ValueError("介绍信编号从1开始")
    return f"{year}年第{sequence:03d}号"


def floating_from(away_since: date) -> date:
    """MEM-3: the day a member away since ``away_since`` without transferring counts as a
    floating member (6 months on)."""
    return add_months(away_since, FLOATING_MONTHS)


@dataclass(frozen=True)
class LostContactLadder:
    """MEM-4: from the day contact was lost, the day suspension may be decided (6 months, when
    not found after searching) and, once suspended, the day removal is due (2 years)."""

    lost_since: date
    suspension_from: date

    @staticmethod
    def of(lost_since: date) -> LostContactLadder:
        return LostContactLadder(lost_since, add_months(lost_since, LOST_CONTACT_MONTHS))

    @staticmethod
    def removal_from(suspended_on: date) -> date:
        """Still not found two years after the suspension: 自行脱党除名."""
        return add_years(suspended_on, REMOVAL_YEARS)


def check_suspension(lost_since: date, decided_on: date) -> Verdict:
    """MEM-4: suspension (停止党籍) only after 6 months lost; earlier is refused."""
    ladder = LostContactLadder.of(lost_since)
    if decided_on < ladder.suspension_from:
        return Verdict.blocked(
            "MEM-4",
            f"{_d(lost_since)}起失去联系，满六个月（{_d(ladder.suspension_from)}）且经查找仍无下落的，"
            f"方可停止党籍，{_d(decided_on)}尚不满六个月",
        )
    return Verdict.passed("MEM-4", f"{_d(lost_since)}起失去联系已满六个月")


def abroad_contact_due(last_contact_on: date) -> date:
    """MEM-9: the next contact with a member abroad to study, 6 months after the last."""
    return add_months(last_contact_on, ABROAD_CONTACT_MONTHS)


def check_correction_term(starts_on: date, ends_on: date) -> Verdict:
    """MEM-8: a 限期改正 of at most one year."""
    limit = add_months(starts_on, CORRECTION_MAX_MONTHS)
    if ends_on <= starts_on:
        return Verdict.blocked("MEM-8", "限期改正的截止日期应晚于起始日期")
    if ends_on > limit:
        return Verdict.blocked(
            "MEM-8",
            f"限期改正期限一般不超过一年，自{_d(starts_on)}起应至{_d(limit)}前，设为{_d(ends_on)}",
        )
    return Verdict.passed("MEM-8", f"限期改正自{_d(starts_on)}至{_d(ends_on)}，不超过一年")


def graduate_relation_until(graduated_on: date) -> date:
    """MEM-6: a graduate's relation may stay with the university until two years on."""
    return add_years(graduated_on, GRADUATE_YEARS)


def inactive_since_flag(last_active_on: date, today: date) -> bool:
    """MEM-5: 6 months or more without organisational life, dues or assigned work: flagged
    for the branch to decide (the reason may be valid; the flag decides nothing)."""
    return today >= add_months(last_active_on, INACTIVE_MONTHS)


def suspension_proposal_due(lost_since: date) -> date:
    """MEM-4: the day the platform proposes 停止党籍 for a member lost since ``lost_since``:
    six calendar months on (DATE-1: 08-31 + 6 months = 02-28, or 02-29 in a leap year). The
    proposal is due on that day itself, not the day after (DATE-2)."""
    return LostContactLadder.of(lost_since).suspension_from


def latest_loss_due(today: date) -> date:
    """MEM-4: the latest day contact may have been lost for the 停止党籍 proposal to be due on
    ``today`` (a loss on it or before is listed, one after it not yet): the inverse of
    ``suspension_proposal_due``, so a list can filter ``lost_since <= latest_loss_due(today)``
    in the database. The due day never decreases with the loss day, and six months back lands
    within three days of the answer (month ends clamp), so the search is a few steps."""
    day = add_months(today, -LOST_CONTACT_MONTHS)
    while suspension_proposal_due(day) > today:
        day -= timedelta(days=1)
    while suspension_proposal_due(day + timedelta(days=1)) <= today:
        day += timedelta(days=1)
    return day


def removal_proposal_due(suspended_on: date) -> date:
    """MEM-4: the day the platform proposes 除名 (自行脱党) for a member suspended on
    ``suspended_on`` and still not found: two years on (a 02-29 suspension: 02-28)."""
    return LostContactLadder.removal_from(suspended_on)


def proposal_is_due(due_on: date, today: date) -> bool:
    """A proposal whose due day is ``due_on`` is listed from that day on."""
    return today >= due_on


def check_removal(suspended_on: date, decided_on: date) -> Verdict:
    """MEM-4: 除名 as 自行脱党 only two years after the suspension; earlier is refused."""
    due = removal_proposal_due(suspended_on)
    if decided_on < due:
        return Verdict.blocked(
            "MEM-4",
            f"{_d(suspended_on)}停止党籍，满二年（{_d(due)}）仍无法取得联系的，方可按自行脱党"
            f"予以除名，{_d(decided_on)}尚不满二年",
        )
    return Verdict.passed("MEM-4", f"{_d(suspended_on)}停止党籍已满二年")


def inactive_flag_from(last_active_on: date) -> date:
    """MEM-5: the first day a member last active on ``last_active_on`` is flagged."""
    return add_months(last_active_on, INACTIVE_MONTHS)
