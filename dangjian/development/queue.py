"""Reads of the 党委 and its organisation department: what waits for the 党委, what an
inspection looks at, the annual plan against what was done, the 入党志愿书 number ranges.

Every read starts from the asker's scope (``accounts.access.scope_for``): an organisation
administrator sees the subtree they look after, a branch secretary only their own branch, an
applicant nothing here. Each list is a fixed number of queries whatever its length (no query
per row): the open deadlines (``DevelopmentDue``) carry the dates, and the steps are read with
their person and branch in one join.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from dangjian.accounts.access import scope_for
from dangjian.core.actor import Actor
from dangjian.development.models import (
    AnnualPlan,
    Applicant,
    DevelopmentDue,
    DevelopmentStep,
    FormNumberRange,
)
from dangjian.development.selectors import (
    OverdueRow,
    overdue_dues,
    overdue_rows,
    overridden_steps,
)
from dangjian.orgs.models import Organization, in_subtree
from dangjian.rules.development.forms import NumberRange, next_free_number
from dangjian.rules.development.process import Deadline, Stage
from dangjian.rules.organization import OrgKind
from dangjian.rules.verdicts import Outcome

# -- the 党委's queue --------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueRow:
    """One person waiting for the 党委.

    ``since``: the day the wait began (the first anniversary as activist, the 支部委员会 review,
    the 支部大会); ``due_on``: the last day on time (DEV-14/DEV-18: three months), ``None`` when
    no rule sets one; ``hard_limit``: the last day the 党委 may act at all (DEV-14: six months).
    """

    applicant: Applicant
    since: date | None
    due_on: date | None
    hard_limit: date | None
    today: date

    @property
    def days_left(self) -> int | None:
        """Days until ``due_on`` (negative once past), ``None`` without a due date."""
        return None if self.due_on is None else (self.due_on - self.today).days

    @property
    def days_to_limit(self) -> int | None:
        """Days until ``hard_limit`` (negative once past), ``None`` without one."""
        return None if self.hard_limit is None else (self.hard_limit - self.today).days

    @property
    def days_over(self) -> int:
        """Days past ``due_on`` (0 when not past)."""
        return max(0, -(self.days_left or 0))

    @property
    def days_over_limit(self) -> int:
        """Days past ``hard_limit`` (0 when not past)."""
        return max(0, -(self.days_to_limit or 0))

    @property
    def overdue(self) -> bool:
        return self.due_on is not None and self.today > self.due_on

    @property
    def past_limit(self) -> bool:
        return self.hard_limit is not None and self.today > self.hard_limit


@dataclass(frozen=True)
class CommitteeQueue:
    """The four lists of the queue page, each oldest wait first."""

    consent: Sequence[QueueRow]
    pre_review: Sequence[QueueRow]
    approval: Sequence[QueueRow]
    confirmation: Sequence[QueueRow]

    @property
    def total(self) -> int:
        return (
            len(self.consent) + len(self.pre_review) + len(self.approval) + len(self.confirmation)
        )


def _in_scope(user: Actor, organization: Organization | None, prefix: str) -> Q:
    """The asker's organisations (``prefix`` points at the organisation FK), narrowed to
    ``organization``'s subtree when one is given (which the caller has checked is visible)."""
    q = scope_for(user).org_q(prefix)
    if organization is not None:
        q &= in_subtree(organization.path, f"{prefix}path")
    return q


def _dues(
    user: Actor, organization: Organization | None, deadline: Deadline
) -> QuerySet[DevelopmentDue]:
    return (
        DevelopmentDue.objects.filter(_in_scope(user, organization, "organization__"))
        .filter(deadline=deadline.value)
        .select_related("applicant__organization")
    )


def awaiting_consent(user: Actor, organization: Organization | None, today: date) -> list[QueueRow]:
    """Activists past their first full year (DEV-7) not yet designated as candidates: the
    higher 党委's consent (细则第十三条) is what the branch asks for next."""
    dues = _dues(user, organization, Deadline.ACTIVIST_YEAR).filter(not_before__lte=today)
    return [
        QueueRow(d.applicant, d.not_before, None, None, today)
        for d in dues.order_by("not_before", "applicant_id")
    ]


def awaiting_pre_review(
    user: Actor, organization: Organization | None, today: date
) -> list[QueueRow]:
    """Candidates the 支部委员会 has reviewed (step 12) and the 党委 has not pre-reviewed
    (step 13, 细则第十八条)."""
    steps = DevelopmentStep.objects.filter(applicant=OuterRef("pk"))
    reviewed = steps.filter(code="committee_review").order_by("-happened_on").values("happened_on")
    people = (
        Applicant.objects.filter(_in_scope(user, organization, "organization__"))
        .filter(stage=Stage.CANDIDATE.value)
        .annotate(reviewed_on=Subquery(reviewed[:1]))
        .filter(reviewed_on__isnull=False)
        .exclude(Exists(steps.filter(code="pre_review")))
        .select_related("organization")
        .order_by("reviewed_on", "pk")
    )
    return [QueueRow(p, p.reviewed_on, None, None, today) for p in people]


def awaiting_approval(
    user: Actor, organization: Organization | None, today: date
) -> list[QueueRow]:
    """Candidates the 支部大会 has admitted, waiting for the 党委's approval: within three
    months, never past six (DEV-14, 细则第二十五条)."""
    return _due_rows(_dues(user, organization, Deadline.APPROVAL), today)


def awaiting_confirmation_approval(
    user: Actor, organization: Organization | None, today: date
) -> list[QueueRow]:
    """Probationary members whose 支部大会 has discussed confirmation, waiting for the 党委's
    approval within three months (DEV-18, 细则第三十三条)."""
    return _due_rows(_dues(user, organization, Deadline.CONFIRMATION_APPROVAL), today)


def _due_rows(dues: QuerySet[DevelopmentDue], today: date) -> list[QueueRow]:
    return [
        QueueRow(d.applicant, d.not_before, d.due_on, d.hard_limit, today)
        for d in dues.order_by("due_on", "applicant_id")
    ]


def committee_queue(user: Actor, organization: Organization | None, today: date) -> CommitteeQueue:
    """The whole queue of ``organization``'s subtree (``None``: all the asker looks after)."""
    return CommitteeQueue(
        consent=awaiting_consent(user, organization, today),
        pre_review=awaiting_pre_review(user, organization, today),
        approval=awaiting_approval(user, organization, today),
        confirmation=awaiting_confirmation_approval(user, organization, today),
    )


# -- the inspection list ----------------------------------------------------------------------


@dataclass(frozen=True)
class Inspection:
    """Every overdue deadline, every step let through a blocked check (with its reason) and
    every step recorded with a warning, in a subtree."""

    overdue: Sequence[OverdueRow]
    overridden: Sequence[DevelopmentStep]
    warned: Sequence[DevelopmentStep]
    overdue_total: int = 0
    overridden_total: int = 0


# A list shows its oldest (or newest) rows up to this many, with the total: the whole subtree
# of a 组织部 can hold tens of thousands of overdue deadlines.
INSPECTION_LIMIT = 200


def warned_steps(user: Actor, organization: Organization | None) -> list[DevelopmentStep]:
    """Steps whose checks gave a warning the step went on with (kept with the step), newest
    first. The database narrows by text, then each step's verdicts are read exactly."""
    steps = (
        DevelopmentStep.objects.filter(_in_scope(user, organization, "applicant__organization__"))
        .filter(verdicts__icontains=f'"{Outcome.WARN.value}"')
        .select_related("applicant", "applicant__organization")
        .order_by("-happened_on", "-pk")
    )
    return [s for s in steps if step_warnings(s)]


def step_warnings(step: DevelopmentStep) -> list[str]:
    """The Chinese texts of the warnings stored with ``step``."""
    return [
        str(v.get("text") or v.get("message") or "")
        for v in step.verdicts
        if isinstance(v, dict) and v.get("outcome") == Outcome.WARN.value
    ]


def inspection(user: Actor, organization: Organization | None, today: date) -> Inspection:
    """The inspection view of ``organization``'s subtree (``None``: all the asker sees)."""
    overridden = overridden_steps(user, organization)
    return Inspection(
        overdue=overdue_rows(user, organization, today, INSPECTION_LIMIT),
        overridden=list(overridden[:INSPECTION_LIMIT]),
        warned=warned_steps(user, organization)[:INSPECTION_LIMIT],
        overdue_total=overdue_dues(user, organization, today).count(),
        overridden_total=overridden.count(),
    )


# -- the annual plan against what was done ----------------------------------------------------


@dataclass(frozen=True)
class PlanRow:
    """One 党委's year: its quota (``None``: no plan set) and the admissions approved that
    year in its subtree, counted as DEV-28's check counts them."""

    committee: Organization
    quota: int | None
    admissions: Sequence[DevelopmentStep] = field(default_factory=tuple)

    @property
    def done(self) -> int:
        return len(self.admissions)

    @property
    def over(self) -> int:
        """How many admissions beyond the quota (0 within it or without a plan)."""
        return 0 if self.quota is None else max(0, self.done - self.quota)


def committees_in_scope(user: Actor) -> QuerySet[Organization]:
    """The 基层党委 the asker looks after, in tree order."""
    return (
        Organization.objects.filter(scope_for(user).org_q())
        .filter(kind=OrgKind.COMMITTEE.value)
        .order_by("path")
    )


def annual_plan_rows(user: Actor, year: int) -> list[PlanRow]:
    """Per 党委 in scope: the plan of ``year`` and the approvals (step 17) dated that year.

    Three queries: the committees, their plans, and every approval of the year in scope; each
    approval is attributed to every 党委 above the person's branch that is in the list, as the
    DEV-28 check counts a 党委's whole subtree.
    """
    committees = list(committees_in_scope(user))
    if not committees:
        return []
    plans = dict(
        AnnualPlan.objects.filter(organization__in=committees, year=year).values_list(
            "organization_id", "quota"
        )
    )
    approvals = list(
        DevelopmentStep.objects.filter(_in_scope(user, None, "applicant__organization__"))
        .filter(code="approve_admission", happened_on__year=year)
        .select_related("applicant", "applicant__organization")
        .order_by("happened_on", "pk")
    )
    found: dict[str, list[DevelopmentStep]] = {c.path: [] for c in committees}
    step = Organization.steplen
    for approval in approvals:
        # Every 党委 above the branch: the path's prefixes, one tree level at a time.
        path = approval.applicant.organization.path
        for end in range(step, len(path) + 1, step):
            if path[:end] in found:
                found[path[:end]].append(approval)
    return [PlanRow(c, plans.get(c.pk), tuple(found[c.path])) for c in committees]


# -- 入党志愿书 number ranges -------------------------------------------------------------------


@dataclass(frozen=True)
class RangeRow:
    """One range with the numbers issued from it and the lowest one still free."""

    range: FormNumberRange
    text: str
    issued: int
    size: int
    next_free: str | None


def number_ranges(user: Actor) -> list[RangeRow]:
    """The ranges of the organisations the asker looks after, with their use (two queries)."""
    ranges = list(
        FormNumberRange.objects.filter(scope_for(user).org_q("organization__"))
        .select_related("organization")
        .order_by("organization__path", "first")
    )
    # Printed numbers have the range's width, so a text range is the numeric range.
    within = Q(pk__in=[])
    for r in ranges:
        numbers = _numbers(r)
        within |= Q(form_number__gte=numbers.format(numbers.first),
                    form_number__lte=numbers.format(numbers.last))  # fmt: skip
    issued = set(Applicant.objects.filter(within).values_list("form_number", flat=True))
    rows = []
    for r in ranges:
        numbers = _numbers(r)
        used = {n for n in issued if n and len(n) == numbers.width and n.isdigit()}
        inside = {n for n in used if numbers.first <= int(n) <= numbers.last}
        size = numbers.last - numbers.first + 1
        rows.append(RangeRow(r, numbers.text, len(inside), size, next_free_number(numbers, inside)))
    return rows


def _numbers(row: FormNumberRange) -> NumberRange:
    return NumberRange(int(row.first), int(row.last), int(row.width))
