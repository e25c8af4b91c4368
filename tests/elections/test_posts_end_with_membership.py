"""Party posts end with the membership they rest on: an exit (death, 退党, 除名, 开除) or a
suspension ends every open post on its day, and the secretary's role stops giving rights; a
transfer accepted on the day a post began ends that post the same day (held for zero days)."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from dangjian.accounts.access import scope_for
from dangjian.assistant.election_questions import post_answer
from dangjian.dynamics.services import member_transfer_start, transfer_accept, transfer_approve
from dangjian.dynamics.standing import DecisionInput, member_exit
from dangjian.elections.selectors import committee_as_of
from dangjian.members.choices import PositionTitle
from dangjian.members.models import Member, Position
from tests.factories import Role, make_user

TODAY = timezone.localdate()


@pytest.mark.parametrize("kind", ["death", "withdrawal", "expulsion"])
def test_an_exit_ends_the_members_posts_and_secretary_rights(
    enterprise: SimpleNamespace, member_a: Member, secretary_a: User, kind: str
) -> None:
    """A branch secretary who dies stays 书记 no longer: the post ends on the exit day and his
    login keeps no secretary rights."""
    Position.objects.create(member=member_a, organization=enterprise.branch_a,
                            title=PositionTitle.SECRETARY, started_on=date(2024, 1, 1))  # fmt: skip
    login = make_user("shuji_self", Role.SECRETARY, enterprise.branch_a, member=member_a)
    assert scope_for(login).covers_org(enterprise.branch_a)
    day = TODAY - timedelta(days=2)
    member_exit(actor=secretary_a, member_id=member_a.pk, kind=kind,
                data=DecisionInput(decided_on=day, deciding_org="一支部", reason="出党"))  # fmt: skip
    post = Position.objects.get(member=member_a)
    assert post.ended_on == day
    assert not scope_for(User.objects.get(pk=login.pk)).covers_org(enterprise.branch_a)
    text, data = post_answer(secretary_a, enterprise.branch_a, PositionTitle.SECRETARY)
    assert data["holders"] == [] and "张三" not in text


@pytest.mark.django_db
def test_a_post_begun_on_the_transfer_day_ends_that_day(
    enterprise: SimpleNamespace, member_a: Member
) -> None:
    admin = make_user("dangwei", Role.ORG_ADMIN, enterprise.root)
    accepted = TODAY - timedelta(days=1)
    Position.objects.create(member=member_a, organization=enterprise.branch_a,
                            title=PositionTitle.ORGANIZATION, started_on=accepted)  # fmt: skip
    transfer = member_transfer_start(actor=None, member_id=member_a.pk,
                                     to_org_id=enterprise.branch_b.pk,
                                     effective_on=accepted, reason="工作调动")  # fmt: skip
    transfer_approve(actor=admin, transfer_id=transfer.pk)
    transfer_approve(actor=admin, transfer_id=transfer.pk)
    transfer_accept(actor=None, transfer_id=transfer.pk, accepted_on=accepted)
    post = Position.objects.get(member=member_a)
    assert (post.started_on, post.ended_on) == (accepted, accepted)
    assert committee_as_of(admin, enterprise.branch_a.pk, accepted) == []
