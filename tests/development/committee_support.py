"""People at each place of the 党委's queue, taken there through the real services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace

from django.contrib.auth.models import User

from dangjian.development.models import Applicant
from dangjian.members.models import Member
from dangjian.orgs.models import Organization
from tests.development.support import (
    applicant_input,
    applicant_register,
    record,
    tally_of,
    to_admission_meeting,
    to_candidate,
    voters,
)


@dataclass
class Queue:
    """One person per place of the queue in branch A, plus one awaiting consent in branch B."""

    fresh: Applicant  # a new applicant: in no list
    consent: Applicant  # activist since 2023-04-10: the year is over
    pre_review: Applicant  # 支部委员会 reviewed 2024-08-15, no pre-review
    approval: Applicant  # 支部大会 2024-09-10: due 2024-12-10, never after 2025-03-10
    confirmation: Applicant  # 转正 支部大会 2025-09-12: approval due 2025-12-12
    other_branch: Applicant  # activist in branch B, awaiting consent


def register(branch: Organization, actor: User, name: str) -> Applicant:
    return applicant_register(actor=actor, data=applicant_input(branch, name=name))


def to_activist(actor: User, person: Applicant) -> None:
    record(actor, person, "talk", date(2023, 3, 20), talker="王书记")
    record(actor, person, "designate_activist", date(2023, 4, 10),
           recommendation="members", decided_by="branch_assembly")  # fmt: skip


def to_committee_review(actor: User, committee: User, person: Applicant,
                        members: list[Member]) -> None:  # fmt: skip
    to_candidate(actor, committee, person, members)
    record(actor, person, "file_candidate", date(2024, 5, 22))
    record(actor, person, "name_sponsors", date(2024, 5, 25),
           sponsor_ids=(members[0].pk, members[1].pk))  # fmt: skip
    record(actor, person, "political_review", date(2024, 7, 1), review_passed=True)
    record(committee, person, "training", date(2024, 8, 1), training_days=3)
    record(actor, person, "committee_review", date(2024, 8, 15))


def to_admission(actor: User, committee: User, person: Applicant, members: list[Member]) -> None:
    """Through the 支部大会 (2024-09-10) and the 党委's approval (2024-10-08)."""
    to_meeting(actor, committee, person, members)
    record(committee, person, "committee_talk", date(2024, 9, 20), talker="组织员李")
    record(committee, person, "approve_admission", date(2024, 10, 8))


def to_meeting(actor: User, committee: User, person: Applicant, members: list[Member]) -> None:
    to_candidate(actor, committee, person, members)
    to_admission_meeting(actor, committee, person, members)
    record(actor, person, "admission_meeting", date(2024, 9, 10),
           tally=tally_of(members, present=4, yes=4))  # fmt: skip


def build_queue(enterprise: SimpleNamespace, secretary_a: User, secretary_b: User,
                committee: User) -> Queue:  # fmt: skip
    members = voters(enterprise.branch_a, 5)
    a = enterprise.branch_a
    fresh = register(a, secretary_a, "新申请人")
    consent = register(a, secretary_a, "待同意者")
    to_activist(secretary_a, consent)
    pre_review = register(a, secretary_a, "待预审者")
    to_committee_review(secretary_a, committee, pre_review, members)
    approval = register(a, secretary_a, "待审批者")
    to_meeting(secretary_a, committee, approval, members)
    confirmation = register(a, secretary_a, "待转正者")
    to_admission(secretary_a, committee, confirmation, members)
    record(secretary_a, confirmation, "oath", date(2024, 10, 20))
    record(secretary_a, confirmation, "apply_full", date(2025, 8, 20))
    record(secretary_a, confirmation, "confirmation_meeting", date(2025, 9, 12),
           tally=tally_of(members, present=5, yes=5))  # fmt: skip
    other = register(enterprise.branch_b, secretary_b, "外支部积极分子")
    to_activist(secretary_b, other)
    return Queue(fresh, consent, pre_review, approval, confirmation, other)
