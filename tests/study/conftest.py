"""Fixtures of 学习教育: a member of branch A with a login, a study item of the 党委."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User

from dangjian.members.models import Member
from dangjian.study.models import ItemKind, StudyItem
from tests.factories import Role, make_member, make_user


@pytest.fixture
def committee_admin(enterprise: SimpleNamespace) -> User:
    """The organisation department of the whole 党委."""
    return make_user("dangwei_admin", Role.ORG_ADMIN, enterprise.root)


@pytest.fixture
def member_b_user(member_b: Member) -> User:
    return make_user("dangyuan_b", member=member_b)


@pytest.fixture
def item_of_committee(enterprise: SimpleNamespace) -> StudyItem:
    """An intranet link of 1.5 学时 assigned by the 党委 to everyone under it."""
    return StudyItem.objects.create(
        organization=enterprise.root, title="学习党章", kind=ItemKind.LINK,
        url="http://study.intranet/dangzhang", hours=15, due_on=date(2099, 12, 31),
    )  # fmt: skip


@pytest.fixture
def item_of_branch_b(enterprise: SimpleNamespace) -> StudyItem:
    return StudyItem.objects.create(
        organization=enterprise.branch_b, title="二支部专题学习", kind=ItemKind.LINK,
        url="http://study.intranet/b", hours=10, due_on=date(2099, 12, 31),
    )  # fmt: skip


@pytest.fixture
def newcomer(enterprise: SimpleNamespace) -> Member:
    return make_member(enterprise.branch_a, name="赵六")
