"""The member on the phone (390x844): opens an item due, marks it studied (online hours
credited), then takes a quiz drawn for them and sees the score."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from dangjian.members.models import Member
from dangjian.study import services
from dangjian.study.models import ItemKind, Question, QuizAttempt, StudyItem, StudyRecord
from tests.browser.conftest import log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _bank_and_quiz(secretary_a: User, enterprise: SimpleNamespace) -> None:
    """Two single-choice questions whose right answer is A, and a quiz of both."""
    for n in (1, 2):
        Question.objects.create(organization=enterprise.branch_a, kind="single",
                                stem=f"第{n}题：正确的是？", options=["正确", "错误"],
                                answer="A", fingerprint=f"q{n}")  # fmt: skip
    services.quiz_create(actor=secretary_a, data=services.QuizInput(
        organization_id=enterprise.branch_a.pk, title="党章知识测试", question_count=2,
        minutes=10, due_on=date(2099, 12, 31)))  # fmt: skip


def test_member_studies_an_item_and_takes_a_quiz_on_the_phone(
    phone_page: Page, enterprise: SimpleNamespace, secretary_a: User, member_a: Member,
    member_a_user: User,
) -> None:  # fmt: skip
    page = phone_page
    base = page.base_url  # type: ignore[attr-defined]  # set by the page fixture
    item = StudyItem.objects.create(
        organization=enterprise.root, title="学习党章第一章", kind=ItemKind.LINK,
        url="/study/", hours=15, due_on=date(2099, 12, 31),
    )  # fmt: skip
    _bank_and_quiz(secretary_a, enterprise)
    log_in(page, "dangyuan_a")
    page.goto(f"{base}/study/")
    expect(page.locator("#hours-total")).to_contain_text("0.0 / 32.0")
    page.click(f"[data-item='{item.pk}']")
    page.click("#mark-studied")
    expect(page.locator("#studied-note")).to_contain_text("已计入线上学时1.5学时")
    assert StudyRecord.objects.get().member_id == member_a.pk
    page.goto(f"{base}/study/")
    expect(page.locator("#hours-online")).to_contain_text("1.5")
    expect(page.locator("#due-items")).not_to_contain_text("学习党章第一章")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    shot(page, "study-mine-phone")

    page.click("#my-quizzes button[type=submit]")
    expect(page.locator("#quiz-form fieldset")).to_have_count(2)
    timer = page.locator("#quiz-timer")
    first = timer.inner_text()
    expect(timer).not_to_have_text(first, timeout=5000)  # counts down each second
    for question in page.locator("#quiz-form fieldset").all():
        question.locator("input[value=A]").check()
    shot(page, "study-quiz-phone")
    page.click("#submit-quiz")
    expect(page.locator("#quiz-score")).to_have_text("100")
    assert QuizAttempt.objects.get().score == 100
