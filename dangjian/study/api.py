"""/api/study: a member's hours and due items, marking one studied, completion by branch and a
quiz's results (scoped). Adapters over the same services and selectors as the pages.

Hours are given as text with one decimal place ("32.0"), as the pages show them.
"""

# No postponed annotations here: ninja reads the view signatures at import time.
from datetime import date, datetime
from typing import Annotated

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from pydantic import StringConstraints

from dangjian.accounts.access import may_manage_some_organization, require
from dangjian.api.auth import current_user
from dangjian.api.schemas import ERRORS, READ_ERRORS, InputSchema
from dangjian.members.models import Member
from dangjian.rules.citations import cite
from dangjian.rules.study import hours_text
from dangjian.study import selectors, services
from dangjian.study.models import QuizAttempt, StudyItem

router = Router(tags=["学习教育"])
NO_RECORD = "当前账号没有关联的党员档案"
MANAGERS_ONLY = "该接口仅供党务工作者使用"


class HoursOut(Schema):
    year: int = Field(..., description="年度")
    online: str = Field(..., description="线上学时（0.1学时）")
    offline: str = Field(..., description="集中学习学时（0.1学时）")
    total: str = Field(..., description="合计学时")
    required: str = Field(..., description="应完成学时（年内入党的按月折算）")
    met: bool = Field(..., description="是否达标（含免于考核）")
    label: str = Field(..., description="达标情况说明")
    basis: str = Field(..., description="依据的党内法规及条款")


class ItemOut(Schema):
    id: int
    title: str = Field(..., description="学习内容")
    kind: str = Field(..., description="类型：document 知识库文档、video 视频、link 内网链接")
    hours: str = Field(..., description="学时")
    due_on: date = Field(..., description="完成期限")
    organization_name: str = Field(..., description="布置的党组织")
    studied: bool = Field(..., description="本人是否已学习")


class StudiedOut(Schema):
    item_id: int
    hours: str = Field(..., description="计入的线上学时")
    created: bool = Field(..., description="本次是否新计入（重复标记不重复计学时）")


class BranchOut(Schema):
    organization_id: int
    organization_name: str = Field(..., description="党支部")
    members: int = Field(..., description="党员人数")
    met: int = Field(..., description="达标人数（含免于考核）")
    exempt: int = Field(..., description="免于考核人数")
    hours: str = Field(..., description="累计学时")


class YearQuery(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="年度，默认今年")


class QuizBranchOut(Schema):
    organization_name: str = Field(..., description="党支部")
    members: int = Field(..., description="党员人数")
    taken: int = Field(..., description="参加人数")
    passed: int = Field(..., description="及格人数")
    average: int | None = Field(None, description="平均分（每人取最好成绩）")


class QuestionOut(Schema):
    id: int
    kind: str = Field(..., description="题型：single 单选题、multiple 多选题、true_false 判断题")
    stem: str = Field(..., description="题干")
    options: list[str] = Field(..., description="选项，依次为A、B、C……；判断题为“对”“错”")


class AttemptOut(Schema):
    id: int
    quiz_title: str = Field(..., description="测试名称")
    number: int = Field(..., description="第几次答题")
    deadline: datetime = Field(..., description="答题截止时间（服务器计时，超时提交不计分）")
    questions: list[QuestionOut] = Field(..., description="本卷题目（按抽题顺序）")
    score: int | None = Field(None, description="得分（百分制，交卷后）")
    correct: int = Field(0, description="答对题数")


class AnswersIn(InputSchema):
    answers: dict[str, Annotated[str, StringConstraints(max_length=6)]] = Field(
        ..., max_length=200,
        description="各题答案：题目id → 选项字母（如\"A\"，多选题如\"ABD\"，判断题A为对、B为错）",
    )  # fmt: skip


class ItemChangeIn(InputSchema):
    due_on: date | None = Field(None, description="新的完成期限（不改则不传）")
    hours: Annotated[str, StringConstraints(max_length=8)] | None = Field(
        None, description='新的学时，精确到0.1学时，如"1.5"（不改则不传；已记入的学时不变）'
    )
    reason: Annotated[str, StringConstraints(max_length=200)] = Field("", description="修改原因")


class WithdrawIn(InputSchema):
    reason: Annotated[str, StringConstraints(max_length=200)] = Field(
        ..., description="撤回原因（撤回后党员待办中不再出现，已记入的学时保留）"
    )


class PublishedItemOut(Schema):
    id: int
    title: str = Field(..., description="学习内容")
    hours: str = Field(..., description="学时")
    due_on: date = Field(..., description="完成期限")
    withdrawn_at: datetime | None = Field(None, description="撤回时间（未撤回为空）")
    credited: int = Field(..., description="已完成学习并记入学时的人数（撤回后保留）")


def _published_out(item: StudyItem) -> PublishedItemOut:
    return PublishedItemOut(id=item.pk, title=item.title, hours=hours_text(item.hours),
                            due_on=item.due_on, withdrawn_at=item.withdrawn_at,
                            credited=selectors.credited_count(item))  # fmt: skip


def _attempt_out(attempt: QuizAttempt) -> AttemptOut:
    return AttemptOut(
        id=attempt.pk, quiz_title=attempt.quiz.title, number=attempt.number,
        deadline=attempt.deadline, score=attempt.score, correct=attempt.correct,
        questions=[QuestionOut(id=q.pk, kind=q.kind, stem=q.stem, options=q.options)
                   for q in selectors.paper_questions(attempt)],
    )  # fmt: skip


def _member(request: HttpRequest) -> Member:
    member = selectors.own_member(current_user(request))
    if member is None:
        raise Http404(NO_RECORD)
    return member


@router.get("/mine", response={200: HoursOut, **READ_ERRORS}, summary="本人本年度学时")
def my_hours(request: HttpRequest, query: Query[YearQuery]) -> HoursOut:
    today = timezone.localdate()
    year = query.year or today.year
    status = selectors.member_status(_member(request), year, today)
    return HoursOut(
        year=year, online=hours_text(status.online), offline=hours_text(status.offline),
        total=hours_text(status.total), required=hours_text(status.requirement.tenths),
        met=status.met, label=status.label, basis=cite(status.requirement.rule_id),
    )  # fmt: skip


@router.get("/items", response={200: list[ItemOut], **READ_ERRORS}, summary="本人的学习任务")
def my_items(request: HttpRequest) -> list[ItemOut]:
    member = _member(request)
    done = selectors.studied_item_ids(member)
    return [
        ItemOut(id=i.pk, title=i.title, kind=i.kind, hours=hours_text(i.hours), due_on=i.due_on,
                organization_name=i.organization.name, studied=i.pk in done)
        for i in selectors.items_for_member(member)[:500]
    ]  # fmt: skip


@router.post("/items/{item_id}/studied", response={200: StudiedOut, **ERRORS},
             summary="标记已学习（线上学时只计一次）")  # fmt: skip
def mark_studied(request: HttpRequest, item_id: int) -> StudiedOut:
    record, created = services.study_item_mark_studied(actor=current_user(request), item_id=item_id)
    return StudiedOut(item_id=item_id, hours=hours_text(record.hours), created=created)


@router.patch("/items/{item_id}", response={200: PublishedItemOut, **ERRORS},
              summary="修改已布置学习任务的完成期限或学时（记入变更记录）")  # fmt: skip
def item_change(request: HttpRequest, item_id: int, payload: ItemChangeIn) -> PublishedItemOut:
    change = services.ItemChange(due_on=payload.due_on, hours=payload.hours, reason=payload.reason)
    item = services.study_item_change(actor=current_user(request), item_id=item_id, change=change)
    return _published_out(item)


@router.post("/items/{item_id}/withdraw", response={200: PublishedItemOut, **ERRORS},
             summary="撤回学习任务（移出党员待办，已记入的学时保留）")  # fmt: skip
def item_withdraw(request: HttpRequest, item_id: int, payload: WithdrawIn) -> PublishedItemOut:
    item = services.study_item_withdraw(
        actor=current_user(request), item_id=item_id, reason=payload.reason
    )
    return _published_out(item)


@router.post("/quizzes/{quiz_id}/attempts", response={200: AttemptOut, **ERRORS},
             summary="开始答题（已有未超时的答卷时返回该答卷）")  # fmt: skip
def quiz_start(request: HttpRequest, quiz_id: int) -> AttemptOut:
    attempt = services.quiz_start(actor=current_user(request), quiz_id=quiz_id)
    return _attempt_out(attempt)


@router.post("/attempts/{attempt_id}/submit", response={200: AttemptOut, **ERRORS},
             summary="交卷并自动评分（超过答题时限的拒绝）")  # fmt: skip
def quiz_submit(request: HttpRequest, attempt_id: int, payload: AnswersIn) -> AttemptOut:
    attempt = services.quiz_submit(
        actor=current_user(request), attempt_id=attempt_id, answers=payload.answers
    )
    return _attempt_out(attempt)


@router.get(
    "/completion", response={200: list[BranchOut], **ERRORS}, summary="各党支部学时完成情况"
)
def completion(request: HttpRequest, query: Query[YearQuery]) -> list[BranchOut]:
    user = current_user(request)
    require(may_manage_some_organization(user), MANAGERS_ONLY)
    today = timezone.localdate()
    lines = selectors.completion_by_branch(user, query.year or today.year, today)
    return [
        BranchOut(organization_id=line.branch.pk, organization_name=line.branch.name,
                  members=line.members, met=line.met, exempt=line.exempt,
                  hours=hours_text(line.tenths))
        for line in lines
    ]  # fmt: skip


@router.get("/quizzes/{quiz_id}/results", response={200: list[QuizBranchOut], **ERRORS},
            summary="知识测试各党支部成绩")  # fmt: skip
def quiz_results(request: HttpRequest, quiz_id: int) -> list[QuizBranchOut]:
    user = current_user(request)
    quiz = selectors.quiz_in_scope(user, quiz_id)
    if quiz is None:
        raise Http404("未找到该知识测试")
    _members, branches = selectors.quiz_results(user, quiz)
    return [
        QuizBranchOut(organization_name=b.branch.name, members=b.members, taken=b.taken,
                      passed=b.passed, average=b.average)
        for b in branches
    ]  # fmt: skip
