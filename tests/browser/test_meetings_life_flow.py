"""民主评议 in a real browser: the secretary opens a member's form from the year's list, is
refused a rating entered before the three assessments (the article shown on the field), then
enters the three and the rating, and the summary counts one 优秀."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from dangjian.meetings.models import DemocraticReview
from dangjian.members.models import Member
from tests.browser.conftest import log_in, shot
from tests.factories import make_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_democratic_review_in_order(
    page: Page, enterprise: SimpleNamespace, secretary_a: User
) -> None:
    members: list[Member] = [make_member(enterprise.branch_a, name=n) for n in ("王明", "李华")]
    log_in(page, "shuji_a")
    page.goto(page.base_url + "/meetings/")  # type: ignore[attr-defined]
    page.click("text=民主评议")
    expect(page.locator("#review-list")).to_contain_text("王明")
    page.locator("#review-list tr", has_text="王明").locator("text=填写").click()
    page.fill("#id_self_assessment", "认真学习，履行党员义务")
    page.select_option("#id_rating", "excellent")
    page.click("#review-form button[type=submit]")
    refusal = page.locator("[data-field=rating]")
    expect(refusal).to_contain_text("第十七、十八条")
    shot(page, "meetings_review_refused")
    page.fill("#id_peer_assessment", "团结同志，作用发挥好")
    page.fill("#id_poll_excellent", "1")  # two members: at most two ballots
    page.fill("#id_poll_qualified", "1")
    page.click("#review-form button[type=submit]")
    expect(page.locator("#rating-summary")).to_contain_text("1人")
    shot(page, "meetings_reviews")
    review = DemocraticReview.objects.get()
    assert (review.member_id, review.rating) == (members[0].pk, "excellent")
