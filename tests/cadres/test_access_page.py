"""The security administrator grants and revokes the cadre permission on a page, through the
same services as ``dangjian cadre_access``, audited; nobody else may."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from dangjian.accounts.models import RoleGrant
from dangjian.cadres.models import CadreAccess
from dangjian.core.models import AuditLog
from tests.factories import Role, make_user

Login = Callable[[User], Client]


@pytest.fixture
def security_admin(enterprise: SimpleNamespace) -> User:
    return make_user("anquan", Role.SECURITY_ADMIN, None)


def _own(user: User) -> Client:
    """A client of its own (the ``login`` fixture shares one between users)."""
    client = Client()
    client.force_login(user)
    return client


def _url(grant: RoleGrant, action: str) -> str:
    return reverse("cadres:access_change", args=[grant.pk, action])


def test_the_security_administrator_grants_and_revokes_on_the_page(
    security_admin: User, plain_admin: User, cadre_admin: User, login: Login
) -> None:
    grant = RoleGrant.objects.get(user=plain_admin)
    client = login(security_admin)
    page = client.get(reverse("cadres:access")).content.decode()
    assert f'data-grant="{grant.pk}"' in page and "未授予" in page and "zuzhi_plain" in page
    assert _own(plain_admin).get(reverse("cadres:list")).status_code == 403
    granted = client.post(_url(grant, "grant"), follow=True)
    assert "已授予zuzhi_plain的组织管理员角色干部信息查看权限" in granted.content.decode()
    access = CadreAccess.objects.get(grant=grant)
    assert access.granted_by == security_admin
    assert AuditLog.objects.filter(action="cadre.access_grant", actor=security_admin).count() == 1
    assert _own(plain_admin).get(reverse("cadres:list")).status_code == 200
    revoked = client.post(_url(grant, "revoke"), follow=True)
    assert "已撤销" in revoked.content.decode()
    assert not CadreAccess.objects.filter(grant=grant).exists()
    assert AuditLog.objects.filter(action="cadre.access_revoke", actor=security_admin).count() == 1
    assert _own(plain_admin).get(reverse("cadres:list")).status_code == 403
    again = client.post(_url(grant, "revoke"), follow=True)  # nothing to revoke: said, not logged
    assert "原本没有" in again.content.decode()
    assert AuditLog.objects.filter(action="cadre.access_revoke").count() == 1


def test_only_the_security_administrator_may_open_or_use_the_page(
    security_admin: User, plain_admin: User, cadre_admin: User, login: Login,
    enterprise: SimpleNamespace,
) -> None:  # fmt: skip
    system = make_user("xitong", Role.SYSTEM_ADMIN, None)
    grant = RoleGrant.objects.get(user=plain_admin)
    for user in (cadre_admin, system, plain_admin):
        client = _own(user)
        assert client.get(reverse("cadres:access")).status_code == 403
        assert client.post(_url(grant, "grant")).status_code == 403
    assert not CadreAccess.objects.filter(grant=grant).exists()
    held = RoleGrant.objects.get(user=cadre_admin)
    assert _own(plain_admin).post(_url(held, "revoke")).status_code == 403
    assert CadreAccess.objects.filter(grant=held).exists()


def test_a_role_that_may_not_carry_it_is_refused_in_chinese(
    security_admin: User, secretary_a: User, login: Login
) -> None:
    grant = RoleGrant.objects.get(user=secretary_a)
    client = login(security_admin)
    page = client.get(reverse("cadres:access")).content.decode()
    assert f'data-grant="{grant.pk}"' not in page  # only administrators' roles are listed
    refused = client.post(_url(grant, "grant"), follow=True)
    assert "只能授予系统管理员或组织管理员角色" in refused.content.decode()
    assert not CadreAccess.objects.filter(grant=grant).exists()


def test_unknown_grants_and_actions_are_404_and_a_get_is_refused(
    security_admin: User, plain_admin: User, login: Login
) -> None:
    grant = RoleGrant.objects.get(user=plain_admin)
    client = login(security_admin)
    assert client.post(reverse("cadres:access_change", args=[999999, "grant"])).status_code == 404
    assert client.post(_url(grant, "delete")).status_code == 404
    assert client.get(_url(grant, "grant")).status_code == 405
    assert not CadreAccess.objects.filter(grant=grant).exists()


def test_the_roles_page_links_to_the_cadre_permission(security_admin: User, login: Login) -> None:
    page = login(security_admin).get(reverse("accounts:roles")).content.decode()
    assert reverse("cadres:access") in page
