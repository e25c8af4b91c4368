"""Scoping through every page door (DESIGN: access). API and export doors have their own tests."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from dangjian.accounts.access import may_reveal, visible_members, visible_organizations
from dangjian.members.models import Member
from dangjian.members.selectors import MemberFilters, member_search


def test_secretary_sees_exactly_own_branch(
    enterprise: SimpleNamespace,
    member_a: Member,
    member_b: Member,
    member_c: Member,
    secretary_a: User,
) -> None:
    assert set(visible_members(secretary_a)) == {member_a}
    orgs = set(visible_organizations(secretary_a))
    assert orgs == {enterprise.branch_a, enterprise.group_a}


def test_org_admin_sees_exactly_the_subtree(
    enterprise: SimpleNamespace,
    member_a: Member,
    member_b: Member,
    member_c: Member,
    org_admin_general: User,
) -> None:
    assert set(visible_members(org_admin_general)) == {member_a, member_b}
    assert enterprise.root not in set(visible_organizations(org_admin_general))
    assert enterprise.branch_c not in set(visible_organizations(org_admin_general))


def test_system_admin_sees_everything(
    enterprise: SimpleNamespace,
    member_a: Member,
    member_b: Member,
    member_c: Member,
    sysadmin: User,
) -> None:
    assert set(visible_members(sysadmin)) == {member_a, member_b, member_c}


def test_member_sees_only_own_record(
    enterprise: SimpleNamespace, member_a: Member, member_b: Member, member_a_user: User
) -> None:
    assert list(visible_members(member_a_user)) == [member_a]
    assert list(visible_organizations(member_a_user)) == []


def test_user_without_role_sees_nothing(
    enterprise: SimpleNamespace, member_a: Member, django_user_model: type[User]
) -> None:
    nobody = django_user_model.objects.create_user("nobody", password="x-Passw0rd!")
    assert list(visible_members(nobody)) == []


@pytest.mark.parametrize("url_name", ["members:detail", "members:edit", "members:change"])
def test_secretary_refused_other_branch_member_by_url(
    login: Callable[[User], Client], secretary_a: User, member_b: Member, url_name: str
) -> None:
    response = login(secretary_a).get(reverse(url_name, args=[member_b.pk]))
    assert response.status_code == 404  # as for a member that does not exist
    assert "李四" not in response.content.decode()


def test_out_of_scope_and_missing_answer_alike(
    login: Callable[[User], Client],
    secretary_a: User,
    member_b: Member,
    enterprise: SimpleNamespace,
) -> None:
    """No probing: another branch's member or organisation reads exactly as a missing one."""
    client = login(secretary_a)
    for name, pk in (("members:detail", member_b.pk), ("orgs:detail", enterprise.branch_b.pk)):
        theirs = client.get(reverse(name, args=[pk]))
        missing = client.get(reverse(name, args=[pk + 10_000]))
        assert theirs.status_code == missing.status_code == 404
        # The same page, but for the per-response CSRF token.
        assert theirs.context["detail"] == missing.context["detail"]
        assert "二支部" not in theirs.content.decode()


def test_secretary_refused_other_branch_org_page(
    login: Callable[[User], Client], secretary_a: User, enterprise: SimpleNamespace
) -> None:
    assert (
        login(secretary_a).get(reverse("orgs:detail", args=[enterprise.branch_b.pk])).status_code
        == 404
    )
    assert (
        login(secretary_a).get(reverse("orgs:children", args=[enterprise.general.pk])).status_code
        == 404
    )


def test_secretary_search_never_finds_other_branch(
    login: Callable[[User], Client], secretary_a: User, member_a: Member, member_b: Member
) -> None:
    client = login(secretary_a)
    link_b = reverse("members:detail", args=[member_b.pk])
    assert member_b.id_number is not None
    for query in ("李四", "ls", "lisi", member_b.id_number):
        assert link_b not in client.get(reverse("members:list"), {"q": query}).content.decode()
    own = client.get(reverse("members:list"), {"q": "zs"}).content.decode()
    assert reverse("members:detail", args=[member_a.pk]) in own  # the search itself works
    assert member_search(secretary_a, MemberFilters(q="李四"), member_b.birth_date).count() == 0


def test_secretary_filter_by_other_branch_is_refused(
    login: Callable[[User], Client],
    secretary_a: User,
    member_b: Member,
    enterprise: SimpleNamespace,
) -> None:
    response = login(secretary_a).get(
        reverse("members:list"), {"organization_id": enterprise.branch_b.pk}
    )
    assert response.status_code == 403


def test_secretary_cannot_reveal_other_branch_id(
    login: Callable[[User], Client], secretary_a: User, member_b: Member
) -> None:
    response = login(secretary_a).post(reverse("members:reveal", args=[member_b.pk, "id_number"]))
    assert response.status_code == 404
    assert member_b.id_number is not None
    assert member_b.id_number not in response.content.decode()


def test_secretary_cannot_move_member_into_other_branch(
    login: Callable[[User], Client],
    secretary_a: User,
    member_a: Member,
    enterprise: SimpleNamespace,
) -> None:
    response = login(secretary_a).post(
        reverse("members:change", args=[member_a.pk]),
        {
            "organization_id": enterprise.branch_b.pk, "status": "normal", "dues_category": "salaried",
            "effective_on": "2024-01-01", "reason": "调动",
        },
    )  # fmt: skip
    assert response.status_code in (200, 403)
    member_a.refresh_from_db()
    assert member_a.organization_id == enterprise.branch_a.pk


def test_member_cannot_open_manager_pages(
    login: Callable[[User], Client], member_a_user: User, member_b: Member
) -> None:
    client = login(member_a_user)
    assert client.get(reverse("members:list")).status_code == 403
    assert client.get(reverse("orgs:tree")).status_code == 403
    assert client.get(reverse("members:detail", args=[member_b.pk])).status_code == 404


def test_member_sees_own_page_and_may_reveal_own_id(
    login: Callable[[User], Client], member_a_user: User, member_a: Member
) -> None:
    client = login(member_a_user)
    assert client.get(reverse("members:detail", args=[member_a.pk])).status_code == 200
    assert may_reveal(member_a_user, member_a)
    assert not member_a_user.has_perm("members.change_member")


def test_reveal_writes_an_audit_record(
    login: Callable[[User], Client], org_admin_general: User, member_a: Member
) -> None:
    from dangjian.core.models import AuditLog

    response = login(org_admin_general).post(
        reverse("members:reveal", args=[member_a.pk, "id_number"])
    )
    assert response.status_code == 200
    assert member_a.id_number is not None
    assert member_a.id_number in response.content.decode()
    entry = AuditLog.objects.get(action="member.reveal")
    assert entry.actor == org_admin_general and entry.object_id == str(member_a.pk)


def test_secretary_without_reveal_grant_sees_only_masked(
    login: Callable[[User], Client], secretary_a: User, member_a: Member
) -> None:
    body = login(secretary_a).get(reverse("members:detail", args=[member_a.pk])).content.decode()
    assert member_a.id_number is not None
    assert member_a.id_number not in body
    assert member_a.id_number[:6] + "********" + member_a.id_number[-4:] in body
    assert (
        login(secretary_a)
        .post(reverse("members:reveal", args=[member_a.pk, "id_number"]))
        .status_code
        == 403
    )


def test_anonymous_is_sent_to_login(client: Client, member_a: Member) -> None:
    response = client.get(reverse("members:detail", args=[member_a.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]
