"""三员分立: the system, security and audit administrators each do their own work only.

GB/T 22239-2019 8.1.4.2 c): 授予管理用户所需的最小权限，实现管理用户的权限分离.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from types import SimpleNamespace
from typing import TYPE_CHECKING

import pytest
from django.contrib.auth.models import User
from django.test import Client
from pytest_django import DjangoAssertNumQueries
from python_calamine import CalamineWorkbook

from dangjian.accounts.models import Role, RoleGrant
from dangjian.accounts.services import role_grant
from dangjian.core.errors import InvalidInput
from dangjian.core.models import AuditLog
from dangjian.members.models import Member
from tests.factories import make_user

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

pytestmark = pytest.mark.django_db


def _reveal(client: Client, member: Member) -> _MonkeyPatchedWSGIResponse:
    return client.post(f"/members/{member.pk}/reveal/id_number/")


def test_audit_admin_reads_the_log_in_chinese(
    login: Callable[[User], Client], org_admin_general: User, audit_admin: User, member_a: Member
) -> None:
    assert _reveal(login(org_admin_general), member_a).status_code == 200
    page = login(audit_admin).get("/audit/")
    assert page.status_code == 200
    text = page.content.decode()
    assert f"查看完整公民身份号码</strong> · 党员 {member_a.name}" in text
    assert "zongzhi_admin" in text


def test_audit_log_shows_before_and_after_field_by_field(
    login: Callable[[User], Client],
    sysadmin: User,
    audit_admin: User,
    enterprise: SimpleNamespace,
    member_a: Member,
) -> None:
    from dataclasses import replace

    from dangjian.members.services import member_update
    from tests.factories import member_input

    data = replace(member_input(enterprise.branch_a), **{
        k: getattr(member_a, k) for k in ("name", "gender", "birth_date", "id_number", "phone", "joined_on", "confirmed_on", "applied_on")
    })  # fmt: skip
    member_update(actor=sysadmin, member_id=member_a.pk, data=replace(data, job_title="高级技师"))
    text = login(audit_admin).get("/audit/", {"action": "member.update"}).content.decode()
    assert "<td>职务/职称</td><td>—</td><td>高级技师</td>" in text


def test_audit_filters_and_export(
    login: Callable[[User], Client],
    sysadmin: User,
    audit_admin: User,
    secretary_a: User,
    member_b: Member,
) -> None:
    login(secretary_a).get(f"/members/{member_b.pk}/")  # refused: a security event
    client = login(audit_admin)
    page = client.get("/audit/", {"outcome": "denied", "who": "shuji"})
    assert [r.log.action for r in page.context["rows"]] == ["access.denied"]
    bad = client.get("/audit/", {"since": "2026-05-02", "until": "2026-05-01"})
    assert bad.status_code == 200 and "截止日期不能早于起始日期" in bad.content.decode()
    export = client.get("/audit/export/", {"outcome": "denied"})
    assert export.status_code == 200
    rows = (
        CalamineWorkbook.from_filelike(io.BytesIO(b"".join(export.streaming_content)))  # type: ignore[attr-defined]  # streamed; the client type omits it
        .get_sheet_by_index(0)
        .to_python()
    )
    assert rows[0][:4] == ["序号", "时间", "类别", "操作人"]
    assert [r[5] for r in rows[1:]] == ["拒绝访问"]
    assert AuditLog.objects.filter(action="audit.export", actor=audit_admin).exists()


@pytest.mark.parametrize(
    "path", ["/audit/", "/audit/export/", "/account/locks/", "/account/roles/"]
)
def test_system_admin_may_not_read_the_log_nor_manage_security(
    login: Callable[[User], Client], sysadmin: User, path: str
) -> None:
    assert login(sysadmin).get(path).status_code == 403


@pytest.mark.parametrize("path", ["/audit/", "/audit/export/", "/members/", "/orgs/", "/dues/"])
def test_security_admin_reads_neither_the_log_nor_the_archive(
    login: Callable[[User], Client], security_admin: User, path: str
) -> None:
    assert login(security_admin).get(path).status_code == 403


@pytest.mark.parametrize(
    "path", ["/members/", "/orgs/", "/dues/", "/account/locks/", "/account/roles/"]
)
def test_audit_admin_reads_the_log_and_nothing_else(
    login: Callable[[User], Client], audit_admin: User, path: str
) -> None:
    assert login(audit_admin).get(path).status_code == 403


def test_nobody_can_alter_the_log_through_the_application(
    login: Callable[[User], Client], audit_admin: User
) -> None:
    client = login(audit_admin)
    assert client.post("/audit/").status_code in (403, 405)
    log = AuditLog.objects.first()
    assert log is not None
    with pytest.raises(PermissionError):
        log.delete()


def test_a_superuser_holding_the_audit_role_still_may_not_read(
    login: Callable[[User], Client], audit_admin: User
) -> None:
    audit_admin.is_superuser = True
    audit_admin.save(update_fields=["is_superuser"])
    assert login(audit_admin).get("/audit/").status_code == 403


def test_security_admin_grants_roles_but_never_two_separated_ones(
    login: Callable[[User], Client],
    security_admin: User,
    sysadmin: User,
    enterprise: SimpleNamespace,
) -> None:
    someone = make_user("someone")
    grant = role_grant(
        actor=security_admin, user=someone, role=Role.SECRETARY, organization=enterprise.branch_a
    )
    assert grant.organization == enterprise.branch_a
    with pytest.raises(InvalidInput, match="须由不同人员担任"):
        role_grant(actor=security_admin, user=sysadmin, role=Role.AUDIT_ADMIN)
    page = login(security_admin).post(
        "/account/roles/", {"username": "sysadmin", "role": "audit_admin"}
    )
    assert page.status_code == 200 and "须由不同人员担任" in page.content.decode()
    assert not RoleGrant.objects.filter(user=sysadmin, role=Role.AUDIT_ADMIN).exists()
    assert AuditLog.objects.filter(action="role.grant", actor=security_admin).count() == 1


def test_overseers_hold_no_data_role_and_nobody_grants_himself(
    login: Callable[[User], Client],
    security_admin: User,
    audit_admin: User,
    enterprise: SimpleNamespace,
) -> None:
    """GB/T 22239-2019 8.1.4.2: the security administrator would otherwise grant himself the
    data he guards, the audit administrator read what the log records."""
    colleague = make_user("anquan_2", Role.SECURITY_ADMIN, None)
    for user in (security_admin, audit_admin):
        with pytest.raises(InvalidInput, match="不能兼任其他角色"):
            role_grant(actor=colleague, user=user, role=Role.ORG_ADMIN,
                       organization=enterprise.root, may_reveal=True)  # fmt: skip
    clerk = make_user("clerk")
    role_grant(actor=security_admin, user=clerk, role=Role.SECRETARY,
               organization=enterprise.branch_a)  # fmt: skip
    with pytest.raises(InvalidInput, match="不能兼任其他角色"):
        role_grant(actor=security_admin, user=clerk, role=Role.AUDIT_ADMIN)
    page = login(security_admin).post(
        "/account/roles/",
        {"username": "anquan_t", "role": "secretary", "organization": enterprise.branch_a.code},
    )
    assert "不能给自己授予角色" in page.content.decode()
    assert login(security_admin).get("/members/").status_code == 403
    assert (
        not RoleGrant.objects.filter(user__in=[security_admin, audit_admin])
        .exclude(role__in=[Role.SECURITY_ADMIN, Role.AUDIT_ADMIN])
        .exists()
    )


def test_system_admin_may_not_grant_roles(sysadmin: User) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        role_grant(actor=sysadmin, user=make_user("x"), role=Role.AUDIT_ADMIN)


def test_demo_has_three_separated_admins_who_must_change_the_demo_password() -> None:
    from dangjian.accounts.access import scope_for
    from dangjian.accounts.models import AccountSecurity
    from dangjian.demo.users import DEFAULT_PASSWORD, create_admin

    admin = create_admin(DEFAULT_PASSWORD)
    users = {u.username: u for u in type(admin).objects.all()}
    assert scope_for(users["admin"]).everything and not scope_for(users["admin"]).reads_audit_log
    assert scope_for(users["anquan"]).manages_security
    assert scope_for(users["shenji"]).reads_audit_log and not scope_for(users["shenji"]).is_manager
    flags = AccountSecurity.objects.filter(must_change_password=True)
    assert set(flags.values_list("user__username", flat=True)) == {"admin", "anquan", "shenji"}


def test_audit_page_query_count_does_not_grow_with_the_rows(
    login: Callable[[User], Client],
    audit_admin: User,
    enterprise: SimpleNamespace,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    from dangjian.core.audit import audit

    for n in range(60):
        audit(actor=None, action="org.update", obj=enterprise.root, after={"name": f"名称{n}"})
    client = login(audit_admin)
    # Six for the page, one for the header's unread-message count (every page has it).
    with django_assert_max_num_queries(7):
        assert client.get("/audit/").status_code == 200
