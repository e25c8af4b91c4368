"""The demo's 学习教育, loaded through the services: the 党委's items, a 集中学习 session of the
first branch, a bank and a quiz the demo member can take, and the points scheme."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from dangjian.demo import DemoSummary
from dangjian.study import selectors, services
from dangjian.study.models import PointItem, Question, Quiz, StudySession


@pytest.fixture
def demo(small_demo: DemoSummary, db: None) -> DemoSummary:
    return small_demo


class TestTheDemoStudy:
    """Tests that read the demo's 学习教育, loaded once for them all."""

    def test_the_demo_member_has_items_hours_and_a_quiz(self, demo: DemoSummary) -> None:
        today = timezone.localdate()
        member_user = User.objects.get(username="dangyuan1")
        member = selectors.own_member(member_user)
        assert member is not None
        assert selectors.items_for_member(member).count() == 2
        assert StudySession.objects.get().attendees.filter(pk=member.pk).exists()
        assert selectors.member_status(member, today.year, today).offline == 40
        assert Question.objects.count() == 6 and PointItem.objects.count() == 3
        attempt = services.quiz_start(actor=member_user, quiz_id=Quiz.objects.get().pk)
        assert len(attempt.question_ids) == 5

    def test_the_committee_sees_completion_of_every_branch(self, demo: DemoSummary) -> None:
        today = timezone.localdate()
        lines = selectors.completion_by_branch(
            User.objects.get(username="zuzhibu"), today.year, today
        )
        assert len(lines) > 5
        assert sum(line.members for line in lines) > 150
