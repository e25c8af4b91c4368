"""党员增减台账 (STAT-6) for a subtree and a period, read from the archive's history.

``membership_ledger(user, organization, start, end)`` gives the opening and closing registers
(the members in good standing in the subtree on the day before ``start`` and on ``end``, the
condition ``count_members_as_of`` counts with, over everyone who belonged that day), and every
change in between that moved a member into or out of the count, with its day, kind and document
(``rules.membership_ledger`` classifies). Nothing is read from today's rows: the membership
periods (organisation, status, stage over time) and the tree's path history answer for any past
period, and the totals reconcile (期初 + 增加 - 减少 = 期末); a difference is reported, never
absorbed.

Queries: the tree of each day the tree changed (its path and organisations: two per change,
usually two), two for the changes of the period with names, documents and letters (periods
starting in it, periods ending in it), one for the members of organisations that moved into
or out of the subtree (and their names and documents, when there are any), one for the
organisations' names, and the two registers (with the last day's path); one more for the
cancelled 介绍信 when a member left by a letter in the period (a cancelled letter is no change:
``cancelled_letter_changes``).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Exists, F, FilteredRelation, OuterRef, Q, Subquery

from dangjian.accounts.access import access_organization, require, scope_for
from dangjian.core.actor import Actor
from dangjian.dynamics.incoming_models import IncomingLetter
from dangjian.dynamics.models import LetterState, TransferLetter
from dangjian.members.choices import Stage, Status
from dangjian.members.models import EventKind, Member, MemberEvent, MemberPeriod
from dangjian.orgs.models import Organization, OrganizationPath, in_subtree, valid_on
from dangjian.orgs.selectors import path_on
from dangjian.rules.membership_ledger import (
    DECREASES,
    INCREASES,
    Change,
    Reconciliation,
    Side,
    classify,
    exit_kind,
    opening_day,
)

LONGEST_PERIOD_DAYS = 366 * 5  # a ledger spans at most five years (a 党委's term)
REORGANISED = "党组织隶属关系调整"


@dataclass(frozen=True)
class LedgerEntry:
    """One member into or out of the count on ``day``; ``organization_name`` is where the
    member was counted (the receiving side of an increase, the sending side of a decrease)."""

    member_id: int
    name: str
    day: date
    change: Change
    organization_name: str
    document: str
    exit_kind: str = ""

    @property
    def kind_label(self) -> str:
        """The kind as a person reads it, 出党 with its way ("出党（除名）")."""
        if self.change is Change.LEFT_PARTY and self.exit_kind:
            return f"出党（{self.exit_kind}）"
        return self.change.label


@dataclass(frozen=True)
class Ledger:
    """The ledger of one subtree over [start, end]: the registers and the changes."""

    organization_id: int
    organization_name: str
    start: date
    end: date
    opening: int
    closing: int
    entries: tuple[LedgerEntry, ...] = field(default=())

    @property
    def increases(self) -> tuple[LedgerEntry, ...]:
        return tuple(e for e in self.entries if e.change.is_increase)

    @property
    def decreases(self) -> tuple[LedgerEntry, ...]:
        return tuple(e for e in self.entries if not e.change.is_increase)

    @property
    def reconciliation(self) -> Reconciliation:
        return Reconciliation(
            opening=self.opening,
            increases=len(self.increases),
            decreases=len(self.decreases),
            closing=self.closing,
        )

    def counts(self) -> list[tuple[Change, int]]:
        """Each kind (increases, then decreases) with its number, zero included."""
        tally = {kind: 0 for kind in (*INCREASES, *DECREASES)}
        for entry in self.entries:
            tally[entry.change] += 1
        return list(tally.items())

    def exit_counts(self) -> dict[str, int]:
        """出党 by its way (STAT-7 tables 10-11)."""
        ways: dict[str, int] = {}
        for entry in self.entries:
            if entry.change is Change.LEFT_PARTY:
                ways[entry.exit_kind] = ways.get(entry.exit_kind, 0) + 1
        return ways


def check_period(start: date, end: date, today: date) -> None:
    """The period a ledger may cover; ``InvalidInput`` naming the field otherwise."""
    from dangjian.core.errors import InvalidInput

    if end < start:
        raise InvalidInput.one("end", "截止日期不能早于起始日期")
    if end > today:
        raise InvalidInput.one("end", "截止日期不能晚于今天")
    if (end - start).days > LONGEST_PERIOD_DAYS:
        raise InvalidInput.one("end", "台账期间最长五年，请分段查询")


def membership_ledger(user: Actor, organization_id: int, start: date, end: date) -> Ledger:
    """The 增减台账 of ``organization_id``'s subtree over [start, end] (both days included).

    ``user`` must look after the organisation (an administrator of it or above, or its
    branch's secretary): Http404 when they may not see it, PermissionDenied when they see it
    but do not look after it.

    The registers count everyone who belonged to the subtree on the day, whoever asks: a
    member who has left since is no longer in the asker's scope today, yet was in the register
    of that day (STAT-5), and leaving them out would make the branch's ledger disagree with its
    own entries and a day's register depend on today's rows.
    """
    org = access_organization(user, organization_id)
    require(scope_for(user).covers_org(org), "无权查看该党组织的党员增减台账")
    return ledger_of(org, start, end)


def ledger_of(org: Organization, start: date, end: date) -> Ledger:
    """The ledger without the access check, for a caller that made it (the benchmark, a job,
    ``membership_ledger``)."""
    tree = _SubtreeOverTime(org, opening_day(start), end)
    changes = [*_period_changes(tree, start, end), *_tree_changes(tree, start, end)]
    changes.sort(key=lambda c: c.day)
    letters_out = {c.member_id for c in changes if c.change is Change.TRANSFER_OUT_LETTER}
    cancelled = cancelled_letters(start, end, letters_out)
    dropped = cancelled_letter_changes([(c.member_id, c.change) for c in changes], cancelled)
    changes = [c for i, c in enumerate(changes) if i not in dropped]
    eve = opening_day(start)
    # Two counts, not one with two filters: each uses the period and path indexes.
    opening = MemberPeriod.objects.filter(_counted_q(tree.path_on(eve), eve)).count()
    closing = register_count(org, end)
    return Ledger(
        organization_id=org.pk,
        organization_name=org.name,
        start=start,
        end=end,
        opening=opening,
        closing=closing,
        entries=tuple(_entries(changes)),
    )


def cancelled_letters(start: date, end: date, member_ids: set[int]) -> Counter[int]:
    """How many cancelled 介绍信 (作废: the member did not leave) each of ``member_ids`` was
    issued in [start, end]; no query for none."""
    if not member_ids:
        return Counter()
    letters = TransferLetter.objects.filter(
        state=LetterState.CANCELLED, issued_on__gte=start, issued_on__lte=end,
        member_id__in=set(member_ids),
    ).values_list("member_id", flat=True)  # fmt: skip
    return Counter(letters)


def cancelled_letter_changes(
    changes: Sequence[tuple[int, Change]], cancelled: Counter[int]
) -> set[int]:
    """The positions in ``changes`` (member and kind) that a cancelled 介绍信 made and that are
    no change at all: the letter marked the member transferred out (转出（系统外）) and its
    cancellation restored him (其他增加), yet he never left his branch. Per cancelled letter of
    the period, one such decrease and one such increase of the member are left out (the first
    of each in ``changes``' order); a pair split by the period's end stays (the registers of
    the days between do not count him, and the ledger still balances). Table 1's one query
    and the ledger both apply it, so they agree."""
    dropped: set[int] = set()
    for member_id, letters in cancelled.items():
        mine = [i for i, (who, _) in enumerate(changes) if who == member_id]
        for _ in range(letters):
            out = next((i for i in mine if i not in dropped
                        and changes[i][1] is Change.TRANSFER_OUT_LETTER), None)  # fmt: skip
            back = next((i for i in mine if i not in dropped
                         and changes[i][1] is Change.OTHER_IN), None)  # fmt: skip
            if out is None or back is None:
                break
            dropped |= {out, back}
    return dropped


def register_count(org: Organization, on: date) -> int:
    """How many members were in good standing in ``org``'s subtree (the tree of ``on``) on
    ``on``: the register a ledger opens or closes with, the same whichever period asks."""
    return MemberPeriod.objects.filter(_counted_q(path_on(org, on), on)).count()


def _counted_q(path: str, on: date) -> Q:
    """``members_as_of``'s condition on the periods themselves (counted by the system), for
    the subtree at ``path`` on ``on`` (``path_on``)."""
    history = "organization__path_history__"
    return Q(
        in_subtree(path, f"{history}path"),
        valid_on(on, history),
        Q(valid_to__isnull=True) | Q(valid_to__gt=on),
        valid_from__lte=on,
        status=Status.NORMAL,
    )


class _SubtreeOverTime:
    """Which organisations were in the subtree on each day of [first, last]: the tree changes
    only on the days a path history row starts, so one set per such day answers every day."""

    def __init__(self, org: Organization, first: date, last: date) -> None:
        moves = OrganizationPath.objects.filter(valid_from__gt=first, valid_from__lte=last)
        moved_on = {day for day in moves.values_list("valid_from", flat=True) if day is not None}
        days: list[date] = sorted({first, *moved_on})
        self.days = days
        self.paths = {day: path_on(org, day) for day in days}  # one read a day, kept
        self.sets = [self._members_on(self.paths[day], day) for day in days]
        self.root_paths = set(self.paths.values())
        self.first, self.last = first, last

    def path_on(self, day: date) -> str:
        """The root's path on ``day``, one of the days the tree changed (``first`` included)."""
        return self.paths[day]

    @staticmethod
    def _members_on(path: str, day: date) -> frozenset[int]:
        rows = OrganizationPath.objects.filter(in_subtree(path), valid_on(day))
        return frozenset(rows.values_list("organization_id", flat=True))

    def holds(self, org_id: int | None, day: date) -> bool:
        if org_id is None:
            return False
        return org_id in self.sets[max(bisect_right(self.days, day) - 1, 0)]

    def ever_q(self, field_name: str) -> Q:
        """Periods of organisations that were in the subtree on some day of the span (a
        superset, narrowed day by day by ``holds``): a sub-select over the path history."""
        paths = Q(pk__in=[])
        for path in self.root_paths:
            paths |= in_subtree(path)
        overlapping = OrganizationPath.objects.filter(
            paths,
            Q(valid_from__isnull=True) | Q(valid_from__lte=self.last),
            Q(valid_to__isnull=True) | Q(valid_to__gt=self.first),
        )
        return Q(**{f"{field_name}__in": overlapping.values("organization_id")})


@dataclass(frozen=True)
class _Change:
    member_id: int
    day: date
    change: Change
    org_id: int
    name: str | None = None  # None: looked up with the documents (the rare changes)
    document: str | None = None


def _period_changes(tree: _SubtreeOverTime, start: date, end: date) -> list[_Change]:
    """Changes at the boundaries of membership periods: a period starting in the span with
    the one that ended the same day (if any), and a period ending in the span with no
    successor (a record closed); each with the member's name and the reason recorded that
    day."""
    found = []
    for row in _starting(tree, start, end):
        before = _side(tree, row["prev_org"], row["prev_status"], row["valid_from"] - _DAY)
        after = _side(tree, row["organization_id"], row["status"], row["valid_from"])
        developed = (
            before is None
            and row["stage"] == Stage.PROBATIONARY
            and row["joined_on"] == row["valid_from"]
        )
        by_letter = row["by_letter"]
        kind = classify(before, after, developed=developed, by_letter=by_letter)
        if kind is not None:
            org_id = row["organization_id"] if kind.is_increase else row["prev_org"]
            found.append(_Change(row["member_id"], row["valid_from"], kind, org_id,
                                 row["name"], row["document"] or ""))  # fmt: skip
    for row in _ending_without_successor(tree, start, end):
        before = _side(tree, row["organization_id"], row["status"], row["valid_to"] - _DAY)
        kind = classify(before, None)
        if kind is not None:
            found.append(_Change(row["member_id"], row["valid_to"], kind, row["organization_id"],
                                 row["name"], row["document"] or ""))  # fmt: skip
    return found


_DAY = timedelta(days=1)


def _side(tree: _SubtreeOverTime, org_id: int | None, status: str | None, day: date) -> Side | None:
    if status is None:
        return None
    return Side(status=status, counted=status == Status.NORMAL and tree.holds(org_id, day))


def _starting(tree: _SubtreeOverTime, start: date, end: date) -> Iterable[dict[str, Any]]:
    """Periods starting in [start, end] whose organisation, or the one before, may be in the
    subtree; each with the period that ended that day (the member's state the day before, a
    LEFT JOIN), the member's name and 入党时间, and the first reason recorded that day."""
    before = FilteredRelation(
        "member__periods", condition=Q(member__periods__valid_to=F("valid_from"))
    )
    # Registered from an incoming 介绍信 that day (``classify``'s ``by_letter``).
    letter = IncomingLetter.objects.filter(
        member_id=OuterRef("member_id"), received_on=OuterRef("valid_from")
    )
    rows = (
        MemberPeriod.objects.annotate(prev=before)
        .filter(tree.ever_q("organization_id") | tree.ever_q("prev__organization_id"))
        .filter(valid_from__gte=start, valid_from__lte=end)
        .annotate(document=_document_on("valid_from"), by_letter=Exists(letter))
        .values(
            "member_id", "valid_from", "organization_id", "status", "stage", "document",
            "by_letter", prev_org=F("prev__organization_id"), prev_status=F("prev__status"),
            joined_on=F("member__joined_on"), name=F("member__name"),
        )
    )  # fmt: skip
    return (dict(row) for row in rows)


def _document_on(day_field: str) -> Subquery:
    """The first reason recorded for the period's member on the day in ``day_field`` (the
    decision, the letter number, the 党委's approval...), as ``_documents`` finds it."""
    document = MemberEvent.objects.filter(
        member_id=OuterRef("member_id"), effective_on=OuterRef(day_field),
        kind__in=_DOCUMENT_EVENTS,
    ).exclude(reason="").order_by("id")  # fmt: skip
    return Subquery(document.values("reason")[:1])


def _ending_without_successor(
    tree: _SubtreeOverTime, start: date, end: date
) -> Iterable[dict[str, Any]]:
    successor = MemberPeriod.objects.filter(
        member_id=OuterRef("member_id"), valid_from=OuterRef("valid_to")
    )
    return (
        dict(row)
        for row in MemberPeriod.objects.filter(valid_to__gte=start, valid_to__lte=end)
        .filter(tree.ever_q("organization_id"))
        .filter(~Exists(successor))
        .annotate(document=_document_on("valid_to"))
        .values("member_id", "valid_to", "organization_id", "status", "document",
                name=F("member__name"))
    )  # fmt: skip


def _tree_changes(tree: _SubtreeOverTime, start: date, end: date) -> list[_Change]:
    """Members carried in or out of the subtree by their organisation's move (组织隶属关系
    调整) on a day their own period did not change: other increases and decreases."""
    found: list[_Change] = []
    for i in range(1, len(tree.days)):
        day, joined, left = (
            tree.days[i],
            tree.sets[i] - tree.sets[i - 1],
            tree.sets[i - 1] - tree.sets[i],
        )
        if not (start <= day <= end) or not (joined or left):
            continue
        spanning = MemberPeriod.objects.filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=day),
            valid_from__lte=day - _DAY,
            status=Status.NORMAL,
            organization_id__in=[*joined, *left],
        ).values_list("member_id", "organization_id")
        for member_id, org_id in spanning:
            kind = Change.OTHER_IN if org_id in joined else Change.OTHER_OUT
            found.append(_Change(member_id, day, kind, org_id))
    return found


def _entries(changes: list[_Change]) -> list[LedgerEntry]:
    """The changes with names, organisations and documents, in order of kind, day and name.
    The period changes bring their name and document; the rare others (an organisation's
    move) are looked up."""
    rare = [c for c in changes if c.name is None]
    names = dict(
        Member.objects.filter(pk__in={c.member_id for c in rare}).values_list("pk", "name")
    )
    documents = _documents(rare)
    orgs = dict(
        Organization.objects.filter(pk__in={c.org_id for c in changes}).values_list("pk", "name")
    )
    entries = []
    for c in changes:
        document = c.document if c.document is not None else documents.get((c.member_id, c.day), "")
        if c.change in (Change.OTHER_IN, Change.OTHER_OUT) and not document:
            document = REORGANISED
        entries.append(
            LedgerEntry(
                member_id=c.member_id,
                name=c.name if c.name is not None else names.get(c.member_id, ""),
                day=c.day,
                change=c.change,
                organization_name=orgs.get(c.org_id, ""),
                document=document,
                exit_kind=exit_kind(document) if c.change is Change.LEFT_PARTY else "",
            )
        )
    order = {kind: i for i, kind in enumerate((*INCREASES, *DECREASES))}
    return sorted(entries, key=lambda e: (order[e.change], e.day, e.name, e.member_id))


_DOCUMENT_EVENTS = (EventKind.CREATED, EventKind.TRANSFERRED, EventKind.STATUS)


def _documents(changes: list[_Change]) -> dict[tuple[int, date], str]:
    """The recorded reason of each change: the first event of that member and day that gives
    one (the decision, the letter number, the 党委's approval...)."""
    if not changes:
        return {}
    days = [c.day for c in changes]
    events = (
        MemberEvent.objects.filter(
            member_id__in={c.member_id for c in changes},
            effective_on__gte=min(days),
            effective_on__lte=max(days),
            kind__in=_DOCUMENT_EVENTS,
        )
        .exclude(reason="")
        .order_by("id")
    )
    wanted = {(c.member_id, c.day) for c in changes}
    found: dict[tuple[int, date], str] = {}
    for member_id, day, reason in events.values_list("member_id", "effective_on", "reason"):
        if (member_id, day) in wanted:
            found.setdefault((member_id, day), reason)
    return found
