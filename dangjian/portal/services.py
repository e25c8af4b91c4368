"""Writes of 党员服务: publish a notice, mark it read, remind the unread; request, approve and
refuse a correction of one's archive. Each is validated, atomic and audited, with its actor.

Messages to people go through the one notification service (``notifications.services.notify``),
after the write has committed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from dangjian.accounts.access import (
    access_organization,
    may_publish_bulletin,
    require,
)
from dangjian.core.actor import Actor, acting_user
from dangjian.core.audit import audit
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.core.text import TextError, TextKind, clean_text
from dangjian.members.inputs import FIELD_LABELS, member_input_of
from dangjian.members.models import Member
from dangjian.members.services import member_update
from dangjian.members.validation import check_member_fields
from dangjian.notifications.preferences import MEMBER_ROLE, NOTICE
from dangjian.notifications.recipients import Audience
from dangjian.notifications.services import Message, notify
from dangjian.portal import selectors
from dangjian.portal.corrections import correctable, parse_proposed, recorded_text, shown
from dangjian.portal.models import (
    BODY_MAX,
    TITLE_MAX,
    Bulletin,
    BulletinRead,
    CorrectionRequest,
    CorrectionState,
)

NO_RECORD = "当前账号未关联党员档案"
PUBLISH_REFUSED = "无权向该党组织发布通知公告"
REASON_MAX = 500
# The member's reason goes into the archive's event, whose reason holds 300 characters.
REQUEST_REASON_MAX = 200


@dataclass(frozen=True)
class BulletinInput:
    """A notice as a form or the API hands it over (texts stripped by the caller's parser)."""

    organization_id: int
    title: str
    body: str
    published_on: date
    pinned: bool = False


def cleaned(field: str, label: str, value: str, limit: int, kind: TextKind = TextKind.TEXT) -> str:
    """``value`` normalised (NFC, trimmed); InvalidInput on ``field`` naming ``label`` when it
    is empty, longer than ``limit`` or holds control characters (a NUL would fail the insert)."""
    try:
        text = clean_text(value, kind)
    except TextError as exc:
        raise InvalidInput.one(field, f"{label}{exc}") from None
    if not text:
        raise InvalidInput.one(field, f"请填写{label}")
    if len(text) > limit:
        raise InvalidInput.one(field, f"{label}不能超过{limit}个字")
    return text


def _checked(data: BulletinInput) -> BulletinInput:
    """The notice with its texts cleaned; InvalidInput naming every bad field."""
    errors: dict[str, list[str]] = {}
    texts = {}
    # The title as strict as a meeting's topic (no direction controls nor invisible
    # characters); the body keeps its lines but refuses the direction controls.
    for field, label, limit, kind in (("title", "通知标题", TITLE_MAX, TextKind.NAME),
                                      ("body", "通知正文", BODY_MAX, TextKind.PUBLISHED)):  # fmt: skip
        try:
            texts[field] = cleaned(field, label, getattr(data, field), limit, kind)
        except InvalidInput as exc:
            errors.update(exc.errors)
    if errors:
        raise InvalidInput(errors)
    return replace(data, title=texts["title"], body=texts["body"])


@transaction.atomic
def bulletin_publish(*, actor: Actor, data: BulletinInput, today: date | None = None) -> Bulletin:
    """Write a notice to ``data.organization_id``'s subtree. Raises Http404 for an organisation
    out of the actor's sight, PermissionDenied for one they do not look after, InvalidInput
    naming the field. Members are told in their inbox once the notice is published (at once
    when ``published_on`` is today or earlier; the notice simply appears on its day)."""
    org = access_organization(actor, data.organization_id)
    require(may_publish_bulletin(actor, org), PUBLISH_REFUSED)
    data = _checked(data)
    bulletin = Bulletin.objects.create(
        organization=org, title=data.title, body=data.body,
        published_on=data.published_on, pinned=data.pinned, author=acting_user(actor),
    )  # fmt: skip
    audit(actor=actor, action="portal.bulletin.publish", obj=bulletin,
          after={"organization": org.pk, "title": bulletin.title,
                 "published_on": bulletin.published_on.isoformat(), "pinned": bulletin.pinned})  # fmt: skip
    if data.published_on <= (today or timezone.localdate()):
        transaction.on_commit(lambda: _announce(bulletin.pk))
    return bulletin


def _link(bulletin_id: int) -> str:
    return reverse("portal:bulletin", args=[bulletin_id])


def _message_title(prefix: str, title: str) -> str:
    """A message's title from a notice's: a message holds 200 characters, a notice's title as
    many, so the prefixed one is cut with an ellipsis rather than refused after the commit."""
    text = f"{prefix}{title}"
    return text if len(text) <= TITLE_MAX else text[: TITLE_MAX - 1] + "…"


def _announce(bulletin_id: int) -> None:
    """Tell the subtree's members of a new notice (once, however often this runs)."""
    _announce_one(Bulletin.objects.select_related("organization").get(pk=bulletin_id))


def _announce_one(bulletin: Bulletin) -> bool:
    """Send a notice's announcement; False when it had been sent already (its dedupe key)."""
    message = Message(kind="portal.bulletin", category=NOTICE, title=_message_title("通知公告：", bulletin.title),
                      body=bulletin.body[:200], link=_link(bulletin.pk),
                      dedupe_key=f"portal.bulletin:{bulletin.pk}")  # fmt: skip
    result = notify(actor=None, message=message,
                    audience=Audience(roles=(MEMBER_ROLE,), organization=bulletin.organization))  # fmt: skip
    return result.notice_id is not None


# A notice dated ahead is announced on its day by the daily job; a server down for up to this
# many days still announces the notices whose day it missed.
ANNOUNCE_LOOKBACK_DAYS = 7


@dataclass(frozen=True)
class AnnounceCounts:
    """What one pass of ``bulletins_announce_due`` did: notices announced now, and those whose
    announcement had been sent before (at publishing, or by an earlier pass)."""

    created: int
    skipped: int


def bulletins_announce_due(*, today: date) -> AnnounceCounts:
    """Announce the notices whose publish date is ``today`` or up to a week before and whose
    announcement is not sent yet; safe to run again (each is sent once, by its dedupe key)."""
    first = today - timedelta(days=ANNOUNCE_LOOKBACK_DAYS)
    due = Bulletin.objects.filter(published_on__range=(first, today)).select_related("organization")
    sent = [_announce_one(b) for b in due.order_by("pk")]
    return AnnounceCounts(created=sum(sent), skipped=len(sent) - sum(sent))


def bulletin_read(
    *, actor: Actor, bulletin_id: int, now: datetime | None = None
) -> BulletinRead | None:
    """Record that the asker read a notice they receive; reading again changes nothing (the
    first time is kept). None for a reader who is not in its audience as a member (an author
    looking at their own notice). Http404 for a notice the asker does not receive."""
    now = now or timezone.now()
    bulletin = selectors.access_bulletin(actor, bulletin_id, timezone.localdate(now))
    member = selectors.own_member(actor)
    if member is None or not selectors.audience(bulletin).filter(pk=member.pk).exists():
        return None
    existing = BulletinRead.objects.filter(bulletin=bulletin, member=member).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return BulletinRead.objects.create(bulletin=bulletin, member=member, read_at=now)
    except IntegrityError:
        # The same member opened it twice at once: the first receipt holds.
        return BulletinRead.objects.get(bulletin=bulletin, member=member)


@dataclass(frozen=True)
class Reminded:
    """What one press of 提醒未读党员 did: the unread members reminded now, and why the others
    were not (no login account to reach; reminded of this notice today already)."""

    unread: int
    reminded: int
    no_account: int
    already_today: int

    @property
    def summary(self) -> str:
        """The author's answer in Chinese: how many were reminded, and why not the rest."""
        why = "，".join(f"{label}{n}人" for label, n in (("没有登录账号", self.no_account),
                                                        ("今天已提醒", self.already_today)) if n)  # fmt: skip
        if not self.reminded:
            return f"未发送提醒：{self.unread}名未读党员中，{why}"
        rest = self.unread - self.reminded
        return f"已提醒{self.reminded}名未读党员" + (f"；另有{rest}人未提醒：{why}" if rest else "")


def bulletin_remind_unread(
    *, actor: Actor, bulletin_id: int, today: date | None = None
) -> Reminded:
    """Remind the members who have not read a notice the actor authored, through their chosen
    channels; each at most once a day (those reminded today already are left out). Conflict
    only when every member has read it; Http404 for a notice out of the actor's organisations."""
    bulletin = selectors.access_authored_bulletin(actor, bulletin_id)
    require(may_publish_bulletin(actor, bulletin.organization), PUBLISH_REFUSED)
    unread = selectors.unread_audience(bulletin)
    if not unread.member_count:
        raise Conflict("所有党员均已阅读该通知，无需提醒")
    key = f"portal.bulletin.remind:{bulletin.pk}:{(today or timezone.localdate()).isoformat()}"
    done = selectors.reminded_user_ids(key, unread.user_ids)
    users = tuple(u for u in unread.user_ids if u not in done)
    if users:
        message = Message(kind="portal.bulletin.remind", category=NOTICE,
                          title=_message_title("请阅读通知：", bulletin.title),
                          link=_link(bulletin.pk), dedupe_key=key)  # fmt: skip
        notify(actor=actor, message=message, audience=Audience(user_ids=users))
    return Reminded(unread=unread.member_count, reminded=len(users),
                    no_account=unread.member_count - len(unread.user_ids),
                    already_today=len(done))  # fmt: skip


# --- corrections of one's own archive ---------------------------------------------------------


@transaction.atomic
def correction_request(
    *, actor: Actor, field: str, proposed_value: str, reason: str
) -> CorrectionRequest:
    """The asker asks that ``field`` of their own archive read ``proposed_value``. Raises
    InvalidInput naming the field (unknown field, bad value, same as recorded, no reason),
    Conflict while a request for the same field is open."""
    member = selectors.own_member(actor)
    if member is None:
        raise Conflict(NO_RECORD)
    spec = correctable(field)
    kind = TextKind.NAME if field == "name" else TextKind.TEXT
    value = parse_proposed(field, cleaned("proposed_value", f"{spec.label}的正确值",
                                          proposed_value, 200, kind))  # fmt: skip
    typed = value.isoformat() if isinstance(value, date) else value
    if recorded_text(member, field) == typed:
        raise InvalidInput.one("proposed_value", f"档案中的{spec.label}已是“{shown(field, value)}”")
    _archive_would_take(member, field, value)
    reason = cleaned("reason", "申请理由", reason, REQUEST_REASON_MAX, TextKind.MULTILINE)
    if CorrectionRequest.objects.filter(member=member, field=field, state="pending").exists():
        raise Conflict(f"已有一份{spec.label}的更正申请在审核中，请等待支部审核")
    created = CorrectionRequest.objects.create(
        member=member, field=field, recorded_value=recorded_text(member, field),
        proposed_value=typed,
        reason=reason, requested_by=acting_user(actor),
    )  # fmt: skip
    audit(actor=actor, action="portal.correction.request", obj=created,
          after={"member": member.pk, "field": field}, detail=f"申请更正{spec.label}")  # fmt: skip
    return created


def _archive_would_take(member: Member, field: str, value: Any) -> None:
    """Refuse at once a value the archive would refuse at approval: the member service's own
    checks (``members.validation.check_member_fields``: a valid phone number, a date not in
    the future, 18 at joining, a listed 民族…) and the archive's column sizes. Only what the new
    value breaks counts; InvalidInput on ``proposed_value``, each message naming its field."""
    before = member_input_of(member)
    found = _new_errors(check_member_fields(before, timezone.localdate()),
                        check_member_fields(replace(before, **{field: value}),
                                            timezone.localdate()))  # fmt: skip
    limit: int | None = getattr(Member._meta.get_field(field), "max_length", None)
    too_long = f"{FIELD_LABELS[field]}不能超过{limit}个字"
    if isinstance(value, str) and limit and len(value) > limit and too_long not in found:
        found.insert(0, too_long)
    if found:
        raise InvalidInput({"proposed_value": found})


def _new_errors(before: dict[str, list[str]], after: dict[str, list[str]]) -> list[str]:
    """The messages of ``after`` not in ``before``, each naming its field."""
    return [
        text if FIELD_LABELS[name] in text else f"{FIELD_LABELS[name]}：{text}"
        for name, texts in after.items()
        for text in texts
        if text not in before.get(name, [])
    ]


def _locked_pending(actor: Actor, request_id: int) -> CorrectionRequest:
    """The open request, row-locked, that ``actor`` may decide on (Http404 for one they may
    not, as for a missing one; Conflict once decided)."""
    selectors.access_correction(actor, request_id)
    found = CorrectionRequest.objects.select_for_update().get(pk=request_id)
    if found.state != CorrectionState.PENDING:
        raise Conflict(f"该申请已审核（{found.get_state_display()}），不能再次审核")
    return found


def _decided(found: CorrectionRequest, actor: Actor, state: str, reason: str) -> None:
    found.state = state
    found.decided_by = acting_user(actor)
    found.decided_at = timezone.now()
    found.decision_reason = reason
    found.save(update_fields=["state", "decided_by", "decided_at", "decision_reason"])


@transaction.atomic
def correction_approve(*, actor: Actor, request_id: int, note: str = "") -> CorrectionRequest:
    """Correct the archive as asked, through the member service (so the archive's history
    records it as an event with the actor and the member's reason), and close the request.
    InvalidInput naming the field when the archive would not be valid with the new value."""
    found = _locked_pending(actor, request_id)
    spec = correctable(found.field)
    value = parse_proposed(found.field, found.proposed_value or "")
    member = Member.objects.get(pk=found.member_id)
    data = replace(member_input_of(member), **{found.field: value})
    member_update(actor=actor, member_id=member.pk, data=data,
                  reason=f"党员本人申请更正{spec.label}：{found.reason}")  # fmt: skip
    note = (
        cleaned("reason", "审核意见", note, REASON_MAX, TextKind.MULTILINE) if note.strip() else ""
    )
    _decided(found, actor, CorrectionState.APPROVED, note)
    audit(actor=actor, action="portal.correction.approve", obj=found,
          after={"member": member.pk, "field": found.field})  # fmt: skip
    transaction.on_commit(lambda: _tell_member(found.pk))
    return found


@transaction.atomic
def correction_refuse(*, actor: Actor, request_id: int, reason: str) -> CorrectionRequest:
    """Close the request without changing the archive; the member is told why."""
    found = _locked_pending(actor, request_id)
    # Named as the doors name it (the API's ``reason``, the page's field of the same name).
    reason = cleaned("reason", "不同意的理由", reason, REASON_MAX, TextKind.MULTILINE)
    _decided(found, actor, CorrectionState.REFUSED, reason)
    audit(actor=actor, action="portal.correction.refuse", obj=found,
          after={"member": found.member_id, "field": found.field}, detail=reason)  # fmt: skip
    transaction.on_commit(lambda: _tell_member(found.pk))
    return found


def _tell_member(request_id: int) -> None:
    """The member's inbox (and chosen channels): the decision on their request and why."""
    found = CorrectionRequest.objects.select_related("member").get(pk=request_id)
    if found.member.user_id is None:
        return
    label = correctable(found.field).label
    verdict = "已同意，档案已更正" if found.state == CorrectionState.APPROVED else "未同意"
    body = f"理由：{found.decision_reason}" if found.decision_reason else ""
    message = Message(kind="portal.correction", category=NOTICE,
                      title=f"您申请更正{label}：{verdict}", body=body,
                      link=reverse("portal:home") + "#my-record",
                      dedupe_key=f"portal.correction:{found.pk}:{found.state}")  # fmt: skip
    notify(actor=None, message=message, audience=Audience(user_ids=(found.member.user_id,)))
