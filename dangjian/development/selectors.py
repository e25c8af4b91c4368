"""Reads of 发展党员, each starting from the asker's scope.

- ``visible_applicants`` / ``access_applicant``: the people in the process a user may see (the
  branches of their scope); the applicant themself sees their own record.
- ``pipeline``: a branch's (or a subtree's) people with the next step, its due date and what
  blocks it, overdue first; ``overdue_dues``: the department's inspection list.
- ``dossier``: one person's steps, people, checks and what may come next.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import F, Prefetch, Q, QuerySet
from django.http import Http404

from dangjian.accounts.access import _record_refusal, scope_for
from dangjian.core.actor import Actor, acting_user
from dangjian.development.models import Applicant, DevelopmentDue, DevelopmentStep
from dangjian.orgs.models import Organization, in_subtree
from dangjian.rules.development.process import IN_PROCESS, Stage, Transition, transitions_from

OPEN_STAGES = tuple(s.value for s in IN_PROCESS)


def visible_applicants(user: Actor) -> QuerySet[Applicant]:
    """People in the process of the organisations ``user`` looks after, and their own record."""
    scope = scope_for(user)
    if scope.everything:  # Q() | Q(user=...) would narrow "everything" to the user's own record
        return Applicant.objects.all()
    q = scope.org_q("organization__")
    who = acting_user(user)
    if who is not None:
        q |= Q(user=who)
    return Applicant.objects.filter(q)


def access_applicant(user: Actor, applicant_id: int) -> Applicant:
    """The person if ``user`` may see them; ``Http404`` otherwise (as for a missing one).

    ``None`` (the system) sees everyone."""
    found = Applicant.objects if user is None else visible_applicants(user)
    applicant = found.filter(pk=applicant_id).select_related("organization").first()
    if applicant is None:
        if Applicant.objects.filter(pk=applicant_id).exists():
            _record_refusal(user, f"无权查看该发展党员对象（#{applicant_id}）")
        raise Http404("未找到该人员")
    return applicant


@dataclass(frozen=True)
class PipelineFilters:
    """``stage``: a stage code or ""; ``due``: "overdue", "soon" (within 30 days) or ""."""

    stage: str = ""
    due: str = ""


def pipeline(
    user: Actor, organization: Organization | None, filters: PipelineFilters, today: date
) -> QuerySet[Applicant]:
    """The people in the process in ``organization``'s subtree (``None``: all ``user`` sees),
    with ``next_due_on`` (the earliest open deadline), overdue first, then by due date.

    The earliest deadline is a correlated subquery (one index probe per person on
    ``(applicant, ...)``), not a ``GROUP BY`` over every column; the identity number is not
    read (a list never shows it, and each one would be decrypted).
    """
    from django.db.models import OuterRef, Subquery

    earliest = (
        DevelopmentDue.objects.filter(applicant=OuterRef("pk"), due_on__isnull=False)
        .order_by("due_on")
        .values("due_on")[:1]
    )
    people = visible_applicants(user).filter(stage__in=OPEN_STAGES)
    if organization is not None:
        people = people.filter(in_subtree(organization.path, "organization__path"))
    if filters.stage:
        people = people.filter(stage=filters.stage)
    people = people.annotate(next_due_on=Subquery(earliest))
    if filters.due == "overdue":
        people = people.filter(next_due_on__lt=today)
    elif filters.due == "soon":
        from datetime import timedelta

        people = people.filter(next_due_on__gte=today, next_due_on__lte=today + timedelta(days=30))
    return (
        people.select_related("organization")
        .defer("id_number", "id_number_hash")
        .prefetch_related(Prefetch("dues", queryset=DevelopmentDue.objects.order_by("due_on")))
        # Overdue first, then by due date; people with no dated deadline last on every database.
        .order_by(F("next_due_on").asc(nulls_last=True), "name", "pk")
    )


def _overdue(
    user: Actor, organization: Organization | None, today: date
) -> QuerySet[DevelopmentDue]:
    dues = DevelopmentDue.objects.filter(scope_for(user).org_q("organization__"), due_on__lt=today)
    if organization is not None:
        dues = dues.filter(in_subtree(organization.path, "organization__path"))
    return dues.order_by("due_on", "applicant_id")


def overdue_dues(
    user: Actor, organization: Organization | None, today: date
) -> QuerySet[DevelopmentDue]:
    """Every deadline past due in ``organization``'s subtree (``None``: all ``user`` sees),
    oldest first: the department's inspection list (one row per person and deadline)."""
    return (
        _overdue(user, organization, today)
        .select_related("applicant", "organization")
        .defer("applicant__id_number", "applicant__id_number_hash")  # never shown in a list
    )


@dataclass(frozen=True)
class OverdueRow:
    """One line of the inspection list: the deadline, whose, in which branch."""

    pk: int
    applicant_id: int
    applicant_name: str
    applicant_stage: str
    organization_id: int
    organization_name: str
    what: str
    rule_id: str
    due_on: date | None


def overdue_rows(
    user: Actor, organization: Organization | None, today: date, limit: int
) -> list[OverdueRow]:
    """The first ``limit`` lines of ``overdue_dues`` as plain rows, in one query (a list page
    reads these columns only, without building the person and the branch)."""
    lines = _overdue(user, organization, today).values_list(
        "pk", "applicant_id", "applicant__name", "applicant__stage", "organization_id",
        "organization__name", "what", "rule_id", "due_on",
    )  # fmt: skip
    return [OverdueRow(*line) for line in lines[:limit]]


def overridden_steps(user: Actor, organization: Organization | None) -> QuerySet[DevelopmentStep]:
    """Steps let through despite a blocked check, in the subtree (``None``: all ``user``
    sees): the inspection list's second half (细则 "个别特殊情况" must stay visible)."""
    people = visible_applicants(user)
    if organization is not None:
        people = people.filter(in_subtree(organization.path, "organization__path"))
    return (
        DevelopmentStep.objects.filter(applicant__in=people)
        .exclude(overrides={})
        .select_related("applicant", "applicant__organization")
        .order_by("-happened_on")
    )


@dataclass(frozen=True)
class Dossier:
    """One person's whole record: the steps (oldest first) and what may come next."""

    applicant: Applicant
    steps: Sequence[DevelopmentStep]
    dues: Sequence[DevelopmentDue]
    next_transitions: Sequence[Transition]

    @property
    def stage(self) -> Stage:
        return Stage(self.applicant.stage)


def dossier(user: Actor, applicant_id: int) -> Dossier:
    """The dossier of a person ``user`` may see (``Http404`` otherwise)."""
    applicant = access_applicant(user, applicant_id)
    steps = list(applicant.steps.order_by("happened_on", "id").prefetch_related("people"))
    dues = list(applicant.dues.order_by("due_on"))
    return Dossier(applicant, steps, dues, transitions_from(Stage(applicant.stage)))


def own_applicant(user: Actor) -> Applicant | None:
    """The applicant record of the logged-in person, if any (their page on the phone)."""
    who = acting_user(user)
    if who is None:
        return None
    return Applicant.objects.filter(user=who).select_related("organization").first()
