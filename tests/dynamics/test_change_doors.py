"""MEM-2: a dated change never moves a member to another organisation, whichever door.

The edit form, the API PATCH and the import are covered beside them; here the change form
(``members:change``) and the member services; the API's ``POST /changes`` is in
tests/test_api_members.py.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from dangjian.core.errors import InvalidInput
from dangjian.members.models import EventKind, Member, MemberEvent
from dangjian.members.services import member_change


def _change_form(member: Member, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "organization_id": member.organization_id, "status": member.status,
        "dues_category": member.dues_category, "effective_on": "2024-01-01", "reason": "工作调动",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_change_form_refuses_a_move_and_points_to_transfers(
    login: Callable[[User], Client],
    org_admin_general: User,
    enterprise: SimpleNamespace,
    member_a: Member,
) -> None:
    url = reverse("members:change", args=[member_a.pk])
    response = login(org_admin_general).post(
        url, _change_form(member_a, organization_id=enterprise.branch_b.pk)
    )
    assert response.status_code == 200  # the form again, with the message on the field
    assert "组织关系转接" in response.content.decode()
    member_a.refresh_from_db()
    assert member_a.organization_id == enterprise.branch_a.pk
    assert not MemberEvent.objects.filter(member=member_a, kind=EventKind.TRANSFERRED).exists()


def test_change_form_refuses_a_fact_its_process_decides(
    login: Callable[[User], Client], org_admin_general: User, member_a: Member
) -> None:
    """流动 is registered as a floating record (MEM-3), 停止党籍 decided on the lost-contact
    page (MEM-4): the change form names the field and where to go, and writes nothing."""
    url = reverse("members:change", args=[member_a.pk])
    client = login(org_admin_general)
    floating = client.post(url, _change_form(member_a, is_floating="on", floating_to="深圳"))
    assert floating.status_code == 200
    assert "流动党员" in floating.content.decode() and "第三十二条" in floating.content.decode()
    suspended = client.post(url, _change_form(member_a, status="suspended"))
    assert suspended.status_code == 200
    assert "失联党员" in suspended.content.decode() and "第二十四条" in suspended.content.decode()
    member_a.refresh_from_db()
    assert not member_a.is_floating and member_a.status == "normal"
    assert not MemberEvent.objects.filter(member=member_a).exclude(kind=EventKind.CREATED).exists()


def test_change_form_still_records_a_category_change(
    login: Callable[[User], Client], org_admin_general: User, member_a: Member
) -> None:
    url = reverse("members:change", args=[member_a.pk])
    response = login(org_admin_general).post(url, _change_form(member_a, in_difficulty="on"))
    assert response.status_code == 302
    member_a.refresh_from_db()
    assert member_a.in_difficulty and member_a.organization_id == member_a.organization_id


def test_the_system_is_refused_a_silent_move_too(
    enterprise: SimpleNamespace, member_a: Member
) -> None:
    """A use case without an accepted transfer cannot move anyone either (actor None)."""
    with pytest.raises(InvalidInput, match="组织关系转接"):
        member_change(actor=None, member_id=member_a.pk, effective_on=date(2024, 1, 1),
                      changes={"organization_id": enterprise.branch_b.pk}, reason="调动")  # fmt: skip


def test_a_party_group_of_the_same_branch_is_not_a_move(
    enterprise: SimpleNamespace, member_a: Member
) -> None:
    member_change(actor=None, member_id=member_a.pk, effective_on=date(2024, 1, 1),
                  changes={"party_group_id": enterprise.group_a.pk}, reason="编入党小组")  # fmt: skip
    member_a.refresh_from_db()
    assert member_a.party_group_id == enterprise.group_a.pk
