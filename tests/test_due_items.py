"""The due-items interface: each capability registers its own selector, and the home page
shows what the registry gives, in order, with the regulation cited and the rule ID as a tag."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from dangjian.core import due
from dangjian.core.due import DueItem, due_item_sources, due_items, register_due_items
from dangjian.development.due import development_due_items
from dangjian.dues.arrears import dues_attention
from dangjian.members.due import member_due_items
from dangjian.orgs.due import org_due_items


def test_each_capability_registers_its_own_selector() -> None:
    sources = dict(due_item_sources())
    assert sources["members"] is member_due_items
    assert sources["orgs"] is org_due_items
    assert sources["dues"] is dues_attention
    assert sources["development"] is development_due_items
    assert [name for name, _ in due_item_sources()][:4] == [
        "members",
        "orgs",
        "dues",
        "development",
    ]


def meetings_due(user: Any, today: date) -> list[DueItem]:
    """A workflow's selector as the coming workflows will write it."""
    return [
        DueItem("本季度尚未召开的党员大会", 2, "/orgs/", ("ORG-3",), "alert",
                due_on=date(today.year, 12, 31), key="meetings.quarterly")
    ]  # fmt: skip


@pytest.mark.django_db
def test_a_registered_workflow_shows_on_the_home_page(
    monkeypatch: pytest.MonkeyPatch, sysadmin: Any, login: Callable[[Any], Client]
) -> None:
    monkeypatch.setattr(due, "_SOURCES", dict(due._SOURCES))
    register_due_items("meetings", meetings_due, order=40)

    items = due_items(sysadmin, timezone.localdate())
    assert items[-1].key == "meetings.quarterly"

    html = login(sysadmin).get("/").content.decode()
    assert "本季度尚未召开的党员大会" in html
    assert "依据《中国共产党支部工作条例（试行）》第二十条" in html
    assert '<span class="tag" title="规则编号">ORG-3</span>' in html


def test_registering_a_name_again_replaces_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(due, "_SOURCES", {})
    register_due_items("meetings", meetings_due, order=40)
    register_due_items("meetings", meetings_due, order=5)
    assert due_item_sources() == [("meetings", meetings_due)]


@pytest.mark.django_db
def test_a_member_gets_no_manager_items(member_a_user: Any, secretary_a: Any) -> None:
    today = timezone.localdate()
    assert [i for i in due_items(member_a_user, today) if i.audience == "managed"] == []
    managed = {i.key for i in due_items(secretary_a, today) if i.audience == "managed"}
    assert {"members.difficulty", "orgs.structure", "dues.unpaid"} <= managed
