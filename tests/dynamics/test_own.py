"""The member's own 党员动态 page: apply for a transfer and follow it, report whereabouts while
floating (MEM-2, MEM-3); only their own record."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from types import SimpleNamespace

from django.contrib.auth.models import User
from django.test import Client

from dangjian.dynamics.application_models import TransferApplication
from dangjian.dynamics.applications import transfer_application_start
from dangjian.dynamics.floating import FloatingInput, floating_record
from dangjian.dynamics.models import ContactRecord, Transfer
from dangjian.members.models import Member


def test_a_member_applies_and_sees_the_progress(
    enterprise: SimpleNamespace, member_a: Member, member_a_user: User, member_b: Member,
    secretary_a: User, login: Callable[[User], Client],
) -> None:  # fmt: skip
    client = login(member_a_user)
    page = client.get("/dynamics/me/")
    assert page.status_code == 200 and "暂无组织关系转接记录" in page.content.decode()
    unknown = client.post(
        "/dynamics/me/", {"apply-destination": "不存在的支部", "apply-reason": "调动"}
    )
    assert (
        unknown.status_code == 400
        and "未找到名为“不存在的支部”的党支部" in unknown.content.decode()
    )
    blank = client.post("/dynamics/me/", {"apply-destination": "二支部", "apply-reason": ""})
    assert blank.status_code == 400 and "转接原因不能为空" in blank.content.decode()
    assert not Transfer.objects.exists()
    done = client.post("/dynamics/me/", {"apply-destination": "二支部", "apply-reason": "工作调动"})
    assert done.status_code == 302
    # MEM-2: the application waits for the member's branch; no transfer starts by itself.
    assert not Transfer.objects.exists()
    application = TransferApplication.objects.get()
    assert (application.member, application.state) == (member_a, "pending")
    assert "待党支部办理" in client.get("/dynamics/me/").content.decode()
    again = client.post("/dynamics/me/", {"apply-destination": "三支部", "apply-reason": "调动"})
    assert again.status_code == 400 and "正等待党支部办理" in again.content.decode()
    transfer = transfer_application_start(actor=secretary_a, application_id=application.pk)
    assert transfer.member == member_a and transfer.reason == "本人申请：工作调动"
    shown = client.get("/dynamics/me/").content.decode()
    assert "审批中" in shown and "转出方党委" in shown and "李四" not in shown


def test_a_floating_member_reports_where_they_are(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member, member_a_user: User,
    login: Callable[[User], Client],
) -> None:  # fmt: skip
    client = login(member_a_user)
    refused = client.post("/dynamics/me/", {"report-place": "深圳"})
    assert refused.status_code == 400 and "没有登记为流出党员" in refused.content.decode()
    floating_record(actor=secretary_a, data=FloatingInput(direction="out", place="深圳",
                    since=date(2025, 1, 1), member_id=member_a.pk))  # fmt: skip
    reported = client.post(
        "/dynamics/me/", {"report-place": "深圳南山区", "report-summary": "在项目部"}
    )
    assert reported.status_code == 302
    contact = ContactRecord.objects.get()
    assert contact.way == "本人报告" and contact.summary == "本人报告目前在深圳南山区：在项目部"
    assert "本人报告目前在深圳南山区" in client.get("/dynamics/me/").content.decode()


def test_an_account_without_a_member_record_has_no_such_page(
    secretary_a: User, login: Callable[[User], Client]
) -> None:
    assert login(secretary_a).get("/dynamics/me/").status_code == 404
