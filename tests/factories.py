"""Builders of test data through the real services (no shortcuts around validation)."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date
from typing import Any

from django.contrib.auth.models import User

from dangjian.accounts.models import Role, RoleGrant
from dangjian.members import services as member_services
from dangjian.members.inputs import MemberInput
from dangjian.members.models import Member
from dangjian.orgs import services as org_services
from dangjian.orgs.models import Organization
from dangjian.orgs.services import OrgInput
from dangjian.rules.idcard import make_id_number

_seq = itertools.count(1)


def make_org(
    name: str, kind: str, parent: Organization | None = None, **extra: Any
) -> Organization:
    code = extra.pop("code", f"T{next(_seq):05d}")
    data = OrgInput(
        name=name, code=code, kind=kind, parent_id=parent.pk if parent else None, **extra
    )
    return org_services.org_create(actor=None, data=data)


def member_input(org: Organization, **overrides: Any) -> MemberInput:
    n = next(_seq)
    birth = overrides.pop("birth_date", date(1985, 3, 1 + n % 27))
    gender = overrides.pop("gender", "M" if n % 2 else "F")
    joined = overrides.get("joined_on", date(2010, 7, 1))
    base = MemberInput(
        name=overrides.pop("name", f"测试{n}号"),
        gender=gender,
        birth_date=birth,
        id_number=make_id_number("110101", birth, n % 499, gender),
        ethnicity="汉族",
        education="bachelor",
        occupation="professional",
        stage="full",
        dues_category="salaried",
        organization_id=org.pk,
        joined_on=date(2010, 7, 1),
        confirmed_on=date(2011, 7, 1),
        applied_on=date(joined.year - 1, 3, 1) if joined else None,
        phone=f"139{n:08d}",
    )
    return replace(base, **overrides)


def make_member(org: Organization, actor: Any = None, **overrides: Any) -> Member:
    return member_services.member_create(actor=actor, data=member_input(org, **overrides))


def make_user(
    username: str,
    role: str | None = None,
    org: Organization | None = None,
    *,
    may_reveal: bool = False,
    member: Member | None = None,
) -> User:
    user = User.objects.create_user(username=username, password="Test-Passw0rd!")
    if role is not None:
        RoleGrant.objects.create(user=user, role=role, organization=org, may_reveal=may_reveal)
    if member is not None:
        member.user = user
        member.save(update_fields=["user"])
    return user


__all__ = ["Role", "make_member", "make_org", "make_user", "member_input"]
