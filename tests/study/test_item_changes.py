"""A published study item changed or withdrawn by who may publish for its organisation: the due
date and hours changed with an event, before or after members started; a withdrawal leaves the
to-dos and keeps the hours already credited; other branches neither see nor change it."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dangjian.core.due import due_items
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.members.models import Member
from dangjian.study import selectors, services
from dangjian.study.models import ItemEventKind, StudyItem, StudyItemEvent
from tests.factories import make_user

Login = Callable[[User], Client]

NEW_DUE = date(2099, 6, 30)


def _to_do(user: User) -> list[str]:
    return [i.key for i in due_items(user, timezone.localdate()) if i.key.startswith("study.")]


def test_hours_change_after_a_member_started_keeps_what_was_credited(
    committee_admin: User, member_a_user: User, member_a: Member, item_of_committee: StudyItem
) -> None:
    """EDU-1: hours credited at 1.5 stay 1.5; the change is an event with before and after."""
    services.study_item_mark_studied(actor=member_a_user, item_id=item_of_committee.pk)
    change = services.ItemChange(due_on=NEW_DUE, hours="2.0", reason="增加研讨内容")
    services.study_item_change(actor=committee_admin, item_id=item_of_committee.pk, change=change)
    item_of_committee.refresh_from_db()
    assert (item_of_committee.hours, item_of_committee.due_on) == (20, NEW_DUE)
    event = StudyItemEvent.objects.get(item=item_of_committee)
    assert event.kind == ItemEventKind.CHANGED and event.reason == "增加研讨内容"
    assert event.changes == {"due_on": ["2099-12-31", "2099-06-30"], "hours": [15, 20]}
    status = selectors.member_status(member_a, timezone.localdate().year, timezone.localdate())
    assert status.online == 15


def test_a_change_that_changes_nothing_or_bad_hours_is_refused_by_field(
    committee_admin: User, item_of_committee: StudyItem
) -> None:
    same = services.ItemChange(due_on=item_of_committee.due_on, hours="1.5", reason="核对")
    with pytest.raises(InvalidInput) as nothing:
        services.study_item_change(actor=committee_admin, item_id=item_of_committee.pk, change=same)
    with pytest.raises(InvalidInput) as bad:
        services.study_item_change(actor=committee_admin, item_id=item_of_committee.pk,
                                   change=services.ItemChange(hours="1.55", reason="核对"))  # fmt: skip
    with pytest.raises(InvalidInput) as unexplained:
        services.study_item_change(actor=committee_admin, item_id=item_of_committee.pk,
                                   change=services.ItemChange(hours="1.7"))  # fmt: skip
    assert "due_on" in nothing.value.errors and "hours" in bad.value.errors
    assert unexplained.value.errors == {"reason": ["请填写修改原因"]}
    assert not StudyItemEvent.objects.exists()


@pytest.mark.parametrize(
    ("due_on", "message"),
    [
        (date(2000, 1, 1), "完成期限不能早于布置日期"),
        (date(2100, 1, 1), "完成期限应在1900-01-01至2099-12-31之间"),
    ],
)
def test_a_changed_due_date_stays_within_its_bounds(
    committee_admin: User, item_of_committee: StudyItem, due_on: date, message: str
) -> None:
    change = services.ItemChange(due_on=due_on, reason="调整")
    with pytest.raises(InvalidInput) as refused:
        services.study_item_change(actor=committee_admin, item_id=item_of_committee.pk,
                                   change=change)  # fmt: skip
    assert refused.value.errors == {"due_on": [message]}


def test_withdrawn_item_leaves_the_to_dos_and_keeps_credited_hours(
    committee_admin: User, member_a_user: User, member_a: Member, item_of_committee: StudyItem,
    newcomer: Member,
) -> None:  # fmt: skip
    services.study_item_mark_studied(actor=member_a_user, item_id=item_of_committee.pk)
    newcomer_user = make_user("xinren", member=newcomer)
    assert _to_do(newcomer_user) == ["study.items"]
    services.study_item_withdraw(actor=committee_admin, item_id=item_of_committee.pk,
                                 reason="内容已合并到其他任务")  # fmt: skip
    assert _to_do(newcomer_user) == []
    with pytest.raises(Http404):
        services.study_item_mark_studied(actor=newcomer_user, item_id=item_of_committee.pk)
    status = selectors.member_status(member_a, timezone.localdate().year, timezone.localdate())
    assert status.online == 15
    with pytest.raises(Conflict):
        services.study_item_withdraw(actor=committee_admin, item_id=item_of_committee.pk,
                                     reason="再次撤回")  # fmt: skip


def test_another_branch_s_secretary_can_neither_change_nor_withdraw(
    secretary_a: User, item_of_branch_b: StudyItem, item_of_committee: StudyItem
) -> None:
    """Branch A's secretary does not change branch B's item, nor the 党委's."""
    for item in (item_of_branch_b, item_of_committee):
        with pytest.raises(Http404):
            services.study_item_withdraw(actor=secretary_a, item_id=item.pk, reason="越权")
    assert not StudyItem.objects.filter(withdrawn_at__isnull=False).exists()


def test_page_says_credited_hours_stay_and_the_api_withdraws(
    login: Login, committee_admin: User, item_of_committee: StudyItem, secretary_b: User
) -> None:
    client = login(committee_admin)
    url = reverse("study:item_change", args=[item_of_committee.pk])
    form = client.get(url).content.decode()
    assert 'value="2099-12-31"' in form  # the date input shows the current due date
    unexplained = client.post(url, {"due_on": "2099-06-30", "hours": "1.5", "reason": ""})
    assert unexplained.status_code == 200 and "请填写此项" in unexplained.content.decode()
    changed = client.post(url, {"due_on": "2099-06-30", "hours": "1.5", "reason": "提前"})
    assert changed.status_code == 302
    page = client.get(url).content.decode()
    assert "已完成学习的0人所记学时保留" in page and "完成期限 2099-12-31 → 2099-06-30" in page
    refused = client.post(reverse("study:item_withdraw", args=[item_of_committee.pk]), {})
    assert "撤回原因" in refused.content.decode() and refused.status_code == 200
    other = login(secretary_b).post(f"/api/study/items/{item_of_committee.pk}/withdraw",
                                    json.dumps({"reason": "越权"}), content_type="application/json")  # fmt: skip
    assert other.status_code == 404
    body = json.dumps({"reason": "任务调整"})
    done = login(committee_admin).post(f"/api/study/items/{item_of_committee.pk}/withdraw", body,
                                       content_type="application/json")  # fmt: skip
    assert done.status_code == 200 and done.json()["withdrawn_at"] is not None
    patch = client.patch(f"/api/study/items/{item_of_committee.pk}", json.dumps({"hours": "3"}),
                         content_type="application/json")  # fmt: skip
    assert patch.status_code == 409 and "已撤回" in patch.json()["detail"]
