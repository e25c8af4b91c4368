"""Reads of sanction records, scoped to the asker, and where a member stands on a date (DISC-1).

The pure rules (``rules.discipline``) decide the impact periods; these functions fetch the
records and hand them over as ``rules.discipline.Sanction`` values.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import QuerySet

from dangjian.accounts.access import may_record_sanction, visible_members
from dangjian.core.actor import Actor
from dangjian.discipline.models import SanctionRecord
from dangjian.rules.dates import format_cn_date
from dangjian.rules.discipline import (
    RIGHTS_TEXT,
    Sanction,
    SanctionKind,
    in_impact_period,
    period_of,
    rights_restored_on,
    under_probation_in_party,
)


def member_sanctions(user: Actor, member_id: int) -> QuerySet[SanctionRecord]:
    """The sanctions of a member ``user`` may see, oldest first (none for anyone else)."""
    visible = visible_members(user).filter(pk=member_id)
    return SanctionRecord.objects.filter(member__in=visible).order_by("decided_on", "pk")


def as_rule(record: SanctionRecord) -> Sanction:
    """The record as the pure rules read it."""
    return Sanction(
        kind=SanctionKind(record.kind),
        decided_on=record.decided_on,
        deciding_org=record.deciding_org,
        term_months=record.term_months,
        restored_on=record.restored_on,
    )


def sanctions_by_member(member_ids: Iterable[int]) -> dict[int, list[Sanction]]:
    """The sanctions of each member, by member id, in one query.

    Not scoped: for callers that hold ids from a scoped selector (the register as of a date)."""
    found: dict[int, list[Sanction]] = {}
    records = SanctionRecord.objects.filter(member_id__in=list(member_ids)).order_by("decided_on")
    for record in records:
        found.setdefault(record.member_id, []).append(as_rule(record))
    return found


@dataclass(frozen=True)
class SanctionStanding:
    """Where a member stands under DISC-1 on one date.

    ``impact``: the lighter sanction (警告, 严重警告, 撤销党内职务) whose stacked impact period
    covers the date; ``probation``: the 留党察看 whose rights are not restored on the date;
    ``expulsion``: a 开除党籍 decided on or before the date.
    """

    on: date
    impact: Sanction | None = None
    probation: Sanction | None = None
    expulsion: Sanction | None = None

    @property
    def may_vote(self) -> bool:
        """No vote under 留党察看 (DISC-1) nor after an expulsion."""
        return self.probation is None and self.expulsion is None

    @property
    def summary(self) -> str:
        """What a screen shows, e.g. "2025年3月1日受留党察看处分，2026年3月1日恢复党员权利"."""
        if self.expulsion is not None:
            return self.expulsion.description
        if self.probation is not None:
            restored = rights_restored_on(self.probation)
            return f"{self.probation.description}，{format_cn_date(restored)}恢复党员权利"
        return f"{self.impact.description}，处于影响期内" if self.impact is not None else ""


def standing_on(sanctions: list[Sanction], on: date) -> SanctionStanding:
    """The standing on ``on`` from a member's sanctions (DISC-1, through the pure rules)."""
    expelled = [s for s in sanctions if s.kind is SanctionKind.EXPULSION and s.decided_on <= on]
    return SanctionStanding(
        on=on,
        impact=in_impact_period(sanctions, on),
        probation=under_probation_in_party(sanctions, on),
        expulsion=expelled[0] if expelled else None,
    )


def member_sanction_standing(user: Actor, member_id: int, on: date) -> SanctionStanding:
    """Where a member ``user`` may see stands on ``on``; no sanction for anyone else."""
    records = member_sanctions(user, member_id)
    return standing_on([as_rule(r) for r in records], on)


@dataclass(frozen=True)
class SanctionRow:
    """One sanction as the member page and the API show it.

    ``period_start`` / ``period_last``: the first and the last day of its period (``None`` for
    a 开除党籍, which has no end); ``rights``: what it takes away, with the article.
    """

    record: SanctionRecord
    period_start: date | None
    period_last: date | None
    rights: str
    current: bool

    @property
    def period_text(self) -> str:
        """E.g. "2025年3月1日至2026年2月28日"."""
        if self.period_start is None or self.period_last is None:
            return "—"
        return f"{format_cn_date(self.period_start)}至{format_cn_date(self.period_last)}"


def sanction_row(record: SanctionRecord, today: date) -> SanctionRow:
    """The record with its period derived by the pure rule (DISC-1) and the rights it takes."""
    rule = as_rule(record)
    period = period_of(rule)
    start, last = (period[0], period[1] - timedelta(days=1)) if period else (None, None)
    current = record.kind == SanctionKind.EXPULSION.value or (
        start is not None and last is not None and start <= today <= last
    )
    return SanctionRow(record, start, last, RIGHTS_TEXT[rule.kind], current)


def recordable_sanctions(user: Actor, member_id: int) -> QuerySet[SanctionRecord]:
    """The sanctions of a member for whoever may record them (``may_record_sanction``): the
    member page's section and the API. Nothing for anyone else, the member included."""
    member = visible_members(user).filter(pk=member_id).select_related("organization").first()
    if member is None or not may_record_sanction(user, member):
        return SanctionRecord.objects.none()
    return SanctionRecord.objects.filter(member=member).order_by("-decided_on", "-pk")
