"""A meeting question naming a branch is about that branch: period words are parsed off before
the name, and a branch outside the asker's scope is refused as a missing one would be, never
answered for the asker's own branch instead."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from pytest_django import Settings

from dangjian.assistant.intents import parse_data_intent
from dangjian.assistant.tools import call_tool
from dangjian.meetings.models import Meeting, MeetingState
from dangjian.rules.meetings.kinds import Frequency, MeetingKind
from dangjian.rules.meetings.periods import period_of
from tests.factories import make_org
from tests.meetings.test_services import plan


@pytest.fixture(autouse=True)
def _lexical_only(settings: Settings) -> None:
    settings.DENSE_RETRIEVAL = False
    settings.LLM_BASE_URL = ""


@pytest.mark.parametrize(
    ("question", "name", "span", "offset"),
    [
        ("本季度变电运维一站党支部开党员大会了吗", "变电运维一站党支部", "quarter", 0),
        ("上季度昌图镇供电所党支部开党员大会了吗", "昌图镇供电所党支部", "quarter", -1),
        ("本月昌图镇供电所党支部开支部党员大会了吗", "昌图镇供电所党支部", "month", 0),
        ("上月二支部开主题党日了吗", "二支部", "month", -1),
        ("今年昌图镇供电所党支部讲党课了吗", "昌图镇供电所党支部", "year", 0),
        ("去年昌图镇供电所党支部开组织生活会了吗", "昌图镇供电所党支部", "year", -1),
        ("昌图镇供电所党支部本季度开党员大会了吗", "昌图镇供电所党支部", "quarter", 0),
        ("本季度我们支部开党员大会了吗", None, "quarter", 0),
    ],
)
def test_period_words_are_parsed_off_before_the_name(
    secretary_a: User, question: str, name: str | None, span: str, offset: int
) -> None:
    intent = parse_data_intent(secretary_a, question)
    assert intent is not None and intent.tool == "meeting_held"
    assert intent.arguments["organization"] == name
    assert (intent.arguments["span"], intent.arguments["offset"]) == (span, offset)


def test_another_branch_named_is_refused_as_a_missing_one(
    enterprise: SimpleNamespace, secretary_b: User
) -> None:
    """二支部's secretary asks about 变电运维一站党支部 (which held its 党员大会): refused with the
    same words as for a branch that does not exist, and never answered for 二支部."""
    other = make_org("变电运维一站党支部", "branch", enterprise.general)
    day = period_of(timezone.localdate(), Frequency.QUARTER).first_day
    meeting = plan(None, other.pk, day, MeetingKind.BRANCH_ASSEMBLY)
    Meeting.objects.filter(pk=meeting.pk).update(state=MeetingState.RECORDED)
    answers = {}
    for branch in ("变电运维一站党支部", "红旗供电所党支部"):
        intent = parse_data_intent(secretary_b, f"本季度{branch}开党员大会了吗")
        assert intent is not None
        result = call_tool(secretary_b, intent.tool, intent.arguments)
        assert result.data.get("refused"), result.text
        assert "二支部" not in result.text and meeting.topic not in result.text
        answers[branch] = result.text.replace(branch, "某支部")
    assert answers["变电运维一站党支部"] == answers["红旗供电所党支部"]
