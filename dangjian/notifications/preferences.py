"""Who wants which reminders on which channel: the user's own choice, else the administrator's
default for one of their roles, else the built-in default (the inbox only).

Categories are the capabilities that publish due items (``dangjian.core.due``) and "notice"
for notices written to people; a person chooses per category and channel.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.db import transaction

from dangjian.accounts.access import may_set_notification_defaults, require
from dangjian.accounts.models import Role
from dangjian.core.actor import Actor, acting_user
from dangjian.core.audit import audit
from dangjian.core.due import due_item_label, due_item_sources
from dangjian.notifications.models import Channel, Preference, RoleDefault

NOTICE = "notice"
MEMBER_ROLE = "member"
BUILT_IN_ON = frozenset({Channel.INBOX.value})
ROLE_LABELS = {MEMBER_ROLE: "党员", **{r.value: r.label for r in Role}}


def categories() -> list[tuple[str, str]]:
    """(category, Chinese label) for every capability with due items, then notices."""
    found = [(name, category_label(name)) for name, _selector in due_item_sources()]
    return [*found, (NOTICE, "通知公告")]


def category_label(name: str) -> str:
    """The Chinese label of the due-items source ``name``: the one it registered with, else
    its app's verbose name, else "其他提醒" (never the code name a person cannot read)."""
    label = due_item_label(name)
    if label:
        return label
    if apps.is_installed(f"dangjian.{name}"):
        config = apps.get_app_config(name)
        # Django's default verbose name is the label title-cased ("Members"): not a label.
        if str(config.verbose_name) != name.title():
            return str(config.verbose_name)
    return "其他提醒"


@dataclass(frozen=True)
class Choices:
    """The settings read for one category: users' own choices and the roles' defaults, as
    {(user_id, channel): enabled} and {(role, channel): enabled}."""

    own: dict[tuple[int, str], bool]
    role_defaults: dict[tuple[str, str], bool]

    def enabled(self, user_id: int, roles: Iterable[str], channel: str) -> bool:
        if not self.own and not self.role_defaults:  # nobody chose: the built-in default
            return channel in BUILT_IN_ON
        own = self.own.get((user_id, channel))
        if own is not None:
            return own
        defaults = [
            self.role_defaults[(r, channel)] for r in roles if (r, channel) in self.role_defaults
        ]
        if defaults:
            return any(defaults)
        return channel in BUILT_IN_ON


def choices_for(category: str, user_ids: Iterable[int] | None = None) -> Choices:
    """The choices of ``category`` for ``user_ids`` (None: every user who made one)."""
    own = Preference.objects.filter(category=category)
    if user_ids is not None:
        own = own.filter(user_id__in=list(user_ids))
    defaults = RoleDefault.objects.filter(category=category)
    return Choices(
        own={(u, c): e for u, c, e in own.values_list("user_id", "channel", "enabled")},
        role_defaults={(r, c): e for r, c, e in defaults.values_list("role", "channel", "enabled")},
    )


def enabled_for(user_id: int, roles: Iterable[str]) -> set[tuple[str, str]]:
    """The (category, channel) pairs ``user_id`` receives now, for their settings page."""
    roles = frozenset(roles)
    found = set()
    for category, _label in categories():
        choices = choices_for(category, [user_id])
        found |= {(category, ch.value) for ch in Channel if choices.enabled(user_id, roles, ch)}
    return found


def role_defaults_enabled(role: str) -> set[tuple[str, str]]:
    """The (category, channel) pairs on by default for ``role`` (the built-in default where the
    administrator set nothing)."""
    rows = dict(
        ((c, ch), e) for c, ch, e in
        RoleDefault.objects.filter(role=role).values_list("category", "channel", "enabled")
    )  # fmt: skip
    return {
        (category, ch.value)
        for category, _label in categories()
        for ch in Channel
        if rows.get((category, ch.value), ch.value in BUILT_IN_ON)
    }


def preferences_set(*, actor: Actor, chosen: set[tuple[str, str]]) -> None:
    """The acting user's own choice: exactly the (category, channel) pairs in ``chosen`` on,
    every other pair of the known categories and channels off."""
    user = acting_user(actor)
    require(user is not None, "请先登录")
    assert user is not None
    rows = [
        Preference(user=user, category=cat, channel=ch.value, enabled=(cat, ch.value) in chosen)
        for cat, _label in categories()
        for ch in Channel
    ]
    with transaction.atomic():
        Preference.objects.filter(user=user).delete()
        Preference.objects.bulk_create(rows)
        audit(actor=actor, action="notifications.preferences_set", obj=user,
              after={"on": sorted(f"{c}/{ch}" for c, ch in chosen)})  # fmt: skip


def role_defaults_set(*, actor: Actor, chosen: set[tuple[str, str, str]]) -> None:
    """The administrator's defaults: exactly the (role, category, channel) triples in
    ``chosen`` on, every other one off. PermissionDenied unless a system administrator."""
    require(may_set_notification_defaults(actor), "仅系统管理员可设置各角色的默认提醒方式")
    rows = [
        RoleDefault(
            role=role, category=cat, channel=ch.value, enabled=(role, cat, ch.value) in chosen
        )
        for role in ROLE_LABELS
        for cat, _label in categories()
        for ch in Channel
    ]
    with transaction.atomic():
        RoleDefault.objects.all().delete()
        RoleDefault.objects.bulk_create(rows)
        audit(actor=actor, action="notifications.role_defaults_set", obj=None,
              after={"on": sorted("/".join(t) for t in chosen)})  # fmt: skip
