"""The use cases of 组织生活: plan, notify, record, review, cancel; sign in, ask for leave,
excuse a member. Every door (pages, API, the phone, the demo) calls these; each is atomic,
checks its permission in ``accounts.access``, writes a ``MeetingEvent`` with the actor and an
audit row.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from dangjian.accounts.access import may_record_meeting, may_review_meeting, require, scope_for
from dangjian.core.actor import Actor, acting_user
from dangjian.core.audit import audit
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.core.text import TextError, TextKind, clean_text
from dangjian.meetings import messages
from dangjian.meetings.days import meeting_day_error
from dangjian.meetings.inputs import MeetingInput, MinutesInput
from dangjian.meetings.models import (
    Attendance,
    Excusal,
    LeaveRequest,
    LeaveState,
    Mark,
    Meeting,
    MeetingEvent,
    MeetingKindMark,
    MeetingState,
)
from dangjian.meetings.people import standing_error
from dangjian.meetings.selectors import access_meeting, attendees, should_attend
from dangjian.meetings.signin import (
    meeting_of_token,
    own_sign_ins,
    sign_in_scope,
    window_open,
)
from dangjian.meetings.votes import entitled_of, vote_kind
from dangjian.members.models import Member
from dangjian.members.register import Register
from dangjian.orgs.models import Organization
from dangjian.rules.dates import format_cn_date
from dangjian.rules.meetings.kinds import MeetingKind
from dangjian.rules.organization import OrgKind
from dangjian.rules.sources import rule_citation

NOT_YOURS = "无权记录该组织的会议"
NOT_REVIEWER = "会议记录由上级党组织审核，无权审核"
NOT_INVITED = "您不在本次会议的应到人员名单中，不能签到"
CLOSED = "不在本次会议的签到时间内（会前30分钟至会后30分钟）"

_HOLDERS = (OrgKind.BRANCH, OrgKind.JOINT_BRANCH, OrgKind.TEMP_BRANCH, OrgKind.GROUP)
# Kinds only the 党支部 holds (MEET-1, MEET-2; MEET-6: 民主评议 at a 党员大会), and the one only
# a 党小组 holds (MEET-3). A 党小组 may hold its 党小组会, 党课, 主题党日 and 组织生活会.
_BRANCH_ONLY = {
    MeetingKind.BRANCH_ASSEMBLY.value: "MEET-1",
    MeetingKind.BRANCH_COMMITTEE.value: "MEET-2",
    MeetingKind.DEMOCRATIC_REVIEW.value: "MEET-6",
}
_GROUP_ONLY = {MeetingKind.GROUP_MEETING.value: "MEET-3"}


def meeting_kinds() -> dict[str, str]:
    """Every kind a meeting may be marked with: the regulations' kinds and the deployment's own
    (``settings.MEETING_EXTRA_KINDS``, code -> Chinese name)."""
    kinds = {k.value: k.label for k in MeetingKind}
    kinds.update(getattr(settings, "MEETING_EXTRA_KINDS", {}))
    return kinds


def _text(value: str, field: str, label: str, limit: int, kind: TextKind = TextKind.TEXT) -> str:
    try:
        text = clean_text(value, kind)
    except TextError as error:
        raise InvalidInput.one(field, f"{label}{error}") from None
    if len(text) > limit:
        raise InvalidInput.one(field, f"{label}最多{limit}个字，实为{len(text)}个字")
    return text


def _validated(actor: Actor, data: MeetingInput) -> dict[str, Any]:
    org = Organization.objects.filter(pk=data.organization_id).first()
    if org is None or (actor is not None and not scope_for(actor).covers_org(org)):
        raise InvalidInput.one("organization_id", "未找到该组织，或无权为该组织安排会议")
    if org.kind not in _HOLDERS:
        raise InvalidInput.one("organization_id", "会议由党支部或党小组召开，请选择党支部或党小组")
    topic = _text(data.topic, "topic", "会议主题", 120, TextKind.NAME)
    if not topic:
        raise InvalidInput.one("topic", "请填写会议主题")
    known = meeting_kinds()
    if not data.kinds or any(k not in known for k in data.kinds):
        raise InvalidInput.one("kinds", "请选择会议类型（可多选）")
    _kinds_fit_holder(org, data.kinds)
    if data.ends_at <= data.starts_at:
        raise InvalidInput.one("ends_at", "结束时间应晚于开始时间")
    held_on = timezone.localtime(data.starts_at).date()
    wrong_day = meeting_day_error(org, held_on, timezone.localdate())
    if wrong_day is not None:
        raise InvalidInput.one("starts_at", wrong_day)
    people = (("host_id", data.host_id, "主持人"), ("recorder_id", data.recorder_id, "记录人"))
    for field, member_id, role in people:
        if member_id is None:
            continue
        if not _member_of(org, member_id):
            raise InvalidInput.one(field, f"{role}不是本组织的党员")
        wrong = standing_error(org, held_on, member_id, role)
        if wrong is not None:
            raise InvalidInput.one(field, wrong)
    return {
        "organization": org, "topic": topic, "held_on": held_on,
        "starts_at": data.starts_at, "ends_at": data.ends_at,
        "place": _text(data.place, "place", "地点", 120),
        "online_link": _link(data.online_link),
        "host_id": data.host_id, "recorder_id": data.recorder_id,
        "agenda": _text(data.agenda, "agenda", "议程", 5000, TextKind.MULTILINE),
    }  # fmt: skip


def _link(value: str) -> str:
    """The online meeting's address: empty, or an http(s) address (a ``javascript:`` or other
    scheme would run or open something else when clicked on the meeting page)."""
    link = _text(value, "online_link", "线上会议链接", 300)
    parts = urlsplit(link)
    if link and (parts.scheme.lower() not in ("http", "https") or not parts.netloc):
        raise InvalidInput.one(
            "online_link",
            "线上会议链接应为以http://或https://开头的网址，如https://meeting.example.cn/123",
        )
    return link


def _kinds_fit_holder(org: Organization, kinds: tuple[str, ...]) -> None:
    """A 党小组 holds no 支部党员大会, 支委会 or 民主评议; a 党支部 holds no 党小组会. Raises
    ``InvalidInput`` under ``kinds`` naming the kind and the article."""
    group = org.kind == OrgKind.GROUP
    wrong = _BRANCH_ONLY if group else _GROUP_ONLY
    for code in kinds:
        rule = wrong.get(code)
        if rule is not None:
            kind = MeetingKind(code)
            holder = "党支部" if group else "党小组"
            raise InvalidInput.one(
                "kinds",
                f"{org.name}不能召开{kind.label}：{kind.label}由{holder}召开"
                f"（依据{rule_citation(rule)}）",
            )


def _member_of(org: Organization, member_id: int) -> bool:
    branch_ids = [org.pk]
    if org.kind == OrgKind.GROUP:
        parent = Organization.objects.get_parent(org)
        branch_ids += [parent.pk] if parent else []
    return Member.objects.filter(pk=member_id, organization_id__in=branch_ids).exists()


def _event(actor: Actor, meeting: Meeting, action: str, reason: str = "", **changes: Any) -> None:
    MeetingEvent.objects.create(meeting=meeting, action=action, reason=reason, changes=changes,
                                actor=acting_user(actor))  # fmt: skip
    audit(actor=actor, action=f"meeting.{action}", obj=meeting, after=changes or None,
          detail=f"{meeting.held_on} {meeting.topic}" + (f"：{reason}" if reason else ""))  # fmt: skip


@transaction.atomic
def meeting_plan(*, actor: Actor, data: MeetingInput) -> Meeting:
    """Plan a meeting. Raises ``InvalidInput`` naming the field (nothing written)."""
    values = _validated(actor, data)
    meeting = Meeting.objects.create(**values, created_by=acting_user(actor))
    MeetingKindMark.objects.bulk_create(
        MeetingKindMark(meeting=meeting, kind=k) for k in dict.fromkeys(data.kinds)
    )
    _event(actor, meeting, "plan", kinds=list(data.kinds))
    return meeting


def _locked(actor: Actor, meeting_id: int, check: Any, message: str) -> Meeting:
    access_meeting(actor, meeting_id)  # 404 outside the scope
    meeting = Meeting.objects.select_for_update().select_related("organization").get(pk=meeting_id)
    if actor is not None:
        require(check(actor, meeting.organization), message)
    return meeting


@transaction.atomic
def meeting_notify(*, actor: Actor, meeting_id: int) -> Meeting:
    """Mark a planned meeting as notified to those who should attend."""
    meeting = _locked(actor, meeting_id, may_record_meeting, NOT_YOURS)
    if meeting.state != MeetingState.PLANNED:
        raise Conflict(f"会议{meeting.get_state_display()}，不能再发通知")
    meeting.state = MeetingState.NOTIFIED
    meeting.save(update_fields=["state", "updated_at"])
    _event(actor, meeting, "notify")
    messages.notice_meeting(actor=actor, meeting=meeting)
    return meeting


@transaction.atomic
def meeting_record(
    *,
    actor: Actor,
    meeting_id: int,
    minutes: MinutesInput,
    reason: str = "",
    now: datetime | None = None,
) -> Meeting:
    """Record a held meeting: the minutes and the marks of those who did not sign in.

    A recorded or reviewed meeting is changed only with a ``reason`` (a correction, kept as an
    event): without one the change is refused with ``Conflict`` naming who recorded it and
    when (two people recording at once: the row lock orders them, the second is refused, not
    silently written over the first). The same record sent again changes nothing. A returned
    one is recorded again and counts once more. Raises ``InvalidInput`` naming the field,
    ``Conflict`` for a cancelled meeting or one not yet begun.
    """
    meeting = _locked(actor, meeting_id, may_record_meeting, NOT_YOURS)
    now = now or timezone.now()
    if meeting.state == MeetingState.CANCELLED:
        raise Conflict("会议已取消，不能记录")
    if meeting.starts_at > now:
        raise Conflict("会议尚未开始，不能记录会议内容")
    why = _text(reason, "reason", "修改原因", 300)
    content = _text(minutes.content, "content", "会议内容", 20000, TextKind.MULTILINE)
    if not content:
        raise InvalidInput.one("content", "请填写会议内容")
    values = {"content": content}
    # A field not sent (``None``) keeps what is stored: a partial payload never blanks it.
    if minutes.decisions is not None:
        values["decisions"] = _text(
            minutes.decisions, "decisions", "决议事项", 10000, TextKind.MULTILINE
        )
    if minutes.speakers is not None:
        values["speakers"] = _text(
            minutes.speakers, "speakers", "发言情况", 10000, TextKind.MULTILINE
        )
    before = meeting.state
    changed = {k: v for k, v in values.items() if getattr(meeting, k) != v}
    marks_changed = _write_marks(meeting, minutes.marks)
    if before in _CORRECTED and not changed and not marks_changed:
        return meeting  # the same record sent again: nothing to record
    if before in _CORRECTED and not why:
        # Someone recorded it already (perhaps at the same time, the row lock above orders
        # the two): changing it is a correction and needs its reason; the marks written
        # above are rolled back with this refusal.
        raise Conflict(_already_recorded(meeting))
    if marks_changed:
        _votes_agree(meeting)
    for name, value in values.items():
        setattr(meeting, name, value)
    meeting.state = MeetingState.RECORDED
    meeting.return_reason = ""
    meeting.save(
        update_fields=["content", "decisions", "speakers", "state", "return_reason", "updated_at"]
    )
    _event(actor, meeting, "record", why, before=before, fields=sorted(changed))
    return meeting


def _marked_once(register: Register, marks: tuple[tuple[int, str], ...]) -> None:
    """One mark per person in a record: a person marked twice (出席 and 缺席, or the same
    mark again) is refused under ``marks`` naming them, never the later mark winning."""
    seen: dict[int, str] = {}
    for member_id, mark in marks:
        if member_id in seen:
            entry = register.entry(member_id)
            name = entry.name if entry is not None else f"#{member_id}"
            labels = "、".join(dict.fromkeys(Mark(m).label if m in Mark.values else m
                                             for m in (seen[member_id], mark)))  # fmt: skip
            raise InvalidInput.one(
                "marks", f"{name}在本次记录中被标记了两次（{labels}），每人只能有一个出席情况"
            )
        seen[member_id] = mark


def _write_marks(meeting: Meeting, marks: tuple[tuple[int, str], ...]) -> bool:
    """The recorder's marks for those who should attend; a QR sign-in is never overwritten.

    Afterwards everyone who should attend has a mark (signed in, on leave, marked): a record
    with anyone unmarked is refused under ``marks`` naming them, so "未记录" never stands in
    for "缺席" on one screen and not another. Returns whether a mark was added or changed.
    """
    register = attendees(meeting)
    allowed = {e.member_id for e in register.should_attend}
    _marked_once(register, marks)
    changed = False
    for member_id, mark in marks:
        if member_id not in allowed:
            raise InvalidInput.one("marks", f"所选人员（#{member_id}）不在本次会议应到人员名单中")
        if mark not in Mark.values:
            raise InvalidInput.one("marks", f"出席情况“{mark}”无效")
        row, created = Attendance.objects.get_or_create(meeting=meeting, member_id=member_id,
                                                        defaults={"mark": mark})  # fmt: skip
        changed |= created
        if not created and not row.by_qr and row.mark != mark:
            row.mark = mark
            row.save(update_fields=["mark"])
            changed = True
    marked = set(Attendance.objects.filter(meeting=meeting).values_list("member_id", flat=True))
    unmarked = [e.name for e in register.should_attend if e.member_id not in marked]
    if unmarked:
        names = "、".join(unmarked[:10]) + (f"等{len(unmarked)}人" if len(unmarked) > 10 else "")
        raise InvalidInput.one(
            "marks",
            f"应到人员中{names}尚无出席情况，请为每人选择（出席、迟到、请假或缺席）后再保存",
        )
    return changed


# A change to a meeting in these states corrects a record someone made: it needs a reason.
_CORRECTED = (MeetingState.RECORDED, MeetingState.REVIEWED)


def _already_recorded(meeting: Meeting) -> str:
    """ "会议记录已由张三于2026年6月10日 16:05记录…": who recorded the meeting last and when."""
    last = (
        meeting.events.filter(action="record")
        .select_related("actor")
        .order_by("-at", "-pk")
        .first()
    )
    who = (
        "系统"
        if last is None or last.actor is None
        else (last.actor.get_full_name() or last.actor.username)
    )
    when = "" if last is None else "于" + timezone.localtime(last.at).strftime("%Y-%m-%d %H:%M")
    state = "的记录已审核" if meeting.state == MeetingState.REVIEWED else "已有记录"
    return (
        f"本次会议{state}（由{who}{when}记录），直接保存将覆盖该记录；"
        "如需修改，请查看最新记录，并填写修改原因后再保存"
    )


def _votes_agree(meeting: Meeting) -> None:
    """The record's 出席、迟到 are the 实到 of every vote already taken at the meeting: marks
    that give a vote another figure are refused under ``marks`` naming the vote."""
    there = set(
        Attendance.objects.filter(meeting=meeting, mark__in=(Mark.PRESENT, Mark.LATE)).values_list(
            "member_id", flat=True
        )
    )
    for vote in meeting.votes.order_by("pk"):
        present = len(there & entitled_of(meeting, vote_kind(vote)))
        if present != vote.present:
            raise InvalidInput.one("marks", (
                f"本次会议已记录表决“{vote.subject}”，实到{vote.present}人；"
                f"所填出席情况中有表决权的出席、迟到为{present}人，两者应一致"
            ))  # fmt: skip


@transaction.atomic
def meeting_review(*, actor: Actor, meeting_id: int, accept: bool, reason: str = "") -> Meeting:
    """The higher organisation accepts the record, or returns it with a reason (then it does
    not count until recorded again, MEET-8)."""
    meeting = _locked(actor, meeting_id, may_review_meeting, NOT_REVIEWER)
    if meeting.state != MeetingState.RECORDED:
        raise Conflict(f"会议{meeting.get_state_display()}，只有已记录的会议可以审核")
    why = _text(reason, "reason", "退回原因", 300)
    if not accept and not why:
        raise InvalidInput.one("reason", "退回会议记录须写明原因")
    meeting.state = MeetingState.REVIEWED if accept else MeetingState.RETURNED
    meeting.return_reason = "" if accept else why
    meeting.save(update_fields=["state", "return_reason", "updated_at"])
    _event(actor, meeting, "accept" if accept else "return", why)
    if not accept:
        messages.notice_record_returned(actor=actor, meeting=meeting)
    return meeting


@transaction.atomic
def meeting_cancel(*, actor: Actor, meeting_id: int, reason: str) -> Meeting:
    """Cancel a meeting not yet recorded, with the reason."""
    meeting = _locked(actor, meeting_id, may_record_meeting, NOT_YOURS)
    if meeting.state not in (MeetingState.PLANNED, MeetingState.NOTIFIED):
        raise Conflict(f"会议{meeting.get_state_display()}，不能取消")
    why = _text(reason, "reason", "取消原因", 300)
    if not why:
        raise InvalidInput.one("reason", "请填写取消原因")
    meeting.state = MeetingState.CANCELLED
    meeting.save(update_fields=["state", "updated_at"])
    _event(actor, meeting, "cancel", why)
    return meeting


def _own_member(actor: Actor) -> Member:
    member_id = scope_for(actor).own_member_id
    if member_id is None:
        raise InvalidInput.one("member", "当前账号没有关联的党员档案")
    return Member.objects.get(pk=member_id)


def meeting_sign_in(
    *, actor: Actor, meeting_id: int, token: str, now: datetime | None = None
) -> Attendance:
    """Sign the logged-in member in by the QR token shown at ``meeting_id``'s venue.

    Signing in twice changes nothing (the first row is returned, whatever code the second
    scan carries). Raises ``InvalidInput``
    (field ``token``) for a forged, expired or another meeting's code, a closed window, or a
    person who should not attend; ``Http404`` for a meeting outside the member's scope.
    """
    now = now or timezone.now()
    sign_in_scope(actor, meeting_id)  # another branch's meeting: refused, not revealed
    # Signed in already: a second scan (of any code, even one expired since) changes nothing
    # and answers with the first sign-in rather than judging the code again.
    earlier = own_sign_ins(actor, [meeting_id]).get(meeting_id)
    if earlier is not None:
        return earlier
    if meeting_of_token(token) != meeting_id:
        raise InvalidInput.one("token", "该签到码属于其他会议，请扫描本次会议的二维码")
    meeting = Meeting.objects.filter(pk=meeting_id).select_related("organization").first()
    if meeting is None or meeting.state == MeetingState.CANCELLED:
        raise InvalidInput.one("token", "会议不存在或已取消")
    if not window_open(meeting.starts_at, meeting.ends_at, now):
        raise InvalidInput.one("token", CLOSED)
    member = _own_member(actor)
    if should_attend(meeting, member.pk) is None:
        raise InvalidInput.one("token", NOT_INVITED)
    mark = Mark.LATE if now > meeting.starts_at else Mark.PRESENT
    return _attendance_once(meeting, member, mark, now)


def _attendance_once(meeting: Meeting, member: Member, mark: str, now: datetime) -> Attendance:
    """One row per person: concurrent sign-ins meet at the unique constraint; the loser reads
    the winner's row."""
    existing = Attendance.objects.filter(meeting=meeting, member=member).first()
    if existing is not None and existing.by_qr:
        return existing
    try:
        with transaction.atomic():
            if existing is not None:  # marked on leave or absent before: the sign-in wins
                existing.mark, existing.signed_in_at, existing.by_qr = mark, now, True
                existing.save(update_fields=["mark", "signed_in_at", "by_qr"])
                return existing
            return Attendance.objects.create(meeting=meeting, member=member, mark=mark,
                                             signed_in_at=now, by_qr=True)  # fmt: skip
    except IntegrityError:
        return Attendance.objects.get(meeting=meeting, member=member)


@transaction.atomic
def leave_request(
    *, actor: Actor, meeting_id: int, reason: str, now: datetime | None = None
) -> LeaveRequest:
    """A member asks for leave (请假) before the meeting, with the reason."""
    meeting = access_meeting(actor, meeting_id)
    now = now or timezone.now()
    if now >= meeting.starts_at:
        raise Conflict("会议已开始，不能再请假")
    member = _own_member(actor)
    if should_attend(meeting, member.pk) is None:
        raise InvalidInput.one("reason", "您不在本次会议的应到人员名单中，无需请假")
    why = _text(reason, "reason", "请假事由", 300)
    if not why:
        raise InvalidInput.one("reason", "请填写请假事由")
    request, created = LeaveRequest.objects.get_or_create(
        meeting=meeting, member=member, defaults={"reason": why}
    )
    if not created:
        raise Conflict("已提交过本次会议的请假申请")
    audit(actor=actor, action="meeting.leave_request", obj=meeting, detail=why)
    messages.notice_leave_request(actor=actor, request=request)
    return request


@transaction.atomic
def leave_decide(*, actor: Actor, request_id: int, approve: bool) -> LeaveRequest:
    """The secretary approves or refuses a leave request; an approved one marks 请假."""
    request = LeaveRequest.objects.select_for_update().filter(pk=request_id).first()
    if request is None:
        raise InvalidInput.one("request_id", "未找到该请假申请")
    meeting = _locked(actor, request.meeting_id, may_record_meeting, NOT_YOURS)
    if request.state != LeaveState.PENDING:
        raise Conflict("该请假申请已处理")
    request.state = LeaveState.APPROVED if approve else LeaveState.REFUSED
    request.decided_by = acting_user(actor)
    request.save(update_fields=["state", "decided_by"])
    if approve:
        Attendance.objects.get_or_create(meeting=meeting, member_id=request.member_id,
                                         defaults={"mark": Mark.LEAVE})  # fmt: skip
    _event(actor, meeting, "leave_approve" if approve else "leave_refuse", request.reason)
    return request


@transaction.atomic
def excusal_record(
    *, actor: Actor, member_id: int, reason: str, starts_on: date, ends_on: date | None = None
) -> Excusal:
    """MEET-10: excuse a member from attending for a span, with the reason (old age, long
    illness, abroad, floating away); never a silent omission."""
    member = Member.objects.filter(pk=member_id).select_related("organization").first()
    if member is None or (
        actor is not None and not scope_for(actor).covers_org(member.organization)
    ):
        raise InvalidInput.one("member_id", "未找到该党员，或无权为其登记")
    why = _text(reason, "reason", "原因", 200)
    if not why:
        raise InvalidInput.one("reason", "请填写不参加组织生活的原因")
    if ends_on is not None and ends_on < starts_on:
        raise InvalidInput.one("ends_on", "结束日期不能早于起始日期")
    # One excusal at a time: a second over the same days would double the record of one fact.
    overlapping = (
        Excusal.objects.select_for_update()
        .filter(member=member)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on))
    )
    if ends_on is not None:
        overlapping = overlapping.filter(starts_on__lte=ends_on)
    clash = overlapping.order_by("starts_on").first()
    if clash is not None:
        until = format_cn_date(clash.ends_on) if clash.ends_on else "今"
        raise InvalidInput.one(
            "starts_on",
            f"{member.name}已登记{format_cn_date(clash.starts_on)}至{until}不参加组织生活"
            f"（{clash.reason}），与本次登记的期间重叠",
        )
    excusal = Excusal.objects.create(member=member, reason=why, starts_on=starts_on, ends_on=ends_on,
                                     recorded_by=acting_user(actor))  # fmt: skip
    audit(
        actor=actor, action="meeting.excusal", obj=member, after=_stored(_excusal_values(excusal))
    )
    return excusal


def _excusal_values(excusal: Excusal) -> dict[str, Any]:
    return {"reason": excusal.reason, "starts_on": excusal.starts_on, "ends_on": excusal.ends_on}


def _stored(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in values.items()}


__all__ = [
    "excusal_record",
    "leave_decide",
    "leave_request",
    "meeting_cancel",
    "meeting_kinds",
    "meeting_notify",
    "meeting_plan",
    "meeting_record",
    "meeting_review",
    "meeting_sign_in",
]
