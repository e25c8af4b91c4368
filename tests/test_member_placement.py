"""The placement check lives in the member services, so every door (page, API, import, a
script calling the service) gets it: a secretary cannot put a member in another branch."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied

from dangjian.core.errors import InvalidInput
from dangjian.members.excel.bulk import ImportBatch, NewMember, insert_new_members
from dangjian.members.inputs import MemberInput, member_input_of
from dangjian.members.models import Member, MemberEvent
from dangjian.members.services import (
    member_change,
    member_create,
    member_update,
)
from tests.factories import member_input

MISSING_ORG_ID = 999_999


def test_secretary_cannot_create_a_member_in_another_branch(
    enterprise: SimpleNamespace, secretary_a: User
) -> None:
    with pytest.raises(PermissionDenied, match="无权在该党组织中建立党员档案"):
        member_create(actor=secretary_a, data=member_input(enterprise.branch_b))
    assert Member.objects.count() == 0


def test_secretary_creates_a_member_in_own_branch(
    enterprise: SimpleNamespace, secretary_a: User
) -> None:
    member = member_create(actor=secretary_a, data=member_input(enterprise.branch_a))
    assert member.organization_id == enterprise.branch_a.pk


def test_a_missing_organisation_is_refused_like_one_out_of_scope(
    enterprise: SimpleNamespace, secretary_a: User
) -> None:
    """No probing of ids: a secretary learns nothing from an id that does not exist."""
    data = replace(member_input(enterprise.branch_a), organization_id=MISSING_ORG_ID)
    with pytest.raises(PermissionDenied, match="无权在该党组织中建立党员档案"):
        member_create(actor=secretary_a, data=data)


def test_system_administrator_is_told_the_organisation_is_missing(
    enterprise: SimpleNamespace, sysadmin: User
) -> None:
    data = replace(member_input(enterprise.branch_a), organization_id=MISSING_ORG_ID)
    with pytest.raises(InvalidInput) as refused:
        member_create(actor=sysadmin, data=data)
    assert refused.value.errors["organization_id"] == ["所选党组织不存在"]


def test_secretary_cannot_move_own_member_into_another_branch_by_an_edit(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member
) -> None:
    """MEM-2: an edit never moves a member; the refusal names the field and the way to do it."""
    data = replace(member_input_of(member_a), organization_id=enterprise.branch_b.pk)
    with pytest.raises(InvalidInput) as refused:
        member_update(actor=secretary_a, member_id=member_a.pk, data=data, reason="改编")
    assert "组织关系转接" in refused.value.errors["organization_id"][0]
    member_a.refresh_from_db()
    assert member_a.organization_id == enterprise.branch_a.pk


def test_not_even_an_administrator_moves_a_member_by_an_edit(
    enterprise: SimpleNamespace, org_admin_general: User, member_a: Member
) -> None:
    data = replace(member_input_of(member_a), organization_id=enterprise.branch_b.pk)
    with pytest.raises(InvalidInput) as refused:
        member_update(actor=org_admin_general, member_id=member_a.pk, data=data, reason="改编")
    assert "第二十五条" in refused.value.errors["organization_id"][0]
    member_a.refresh_from_db()
    assert member_a.organization_id == enterprise.branch_a.pk


def test_an_edit_still_places_a_member_in_a_party_group_of_the_branch(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member
) -> None:
    data = replace(member_input_of(member_a), party_group_id=enterprise.group_a.pk)
    member_update(actor=secretary_a, member_id=member_a.pk, data=data, reason="编入党小组")
    member_a.refresh_from_db()
    assert (member_a.organization_id, member_a.party_group_id) == (
        enterprise.branch_a.pk, enterprise.group_a.pk
    )  # fmt: skip


def test_secretary_cannot_transfer_own_member_into_another_branch(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member
) -> None:
    with pytest.raises(PermissionDenied, match="无权将党员转入该党组织"):
        member_change(
            actor=secretary_a,
            member_id=member_a.pk,
            changes={"organization_id": enterprise.branch_b.pk},
            effective_on=date(2024, 1, 1),
            reason="转接",
            transfer_accepted=True,
        )
    member_a.refresh_from_db()
    assert member_a.organization_id == enterprise.branch_a.pk
    assert not MemberEvent.objects.filter(member=member_a, kind="transferred").exists()


def test_secretary_cannot_edit_a_member_of_another_branch(
    secretary_a: User, member_b: Member
) -> None:
    data = replace(member_input_of(member_b), name="王小二")
    with pytest.raises(PermissionDenied, match="无权修改该党员档案"):
        member_update(actor=secretary_a, member_id=member_b.pk, data=data, reason="改名")
    member_b.refresh_from_db()
    assert member_b.name == "李四"


def test_a_dated_change_never_moves_a_member_to_another_branch(
    enterprise: SimpleNamespace, org_admin_general: User, member_a: Member
) -> None:
    """MEM-2: even an administrator of both branches is sent to the transfer use case."""
    with pytest.raises(InvalidInput, match="组织关系转接") as refused:
        member_change(
            actor=org_admin_general,
            member_id=member_a.pk,
            changes={"organization_id": enterprise.branch_b.pk},
            effective_on=date(2024, 1, 1),
            reason="转接",
        )
    assert "organization_id" in refused.value.errors
    member_a.refresh_from_db()
    assert member_a.organization_id == enterprise.branch_a.pk
    assert not MemberEvent.objects.filter(member=member_a, kind="transferred").exists()


def test_an_accepted_transfer_places_within_the_subtree(
    enterprise: SimpleNamespace, org_admin_general: User, member_a: Member
) -> None:
    member_change(
        actor=org_admin_general,
        member_id=member_a.pk,
        changes={"organization_id": enterprise.branch_b.pk},
        effective_on=date(2024, 1, 1),
        reason="转接",
        transfer_accepted=True,
    )
    member_a.refresh_from_db()
    assert member_a.organization_id == enterprise.branch_b.pk


def test_an_import_cannot_place_members_in_another_branch(
    enterprise: SimpleNamespace, secretary_a: User
) -> None:
    """The set-based insert of an import checks every organisation before it writes a row."""
    items = [
        NewMember(member_input(enterprise.branch_a), "hash-a"),
        NewMember(member_input(enterprise.branch_b), "hash-b"),
    ]
    batch = ImportBatch("test-file", "名册.xlsx")
    with pytest.raises(PermissionDenied):
        insert_new_members(actor=secretary_a, items=items, reason="导入", batch=batch)
    assert Member.objects.count() == 0


def test_the_input_built_from_a_member_round_trips(member_a: Member) -> None:
    """One MemberInput from a member: saving it unchanged changes nothing."""
    data = member_input_of(member_a)
    assert isinstance(data, MemberInput)
    assert data.organization_id == member_a.organization_id
    assert data.id_number == member_a.id_number
    events = MemberEvent.objects.filter(member=member_a).count()
    member_update(actor=None, member_id=member_a.pk, data=data, reason="无变化")
    assert MemberEvent.objects.filter(member=member_a).count() == events
