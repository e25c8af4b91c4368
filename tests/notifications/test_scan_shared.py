"""The scan's shared reads give each person what their own reads give them: the scopes built
for a batch of people together, and the transfers queue read once for everyone, against the
per-person path (the home page's selectors, each person read afresh)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from django.contrib.auth.models import User

from dangjian.accounts.access import preset_scopes, scope_for
from dangjian.accounts.models import RoleGrant
from dangjian.core.due import counted_source, due_item_sources
from dangjian.dynamics.models import FloatingRecord, Transfer, TransferState
from dangjian.dynamics.queues import OpenTransfers, transfers_awaiting
from dangjian.dynamics.standing_models import LostContact
from dangjian.members.choices import Status
from dangjian.members.models import Member
from dangjian.notifications.scan import ScanContext, person_items, scan_batches
from tests.factories import Role, make_member, make_org, make_user

TODAY = date(2026, 11, 30)
Found = list[tuple[str, str, int]]


def _transfers(enterprise: SimpleNamespace) -> None:
    """MEM-2: out of 一支部 awaiting the sending 党委's approval, into 三支部 awaiting the
    receiving 党委's after the sending one approved, and into 二支部 awaiting acceptance."""
    moves = [(enterprise.branch_a, enterprise.branch_c, [], TransferState.APPROVING),
             (enterprise.branch_b, enterprise.branch_c, [{"level": "sending"}], TransferState.APPROVING),
             (enterprise.branch_c, enterprise.branch_b, [{"level": "sending"}, {"level": "receiving"}],
              TransferState.AWAITING)]  # fmt: skip
    for n, (source, target, approvals, state) in enumerate(moves):
        member = make_member(source, name=f"转接{'甲乙丙'[n]}")
        Transfer.objects.create(member=member, from_org=source, to_org=target, state=state,
                                effective_on=date(2026, 11, 1), reason="工作调动",
                                levels=["sending", "receiving"], approvals=approvals)  # fmt: skip


def _registers(enterprise: SimpleNamespace) -> None:
    """A lost contact in 一支部, one floating out of 三支部, a 困难党员 in 二支部."""
    lost = make_member(enterprise.branch_a, name="失联甲")
    LostContact.objects.create(member=lost, organization=lost.organization,
                               lost_since=date(2026, 1, 5))  # fmt: skip
    away = make_member(enterprise.branch_c, name="流出丙")
    FloatingRecord.objects.create(direction="out", member=away, organization=enterprise.branch_c,
                                  name=away.name, place="深圳", since=date(2026, 3, 1))  # fmt: skip
    poor = make_member(enterprise.branch_b, name="困难丁")
    Member.objects.filter(pk=poor.pk).update(in_difficulty=True)


def _people(enterprise: SimpleNamespace) -> dict[str, User]:
    return {
        "secretary_b": make_user("shuji_b", Role.SECRETARY, enterprise.branch_b),
        "committee_admin": make_user("dangwei", Role.ORG_ADMIN, enterprise.root),
        "system_admin": make_user("xitong", Role.SYSTEM_ADMIN),
    }


def _by_own_selectors(user: User) -> Found:
    """The per-person path: each counted category's selector, the person read afresh."""
    fresh = User.objects.get(pk=user.pk)
    return sorted((category, item.key, item.count) for category, selector in due_item_sources()
                  if counted_source(category) is not None
                  for item in selector(fresh, TODAY) if item.count and item.key)  # fmt: skip


def _by_scan() -> dict[str, Found]:
    """The shared path: the scan's batches, one context for everyone."""
    context = ScanContext(TODAY)
    return {user.username: sorted((category, item.key, item.count)
                                  for category, item in person_items(user, TODAY, context)
                                  if counted_source(category) is not None)
            for batch in scan_batches() for user in batch}  # fmt: skip


def test_the_shared_path_gives_each_person_the_items_of_their_own_selectors(
    enterprise: SimpleNamespace,
) -> None:
    """MEM-2, MEM-3, MEM-4: a branch secretary, a 党委 administrator and the system
    administrator get, from the scan's shared reads, exactly their home page's items."""
    _transfers(enterprise)
    _registers(enterprise)
    people = _people(enterprise)
    found = _by_scan()
    for user in people.values():
        assert found[user.username] == _by_own_selectors(user), user.username
    waiting = {name: dict((key, n) for _c, key, n in found[user.username])
               .get("dynamics.transfers_waiting") for name, user in people.items()}  # fmt: skip
    # The secretary accepts one; the 党委 above both sides approves two and accepts one.
    assert waiting == {"secretary_b": 1, "committee_admin": 3, "system_admin": 3}
    assert ("dynamics", "dynamics.lost_contact", 1) in found["dangwei"]
    assert ("members", "members.difficulty", 1) in found["shuji_b"]


def test_the_transfers_queue_read_once_is_each_person_s_own_queue(
    enterprise: SimpleNamespace,
) -> None:
    """MEM-2: the same transfers in the same order, for the three kinds of manager and for an
    administrator of the 党总支 (who approves none: the 党委 above does; accepts the one
    into 二支部)."""
    _transfers(enterprise)
    people = [*_people(enterprise).values(),
              make_user("zongzhi", Role.ORG_ADMIN, enterprise.general)]  # fmt: skip
    queue = OpenTransfers()
    for user in people:
        fresh = User.objects.get(pk=user.pk)
        assert queue.awaiting(fresh) == transfers_awaiting(fresh), user.username
    into_b = Transfer.objects.get(to_org=enterprise.branch_b)
    assert queue.awaiting(User.objects.get(username="zongzhi")) == [into_b]


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
