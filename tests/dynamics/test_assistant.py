"""The assistant's 党员动态 questions, answered from the registers' scoped selectors: how many
floating members a branch has (MEM-3, MEM-9) and where a person's relation went (MEM-2, MEM-7);
a person of another branch is answered exactly as a name nobody bears."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from pytest_django import Settings

from dangjian.assistant.answering import Answer, answer_stream
from dangjian.assistant.intents import parse_data_intent
from dangjian.core.actor import Actor
from dangjian.dynamics.floating import FloatingInput, floating_record
from dangjian.dynamics.services import letter_issue, member_transfer_start, transfer_refuse
from dangjian.members.models import Member
from tests.factories import Role, make_member, make_user


@pytest.fixture(autouse=True)
def _lexical_only(settings: Settings) -> None:
    """No language model and no dense index: the answers come from the local path."""
    settings.DENSE_RETRIEVAL = False
    settings.LLM_BASE_URL = ""


def _ask(user: Actor, question: str) -> Answer:
    events = list(answer_stream(user, question))
    answer: Answer = events[-1][1]
    return answer


@pytest.fixture
def floating(enterprise: SimpleNamespace, secretary_a: User, secretary_b: User) -> None:
    """Branch A: two out (one abroad to study, never contacted in a year), one in; branch B:
    one out, which A's secretary must not count."""
    year_ago = timezone.localdate() - timedelta(days=365)
    for name, abroad in (("钱流出", False), ("孙留学", True)):
        member = make_member(enterprise.branch_a, name=name)
        floating_record(actor=secretary_a, data=FloatingInput(
            direction="out", place="深圳", since=year_ago, member_id=member.pk,
            abroad_study=abroad))  # fmt: skip
    floating_record(actor=secretary_a, data=FloatingInput(
        direction="in", place="外省某县", since=year_ago, organization_id=enterprise.branch_a.pk,
        name="周流入"))  # fmt: skip
    other = make_member(enterprise.branch_b, name="吴他支部")
    floating_record(actor=secretary_b, data=FloatingInput(
        direction="out", place="上海", since=year_ago, member_id=other.pk))  # fmt: skip


@pytest.mark.parametrize(
    "question",
    [
        "我们支部有几个流动党员",
        "我们支部有多少流动党员？",
        "一支部流动党员有几名",
        "本支部流动党员人数",
    ],
)
def test_floating_members_are_counted_from_the_register(
    floating: None, secretary_a: User, question: str
) -> None:
    answer = _ask(secretary_a, question)
    assert answer.kind == "data", answer.summary
    assert "流动党员3名" in answer.summary and "流出2名、流入1名" in answer.summary
    assert "孙留学" in answer.summary and "党员教育管理工作条例》第三十四条" in answer.summary
    assert "MEM-" not in answer.summary


def test_floating_members_are_listed_without_another_branchs(
    floating: None, secretary_a: User
) -> None:
    answer = _ask(secretary_a, "我们支部的流动党员有哪些")
    assert "钱流出" in answer.summary and "周流入" in answer.summary
    assert "吴他支部" not in answer.summary


def test_a_branch_outside_the_scope_is_refused(floating: None, secretary_a: User) -> None:
    answer = _ask(secretary_a, "二支部有几个流动党员")
    assert answer.kind == "refused" and "吴他支部" not in answer.summary
    assert "无权查询" in answer.summary


@pytest.mark.parametrize(
    "question",
    ["李四的组织关系转到哪了", "请问李四的组织关系转到哪里了？", "李四的组织关系转接进展怎么样",
     "李四同志的组织关系现在在哪"],
)  # fmt: skip
def test_where_a_transfer_stands(
    enterprise: SimpleNamespace, secretary_b: User, member_b: Member, question: str
) -> None:
    member_transfer_start(actor=secretary_b, member_id=member_b.pk, to_org_id=enterprise.branch_c.pk,
                          effective_on=timezone.localdate(), reason="工作调动")  # fmt: skip
    intent = parse_data_intent(secretary_b, question)
    assert intent is not None and intent.tool == "transfer_whereabouts", question
    answer = _ask(secretary_b, question)
    assert "从二支部转往三支部" in answer.summary, answer.summary
    assert "转出方党委" in answer.summary and "仍由二支部管理" in answer.summary


def test_a_refused_transfer_and_a_letter_without_receipt(
    enterprise: SimpleNamespace, secretary_b: User, member_b: Member
) -> None:
    transfer = member_transfer_start(actor=secretary_b, member_id=member_b.pk,
                                     to_org_id=enterprise.branch_a.pk,
                                     effective_on=timezone.localdate(), reason="工作调动")  # fmt: skip
    transfer_refuse(actor=None, transfer_id=transfer.pk, reason="本人尚未到岗")
    letter_issue(actor=secretary_b, member_id=member_b.pk, destination="某省某市党委组织部",
                 reason="调出本企业", issued_on=timezone.localdate() - timedelta(days=200))  # fmt: skip
    answer = _ask(secretary_b, "李四的组织关系转到哪了")
    assert "已退回" in answer.summary and "本人尚未到岗" in answer.summary
    assert "某省某市党委组织部" in answer.summary and "已过期仍未收到回执" in answer.summary


def test_another_branchs_member_is_not_revealed(
    enterprise: SimpleNamespace, secretary_b: User, member_b: Member
) -> None:
    """A secretary of 三支部 asking about 李四 of 二支部 (in transfer to 一支部) reads the same
    words as for a name nobody bears."""
    member_transfer_start(actor=secretary_b, member_id=member_b.pk, to_org_id=enterprise.branch_a.pk,
                          effective_on=timezone.localdate(), reason="工作调动")  # fmt: skip
    secretary_c = make_user("shuji_c", Role.SECRETARY, enterprise.branch_c)
    known = _ask(secretary_c, "李四的组织关系转到哪了")
    unknown = _ask(secretary_c, "赵无名的组织关系转到哪了")
    assert known.kind == unknown.kind == "refused"
    assert known.summary == unknown.summary.replace("赵无名", "李四")
    assert "二支部" not in known.summary and "一支部" not in known.summary


def test_a_member_asks_only_about_themselves(
    enterprise: SimpleNamespace, member_a: Member, member_a_user: User, secretary_a: User,
    member_b: Member,
) -> None:  # fmt: skip
    member_transfer_start(actor=secretary_a, member_id=member_a.pk, to_org_id=enterprise.branch_b.pk,
                          effective_on=date.today(), reason="工作调动")  # fmt: skip
    own = _ask(member_a_user, "我的组织关系转到哪了")
    assert "您的组织关系正在从一支部转往二支部" in own.summary, own.summary
    other = _ask(member_a_user, "李四的组织关系转到哪了")
    assert other.kind == "refused" and "本人" in other.summary
