"""发展党员 in the demo: people at every stage in the demo branches, through the real services.

Each demo branch (the branches of ``shuji1`` and ``shuji2``) gets one person per *story*
below, every step recorded with ``development_step_record`` (or ``applicant_register`` /
``applicant_transfer_in``) and dated relative to the demo's day, so the deadlines are realistic
whenever the demo is loaded:

- 入党申请人 received 12 days ago (talk due), and one received 50 days ago with no talk (DEV-2
  overdue);
- 入党积极分子 designated 7 months ago with an assessment (the applicant login ``shenqing1``
  in the first branch), and one 8 months ago never assessed (DEV-5 overdue);
- 发展对象 waiting for the 党委's pre-review, one waiting for the 支部大会 (DEV-21 running),
  one whose 支部大会 met 4 months ago and still waits for the 党委's approval (DEV-14 overdue);
- 预备党员 approved 3 months ago, one whose probation the 党委 extended by 6 months (DEV-17),
  one transferred in during probation with the file of the sending branch (DEV-26);
- a full member confirmed at the end of probation and archived (DEV-19, DEV-27);
- the ends: an activist who withdrew, a candidate the 支部大会 did not admit.

Every 党委 of the demo gets a range of 入党志愿书 numbers (DEV-30) and this year's and last
year's annual plan (DEV-28). Notices (DEV-20) are counted on the official holiday calendar,
which knows a limited number of years: a notice that would fall in a year the calendar does not
know is moved into the last year it knows (the designation then lies further back), so the demo
loads in any year without a made-up holiday table. Deterministic for a seed and a day.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import User

from dangjian.core.workdays import holiday_calendar
from dangjian.demo import places
from dangjian.demo.names import make_name, make_phone
from dangjian.development.inputs import ApplicantInput, NoticeInput, StepInput, TallyInput
from dangjian.development.models import AnnualPlan, Applicant, FormNumberRange
from dangjian.development.services import (
    applicant_register,
    applicant_transfer_in,
    development_step_record,
)
from dangjian.members.choices import Stage as MemberStage
from dangjian.members.choices import Status
from dangjian.members.models import Member
from dangjian.members.register import branch_register_as_of
from dangjian.orgs.models import Organization
from dangjian.rules.dates import add_months, add_years
from dangjian.rules.development.records import ARCHIVE, HANDOVER
from dangjian.rules.idcard import make_id_number
from dangjian.rules.organization import OrgKind
from dangjian.rules.statistics import probation_end
from dangjian.rules.workdays import HolidayCalendar

FORM_RANGE_SIZE = 500  # 入党志愿书 numbers per 党委
FORM_FIRST = 2_112_000_001  # the first 党委's first number; each next 党委 starts 1,000 on
PLAN_QUOTA = 8  # admissions planned per 党委 per year
_ID_SEQ_FROM = 450  # identity sequence numbers the member plan never reaches at demo sizes
OPINIONS = ("party_group", "contact_persons", "members", "public")
EXTENSION_MONTHS = 6
APPLICANT_LOGIN = "shenqing1"


@dataclass(frozen=True)
class BranchActors:
    """Who records: the branch's secretary, and the 党委 organisation administrator."""

    branch: Organization
    secretary: User
    committee: User


@dataclass
class DevelopmentResult:
    people: int = 0
    steps: int = 0
    applicants_by_branch: dict[int, list[int]] = field(default_factory=dict)


class TooFewMembers(ValueError):
    """A branch without two full members of long standing to act as contacts and sponsors."""


def load_development(
    *, branches: list[BranchActors], today: date, seed: int, password: str
) -> DevelopmentResult:
    """The number ranges and plans of every 党委, then the stories in each demo branch."""
    number_ranges_and_plans(branches[0].committee, today)
    calendar = holiday_calendar()
    result = DevelopmentResult()
    numbers = _FormNumbers()
    login_made = False
    for n, actors in enumerate(branches):
        try:
            stories = _Stories(
                actors, today, random.Random(seed * 31 + n), calendar, numbers, result
            )
        except TooFewMembers:
            continue  # a tiny demo's branch: no contact persons or sponsors to name
        people = stories.run()
        result.applicants_by_branch[actors.branch.pk] = [p.pk for p in people]
        if not login_made:
            _applicant_login(people[stories.login_index], password)
            login_made = True
    return result


def number_ranges_and_plans(actor: User, today: date) -> None:
    """DEV-30 and DEV-28: a range of 入党志愿书 numbers and two years' plans per 党委."""
    committees = list(Organization.objects.filter(kind=OrgKind.COMMITTEE).order_by("path"))
    FormNumberRange.objects.bulk_create(
        FormNumberRange(organization=c, first=FORM_FIRST + 1000 * i,
                        last=FORM_FIRST + 1000 * i + FORM_RANGE_SIZE - 1, width=10)
        for i, c in enumerate(committees)
    )  # fmt: skip
    AnnualPlan.objects.bulk_create(
        AnnualPlan(organization=c, year=year, quota=PLAN_QUOTA)
        for c in committees
        for year in (today.year - 1, today.year)
    )


class _FormNumbers:
    """Hands out the next unused 入党志愿书 number of a 党委's range."""

    def __init__(self) -> None:
        self.used: dict[int, int] = {}

    def next_for(self, committee: Organization) -> str:
        row = FormNumberRange.objects.filter(organization=committee).order_by("pk").first()
        assert row is not None, "demo committee without a number range"
        n = self.used.get(committee.pk, 0)
        self.used[committee.pk] = n + 1
        return f"{int(row.first) + n:0{row.width}d}"


def _applicant_login(applicant: Applicant, password: str) -> None:
    from dangjian.demo.users import _demo_user

    user = _demo_user(APPLICANT_LOGIN, password, first_name=applicant.name)
    applicant.user = user
    applicant.save(update_fields=["user"])


def notice_window(designated_on: date, calendar: HolidayCalendar) -> tuple[date, date]:
    """(first day of the notice, designation day) for a designation planned on ``designated_on``.

    The notice starts 21 days before (5 working days and the longest holiday fit); when the
    calendar does not know that stretch, the notice moves to the first Monday of December of
    the last year it knows and the designation to two weeks after it (never later than planned).
    """
    starts = designated_on - timedelta(days=21)
    if calendar.covers(starts) and calendar.covers(starts + timedelta(days=25)):
        return starts, designated_on
    last = max(y for y in calendar.known_years if date(y, 1, 1) <= designated_on)
    monday = date(last, 12, 1) + timedelta(days=(7 - date(last, 12, 1).weekday()) % 7)
    return monday, min(designated_on, monday + timedelta(days=14))


class _Stories:
    """The people of one branch, each taken through the services along one story."""

    def __init__(
        self, actors: BranchActors, today: date, rng: random.Random, calendar: HolidayCalendar,
        numbers: _FormNumbers, result: DevelopmentResult,
    ) -> None:  # fmt: skip
        self.a, self.today, self.rng, self.calendar = actors, today, rng, calendar
        self.numbers, self.result = numbers, result
        self.committee_org = _committee_of(actors.branch)
        self.seq = _ID_SEQ_FROM
        self.login_index = 2
        earliest = add_months(today, -40)
        full = Member.objects.filter(
            organization=actors.branch, status=Status.NORMAL, stage=MemberStage.FULL,
            confirmed_on__lte=earliest,
        ).order_by("pk")  # fmt: skip
        self.elders = list(full[:4])
        if len(self.elders) < 2:
            raise TooFewMembers(
                f"{actors.branch.name}的正式党员不足2名，无法安排培养联系人和入党介绍人"
            )

    def run(self) -> list[Applicant]:
        t = self.today
        stories: list[Callable[[], Applicant]] = [
            lambda: self.applicant(t - timedelta(days=12)),
            lambda: self.applicant(t - timedelta(days=50)),  # DEV-2 overdue
            lambda: self.activist(add_months(t, -7), assessed=True),
            lambda: self.activist(add_months(t, -8), assessed=False),  # DEV-5 overdue
            lambda: self.candidate(t - timedelta(days=70), until="committee_review"),
            lambda: self.candidate_to(pre_review=t - timedelta(days=12)),
            lambda: self.awaiting_approval(add_months(t, -4)),  # DEV-14 overdue
            lambda: self.probationary(approved=add_months(t, -3)),
            lambda: self.extended(meeting=add_months(t, -14)),
            self.transferred_in,
            lambda: self.full(meeting=add_years(t, -1) - timedelta(days=45)),
            self.withdrawn,
            self.not_admitted,
        ]
        return [story() for story in stories]

    # -- the stories ------------------------------------------------------------------------

    def applicant(self, received: date) -> Applicant:
        person = applicant_register(actor=self.a.secretary, data=self._input(received))
        self.result.people += 1
        self.result.steps += 1
        return person

    def activist(self, activist_on: date, *, assessed: bool) -> Applicant:
        person = self.applicant(activist_on - timedelta(days=45))
        self._to_activist(person, activist_on)
        if assessed:
            self.step(person, "assess", add_months(activist_on, 5))
        return person

    def candidate(self, designated: date, *, until: str = "") -> Applicant:
        """Designated as candidate on (about) ``designated``, then the steps up to ``until``."""
        starts, on = notice_window(designated, self.calendar)
        activist_on = add_years(on, -1) - timedelta(days=10)
        person = self.activist(activist_on, assessed=False)
        self.step(person, "assess", add_months(activist_on, 5))
        self.step(person, "assess", add_months(activist_on, 10))
        self.step(person, "designate_candidate", on, opinions=OPINIONS,
                  consented_on=starts - timedelta(days=3),
                  notices=(NoticeInput("work", starts, starts + timedelta(days=20)),))  # fmt: skip
        plan: list[tuple[str, int, dict[str, Any]]] = [("file_candidate", 2, {}),
                ("name_sponsors", 5, {"sponsor_ids": (self.elders[0].pk, self.elders[1].pk)}),
                ("political_review", 25, {"review_passed": True}),
                ("training", 35, {"training_days": 3}),
                ("committee_review", 45, {})]  # fmt: skip
        for code, days, fields in plan:
            self.step(person, code, on + timedelta(days=days), **fields)
            if code == until:
                break
        return person

    def candidate_to(self, *, pre_review: date) -> Applicant:
        """A candidate through the pre-review and the 入党志愿书, the 支部大会 still to come."""
        person = self.candidate(pre_review - timedelta(days=50), until="committee_review")
        self.step(person, "pre_review", pre_review)
        number = self.numbers.next_for(self.committee_org)
        self.step(person, "application_form", pre_review + timedelta(days=3), form_number=number)
        return person

    def admitted_by_meeting(self, meeting: date) -> Applicant:
        person = self.candidate_to(pre_review=meeting - timedelta(days=15))
        self.step(person, "admission_meeting", meeting, tally=self._tally(meeting))
        self.step(person, "committee_talk", meeting + timedelta(days=7), talker="党委组织员")
        return person

    def awaiting_approval(self, meeting: date) -> Applicant:
        return self.admitted_by_meeting(meeting)

    def probationary(self, *, approved: date) -> Applicant:
        meeting = approved - timedelta(days=35)
        person = self.admitted_by_meeting(meeting)
        self.step(person, "approve_admission", approved)
        self.step(person, "oath", approved + timedelta(days=12))
        return person

    def extended(self, *, meeting: date) -> Applicant:
        """DEV-17: probation extended by 6 months by the 党委 when the year was up."""
        person = self.probationary(approved=meeting + timedelta(days=35))
        self.step(person, "apply_full", add_months(meeting, 11) + timedelta(days=10))
        ends = probation_end(meeting)
        self.step(
            person,
            "confirmation_meeting",
            ends + timedelta(days=3),
            tally=self._tally(ends + timedelta(days=3)),
        )
        self.step(person, "extend", ends + timedelta(days=15),
                  extension_months=EXTENSION_MONTHS,
                  note="支部大会讨论认为尚需继续教育考察，党委审批延长预备期")  # fmt: skip
        return person

    def full(self, *, meeting: date) -> Applicant:
        person = self.probationary(approved=meeting + timedelta(days=35))
        self.step(person, "apply_full", add_months(meeting, 11) + timedelta(days=10))
        ends = probation_end(meeting)
        self.step(person, "confirmation_meeting", ends, tally=self._tally(ends))
        self.step(person, "confirm", ends + timedelta(days=20))
        self.step(person, "archive", ends + timedelta(days=30),
                  materials=tuple(m.value for m in ARCHIVE))  # fmt: skip
        return person

    def transferred_in(self) -> Applicant:
        """DEV-26: received during probation with the file; the oath taken here."""
        t = self.today
        received = t - timedelta(days=25)
        meeting, approved = add_months(t, -3), t - timedelta(days=40)
        data = self._input(add_years(meeting, -2))
        person = applicant_transfer_in(
            actor=self.a.secretary, data=data, stage="probationary",
            earlier={"activist_on": add_years(meeting, -1) - timedelta(days=120),
                     "meeting_on": meeting, "approved_on": approved},
            handed_over=tuple(m.value for m in HANDOVER[_probationary()]),
            received_on=received, note="工作调动，随组织关系转入，培养教育时间连续计算",
        )  # fmt: skip
        self.result.people += 1
        self.result.steps += 1
        self.step(person, "oath", received + timedelta(days=5))
        return person

    def withdrawn(self) -> Applicant:
        person = self.activist(add_months(self.today, -10), assessed=True)
        self.step(person, "withdraw", self.today - timedelta(days=30), note="本人书面申请撤回")
        return person

    def not_admitted(self) -> Applicant:
        meeting = add_months(self.today, -5)
        person = self.candidate_to(pre_review=meeting - timedelta(days=15))
        self.step(person, "meeting_rejects", meeting,
                  note="支部大会表决赞成票未超过应到会有表决权党员的半数")  # fmt: skip
        return person

    # -- the building blocks ----------------------------------------------------------------

    def _to_activist(self, person: Applicant, activist_on: date) -> None:
        self.step(person, "talk", person.received_on + timedelta(days=12), talker="支部书记")
        decided_by = "branch_committee" if self._has_committee(activist_on) else "branch_assembly"
        self.step(person, "designate_activist", activist_on, recommendation="members",
                  decided_by=decided_by)  # fmt: skip
        self.step(person, "file_activist", activist_on + timedelta(days=3))
        self.step(person, "assign_contacts", activist_on + timedelta(days=5),
                  contact_ids=(self.elders[-1].pk, self.elders[-2].pk))  # fmt: skip

    def _has_committee(self, on: date) -> bool:
        """ORG-3 as the check reads it: 7 or more full members that day."""
        register = branch_register_as_of(self.a.branch, on)
        return sum(1 for e in register.should_attend if e.stage == MemberStage.FULL) >= 7

    def _tally(self, on: date) -> TallyInput:
        """Everyone entitled present but one (when there are three or more), all in favour."""
        entitled = [e.member_id for e in branch_register_as_of(self.a.branch, on).may_vote]
        present = tuple(entitled[:-1] if len(entitled) >= 3 else entitled)
        return TallyInput(present_ids=present, yes=len(present),
                          performance="政治立场坚定，工作积极主动，群众评价好")  # fmt: skip

    def step(self, person: Applicant, code: str, on: date, **fields: Any) -> None:
        assert on <= self.today, f"{code} planned after the demo's day: {on}"
        committee_steps = {"training", "pre_review", "committee_talk", "approve_admission",
                           "extend", "confirm"}  # fmt: skip
        actor = self.a.committee if code in committee_steps else self.a.secretary
        development_step_record(actor=actor, applicant_id=person.pk, code=code,
                                data=StepInput(happened_on=on, **fields))  # fmt: skip
        person.refresh_from_db(fields=["stage", "stage_since", "received_on"])
        self.result.steps += 1

    def _input(self, received: date) -> ApplicantInput:
        rng = self.rng
        gender = rng.choice("MF")
        birth = add_years(received, -rng.randint(22, 33)) - timedelta(days=rng.randint(1, 360))
        info = places.company(0)
        self.seq += 1
        return ApplicantInput(
            name=make_name(rng, gender, birth.year, "汉族"), gender=gender, birth_date=birth,
            id_number=make_id_number(info.regions[0], birth, self.seq, gender),
            education=rng.choice(("bachelor", "bachelor", "college")),
            occupation=rng.choice(("worker", "professional")),
            organization_id=self.a.branch.pk, applied_on=received - timedelta(days=3),
            received_on=received, phone=make_phone(rng), work_unit=self.a.branch.unit_name,
        )  # fmt: skip


def _probationary() -> Any:
    from dangjian.rules.development.process import Stage

    return Stage.PROBATIONARY


def _committee_of(branch: Organization) -> Organization:
    from dangjian.development.organizations import approving_committee

    committee = approving_committee(branch)
    assert committee is not None, f"{branch.name}上级没有党委"
    return committee
