"""The alert rules as data: each is a small function that reads its capability's own selector
(the one its page and its due-items card read) and says what it finds, as ``Finding`` rows.

``RULES`` lists them; ``findings(reader, on)`` runs them all for ``reader`` (the scan passes the
system reader, whose scope is the whole archive). No rule copies another capability's query:
where a capability already computes the item (``dangjian.*.due`` and the selectors behind its
lists), the rule calls that.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlencode

from django.urls import reverse

from dangjian.core.actor import Actor
from dangjian.development.models import DevelopmentDue
from dangjian.development.selectors import PipelineFilters, pipeline
from dangjian.dues.arrears import flagged_cases
from dangjian.dynamics.selectors import letters_without_receipt
from dangjian.dynamics.standing_selectors import suspension_proposals
from dangjian.elections.selectors import terms_overdue
from dangjian.meetings.due import DueRow, due_rows
from dangjian.members.models import Member
from dangjian.members.selectors import MemberFilters, member_search
from dangjian.orgs.models import Organization
from dangjian.orgs.selectors import structure_report
from dangjian.rules.alerts import RecordFacts, data_quality_problems
from dangjian.rules.meetings.kinds import Frequency
from dangjian.rules.organization import OrgKind
from dangjian.rules.statistics import latest_accepted_for_probation_end, probation_end


@dataclass(frozen=True)
class Finding:
    """One cause found on the scan's day: its kind, the organisation it belongs to, what it is
    about (``subject_key`` unique within kind and organisation, ``subject_label`` a name, ``url``
    the record's page), the rules it breaks and a Chinese ``detail``."""

    kind: str
    organization_id: int
    subject_key: str
    subject_label: str
    url: str
    rule_ids: tuple[str, ...]
    detail: str

    @property
    def key(self) -> tuple[str, int, str]:
        return (self.kind, self.organization_id, self.subject_key)


Rule = Callable[[Actor, date], Iterator[Finding]]


def _member_url(member_id: int) -> str:
    return reverse("members:detail", args=[member_id])


def structure(reader: Actor, on: date) -> Iterator[Finding]:
    """ORG-1..ORG-4: a branch over 50 members, under 3 full members, a committee of the wrong
    size, a 党总支 or 党委 of the wrong size (the structure report, one alert per rule)."""
    for org, _facts, warnings in structure_report(reader):
        url = reverse("orgs:detail", args=[org.pk])
        for w in warnings:
            yield Finding("structure", org.pk, w.rule_id, org.name, url, (w.rule_id,), w.message)


def term_overdue(reader: Actor, on: date) -> Iterator[Finding]:
    """ORG-5: a current term past its end without a new election confirmed."""
    for term in terms_overdue(reader, on).select_related("organization"):
        url = f"{reverse('orgs:detail', args=[term.organization_id])}#committee-term"
        yield Finding("term_overdue", term.organization_id, f"term:{term.pk}",
                      f"第{term.number}届班子", url, ("ORG-5",),
                      f"任期已于{term.ends_on:%Y-%m-%d}届满，尚未换届")  # fmt: skip


def _matrix_url(org: Organization, row: DueRow) -> str:
    """The compliance matrix of ``org`` for the period's year, by month for a monthly kind:
    the missing cell is on it. The matrix offers organisations in being only: a dissolved
    one's alert opens the organisation's own page instead."""
    if org.dissolved_on is not None:
        return reverse("orgs:detail", args=[row.organization.pk])
    grain = "month" if row.period.frequency == Frequency.MONTH else "quarter"
    query = urlencode({"org": org.pk, "year": row.period.year, "grain": grain})
    return f"{reverse('meetings:matrix')}?{query}"


def meeting_missing(reader: Actor, on: date) -> Iterator[Finding]:
    """MEET-8: a meeting the organisation owed in the period just ended and did not hold (the
    meetings' due rows of the previous period; when the next period ends, the alert passes to
    that period's rows). The link opens the organisation's matrix (a 党小组's branch's: the
    matrix starts from no 党小组)."""
    rows = due_rows(reader, on, "previous")
    parent_paths = {r.organization.path[: -Organization.steplen] for r in rows
                    if r.organization.kind == OrgKind.GROUP}  # fmt: skip
    branches = {o.path: o for o in Organization.objects.filter(path__in=parent_paths)}
    for row in rows:
        org = row.organization
        if org.kind == OrgKind.GROUP:
            org = branches.get(org.path[: -Organization.steplen], org)
        yield Finding("meeting_missing", row.organization.pk,
                      f"{row.kind.value}:{row.period.first_day.isoformat()}",
                      f"{row.period.label}{row.kind.label}",
                      _matrix_url(org, row), (row.rule_id, "MEET-8"),
                      f"{row.period.label}未召开{row.kind.label}")  # fmt: skip


def development_overdue(reader: Actor, on: date) -> Iterator[Finding]:
    """DEV-*: a person in the development process whose earliest open deadline has passed (the
    pipeline's "overdue" filter); the rule is that deadline's own."""
    people = list(pipeline(reader, None, PipelineFilters(due="overdue"), on))
    earliest: dict[int, DevelopmentDue] = {}
    dues = DevelopmentDue.objects.filter(applicant_id__in=[p.pk for p in people], due_on__lt=on)
    for row in dues.order_by("-due_on"):
        earliest[row.applicant_id] = row  # the last written is the earliest
    for person in people:
        due: DevelopmentDue | None = earliest.get(person.pk)
        what = f"{due.what}应于{due.due_on:%Y-%m-%d}前完成，已超期" if due and due.due_on else "步骤已超期"  # fmt: skip
        rules = (due.rule_id,) if due else ("DEV-2",)
        yield Finding("development_overdue", person.organization_id, f"applicant:{person.pk}",
                      person.name, reverse("development:dossier", args=[person.pk]), rules,
                      what)  # fmt: skip


def probation_ended(reader: Actor, on: date) -> Iterator[Finding]:
    """DEV-17: a probationary member whose year of probation ended before ``on`` (the member
    list's "预备期将满或已满" flag, narrowed to those already past the end day) and who is
    still probationary: the branch has not discussed the confirmation."""
    latest = latest_accepted_for_probation_end(on - timedelta(days=1))
    members = member_search(reader, MemberFilters(flag="probation_due", status="normal"), on)
    for m in members.filter(joined_on__lte=latest):
        assert m.joined_on is not None  # the flag selects members with an 入党时间
        yield Finding("probation_ended", m.organization_id, f"member:{m.pk}", m.name,
                      _member_url(m.pk), ("DEV-17",),
                      f"预备期已于{probation_end(m.joined_on):%Y-%m-%d}期满，尚未讨论转正")  # fmt: skip


def arrears(reader: Actor, on: date) -> Iterator[Finding]:
    """DUES-13: six or more consecutive months unpaid up to the last complete month; the link
    opens the member's dues of the year of the last month unpaid."""
    for case in flagged_cases(reader, on):
        m = case.member
        year = urlencode({"year": case.months[-1].year})
        url = f"{reverse('dues:member', args=[m.pk])}?{year}"
        yield Finding("arrears", m.organization_id, f"member:{m.pk}", m.name, url,
                      ("DUES-13",), f"自{case.months[0].label}起连续{len(case.months)}个月未交党费")  # fmt: skip


def lost_contact(reader: Actor, on: date) -> Iterator[Finding]:
    """MEM-4: a member in good standing lost six months or more (the 停止党籍 proposals)."""
    proposals = suspension_proposals(reader, on)
    orgs = dict(Member.objects.filter(pk__in=[p.member_id for p in proposals])
                .values_list("pk", "organization_id"))  # fmt: skip
    for p in proposals:
        yield Finding("lost_contact", orgs[p.member_id], f"member:{p.member_id}", p.member_name,
                      reverse("dynamics:lost_record", args=[p.record_id]), ("MEM-4",),
                      f"自{p.lost_since:%Y-%m-%d}起失去联系已满6个月")  # fmt: skip


def letter_no_receipt(reader: Actor, on: date) -> Iterator[Finding]:
    """MEM-7: a transfer letter past its validity with no 回执."""
    for letter in letters_without_receipt(reader, on).select_related("member"):
        yield Finding("letter_no_receipt", letter.organization_id, f"letter:{letter.pk}",
                      letter.member.name, reverse("dynamics:letter", args=[letter.pk]),
                      ("MEM-7",), f"介绍信有效期至{letter.valid_until:%Y-%m-%d}，逾期未收到回执")  # fmt: skip


def data_quality(reader: Actor, on: date) -> Iterator[Finding]:
    """Records of the register (members in the Party) missing an ID number, joined before 18,
    or confirmed before joining (the pure checks of ``rules.alerts``)."""
    rows = member_search(reader, MemberFilters(), on).values_list(
        "pk", "name", "organization_id", "birth_date", "joined_on", "confirmed_on", "id_number_hash"
    )
    for pk, name, org_id, born, joined, confirmed, id_hash in rows.iterator(chunk_size=2000):
        facts = RecordFacts(born, joined, confirmed, has_id_number=bool(id_hash))
        for kind, detail in data_quality_problems(facts):
            yield Finding(kind, org_id, f"member:{pk}", name, _member_url(pk),
                          _DATA_RULES[kind], detail)  # fmt: skip


_DATA_RULES: dict[str, tuple[str, ...]] = {
    "missing_id_number": (),
    "joined_under_18": ("DEV-1",),
    "confirmed_before_joined": ("MEM-1",),
}

RULES: tuple[Rule, ...] = (
    structure, term_overdue, meeting_missing, development_overdue, probation_ended, arrears,
    lost_contact, letter_no_receipt, data_quality,
)  # fmt: skip


def findings(reader: Actor, on: date) -> dict[tuple[str, int, str], Finding]:
    """Every rule's findings on ``on``, by key (a cause found twice counts once)."""
    found: dict[tuple[str, int, str], Finding] = {}
    for rule in RULES:
        for finding in rule(reader, on):
            found.setdefault(finding.key, finding)
    return found
