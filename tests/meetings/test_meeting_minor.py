"""Small faults of 组织生活's doors: the online link's scheme, the history's words, the API's actor."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dangjian.meetings.models import Meeting
from dangjian.meetings.votes import meeting_vote_record
from dangjian.members.models import Member
from tests.factories import make_member, make_user
from tests.meetings.test_services import plan

JSON = "application/json"


def _api(org_id: int, **extra: object) -> dict[str, object]:
    return {"organization_id": org_id, "topic": "学习党章", "kinds": ["theme_day"],
            "starts_at": "2026-06-10T14:00:00+08:00", "ends_at": "2026-06-10T16:00:00+08:00",
            **extra}  # fmt: skip


@pytest.mark.parametrize(
    "link",
    ["javascript:alert(1)", "JavaScript:alert(1)", "ftp://x.cn/a", "data:text/html,x", "www"],
)
def test_an_online_link_is_http_or_https_only(
    link: str, enterprise: SimpleNamespace, secretary_a: User, login: Callable[[User], Client]
) -> None:
    client = login(secretary_a)
    answer = client.post("/api/meetings", _api(enterprise.branch_a.pk, online_link=link),
                         content_type=JSON)  # fmt: skip
    assert answer.status_code == 422, answer.content
    assert answer.json()["errors"][0]["field"] == "online_link"
    assert "https://" in answer.json()["errors"][0]["message"]
    assert not Meeting.objects.exists()
    fine = client.post("/api/meetings", _api(enterprise.branch_a.pk,
                       online_link="https://meeting.example.cn/123"), content_type=JSON)  # fmt: skip
    assert fine.status_code == 201, fine.content


def test_the_history_names_the_vote_and_the_api_names_who_acted(
    enterprise: SimpleNamespace, secretary_a: User, login: Callable[[User], Client]
) -> None:
    voters: list[Member] = [make_member(enterprise.branch_a, name=f"党员{i}") for i in range(2)]
    secretary_a.first_name = "王书记"
    secretary_a.save(update_fields=["first_name"])
    meeting = plan(secretary_a, enterprise.branch_a.pk, date(2026, 6, 10))
    meeting_vote_record(actor=secretary_a, meeting_id=meeting.pk, subject="推荐优秀党员",
                        kind="branch_assembly", present_ids=tuple(m.pk for m in voters), yes=2)  # fmt: skip
    client = login(secretary_a)
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "记录表决" in page and "vote：" not in page and "vote:" not in page
    detail = client.get(f"/api/meetings/{meeting.pk}").json()
    assert {e["action"]: e["actor"] for e in detail["events"]} == {
        "plan": "王书记",
        "vote": "王书记",
    }


def test_my_meetings_shows_the_year_of_a_meeting_in_another_year(
    enterprise: SimpleNamespace, secretary_a: User, login: Callable[[User], Client]
) -> None:
    member = make_member(enterprise.branch_a, name="手机党员")
    user = make_user("dangyuan_phone", member=member)
    today = timezone.localdate()
    next_year = date(today.year + 1, 1, 15)
    plan(secretary_a, enterprise.branch_a.pk, next_year)
    page = login(user).get(reverse("meetings:mine")).content.decode()
    assert f"{next_year.year}年1月15日" in page
