"""民主评议党员 and 组织生活会 (MEET-6): each member's review of a year in the order the article
sets, and the 整改 items of the issues a 组织生活会 found.

教育管理条例第十八条: self-assessment, peer assessment, 民主测评, then the committee (or the
党员大会) proposes each member's rating. The rating is refused before the three earlier parts
are entered; the grades are a setting (``Rating``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from dangjian.accounts.access import may_record_meeting, require, scope_for
from dangjian.core.actor import Actor, acting_user
from dangjian.core.audit import audit
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.meetings.models import (
    DemocraticReview,
    Meeting,
    Rating,
    Rectification,
    RectificationState,
)
from dangjian.meetings.people import standing_error
from dangjian.meetings.selectors import access_meeting, branch_of, branch_register
from dangjian.members.models import Member
from dangjian.rules.dates import format_cn_date
from dangjian.rules.sources import rule_citation

ORDER = f"依据{rule_citation('MEET-6')}：民主评议按照个人自评、党员互评、民主测评的程序进行，然后提出评定意见"


@dataclass(frozen=True)
class ReviewInput:
    """What is known of one member's review so far; ``rating`` only once the rest is in."""

    self_assessment: str = ""
    peer_assessment: str = ""
    poll: tuple[int, int, int, int] | None = None  # 优秀, 合格, 基本合格, 不合格
    rating: str = ""
    rated_on: date | None = None
    meeting_id: int | None = None


def _member(actor: Actor, member_id: int) -> Member:
    member = Member.objects.filter(pk=member_id).select_related("organization").first()
    if member is None or (
        actor is not None and not scope_for(actor).covers_org(member.organization)
    ):
        raise InvalidInput.one("member_id", "未找到该党员，或无权记录其民主评议")
    if actor is not None:
        require(may_record_meeting(actor, member.organization), "无权记录该党员的民主评议")
    return member


@transaction.atomic
def democratic_review_record(
    *, actor: Actor, member_id: int, year: int, data: ReviewInput
) -> DemocraticReview:
    """Enter (or complete) one member's review of ``year``; a rating before the self-assessment,
    the peer assessment and the poll are in is refused citing 第十八条."""
    member = _member(actor, member_id)
    review, _created = DemocraticReview.objects.select_for_update().get_or_create(
        member=member, year=year, defaults={"organization": member.organization}
    )
    _held_here(review, member)
    review.self_assessment = data.self_assessment.strip() or review.self_assessment
    review.peer_assessment = data.peer_assessment.strip() or review.peer_assessment
    if data.poll is not None:
        if min(data.poll) < 0:
            raise InvalidInput.one("poll", "民主测评票数不能为负数")
        _poll_within_branch(review, sum(data.poll))
        (review.poll_excellent, review.poll_qualified, review.poll_basically,
         review.poll_unqualified) = data.poll  # fmt: skip
    if data.meeting_id is not None:
        review.meeting = access_meeting(actor, data.meeting_id)
    if data.rating:
        _rate(review, data)
    review.recorded_by = acting_user(actor)
    review.save()
    audit(actor=actor, action="meeting.review", obj=review, detail=f"{year}年 {member.name}")
    return review


def _held_here(review: DemocraticReview, member: Member) -> None:
    """A member transferred during the year: a review already rated elsewhere stands (one a
    year; it counts for the organisation that held it, STAT-5) and is refused here naming it;
    one not yet rated is carried on, and held, by the member's organisation now."""
    if review.organization_id == member.organization_id:
        return
    if review.rating:
        raise Conflict(
            f"{member.name}{review.year}年已在{review.organization.name}参加民主评议"
            f"（评定为{review.get_rating_display()}），每年评议一次，不能再次评议"
        )
    review.organization = member.organization


def rating_span(year: int, today: date) -> tuple[date, date]:
    """The days a rating of ``year``'s review may bear: from 1 January of the year to the end
    of the next year's first quarter (a year's review is often held in January or February),
    never after ``today``."""
    return date(year, 1, 1), min(date(year + 1, 3, 31), today)


def _poll_within_branch(review: DemocraticReview, total: int) -> None:
    """The 民主测评 ballots cannot outnumber the members who could cast them: those who should
    attend the organisation's meetings on 31 December of the year (or today, if earlier).
    Raises ``InvalidInput`` under ``poll``."""
    day = min(date(review.year, 12, 31), timezone.localdate())
    voters = len(branch_register(branch_of(review.organization), day).should_attend)
    if total > voters:
        raise InvalidInput.one(
            "poll",
            f"民主测评票数合计{total}票，多于{review.organization.name}"
            f"{format_cn_date(day)}的应参加党员{voters}人",
        )


def _rate(review: DemocraticReview, data: ReviewInput) -> None:
    if data.rating not in Rating.values:
        raise InvalidInput.one("rating", "请选择评定等次")
    polled = (
        review.poll_excellent
        + review.poll_qualified
        + review.poll_basically
        + review.poll_unqualified
    )
    if not (review.self_assessment and review.peer_assessment and polled):
        raise InvalidInput.one("rating", ORDER)
    if data.rated_on is None:
        raise InvalidInput.one("rated_on", "请填写评定日期")
    first, last = rating_span(review.year, timezone.localdate())
    if not first <= data.rated_on <= last:
        raise InvalidInput.one(
            "rated_on",
            f"{review.year}年度民主评议的评定日期应在{format_cn_date(first)}至"
            f"{format_cn_date(last)}之间（不能晚于今天），实为{format_cn_date(data.rated_on)}",
        )
    review.rating, review.rated_on = data.rating, data.rated_on


@transaction.atomic
def rectification_add(
    *, actor: Actor, meeting_id: int, issue: str, measure: str, owner_id: int, due_on: date
) -> Rectification:
    """An issue found at a 组织生活会 with its 整改 measure, owner and due date."""
    meeting = access_meeting(actor, meeting_id)
    if actor is not None:
        require(may_record_meeting(actor, meeting.organization), "无权记录该组织的整改事项")
    if not meeting.kinds.filter(kind="life_meeting").exists():
        raise InvalidInput.one("meeting_id", "整改事项应来自组织生活会")
    for field, value, label, limit in (
        ("issue", issue, "查摆问题", 300),
        ("measure", measure, "整改措施", 500),
    ):
        if not value.strip() or len(value.strip()) > limit:
            raise InvalidInput.one(field, f"请填写{label}（{limit}字以内）")
    if not Member.objects.filter(pk=owner_id, organization=meeting.organization).exists():
        raise InvalidInput.one("owner_id", "整改责任人应为本组织党员")
    # The owner carries the measure from the day the item is written down (never before the
    # meeting): someone transferred out or suspended by then cannot.
    day = max(meeting.held_on, timezone.localdate())
    wrong = standing_error(meeting.organization, day, owner_id, "整改责任人")
    if wrong is not None:
        raise InvalidInput.one("owner_id", wrong)
    if due_on < meeting.held_on:
        raise InvalidInput.one("due_on", "整改时限不能早于组织生活会日期")
    item = Rectification.objects.create(meeting=meeting, issue=issue.strip(), measure=measure.strip(),
                                        owner_id=owner_id, due_on=due_on)  # fmt: skip
    audit(actor=actor, action="meeting.rectification", obj=item, detail=item.issue)
    return item


@transaction.atomic
def rectification_close(*, actor: Actor, item_id: int, done_on: date, result: str) -> Rectification:
    """Close a 整改 item with its result."""
    item = (
        Rectification.objects.select_for_update()
        .filter(pk=item_id)
        .select_related("meeting")
        .first()
    )
    if item is None:
        raise InvalidInput.one("item_id", "未找到该整改事项")
    meeting: Meeting = access_meeting(actor, item.meeting_id)
    if actor is not None:
        require(may_record_meeting(actor, meeting.organization), "无权记录该组织的整改事项")
    if item.state == RectificationState.DONE:
        raise Conflict("该整改事项已完成")
    if not result.strip():
        raise InvalidInput.one("result", "请填写整改结果")
    if not meeting.held_on <= done_on <= timezone.localdate():
        raise InvalidInput.one("done_on", "完成日期应在组织生活会之后，且不能晚于今天")
    item.state, item.done_on, item.result = RectificationState.DONE, done_on, result.strip()[:500]
    item.save(update_fields=["state", "done_on", "result"])
    audit(actor=actor, action="meeting.rectification_close", obj=item, detail=item.result)
    return item
