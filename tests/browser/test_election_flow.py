"""换届选举 in a real browser: the branch secretary's 请示 (too few candidates refused, then
accepted), the 总支's 批复, the meeting with a tie at the cut and the run-off between the tied,
the committee's choice of its 书记, the report, the approval of the result, and the new term
with its posts on the organisation page."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from dangjian.elections.services import term_record
from dangjian.members.models import Member
from tests.browser.conftest import log_in, shot
from tests.browser_support import chinese_context
from tests.factories import make_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def higher_page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    """A second browser for the 党总支's organisation administrator."""
    context = chinese_context(browser, viewport={"width": 1280, "height": 860})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base_url = live_server.url  # type: ignore[attr-defined]
    yield page
    context.close()


def _go(page: Page, path: str) -> None:
    page.goto(page.base_url + path)  # type: ignore[attr-defined]  # set by the page fixture


def _tally(page: Page, voters: list[Member], yes: list[int]) -> None:
    for v, n in zip(voters[:4], yes, strict=True):
        page.fill(f"input[name=yes_{v.pk}]", str(n))
        page.fill(f"input[name=no_{v.pk}]", str(8 - n))
        page.fill(f"input[name=abstain_{v.pk}]", "0")


def test_an_election_from_request_to_the_new_term(
    page: Page, higher_page: Page, enterprise: SimpleNamespace, secretary_a: User,
    org_admin_general: User,
) -> None:  # fmt: skip
    today = timezone.localdate()
    voters = [make_member(enterprise.branch_a, name=f"候选{i}") for i in range(10)]
    term_record(actor=None, organization_id=enterprise.branch_a.pk, number=3,
                elected_on=today - timedelta(days=3 * 365 - 30))  # fmt: skip
    org_url = f"/orgs/{enterprise.branch_a.pk}/"

    log_in(page, secretary_a.username)
    _go(page, org_url)
    expect(page.locator("#term-number")).to_have_text("第3届")
    page.click("#committee-term >> text=换届选举请示")
    page.fill("#id_seats", "3")
    for v in voters[:3]:
        page.check(f"input[name=candidate_ids][value='{v.pk}']")
    page.click("form.card button[type=submit]")
    expect(page.locator("[data-field=candidate_ids]")).to_contain_text("至少4名")
    expect(page.locator("[data-field=candidate_ids]")).to_contain_text("第十三条")
    page.check(f"input[name=candidate_ids][value='{voters[3].pk}']")
    page.click("form.card button[type=submit]")
    expect(page.locator("#election-step")).to_have_text("已请示")
    election_url = page.url

    log_in(higher_page, org_admin_general.username)
    higher_page.goto(election_url)
    higher_page.click("text=批复请示")
    higher_page.fill("#id_document", "总支字〔2026〕12号")
    higher_page.click("form.card button[type=submit]")
    expect(higher_page.locator("#election-step")).to_have_text("已批复")

    page.goto(election_url)
    page.click("text=记录选举大会")
    expect(page.locator("#attendance tbody tr")).to_have_count(10)
    page.uncheck(f"#present_{voters[8].pk}")
    page.fill(f"input[name=reason_{voters[9].pk}]", "长期出国")
    # Two tie for the third seat; 8 ballots elect at most 3 x 8 = 24, the write-in's one included.
    _tally(page, voters, [7, 6, 5, 5])
    page.select_option("#write_in_1", str(voters[4].pk))  # 另选他人: not a candidate
    page.fill("input[name=write_in_yes_1]", "1")
    page.click("text=提交计票结果")
    expect(page.locator("#election-step")).to_have_text("待另行选举")
    expect(page.locator("#quorum")).to_contain_text("应到会有选举权党员9人，实到8人")
    shot(page, "election-tie")
    page.click("text=记录另行选举")
    expect(page.locator("#runoff-ballots tbody tr")).to_have_count(2)  # the tied only
    page.fill(f"input[name=yes_{voters[2].pk}]", "6")
    page.fill(f"input[name=yes_{voters[3].pk}]", "2")
    page.fill("#ballots_returned", "8")
    page.fill("#invalid_ballots", "1")  # the run-off's own papers: 8 returned, 1 invalid
    page.click("text=提交另行选举计票")
    expect(page.locator("#runoff-errors")).to_contain_text("有效票7张")  # 6 + 2 for one seat
    page.fill(f"input[name=yes_{voters[2].pk}]", "6")
    page.fill(f"input[name=yes_{voters[3].pk}]", "1")
    page.click("text=提交另行选举计票")
    expect(page.locator("#election-step")).to_have_text("已选举")
    expect(page.locator("#tally")).to_contain_text("候选4（另选他人）")
    expect(page.locator("#runoffs")).to_contain_text("收回8张，其中无效票1张、有效票7张")
    expect(page.locator("#runoffs")).to_contain_text("当选：候选2")
    expect(page.locator("#tally")).to_contain_text("当选")
    # The first round keeps its own outcome: the tied went to the run-off there (ELEC-3).
    expect(page.locator("#tally")).to_contain_text("得票相等，进入另行选举")
    shot(page, "election-result")
    page.click("#posts-link")
    for v in voters[:3]:
        page.select_option(f"select[name=title_{v.pk}]", "committee")
    page.click("text=保存委员分工")
    expect(page.locator("#posts-errors")).to_contain_text("一名书记")
    page.select_option(f"select[name=title_{voters[0].pk}]", "secretary")
    page.select_option(f"select[name=title_{voters[1].pk}]", "organization")
    page.select_option(f"select[name=title_{voters[2].pk}]", "propaganda")
    page.click("text=保存委员分工")
    expect(page.locator("#posts")).to_contain_text("书记")
    page.click("text=报告选举结果")
    page.click("form.card button[type=submit]")
    expect(page.locator("#election-step")).to_have_text("已报告结果")
    with page.expect_download() as download:
        page.click("text=选举结果报告（Word）")
    assert download.value.suggested_filename.endswith("选举结果报告.docx")

    higher_page.goto(election_url)
    higher_page.click("#secretaries-link")
    higher_page.fill("input[name=document]", "总支字〔2026〕12号")
    higher_page.click("form.card button[type=submit]")
    expect(higher_page.locator("#secretaries-approval")).to_contain_text("总支字〔2026〕12号")
    higher_page.click("text=批准选举结果")
    higher_page.fill("input[name=document]", "总支字〔2026〕13号")
    higher_page.click("form.card button[type=submit]")
    expect(higher_page.locator("#election-step")).to_have_text("结果已批准")
    expect(higher_page.locator("#result-approval")).to_contain_text("总支字〔2026〕13号")

    _go(page, org_url)
    expect(page.locator("#term-number")).to_have_text("第4届")
    # The new term's 批复文号 is the approval of the result's.
    expect(page.locator("#committee-term")).to_contain_text("总支字〔2026〕13号")
    expect(page.locator("#committee-term")).to_contain_text("历届班子")
    expect(page.locator("#committee-term")).to_contain_text("候选0")  # the new 书记 in office
    shot(page, "election-new-term")

    # The 总支's list: branch B's term, ended a year ago, is overdue; branch A's new term is not due.
    term_record(actor=None, organization_id=enterprise.branch_b.pk, number=1,
                elected_on=today - timedelta(days=4 * 365))  # fmt: skip
    _go(higher_page, "/elections/")
    expect(higher_page.locator("#due tbody tr")).to_have_count(1)
    expect(higher_page.locator("#due")).to_contain_text("二支部")
    expect(higher_page.locator("#checks")).to_contain_text("任期届满未换届")
    shot(higher_page, "election-overview")
