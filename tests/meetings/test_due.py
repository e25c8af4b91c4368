"""The home card of 组织生活: its count is the rows of the list it links to, per kind."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from dangjian.core.due import due_items
from dangjian.meetings.due import due_rows, meeting_due_items
from dangjian.meetings.models import Meeting, MeetingState
from dangjian.rules.meetings.kinds import Frequency, MeetingKind
from dangjian.rules.meetings.periods import period_of
from tests.factories import Role, make_user
from tests.meetings.test_services import plan


def _rows_listed(client: Client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    table = body.split('id="missing-table"', 1)[1].split("</tbody>", 1)[0]
    return len(re.findall(r"<td data-label=\"党组织\">", table))


@pytest.fixture
def held_this_quarter(enterprise: SimpleNamespace) -> Meeting:
    """一支部 held its 党员大会 and a 党课 this quarter; nobody held one last quarter."""
    today = timezone.localdate()
    day = period_of(today, Frequency.QUARTER).first_day
    meeting = plan(
        None, enterprise.branch_a.pk, day, MeetingKind.BRANCH_ASSEMBLY, MeetingKind.PARTY_LECTURE
    )
    Meeting.objects.filter(pk=meeting.pk).update(state=MeetingState.RECORDED)
    return meeting


def test_each_card_counts_the_rows_of_its_list(
    enterprise: SimpleNamespace, held_this_quarter: Meeting, login: Callable[[User], Client]
) -> None:
    admin = make_user("dangwei_admin", Role.ORG_ADMIN, enterprise.root)
    today = timezone.localdate()
    items = meeting_due_items(admin, today)
    assert items, "the enterprise's branches owe meetings this period"
    client = login(admin)
    for item in items:
        assert item.count == _rows_listed(client, item.url), item.title
    current = {i.key: i.count for i in items}
    # 三个支部 owe a 党员大会 this quarter; 一支部 held it, so two remain.
    assert current["meetings.current.branch_assembly"] == 2
    # Last quarter none of the three held one: all three missed it.
    assert current["meetings.previous.branch_assembly"] == 3
    assert (
        "meetings.current.party_lecture" in current
        and current["meetings.current.party_lecture"] == 2
    )
    # The group owes its monthly 党小组会.
    assert current["meetings.current.group_meeting"] == 1


def test_the_card_is_in_the_home_page_items_and_scoped(
    enterprise: SimpleNamespace, held_this_quarter: Meeting, secretary_b: User,
    member_a_user: User,
) -> None:  # fmt: skip
    today = timezone.localdate()
    keys = {i.key for i in due_items(secretary_b, today)}
    assert "meetings.current.branch_assembly" in keys
    rows = due_rows(secretary_b, today, "current", "branch_assembly")
    assert [r.organization.name for r in rows] == ["二支部"]
    assert meeting_due_items(member_a_user, today) == []


def test_a_returned_record_is_owed_again(
    enterprise: SimpleNamespace, held_this_quarter: Meeting
) -> None:
    admin = make_user("dangwei_admin", Role.ORG_ADMIN, enterprise.root)
    today = timezone.localdate()
    before = len(due_rows(admin, today, "current", "branch_assembly"))
    Meeting.objects.filter(pk=held_this_quarter.pk).update(state=MeetingState.RETURNED)
    assert len(due_rows(admin, today, "current", "branch_assembly")) == before + 1
    assert due_rows(admin, today + timedelta(days=0), "previous", "no_such_kind") == []
