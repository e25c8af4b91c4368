"""党员动态管理 pages: transfers, 介绍信 and 流动党员 as a person reads them; scoping (another
branch's secretary gets 404 and sees nothing), bad input naming the field, the edit form and
the API no longer moving members, the letter's Word/PDF in three parts, home cards equal to
the lists they link to."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import asdict
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from docx import Document
from pypdf import PdfReader

from dangjian.core.due import due_item_sources, due_items
from dangjian.dynamics.due import dynamics_due_items
from dangjian.dynamics.floating import FloatingInput, floating_record
from dangjian.dynamics.models import LetterState, Transfer, TransferLetter, TransferState
from dangjian.dynamics.services import letter_issue, member_transfer_start
from dangjian.members.inputs import member_input_of
from dangjian.members.models import Member
from tests.factories import Role, make_member, make_org, make_user

Login = Callable[[User], Client]
JSON = "application/json"


@pytest.fixture
def committee_admin(enterprise: SimpleNamespace) -> User:
    return make_user("dangwei_admin", Role.ORG_ADMIN, enterprise.root)


def _start(secretary: User, member: Member, to_org_id: int) -> Transfer:
    return member_transfer_start(actor=secretary, member_id=member.pk, to_org_id=to_org_id,
                                 effective_on=timezone.localdate(), reason="工作调动")  # fmt: skip


def _errors(response: Any) -> str:
    return str(response.content.decode())


def test_the_member_page_starts_a_transfer_and_shows_it_in_progress(
    enterprise: SimpleNamespace, login: Login, secretary_a: User, member_a: Member
) -> None:
    client = login(secretary_a)
    page = client.get(reverse("members:detail", args=[member_a.pk])).content.decode()
    assert reverse("dynamics:transfer_start", args=[member_a.pk]) in page
    assert "转出中" not in page
    url = reverse("dynamics:transfer_start", args=[member_a.pk])
    response = client.post(url, {"to_org_id": enterprise.branch_b.pk, "reason": "工作调动",
                                 "effective_on": timezone.localdate().isoformat()})  # fmt: skip
    assert response.status_code == 302
    transfer = Transfer.objects.get(member=member_a)
    assert (transfer.to_org_id, transfer.state) == (enterprise.branch_b.pk, TransferState.APPROVING)
    assert "转出中" in client.get(reverse("members:detail", args=[member_a.pk])).content.decode()
    listing = client.get(reverse("dynamics:transfers")).content.decode()
    assert "张三" in listing and "转出方党委" in listing


def test_the_member_list_tags_members_in_transfer_with_one_query(
    enterprise: SimpleNamespace, login: Login, secretary_a: User, member_a: Member
) -> None:
    for n in range(3):
        make_member(enterprise.branch_a, name=f"党员{n}")
    _start(secretary_a, member_a, enterprise.branch_b.pk)
    client = login(secretary_a)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("members:list")).content.decode()
    assert page.count("转出中") == 1
    assert sum("dynamics_transfer" in q["sql"] for q in queries.captured_queries) == 1


def test_the_branch_search_finds_any_branch_of_the_deployment(
    enterprise: SimpleNamespace, login: Login, secretary_a: User
) -> None:
    """MEM-2: the destination may be a branch the sender does not look after."""
    found = login(secretary_a).get(reverse("dynamics:branch_options"), {"q": "三支"})
    assert f'value="{enterprise.branch_c.pk}"' in found.content.decode()
    assert f'value="{enterprise.branch_b.pk}"' not in found.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("reason", "", "转接原因"),
        ("to_org_id", "", "转入党支部"),
        ("effective_on", "2020-13-45", "转接日期"),
        ("effective_on", "2999-01-01", "转接日期"),
        ("effective_on", "tomorrow", "转接日期不能晚于今天"),
    ],
)
def test_bad_input_to_the_start_form_names_the_field(
    enterprise: SimpleNamespace, login: Login, secretary_a: User, member_a: Member,
    field: str, value: str, words: str,
) -> None:  # fmt: skip
    if value == "tomorrow":
        value = (timezone.localdate() + timedelta(days=1)).isoformat()
    data = {"to_org_id": str(enterprise.branch_b.pk), "reason": "工作调动",
            "effective_on": timezone.localdate().isoformat(), field: value}  # fmt: skip
    url = reverse("dynamics:transfer_start", args=[member_a.pk])
    response = login(secretary_a).post(url, data)
    assert response.status_code == 200
    page = _errors(response)
    assert f'data-field="{field}"' in page and words in page
    assert not Transfer.objects.exists()


def test_the_destination_being_the_same_branch_names_the_field(
    enterprise: SimpleNamespace, login: Login, secretary_a: User, member_a: Member
) -> None:
    data = {"to_org_id": str(enterprise.branch_a.pk), "reason": "工作调动",
            "effective_on": timezone.localdate().isoformat()}  # fmt: skip
    url = reverse("dynamics:transfer_start", args=[member_a.pk])
    page = _errors(login(secretary_a).post(url, data))
    assert 'data-field="to_org_id"' in page and "相同" in page


def test_another_branchs_secretary_gets_404_and_sees_no_transfer(
    enterprise: SimpleNamespace, login: Login, secretary_a: User, secretary_b: User,
    member_a: Member,
) -> None:  # fmt: skip
    transfer = _start(secretary_a, member_a, enterprise.branch_c.pk)
    client = login(secretary_b)
    assert client.get(reverse("dynamics:transfer", args=[transfer.pk])).status_code == 404
    url = reverse("dynamics:transfer_act", args=[transfer.pk, "cancel"])
    assert client.post(url, {"cancel-reason": "试图撤销"}).status_code == 404
    assert "张三" not in client.get(reverse("dynamics:transfers")).content.decode()
    start = reverse("dynamics:transfer_start", args=[member_a.pk])
    assert client.get(start).status_code == 404
    transfer.refresh_from_db()
    assert transfer.state == TransferState.APPROVING


def test_a_transfer_through_the_pages_with_approval_and_placement(
    enterprise: SimpleNamespace, login: Login, secretary_a: User, secretary_b: User,
    committee_admin: User, member_a: Member,
) -> None:  # fmt: skip
    group_b = make_org("二支部第一党小组", "group", enterprise.branch_b)
    transfer = _start(secretary_a, member_a, enterprise.branch_b.pk)
    client = login(secretary_b)
    detail = client.get(reverse("dynamics:transfer", args=[transfer.pk])).content.decode()
    assert "accept-form" not in detail and "转出方党委" in detail
    client = login(committee_admin)
    waiting = client.get(reverse("dynamics:transfers"), {"waiting": "1"}).content.decode()
    assert "张三" in waiting
    approve = reverse("dynamics:transfer_act", args=[transfer.pk, "approve"])
    assert client.post(approve, {}).status_code == 302
    assert client.post(approve, {}).status_code == 302
    client = login(secretary_b)
    accept = reverse("dynamics:transfer_act", args=[transfer.pk, "accept"])
    assert (
        "accept-form"
        in client.get(reverse("dynamics:transfer", args=[transfer.pk])).content.decode()
    )
    assert client.post(accept, {"party_group_id": str(group_b.pk)}).status_code == 302
    member_a.refresh_from_db()
    assert (member_a.organization_id, member_a.party_group_id) == (
        enterprise.branch_b.pk,
        group_b.pk,
    )


def test_a_refusal_without_a_reason_names_the_field_and_keeps_the_transfer(
    enterprise: SimpleNamespace, login: Login, secretary_a: User, secretary_b: User,
    member_a: Member,
) -> None:  # fmt: skip
    transfer = _start(secretary_a, member_a, enterprise.branch_b.pk)
    url = reverse("dynamics:transfer_act", args=[transfer.pk, "refuse"])
    response = login(secretary_b).post(url, {"refuse-reason": "  "})
    assert response.status_code == 400
    assert 'data-field="reason"' in _errors(response) and "退回原因" in _errors(response)
    transfer.refresh_from_db()
    assert transfer.state == TransferState.APPROVING
    assert login(secretary_b).post(url, {"refuse-reason": "本人未到岗"}).status_code == 302
    transfer.refresh_from_db()
    assert (transfer.state, transfer.refused_reason) == (TransferState.REFUSED, "本人未到岗")


def test_the_sender_cancels_with_a_reason(
    enterprise: SimpleNamespace, login: Login, secretary_a: User, member_a: Member
) -> None:
    transfer = _start(secretary_a, member_a, enterprise.branch_b.pk)
    url = reverse("dynamics:transfer_act", args=[transfer.pk, "cancel"])
    assert login(secretary_a).post(url, {"cancel-reason": ""}).status_code == 400
    assert login(secretary_a).post(url, {"cancel-reason": "调动取消"}).status_code == 302
    transfer.refresh_from_db()
    assert transfer.state == TransferState.CANCELLED


def test_a_batch_with_one_member_that_cannot_go_writes_nothing(
    enterprise: SimpleNamespace, login: Login, org_admin_general: User, member_a: Member
) -> None:
    other = make_member(enterprise.branch_a, name="赵六")
    _start(org_admin_general, other, enterprise.branch_c.pk)  # already in transfer
    url = reverse("dynamics:transfer_batch") + f"?org={enterprise.branch_a.pk}"
    data = {"member_ids": [str(member_a.pk), str(other.pk)], "to_org_id": str(enterprise.branch_b.pk),
            "effective_on": timezone.localdate().isoformat(), "reason": "机构调整"}  # fmt: skip
    response = login(org_admin_general).post(url, data)
    assert response.status_code == 200
    assert "赵六已有正在办理的组织关系转接" in response.content.decode()
    assert not Transfer.objects.filter(member=member_a).exists()
    data["member_ids"] = [str(member_a.pk)]
    assert login(org_admin_general).post(url, data).status_code == 302
    assert Transfer.objects.filter(member=member_a, batch__gt="").count() == 1


def test_a_batch_without_members_names_the_field(
    enterprise: SimpleNamespace, login: Login, org_admin_general: User, member_a: Member
) -> None:
    url = reverse("dynamics:transfer_batch") + f"?org={enterprise.branch_a.pk}"
    data = {"to_org_id": str(enterprise.branch_b.pk), "reason": "机构调整",
            "effective_on": timezone.localdate().isoformat()}  # fmt: skip
    page = login(org_admin_general).post(url, data).content.decode()
    assert 'data-field="member_ids"' in page and "请选择要转接的党员" in page


def _form_data(member: Member, **changes: Any) -> dict[str, str]:
    values = {**asdict(member_input_of(member)), **changes}
    data = {}
    for key, value in values.items():
        if value is None or value is False:
            continue
        data[key] = (
            "on"
            if value is True
            else (value.isoformat() if isinstance(value, date) else str(value))
        )
    return data


def test_the_edit_form_refuses_an_organisation_change(
    enterprise: SimpleNamespace, login: Login, org_admin_general: User, member_a: Member
) -> None:
    url = reverse("members:edit", args=[member_a.pk])
    response = login(org_admin_general).post(
        url, _form_data(member_a, organization_id=enterprise.branch_b.pk)
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-field="organization_id"' in page and "组织关系转接" in page
    member_a.refresh_from_db()
    assert member_a.organization_id == enterprise.branch_a.pk
    ok = login(org_admin_general).post(
        url, _form_data(member_a, party_group_id=enterprise.group_a.pk)
    )
    assert ok.status_code == 302
    member_a.refresh_from_db()
    assert member_a.party_group_id == enterprise.group_a.pk


def test_the_api_patch_refuses_an_organisation_change(
    enterprise: SimpleNamespace, login: Login, org_admin_general: User, member_a: Member
) -> None:
    url = f"/api/members/{member_a.pk}"
    response = login(org_admin_general).patch(
        url, {"organization_id": enterprise.branch_b.pk}, content_type=JSON
    )
    assert response.status_code in (400, 422), response.content
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert "组织关系转接" in errors["organization_id"]
    member_a.refresh_from_db()
    assert member_a.organization_id == enterprise.branch_a.pk


def test_a_letter_is_issued_printed_in_three_parts_and_receipted(
    enterprise: SimpleNamespace, login: Login, secretary_a: User, member_a: Member
) -> None:
    client = login(secretary_a)
    url = reverse("dynamics:letter_new", args=[member_a.pk])
    bad = client.post(url, {"destination": "", "reason": "回原籍"})
    assert 'data-field="destination"' in bad.content.decode()
    assert (
        client.post(url, {"destination": "某省某市某区委组织部", "reason": "回原籍"}).status_code
        == 302
    )
    letter = TransferLetter.objects.get(member=member_a)
    number = f"{letter.year}年第001号"
    docx = client.get(reverse("dynamics:letter_print", args=[letter.pk, "docx"]))
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    pdf = client.get(reverse("dynamics:letter_print", args=[letter.pk, "pdf"]))
    pdf_text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    for printed in (text, pdf_text):
        assert printed.count(number) == 3
        assert "（存根）" in printed and "（回执）" in printed and "请接洽" in printed
        assert "有效期" in printed and "党费" in printed and "张三" in printed
        assert "汉族" in printed and "族族" not in printed
    receipt = reverse("dynamics:letter_act", args=[letter.pk, "receipt"])
    late = client.post(receipt, {"receipt_on": "2999-01-01", "receipt_org": "某区委"})
    assert late.status_code == 400 and 'data-field="receipt_on"' in late.content.decode()
    today = timezone.localdate().isoformat()
    assert client.post(receipt, {"receipt_on": today, "receipt_org": "某区委"}).status_code == 302
    letter.refresh_from_db()
    assert letter.state == LetterState.RECEIPTED


def test_another_branch_cannot_fetch_a_letter_by_its_address(
    login: Login, secretary_a: User, secretary_b: User, member_a: Member
) -> None:
    letter = letter_issue(
        actor=secretary_a, member_id=member_a.pk, destination="外省", reason="回原籍"
    )
    client = login(secretary_b)
    for url in (reverse("dynamics:letter", args=[letter.pk]),
                reverse("dynamics:letter_print", args=[letter.pk, "pdf"])):  # fmt: skip
        assert client.get(url).status_code == 404
    assert client.post(reverse("dynamics:letter_act", args=[letter.pk, "cancel"]),
                       {"cancel-reason": "x"}).status_code == 404  # fmt: skip


def test_a_cancelled_letter_is_kept(login: Login, secretary_a: User, member_a: Member) -> None:
    letter = letter_issue(
        actor=secretary_a, member_id=member_a.pk, destination="外省", reason="回原籍"
    )
    url = reverse("dynamics:letter_act", args=[letter.pk, "cancel"])
    blank = login(secretary_a).post(url, {"cancel-reason": ""})
    assert blank.status_code == 400 and "作废原因" in _errors(blank)
    assert login(secretary_a).post(url, {"cancel-reason": "不再调动"}).status_code == 302
    page = login(secretary_a).get(reverse("dynamics:letters")).content.decode()
    assert letter.number in page and "已作废" in page


def test_the_cards_are_registered_after_the_existing_capabilities() -> None:
    sources = dict(due_item_sources())
    assert sources["dynamics"] is dynamics_due_items
    names = [name for name, _ in due_item_sources()]
    assert names.index("dynamics") > names.index("development")


def _card(user: User, key: str) -> Any:
    found = [i for i in due_items(user, timezone.localdate()) if i.key == key]
    return found[0] if found else None


def test_the_overdue_letters_card_equals_its_list(
    login: Login, secretary_a: User, member_a: Member, member_b: Member
) -> None:
    old = timezone.localdate() - timedelta(days=200)
    letter = letter_issue(
        actor=None, member_id=member_a.pk, destination="外省", reason="回原籍", issued_on=old
    )
    letter_issue(
        actor=None, member_id=member_b.pk, destination="外省", reason="回原籍", issued_on=old
    )
    card = _card(secretary_a, "dynamics.letters_overdue")
    assert card is not None and card.count == 1
    page = login(secretary_a).get(card.url).content.decode()
    assert page.count("逾期未回执</span>") == card.count
    assert letter.number in page and "李四" not in page


def test_the_waiting_transfers_card_equals_its_list(
    enterprise: SimpleNamespace, login: Login, secretary_a: User, secretary_b: User,
    committee_admin: User, member_a: Member,
) -> None:  # fmt: skip
    _start(secretary_a, member_a, enterprise.branch_b.pk)
    assert _card(secretary_b, "dynamics.transfers_waiting") is None  # approvals first
    card = _card(committee_admin, "dynamics.transfers_waiting")
    assert card is not None and card.count == 1
    page = login(committee_admin).get(card.url).content.decode()
    assert page.count(">办理</a>") == card.count
    home = login(committee_admin).get("/").content.decode()
    assert (
        "待我处理的组织关系转接" in home and "《中国共产党党员教育管理工作条例》第二十五条" in home
    )


def test_the_floating_register_and_the_overdue_contact_card(
    enterprise: SimpleNamespace, login: Login, secretary_a: User, member_a: Member
) -> None:
    since = timezone.localdate() - timedelta(days=400)
    record = floating_record(actor=secretary_a, data=FloatingInput(
        direction="out", place="英国某大学", since=since, member_id=member_a.pk, abroad_study=True))  # fmt: skip
    card = _card(secretary_a, "dynamics.contacts_overdue")
    assert card is not None and card.count == 1
    client = login(secretary_a)
    page = client.get(card.url).content.decode()
    assert page.count("联系逾期</span>") == card.count and "英国某大学" in page
    contact = reverse("dynamics:floating_act", args=[record.pk, "contact"])
    bad = client.post(contact, {"contacted_on": timezone.localdate().isoformat(), "way": ""})
    assert bad.status_code == 400 and 'data-field="way"' in bad.content.decode()
    ok = client.post(contact, {"contacted_on": timezone.localdate().isoformat(), "way": "视频"})
    assert ok.status_code == 302
    assert _card(secretary_a, "dynamics.contacts_overdue") is None
    back = reverse("dynamics:floating_act", args=[record.pk, "return"])
    assert client.post(back, {"returned_on": timezone.localdate().isoformat()}).status_code == 302
    assert "英国某大学" not in client.get(reverse("dynamics:floating")).content.decode()


def test_the_floating_form_records_an_inflow_and_names_missing_fields(
    enterprise: SimpleNamespace, login: Login, secretary_a: User
) -> None:
    client = login(secretary_a)
    url = reverse("dynamics:floating_new")
    bad = client.post(url, {"direction": "in", "since": "2026-01-01", "name": "外来党员",
                            "organization_id": str(enterprise.branch_a.pk)})  # fmt: skip
    assert 'data-field="place"' in bad.content.decode()
    ok = client.post(url, {"direction": "in", "since": timezone.localdate().isoformat(), "name": "外来党员",
                           "place": "某县某镇", "organization_id": str(enterprise.branch_a.pk)})  # fmt: skip
    assert ok.status_code == 302
    page = client.get(
        reverse("dynamics:floating"), {"org": enterprise.branch_a.pk}
    ).content.decode()
    assert "外来党员" in page and "某县某镇" in page
    other = client.get(reverse("dynamics:floating"), {"org": enterprise.branch_b.pk})
    assert other.status_code == 404


def test_another_branch_cannot_open_a_floating_record(
    login: Login, secretary_a: User, secretary_b: User, member_a: Member
) -> None:
    record = floating_record(actor=secretary_a, data=FloatingInput(
        direction="out", place="深圳", since=date(2026, 1, 5), member_id=member_a.pk))  # fmt: skip
    client = login(secretary_b)
    assert client.get(reverse("dynamics:floating_record", args=[record.pk])).status_code == 404
    assert "深圳" not in client.get(reverse("dynamics:floating")).content.decode()
