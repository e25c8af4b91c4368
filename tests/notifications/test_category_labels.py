"""Every reminder category a person chooses channels for is named in Chinese on the settings
pages, never by its code name ("Members", "dynamics_standing")."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from dangjian.notifications.preferences import categories

HAN = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z_]")


def test_every_category_has_a_chinese_label(db: None) -> None:
    labels = dict(categories())
    assert labels["members"] == "党员信息"
    assert labels["dynamics_standing"] == "党籍与失联党员"
    assert labels["meetings"] == "组织生活"
    for name, label in labels.items():
        assert HAN.search(label) and not LATIN.search(label), (name, label)


def test_the_settings_pages_show_no_code_names(
    sysadmin: User, member_a_user: User, login: Callable[[User], Client]
) -> None:
    mine = login(member_a_user).get(reverse("notifications:settings")).content.decode()
    defaults = login(sysadmin).get(reverse("notifications:defaults")).content.decode()
    for page in (mine, defaults):
        assert "党员信息" in page and "党籍与失联党员" in page
        assert ">Members<" not in page and "dynamics_standing<" not in page
        assert not re.search(r">\s*(Members|dynamics_standing)\s*<", page)
