"""Every named permission in accounts/access.py: who may, and who may not (DESIGN: access).

The people are the shared fixtures: a system administrator, the administrator of 第一党总支
(branches A and B, not C), the secretaries of A and B, a member of A, the audit administrator,
and no user at all.
"""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser, User

from dangjian.accounts import access
from dangjian.core.actor import Actor, acting_user, acting_user_id
from dangjian.members.models import Member
from tests.factories import Role, make_user

People = dict[str, Actor]


@pytest.fixture
def people(
    sysadmin: User,
    org_admin_general: User,
    secretary_a: User,
    secretary_b: User,
    member_a_user: User,
    audit_admin: User,
) -> People:
    return {
        "sysadmin": sysadmin,
        "org_admin": org_admin_general,
        "secretary_a": secretary_a,
        "secretary_b": secretary_b,
        "member_a": member_a_user,
        "audit_admin": audit_admin,
        "security_admin": make_user("anquan_p", Role.SECURITY_ADMIN, None),
        "anonymous": AnonymousUser(),
        "nobody": None,
    }


EVERYONE = (
    "sysadmin",
    "org_admin",
    "secretary_a",
    "member_a",
    "audit_admin",
    "security_admin",
    "anonymous",
    "nobody",
)


def _who(people: People, check: Callable[..., bool], *args: object) -> set[str]:
    """The names of the people for whom ``check(person, *args)`` is true."""
    return {name for name in EVERYONE if check(people[name], *args)}


def test_managers_pages_are_for_those_who_look_after_an_organisation(people: People) -> None:
    allowed = _who(people, access.may_manage_some_organization)
    assert allowed == {"sysadmin", "org_admin", "secretary_a"}


def test_a_member_is_placed_only_where_the_placer_looks_after(
    people: People, enterprise: SimpleNamespace
) -> None:
    assert _who(people, access.may_place_member, enterprise.branch_a) == {
        "sysadmin",
        "org_admin",
        "secretary_a",
    }
    assert _who(people, access.may_place_member, enterprise.group_a) == {
        "sysadmin",
        "org_admin",
        "secretary_a",
    }
    assert _who(people, access.may_place_member, enterprise.branch_b) == {"sysadmin", "org_admin"}
    assert _who(people, access.may_place_member, enterprise.branch_c) == {"sysadmin"}


def test_only_system_administrators_name_any_organisation(people: People) -> None:
    assert _who(people, access.may_place_anywhere) == {"sysadmin"}


def test_secretaries_do_not_add_organisations(people: People) -> None:
    assert _who(people, access.may_add_organizations) == {"sysadmin", "org_admin"}


def test_only_system_administrators_add_a_top_level_committee(people: People) -> None:
    assert _who(people, access.may_add_top_level_organization) == {"sysadmin"}


def test_organisation_administrators_manage_their_subtree_only(
    people: People, enterprise: SimpleNamespace
) -> None:
    assert _who(people, access.may_manage_org, enterprise.general) == {"sysadmin", "org_admin"}
    assert _who(people, access.may_manage_org, enterprise.branch_a) == {"sysadmin", "org_admin"}
    assert _who(people, access.may_manage_org, enterprise.root) == {"sysadmin"}


def test_a_member_is_managed_by_those_over_the_branch_not_by_themself(
    people: People, member_a: Member, member_c: Member
) -> None:
    assert _who(people, access.may_manage_member, member_a) == {
        "sysadmin",
        "org_admin",
        "secretary_a",
    }
    assert _who(people, access.may_manage_member, member_c) == {"sysadmin"}


def test_dues_are_written_by_whoever_looks_after_the_organisation(
    people: People, enterprise: SimpleNamespace
) -> None:
    assert _who(people, access.may_manage_dues, enterprise.branch_a) == {
        "sysadmin",
        "org_admin",
        "secretary_a",
    }
    assert _who(people, access.may_manage_dues, enterprise.branch_b) == {"sysadmin", "org_admin"}
    assert _who(people, access.may_manage_dues, enterprise.branch_c) == {"sysadmin"}


def test_only_system_administrators_generate_every_ledger(people: People) -> None:
    assert _who(people, access.may_generate_all_ledgers) == {"sysadmin"}


def test_only_system_administrators_change_the_dues_settings(people: People) -> None:
    assert _who(people, access.may_edit_dues_policy) == {"sysadmin"}


def test_knowledge_base_page_is_for_system_and_organisation_administrators(
    people: People,
) -> None:
    assert _who(people, access.may_open_knowledge_base_admin) == {"sysadmin", "org_admin"}


def test_knowledge_base_documents_are_managed_within_the_subtree(
    people: People, enterprise: SimpleNamespace
) -> None:
    kb = access.may_manage_knowledge_base
    assert _who(people, kb, enterprise.general) == {"sysadmin", "org_admin"}
    assert _who(people, kb, enterprise.branch_a) == {"sysadmin", "org_admin"}
    assert _who(people, kb, enterprise.root) == {"sysadmin"}


def test_only_system_administrators_read_the_assistant_log(people: People) -> None:
    assert _who(people, access.may_read_assistant_log) == {"sysadmin"}


def test_own_record_is_the_member_linked_to_the_login(
    people: People, member_a: Member, member_b: Member
) -> None:
    assert _who(people, access.is_own_record, member_a.pk) == {"member_a"}
    assert _who(people, access.is_own_record, member_b.pk) == set()


def test_full_numbers_are_revealed_to_the_member_and_granted_administrators(
    people: People, member_a: Member
) -> None:
    # The general branch's administrator holds may_reveal; the secretary does not.
    assert _who(people, access.may_reveal, member_a) == {"sysadmin", "org_admin", "member_a"}


def test_audit_log_is_for_the_audit_administrator_alone(people: People) -> None:
    assert _who(people, access.may_read_audit_log) == {"audit_admin"}


def test_roles_and_login_locks_are_for_the_security_administrator(people: People) -> None:
    assert _who(people, access.may_manage_roles) == {"security_admin"}
    assert _who(people, access.may_manage_locks) == {"security_admin"}


def test_platform_operations_are_for_system_administrators(people: People) -> None:
    assert _who(people, access.may_operate_platform) == {"sysadmin"}


def test_the_acting_user_of_a_visitor_or_the_system_is_nobody(people: People) -> None:
    user = people["secretary_a"]
    assert isinstance(user, User)
    assert acting_user(user) is user
    assert acting_user_id(user) == user.pk
    assert acting_user(AnonymousUser()) is None
    assert acting_user(None) is None
    assert acting_user_id(None) is None
