"""Question banks from Excel and quizzes: errors by sheet, row and column with nothing
written, the same file twice, papers reproducible by their seed, the time limit enforced by
the server, multiple choice scored only when all correct, results scoped to the asker."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from openpyxl import Workbook

from dangjian.core.errors import Conflict
from dangjian.members.excel.report import Outcome
from dangjian.members.models import Member
from dangjian.rules.study import draw_paper
from dangjian.study import selectors, services
from dangjian.study.models import Question, Quiz, QuizAttempt
from dangjian.study.question_import import COLUMNS, import_questions

HEADERS = [c.header for c in COLUMNS]


def _xlsx(rows: Sequence[Sequence[Any]]) -> bytes:
    """A real workbook: the 题库 sheet with the header row and ``rows``."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "题库"
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _q(kind: str, stem: str, options: Sequence[str], answer: str) -> list[Any]:
    return [kind, stem, *options, *[None] * (6 - len(options)), answer]


GOOD = [
    _q("单选题", "党的最高理想和最终目标是什么？", ["实现共产主义", "全面小康"], "A"),
    _q("多选题", "党员的义务包括哪些？", ["认真学习", "贯彻执行", "吃苦在前", "无所作为"], "ABC"),
    _q("判断题", "预备党员的预备期为一年。", [], "对"),
]


def _import(user: User, org_id: int, rows: Sequence[Sequence[Any]], commit: bool = True) -> Any:
    return import_questions(actor=user, organization_id=org_id, source=_xlsx(rows), commit=commit)


def test_a_good_bank_is_imported(secretary_a: User, enterprise: SimpleNamespace) -> None:
    result = _import(secretary_a, enterprise.branch_a.pk, GOOD)
    assert result.report.committed
    answers = dict(Question.objects.values_list("kind", "answer"))
    assert answers == {"single": "A", "multiple": "ABC", "true_false": "A"}


def test_the_same_file_twice_changes_nothing(
    secretary_a: User, enterprise: SimpleNamespace
) -> None:
    _import(secretary_a, enterprise.branch_a.pk, GOOD)
    again = _import(secretary_a, enterprise.branch_a.pk, GOOD)
    assert [r.outcome for r in again.report.rows] == [Outcome.UNCHANGED] * 3
    assert Question.objects.count() == 3


def test_a_bad_row_names_sheet_row_and_column_and_nothing_is_written(
    secretary_a: User, enterprise: SimpleNamespace
) -> None:
    rows = [*GOOD, _q("单选题", "两个答案的单选题", ["甲", "乙", "丙"], "AB"),
            _q("多选题", "少一个选项", ["甲", None, "丙"], "AC"),  # type: ignore[list-item]
            _q("问答题", "不是题型", ["甲", "乙"], "A")]  # fmt: skip
    result = _import(secretary_a, enterprise.branch_a.pk, rows)
    where = [(p.sheet, p.row, p.column, p.header) for p in result.report.problems]
    assert where == [("题库", 5, "I", "答案"), ("题库", 6, "D", "选项B"), ("题库", 7, "A", "题型")]
    assert "单选题只能有一个答案" in result.report.problems[0].reason
    assert not result.report.committed
    assert not Question.objects.exists()


def test_preview_keeps_nothing(secretary_a: User, enterprise: SimpleNamespace) -> None:
    result = _import(secretary_a, enterprise.branch_a.pk, GOOD, commit=False)
    assert result.summary.startswith("预览")
    assert not Question.objects.exists()


def test_another_branch_bank_is_out_of_reach(
    secretary_b: User, enterprise: SimpleNamespace
) -> None:
    with pytest.raises(Http404):
        _import(secretary_b, enterprise.branch_a.pk, GOOD)


def _quiz(
    secretary_a: User, enterprise: SimpleNamespace, count: int = 3, minutes: int = 10
) -> Quiz:
    _import(secretary_a, enterprise.branch_a.pk, GOOD)
    return services.quiz_create(actor=secretary_a, data=services.QuizInput(
        organization_id=enterprise.branch_a.pk, title="党章知识测试", question_count=count,
        minutes=minutes, due_on=date(2099, 12, 31)))  # fmt: skip


def _right_answers(attempt: QuizAttempt) -> dict[str, str]:
    keys = dict(Question.objects.values_list("pk", "answer"))
    return {str(q): keys[q] for q in attempt.question_ids}


def test_all_correct_scores_100(
    secretary_a: User, enterprise: SimpleNamespace, member_a_user: User
) -> None:
    attempt = services.quiz_start(actor=member_a_user, quiz_id=_quiz(secretary_a, enterprise).pk)
    done = services.quiz_submit(actor=member_a_user, attempt_id=attempt.pk,
                                answers=_right_answers(attempt))  # fmt: skip
    assert (done.correct, done.score) == (3, 100)


def test_multiple_choice_partly_right_scores_nothing(
    secretary_a: User, enterprise: SimpleNamespace, member_a_user: User
) -> None:
    attempt = services.quiz_start(actor=member_a_user, quiz_id=_quiz(secretary_a, enterprise).pk)
    answers = _right_answers(attempt)
    multiple = Question.objects.get(kind="multiple")
    answers[str(multiple.pk)] = "AB"  # two of the three right letters
    done = services.quiz_submit(actor=member_a_user, attempt_id=attempt.pk, answers=answers)
    assert (done.correct, done.score) == (2, 67)


def test_an_answer_after_the_time_limit_is_refused(
    secretary_a: User, enterprise: SimpleNamespace, member_a_user: User
) -> None:
    quiz = _quiz(secretary_a, enterprise, minutes=10)
    attempt = services.quiz_start(actor=member_a_user, quiz_id=quiz.pk)
    late = attempt.started_at + timedelta(minutes=10, seconds=1)
    with pytest.raises(Conflict, match="已超过答题时限"):
        services.quiz_submit(actor=member_a_user, attempt_id=attempt.pk,
                             answers=_right_answers(attempt), now=late)  # fmt: skip
    attempt.refresh_from_db()  # closed unscored (超时), the late answers not kept
    assert (attempt.submitted_at, attempt.score, attempt.answers) == (attempt.deadline, None, {})
    with pytest.raises(Conflict, match="已超过答题时限"):
        services.quiz_submit(actor=member_a_user, attempt_id=attempt.pk, answers={}, now=late)


def test_answers_outside_the_paper_or_its_options_are_refused(
    secretary_a: User, enterprise: SimpleNamespace, member_a_user: User
) -> None:
    from dangjian.core.errors import InvalidInput

    attempt = services.quiz_start(actor=member_a_user, quiz_id=_quiz(secretary_a, enterprise).pk)
    true_false = Question.objects.get(kind="true_false").pk
    for answers in ({"999999": "A"}, {str(true_false): "C"}, {str(true_false): "ZZ"}):
        with pytest.raises(InvalidInput) as refused:
            services.quiz_submit(actor=member_a_user, attempt_id=attempt.pk, answers=answers)
        assert list(refused.value.errors) == ["answers"]
    attempt.refresh_from_db()
    assert attempt.submitted_at is None  # still open: the member answers again


def test_an_answer_at_the_limit_is_taken(
    secretary_a: User, enterprise: SimpleNamespace, member_a_user: User
) -> None:
    quiz = _quiz(secretary_a, enterprise, minutes=10)
    attempt = services.quiz_start(actor=member_a_user, quiz_id=quiz.pk)
    done = services.quiz_submit(actor=member_a_user, attempt_id=attempt.pk,
                                answers={}, now=attempt.deadline)  # fmt: skip
    assert done.score == 0


def test_an_expired_attempt_is_closed_and_a_new_paper_drawn(
    secretary_a: User, enterprise: SimpleNamespace, member_a_user: User
) -> None:
    quiz = _quiz(secretary_a, enterprise, count=2, minutes=5)
    first = services.quiz_start(actor=member_a_user, quiz_id=quiz.pk)
    again = services.quiz_start(actor=member_a_user, quiz_id=quiz.pk)
    assert again.pk == first.pk  # still within its time: the same paper
    later = timezone.now() + timedelta(minutes=6)
    second = services.quiz_start(actor=member_a_user, quiz_id=quiz.pk, now=later)
    first.refresh_from_db()
    assert (second.number, first.submitted_at, first.score) == (2, first.deadline, None)


def test_the_paper_is_reproducible_from_its_seed(
    secretary_a: User, enterprise: SimpleNamespace, member_a_user: User
) -> None:
    quiz = _quiz(secretary_a, enterprise, count=2)
    attempt = services.quiz_start(actor=member_a_user, quiz_id=quiz.pk)
    bank = list(Question.objects.values_list("pk", flat=True))
    assert attempt.seed == services.attempt_seed(quiz.pk, attempt.member_id, 1)
    assert attempt.question_ids == draw_paper(bank, 2, attempt.seed)


def test_member_of_another_branch_cannot_take_the_quiz(
    secretary_a: User, enterprise: SimpleNamespace, member_b: Member
) -> None:
    from tests.factories import make_user

    quiz = _quiz(secretary_a, enterprise)
    with pytest.raises(Http404):
        services.quiz_start(actor=make_user("dangyuan_b", member=member_b), quiz_id=quiz.pk)


def test_a_quiz_needs_enough_questions(secretary_a: User, enterprise: SimpleNamespace) -> None:
    from dangjian.core.errors import InvalidInput

    with pytest.raises(InvalidInput) as refused:
        _quiz(secretary_a, enterprise, count=4)
    assert refused.value.errors == {"question_count": ["每卷题数应在1到题库题数3之间"]}


def test_a_branch_quiz_draws_from_the_banks_above_it_and_not_from_a_sibling_branch(
    secretary_a: User, secretary_b: User, committee_admin: User, enterprise: SimpleNamespace,
    member_a_user: User,
) -> None:  # fmt: skip
    _import(committee_admin, enterprise.root.pk, GOOD[:2])
    _import(secretary_a, enterprise.branch_a.pk, GOOD[2:])
    _import(secretary_b, enterprise.branch_b.pk, [_q("判断题", "二支部自己的题。", [], "错")])
    quiz = services.quiz_create(actor=secretary_a, data=services.QuizInput(
        organization_id=enterprise.branch_a.pk, title="党章知识测试", question_count=3,
        minutes=10, due_on=date(2099, 12, 31)))  # fmt: skip
    attempt = services.quiz_start(actor=member_a_user, quiz_id=quiz.pk)
    drawn = Question.objects.filter(pk__in=attempt.question_ids)
    assert sorted(drawn.values_list("organization__name", flat=True)) == [
        "一支部", "测试公司党委", "测试公司党委"
    ]  # fmt: skip


def test_a_quiz_due_before_today_is_refused(secretary_a: User, enterprise: SimpleNamespace) -> None:
    from dangjian.core.errors import InvalidInput

    _import(secretary_a, enterprise.branch_a.pk, GOOD)
    with pytest.raises(InvalidInput) as refused:
        services.quiz_create(actor=secretary_a, data=services.QuizInput(
            organization_id=enterprise.branch_a.pk, title="过期测试", question_count=1,
            minutes=10, due_on=date(2020, 1, 1)))  # fmt: skip
    assert refused.value.errors["due_on"][0].startswith("截止日期不能早于")


def test_a_quiz_without_any_bank_says_so(secretary_a: User, enterprise: SimpleNamespace) -> None:
    from dangjian.core.errors import InvalidInput

    with pytest.raises(InvalidInput) as refused:
        services.quiz_create(actor=secretary_a, data=services.QuizInput(
            organization_id=enterprise.branch_a.pk, title="空题库", question_count=1,
            minutes=10, due_on=date(2099, 12, 31)))  # fmt: skip
    assert "请先导入题库" in refused.value.errors["question_count"][0]


def test_results_by_member_and_branch_are_scoped(
    secretary_a: User, secretary_b: User, enterprise: SimpleNamespace, member_a_user: User,
    committee_admin: User, member_b: Member,
) -> None:  # fmt: skip
    quiz = _quiz(secretary_a, enterprise)
    attempt = services.quiz_start(actor=member_a_user, quiz_id=quiz.pk)
    services.quiz_submit(
        actor=member_a_user, attempt_id=attempt.pk, answers=_right_answers(attempt)
    )
    members, branches = selectors.quiz_results(secretary_a, quiz)
    assert [(r.member.name, r.best) for r in members] == [("张三", 100)]
    assert [(b.branch.name, b.taken, b.passed, b.average) for b in branches] == [
        ("一支部", 1, 1, 100)
    ]
    assert selectors.quiz_in_scope(secretary_b, quiz.pk) is None


def test_points_scheme_is_set_by_the_committee_only(
    secretary_a: User, committee_admin: User, enterprise: SimpleNamespace,
    member_a_user: User, member_a: Member,
) -> None:  # fmt: skip
    """EDU-3: items, points and caps are configuration of the 党委."""
    with pytest.raises(PermissionDenied):
        services.point_item_set(actor=secretary_a, organization_id=enterprise.branch_a.pk,
                                source="quiz", points=5, yearly_cap=0)  # fmt: skip
    services.point_item_set(actor=committee_admin, organization_id=enterprise.root.pk,
                            source="quiz", points=5, yearly_cap=3)  # fmt: skip
    quiz = _quiz(secretary_a, enterprise)
    attempt = services.quiz_start(actor=member_a_user, quiz_id=quiz.pk)
    services.quiz_submit(
        actor=member_a_user, attempt_id=attempt.pk, answers=_right_answers(attempt)
    )
    points = selectors.member_points(member_a, timezone.localdate().year)
    assert [(item.source, events, earned) for item, events, earned in points] == [("quiz", 1, 3)]
