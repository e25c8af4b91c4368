"""Reads of lost contact, standing decisions, 限期改正 and sanctions, scoped from the asker.

The lost-contact register, its proposals (MEM-4: 停止党籍 six months after the loss, 除名 two
years after the suspension), the home card and the evidence all come from these functions, so
a card's count is the number of rows of the list it links to. The dates come from the pure
rules (``rules.membership``); the platform proposes, a person decides.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from dangjian.accounts.access import may_read_sanctions_register, scope_for
from dangjian.core.actor import Actor
from dangjian.discipline.models import SanctionRecord
from dangjian.dues.collection import paid_up_to
from dangjian.dynamics.standing_models import (
    CorrectionTerm,
    DecisionKind,
    LostContact,
    SearchAttempt,
    StandingDecision,
)
from dangjian.meetings.models import Attendance, Mark, MeetingState
from dangjian.members.choices import Status
from dangjian.members.models import Member
from dangjian.rules.dates import YearMonth
from dangjian.rules.membership import (
    latest_loss_due,
    proposal_is_due,
    removal_proposal_due,
    suspension_proposal_due,
)

ATTENDED = (Mark.PRESENT, Mark.LATE)
HELD = (MeetingState.RECORDED, MeetingState.REVIEWED)
STILL_MEMBERS = (Status.NORMAL, Status.SUSPENDED)


def _in_scope(user: Actor, prefix: str = "member__") -> Q:
    """Rows of members whose organisation the user looks after (not their own record)."""
    return scope_for(user).org_q(f"{prefix}organization__")


def lost_contact_records(user: Actor) -> QuerySet[LostContact]:
    """Every lost-contact record of the user's organisations, open and ended, newest first."""
    return (
        LostContact.objects.filter(_in_scope(user))
        .select_related("member__organization", "organization")
        .annotate(attempt_count=Count("attempts"), last_search=Max("attempts__searched_on"))
        .order_by("found_on", "lost_since", "pk")
    )


def open_lost_contacts(user: Actor) -> QuerySet[LostContact]:
    """Open records of members still in the Party (normal or suspended), oldest loss first."""
    return lost_contact_records(user).filter(
        found_on__isnull=True, member__status__in=STILL_MEMBERS
    )


def flagged_without_record(user: Actor) -> QuerySet[Member]:
    """Members whose archive says 失联 (entered on the archive or imported) with no open
    lost-contact record: the branch should open one to record its searches."""
    return (
        Member.objects.filter(
            scope_for(user).org_q("organization__"),
            lost_contact_since__isnull=False,
            status__in=STILL_MEMBERS,
        )
        .exclude(pk__in=LostContact.objects.filter(found_on__isnull=True).values("member_id"))
        .select_related("organization")
        .order_by("lost_contact_since", "pk")
    )


@dataclass(frozen=True)
class Proposal:
    """What the platform proposes for one lost member: ``kind`` is 停止党籍 or 除名, from
    ``due_on`` on (MEM-4); ``suspended_on`` for a removal. A plain row of what the proposals
    table shows (the record, the member and branch, the loss day, the number of searches)."""

    record_id: int
    member_id: int
    member_name: str
    organization_name: str
    lost_since: date
    attempt_count: int
    kind: str
    due_on: date
    suspended_on: date | None = None

    @classmethod
    def of(
        cls, record: LostContact, kind: str, due_on: date, suspended_on: date | None = None
    ) -> Proposal:
        """The proposal of a record read as a model (with its member and organisation)."""
        return cls(record.pk, record.member_id, record.member.name,
                   record.member.organization.name, record.lost_since,
                   getattr(record, "attempt_count", 0), kind, due_on, suspended_on)  # fmt: skip

    @property
    def label(self) -> str:
        return "停止党籍" if self.kind == DecisionKind.SUSPENSION else "除名（自行脱党）"


def _suspension_due_records(user: Actor, today: date) -> QuerySet[LostContact]:
    """The open records of members in good standing whose 停止党籍 proposal is due, oldest
    loss first. The due day is filtered in the database through its inverse
    (``latest_loss_due``), so only the rows listed are read."""
    return LostContact.objects.filter(
        _in_scope(user),
        found_on__isnull=True,
        member__status=Status.NORMAL,
        lost_since__lte=latest_loss_due(today),
    ).order_by("lost_since", "pk")


def suspension_proposal_count(user: Actor, today: date) -> int:
    """How many rows ``suspension_proposals`` lists (the home card), counted in the database."""
    return _suspension_due_records(user, today).count()


def suspension_proposals(user: Actor, today: date) -> list[Proposal]:
    """MEM-4: members in good standing lost six months or more (on the day itself included),
    oldest first. A proposal only: the branch or the higher organisation decides.

    Read as rows of the columns the proposals table shows (the list may be long at a root
    scope), the number of searches as a correlated count."""
    searches = (
        SearchAttempt.objects.filter(lost_contact=OuterRef("pk"))
        .values("lost_contact")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = (
        _suspension_due_records(user, today)
        .annotate(searches=Coalesce(Subquery(searches), 0))
        .values_list(
            "pk",
            "member_id",
            "member__name",
            "member__organization__name",
            "lost_since",
            "searches",
        )
    )
    return [
        Proposal(pk, member_id, name, organization, lost_since, count, DecisionKind.SUSPENSION,
                 suspension_proposal_due(lost_since))
        for pk, member_id, name, organization, lost_since, count in rows
    ]  # fmt: skip


def removal_proposals(user: Actor, today: date) -> list[Proposal]:
    """MEM-4: members suspended for lost contact, still not found two years after the
    suspension: 除名 as 自行脱党 is proposed."""
    records = open_lost_contacts(user).filter(member__status=Status.SUSPENDED)
    suspended = _last_suspension({r.member_id for r in records})
    proposals = [
        Proposal.of(r, DecisionKind.REMOVAL, removal_proposal_due(suspended[r.member_id]),
                    suspended[r.member_id])
        for r in records
        if r.member_id in suspended
    ]  # fmt: skip
    return [p for p in proposals if proposal_is_due(p.due_on, today)]


def removal_proposal_of(record: LostContact, today: date) -> Proposal | None:
    """The 除名 proposal of one record, when due (the record page's form)."""
    if record.found_on is not None or record.member.status != Status.SUSPENDED:
        return None
    suspended = _last_suspension({record.member_id}).get(record.member_id)
    if suspended is None or not proposal_is_due(removal_proposal_due(suspended), today):
        return None
    return Proposal.of(record, DecisionKind.REMOVAL, removal_proposal_due(suspended), suspended)


def _last_suspension(member_ids: set[int]) -> dict[int, date]:
    rows = (
        StandingDecision.objects.filter(member_id__in=member_ids, kind=DecisionKind.SUSPENSION)
        .values("member_id")
        .annotate(on=Max("decided_on"))
    )
    return {row["member_id"]: row["on"] for row in rows}


@dataclass(frozen=True)
class Evidence:
    """What the platform holds on a lost member for the deciding organisation (MEM-4)."""

    attempts: list[SearchAttempt] = field(default_factory=list)
    dues_paid_to: YearMonth | None = None
    last_attended: date | None = None


def evidence_of(record: LostContact) -> Evidence:
    """The searches made, the month dues are paid up to (the ledger) and the last meeting
    attended (organisational life), as far as the platform has them."""
    return Evidence(
        attempts=list(record.attempts.all()),
        dues_paid_to=paid_up_to(record.member),
        last_attended=last_attended({record.member_id}).get(record.member_id),
    )


def last_attended(member_ids: set[int]) -> dict[int, date]:
    """The day of each member's last meeting attended (present or late, meeting recorded)."""
    rows = (
        Attendance.objects.filter(
            member_id__in=member_ids, mark__in=ATTENDED, meeting__state__in=HELD
        )
        .values("member_id")
        .annotate(on=Max("meeting__held_on"))
    )
    return {row["member_id"]: row["on"] for row in rows}


def standing_decisions(user: Actor) -> QuerySet[StandingDecision]:
    """Decisions on the standing of the user's members (exits, suspensions, restorations),
    newest first."""
    return (
        StandingDecision.objects.filter(_in_scope(user))
        .select_related("member", "member__organization", "sanction")
        .order_by("-decided_on", "-pk")
    )


def correction_terms(user: Actor) -> QuerySet[CorrectionTerm]:
    """限期改正 of the user's members, open ones first."""
    return (
        CorrectionTerm.objects.filter(_in_scope(user))
        .select_related("member", "member__organization")
        .order_by("outcome", "ends_on", "pk")
    )


def expelled_without_exit(user: Actor) -> QuerySet[Member]:
    """Members with a recorded 开除党籍 sanction whose archive still has them in the Party:
    the exit is to be recorded (never done by the platform itself)."""
    return (
        Member.objects.filter(
            scope_for(user).org_q("organization__"),
            status__in=STILL_MEMBERS,
            sanctions__kind="expulsion",
        )
        .distinct()
        .select_related("organization")
    )


def sanctions_register(user: Actor) -> QuerySet[SanctionRecord]:
    """Every Party sanction of the user's subtree (DISC-1), newest first; nothing for anyone
    who may not read the register (branch secretaries, members)."""
    if not may_read_sanctions_register(user):
        return SanctionRecord.objects.none()
    return (
        SanctionRecord.objects.filter(_in_scope(user))
        .select_related("member", "member__organization")
        .order_by("-decided_on", "-pk")
    )


__all__ = [
    "Evidence",
    "Proposal",
    "correction_terms",
    "evidence_of",
    "expelled_without_exit",
    "flagged_without_record",
    "last_attended",
    "lost_contact_records",
    "open_lost_contacts",
    "removal_proposal_of",
    "removal_proposals",
    "sanctions_register",
    "standing_decisions",
    "suspension_proposal_count",
    "suspension_proposals",
]
