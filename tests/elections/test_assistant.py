"""The assistant's 班子与换届 questions, answered through the elections' scoped selectors."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from pytest_django import Settings

from dangjian.assistant.answering import answer_stream
from dangjian.assistant.intents import ToolIntent, parse_data_intent
from dangjian.assistant.tools import call_tool
from dangjian.elections.services import term_record
from dangjian.members.choices import PositionTitle
from dangjian.members.models import Member, Position
from tests.factories import make_member, make_user

DUE = "哪些支部今年要换届"


@pytest.fixture(autouse=True)
def _lexical_only(settings: Settings) -> None:
    settings.DENSE_RETRIEVAL = False
    settings.LLM_BASE_URL = ""


@pytest.fixture
def terms(enterprise: SimpleNamespace) -> None:
    """一支部's term ends this year (or has ended), 二支部's in two years, 三支部's overdue."""
    today = timezone.localdate()
    ends_this_year = date(today.year, 1, 15) if today.month > 1 else today
    term_record(actor=None, organization_id=enterprise.branch_a.pk, number=2,
                elected_on=ends_this_year.replace(year=ends_this_year.year - 3))  # fmt: skip
    term_record(actor=None, organization_id=enterprise.branch_b.pk, number=1,
                elected_on=today - timedelta(days=300))  # fmt: skip
    term_record(actor=None, organization_id=enterprise.branch_c.pk, number=4,
                elected_on=date(today.year - 5, 6, 1))  # fmt: skip


@pytest.fixture
def secretary_post(enterprise: SimpleNamespace) -> Member:
    person = make_member(enterprise.branch_b, name="王书记")
    Position.objects.create(member=person, organization=enterprise.branch_b,
                            title=PositionTitle.SECRETARY, started_on=date(2024, 3, 1))  # fmt: skip
    return person


def test_the_questions_are_routed_to_the_election_tools(secretary_a: User) -> None:
    assert parse_data_intent(secretary_a, DUE) == ToolIntent(
        "terms_due_in_year", {"organization": None, "year_offset": 0}
    )
    assert parse_data_intent(secretary_a, "二支部的书记是谁") == ToolIntent(
        "post_holder", {"organization": "二支部", "title": "secretary"}
    )
    deputy = parse_data_intent(secretary_a, "请问第一党总支的副书记是谁")
    assert deputy == ToolIntent(
        "post_holder", {"organization": "第一党总支", "title": "deputy_secretary"}
    )
    next_year = parse_data_intent(secretary_a, "明年哪些支部任期届满")
    assert next_year is not None and next_year.arguments["year_offset"] == 1
    assert parse_data_intent(secretary_a, "换届选举的程序是什么") is None


def test_the_committee_sees_the_terms_of_its_subtree_only(
    enterprise: SimpleNamespace, terms: None, org_admin_general: User
) -> None:
    events = list(answer_stream(org_admin_general, DUE))
    answer = events[-1][1]
    assert answer.kind == "data"
    assert "一支部（第2届" in answer.summary and "二支部" not in answer.summary
    assert "三支部" not in answer.summary  # under another 总支: not the asker's
    assert "《" in answer.summary and "ORG-5" not in answer.summary


def test_who_is_the_secretary_in_scope_and_refused_outside(
    enterprise: SimpleNamespace, secretary_post: Member, org_admin_general: User,
    secretary_a: User, secretary_b: User,
) -> None:  # fmt: skip
    asked = call_tool(
        org_admin_general, "post_holder", {"organization": "二支部", "title": "secretary"}
    )
    assert "二支部现任书记：王书记" in asked.text
    own = call_tool(secretary_b, "post_holder", {"title": "secretary"})
    assert "王书记" in own.text
    refused = call_tool(
        secretary_a, "post_holder", {"organization": "二支部", "title": "secretary"}
    )
    assert refused.data.get("refused") and "王书记" not in refused.text
    nobody = call_tool(secretary_a, "post_holder", {"title": "organization"})
    assert "没有组织委员的任职记录" in nobody.text


def test_a_member_asks_only_about_their_own_branch(
    enterprise: SimpleNamespace, secretary_post: Member, member_a: Member
) -> None:
    user = make_user("dangyuan", member=member_a)
    other = call_tool(user, "post_holder", {"organization": "二支部", "title": "secretary"})
    assert other.data.get("refused") and "王书记" not in other.text
    listed = call_tool(user, "terms_due_in_year", {})
    assert listed.data.get("refused")
