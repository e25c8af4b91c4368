"""A person's whole path through 发展党员 as data: each step's code, date, fields and who records
it, computed from the day the person became an activist. Tests walk a person along it through
the real services up to the step they examine, and change one step's date or fields to probe a
boundary there."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

from django.contrib.auth.models import User

from dangjian.development.inputs import NoticeInput, StepInput, TallyInput
from dangjian.development.models import Applicant, DevelopmentStep, FormNumberRange
from dangjian.development.services import applicant_register, development_step_record
from dangjian.members.models import Member
from dangjian.orgs.models import Organization
from dangjian.rules.dates import add_months, add_years
from tests.development.support import ALL_OPINIONS, applicant_input
from tests.factories import Role, make_member, make_user

_numbers = itertools.count(1)


@dataclass(frozen=True)
class Move:
    """One step on the path: ``by`` is "branch" (the secretary) or "committee" (the 党委)."""

    code: str
    on: date
    fields: dict[str, Any] = field(default_factory=dict)
    by: str = "branch"


@dataclass
class People:
    """A branch with five full voting members, its secretary and the approving 党委's admin."""

    branch: Organization
    committee: Organization
    secretary: User
    committee_admin: User
    members: list[Member]

    def actor(self, by: str) -> User:
        return self.committee_admin if by == "committee" else self.secretary


def people_of(enterprise: SimpleNamespace, secretary: User) -> People:
    """Branch A of the ``enterprise`` fixture, approved by 测试公司党委 (its admin created here)."""
    members = [make_member(enterprise.branch_a, name=f"表决党员{i}") for i in range(5)]
    admin = make_user(f"dangwei{next(_numbers)}", Role.ORG_ADMIN, enterprise.root)
    if not FormNumberRange.objects.filter(organization=enterprise.root).exists():
        FormNumberRange.objects.create(organization=enterprise.root, first=1, last=99999)
    return People(enterprise.branch_a, enterprise.root, secretary, admin, members)


def full_tally(members: list[Member]) -> TallyInput:
    return TallyInput(present_ids=tuple(m.pk for m in members), yes=len(members),
                      performance="工作积极，表现突出")  # fmt: skip


def path(p: People, activist_on: date = date(2022, 9, 1), **dates: date) -> list[Move]:
    """Every step from the talk to the archive for a person designated activist on
    ``activist_on``. ``dates`` moves a milestone: ``candidate_on``, ``prereview_on``,
    ``meeting_on``, ``approved_on`` (later steps follow it)."""
    a = activist_on
    c = dates.get("candidate_on", add_years(a, 1) + timedelta(days=30))
    pre = dates.get("prereview_on", c + timedelta(days=60))
    m = dates.get("meeting_on", pre + timedelta(days=15))
    ap = dates.get("approved_on", m + timedelta(days=30))
    end = add_years(m, 1)
    ids = tuple(x.pk for x in p.members)
    return [
        Move("talk", a - timedelta(days=45), {"talker": "王书记"}),
        Move("designate_activist", a, {"recommendation": "members", "decided_by": "branch_assembly"}),
        Move("file_activist", a + timedelta(days=2)),
        Move("assign_contacts", a + timedelta(days=5), {"contact_ids": ids[:2]}),
        Move("assess", add_months(a, 5)),
        Move("assess", add_months(a, 11)),
        Move("designate_candidate", c, {
            "opinions": ALL_OPINIONS, "consented_on": c - timedelta(days=30),
            "notices": (NoticeInput("work", c - timedelta(days=28), c - timedelta(days=7)),)}),
        Move("file_candidate", c + timedelta(days=2)),
        Move("name_sponsors", c + timedelta(days=5), {"sponsor_ids": ids[:2]}),
        Move("political_review", pre - timedelta(days=30), {"review_passed": True}),
        Move("training", pre - timedelta(days=15), {"training_days": 3}, "committee"),
        Move("committee_review", pre - timedelta(days=5)),
        Move("pre_review", pre, {}, "committee"),
        Move("application_form", pre + timedelta(days=3),
             {"form_number": f"{next(_numbers):010d}"}),
        Move("admission_meeting", m, {"tally": full_tally(p.members)}),
        Move("committee_talk", m + timedelta(days=5), {"talker": "组织员李"}, "committee"),
        Move("approve_admission", ap, {}, "committee"),
        Move("file_admission", ap + timedelta(days=3), {}, "committee"),
        Move("place", ap + timedelta(days=5)),
        Move("oath", ap + timedelta(days=10)),
        Move("educate", ap + timedelta(days=90)),
        Move("apply_full", end - timedelta(days=20)),
        Move("confirmation_meeting", end + timedelta(days=5), {"tally": full_tally(p.members)}),
        Move("confirm", end + timedelta(days=30), {}, "committee"),
        Move("archive", end + timedelta(days=40),
             {"materials": ("application", "activist_record", "political_review",
                            "application_form", "probation_record", "confirmation_application")}),
    ]  # fmt: skip


def register(p: People, activist_on: date = date(2022, 9, 1), **fields: Any) -> Applicant:
    """A person whose application was received 58 days before ``activist_on``."""
    fields.setdefault("applied_on", activist_on - timedelta(days=60))
    fields.setdefault("received_on", activist_on - timedelta(days=58))
    return applicant_register(actor=p.secretary, data=applicant_input(p.branch, **fields))


def do(p: People, person: Applicant, move: Move, **changes: Any) -> DevelopmentStep:
    """Record ``move`` (with ``changes`` to its fields; ``on=`` moves its date)."""
    on = changes.pop("on", move.on)
    by = changes.pop("by", move.by)
    data = StepInput(happened_on=on, **{**move.fields, **changes})
    return development_step_record(
        actor=p.actor(by), applicant_id=person.pk, code=move.code, data=data
    )


def walk(p: People, person: Applicant, moves: list[Move], *, before: str = "",
         through: str = "") -> list[Move]:  # fmt: skip
    """Record the moves up to (not including) the first ``before`` or through the last
    ``through``; returns the moves left."""
    stop = len(moves)
    if before:
        stop = next(i for i, m in enumerate(moves) if m.code == before)
    if through:
        stop = max(i for i, m in enumerate(moves) if m.code == through) + 1
    for move in moves[:stop]:
        do(p, person, move)
    return moves[stop:]


def move(moves: list[Move], code: str) -> Move:
    """The (first) move of ``code``."""
    return next(m for m in moves if m.code == code)


def with_date(moves: list[Move], code: str, on: date) -> list[Move]:
    return [replace(m, on=on) if m.code == code else m for m in moves]


def stage_of(person: Applicant) -> str:
    return Applicant.objects.get(pk=person.pk).stage


def act(p: People, person: Applicant, code: str, on: date, by: str = "branch",
        **fields: Any) -> DevelopmentStep:  # fmt: skip
    """Record transition ``code`` (an end, or a step off the path) on ``on``."""
    return development_step_record(actor=p.actor(by), applicant_id=person.pk, code=code,
                                   data=StepInput(happened_on=on, **fields))  # fmt: skip
