"""Reads of sanction records, scoped to the asker, and where a member stands on a date (DISC-1).

The pure rules (``rules.discipline``) decide the impact periods; these functions fetch the
records and hand them over as ``rules.discipline.Sanction`` values.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from dangjian.accounts.access import visible_members
from dangjian.core.actor import Actor
from dangjian.discipline.models import SanctionRecord
from dangjian.rules.dates import format_cn_date
from dangjian.rules.discipline import (
    Sanction,
    SanctionKind,
    in_impact_period,
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
