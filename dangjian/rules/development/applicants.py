"""Checks of the applicant and activist stages: age, talk, designation, contacts, assessments.

DEV-1 (党章第一条, 细则第五条), DEV-2 (细则第七条), DEV-3 (细则第八条), DEV-4 (细则第九条),
DEV-5 (细则第十一条). Each function takes the dated facts and returns a ``Verdict``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from dangjian.rules.dates import add_months, age_on, format_cn_date
from dangjian.rules.development.process import Body
from dangjian.rules.verdicts import Verdict

MINIMUM_AGE = 18
TALK_MONTHS = 1
ASSESSMENT_MONTHS = 6

_d = format_cn_date


def date_of_age(birth: date, age: int) -> date:
    """DATE-3: the first day on which a person born on ``birth`` is ``age`` 周岁.

    The birthday itself, except for a 02-29 birth in a common year: then 03-01, as
    ``dates.age_on`` reads it (the stricter reading never admits anyone a day early).
    """
    try:
        return birth.replace(year=birth.year + age)
    except ValueError:  # 02-29 in a common year
        return date(birth.year + age, 3, 1)


def check_age(birth: date, meeting_on: date) -> Verdict:
    """DEV-1: at least 18 周岁 on the day of the 支部大会 that accepts the member.

    Born 2008-02-29: 17 on 2026-02-28, 18 on 2026-03-01.
    """
    age = age_on(birth, meeting_on)
    if age >= MINIMUM_AGE:
        return Verdict.passed(
            "DEV-1", f"出生于{_d(birth)}，支部大会召开之日（{_d(meeting_on)}）已满{age}周岁"
        )
    turns = date_of_age(birth, MINIMUM_AGE)
    return Verdict.blocked(
        "DEV-1",
        f"出生于{_d(birth)}，支部大会召开之日（{_d(meeting_on)}）未满{MINIMUM_AGE}周岁"
        f"（{_d(turns)}年满{MINIMUM_AGE}周岁），不能接收为预备党员",
    )


def check_application_talk(received_on: date, talked_on: date) -> Verdict:
    """DEV-2: the talk with the applicant within one month of receiving the application.

    The month follows DATE-1 (received 01-31, due 02-28 or 02-29) and includes its last day.
    A late talk is kept with a warning (it happened and is recorded); a talk dated before the
    application is refused as a wrong date.
    """
    due = add_months(received_on, TALK_MONTHS)
    if talked_on < received_on:
        return Verdict.blocked(
            "DEV-2", f"谈话日期{_d(talked_on)}早于收到入党申请书的日期{_d(received_on)}，请核对"
        )
    if talked_on > due:
        late = (talked_on - due).days
        return Verdict.warning(
            "DEV-2",
            f"{_d(received_on)}收到入党申请书，应在一个月内（{_d(due)}前）谈话，"
            f"实际{_d(talked_on)}谈话，超期{late}天",
        )
    return Verdict.passed(
        "DEV-2", f"{_d(received_on)}收到入党申请书，{_d(talked_on)}谈话，在一个月内（{_d(due)}前）"
    )


class Recommendation(StrEnum):
    """How an activist was put forward (细则第八条)."""

    MEMBERS = "members"
    MASS_ORGANISATION = "mass_organisation"

    @property
    def label(self) -> str:
        """党员推荐 / 群团组织推优."""
        return "党员推荐" if self is Recommendation.MEMBERS else "群团组织推优"


def check_activist_designation(
    *,
    received_on: date,
    designated_on: date,
    decided_by: Body,
    branch_has_committee: bool,
    recommendation: Recommendation | None,
) -> Verdict:
    """DEV-3: an activist is designated by the 支部委员会 (the 支部大会 without a committee)
    after a recommendation, not before the application was received."""
    body = Body.BRANCH_COMMITTEE if branch_has_committee else Body.BRANCH_ASSEMBLY
    faults = []
    if designated_on < received_on:
        faults.append(f"确定日期{_d(designated_on)}早于收到入党申请书的日期{_d(received_on)}")
    if decided_by is not body:
        faults.append(f"应由{body.label}研究决定，记录为{decided_by.label}")
    if recommendation is None:
        faults.append("未记录党员推荐或群团组织推优")
    if faults:
        return Verdict.blocked("DEV-3", "确定入党积极分子：" + "；".join(faults))
    assert recommendation is not None
    return Verdict.passed(
        "DEV-3", f"经{recommendation.label}，{body.label}于{_d(designated_on)}研究决定"
    )


@dataclass(frozen=True)
class PartyMember:
    """A member named at a step (contact person, sponsor): name and whether full on the day."""

    name: str
    is_full_member: bool


def check_contact_persons(contacts: Sequence[PartyMember]) -> Verdict:
    """DEV-4: one or two full members are the activist's contact persons (培养联系人)."""
    names = "、".join(c.name for c in contacts)
    if not 1 <= len(contacts) <= 2:
        return Verdict.blocked(
            "DEV-4", f"培养联系人应为一至两名正式党员，现指定{len(contacts)}名{names}"
        )
    not_full = [c.name for c in contacts if not c.is_full_member]
    if not_full:
        return Verdict.blocked(
            "DEV-4", f"培养联系人应为正式党员，{'、'.join(not_full)}不是正式党员"
        )
    return Verdict.passed("DEV-4", f"培养联系人：{names}（正式党员）")


def check_assessments(designated_on: date, assessed_on: Sequence[date], on: date) -> Verdict:
    """DEV-5: the branch assesses each activist every 6 months.

    Walks from the designation through each assessment to ``on``: a gap where the next
    assessment came (or, at ``on``, is still missing) more than 6 months after the previous
    one is a warning naming the gap. Assessments after ``on`` are ignored.
    """
    gaps = []
    previous = designated_on
    for when in sorted(d for d in assessed_on if designated_on <= d <= on):
        due = add_months(previous, ASSESSMENT_MONTHS)
        if when > due:
            gaps.append(f"{_d(previous)}后应于{_d(due)}前考察，实际{_d(when)}才考察")
        previous = when
    due = add_months(previous, ASSESSMENT_MONTHS)
    if on > due:
        gaps.append(f"{_d(previous)}后应于{_d(due)}前考察，至{_d(on)}仍未考察")
    if gaps:
        return Verdict.warning("DEV-5", "党支部应每半年考察一次：" + "；".join(gaps))
    return Verdict.passed("DEV-5", f"每半年考察一次，下次考察应于{_d(due)}前进行")
