"""Reads of notices and correction requests, each starting from the asker's scope.

A member reads the published notices of their own organisation and of every organisation above
it; an author reads the notices of the organisations they look after
(``accounts.access.may_publish_bulletin``), with the receipts of their subtree's members.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import Http404

from dangjian.accounts.access import may_decide_correction, scope_for
from dangjian.core.actor import Actor
from dangjian.members.choices import Status
from dangjian.members.models import Member
from dangjian.notifications.models import Delivery
from dangjian.orgs.models import Organization, in_subtree
from dangjian.portal.models import Bulletin, BulletinRead, CorrectionRequest, CorrectionState

NOT_FOUND = "未找到该通知"
REQUEST_NOT_FOUND = "未找到该更正申请"


def own_member(user: Actor) -> Member | None:
    """The asker's own member record (with its organisation), None for an account without."""
    member_id = scope_for(user).own_member_id
    if member_id is None:
        return None
    return Member.objects.filter(pk=member_id).select_related("organization").first()


def ancestor_paths(org: Organization) -> list[str]:
    """The tree paths of ``org`` and of every organisation above it."""
    step = Organization.steplen
    return [org.path[: step * i] for i in range(1, len(org.path) // step + 1)]


def member_bulletins(user: Actor, today: date) -> QuerySet[Bulletin]:
    """The notices the asker receives as a member, published by ``today``, pinned first, each
    annotated ``is_read``; none for an account without a member record."""
    member = own_member(user)
    if member is None:
        return Bulletin.objects.none()
    reads = BulletinRead.objects.filter(bulletin=OuterRef("pk"), member=member)
    return (
        Bulletin.objects.filter(
            organization__path__in=ancestor_paths(member.organization), published_on__lte=today
        )
        .select_related("organization")
        .annotate(is_read=Exists(reads))
    )


def authored_bulletins(user: Actor) -> QuerySet[Bulletin]:
    """The notices of the organisations the asker looks after, newest first."""
    return (
        Bulletin.objects.filter(scope_for(user).org_q("organization__"))
        .select_related("organization", "author")
        .order_by("-published_on", "-id")
    )


def access_bulletin(user: Actor, bulletin_id: int, today: date) -> Bulletin:
    """The notice if the asker receives it or looks after its organisation; Http404 otherwise
    (as for a missing one, so an id cannot be probed)."""
    found = member_bulletins(user, today).filter(pk=bulletin_id).first()
    if found is None:
        found = authored_bulletins(user).filter(pk=bulletin_id).first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def access_authored_bulletin(user: Actor, bulletin_id: int) -> Bulletin:
    """The notice if the asker looks after its organisation; Http404 otherwise."""
    found = authored_bulletins(user).filter(pk=bulletin_id).first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found


def audience(bulletin: Bulletin) -> QuerySet[Member]:
    """The members a notice is for: those in good standing in its organisation's subtree."""
    return Member.objects.filter(
        in_subtree(bulletin.organization.path, "organization__path"), status=Status.NORMAL
    )


@dataclass(frozen=True)
class Receipt:
    """One member of the audience and when they read the notice (None: not yet)."""

    member_id: int
    name: str
    organization: str
    read_at: datetime | None


# The names listed on a page or in an answer; the counts are always whole.
RECEIPT_LIST_LIMIT = 1000


@dataclass(frozen=True)
class Receipts:
    """Who read a notice and who has not: whole counts, and up to ``RECEIPT_LIST_LIMIT``
    names of each (readers by reading time, the unread in name order)."""

    read_count: int
    unread_count: int
    read: list[Receipt]
    unread: list[Receipt]

    @property
    def total(self) -> int:
        return self.read_count + self.unread_count


def bulletin_receipts(user: Actor, bulletin_id: int) -> Receipts:
    """The receipts of a notice the asker authored (Http404 otherwise), in a fixed number of
    queries however large the audience (a 党委's notice reaches its whole subtree)."""
    bulletin = access_authored_bulletin(user, bulletin_id)
    members = audience(bulletin)
    reads = BulletinRead.objects.filter(bulletin=bulletin, member__in=members)
    unread = members.exclude(pk__in=reads.values("member_id"))
    read_rows = reads.order_by("read_at", "pk").values_list(
        "member_id", "member__name", "member__organization__name", "read_at"
    )[:RECEIPT_LIST_LIMIT]
    unread_rows = unread.order_by("name_pinyin", "pk").values_list(
        "pk", "name", "organization__name"
    )[:RECEIPT_LIST_LIMIT]
    return Receipts(
        read_count=reads.count(),
        unread_count=unread.count(),
        read=[Receipt(*row) for row in read_rows],
        unread=[Receipt(pk, name, org, None) for pk, name, org in unread_rows],
    )


def authored_with_counts(user: Actor) -> QuerySet[Bulletin]:
    """``authored_bulletins`` with ``read_count`` (readers so far) annotated, one query."""
    return authored_bulletins(user).annotate(read_count=Count("reads"))


@dataclass(frozen=True)
class Unread:
    """The audience's members who have not read a notice: how many, and the accounts of those
    who have one (a member without a login account cannot be reminded in the platform)."""

    member_count: int
    user_ids: list[int]


def unread_audience(bulletin: Bulletin) -> Unread:
    """Who of the audience has not read ``bulletin``, in two queries."""
    read = BulletinRead.objects.filter(bulletin=bulletin).values("member_id")
    rows = audience(bulletin).exclude(pk__in=read)
    users = rows.filter(user__isnull=False).values_list("user_id", flat=True)
    return Unread(member_count=rows.count(), user_ids=sorted(users))


def reminded_user_ids(dedupe_key: str, user_ids: list[int]) -> set[int]:
    """Which of ``user_ids`` the reminder under ``dedupe_key`` reached already."""
    found = Delivery.objects.filter(dedupe_key=dedupe_key, user_id__in=user_ids)
    return set(found.values_list("user_id", flat=True))


def own_corrections(user: Actor) -> QuerySet[CorrectionRequest]:
    """The asker's own correction requests, newest first."""
    member_id = scope_for(user).own_member_id
    if member_id is None:
        return CorrectionRequest.objects.none()
    return CorrectionRequest.objects.filter(member_id=member_id).select_related(
        "decided_by", "member__organization"
    )


def corrections_to_decide(user: Actor) -> QuerySet[CorrectionRequest]:
    """The open requests of the members the asker keeps the records of (not their own)."""
    scope = scope_for(user)
    rows = CorrectionRequest.objects.filter(
        scope.org_q("member__organization__"), state=CorrectionState.PENDING
    )
    if scope.own_member_id is not None:
        rows = rows.exclude(member_id=scope.own_member_id)
    return rows.select_related("member", "member__organization").order_by("requested_at")


def access_correction(user: Actor, request_id: int) -> CorrectionRequest:
    """A request the asker may decide on; Http404 otherwise (as for a missing one)."""
    found = (
        CorrectionRequest.objects.filter(pk=request_id)
        .select_related("member", "member__organization")
        .first()
    )
    if found is None or not may_decide_correction(user, found.member):
        raise Http404(REQUEST_NOT_FOUND)
    return found
