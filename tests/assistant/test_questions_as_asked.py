"""The assistant answers questions as members actually ask them: dues on amounts in any form,
the asker's own record, member lists in any phrasing and never outside the asker's scope."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from dangjian.assistant.answering import Answer, answer_stream
from dangjian.assistant.intents import computed_answer, parse_data_intent
from dangjian.assistant.models import Document
from dangjian.core.actor import Actor
from dangjian.dues.collection import Payment, ledger_mark_paid
from dangjian.dues.ledger import ledger_generate
from dangjian.dues.models import LedgerEntry
from dangjian.members.models import Member
from dangjian.rules.dates import YearMonth
from tests.dues.conftest import payroll
from tests.factories import make_member, make_user

TODAY = date(2026, 11, 24)
RULE_ID = re.compile(r"\b(?:DUES|DEV|MEM|DATE)-\d+")
DANGFEI = "《关于中国共产党党费收缴、使用和管理的规定》"


def _answer(user: Actor, question: str, today: date = TODAY) -> Answer:
    events = list(answer_stream(user, question, today=today))
    answer: Answer = events[-1][1]
    return answer


# --- dues on an amount, in any form -----------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "due"),
    [
        ("每月工资8,500元，党费交多少？", "127.50"),
        ("工资8500.00交多少党费", "127.50"),
        ("我工资八千五，党费交多少", "127.50"),
        ("工资八千五百元，党费应该交多少", "127.50"),
        ("工资８５００元，党费交多少？", "127.50"),
        ("月薪1.2万交多少党费", "240.00"),
        ("每月工資8,500元，黨費交多少？", "127.50"),
    ],
)
def test_dues_are_computed_on_the_amount_as_written(question: str, due: str) -> None:
    """DUES-1: 8500 is in the 5000-10000 bracket (1.5%); 12000 above 10000 (2%)."""
    result = computed_answer(question, TODAY)
    assert result is not None and not result.clarify
    assert f"应交党费{due}元" in result.text
    assert "党费基数500.00元" not in result.text


def test_retired_pension_question_is_a_dues_question(
    db: None, secretary_a: User, member_a: Member
) -> None:
    """It was answered with a count of retired members: an amount and a dues category make it
    a dues question (DUES-5: pension up to 5000 at 0.5%)."""
    assert parse_data_intent(secretary_a, "退休党员养老金5000元交多少党费") is None
    answer = _answer(secretary_a, "退休党员养老金5000元交多少党费")
    assert answer.kind == "computed" and not answer.tool_results
    assert "应交党费25.00元" in answer.summary and "离退休" in answer.summary
    assert f"依据{DANGFEI}第五条" in answer.summary
    assert answer.computed is not None
    assert any(DANGFEI in c for c in answer.computed.citations)
    assert not RULE_ID.search(answer.summary)


@pytest.mark.parametrize(
    "question",
    ["工资八千多，党费交多少", "工资大概五六千，党费交多少", "工资5000到6000元党费交多少",
     "工资几千块交多少党费", "工资8500.005元党费交多少", "工资" + "9" * 40 + "元党费交多少"],
)  # fmt: skip
def test_an_amount_it_cannot_read_is_asked_for_again(
    db: None, secretary_a: User, question: str
) -> None:
    answer = _answer(secretary_a, question)
    assert answer.kind == "clarify"
    assert "请告诉我确切的每月党费基数" in answer.summary and "应交党费" not in answer.summary


@pytest.mark.parametrize(
    "question", ["年薪20万交多少党费", "年收入12万元党费交多少", "全年工资15万，党费该交多少"]
)
def test_a_yearly_amount_is_not_taken_for_a_months_base(
    db: None, secretary_a: Any, question: str
) -> None:
    """DUES-3: an annual-salary member's base is each month's actual pay; a year's amount is
    asked about again, never computed as one month's base (200,000 gave 1000.00元)."""
    answer = _answer(secretary_a, question)
    assert answer.kind == "clarify"
    assert "每月实际发放" in answer.summary and "应交党费" not in answer.summary
    assert f"依据{DANGFEI}第三条" in answer.summary and not RULE_ID.search(answer.summary)


def test_an_annual_salary_members_monthly_pay_is_computed(db: None, secretary_a: Any) -> None:
    answer = _answer(secretary_a, "年薪制党员每月实际发放15000元，党费交多少")
    assert answer.kind != "clarify" and "应交党费" in answer.summary


def test_two_different_amounts_are_asked_about(db: None, secretary_a: User) -> None:
    answer = _answer(secretary_a, "工资8500元，奖金2000元，党费交多少")
    assert answer.kind == "clarify" and "不止一个金额" in answer.summary


def test_computed_deadlines_cite_articles_not_rule_ids() -> None:
    result = computed_answer("预备期从2024年9月20日起算，什么时候期满？", TODAY)
    assert result is not None
    assert "DEV-15" in result.rule_ids  # for code and the log
    assert "《中国共产党发展党员工作细则》第三十一条、《中国共产党章程》第七条" in result.citations
    assert not any(RULE_ID.search(c) for c in result.citations)


def test_answer_page_shows_the_articles(login: Callable[[User], Client], secretary_a: User) -> None:
    response = login(secretary_a).post(
        "/assistant/ask/", {"question": "退休党员养老金5000元交多少党费"}
    )
    body = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]  # streamed; the client type omits it
    assert "依据：" in body and DANGFEI in body
    assert not RULE_ID.search(body)


# --- the asker's own record ----------------------------------------------------------------------


@pytest.fixture
def me(enterprise: SimpleNamespace) -> tuple[User, Member]:
    member = make_member(
        enterprise.branch_a, name="赵六", joined_on=date(2015, 7, 1), confirmed_on=date(2016, 7, 1)
    )
    return make_user("dangyuan_zhao", member=member), member


@pytest.mark.parametrize("question", ["我的党龄是多少？", "我党龄几年了", "我入党多少年了"])
def test_my_party_standing_from_my_record(me: tuple[User, Member], question: str) -> None:
    user, _ = me
    answer = _answer(user, question)
    assert answer.kind == "data"
    assert "转正时间为2016年7月1日" in answer.summary and "党龄为10年" in answer.summary
    assert "《中国共产党章程》第七条" in answer.summary


@pytest.mark.parametrize("question", ["我在哪个支部？", "我属于哪个党支部", "我的组织关系在哪里"])
def test_my_branch(me: tuple[User, Member], question: str) -> None:
    user, _ = me
    answer = _answer(user, question)
    assert answer.summary == "您的组织关系在一支部，上级党组织为第一党总支。"


@pytest.fixture
def my_november(
    me: tuple[User, Member], monkeypatch: pytest.MonkeyPatch
) -> tuple[User, LedgerEntry]:
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    user, member = me
    payroll(member, YearMonth(2026, 1), "5100")
    ledger_generate(actor=None, month=YearMonth(2026, 11))
    return user, LedgerEntry.objects.get(member=member, month=date(2026, 11, 1))


def test_my_dues_this_month_unpaid_then_paid(
    my_november: tuple[User, LedgerEntry], secretary_a: User
) -> None:
    user, entry = my_november
    answer = _answer(user, "我这个月党费交了吗？")
    assert answer.kind == "data"
    assert answer.summary == "2026年11月您应交党费76.50元，尚未交纳。"
    ledger_mark_paid(
        actor=secretary_a,
        entry_ids=[entry.pk],
        payment=Payment(paid_on=date(2026, 11, 20), method="cash"),
    )
    answer = _answer(user, "我这个月党费交了吗？")
    assert "已交76.50元（2026年11月20日），已交清" in answer.summary


def test_my_dues_amount_explains_the_computation(my_november: tuple[User, LedgerEntry]) -> None:
    user, _ = my_november
    answer = _answer(user, "我的党费是多少？")
    assert "2026年11月您应交党费76.50元" in answer.summary
    assert "5100.00元 × 1.5% = 76.50元" in answer.summary
    assert DANGFEI in answer.summary and not RULE_ID.search(answer.summary)


@pytest.mark.parametrize(
    ("question", "tool", "detail"),
    [("我这个月党费交了吗", "my_dues", "paid"), ("我交党费了吗", "my_dues", "paid"),
     ("我上个月党费交了没有", "my_dues", "paid"), ("我的党费是多少", "my_dues", "amount"),
     ("我的党龄", "my_party_standing", None), ("我在哪个支部", "my_organization", None)],
)  # fmt: skip
def test_my_questions_are_read_as_mine(
    me: tuple[User, Member], question: str, tool: str, detail: str | None
) -> None:
    intent = parse_data_intent(me[0], question, TODAY)
    assert intent is not None and intent.tool == tool
    assert intent.arguments.get("detail") == detail


@pytest.mark.parametrize(
    "question", ["我想知道党龄怎么算", "我想知道党费怎么交", "我们支部党费交了吗", "党龄从哪天算起"]
)
def test_questions_about_the_rules_are_not_about_my_record(
    me: tuple[User, Member], question: str
) -> None:
    assert parse_data_intent(me[0], question, TODAY) is None


def test_last_month_is_the_previous_calendar_month(me: tuple[User, Member]) -> None:
    intent = parse_data_intent(me[0], "我上个月党费交了没有", date(2026, 1, 10))
    assert intent is not None
    assert intent.arguments["month"] == "2025-12"


def test_my_questions_without_a_member_record_are_refused(
    enterprise: SimpleNamespace, secretary_a: User
) -> None:
    answer = _answer(secretary_a, "我的党龄是多少")
    assert answer.refused and "没有关联党员档案" in answer.summary


# --- member lists, in scope only ------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    ["我们支部有哪些党员", "列出我们支部的党员", "列出本支部党员名单", "帮我列一下我们支部的党员",
     "我们支部党员都有谁"],
)  # fmt: skip
def test_secretary_lists_own_branch_in_any_phrasing(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member, question: str
) -> None:
    answer = _answer(secretary_a, question)
    assert answer.kind == "data" and not answer.refused
    assert "张三" in answer.summary


def test_a_longer_name_around_the_askers_own_is_another_organisation(
    enterprise: SimpleNamespace, secretary_a: User
) -> None:
    """ "十一支部" contains "一支部" (the asker's own) but names another branch."""
    intent = parse_data_intent(secretary_a, "十一支部有哪些党员")
    assert intent is not None and intent.arguments["organization"] == "十一支部"
    intent = parse_data_intent(secretary_a, "一支部第一党小组有哪些党员")
    assert intent is not None and intent.arguments["organization"] == "一支部第一党小组"


OTHER_BRANCH = [
    "二支部有哪些党员", "列出二支部的党员", "列出二支部全体党员", "给我看看二支部的党员名单",
    "请问二支部都有谁", "帮我列一下二支部的党员", "统计一下二支部有多少党员", "二支部党员名单",
    "我想知道二支部有哪些预备党员", "列出我们支部和二支部的党员",
]  # fmt: skip


@pytest.mark.parametrize("question", OTHER_BRANCH)
def test_another_branch_is_refused_by_name_in_any_phrasing(
    enterprise: SimpleNamespace,
    secretary_a: User,
    member_a: Member,
    member_b: Member,
    question: str,
) -> None:
    answer = _answer(secretary_a, question)
    assert answer.refused
    assert "无权查询“二支部”的数据" in answer.summary
    assert "李四" not in answer.summary


@pytest.mark.parametrize(
    "question",
    [*OTHER_BRANCH, "列出所有党员", "全部党员名单", "各支部的党员都有谁", "李四在哪个支部",
     "列出第一党总支的党员", "测试公司党委有哪些党员"],
)  # fmt: skip
def test_no_phrasing_reaches_another_branchs_members(
    enterprise: SimpleNamespace,
    secretary_a: User,
    member_a: Member,
    member_b: Member,
    question: str,
) -> None:
    answer = _answer(secretary_a, question)
    shown = answer.summary + "".join(r.text for r in answer.tool_results)
    assert "李四" not in shown


# --- documents indexed before the tokenising changed -----------------------------------------------


def test_reindex_command_tokenises_stored_documents_again(enterprise: SimpleNamespace) -> None:
    """A document indexed before questions and text were made simplified is found once the
    command has indexed it again."""
    from django.core.management import call_command

    from dangjian.assistant.indexing import document_index
    from dangjian.assistant.models import Chunk, Document
    from dangjian.assistant.services import document_add

    text = "第一條 黨員必須按期交納黨費。\n第二條 預備黨員的預備期為一年。\n".encode()
    document, _ = document_add(
        actor=None, filename="繁體規定.txt", content=text, owner_id=enterprise.root.pk
    )
    document_index(document_id=document.pk)
    Chunk.objects.filter(document=document).update(tokens=["黨員"])  # as an older version left it
    call_command("kb", "reindex", stdout=open("/dev/null", "w"))  # noqa: SIM115
    tokens = [t for c in Chunk.objects.filter(document=document) for t in c.tokens]
    assert "党员" in tokens and "黨員" not in tokens
    assert Document.objects.get(pk=document.pk).chunk_count == 2


# --- articles named by number, through the scoped index --------------------------------------------


def test_article_named_by_number_is_the_first_passage(
    kb: tuple[Document, Document], secretary_b: User
) -> None:
    answer = _answer(secretary_b, "党费规定第１２条")
    assert answer.passages[0].citation == (
        "《关于中国共产党党费收缴、使用和管理的规定（节选）》第十二条"
    )


def test_article_of_a_document_outside_the_scope_is_not_shown(
    kb: tuple[Document, Document], secretary_a: User
) -> None:
    """The 党费 rules are visible in branch B's subtree only: naming their article from
    branch A brings nothing of them."""
    answer = _answer(secretary_a, "党费规定第12条")
    assert not any("党费收缴" in p.citation for p in answer.passages)


def test_traditional_question_cites_like_the_simplified_one(
    kb: tuple[Document, Document], secretary_a: User
) -> None:
    simplified = _answer(secretary_a, "入党申请交上去多久支部要找我谈话？")
    traditional = _answer(secretary_a, "入黨申請交上去多久支部要找我談話？")
    assert [p.citation for p in traditional.passages] == [p.citation for p in simplified.passages]
    assert traditional.passages
