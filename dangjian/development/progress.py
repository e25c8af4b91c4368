"""Where a person stands in the 25 steps: the last step recorded, the next one and its deadline.

Read by the API's dossier and by the assistant ("张三的入党流程到哪一步了"), both from a
``selectors.Dossier`` (so from the asker's scope). Pure reading of what the selector loaded:
no query of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dangjian.development.models import DevelopmentDue, DevelopmentStep
from dangjian.development.selectors import Dossier
from dangjian.rules.development.process import Deadline, Transition, transitions_from

# The step each deadline is the clock of (rules.development.deadlines): the due date of the
# next step is the open deadline that belongs to it.
DEADLINE_STEPS: dict[str, int] = {
    Deadline.TALK: 2,
    Deadline.ASSESSMENT: 6,
    Deadline.ACTIVIST_YEAR: 7,
    Deadline.NOTICE: 7,
    Deadline.ASSEMBLY: 15,
    Deadline.APPROVAL: 17,
    Deadline.OATH: 20,
    Deadline.PROBATION_END: 23,
    Deadline.CONFIRMATION_APPROVAL: 24,
}


@dataclass(frozen=True)
class Progress:
    """``last``: the latest step recorded (by date, then entry); ``next``: the next of the 25
    steps open in the person's stage (``None`` at an end or when all are done); ``dues``: the
    open deadlines of that next step, earliest first."""

    last: DevelopmentStep | None
    next: Transition | None
    dues: tuple[DevelopmentDue, ...]


def _numbered(last: DevelopmentStep | None, options: list[Transition]) -> Transition | None:
    """The option with the lowest step number after ``last``'s (a repeated step such as the
    half-yearly assessment counts as done once recorded); the lowest one otherwise."""
    done = last.step_number if last is not None and last.step_number else 0
    later = [t for t in options if t.step is not None and t.step > done]
    pool = later or [t for t in options if t.step is not None]
    return min(pool, key=lambda t: t.step or 0, default=None)


def progress_of(dossier: Dossier) -> Progress:
    """The last step, the next one and the deadlines of the next one for ``dossier``."""
    steps = [s for s in dossier.steps if s.step_number]
    last = steps[-1] if steps else (dossier.steps[-1] if dossier.steps else None)
    forward = [t for t in transitions_from(dossier.stage) if not t.target.is_end and t.step]
    following = _numbered(last, forward)
    dues: tuple[DevelopmentDue, ...] = ()
    if following is not None:
        dues = tuple(d for d in dossier.dues if DEADLINE_STEPS.get(d.deadline) == following.step)
    return Progress(last, following, dues)


def is_overdue(due: DevelopmentDue, today: date) -> bool:
    """Past its last day on time (a deadline with only a first day is never overdue)."""
    return due.due_on is not None and due.due_on < today
