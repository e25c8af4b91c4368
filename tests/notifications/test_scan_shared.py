"""The scan's shared reads give each person what their own reads give them: the scopes built
for a batch of people together, against the per-person path."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from django.contrib.auth.models import User

from dangjian.accounts.access import preset_scopes, scope_for
from dangjian.accounts.models import RoleGrant
from dangjian.members.choices import Status
from dangjian.members.models import Member
from tests.factories import Role, make_member, make_org, make_user

TODAY = date(2026, 11, 30)
Found = list[tuple[str, str, int]]


def _people(enterprise: SimpleNamespace) -> dict[str, User]:
    return {
        "secretary_b": make_user("shuji_b", Role.SECRETARY, enterprise.branch_b),
        "committee_admin": make_user("dangwei", Role.ORG_ADMIN, enterprise.root),
        "system_admin": make_user("xitong", Role.SYSTEM_ADMIN),
    }


def test_scopes_built_together_equal_scopes_built_one_by_one(
    enterprise: SimpleNamespace,
) -> None:
    """A secretary (the branch and its 党小组), a 党委 administrator, the system administrator,
    a member, one holding two grants, and a suspended member whose secretary's grant gives
    nothing."""
    inner = make_org("二级党委", "committee", enterprise.root)
    both = make_user("two_grants", Role.ORG_ADMIN, inner)
    RoleGrant.objects.create(user=both, role=Role.SECRETARY, organization=enterprise.branch_a)
    suspended = make_member(enterprise.branch_b, name="停止戊")
    Member.objects.filter(pk=suspended.pk).update(status=Status.SUSPENDED)
    people = {**_people(enterprise), "two_grants": both,
              "secretary_a": make_user("secretary_a", Role.SECRETARY, enterprise.branch_a),
              "member": make_user("member", member=make_member(enterprise.branch_c, name="党员己")),
              "suspended": make_user("suspended", Role.SECRETARY, enterprise.branch_b,
                                     member=Member.objects.get(pk=suspended.pk))}  # fmt: skip
    together = {name: User.objects.get(pk=user.pk) for name, user in people.items()}
    preset_scopes(list(together.values()))
    for name, user in people.items():
        assert scope_for(together[name]) == scope_for(User.objects.get(pk=user.pk)), name
    assert enterprise.group_a.pk in scope_for(together["secretary_a"]).own_org_ids
    assert scope_for(together["suspended"]).own_org_ids == ()
