"""The scan counts the registers' items by organisation once for everyone: each person's items
must be exactly what their own selectors give them (the home page's cards)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from django.contrib.auth.models import User

from dangjian.accounts.models import Role
from dangjian.core.due import counted_source, due_item_sources
from dangjian.dynamics.models import FloatingRecord
from dangjian.dynamics.standing_models import LostContact
from dangjian.members.choices import Stage
from dangjian.members.models import Member
from dangjian.notifications.scan import ScanContext, person_items
from tests.factories import make_member, make_user

TODAY = date(2026, 11, 30)


def _registers(enterprise: SimpleNamespace) -> None:
    """Lost contact in 一支部 and in 二支部, floating out of 三支部, a 困难党员 in 一支部
    and a probationary member of 二支部 whose year ends within the month."""
    in_a = make_member(enterprise.branch_a, name="失联甲")
    in_b = make_member(enterprise.branch_b, name="失联乙")
    for member in (in_a, in_b):
        LostContact.objects.create(member=member, organization=member.organization,
                                   lost_since=date(2026, 1, 5))  # fmt: skip
    away = make_member(enterprise.branch_c, name="流出丙")
    FloatingRecord.objects.create(direction="out", member=away, organization=enterprise.branch_c,
                                  name=away.name, place="深圳", since=date(2026, 3, 1))  # fmt: skip
    poor = make_member(enterprise.branch_a, name="困难丁")
    Member.objects.filter(pk=poor.pk).update(in_difficulty=True)
    probationary = make_member(enterprise.branch_b, name="预备戊")
    Member.objects.filter(pk=probationary.pk).update(
        stage=Stage.PROBATIONARY, joined_on=date(2025, 12, 10), confirmed_on=None
    )


def _by_selector(user: User) -> list[tuple[str, str, int]]:
    fresh = User.objects.get(pk=user.pk)
    found = [
        (category, item.key, item.count)
        for category, selector in due_item_sources()
        if counted_source(category) is not None
        for item in selector(fresh, TODAY)
        if item.count and item.key
    ]
    return sorted(found)


def _by_scan(user: User, context: ScanContext) -> list[tuple[str, str, int]]:
    fresh = User.objects.get(pk=user.pk)
    found = [
        (category, item.key, item.count)
        for category, item in person_items(fresh, TODAY, context)
        if counted_source(category) is not None
    ]
    return sorted(found)


def test_counted_items_equal_each_person_s_own_selectors(enterprise: SimpleNamespace) -> None:
    """MEM-3, MEM-4, DEV-17: a secretary sees the branch, an administrator the
    subtree, the system administrator everything, a member without a role nothing."""
    _registers(enterprise)
    people = [
        make_user("root_admin", Role.SYSTEM_ADMIN),
        make_user("general_admin", Role.ORG_ADMIN, enterprise.general),
        make_user("secretary_a", Role.SECRETARY, enterprise.branch_a),
        make_user("secretary_b", Role.SECRETARY, enterprise.branch_b),
        make_user("secretary_c", Role.SECRETARY, enterprise.branch_c),
        make_user("member", member=make_member(enterprise.branch_a, name="党员己")),
    ]
    context = ScanContext(TODAY)
    found = {user.username: _by_scan(user, context) for user in people}
    assert found == {user.username: _by_selector(user) for user in people}
    assert ("dynamics", "dynamics.lost_contact", 2) in found["general_admin"]
    assert ("dynamics", "dynamics.lost_contact", 1) in found["secretary_a"]
    assert ("members", "members.difficulty", 1) in found["secretary_a"]
    assert ("dynamics", "dynamics.floating", 1) in found["secretary_c"]
    assert ("members", "members.probation_due", 1) in found["secretary_b"]
    assert found["member"] == []
