"""The assistant's lost-contact questions (MEM-4), answered from the lost-contact register's
scoped selectors: how many members are lost, which are due a 停止党籍 proposal; another branch's
secretary and a member learn nothing of them."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from pytest_django import Settings

from dangjian.assistant.answering import Answer, answer_stream
from dangjian.assistant.intents import parse_data_intent
from dangjian.core.actor import Actor
from dangjian.dynamics.standing import (
    DecisionInput,
    lost_contact_open,
    membership_suspend,
    search_attempt_add,
)
from dangjian.members.models import Member
from dangjian.rules.dates import add_months
from tests.factories import Role, make_member, make_user

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _lexical_only(settings: Settings) -> None:
    """No language model and no dense index: the answers come from the local path."""
    settings.DENSE_RETRIEVAL = False
    settings.LLM_BASE_URL = ""


def _ask(user: Actor, question: str) -> Answer:
    events = list(answer_stream(user, question))
    answer: Answer = events[-1][1]
    return answer


def _lost(actor: User, member: Member, months: int) -> int:
    record = lost_contact_open(actor=actor, member_id=member.pk,
                               lost_since=add_months(TODAY, -months))  # fmt: skip
    search_attempt_add(actor=actor, record_id=record.pk, searched_on=record.lost_since,
                       way="电话", result="无人接听")  # fmt: skip
    return record.pk


@pytest.fixture
def lost(enterprise: SimpleNamespace, secretary_a: User, secretary_b: User) -> None:
    """Branch A: 钱久失 lost 8 months (due), 孙新失 lost 2 months (not due), 赵停籍 suspended;
    branch B: 吴他支部 lost 9 months, which A's secretary must not see."""
    _lost(secretary_a, make_member(enterprise.branch_a, name="钱久失"), 8)
    _lost(secretary_a, make_member(enterprise.branch_a, name="孙新失"), 2)
    suspended = make_member(enterprise.branch_a, name="赵停籍")
    _lost(secretary_a, suspended, 12)
    membership_suspend(actor=secretary_a, member_id=suspended.pk, data=DecisionInput(
        decided_on=add_months(TODAY, -3), deciding_org="一支部", reason="经多方查找仍无下落"))  # fmt: skip
    _lost(secretary_b, make_member(enterprise.branch_b, name="吴他支部"), 9)


@pytest.mark.parametrize(
    ("question", "tool"),
    [
        ("我们支部有几个失联党员", "count_lost_contact"),
        ("本支部失联党员有哪些", "count_lost_contact"),
        ("一支部失去联系的党员有多少", "count_lost_contact"),
        ("有哪些党员待停止党籍", "standing_proposals"),
        ("我们支部有几名党员应停止党籍？", "standing_proposals"),
        ("哪些失联党员可以除名", "standing_proposals"),
    ],
)
def test_the_questions_go_to_the_register(secretary_a: User, question: str, tool: str) -> None:
    intent = parse_data_intent(secretary_a, question)
    assert intent is not None and intent.tool == tool, question


def test_lost_members_are_counted_from_the_register(lost: None, secretary_a: User) -> None:
    answer = _ask(secretary_a, "我们支部有几个失联党员")
    assert answer.kind == "data", answer.summary
    assert "失联党员3名" in answer.summary and "已停止党籍1名" in answer.summary
    assert "可提出停止党籍的1名：钱久失" in answer.summary
    assert "党员教育管理工作条例》第二十四条" in answer.summary and "MEM-" not in answer.summary
    listed = _ask(secretary_a, "本支部失联党员有哪些")
    assert "孙新失" in listed.summary and "吴他支部" not in listed.summary


def test_the_suspension_proposals_due_are_named(lost: None, secretary_a: User) -> None:
    answer = _ask(secretary_a, "有哪些党员待停止党籍")
    assert answer.kind == "data", answer.summary
    assert "1名失联党员已到期、可提出停止党籍" in answer.summary
    assert "钱久失" in answer.summary and "已查找1次" in answer.summary
    assert "孙新失" not in answer.summary and "赵停籍" not in answer.summary
    assert "吴他支部" not in answer.summary and "由党支部或上级党组织研究决定" in answer.summary


def test_another_branch_and_a_member_learn_nothing(
    lost: None, enterprise: SimpleNamespace, member_a_user: User
) -> None:
    secretary_c = make_user("shuji_c", Role.SECRETARY, enterprise.branch_c)
    none = _ask(secretary_c, "我们支部有几个失联党员")
    assert "没有登记在册的失联党员" in none.summary and "钱久失" not in none.summary
    proposals = _ask(secretary_c, "有哪些党员待停止党籍")
    assert "没有到期" in proposals.summary and "钱久失" not in proposals.summary
    outside = _ask(secretary_c, "一支部有几个失联党员")
    assert outside.kind == "refused" and "钱久失" not in outside.summary
    member = _ask(member_a_user, "有哪些党员待停止党籍")
    assert member.kind == "refused" and "钱久失" not in member.summary
