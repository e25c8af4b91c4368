"""党员服务 on a phone (390x844): the member opens the portal, reads a notice, asks for a
correction of their archive; the secretary approves it; the portal works as an installed app
and shows its offline page when the intranet is down."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from dangjian.members.models import Member
from dangjian.portal.models import BulletinRead
from dangjian.portal.services import BulletinInput, bulletin_publish
from tests.browser.conftest import log_in, shot
from tests.factories import Role, make_member, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"页面宽度{width}px超出手机屏幕"


def test_a_member_reads_a_notice_and_the_secretary_approves_a_correction(
    phone_page: Page, page: Page, enterprise: SimpleNamespace
) -> None:
    secretary = make_user("shuji_a", Role.SECRETARY, enterprise.branch_a)
    member = make_member(enterprise.branch_a, name="张三", work_unit="供电所")
    make_user("dangyuan_a", member=member)
    data = BulletinInput(organization_id=enterprise.branch_a.pk, title="关于开展主题党日活动的通知",
                         body="时间：本周五下午三点\n地点：三楼会议室", published_on=timezone.localdate())  # fmt: skip
    notice = bulletin_publish(actor=secretary, data=data)

    log_in(phone_page, "dangyuan_a")
    phone_page.goto(phone_page.base_url + "/portal/")  # type: ignore[attr-defined]
    todo = phone_page.locator("#todos .todo[data-kind=bulletin]")
    expect(todo).to_have_count(1)
    _fits(phone_page)
    shot(phone_page, "portal-phone")
    todo.click()
    expect(phone_page.locator("#read-mark")).to_contain_text("已读")
    assert BulletinRead.objects.filter(bulletin=notice, member=member).count() == 1
    phone_page.goto(phone_page.base_url + "/portal/")  # type: ignore[attr-defined]
    expect(phone_page.locator("#todos .todo[data-kind=bulletin]")).to_have_count(0)

    phone_page.click("#correction-box summary")
    phone_page.select_option("#id_field", label="工作单位")
    phone_page.fill("#id_proposed_value", "检修分公司")
    phone_page.fill("#id_reason", "今年三月调岗")
    phone_page.get_by_role("button", name="提交更正申请").click()
    expect(phone_page.locator(".messages")).to_contain_text("等待党支部审核")
    expect(phone_page.locator("#my-record .correction[data-state=pending]")).to_have_count(1)
    _fits(phone_page)

    log_in(page, "shuji_a")
    page.goto(page.base_url + "/portal/corrections/")  # type: ignore[attr-defined]
    row = page.locator(".correction-row", has_text="张三")
    expect(row).to_contain_text("检修分公司")
    row.get_by_role("button", name="同意并更正").click()
    expect(page.locator(".messages")).to_contain_text("档案已更正")
    assert Member.objects.get(pk=member.pk).work_unit == "检修分公司"

    phone_page.goto(phone_page.base_url + "/portal/")  # type: ignore[attr-defined]
    expect(phone_page.locator("#my-record .correction[data-state=approved]")).to_have_count(1)
    expect(phone_page.locator("#my-record")).to_contain_text("检修分公司")


def test_the_installed_portal_shows_the_offline_page_when_the_intranet_is_down(
    phone_page: Page, enterprise: SimpleNamespace
) -> None:
    make_user("dangyuan_a", member=make_member(enterprise.branch_a, name="张三"))
    log_in(phone_page, "dangyuan_a")
    phone_page.goto(phone_page.base_url + "/portal/")  # type: ignore[attr-defined]
    expect(phone_page.locator("html")).to_have_attribute("data-sw", "registered")
    phone_page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    phone_page.reload()  # now controlled by the worker
    phone_page.wait_for_function("navigator.serviceWorker.controller !== null")
    phone_page.context.set_offline(True)
    try:
        phone_page.goto(phone_page.base_url + "/portal/")  # type: ignore[attr-defined]
        expect(phone_page.locator("#offline-card")).to_contain_text("暂时无法连接")
        expect(phone_page.locator("body")).not_to_contain_text("张三")
        _fits(phone_page)
    finally:
        phone_page.context.set_offline(False)


def test_the_secretary_publishes_with_the_date_shown_and_reminds_the_unread(
    page: Page, enterprise: SimpleNamespace
) -> None:
    """The date picker shows today (a locale's 2026/11/30 would leave it empty and stop 发布);
    the reminder says whom it reached and why not the others."""
    make_user("shuji_a", Role.SECRETARY, enterprise.branch_a)
    make_user("dangyuan_a", member=make_member(enterprise.branch_a, name="张三"))
    make_member(enterprise.branch_a, name="李四")  # no login account
    log_in(page, "shuji_a")
    page.goto(page.base_url + "/portal/notices/new/")  # type: ignore[attr-defined]
    expect(page.locator("#id_published_on")).to_have_value(timezone.localdate().isoformat())
    page.select_option("#id_organization", label="一支部")
    page.fill("#id_title", "关于交纳党费的通知")
    page.fill("#id_body", "请于月底前交纳")
    page.get_by_role("button", name="发布").click()
    expect(page.locator(".messages")).to_contain_text("已发布")
    page.get_by_role("button", name="提醒未读党员").click()
    expect(page.locator(".messages")).to_contain_text(
        "已提醒1名未读党员；另有1人未提醒：没有登录账号1人"
    )
