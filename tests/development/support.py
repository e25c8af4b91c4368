"""Builders for 发展党员 tests: a branch with voting members, and a person taken step by step
through the real services (no shortcuts around the checks)."""

from __future__ import annotations

import itertools
from datetime import date
from types import SimpleNamespace
from typing import Any

from django.contrib.auth.models import User

from dangjian.development.inputs import ApplicantInput, NoticeInput, StepInput, TallyInput
from dangjian.development.models import Applicant, DevelopmentStep, FormNumberRange
from dangjian.development.organizations import approving_committee
from dangjian.development.services import applicant_register, development_step_record
from dangjian.members.models import Member
from dangjian.orgs.models import Organization
from dangjian.rules.idcard import make_id_number
from tests.factories import make_member

_seq = itertools.count(1)


def applicant_input(branch: Organization, **overrides: Any) -> ApplicantInput:
    n = next(_seq)
    birth = overrides.pop("birth_date", date(1998, 5, 1 + n % 27))
    gender = overrides.pop("gender", "M" if n % 2 else "F")
    values: dict[str, Any] = {
        "name": f"申请人{n}号",
        "gender": gender,
        "birth_date": birth,
        "id_number": make_id_number("110102", birth, n % 499, gender),
        "education": "bachelor",
        "occupation": "professional",
        "organization_id": branch.pk,
        "applied_on": date(2023, 3, 1),
        "received_on": date(2023, 3, 3),
        "phone": f"137{n:08d}",
    }
    values.update(overrides)
    return ApplicantInput(**values)


def voters(branch: Organization, count: int) -> list[Member]:
    """``count`` full members of ``branch`` since 2010 (entitled to vote on any later day)."""
    return [make_member(branch, name=f"党员{next(_seq)}") for _ in range(count)]


def record(
    actor: User | None, applicant: Applicant, code: str, on: date, **fields: Any
) -> DevelopmentStep:
    return development_step_record(
        actor=actor, applicant_id=applicant.pk, code=code, data=StepInput(happened_on=on, **fields)
    )


ALL_OPINIONS = ("party_group", "contact_persons", "members", "public")


def to_candidate(branch_actor: User | None, committee_actor: User | None, applicant: Applicant,
                 members: list[Member]) -> None:  # fmt: skip
    """Steps 2 to 7: talk, activist (2023-04-10), contacts, two assessments, candidate
    (2024-05-20, notice 2024-05-08..05-14, consent 2024-05-06)."""
    record(branch_actor, applicant, "talk", date(2023, 3, 20), talker="王书记")
    record(branch_actor, applicant, "designate_activist", date(2023, 4, 10),
           recommendation="members", decided_by="branch_assembly")  # fmt: skip
    record(branch_actor, applicant, "file_activist", date(2023, 4, 12))
    record(branch_actor, applicant, "assign_contacts", date(2023, 4, 15),
           contact_ids=(members[0].pk, members[1].pk))  # fmt: skip
    record(branch_actor, applicant, "assess", date(2023, 10, 1))
    record(branch_actor, applicant, "assess", date(2024, 3, 20))
    record(branch_actor, applicant, "designate_candidate", date(2024, 5, 20),
           opinions=ALL_OPINIONS, consented_on=date(2024, 5, 6),
           notices=(NoticeInput("work", date(2024, 5, 8), date(2024, 5, 14)),))  # fmt: skip


def to_admission_meeting(branch_actor: User | None, committee_actor: User | None,
                         applicant: Applicant, members: list[Member]) -> None:  # fmt: skip
    """Steps 8 to 14 after ``to_candidate``; the 支部大会 is then due by 2024-09-20."""
    record(branch_actor, applicant, "file_candidate", date(2024, 5, 22))
    record(branch_actor, applicant, "name_sponsors", date(2024, 5, 25),
           sponsor_ids=(members[0].pk, members[1].pk))  # fmt: skip
    record(branch_actor, applicant, "political_review", date(2024, 7, 1), review_passed=True)
    record(committee_actor, applicant, "training", date(2024, 8, 1), training_days=3)
    record(branch_actor, applicant, "committee_review", date(2024, 8, 15))
    record(committee_actor, applicant, "pre_review", date(2024, 8, 20))
    committee = approving_committee(applicant.organization)
    assert committee is not None
    if not FormNumberRange.objects.filter(organization=committee).exists():
        FormNumberRange.objects.create(organization=committee, first=37000001, last=37000500)
    # Within the range however many people the whole run has built (the counter is global).
    number = f"{37000001 + next(_seq) % 500:010d}"
    record(branch_actor, applicant, "application_form", date(2024, 8, 25), form_number=number)


def tally_of(members: list[Member], present: int, yes: int, **extra: Any) -> TallyInput:
    ids = tuple(m.pk for m in members)
    return TallyInput(present_ids=ids[:present], yes=yes, performance="工作积极，表现突出", **extra)


def setting(**values: Any) -> SimpleNamespace:
    return SimpleNamespace(**values)


__all__ = ["applicant_input", "applicant_register", "record", "tally_of", "to_admission_meeting",
           "to_candidate", "voters"]  # fmt: skip
