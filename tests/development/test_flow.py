"""One person from application to full membership through the services (DEV-1..DEV-30)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User

from dangjian.development.models import Applicant, DevelopmentDue
from dangjian.development.services import StepRefused
from dangjian.members.models import Member
from tests.development.support import (
    applicant_input,
    applicant_register,
    record,
    tally_of,
    to_admission_meeting,
    to_candidate,
    voters,
)
from tests.factories import Role, make_user


@pytest.fixture
def committee_admin(enterprise: SimpleNamespace) -> User:
    """The organisation administrator of 测试公司党委, which approves (细则第二十二条)."""
    return make_user("dangwei_admin", Role.ORG_ADMIN, enterprise.root)


def test_application_to_full_membership(
    enterprise: SimpleNamespace, secretary_a: User, committee_admin: User
) -> None:
    """DEV-15/DEV-19: admitted on the 支部大会's day, confirmed on the end of probation."""
    members = voters(enterprise.branch_a, 5)
    person = applicant_register(actor=secretary_a, data=applicant_input(enterprise.branch_a))
    to_candidate(secretary_a, committee_admin, person, members)
    to_admission_meeting(secretary_a, committee_admin, person, members)
    record(secretary_a, person, "admission_meeting", date(2024, 9, 10),
           tally=tally_of(members, present=4, yes=4))  # fmt: skip
    record(committee_admin, person, "committee_talk", date(2024, 9, 20), talker="组织员李")
    record(committee_admin, person, "approve_admission", date(2024, 10, 8))
    person.refresh_from_db()
    assert person.stage == "probationary"
    assert person.member_id is not None
    member = Member.objects.get(pk=person.member_id)
    assert (member.stage, member.joined_on) == ("probationary", date(2024, 9, 10))
    record(secretary_a, person, "oath", date(2024, 10, 20))
    record(secretary_a, person, "apply_full", date(2025, 8, 20))
    record(secretary_a, person, "confirmation_meeting", date(2025, 9, 12),
           tally=tally_of(members, present=5, yes=5))  # fmt: skip
    record(committee_admin, person, "confirm", date(2025, 10, 9))
    member.refresh_from_db()
    assert (member.stage, member.confirmed_on) == ("full", date(2025, 9, 10))
    assert not DevelopmentDue.objects.filter(applicant=person).exists()


def test_vote_short_of_half_of_the_entitled_is_refused(
    enterprise: SimpleNamespace, secretary_a: User, committee_admin: User
) -> None:
    """DEV-13: 5 entitled, 3 present, 2 yes: not more than half of the entitled."""
    members = voters(enterprise.branch_a, 5)
    person = applicant_register(actor=secretary_a, data=applicant_input(enterprise.branch_a))
    to_candidate(secretary_a, committee_admin, person, members)
    to_admission_meeting(secretary_a, committee_admin, person, members)
    with pytest.raises(StepRefused) as refused:
        record(secretary_a, person, "admission_meeting", date(2024, 9, 10),
               tally=tally_of(members, present=3, yes=2))  # fmt: skip
    assert "第二十条" in refused.value.errors["checks"][0]
    assert Applicant.objects.get(pk=person.pk).stage == "candidate"
