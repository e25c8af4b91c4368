"""The assistant's 组织生活 questions, answered through the meetings' scoped selectors."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from pytest_django import Settings

from dangjian.assistant.answering import answer_stream
from dangjian.assistant.intents import ToolIntent, parse_data_intent
from dangjian.assistant.tools import call_tool
from dangjian.meetings.models import Meeting, MeetingState
from dangjian.members.models import Member
from dangjian.rules.meetings.kinds import Frequency, MeetingKind
from dangjian.rules.meetings.periods import period_of
from tests.factories import Role, make_member, make_user
from tests.meetings.test_services import plan

ASSEMBLY = "本季度我们支部开党员大会了吗"
COMMITTEE = "哪些支部本月没开支委会"


@pytest.fixture(autouse=True)
def _lexical_only(settings: Settings) -> None:
    settings.DENSE_RETRIEVAL = False
    settings.LLM_BASE_URL = ""


@pytest.fixture
def held(enterprise: SimpleNamespace) -> Meeting:
    """一支部 held its 党员大会 (also its 支委会) on the first day of this quarter."""
    day = period_of(timezone.localdate(), Frequency.QUARTER).first_day
    meeting = plan(None, enterprise.branch_a.pk, day, MeetingKind.BRANCH_ASSEMBLY)
    Meeting.objects.filter(pk=meeting.pk).update(state=MeetingState.RECORDED)
    return meeting


def test_the_questions_are_routed_to_the_meeting_tools(secretary_a: User) -> None:
    assert parse_data_intent(secretary_a, ASSEMBLY) == ToolIntent(
        "meeting_held",
        {"kind": "branch_assembly", "span": "quarter", "offset": 0, "organization": None},
    )
    assert parse_data_intent(secretary_a, COMMITTEE) == ToolIntent(
        "meetings_missing",
        {"kind": "branch_committee", "span": "month", "offset": 0, "organization": None},
    )
    named = parse_data_intent(secretary_a, "二支部上个月开主题党日了吗")
    assert named is not None and named.arguments["organization"] == "二支部"
    assert named.arguments["offset"] == -1


def test_a_secretary_learns_of_their_own_branch(
    enterprise: SimpleNamespace, held: Meeting, secretary_a: User, secretary_b: User
) -> None:
    intent = parse_data_intent(secretary_a, ASSEMBLY)
    assert intent is not None
    answer = call_tool(secretary_a, intent.tool, intent.arguments).text
    assert answer.startswith("一支部") and "已召开支部党员大会1次" in answer
    assert "《中国共产党支部工作条例（试行）》第十一条" in answer
    other = call_tool(secretary_b, intent.tool, intent.arguments).text
    assert other.startswith("二支部") and "未召开" in other
    assert held.topic not in other
    probe = call_tool(secretary_b, "meeting_held", {**intent.arguments, "organization": "一支部"})
    assert probe.data.get("refused") and "一支部" not in probe.text.replace("“一支部”", "")
    assert held.topic not in probe.text


def test_a_member_asks_about_their_own_branch_only(
    enterprise: SimpleNamespace, held: Meeting, member_a_user: User, member_b: Member
) -> None:
    mine = call_tool(member_a_user, "meeting_held", {"kind": "branch_assembly"})
    assert "已召开支部党员大会1次" in mine.text
    other = call_tool(
        member_a_user, "meeting_held", {"kind": "branch_assembly", "organization": "二支部"}
    )
    assert other.data.get("refused")
    listing = call_tool(member_a_user, "meetings_missing", {"kind": "branch_committee"})
    assert listing.data.get("refused")


def test_which_branches_have_not_held_their_committee_this_month(
    enterprise: SimpleNamespace, settings: Settings
) -> None:
    # Committees exist in branches of 7 or more full members (ORG-3): A and B have them.
    for branch in (enterprise.branch_a, enterprise.branch_b):
        for i in range(7):
            make_member(branch, name=f"{branch.name}委员{i}")
    meeting = plan(
        None,
        enterprise.branch_a.pk,
        timezone.localdate().replace(day=1),
        MeetingKind.BRANCH_COMMITTEE,
    )
    Meeting.objects.filter(pk=meeting.pk).update(state=MeetingState.RECORDED)
    admin = make_user("dangwei_admin", Role.ORG_ADMIN, enterprise.root)
    events = list(answer_stream(admin, COMMITTEE))
    answer = events[-1][1]
    assert answer.kind == "data"
    text = answer.summary
    assert "应召开支部委员会会议的2个组织中" in text and "1个尚未召开：二支部" in text
    assert "三支部" not in text
    assert "《中国共产党支部工作条例（试行）》第十二条" in text
    secretary = make_user("shuji_b2", Role.SECRETARY, enterprise.branch_b)
    own = call_tool(
        secretary, "meetings_missing", {"kind": "branch_committee", "span": "month"}
    ).text
    assert "一支部" not in own
