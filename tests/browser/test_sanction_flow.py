"""A Party sanction in a real browser (DISC-1): the 党总支's organisation administrator records
a 留党察看 of one year for a member from the member page and sees it there, with the period
and the rights it takes away (纪律处分条例第十二条)."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import Page, expect

from dangjian.discipline.models import SanctionRecord
from dangjian.members.models import Member
from tests.browser.conftest import log_in, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_record_a_probation_in_party_and_see_it_on_the_member_page(
    page: Page, enterprise: SimpleNamespace, org_admin_general: User, member_a: Member
) -> None:
    base = page.base_url  # type: ignore[attr-defined]  # set by the page fixture
    decided = timezone.localdate() - timedelta(days=3)
    log_in(page, "zongzhi_admin")
    page.goto(f"{base}/members/{member_a.pk}/")
    expect(page.locator("#member-sanctions")).to_contain_text("无党纪处分记录")
    page.click("#record-sanction")
    page.select_option("#id_kind", "probation_in_party")
    page.fill("#id_decided_on", decided.isoformat())
    page.fill("#id_deciding_org", "测试公司党委")
    page.fill("#id_document_number", "测委〔2026〕9号")
    page.fill("#id_reason", "违反组织纪律")
    page.select_option("#id_term_years", "1")
    shot(page, "sanction-record")
    page.click("#sanction-form button:has-text('记录')")
    section = page.locator("#member-sanctions")
    expect(section).to_contain_text("测委〔2026〕9号")
    expect(section).to_contain_text("留党察看期间无表决权、选举权和被选举权")
    expect(page.locator("#sanction-standing")).to_contain_text("恢复党员权利")
    assert SanctionRecord.objects.get(member=member_a).term_months == 12
