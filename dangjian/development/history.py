"""What a person's recorded steps say: the dates the deadlines and the checks read.

``History`` is built from the ``DevelopmentStep`` rows of one person (in date order) and
answers "when did X last happen" without a query per question.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from dangjian.development.models import Applicant, DevelopmentStep
from dangjian.rules.development.deadlines import DatedFacts
from dangjian.rules.development.process import Stage

# The dates a transfer in brings from the sending organisation (细则第十二、三十四条).
EARLIER_DATES = ("activist_on", "candidate_on", "meeting_on", "approved_on")


@dataclass(frozen=True)
class History:
    """The steps of one person, oldest first."""

    applicant: Applicant
    steps: Sequence[DevelopmentStep]

    def last(self, code: str) -> DevelopmentStep | None:
        """The latest step of ``code``, or ``None``."""
        return next((s for s in reversed(self.steps) if s.code == code), None)

    def on(self, code: str) -> date | None:
        """The day the latest step of ``code`` happened."""
        step = self.last(code)
        return step.happened_on if step else None

    def dates(self, code: str) -> list[date]:
        """Every day a step of ``code`` happened."""
        return [s.happened_on for s in self.steps if s.code == code]

    def detail(self, code: str, key: str) -> Any:
        """``details[key]`` of the latest step of ``code`` (``None`` when absent)."""
        step = self.last(code)
        return step.details.get(key) if step else None

    def earlier(self, key: str) -> date | None:
        """A date brought by a transfer in (``EARLIER_DATES``), or ``None``."""
        value = self.detail("transfer_in", key)
        return date.fromisoformat(value) if value else None

    @property
    def overridden(self) -> frozenset[str]:
        """Rule IDs overridden at any earlier step (a recorded decision carries on)."""
        return frozenset(rule for s in self.steps for rule in s.overrides)

    @property
    def activist_on(self) -> date | None:
        """DEV-6/DEV-7: the first designation as activist, here or (transferred in) before."""
        return self.earlier("activist_on") or next(
            (s.happened_on for s in self.steps if s.code == "designate_activist"), None
        )

    @property
    def meeting_on(self) -> date | None:
        """The 支部大会 that admitted the person (DEV-15: probation starts on it)."""
        return self.on("admission_meeting") or self.earlier("meeting_on")

    @property
    def approved_on(self) -> date | None:
        return self.on("approve_admission") or self.earlier("approved_on")

    @property
    def extension_months(self) -> int:
        return sum(int(s.details.get("extension_months") or 0) for s in self.steps
                   if s.code == "extend")  # fmt: skip

    @property
    def confirmation_meeting_on(self) -> date | None:
        """The 支部大会 on confirmation held since the last extension (an extension sends the
        person back to a new meeting when the extended probation ends, DEV-17)."""
        extended = self.last("extend")
        meeting = self.last("confirmation_meeting")
        if meeting is None or (extended is not None and _after(extended, meeting)):
            return None
        return meeting.happened_on

    @property
    def postponed_until(self) -> date | None:
        """DEV-19: the day a transferred-in member's confirmation was postponed to."""
        value = self.detail("postpone_confirmation", "postponed_until")
        return date.fromisoformat(value) if value else None

    def dated_facts(self) -> DatedFacts:
        """The dates ``rules.development.deadlines.open_dues`` reads."""
        assessed = self.dates("assess")
        return DatedFacts(
            stage=Stage(self.applicant.stage),
            received_on=self.applicant.received_on,
            talked_on=self.on("talk"),
            activist_on=self.activist_on,
            last_assessed_on=assessed[-1] if assessed else None,
            prereview_on=self.on("pre_review"),
            meeting_on=self.meeting_on,
            approved_on=self.approved_on,
            oath_on=self.on("oath"),
            extension_months=self.extension_months,
            transferred_in=self.applicant.transferred_in,
            confirmation_meeting_on=self.confirmation_meeting_on,
            postponed_until=self.postponed_until,
        )


def _after(first: DevelopmentStep, second: DevelopmentStep) -> bool:
    """Whether ``first`` came after ``second`` (by date, then by recording order)."""
    return (first.happened_on, first.pk) > (second.happened_on, second.pk)


def history_of(applicant: Applicant) -> History:
    """The history of ``applicant`` in one query."""
    steps = list(applicant.steps.order_by("happened_on", "id"))
    return History(applicant, steps)
