"""The register as of a date: who belongs, who should attend, who may vote (one selector).

Every workflow that counts people on a day (the 支部大会 of an admission or a confirmation,
elections, meetings and their attendance rates) asks here, so a tally, a screen and a report
agree on who counted and why someone did not. Everything is read from the archive's history
for that day: the membership period (organisation, standing, stage of that day, over the tree
of that day), the flags as they stood (later flag events undone, then the dated 失联 and 流出
records open that day), and the sanctions decided by
then (DISC-1 through ``rules.discipline``).

- **Belongs**: a membership period in the organisation's subtree on the day, in good standing
  (``members_as_of``) or with the membership suspended (停止党籍, shown and not counted).
- **Should attend** (应到): belongs, in good standing, not expelled, not lost contact (失联)
  on the day (the 失联 record open that day, MEM-4: the branch cannot reach them, so they are
  listed apart with the date they were lost rather than counted among those expected), and not excused by a record the caller holds (MEET-10, ELEC-1: an excusal is
  never silent, so it comes with its reason).
- **May vote** (有表决权): should attend, a full member that day (DEV-16: a probationary member
  has no vote) and not under 留党察看 with the rights not yet restored (DISC-1).

Each entry left out carries its reason, with the regulation and article where one applies,
for a screen to show "不计入应到：停止党籍" or "无表决权：预备党员（依据《中国共产党章程》第七条）".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from django.db.models import F, Q, QuerySet

from dangjian.accounts.access import visible_members
from dangjian.core.actor import Actor
from dangjian.discipline.selectors import SanctionStanding, sanctions_by_member, standing_on
from dangjian.members.choices import Stage, Status
from dangjian.members.models import EventKind, Member, MemberEvent
from dangjian.members.selectors import period_on_q
from dangjian.orgs.models import Organization, in_subtree, valid_on
from dangjian.orgs.selectors import path_on
from dangjian.rules.dates import format_cn_date
from dangjian.rules.sources import rule_citation

# The columns of an entry, each read from the period of the day (the join is the one the
# as-of filter made: a member's periods never overlap, so it is that day's period).
_COLUMNS = {
    "name_then": F("name"),
    "pinyin": F("name_pinyin"),
    "stage_then": F("periods__stage"),
    "status_then": F("periods__status"),
    "org_then": F("periods__organization_id"),
    "org_name_then": F("periods__organization__name"),
    "path_then": F("periods__organization__path_history__path"),
    "floating_now": F("is_floating"),
    "floating_to_now": F("floating_to"),
    "lost_since_now": F("lost_contact_since"),
}
_FLAG_FIELDS = ("is_floating", "floating_to", "lost_contact_since")


@dataclass(frozen=True)
class Exclusion:
    """Why someone is not counted: a short label, the regulation, and the particulars."""

    label: str
    source: str = ""
    detail: str = ""

    @property
    def text(self) -> str:
        """E.g. "预备党员（依据《中国共产党章程》第七条）" or "留党察看（2025年…恢复党员权利）"."""
        parts = [p for p in (self.detail, f"依据{self.source}" if self.source else "") if p]
        return f"{self.label}（{'；'.join(parts)}）" if parts else self.label


@dataclass(frozen=True)
class RegisterEntry:
    """One person who belonged to the organisation's subtree on the day, as they stood then."""

    member_id: int
    name: str
    name_pinyin: str
    organization_id: int
    organization_name: str
    stage: str
    status: str
    absent_reason: Exclusion | None = None
    no_vote_reason: Exclusion | None = None
    notes: tuple[str, ...] = ()

    @property
    def should_attend(self) -> bool:
        return self.absent_reason is None

    @property
    def may_vote(self) -> bool:
        return self.no_vote_reason is None

    @property
    def stage_label(self) -> str:
        return Stage(self.stage).label

    @property
    def attendance_label(self) -> str:
        """ "计入应到" or "不计入应到：停止党籍（…）"."""
        reason = self.absent_reason
        return "计入应到" if reason is None else f"不计入应到：{reason.text}"

    @property
    def vote_label(self) -> str:
        """ "有表决权" or "无表决权：预备党员（依据《中国共产党章程》第七条）"."""
        reason = self.no_vote_reason
        return "有表决权" if reason is None else f"无表决权：{reason.text}"


@dataclass(frozen=True)
class Register:
    """The register of one organisation's subtree on one day, in that day's tree order."""

    organization_id: int
    on: date
    entries: tuple[RegisterEntry, ...] = field(default=())

    @property
    def should_attend(self) -> tuple[RegisterEntry, ...]:
        return tuple(e for e in self.entries if e.should_attend)

    @property
    def may_vote(self) -> tuple[RegisterEntry, ...]:
        return tuple(e for e in self.entries if e.may_vote)

    @property
    def left_out(self) -> tuple[RegisterEntry, ...]:
        """Everyone not counted among those who should attend, each with the reason."""
        return tuple(e for e in self.entries if not e.should_attend)

    def entry(self, member_id: int) -> RegisterEntry | None:
        return next((e for e in self.entries if e.member_id == member_id), None)


def register_as_of(
    user: Actor,
    organization: Organization,
    on: date,
    *,
    excused: Mapping[int, str] | None = None,
) -> Register:
    """The register of ``organization``'s subtree on ``on``, within ``user``'s scope.

    ``excused`` maps member ids to the recorded reason they are excused from attending (MEET-10:
    old age, long illness, abroad...); the caller holds those records. Two queries for the
    people and one each for their flag history and their sanctions.
    """
    return _register(visible_members(user), organization, on, excused or {})


def branch_register_as_of(
    organization: Organization, on: date, *, excused: Mapping[int, str] | None = None
) -> Register:
    """The whole register of ``organization``'s subtree on ``on``, whoever asks.

    For a service that has already checked its actor may act for ``organization``: a vote
    counts every entitled member of the branch, not only those the recorder may see.
    """
    return _register(Member.objects.all(), organization, on, excused or {})


def _register(
    base: QuerySet[Member], organization: Organization, on: date, excused: Mapping[int, str]
) -> Register:
    rows = _rows(base, organization, on)
    ids = [row["pk"] for row in rows]
    flags = _flags_on(rows, on)
    sanctions = sanctions_by_member(ids)
    entries = [
        _entry(row, flags[row["pk"]], standing_on(sanctions.get(row["pk"], []), on)) for row in rows
    ]
    register = Register(organization_id=organization.pk, on=on, entries=tuple(entries))
    return with_excusals(register, excused)


def with_excusals(register: Register, excused: Mapping[int, str]) -> Register:
    """``register`` with the members ``excused`` maps to a recorded reason (MEET-10, ELEC-1) no
    longer among those who should attend (nor vote), unless already left out for a weightier
    reason (suspended, expelled, lost contact). The same as asking for the register with
    ``excused``, without reading the archive again."""
    if not excused:
        return register
    return replace(register, entries=tuple(_excuse(entry, excused) for entry in register.entries))


def _excuse(entry: RegisterEntry, excused: Mapping[int, str]) -> RegisterEntry:
    reason = excused.get(entry.member_id)
    if entry.absent_reason is not None or not reason:
        return entry
    exclusion = Exclusion("经批准不参加", detail=reason)
    return replace(entry, absent_reason=exclusion, no_vote_reason=exclusion)


def should_attend_as_of(user: Actor, organization: Organization, on: date) -> list[RegisterEntry]:
    """Those who should attend on ``on`` (no excusals known): ``register_as_of(...).should_attend``."""
    return list(register_as_of(user, organization, on).should_attend)


def may_vote_as_of(user: Actor, organization: Organization, on: date) -> list[RegisterEntry]:
    """Those entitled to vote on ``on``: ``register_as_of(...).may_vote``."""
    return list(register_as_of(user, organization, on).may_vote)


def _rows(base: QuerySet[Member], organization: Organization, on: date) -> list[dict[str, Any]]:
    """Members in good standing (``members_as_of``) and those suspended that day, in the order
    of that day's tree, then by pinyin."""
    normal = base.filter(period_on_q(organization, on)).values("pk", **_COLUMNS)
    suspended = base.filter(_suspended_on(organization, on)).values("pk", **_COLUMNS)
    rows: list[dict[str, Any]] = [dict(row) for row in (*normal, *suspended)]
    return sorted(rows, key=lambda r: (r["path_then"], r["pinyin"], r["pk"]))


def _suspended_on(organization: Organization, on: date) -> Q:
    """A period with the membership suspended (停止党籍) on ``on`` in the subtree of that day:
    ``members_as_of``'s condition with the suspended standing instead of the normal one."""
    history = "periods__organization__path_history__"
    return Q(
        in_subtree(path_on(organization, on), f"{history}path"),
        valid_on(on, history),
        Q(periods__valid_to__isnull=True) | Q(periods__valid_to__gt=on),
        periods__valid_from__lte=on,
        periods__status=Status.SUSPENDED,
    )


def _flags_on(rows: Iterable[dict[str, Any]], on: date) -> dict[int, dict[str, Any]]:
    """Each member's floating and lost-contact flags as the archive stood on ``on``: today's
    values, with every later flag event undone (its "before" is the value of the day)."""
    flags = {
        row["pk"]: {
            "is_floating": row["floating_now"],
            "floating_to": row["floating_to_now"],
            "lost_contact_since": row["lost_since_now"],
        }
        for row in rows
    }
    later = MemberEvent.objects.filter(
        member_id__in=list(flags), kind=EventKind.FLAG, effective_on__gt=on
    ).order_by("-effective_on", "-id")
    for event in later.values("member_id", "changes"):  # newest first: the oldest undoes last
        for name, (before, _after) in event["changes"].items():
            if name in _FLAG_FIELDS:
                flags[event["member_id"]][name] = before
    for values in flags.values():
        since = values["lost_contact_since"]
        values["lost_contact_since"] = (
            date.fromisoformat(since) if isinstance(since, str) else since
        )
    _apply_dated_records(flags, on)
    return flags


def _apply_dated_records(flags: dict[int, dict[str, Any]], on: date) -> None:
    """Overlay the dated 失联 and 流出 records (MEM-4, MEM-3) on ``flags``, in place.

    The archive's flags are dated the day a record was entered, not the day it started: a
    member lost since 1 May and recorded on 30 November reads as in contact all summer. So
    for a member with any 失联 record, those records alone decide ``lost_contact_since`` on
    ``on`` (the ``lost_since`` of the record open that day: ``lost_since <= on`` and no
    ``found_on`` or ``found_on > on``; else ``None``); likewise a member with any 流出 record
    is floating on ``on`` only under the record open that day (``since <= on``, no
    ``returned_on`` or ``returned_on > on``), gone to its ``place``. Members without records
    keep the flag history. Two queries whatever the number of members.
    """
    from dangjian.dynamics.models import FloatingDirection, FloatingRecord
    from dangjian.dynamics.standing_models import LostContact

    ids = list(flags)
    lost_rows = LostContact.objects.filter(member_id__in=ids).values_list(
        "member_id", "lost_since", "found_on"
    )
    lost: dict[int, date | None] = {}
    for member_id, lost_since, found in lost_rows:
        open_then = lost_since <= on and (found is None or found > on)
        lost[member_id] = lost_since if open_then else lost.get(member_id)
    for member_id, since_then in lost.items():
        flags[member_id]["lost_contact_since"] = since_then
    out_rows = FloatingRecord.objects.filter(
        member_id__in=ids, direction=FloatingDirection.OUT
    ).values_list("member_id", "since", "returned_on", "place")
    floating: dict[int, str | None] = {}
    for member_id, away_since, returned, where in out_rows:
        open_then = away_since <= on and (returned is None or returned > on)
        floating[member_id] = where if open_then else floating.get(member_id)
    for member_id, place_then in floating.items():
        flags[member_id]["is_floating"] = place_then is not None
        flags[member_id]["floating_to"] = place_then or ""


def _entry(row: dict[str, Any], flags: dict[str, Any], standing: SanctionStanding) -> RegisterEntry:
    absent = _absent_reason(row, flags, standing)
    return RegisterEntry(
        member_id=row["pk"],
        name=row["name_then"],
        name_pinyin=row["pinyin"],
        organization_id=row["org_then"],
        organization_name=row["org_name_then"],
        stage=row["stage_then"],
        status=row["status_then"],
        absent_reason=absent,
        no_vote_reason=absent or _no_vote_reason(row["stage_then"], standing),
        notes=_notes(flags, standing),
    )


def _absent_reason(
    row: dict[str, Any], flags: dict[str, Any], standing: SanctionStanding
) -> Exclusion | None:
    """Why someone who belonged that day is not among those who should attend, if so (an
    excusal, the lightest reason, is applied after: ``with_excusals``)."""
    if row["status_then"] == Status.SUSPENDED:
        return Exclusion(Status.SUSPENDED.label, rule_citation("MEM-4"))
    if standing.expulsion is not None:
        return Exclusion("开除党籍", rule_citation("DISC-1"), standing.summary)
    since = flags["lost_contact_since"]
    if since is not None and since <= standing.on:
        return Exclusion("失联党员", rule_citation("MEM-4"), f"自{format_cn_date(since)}起失联")
    return None


def _no_vote_reason(stage: str, standing: SanctionStanding) -> Exclusion | None:
    """Why someone who should attend has no vote that day, if so (DEV-16, DISC-1)."""
    if stage == Stage.PROBATIONARY:
        return Exclusion(Stage.PROBATIONARY.label, rule_citation("DEV-16"))
    if standing.probation is not None:
        return Exclusion("留党察看期间", rule_citation("DISC-1"), standing.summary)
    return None


def _notes(flags: dict[str, Any], standing: SanctionStanding) -> tuple[str, ...]:
    """What a screen shows beside a name without leaving the person out."""
    notes = []
    if flags["is_floating"]:
        where = flags["floating_to"]
        notes.append(f"流动党员（外出至{where}）" if where else "流动党员")
    if standing.impact is not None:
        notes.append(f"{standing.impact.description}，处于影响期内")
    return tuple(notes)
