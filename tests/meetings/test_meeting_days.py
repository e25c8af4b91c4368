"""A meeting's day lies between its organisation's founding and the planning horizon, at
every door; the month and year of the 组织生活 pages are bounded like the other pages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.fixtures import Settings

from dangjian.core.errors import InvalidInput
from dangjian.meetings.models import Meeting
from tests.meetings.test_pages import errors_of
from tests.meetings.test_services import plan

JSON = "application/json"
Login = Callable[[User], Client]


def _api(org_id: int, day: date) -> dict[str, object]:
    return {"organization_id": org_id, "topic": "学习党章", "kinds": ["theme_day"],
            "starts_at": f"{day.isoformat()}T14:00:00+08:00",
            "ends_at": f"{day.isoformat()}T16:00:00+08:00"}  # fmt: skip


def test_the_service_refuses_a_day_before_the_founding_or_past_the_horizon(
    enterprise: SimpleNamespace, secretary_a: User, settings: Settings
) -> None:
    settings.MEETING_PLAN_HORIZON_DAYS = 365
    branch = enterprise.branch_a
    branch.founded_on = date(2020, 7, 1)
    branch.save(update_fields=["founded_on"])
    with pytest.raises(InvalidInput) as early:
        plan(secretary_a, branch.pk, date(2020, 6, 30))
    assert "2020年7月1日" in early.value.errors["starts_at"][0]
    assert "成立" in early.value.errors["starts_at"][0]
    late = timezone.localdate() + timedelta(days=366)
    with pytest.raises(InvalidInput) as far:
        plan(secretary_a, branch.pk, late)
    assert "提前365天" in far.value.errors["starts_at"][0]
    assert not Meeting.objects.exists()
    assert plan(secretary_a, branch.pk, date(2020, 7, 1)).held_on == date(2020, 7, 1)
    edge = timezone.localdate() + timedelta(days=365)
    assert plan(secretary_a, branch.pk, edge).held_on == edge


@pytest.mark.parametrize("day", [date(1900, 1, 1), date(2099, 12, 31)])
def test_the_api_and_the_page_refuse_a_nonsense_day_naming_the_range(
    day: date, enterprise: SimpleNamespace, secretary_a: User, login: Login
) -> None:
    client = login(secretary_a)
    answer = client.post("/api/meetings", _api(enterprise.branch_a.pk, day), content_type=JSON)
    assert answer.status_code == 422, answer.content
    error = answer.json()["errors"][0]
    assert error["field"] == "starts_at" and "会议日期应在" in error["message"]
    form = {"organization": enterprise.branch_a.pk, "topic": "学习会", "kinds": ["theme_day"],
            "held_on": day.isoformat(), "starts": "14:00", "ends": "16:00"}  # fmt: skip
    page = client.post(reverse("meetings:plan"), form)
    assert page.status_code == 400
    assert "会议日期应在" in errors_of(page.content.decode())["held_on"]
    assert not Meeting.objects.exists()


def test_a_month_or_year_out_of_range_answers_400_in_chinese(
    enterprise: SimpleNamespace, secretary_a: User, login: Login
) -> None:
    client = login(secretary_a)
    month = client.get(reverse("meetings:list"), {"month": "2100-01"})
    assert month.status_code == 400 and "2099" in month.content.decode()
    cadres = client.get(reverse("meetings:cadres"), {"year": "2100"})
    assert cadres.status_code == 400 and "年度应在2000至2099之间" in cadres.content.decode()
    assert client.get(reverse("meetings:list"), {"month": "2026-06"}).status_code == 200
