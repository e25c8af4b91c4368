"""Due dates of the 发展党员 process: what is due, by when, under which rule.

Each transition of ``process.TRANSITIONS`` names the deadlines it starts; each has a function
here computing its ``Due`` from the dated facts. ``open_dues`` lists those still open for one
person, so the pipeline, the home page's cards, reminders and the assistant all read one
answer ("what is due, whose, when, which rule"); the selector adds "whose".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType

from dangjian.rules.dates import add_months, add_years
from dangjian.rules.development.admission import (
    APPROVAL_MAX_MONTHS,
    APPROVAL_MONTHS,
    ASSEMBLY_MONTHS,
    OATH_MONTHS,
)
from dangjian.rules.development.applicants import ASSESSMENT_MONTHS, TALK_MONTHS
from dangjian.rules.development.designation import notice_last_day
from dangjian.rules.development.probation import (
    CONFIRMATION_APPROVAL_MONTHS,
    POSTPONE_MAX_MONTHS,
    probation_end,
)
from dangjian.rules.development.process import Deadline, Stage
from dangjian.rules.sources import rule_citation
from dangjian.rules.workdays import HolidayCalendar


@dataclass(frozen=True)
class Due:
    """One deadline of one person.

    ``due_on``: the last day on which the step is on time (``None`` when only a first day
    binds). ``not_before``: the first day on which it may be taken. ``hard_limit``: the last day
    beyond which it may not be taken at all (DEV-14's six months), when there is one.
    """

    deadline: Deadline
    rule_id: str
    what: str
    due_on: date | None
    not_before: date | None = None
    hard_limit: date | None = None

    @property
    def source(self) -> str:
        """The regulation and article, e.g. "《中国共产党发展党员工作细则》第七条"."""
        return rule_citation(self.rule_id)

    def is_overdue(self, on: date) -> bool:
        """Whether ``on`` is past the due date."""
        return self.due_on is not None and on > self.due_on

    def days_left(self, on: date) -> int | None:
        """Days from ``on`` to the due date (negative when overdue), ``None`` without one."""
        return None if self.due_on is None else (self.due_on - on).days


def talk_due(received_on: date) -> Due:
    """DEV-2: the talk within one month of receiving the application."""
    due = add_months(received_on, TALK_MONTHS)
    return Due(Deadline.TALK, "DEV-2", "派人同入党申请人谈话", due, received_on)


def assessment_due(activist_on: date, last_assessed_on: date | None = None) -> Due:
    """DEV-5: the next assessment 6 months after the last (or after the designation)."""
    since = last_assessed_on or activist_on
    return Due(
        Deadline.ASSESSMENT, "DEV-5", "考察入党积极分子", add_months(since, ASSESSMENT_MONTHS)
    )


def candidate_earliest(activist_on: date) -> Due:
    """DEV-7: designation as candidate from the first anniversary on (DATE-2), no due date."""
    earliest = add_years(activist_on, 1)
    return Due(Deadline.ACTIVIST_YEAR, "DEV-7", "确定为发展对象", None, earliest)


def notice_earliest(starts_on: date, calendar: HolidayCalendar) -> Due:
    """DEV-20: designation from the day after a notice posted on ``starts_on`` has run 5
    working days (raises ``CalendarYearUnknown`` for a year the calendar does not know)."""
    earliest = notice_last_day(starts_on, calendar) + timedelta(days=1)
    return Due(Deadline.NOTICE, "DEV-20", "公示期满后确定为发展对象", None, earliest)


def assembly_due(prereview_on: date) -> Due:
    """DEV-21: the 支部大会 within one month of passing the pre-review."""
    due = add_months(prereview_on, ASSEMBLY_MONTHS)
    return Due(Deadline.ASSEMBLY, "DEV-21", "提交支部大会讨论接收预备党员", due, prereview_on)


def approval_due(meeting_on: date) -> Due:
    """DEV-14: the 党委 approves within 3 months of the 支部大会, never past 6."""
    return Due(
        Deadline.APPROVAL,
        "DEV-14",
        "党委审批接收预备党员",
        add_months(meeting_on, APPROVAL_MONTHS),
        meeting_on,
        add_months(meeting_on, APPROVAL_MAX_MONTHS),
    )


def oath_due(approved_on: date) -> Due:
    """DEV-22: the oath within one month of the approval (a collective oath excepted)."""
    return Due(
        Deadline.OATH, "DEV-22", "组织入党宣誓", add_months(approved_on, OATH_MONTHS), approved_on
    )


def confirmation_due(
    meeting_on: date,
    extension_months: int = 0,
    *,
    transferred_in: bool = False,
    postponed_until: date | None = None,
) -> Due:
    """DEV-17/DEV-19: the confirmation is discussed when probation ends, not before.

    For a transferred-in member it may be postponed by up to 6 months (the hard limit); once
    postponed (``postponed_until``), that day is the due date.
    """
    ends = probation_end(meeting_on, extension_months)
    limit = add_months(ends, POSTPONE_MAX_MONTHS) if transferred_in else None
    due = postponed_until if transferred_in and postponed_until else ends
    return Due(Deadline.PROBATION_END, "DEV-17", "支部大会讨论预备党员转正", due, ends, limit)


def confirmation_approval_due(confirmation_meeting_on: date) -> Due:
    """DEV-18: the higher 党委 approves the confirmation within 3 months of the meeting."""
    due = add_months(confirmation_meeting_on, CONFIRMATION_APPROVAL_MONTHS)
    return Due(
        Deadline.CONFIRMATION_APPROVAL, "DEV-18", "党委审批预备党员转正", due,
        confirmation_meeting_on,
    )  # fmt: skip


@dataclass(frozen=True)
class DatedFacts:
    """The dates recorded for one person so far (``None``: not happened yet)."""

    stage: Stage
    received_on: date | None = None
    talked_on: date | None = None
    activist_on: date | None = None
    last_assessed_on: date | None = None
    notice_ends_on: date | None = None
    prereview_on: date | None = None
    meeting_on: date | None = None
    approved_on: date | None = None
    oath_on: date | None = None
    extension_months: int = 0
    transferred_in: bool = False
    confirmation_meeting_on: date | None = None
    postponed_until: date | None = None


def open_dues(facts: DatedFacts) -> list[Due]:
    """The deadlines still open for a person in ``facts.stage``, earliest due first."""
    dues = _STAGE_DUES.get(facts.stage, _none)(facts)
    return sorted(dues, key=lambda d: (d.due_on or date.max, d.not_before or date.min))


def _none(facts: DatedFacts) -> list[Due]:
    return []


def _applicant(f: DatedFacts) -> list[Due]:
    return [talk_due(f.received_on)] if f.received_on and not f.talked_on else []


def _activist(f: DatedFacts) -> list[Due]:
    if f.activist_on is None:
        return []
    dues = [assessment_due(f.activist_on, f.last_assessed_on), candidate_earliest(f.activist_on)]
    if f.notice_ends_on is not None:
        after = f.notice_ends_on + timedelta(days=1)
        dues.append(Due(Deadline.NOTICE, "DEV-20", "公示期满后确定为发展对象", None, after))
    return dues


def _candidate(f: DatedFacts) -> list[Due]:
    if f.meeting_on is not None:
        return [] if f.approved_on else [approval_due(f.meeting_on)]
    return [assembly_due(f.prereview_on)] if f.prereview_on else []


def _probationary(f: DatedFacts) -> list[Due]:
    if f.meeting_on is None:
        return []
    dues = []
    if f.approved_on and not f.oath_on:
        dues.append(oath_due(f.approved_on))
    if f.confirmation_meeting_on is None:
        dues.append(
            confirmation_due(f.meeting_on, f.extension_months, transferred_in=f.transferred_in,
                             postponed_until=f.postponed_until)
        )  # fmt: skip
    else:
        dues.append(confirmation_approval_due(f.confirmation_meeting_on))
    return dues


_STAGE_DUES = {
    Stage.APPLICANT: _applicant,
    Stage.ACTIVIST: _activist,
    Stage.CANDIDATE: _candidate,
    Stage.PROBATIONARY: _probationary,
}

# The function computing each deadline a transition may start (``Transition.starts``).
DUE_FUNCTIONS: Mapping[Deadline, Callable[..., Due]] = MappingProxyType(
    {
        Deadline.TALK: talk_due,
        Deadline.ASSESSMENT: assessment_due,
        Deadline.ACTIVIST_YEAR: candidate_earliest,
        Deadline.NOTICE: notice_earliest,
        Deadline.ASSEMBLY: assembly_due,
        Deadline.APPROVAL: approval_due,
        Deadline.OATH: oath_due,
        Deadline.PROBATION_END: confirmation_due,
        Deadline.CONFIRMATION_APPROVAL: confirmation_approval_due,
    }
)
