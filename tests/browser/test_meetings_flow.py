"""组织生活 in a real browser: the secretary plans a meeting and shows its QR code, a member
signs in on the phone with the URL inside it, the secretary records the minutes, and the
党委's compliance matrix turns the quarter's cell to 已召开, linking to the meeting."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from dangjian.meetings.models import Attendance, Meeting, MeetingState
from dangjian.members.models import Member
from tests.browser.conftest import log_in, shot
from tests.browser_support import chinese_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _matrix_cell(page: Page, enterprise: SimpleNamespace) -> str:
    quarter = (timezone.localdate().month - 1) // 3 + 1
    return (
        f"span.cell-state[data-org='{enterprise.branch_a.pk}'][data-kind='支部党员大会']"
        f"[data-column='{quarter}']"
    )


def test_plan_qr_sign_in_record_and_matrix(
    page: Page,
    phone_page: Page,
    browser: Browser,
    live_server: LiveServer,
    enterprise: SimpleNamespace,
    secretary_a: User,
    org_admin_general: User,
    member_a: Member,
    member_a_user: User,
) -> None:
    base = live_server.url
    # A shared, busy machine: the flow has many steps, each given room to finish.
    for p in (page, phone_page):
        p.set_default_timeout(60_000)
        p.set_default_navigation_timeout(90_000)
    # The 党委 side first: this quarter's 党员大会 of 一支部 is still open.
    committee = chinese_context(browser, viewport={"width": 1400, "height": 900}).new_page()
    committee.base_url = base  # type: ignore[attr-defined]  # read by log_in
    committee.set_default_timeout(60_000)
    committee.set_default_navigation_timeout(90_000)
    log_in(committee, "zongzhi_admin")
    committee.click("text=落实情况")
    cell = committee.locator(_matrix_cell(committee, enterprise))
    expect(cell).to_have_text("进行中")

    # The secretary plans a meeting under way now, counted as two kinds.
    log_in(page, "shuji_a")
    page.click("nav a:text-is('组织生活')")
    page.click("text=安排会议")
    starts = timezone.localtime() - timedelta(minutes=10)
    page.fill("#id_topic", "主题党日暨本季度支部党员大会")
    page.check("input[name=kinds][value=theme_day]")
    page.check("input[name=kinds][value=branch_assembly]")
    page.fill("#id_held_on", starts.strftime("%Y-%m-%d"))
    page.fill("#id_starts", starts.strftime("%H:%M"))
    page.fill(
        "#id_ends",
        min(starts + timedelta(hours=2), starts.replace(hour=23, minute=59)).strftime("%H:%M"),
    )
    page.fill("#id_place", "党员活动室")
    page.click("main form.card button[type=submit]")
    expect(page.locator("h1")).to_contain_text("主题党日暨本季度支部党员大会")
    meeting = Meeting.objects.get()
    expect(page.locator("#attendees")).to_contain_text("张三")
    shot(page, "meetings-detail")

    # The projector's page: the code and the count.
    page.goto(f"{base}/meetings/{meeting.pk}/qr/")
    expect(page.locator("#qr-code svg")).to_be_visible()
    expect(page.locator("#signed-count")).to_have_text("0")
    sign_in_url = page.locator("#qr-code").get_attribute("data-url")
    assert sign_in_url and f"/meetings/{meeting.pk}/sign-in/?t=" in sign_in_url
    shot(page, "meetings-qr")

    # The member scans it on the phone: log in, then one tap.
    log_in(phone_page, "dangyuan_a")
    phone_page.goto(sign_in_url)
    shot(phone_page, "meetings-phone-confirm")
    phone_page.click("#sign-in-button")
    expect(phone_page.locator("#sign-in-result")).to_contain_text("签到成功")
    expect(phone_page.locator("#sign-in-result")).to_contain_text("主题党日暨本季度支部党员大会")
    shot(phone_page, "meetings-phone-signed-in")
    phone_page.goto(sign_in_url)  # the link opened again: when, not another 确认签到
    expect(phone_page.locator("#sign-in-result")).to_contain_text("已签到")
    expect(phone_page.locator("#sign-in-button")).to_have_count(0)
    assert Attendance.objects.filter(meeting=meeting, member=member_a, by_qr=True).count() == 1
    expect(page.locator("#signed-count")).to_have_text("1", timeout=15_000)  # polled by the page

    # The secretary records the minutes; the sign-in is prefilled and kept.
    page.goto(f"{base}/meetings/{meeting.pk}/record/")
    expect(page.locator("#marks")).to_contain_text("扫码签到")
    page.fill("#id_content", "传达学习上级会议精神，讨论本季度党建工作。")
    page.fill("#id_decisions", "通过本季度党建工作安排。")
    page.click("#minutes-form button[type=submit]")
    expect(page.locator("#meeting-state")).to_have_text("已记录")
    expect(page.locator("#minutes")).to_contain_text("通过本季度党建工作安排")

    # The member's own page on the phone: this year's attendance.
    phone_page.goto(f"{base}/meetings/mine/")
    expect(phone_page.locator("#attendance-rate")).to_have_text("100.0%")
    shot(phone_page, "meetings-phone-mine")
    assert Meeting.objects.get().state == MeetingState.RECORDED

    # The 党委's matrix: the cell is now held and opens the meeting.
    committee.reload()
    cell = committee.locator(_matrix_cell(committee, enterprise))
    expect(cell).to_have_text("已召开")
    expect(cell).to_have_class("cell-state held")
    shot(committee, "meetings-matrix")
    cell.locator("a").first.click()
    expect(committee.locator("h1")).to_contain_text("主题党日暨本季度支部党员大会")
    committee.context.close()
