"""Writes of 学习教育: validated, atomic, audited, with the actor. Every door calls these.

Refusals are ``InvalidInput`` (a field and a Chinese message), ``Conflict`` (not allowed now)
or ``PermissionDenied``/``Http404`` (outside the actor's organisations).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import IO

from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from dangjian.accounts.access import (
    access_member,
    access_organization,
    may_assign_study,
    may_change_study_item,
    may_configure_points,
    may_exempt_from_study,
    may_record_study_session,
)
from dangjian.assistant.models import Document
from dangjian.assistant.selectors import visible_documents
from dangjian.core.actor import Actor, acting_user
from dangjian.core.audit import audit
from dangjian.core.bounds import PARTY_FOUNDED, check_date
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.core.text import TextError, TextKind, clean_text
from dangjian.members.choices import Status
from dangjian.members.models import Member
from dangjian.orgs.models import Organization
from dangjian.rules.study import (
    HoursError,
    QuestionKind,
    draw_paper,
    hours_text,
    is_correct,
    parse_hours,
    score_percent,
)
from dangjian.study.models import (
    ItemEventKind,
    ItemKind,
    PointItem,
    PointSource,
    Question,
    Quiz,
    QuizAttempt,
    StudyExemption,
    StudyItem,
    StudyItemEvent,
    StudyRecord,
    StudySession,
)
from dangjian.study.selectors import assigned_items, item_for_member, own_member
from dangjian.study.videos import video_store

NO_RECORD = "当前账号没有关联的党员档案，无法记录学习"


def _hours(field: str, text: str) -> int:
    try:
        return parse_hours(text)
    except HoursError as error:
        raise InvalidInput.one(field, str(error)) from None


def _text(field: str, label: str, text: str, limit: int) -> str:
    """One line of text as titles and topics take it (``core.text``: no control or direction
    characters), its runs of spaces made one; refusals name the field."""
    try:
        value = " ".join(clean_text(str(text or ""), TextKind.NAME).split())
    except TextError as error:
        raise InvalidInput.one(field, f"{label}{error}") from None
    if not value:
        raise InvalidInput.one(field, f"请填写{label}")
    if len(value) > limit:
        raise InvalidInput.one(field, f"{label}不能超过{limit}个字")
    return value


def _due_on(field: str, label: str, value: date, earliest: date) -> date:
    """A due date within the plausible range and not before ``earliest`` (today, for a new
    item or quiz; the day it was published, for a change)."""
    try:
        check_date(value)
    except ValueError as error:
        raise InvalidInput.one(field, f"{label}{error}") from None
    if value < earliest:
        raise InvalidInput.one(field, f"{label}不能早于{earliest:%Y-%m-%d}")
    return value


@dataclass(frozen=True)
class ItemInput:
    """A study item as a form or the API sends it; ``hours`` as text ("1.5")."""

    organization_id: int
    title: str
    kind: str
    hours: str
    due_on: date
    document_id: int | None = None
    url: str = ""
    video: IO[bytes] | None = None  # an uploaded video (kind video, instead of a link)


def _content(actor: Actor, data: ItemInput) -> tuple[Document | None, str]:
    if data.kind not in ItemKind.values:
        raise InvalidInput.one("kind", "类型应为知识库文档、视频或内网链接")
    if data.kind == ItemKind.DOCUMENT:
        # Only a document of the knowledge base the assigner may read themselves.
        documents = visible_documents(actor)
        document = documents.filter(pk=data.document_id).first() if data.document_id else None
        if document is None:
            raise InvalidInput.one("document_id", "请选择知识库中的文档")
        return document, ""
    if data.kind == ItemKind.VIDEO and data.video is not None:
        return None, ""
    url = (data.url or "").strip()
    if data.kind == ItemKind.VIDEO and not url:
        raise InvalidInput.one("video", "请上传视频文件，或填写视频的内网链接")
    if not url.startswith(("http://", "https://", "/")) or len(url) > 300 or " " in url:
        raise InvalidInput.one("url", "链接应为内网地址，以http://、https://或/开头，300字以内")
    return None, url


def study_item_assign(*, actor: Actor, data: ItemInput) -> StudyItem:
    """Assign an item to everyone under ``data.organization_id``: who looks after it may."""
    org = access_organization(actor, data.organization_id)
    if not may_assign_study(actor, org):
        raise PermissionDenied("无权向该党组织布置学习任务")
    title = _text("title", "学习内容", data.title, 120)
    hours = _hours("hours", data.hours)
    _due_on("due_on", "完成期限", data.due_on, timezone.localdate())
    document, url = _content(actor, data)
    video = video_store(data.video) if data.kind == ItemKind.VIDEO and data.video else ""
    try:
        with transaction.atomic():
            item = StudyItem.objects.create(
                organization=org, title=title, kind=data.kind, document=document, url=url,
                video=video, hours=hours, due_on=data.due_on, created_by=acting_user(actor),
            )  # fmt: skip
            audit(actor=actor, action="study.item_assign", obj=item,
                  detail=f"布置学习任务“{title}”（{hours_text(hours)}学时，{data.due_on}前完成）")  # fmt: skip
    except BaseException:
        if video:  # a video stored for a record that could not be written goes again
            default_storage.delete(video)
        raise
    return item


@dataclass(frozen=True)
class ItemChange:
    """A change to a published item as a form or the API sends it: the new due date and hours
    (``hours`` as text, "1.5"; None keeps the value) and why."""

    due_on: date | None = None
    hours: str | None = None
    reason: str = ""


WITHDRAWN = "该学习任务已撤回，不能再修改或撤回"


def _published_item(actor: Actor, item_id: int) -> StudyItem:
    """The item, locked, when published by an organisation the actor may publish for; Http404
    for one outside their organisations (as for a missing one), Conflict once withdrawn."""
    item = assigned_items(actor).select_for_update(of=("self",)).filter(pk=item_id).first()
    if item is None:
        raise Http404("未找到该学习任务")
    if not may_change_study_item(actor, item.organization):
        raise PermissionDenied("无权修改该党组织布置的学习任务")
    if item.withdrawn_at is not None:
        raise Conflict(WITHDRAWN)
    return item


def _reason(text: str) -> str:
    value = " ".join(str(text or "").split())
    if len(value) > 200:
        raise InvalidInput.one("reason", "原因不能超过200个字")
    return value


@dataclass(frozen=True)
class _Diff:
    """What a change alters: (before, after) of the due date and of the hours (tenths)."""

    due_on: tuple[date, date] | None
    hours: tuple[int, int] | None

    def as_json(self) -> dict[str, list[object]]:
        found: dict[str, list[object]] = {}
        if self.due_on:
            found["due_on"] = [d.isoformat() for d in self.due_on]
        if self.hours:
            found["hours"] = list(self.hours)
        return found

    def text(self) -> str:
        parts = []
        if self.due_on:
            parts.append(f"完成期限{self.due_on[0]}改为{self.due_on[1]}")
        if self.hours:
            parts.append(f"学时{hours_text(self.hours[0])}改为{hours_text(self.hours[1])}")
        return "，".join(parts)


def _diff(item: StudyItem, change: ItemChange) -> _Diff:
    """What differs from ``item``; refusals name the field."""
    due = None
    if change.due_on is not None and change.due_on != item.due_on:
        published = timezone.localtime(item.created_at).date()
        try:
            _due_on("due_on", "完成期限", change.due_on, published)
        except InvalidInput:
            if change.due_on < published:
                raise InvalidInput.one("due_on", "完成期限不能早于布置日期") from None
            raise
        due = (item.due_on, change.due_on)
    hours = _hours("hours", change.hours) if change.hours is not None else item.hours
    diff = _Diff(due, (item.hours, hours) if hours != item.hours else None)
    if diff.due_on is None and diff.hours is None:
        raise InvalidInput.one("due_on", "完成期限和学时均未改变")
    return diff


def study_item_change(*, actor: Actor, item_id: int, change: ItemChange) -> StudyItem:
    """Change a published item's due date or hours, before or after members started: recorded
    as an event with the before and after. Hours already credited stay as they were credited;
    members who study it from now on are credited the new hours. A reason is required: it is
    what members and the 党委 read in the item's history."""
    reason = _reason(change.reason)
    with transaction.atomic():
        item = _published_item(actor, item_id)
        if not reason:
            raise InvalidInput.one("reason", "请填写修改原因")
        diff = _diff(item, change)
        item.due_on = diff.due_on[1] if diff.due_on else item.due_on
        item.hours = diff.hours[1] if diff.hours else item.hours
        item.save(update_fields=["due_on", "hours"])
        StudyItemEvent.objects.create(item=item, kind=ItemEventKind.CHANGED,
                                      changes=diff.as_json(), reason=reason,
                                      actor=acting_user(actor), at=timezone.now())  # fmt: skip
        audit(actor=actor, action="study.item_change", obj=item,
              detail=f"修改学习任务“{item.title}”：{diff.text()}{_why(reason)}")  # fmt: skip
    return item


def _why(reason: str) -> str:
    return f"（原因：{reason}）" if reason else ""


def study_item_withdraw(*, actor: Actor, item_id: int, reason: str) -> StudyItem:
    """撤回 a published item: it leaves every member's to-dos and can no longer be studied;
    the hours of those who studied it stay credited. A reason is required."""
    why = _reason(reason)
    if not why:
        raise InvalidInput.one("reason", "请填写撤回原因")
    with transaction.atomic():
        item = _published_item(actor, item_id)
        item.withdrawn_at = timezone.now()
        item.save(update_fields=["withdrawn_at"])
        kept = StudyRecord.objects.filter(item=item).count()
        StudyItemEvent.objects.create(item=item, kind=ItemEventKind.WITHDRAWN, reason=why,
                                      changes={"credited_members": kept},
                                      actor=acting_user(actor), at=item.withdrawn_at)  # fmt: skip
        audit(actor=actor, action="study.item_withdraw", obj=item,
              detail=f"撤回学习任务“{item.title}”，已完成的{kept}人学时保留（原因：{why}）")  # fmt: skip
    return item


def study_item_mark_studied(
    *, actor: Actor, item_id: int, now: datetime | None = None
) -> tuple[StudyRecord, bool]:
    """The asker marks an item studied; its online hours are credited once (a second mark
    changes nothing and returns ``created`` False). Http404 for an item not assigned to them."""
    member = own_member(actor)
    if member is None or member.status != Status.NORMAL:
        raise PermissionDenied(NO_RECORD)
    item = item_for_member(member, item_id)
    if item is None:
        raise Http404("未找到该学习任务")
    with transaction.atomic():
        record, created = StudyRecord.objects.get_or_create(
            item=item, member=member,
            defaults={"hours": item.hours, "studied_at": now or timezone.now()},
        )  # fmt: skip
        if created:
            audit(actor=actor, action="study.item_studied", obj=record,
                  detail=f"完成学习“{item.title}”，计{hours_text(item.hours)}学时（线上）")  # fmt: skip
    return record, created


@dataclass(frozen=True)
class SessionInput:
    organization_id: int
    topic: str
    held_on: date
    hours: str
    member_ids: tuple[int, ...]


def study_session_record(*, actor: Actor, data: SessionInput) -> StudySession:
    """Record an offline 集中学习 of a branch with its attendees (members of the branch in
    normal standing); each attendee is credited the session's offline hours."""
    org = access_organization(actor, data.organization_id)
    if not may_record_study_session(actor, org):
        raise PermissionDenied("无权登记该党组织的集中学习")
    topic = _text("topic", "学习主题", data.topic, 120)
    hours = _hours("hours", data.hours)
    if data.held_on > timezone.localdate():
        raise InvalidInput.one("held_on", "学习日期不能晚于今天")
    founded = org.founded_on or PARTY_FOUNDED
    if data.held_on < founded:
        raise InvalidInput.one("held_on", f"学习日期不能早于{org.name}的成立日期{founded:%Y-%m-%d}")
    attendees = _attendees(org, data.member_ids)
    with transaction.atomic():
        # One session per organisation, day and topic: the lock makes a double submit wait
        # for the first and then find it.
        Organization.objects.select_for_update().filter(pk=org.pk).first()
        same = StudySession.objects.filter(organization=org, held_on=data.held_on, topic=topic)
        if same.exists():
            raise Conflict(
                f"{org.name}{data.held_on:%Y-%m-%d}的集中学习“{topic}”已登记，不能重复登记学时"
            )
        session = StudySession.objects.create(
            organization=org, topic=topic, held_on=data.held_on, hours=hours,
            recorded_by=acting_user(actor),
        )  # fmt: skip
        session.attendees.set(attendees)
        audit(actor=actor, action="study.session_record", obj=session,
              detail=f"登记集中学习“{topic}”，{len(attendees)}人参加，各计{hours_text(hours)}学时")  # fmt: skip
    return session


def _attendees(org: Organization, member_ids: tuple[int, ...]) -> list[Member]:
    if not member_ids:
        raise InvalidInput.one("member_ids", "请选择参加学习的党员")
    found = list(
        Member.objects.filter(
            pk__in=member_ids, status=Status.NORMAL, organization__path__startswith=org.path
        )
    )
    if len(found) != len(set(member_ids)):
        raise InvalidInput.one("member_ids", "参加人员须是本组织正常状态的党员")
    return found


def study_exemption_grant(
    *, actor: Actor, member_id: int, year: int, reason: str
) -> StudyExemption:
    """Excuse a member from ``year``'s class hours, with the reason; once a year."""
    member = access_member(actor, member_id)
    if not may_exempt_from_study(actor, member):
        raise PermissionDenied("无权为该党员办理学时免于考核")
    text = _text("reason", "免于考核原因", reason, 200)
    if StudyExemption.objects.filter(member=member, year=year).exists():
        raise Conflict(f"{member.name}{year}年度已登记免于考核")
    with transaction.atomic():
        exemption = StudyExemption.objects.create(
            member=member, year=year, reason=text, granted_by=acting_user(actor)
        )
        audit(actor=actor, action="study.exemption", obj=member,
              detail=f"{year}年度学时免于考核：{text}")  # fmt: skip
    return exemption


# --- quizzes ----------------------------------------------------------------------------------


def fingerprint(kind: str, stem: str, options: list[str]) -> str:
    """The identity of a question in a bank: its type, stem and options (the answer may be
    corrected without making it another question)."""
    text = json.dumps([kind, stem, options], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def question_add(
    *, actor: Actor, organization: Organization, kind: QuestionKind, stem: str,
    options: list[str], answer: str,
) -> bool:  # fmt: skip
    """Add a question to the organisation's bank; False when the bank already holds it (same
    type, stem and options), so adding it again changes nothing. ``answer`` as sorted option
    letters (``rules.study.normalize_answer``)."""
    if not may_assign_study(actor, organization):
        raise PermissionDenied("无权维护该党组织的题库")
    key = fingerprint(kind.value, stem, options)
    _question, created = Question.objects.get_or_create(
        organization=organization, fingerprint=key,
        defaults={"kind": kind.value, "stem": stem, "options": options, "answer": answer},
    )  # fmt: skip
    return created


def question_bank(organization: Organization) -> QuerySet[Question]:
    """The questions a quiz of ``organization`` draws from: its own bank and the banks of the
    organisations above it, so a 党委's bank serves every branch below it."""
    lineage = [
        organization.pk,
        *Organization.objects.get_ancestors(organization).values_list("pk", flat=True),
    ]
    return Question.objects.filter(organization__in=lineage).order_by("pk")


@dataclass(frozen=True)
class QuizInput:
    organization_id: int
    title: str
    question_count: int
    minutes: int
    due_on: date
    pass_score: int = 60


def quiz_create(*, actor: Actor, data: QuizInput) -> Quiz:
    """A quiz for the organisation's subtree, drawing from its own question bank and those of
    the organisations above it (``question_bank``)."""
    org = access_organization(actor, data.organization_id)
    if not may_assign_study(actor, org):
        raise PermissionDenied("无权向该党组织布置知识测试")
    title = _text("title", "测试名称", data.title, 120)
    _due_on("due_on", "截止日期", data.due_on, timezone.localdate())
    bank = question_bank(org).count()
    if bank == 0:
        raise InvalidInput.one(
            "question_count", "本组织及上级党组织的题库中还没有题目，请先导入题库"
        )
    if not 1 <= data.question_count <= bank:
        raise InvalidInput.one("question_count", f"每卷题数应在1到题库题数{bank}之间")
    if not 1 <= data.minutes <= 240:
        raise InvalidInput.one("minutes", "答题时限应在1到240分钟之间")
    if not 0 <= data.pass_score <= 100:
        raise InvalidInput.one("pass_score", "及格分应在0到100之间")
    with transaction.atomic():
        quiz = Quiz.objects.create(
            organization=org, title=title, question_count=data.question_count,
            minutes=data.minutes, pass_score=data.pass_score, due_on=data.due_on,
            created_by=acting_user(actor),
        )  # fmt: skip
        audit(actor=actor, action="study.quiz_create", obj=quiz, detail=f"布置知识测试“{title}”")
    return quiz


def attempt_seed(quiz_id: int, member_id: int, number: int) -> int:
    """The seed of one attempt: fixed by the quiz, the member and the attempt's number, so an
    attempt's paper can be drawn again and checked; each attempt draws another."""
    digest = hashlib.sha256(f"{quiz_id}:{member_id}:{number}".encode()).digest()
    return int.from_bytes(digest[:7], "big")


def quiz_start(*, actor: Actor, quiz_id: int, now: datetime | None = None) -> QuizAttempt:
    """The asker's open attempt at the quiz, or a new paper drawn for them. An open attempt
    past its time limit is closed unscored (超时) first."""
    now = now or timezone.now()
    member = own_member(actor)
    if member is None:
        raise PermissionDenied(NO_RECORD)
    quiz = _quiz_for(member, quiz_id)
    with transaction.atomic():
        open_one = (
            QuizAttempt.objects.select_for_update()
            .filter(quiz=quiz, member=member, submitted_at__isnull=True)
            .first()
        )
        if open_one is not None and open_one.deadline >= now:
            return open_one
        if open_one is not None:
            open_one.submitted_at = open_one.deadline
            open_one.save(update_fields=["submitted_at"])
        if quiz.due_on < timezone.localdate(now):
            raise Conflict(f"知识测试“{quiz.title}”已于{quiz.due_on}截止")
        return _new_attempt(actor, quiz, member, now)


def _quiz_for(member: Member, quiz_id: int) -> Quiz:
    from dangjian.study.selectors import quizzes_for_member

    quiz = quizzes_for_member(member).filter(pk=quiz_id).first()
    if quiz is None:
        raise Http404("未找到该知识测试")
    return quiz


def _new_attempt(actor: Actor, quiz: Quiz, member: Member, now: datetime) -> QuizAttempt:
    number = QuizAttempt.objects.filter(quiz=quiz, member=member).count() + 1
    seed = attempt_seed(quiz.pk, member.pk, number)
    bank = list(question_bank(quiz.organization).values_list("pk", flat=True))
    attempt = QuizAttempt.objects.create(
        quiz=quiz, member=member, number=number, seed=seed,
        question_ids=draw_paper(bank, quiz.question_count, seed),
        started_at=now, deadline=now + timedelta(minutes=quiz.minutes),
    )  # fmt: skip
    audit(actor=actor, action="study.quiz_start", obj=attempt,
          detail=f"开始知识测试“{quiz.title}”第{number}次答题")  # fmt: skip
    return attempt


def quiz_submit(
    *, actor: Actor, attempt_id: int, answers: dict[str, str], now: datetime | None = None
) -> QuizAttempt:
    """Score the asker's open attempt: one point per question answered exactly right
    (multiple choice: all the right letters and no other). Refused, with nothing written,
    after the time limit, which the server measures from the attempt's start."""
    now = now or timezone.now()
    member = own_member(actor)
    with transaction.atomic():
        attempt = (
            QuizAttempt.objects.select_for_update().select_related("quiz")
            .filter(pk=attempt_id, member=member).first()
        )  # fmt: skip
        if attempt is None or member is None:
            raise Http404("未找到该答卷")
        late = f"已超过答题时限（{attempt.quiz.minutes}分钟），本次答卷不予计分，请重新开始"
        if attempt.submitted_at is not None:
            raise Conflict(late if attempt.score is None else "该答卷已提交，不能再次提交")
        if now <= attempt.deadline:
            given = _answers(attempt, answers)
            _score(attempt, given, now)
            audit(actor=actor, action="study.quiz_submit", obj=attempt,
                  detail=f"提交知识测试“{attempt.quiz.title}”，得分{attempt.score}")  # fmt: skip
            return attempt
        # Past the limit the paper is closed unscored (超时), as a new start would close it;
        # the answers sent are not kept.
        attempt.submitted_at = attempt.deadline
        attempt.save(update_fields=["submitted_at"])
    raise Conflict(late)


def _answers(attempt: QuizAttempt, answers: dict[str, str]) -> dict[str, str]:
    """The answers as sorted letters per question of the paper; ``InvalidInput`` on
    ``answers`` for a question not on it or a letter that is not one of its options."""
    paper = {str(q) for q in attempt.question_ids}
    stray = sorted(set(answers) - paper)
    if stray:
        raise InvalidInput.one("answers", f"题目{'、'.join(stray[:5])}不在本次试卷中")
    options = dict(
        Question.objects.filter(pk__in=attempt.question_ids).values_list("pk", "options")
    )
    given = {}
    for q in attempt.question_ids:
        letters = "".join(sorted(set(str(answers.get(str(q), "")).strip().upper())))
        allowed = "AB" if not options.get(q) else "ABCDEF"[: len(options[q])]
        if any(letter not in allowed for letter in letters):
            raise InvalidInput.one("answers", f"题目{q}的答案“{letters}”不是该题的选项")
        given[str(q)] = letters
    return given


def _score(attempt: QuizAttempt, given: dict[str, str], now: datetime) -> None:
    keys = dict(Question.objects.filter(pk__in=attempt.question_ids).values_list("pk", "answer"))
    correct = sum(is_correct(keys[q], given[str(q)]) for q in attempt.question_ids if q in keys)
    attempt.answers = given
    attempt.correct = correct
    attempt.score = score_percent(correct, len(attempt.question_ids))
    attempt.submitted_at = now
    attempt.save(update_fields=["answers", "correct", "score", "submitted_at"])


# --- points (EDU-3) ---------------------------------------------------------------------------


def point_item_set(
    *, actor: Actor, organization_id: int, source: str, points: int, yearly_cap: int
) -> PointItem:
    """Set one item of a 党委's points scheme (积分制): points per event and the yearly cap."""
    org = access_organization(actor, organization_id)
    if not may_configure_points(actor, org):
        raise PermissionDenied("无权设置该党组织的积分办法")
    if source not in PointSource.values:
        raise InvalidInput.one("source", "积分项目不是有效的选项")
    if not 0 <= points <= 100:
        raise InvalidInput.one("points", "每次积分应在0到100之间")
    if not 0 <= yearly_cap <= 10000:
        raise InvalidInput.one("yearly_cap", "年度上限应在0到10000之间（0表示不设上限）")
    with transaction.atomic():
        item, _created = PointItem.objects.update_or_create(
            organization=org, source=source,
            defaults={"points": points, "yearly_cap": yearly_cap},
        )  # fmt: skip
        audit(actor=actor, action="study.points", obj=item,
              detail=f"积分办法：{PointSource(source).label}每次{points}分，年度上限{yearly_cap}分")  # fmt: skip
    return item
