"""The assistant's 发展党员 questions: counts by stage, a person's progress and deadlines, all
through the scoped selectors, citing the regulation and article, never outside the scope."""

from __future__ import annotations

import re
from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from pytest_django import Settings

from dangjian.assistant.answering import Answer, answer_stream
from dangjian.assistant.intents import ToolIntent, parse_data_intent
from dangjian.core.actor import Actor
from dangjian.development.models import Applicant
from dangjian.development.selectors import PipelineFilters, pipeline
from dangjian.development.services import applicant_register
from dangjian.orgs.models import Organization
from tests.development.support import applicant_input, record, to_candidate, voters
from tests.factories import Role, make_user

TODAY = date(2026, 11, 24)
RULE_ID = re.compile(r"\b(?:DEV|DATE|MEM)-\d+")
XIZE = "《中国共产党发展党员工作细则》"


@pytest.fixture(autouse=True)
def _lexical_only(settings: Settings) -> None:
    """No language model and no dense index: the answers come from the local path."""
    settings.DENSE_RETRIEVAL = False
    settings.LLM_BASE_URL = ""


@pytest.fixture
def committee_admin(enterprise: SimpleNamespace) -> User:
    return make_user("dangwei_admin", Role.ORG_ADMIN, enterprise.root)


def _activist(branch_actor: User, branch: Organization, name: str, on: date) -> Applicant:
    data = applicant_input(branch, name=name, applied_on=date(2023, 1, 5),
                           received_on=date(2023, 1, 6))  # fmt: skip
    person = applicant_register(actor=branch_actor, data=data)
    record(branch_actor, person, "talk", date(2023, 1, 20), talker="王书记")
    record(branch_actor, person, "designate_activist", on,
           recommendation="members", decided_by="branch_assembly")  # fmt: skip
    return person


@pytest.fixture
def zhangsan(enterprise: SimpleNamespace, secretary_a: User) -> Applicant:
    """张三 of branch A, 入党积极分子 since 2024-02-29 (a leap day)."""
    return _activist(secretary_a, enterprise.branch_a, "张三", date(2024, 2, 29))


@pytest.fixture
def people(
    enterprise: SimpleNamespace, secretary_a: User, secretary_b: User, committee_admin: User,
    zhangsan: Applicant,
) -> None:  # fmt: skip
    """Branch A: 张三 (activist) and one candidate; branch B: one candidate, one applicant."""
    for branch, secretary in (
        (enterprise.branch_a, secretary_a),
        (enterprise.branch_b, secretary_b),
    ):
        members = voters(branch, 2)
        person = applicant_register(actor=secretary, data=applicant_input(branch))
        to_candidate(secretary, committee_admin, person, members)
    applicant_register(actor=secretary_b, data=applicant_input(enterprise.branch_b))


def _answer(user: Actor, question: str) -> Answer:
    events = list(answer_stream(user, question, today=TODAY))
    answer: Answer = events[-1][1]
    return answer


# --- routing -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "tool", "arguments"),
    [
        ("我们支部有几个发展对象", "count_applicants", {"stage": "candidate"}),
        ("我们支部有多少入党积极分子？", "count_applicants", {"stage": "activist"}),
        ("本支部的入党申请人有哪些", "list_applicants", {"stage": "applicant"}),
        ("发展党员流程中有几个预备党员", "count_applicants", {"stage": "probationary"}),
        ("张三的入党流程到哪一步了", "applicant_progress", {"name": "张三", "target": "progress"}),
        ("请问张三什么时候可以确定为发展对象？", "applicant_progress",
         {"name": "张三", "target": "candidate"}),
        ("李四什么时候能转正", "applicant_progress", {"name": "李四", "target": "full"}),
        ("我的入党流程到哪一步了", "applicant_progress", {"name": "我", "target": "progress"}),
    ],
)  # fmt: skip
def test_development_questions_go_to_the_development_tools(
    secretary_a: User, question: str, tool: str, arguments: dict[str, str]
) -> None:
    intent = parse_data_intent(secretary_a, question, TODAY)
    assert isinstance(intent, ToolIntent)
    assert intent.tool == tool
    assert {k: intent.arguments[k] for k in arguments} == arguments


@pytest.mark.parametrize(
    "question",
    [
        "入党积极分子什么时候可以确定为发展对象",
        "积极分子2024年2月29日确定的，什么时候可以列为发展对象",
        "我们支部有多少预备党员",
        "发展对象需要具备什么条件",
    ],
)
def test_questions_about_no_one_in_particular_are_not_person_questions(
    secretary_a: User, question: str
) -> None:
    intent = parse_data_intent(secretary_a, question, TODAY)
    assert intent is None or intent.tool not in ("applicant_progress", "count_applicants")


# --- counts by stage -----------------------------------------------------------------------


def test_a_secretary_counts_the_candidates_of_the_branch(
    secretary_a: User, enterprise: SimpleNamespace, people: None
) -> None:
    answer = _answer(secretary_a, "我们支部有几个发展对象")
    assert answer.kind == "data"
    assert answer.summary == "一支部（含下级）共有发展对象1名。"
    listed = pipeline(secretary_a, enterprise.branch_a, PipelineFilters(stage="candidate"), TODAY)
    assert listed.count() == 1


def test_a_committee_admin_counts_the_subtree(org_admin_general: User, people: None) -> None:
    assert _answer(org_admin_general, "我们有几个发展对象").summary.endswith("共有发展对象2名。")
    assert (
        "二支部（含下级）共有入党申请人1名"
        in _answer(org_admin_general, "二支部有几个入党申请人").summary
    )


def test_a_secretary_cannot_count_another_branch(secretary_a: User, people: None) -> None:
    answer = _answer(secretary_a, "二支部有几个发展对象")
    assert answer.kind == "refused"
    assert "无权查询“二支部”" in answer.summary


def test_the_list_names_the_activists(secretary_a: User, people: None) -> None:
    answer = _answer(secretary_a, "我们支部的入党积极分子有哪些")
    assert answer.summary == "一支部（含下级）的入党积极分子：张三（一支部）。"


# --- one person ----------------------------------------------------------------------------


def test_where_a_person_stands(secretary_a: User, zhangsan: Applicant) -> None:
    answer = _answer(secretary_a, "张三的入党流程到哪一步了")
    text = answer.summary
    assert answer.kind == "data"
    assert text.startswith("张三目前是入党积极分子（自2024年2月29日起）。")
    assert "最近一步：第3步“确定为入党积极分子”（2024年2月29日）" in text
    assert "下一步：第4步“报上级党委备案”" in text
    # DEV-5: the first assessment was due six months on (2024-08-29), long past on TODAY.
    assert "考察入党积极分子，应不晚于2024年8月29日（已超期）" in text
    assert f"依据{XIZE}第十一条" in text
    assert not RULE_ID.search(text)


def test_when_a_person_may_be_designated_as_candidate(
    secretary_a: User, enterprise: SimpleNamespace, zhangsan: Applicant
) -> None:
    """DEV-7/DATE-2: one full year from 2024-02-29 is 2025-02-28; DEV-20's notice follows."""
    text = _answer(secretary_a, "张三什么时候可以确定为发展对象").summary
    assert (
        "于2024年2月29日确定为入党积极分子，已满一年，最早可在2025年2月28日确定为发展对象" in text
    )
    assert f"依据{XIZE}第十三条" in text and "不少于5个工作日" in text
    assert not RULE_ID.search(text)


def test_the_year_not_yet_reached_is_given_as_a_date(
    secretary_a: User, enterprise: SimpleNamespace
) -> None:
    _activist(secretary_a, enterprise.branch_a, "赵敏", date(2026, 3, 2))
    text = _answer(secretary_a, "赵敏什么时候能成为发展对象？").summary
    assert "满一年之日为2027年3月2日，最早可在2027年3月2日确定为发展对象" in text


def test_a_candidate_already_designated(
    secretary_a: User, committee_admin: User, enterprise: SimpleNamespace
) -> None:
    person = applicant_register(
        actor=secretary_a, data=applicant_input(enterprise.branch_a, name="钱伟")
    )
    to_candidate(secretary_a, committee_admin, person, voters(enterprise.branch_a, 2))
    text = _answer(secretary_a, "钱伟什么时候可以确定为发展对象").summary
    assert text == "钱伟已于2024年5月20日确定为发展对象，目前是发展对象。"


def test_another_branchs_secretary_learns_nothing_about_the_person(
    secretary_b: User, zhangsan: Applicant
) -> None:
    """The same answer as for a name nobody bears: existence elsewhere is not disclosed."""
    for question in ("张三的入党流程到哪一步了", "张三什么时候可以确定为发展对象"):
        answer = _answer(secretary_b, question)
        assert answer.kind == "refused"
        assert answer.summary == (
            "您的管理范围内没有名为“张三”的入党申请人、入党积极分子、发展对象或预备党员"
        )
        assert "2024" not in answer.summary and "积极分子（" not in answer.summary
    nobody = _answer(secretary_b, "孙无名的入党流程到哪一步了").summary
    assert nobody == answer.summary.replace("张三", "孙无名")


def test_a_member_asks_only_about_their_own_application(
    member_a_user: User, zhangsan: Applicant
) -> None:
    assert _answer(member_a_user, "张三的入党流程到哪一步了").kind == "refused"
    assert _answer(member_a_user, "我们支部有几个发展对象").kind == "refused"


def test_the_applicant_asks_about_their_own_progress(zhangsan: Applicant) -> None:
    own = make_user("zhangsan_self")
    Applicant.objects.filter(pk=zhangsan.pk).update(user=own)
    text = _answer(own, "我的入党流程到哪一步了").summary
    assert text.startswith("您目前是入党积极分子（自2024年2月29日起）。")


def test_two_people_of_one_name_are_told_apart_by_branch(
    org_admin_general: User, secretary_b: User, zhangsan: Applicant, enterprise: SimpleNamespace
) -> None:
    _activist(secretary_b, enterprise.branch_b, "张三", date(2025, 6, 3))
    text = _answer(org_admin_general, "张三的入党流程到哪一步了").summary
    assert text.startswith("名为“张三”的有2人：")
    assert "张三（一支部）目前是入党积极分子" in text and "张三（二支部）目前是入党积极分子" in text
