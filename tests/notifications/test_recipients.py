"""Recipients follow scope: a message naming a branch's people reaches those who may see that
branch, never a secretary of another branch holding the same role."""

from __future__ import annotations

from types import SimpleNamespace

from dangjian.notifications.models import Channel, Delivery
from dangjian.notifications.recipients import Audience, resolve
from dangjian.notifications.services import Message, notify
from tests.factories import Role, make_user
from tests.notifications.conftest import users_of


def branch_notice(key: str = "notice:1") -> Message:
    return Message(kind="notice", category="notice", title="一支部张三、赵六预备期将满",
                   dedupe_key=key, rules=("DEV-17",))  # fmt: skip


def test_secretaries_of_other_branches_never_receive_a_branch_s_names(
    enterprise: SimpleNamespace, people: SimpleNamespace
) -> None:
    audience = Audience(roles=(Role.SECRETARY, Role.ORG_ADMIN), organization=enterprise.branch_a)
    notify(actor=None, message=branch_notice(), audience=audience)
    inbox = Delivery.objects.filter(channel=Channel.INBOX).values_list("user_id", flat=True)
    assert users_of(inbox) == {"shuji_a", "zongzhi"}


def test_a_party_group_s_message_reaches_its_branch_secretary(
    enterprise: SimpleNamespace, people: SimpleNamespace
) -> None:
    found = resolve(Audience(roles=(Role.SECRETARY,), organization=enterprise.group_a))
    assert users_of(r.user_id for r in found) == {"shuji_a"}


def test_members_asked_for_are_the_branch_s_own(
    enterprise: SimpleNamespace, people: SimpleNamespace
) -> None:
    found = resolve(Audience(roles=("member",), organization=enterprise.branch_a))
    assert users_of(r.user_id for r in found) == {"dangyuan_a", "dangyuan_a2"}


def test_a_committee_s_notice_to_members_reaches_every_branch_below(
    enterprise: SimpleNamespace, people: SimpleNamespace
) -> None:
    found = resolve(Audience(roles=("member",), organization=enterprise.general))
    assert users_of(r.user_id for r in found) == {"dangyuan_a", "dangyuan_a2", "dangyuan_b"}


def test_system_administrators_receive_everything_asked_of_their_role(
    enterprise: SimpleNamespace, people: SimpleNamespace
) -> None:
    make_user("xitong", Role.SYSTEM_ADMIN, None)
    found = resolve(Audience(roles=(Role.SYSTEM_ADMIN,), organization=enterprise.branch_c))
    assert users_of(r.user_id for r in found) == {"xitong"}


def test_recipients_are_resolved_when_sent_not_when_written(
    enterprise: SimpleNamespace, people: SimpleNamespace
) -> None:
    """A secretary appointed after the first message receives the next one."""
    audience = Audience(roles=(Role.SECRETARY,), organization=enterprise.branch_a)
    notify(actor=None, message=branch_notice("notice:1"), audience=audience)
    make_user("new_shuji_a", Role.SECRETARY, enterprise.branch_a)
    notify(actor=None, message=branch_notice("notice:2"), audience=audience)
    second = Delivery.objects.filter(dedupe_key="notice:2").values_list("user_id", flat=True)
    assert users_of(second) == {"shuji_a", "new_shuji_a"}


def test_a_branch_s_robot_never_posts_another_branch_s_names(
    enterprise: SimpleNamespace, people: SimpleNamespace, robots: SimpleNamespace
) -> None:
    from dangjian.notifications.models import RoleDefault

    RoleDefault.objects.create(role=Role.SECRETARY, category="notice", channel=Channel.DINGTALK)
    audience = Audience(roles=(Role.SECRETARY,), organization=enterprise.branch_a)
    notify(actor=None, message=branch_notice(), audience=audience)
    robots_told = set(
        Delivery.objects.filter(robot__isnull=False).values_list("robot__name", flat=True)
    )
    assert robots_told == {"一支部钉钉群"}
