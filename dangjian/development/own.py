"""The applicant's own view of their process (the phone page and anything else that shows a
person their own progress): read from their own record only (``selectors.own_applicant``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import F

from dangjian.core.actor import Actor
from dangjian.development.models import (
    Applicant,
    DevelopmentDue,
    DevelopmentStep,
    PersonRole,
    StepPerson,
)
from dangjian.development.selectors import own_applicant
from dangjian.rules.development.process import STEPS, Stage, Step


@dataclass(frozen=True)
class NextStep:
    """One open deadline in plain words: "确定为发展对象：2024年4月10日起可以进行"."""

    what: str
    due_on: date | None
    not_before: date | None
    days_left: int | None

    @property
    def waiting(self) -> bool:
        """Whether it may not be taken yet (its first day lies ahead)."""
        return self.not_before is not None and self.due_on is None


@dataclass(frozen=True)
class OwnProgress:
    """What the person reads about themself."""

    applicant: Applicant
    stage: Stage
    next_steps: Sequence[NextStep]
    coming: Step | None  # the next of the 25 steps after the last one done
    contacts: Sequence[str]
    sponsors: Sequence[str]
    steps: Sequence[DevelopmentStep]


def own_progress(user: Actor, today: date) -> OwnProgress | None:
    """The progress of the person logged in as ``user`` (``None``: no applicant record)."""
    applicant = own_applicant(user)
    if applicant is None:
        return None
    steps = list(applicant.steps.order_by("happened_on", "id"))
    people = list(
        StepPerson.objects.filter(step__applicant=applicant)
        .exclude(role=PersonRole.TALKER)
        .order_by("step__happened_on", "step_id", "pk")
        .values_list("step_id", "role", "name")
    )
    return OwnProgress(
        applicant=applicant,
        stage=Stage(applicant.stage),
        next_steps=[_next(d.what, d.due_on, d.not_before, today) for d in _dues(applicant)],
        coming=_coming(Stage(applicant.stage), steps),
        contacts=_latest(people, PersonRole.CONTACT),
        sponsors=_latest(people, PersonRole.SPONSOR),
        steps=steps,
    )


def _dues(applicant: Applicant) -> list[DevelopmentDue]:
    return list(applicant.dues.order_by(F("due_on").asc(nulls_last=True), "not_before"))


def _coming(stage: Stage, steps: list[DevelopmentStep]) -> Step | None:
    """The step after the highest-numbered one recorded; ``None`` at an end or after step 25.
    Steps may be recorded out of order (a filing after the next step), so the highest counts."""
    if stage.is_end:
        return None
    done = max((s.step_number or 0 for s in steps), default=0)
    return STEPS[done] if done < len(STEPS) else None


def _next(what: str, due_on: date | None, not_before: date | None, today: date) -> NextStep:
    return NextStep(what, due_on, not_before, None if due_on is None else (due_on - today).days)


def _latest(people: list[tuple[int, str, str]], role: str) -> list[str]:
    """The names named at the latest step that named anyone in ``role`` (contacts may be
    reassigned; the latest assignment stands)."""
    of_role = [(step_id, name) for step_id, r, name in people if r == role]
    if not of_role:
        return []
    last = of_role[-1][0]
    return [name for step_id, name in of_role if step_id == last]
