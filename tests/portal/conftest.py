"""Named people of 党员服务: members of branches A and B with accounts, and their notices."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User

from dangjian.members.models import Member
from dangjian.portal.models import Bulletin
from dangjian.portal.services import BulletinInput, bulletin_publish
from tests.factories import make_member, make_user

TODAY = date(2026, 11, 30)


@pytest.fixture
def member_b_user(member_b: Member) -> User:
    return make_user("dangyuan_b", member=member_b)


@pytest.fixture
def member_c_user(member_c: Member) -> User:
    return make_user("dangyuan_c", member=member_c)


@pytest.fixture
def member_a2(enterprise: SimpleNamespace) -> Member:
    """A second member of branch A, with an account."""
    member = make_member(enterprise.branch_a, name="赵六")
    make_user("dangyuan_a2", member=member)
    return member


def publish(actor: User, org_id: int, title: str = "关于召开主题党日的通知") -> Bulletin:
    data = BulletinInput(organization_id=org_id, title=title, body="时间：周五下午\n地点：三楼",
                         published_on=date(2026, 11, 1))  # fmt: skip
    return bulletin_publish(actor=actor, data=data)


@pytest.fixture
def notice_a(secretary_a: User, enterprise: SimpleNamespace) -> Bulletin:
    """Branch A's secretary writes to branch A."""
    return publish(secretary_a, enterprise.branch_a.pk, "一支部通知")


@pytest.fixture
def committee_admin(enterprise: SimpleNamespace) -> User:
    """The 党委's organisation administrator."""
    from tests.factories import Role

    return make_user("dangwei_admin", Role.ORG_ADMIN, enterprise.root)


@pytest.fixture
def notice_root(committee_admin: User, enterprise: SimpleNamespace) -> Bulletin:
    """The 党委 writes to its whole subtree."""
    return publish(committee_admin, enterprise.root.pk, "党委通知")
