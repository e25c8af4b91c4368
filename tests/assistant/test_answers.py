"""Answers: computed deadlines with their rule, data questions within scope, extractive
passages with citations, and the written path against a fake OpenAI-compatible server."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from pytest_django import Settings

from dangjian.assistant.answering import Answer, answer_stream
from dangjian.assistant.intents import computed_answer, parse_data_intent
from dangjian.assistant.models import Document, Exchange
from dangjian.assistant.tools import call_tool
from dangjian.core.actor import Actor
from dangjian.members.models import Member
from tests.assistant.conftest import FakeModel
from tests.factories import make_member

TODAY = date(2026, 11, 24)


def _answer(user: Actor, question: str) -> tuple[str, Answer]:
    events = list(answer_stream(user, question, today=TODAY))
    text = "".join(v for k, v in events if k == "text")
    return text, events[-1][1]


def test_probation_deadline_is_computed_with_its_rule() -> None:
    """DEV-15: one year from the 支部大会."""
    result = computed_answer("预备期从2024年9月20日起算，什么时候期满？", TODAY)
    assert result is not None
    assert "2025年9月20日期满" in result.text and "DEV-15" in result.rule_ids


def test_leap_day_probation_ends_on_feb_28() -> None:
    """DATE-1: 2024-02-29 + 1 year = 2025-02-28."""
    result = computed_answer("2024年2月29日支部大会通过，预备期哪天满？", TODAY)
    assert result is not None
    assert "2025年2月28日期满" in result.text


def test_application_talk_deadline() -> None:
    """DEV-2: the talk within one month; DATE-1 clamps to the month's end."""
    result = computed_answer("我2025年1月31日交的入党申请，支部最晚什么时候找我谈话？", TODAY)
    assert result is not None
    assert "2025年2月28日" in result.text


def test_dues_amount_is_computed_from_the_brackets() -> None:
    """DUES-1: the whole base in its bracket: 5100 -> 76.50."""
    result = computed_answer("每月工资5100元，党费交多少？", TODAY)
    assert result is not None
    assert "76.50" in result.text and "DUES-1" in result.rule_ids


def test_question_without_a_date_is_not_computed() -> None:
    assert computed_answer("预备期有多长？", TODAY) is None


def test_regulation_question_cites_the_article(
    kb: tuple[Document, Document], secretary_a: User
) -> None:
    _, answer = _answer(secretary_a, "入党申请交上去多久支部要找我谈话？")
    assert answer.kind == "regulation"
    citations = [p.citation for p in answer.passages]
    assert "《中国共产党发展党员工作细则（2026年修订）》第七条" in citations
    assert any(marked for p in answer.passages for _, marked in p.segments)


def test_unrelated_question_says_nothing_found(
    kb: tuple[Document, Document], secretary_a: User
) -> None:
    _, answer = _answer(secretary_a, "量子色动力学的渐近自由")
    assert answer.passages == [] and "未在知识库中找到" in answer.summary


def test_subtree_document_never_cited_outside_the_subtree(
    kb: tuple[Document, Document], secretary_a: User, secretary_b: User
) -> None:
    question = "退休党员党费按什么比例交纳？"
    _, for_b = _answer(secretary_b, question)
    _, for_a = _answer(secretary_a, question)
    assert any("党费" in p.citation for p in for_b.passages)
    assert not any("党费收缴" in p.citation for p in for_a.passages)


def test_data_question_counts_probationary_members_of_own_branch(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member, member_b: Member
) -> None:
    make_member(
        enterprise.branch_a, stage="probationary", joined_on=date(2026, 3, 1), confirmed_on=None
    )
    make_member(
        enterprise.branch_b, stage="probationary", joined_on=date(2026, 3, 1), confirmed_on=None
    )
    _, answer = _answer(secretary_a, "我们支部有多少预备党员？")
    assert answer.kind == "data"
    assert answer.summary == "一支部（含下级）共有预备党员1名。"


def test_data_question_about_another_branch_is_refused(
    enterprise: SimpleNamespace, secretary_a: User, member_b: Member
) -> None:
    intent = parse_data_intent(secretary_a, "二支部有多少党员？")
    assert intent is not None and intent.arguments["organization"] == "二支部"
    _, answer = _answer(secretary_a, "二支部有多少党员？")
    assert answer.kind == "refused" and answer.refused
    assert "无权查询“二支部”" in answer.summary
    assert "1名" not in answer.summary


def test_refusal_does_not_tell_whether_another_organisation_exists(
    enterprise: SimpleNamespace, secretary_a: User, member_b: Member
) -> None:
    """ "二支部" exists outside the asker's scope, "九支部" nowhere: the answers read alike."""
    _, elsewhere = _answer(secretary_a, "请问二支部有多少党员？")
    _, nowhere = _answer(secretary_a, "九支部有多少党员？")
    assert elsewhere.refused and nowhere.refused
    assert elsewhere.summary.replace("二支部", "X") == nowhere.summary.replace("九支部", "X")


@pytest.mark.parametrize("question", ["我们党支部有多少党员？", "各支部一共有多少党员？"])
def test_own_and_all_are_not_names(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member, question: str
) -> None:
    intent = parse_data_intent(secretary_a, question)
    assert intent is not None and intent.arguments["organization"] is None


def test_member_gets_no_organisation_data(
    enterprise: SimpleNamespace, member_a_user: User, member_b: Member
) -> None:
    _, answer = _answer(member_a_user, "我们支部有多少党员？")
    assert answer.refused and "只能查询本人信息" in answer.summary


def test_age_share_for_org_admin(enterprise: SimpleNamespace, org_admin_general: User) -> None:
    make_member(
        enterprise.branch_a,
        birth_date=date(1995, 1, 1),
        joined_on=date(2018, 1, 1),
        confirmed_on=date(2019, 1, 1),
    )
    make_member(enterprise.branch_b, birth_date=date(1970, 1, 1))
    _, answer = _answer(org_admin_general, "35岁及以下党员占比多少？")
    assert "1名，占全部2名党员的50.0%" in answer.summary


def test_floating_members_listed_within_scope(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member, member_b: Member
) -> None:
    from dangjian.members.services import member_change

    for m in (member_a, member_b):
        member_change(
            actor=None,
            member_id=m.pk,
            changes={"is_floating": True, "floating_to": "深圳"},
            effective_on=date(2025, 1, 1),
            reason="外出务工",
        )
    result = call_tool(secretary_a, "list_members", {"category": "floating"})
    assert "张三" in result.text and "李四" not in result.text


def test_every_exchange_is_logged(kb: tuple[Document, Document], secretary_a: User) -> None:
    _, answer = _answer(secretary_a, "党费可以代缴吗？")
    assert answer.exchange_id is not None
    exchange = Exchange.objects.get(pk=answer.exchange_id)
    assert exchange.user == secretary_a and exchange.question == "党费可以代缴吗？"
    assert exchange.passages == [
        {"citation": p.citation, "chunk_id": p.chunk_id} for p in answer.passages
    ]


def test_written_answer_streams_from_the_endpoint(
    kb: tuple[Document, Document], secretary_a: User, fake_llm: type[FakeModel]
) -> None:
    fake_llm.script.append({"pieces": ["根据[1]，", "党组织应在一个月内", "派人谈话。"]})
    text, answer = _answer(secretary_a, "入党申请交上去多久支部要找我谈话？")
    assert text == "根据[1]，党组织应在一个月内派人谈话。"
    assert answer.kind == "llm"
    sent = fake_llm.requests[0]
    assert sent["stream"] is True and sent["tools"]
    assert "第七条" in sent["messages"][1]["content"]  # the passages are given to the model


def test_tool_call_for_another_branch_is_refused(
    enterprise: SimpleNamespace, secretary_a: User, member_b: Member, fake_llm: type[FakeModel]
) -> None:
    """The model asks for branch B's data: the tool answers with a refusal, never the count."""
    fake_llm.script += [
        {
            "tool_calls": [
                {
                    "name": "count_members",
                    "arguments": {"organization": "二支部", "category": "all"},
                }
            ]
        },
        {"text": "抱歉，您无权查询二支部的数据。"},
    ]
    _, answer = _answer(secretary_a, "二支部有多少党员？")
    assert answer.refused and answer.kind == "refused"
    tool_message = fake_llm.requests[1]["messages"][-1]
    assert tool_message["role"] == "tool" and "无权查询" in tool_message["content"]
    assert "1名" not in tool_message["content"]
    assert answer.exchange_id is not None
    log = Exchange.objects.get(pk=answer.exchange_id)
    assert log.refused and log.tools[0]["name"] == "count_members"


def test_tool_call_in_scope_returns_data_to_the_model(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member, fake_llm: type[FakeModel]
) -> None:
    fake_llm.script += [
        {"tool_calls": [{"name": "count_members", "arguments": {"category": "all"}}]},
        {"text": "一支部共有党员1名。"},
    ]
    text, answer = _answer(secretary_a, "我们支部有几名党员")
    assert "共有党员1名" in fake_llm.requests[1]["messages"][-1]["content"]
    assert text.endswith("一支部共有党员1名。") and not answer.refused


def test_endpoint_down_falls_back_to_passages(
    kb: tuple[Document, Document], secretary_a: User, settings: Settings
) -> None:
    settings.LLM_BASE_URL = "http://127.0.0.1:9/v1"  # nothing listens on the discard port
    settings.LLM_TIMEOUT = 2
    _, answer = _answer(secretary_a, "入党申请交上去多久支部要找我谈话？")
    assert "模型服务暂不可用" in answer.notice and answer.passages
