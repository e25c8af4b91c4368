"""The assistant in a real browser: ask, see citations, open the cited article; manage the base."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect
from pytest_django import Settings

from tests.assistant.conftest import CORPUS, FAZHAN, add_doc
from tests.browser.conftest import log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _lexical_only(settings: Settings) -> None:
    settings.DENSE_RETRIEVAL = False
    settings.LLM_BASE_URL = ""


def test_member_asks_and_opens_the_cited_article(
    phone_page: Page, enterprise: SimpleNamespace, member_a_user: User
) -> None:
    add_doc(enterprise.root, FAZHAN)
    log_in(phone_page, "dangyuan_a")
    phone_page.goto(phone_page.base_url + "/assistant/")  # type: ignore[attr-defined]  # set by the page fixture
    phone_page.fill("textarea", "入党申请交上去多久支部要找我谈话？")
    phone_page.click("#ask-button")
    answer = phone_page.locator(".qa-answer").last
    expect(answer).to_contain_text("第七条")
    expect(answer.locator("mark").first).to_be_visible()
    phone_page.fill("textarea", "二支部有多少党员？")
    phone_page.click("#ask-button")
    expect(phone_page.locator(".qa-answer").last).to_contain_text("只能查询本人信息")
    phone_page.locator(".qa-answer").first.locator("button:has-text('有用')").click()
    expect(phone_page.locator(".rate").first).to_contain_text("感谢您的评价")
    shot(phone_page, "assistant-chat-phone")
    with phone_page.expect_popup() as popup:
        phone_page.locator(".passage .cite a", has_text="第七条").first.click()
    article = popup.value
    expect(article.locator("section.target")).to_contain_text("第七条")


def test_admin_uploads_and_tests_retrieval(
    page: Page, enterprise: SimpleNamespace, sysadmin: User, tmp_path: Path
) -> None:
    sysadmin.set_password("Test-Passw0rd!")
    sysadmin.save()
    log_in(page, "sysadmin")
    page.goto(page.base_url + "/assistant/kb/")  # type: ignore[attr-defined]  # set by the page fixture
    page.set_input_files("input[type=file]", str(CORPUS / FAZHAN))
    page.click("button:has-text('上传并索引')")
    expect(page.locator(".messages")).to_contain_text("已加入知识库")
    row = page.locator("#kb-documents tr", has_text="发展党员工作细则")
    expect(row).to_contain_text("已索引")  # the job ran (eagerly in tests)
    page.fill("#id_query", "发展对象需要几个入党介绍人")
    page.click("button:has-text('检索')")
    expect(page.locator("#test-table")).to_contain_text("第十四条")
    shot(page, "assistant-kb-manager")
    bad = tmp_path / "报表.xlsx"
    bad.write_bytes(b"not a document")
    page.set_input_files("input[type=file]", str(bad))
    page.click("button:has-text('上传并索引')")
    expect(page.locator(".messages .error")).to_contain_text("不支持的文件类型")
