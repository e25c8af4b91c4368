"""The home page's 发展党员 items count what the pipeline lists with the same filter: for a
branch secretary and for a 党委 administrator, through the selector and through the API."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from dangjian.core.due import DueItem, due_items
from dangjian.development.due import development_due_items
from dangjian.development.selectors import PipelineFilters, pipeline
from dangjian.development.services import applicant_register
from tests.development.support import applicant_input, record
from tests.factories import Role, make_user


@pytest.fixture
def committee_admin(enterprise: SimpleNamespace) -> User:
    return make_user("dangwei_admin", Role.ORG_ADMIN, enterprise.root)


@pytest.fixture
def dues(enterprise: SimpleNamespace, secretary_a: User, secretary_b: User) -> None:
    """Per branch A/B/C: one talk overdue (received in 2023), one due within 30 days
    (received 10 days ago), one talked to (no deadline left); A has a second overdue one."""
    today = timezone.localdate()
    recent = today - timedelta(days=10)
    for branch in (enterprise.branch_a, enterprise.branch_b, enterprise.branch_c):
        applicant_register(actor=None, data=applicant_input(branch))
        applicant_register(
            actor=None, data=applicant_input(branch, applied_on=recent, received_on=recent)
        )
        talked = applicant_register(actor=None, data=applicant_input(branch))
        record(None, talked, "talk", date(2023, 3, 20), talker="王书记")
    applicant_register(actor=None, data=applicant_input(enterprise.branch_a))


def _items(user: User) -> dict[str, DueItem]:
    return {i.key: i for i in development_due_items(user, timezone.localdate())}


def _filters(item: DueItem) -> PipelineFilters:
    query = parse_qs(urlsplit(item.url).query)
    return PipelineFilters(stage=query.get("stage", [""])[0], due=query.get("due", [""])[0])


@pytest.mark.parametrize(
    ("who", "overdue", "soon"),
    [("secretary_a", 2, 1), ("secretary_b", 1, 1), ("committee_admin", 4, 3)],
)
def test_each_item_counts_the_pipeline_rows_of_its_filter(
    request: pytest.FixtureRequest,
    login: Callable[[User], Client],
    dues: None,
    who: str,
    overdue: int,
    soon: int,
) -> None:
    user: User = request.getfixturevalue(who)
    today = timezone.localdate()
    items = _items(user)
    assert (items["development.overdue"].count, items["development.soon"].count) == (overdue, soon)
    client = login(user)
    for item in items.values():
        listed = pipeline(user, None, _filters(item), today)
        assert item.count == listed.count() == len(list(listed))
        query = urlsplit(item.url).query
        api = client.get(f"/api/development?{query}")
        assert api.status_code == 200, api.content
        assert item.count == api.json()["count"], f"{who}: {item.title}"


def test_the_items_are_on_the_home_page_list_for_managers_only(
    dues: None, secretary_a: User, member_a_user: User
) -> None:
    today = timezone.localdate()
    assert {"development.overdue", "development.soon"} <= {
        i.key for i in due_items(secretary_a, today)
    }
    assert not [i for i in due_items(member_a_user, today) if i.key.startswith("development.")]


def test_the_overdue_item_cites_the_articles(dues: None, secretary_a: User) -> None:
    item = _items(secretary_a)["development.overdue"]
    assert item.severity == "alert"
    assert "《中国共产党发展党员工作细则》第七条" in item.citation
