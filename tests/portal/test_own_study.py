"""The portal shows the member's study: the items still to study among the to-dos, and this
year's class hours against EDU-1 (EDU-2 for a committee member)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from dangjian.members.choices import PositionTitle
from dangjian.members.models import Member, Position
from dangjian.orgs.models import Organization
from dangjian.portal.home import portal_home
from dangjian.study.models import ItemKind, StudyItem
from dangjian.study.services import SessionInput, study_item_mark_studied, study_session_record

pytestmark = pytest.mark.django_db


def _item(org: Organization, title: str, due_on: date, hours: int = 15) -> StudyItem:
    return StudyItem.objects.create(organization=org, title=title, kind=ItemKind.LINK,
                                    url="http://study.intranet/x", hours=hours, due_on=due_on)  # fmt: skip


def test_the_items_to_study_are_todos_and_the_studied_one_is_not(
    enterprise: SimpleNamespace, member_a: Member, member_a_user: User,
    login: Callable[[User], Client],
) -> None:  # fmt: skip
    """EDU-1: the items assigned to the member's organisation or above, not yet studied."""
    today = timezone.localdate()
    late = _item(enterprise.root, "学习党章", today - timedelta(days=1))
    soon = _item(enterprise.branch_a, "学习准则", today + timedelta(days=5))
    done = _item(enterprise.branch_a, "学习条例", today + timedelta(days=9))
    _item(enterprise.branch_b, "二支部专题", today + timedelta(days=5))
    study_item_mark_studied(actor=member_a_user, item_id=done.pk)
    todos = [t for t in portal_home(member_a_user, today).todos if t.kind == "study"]
    assert [t.title for t in todos] == ["学习：学习党章", "学习：学习准则"]
    assert todos[0].detail.endswith("（已逾期）") and todos[0].url == f"/study/items/{late.pk}/"
    assert f"/study/items/{soon.pk}/" in login(member_a_user).get("/portal/").content.decode()


def test_more_items_than_the_list_holds_are_summed_up(
    enterprise: SimpleNamespace, member_a_user: User
) -> None:
    today = timezone.localdate()
    for i in range(7):
        _item(enterprise.branch_a, f"专题{i}", today + timedelta(days=i))
    todos = [t for t in portal_home(member_a_user, today).todos if t.kind == "study"]
    assert len(todos) == 6 and todos[-1].title == "还有2项待学习"


def test_the_hours_card_shows_online_and_offline_against_32(
    enterprise: SimpleNamespace, member_a: Member, member_a_user: User, secretary_a: User,
    login: Callable[[User], Client],
) -> None:  # fmt: skip
    today = timezone.localdate()
    item = _item(enterprise.branch_a, "学习党章", today + timedelta(days=5))
    study_item_mark_studied(actor=member_a_user, item_id=item.pk)
    study_session_record(actor=secretary_a, data=SessionInput(
        organization_id=enterprise.branch_a.pk, topic="集中学习", held_on=today, hours="4",
        member_ids=(member_a.pk,)))  # fmt: skip
    html = login(member_a_user).get("/portal/").content.decode()
    assert 'id="my-hours"' in html
    assert 'id="hours-online">1.5<' in html and 'id="hours-offline">4.0<' in html
    assert 'id="hours-total">5.5 / 32.0<' in html and "未达标，还差26.5学时" in html
    assert "（依据《中国共产党党员教育管理工作条例》第二十条）" in html


def test_a_committee_member_owes_56(
    enterprise: SimpleNamespace, member_a: Member, member_a_user: User
) -> None:
    Position.objects.create(member=member_a, organization=enterprise.branch_a,
                            title=PositionTitle.ORGANIZATION, started_on=date(2020, 1, 1))  # fmt: skip
    hours = portal_home(member_a_user, timezone.localdate()).hours
    assert hours is not None and hours.required == "56.0"
    assert hours.citation.startswith("（依据《中国共产党党员教育管理工作条例》第二十条）")
    assert "培训工作规划" in hours.citation
