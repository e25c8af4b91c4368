"""/api/portal: notices (通知公告) with read receipts, and record correction requests.

Adapters over the same services and scoped selectors as the pages: a notice the caller does
not receive nor author answers 404 (as a missing one); a refusal is a Chinese 4xx naming the
field. Mounted from ``dangjian.urls`` (this app sits above the API package's layer).
"""

# No postponed annotations here: ninja reads the view signatures at import time.
from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from pydantic import StrictBool

from dangjian.accounts.access import may_reveal
from dangjian.api.auth import current_user
from dangjian.api.schemas import ERRORS, READ_ERRORS, ErrorOut, InputSchema
from dangjian.api.types import Id, PlausibleDate
from dangjian.core.actor import Actor
from dangjian.portal import selectors, services
from dangjian.portal.corrections import shown_to
from dangjian.portal.models import BODY_MAX, TITLE_MAX, Bulletin, CorrectionRequest

router = Router(tags=["党员服务"])


class BulletinIn(InputSchema):
    organization_id: Id = Field(..., description="发布组织（党支部或党委）的编号")
    title: str = Field(..., max_length=TITLE_MAX, description="标题")
    body: str = Field(..., max_length=BODY_MAX, description="正文（可多行）")
    published_on: PlausibleDate = Field(..., description="发布日期，当天起党员可见")
    pinned: StrictBool = Field(False, description="置顶")


class BulletinOut(Schema):
    id: int
    organization_id: int
    organization_name: str
    title: str
    body: str
    published_on: date
    pinned: bool
    is_read: bool | None = Field(None, description="调用者本人是否已读（仅党员本人的列表）")


class ReadOut(Schema):
    bulletin_id: int
    read_at: datetime | None = Field(..., description="首次阅读时间；非该通知对象时为空")


class ReceiptOut(Schema):
    member_id: int
    name: str
    organization_name: str
    read_at: datetime | None


class ReceiptsOut(Schema):
    total: int
    read_count: int
    unread_count: int
    read: list[ReceiptOut] = Field(..., description="已读党员（按阅读时间，最多1000人）")
    unread: list[ReceiptOut] = Field(..., description="未读党员（按姓名，最多1000人）")


class RemindOut(Schema):
    unread: int = Field(..., description="未读党员人数")
    reminded: int = Field(..., description="本次提醒的人数")
    no_account: int = Field(..., description="未读但没有登录账号、无法提醒的人数")
    already_today: int = Field(..., description="今天已提醒过、本次未重复提醒的人数")
    message: str = Field(..., description="提醒结果的中文说明")


class CorrectionRequestIn(InputSchema):
    field: str = Field(..., max_length=40, description="更正项目，如 name、birth_date、education")
    proposed_value: str = Field(..., max_length=200, description="正确值（日期写作YYYY-MM-DD）")
    reason: str = Field(..., max_length=200, description="申请理由")


class CorrectionDecisionIn(InputSchema):
    reason: str = Field("", max_length=500, description="审核意见；不同意时必填")


class CorrectionRequestOut(Schema):
    id: int
    member_id: int
    field: str
    field_label: str
    proposed_value: str
    reason: str
    state: str
    decision_reason: str


def bulletin_out(b: Bulletin) -> dict[str, Any]:
    return {
        "id": b.pk, "organization_id": b.organization_id, "organization_name": b.organization.name,
        "title": b.title, "body": b.body, "published_on": b.published_on, "pinned": b.pinned,
        "is_read": getattr(b, "is_read", None),
    }  # fmt: skip


def correction_out(user: Actor, c: CorrectionRequest) -> dict[str, Any]:
    """One request; a phone number masked unless ``user`` may see it in full."""
    reveal = may_reveal(user, c.member)  # the selectors read the member with the request
    return {
        "id": c.pk, "member_id": c.member_id, "field": c.field, "field_label": c.field_label,
        "proposed_value": shown_to(c.field, c.proposed_value, reveal=reveal), "reason": c.reason,
        "state": c.state, "decision_reason": c.decision_reason,
    }  # fmt: skip


@router.get("/bulletins", response={200: list[BulletinOut], **READ_ERRORS}, summary="我的通知公告")
def list_mine(request: HttpRequest) -> Any:
    """The notices the caller receives as a member (own organisation and those above it)."""
    rows = selectors.member_bulletins(current_user(request), timezone.localdate())[:200]
    return [bulletin_out(b) for b in rows]


@router.get("/bulletins/authored", response={200: list[BulletinOut], **READ_ERRORS},
            summary="我发布的通知公告")  # fmt: skip
def list_authored(request: HttpRequest) -> Any:
    return [bulletin_out(b) for b in selectors.authored_bulletins(current_user(request))[:200]]


@router.post("/bulletins", response={201: BulletinOut, **ERRORS}, summary="发布通知公告")
def publish(request: HttpRequest, payload: BulletinIn) -> Any:
    data = services.BulletinInput(**payload.model_dump())
    created = services.bulletin_publish(actor=current_user(request), data=data)
    return Status(201, bulletin_out(created))


@router.get("/bulletins/{bulletin_id}", response={200: BulletinOut, **READ_ERRORS},
            summary="查看通知公告（不标记已读）")  # fmt: skip
def detail(request: HttpRequest, bulletin_id: Id) -> Any:
    user = current_user(request)
    return bulletin_out(selectors.access_bulletin(user, bulletin_id, timezone.localdate()))


@router.post("/bulletins/{bulletin_id}/read", response={200: ReadOut, **ERRORS},
             summary="标记已读（重复标记只记第一次）")  # fmt: skip
def mark_read(request: HttpRequest, bulletin_id: Id) -> Any:
    receipt = services.bulletin_read(actor=current_user(request), bulletin_id=bulletin_id)
    return {"bulletin_id": bulletin_id, "read_at": receipt.read_at if receipt else None}


@router.get("/bulletins/{bulletin_id}/receipts", response={200: ReceiptsOut, **READ_ERRORS},
            summary="阅读情况（发布组织）")  # fmt: skip
def receipts(request: HttpRequest, bulletin_id: Id) -> Any:
    found = selectors.bulletin_receipts(current_user(request), bulletin_id)

    def rows(items: list[selectors.Receipt]) -> list[dict[str, Any]]:
        return [{"member_id": r.member_id, "name": r.name, "organization_name": r.organization,
                 "read_at": r.read_at} for r in items]  # fmt: skip

    return {"total": found.total, "read_count": found.read_count,
            "unread_count": found.unread_count, "read": rows(found.read),
            "unread": rows(found.unread)}  # fmt: skip


@router.post("/bulletins/{bulletin_id}/remind", response={200: RemindOut, **ERRORS},
             summary="提醒未读党员")  # fmt: skip
def remind(request: HttpRequest, bulletin_id: Id) -> Any:
    done = services.bulletin_remind_unread(actor=current_user(request), bulletin_id=bulletin_id)
    return {"unread": done.unread, "reminded": done.reminded, "no_account": done.no_account,
            "already_today": done.already_today, "message": done.summary}  # fmt: skip


@router.get("/corrections/mine", response={200: list[CorrectionRequestOut], **READ_ERRORS},
            summary="我的档案更正申请")  # fmt: skip
def corrections_mine(request: HttpRequest) -> Any:
    user = current_user(request)
    return [correction_out(user, c) for c in selectors.own_corrections(user)[:100]]


@router.get("/corrections", response={200: list[CorrectionRequestOut], **READ_ERRORS},
            summary="待审核的档案更正申请")  # fmt: skip
def corrections_open(request: HttpRequest) -> Any:
    user = current_user(request)
    return [correction_out(user, c) for c in selectors.corrections_to_decide(user)[:200]]


@router.post("/corrections", response={201: CorrectionRequestOut, **ERRORS, 403: ErrorOut},
             summary="申请更正本人档案")  # fmt: skip
def correction_create(request: HttpRequest, payload: CorrectionRequestIn) -> Any:
    user = current_user(request)
    created = services.correction_request(actor=user, **payload.model_dump())
    return Status(201, correction_out(user, created))


@router.post("/corrections/{request_id}/approve", response={200: CorrectionRequestOut, **ERRORS},
             summary="同意更正（按申请修改档案并记入变动记录）")  # fmt: skip
def correction_approve(request: HttpRequest, request_id: Id, payload: CorrectionDecisionIn) -> Any:
    user = current_user(request)
    done = services.correction_approve(actor=user, request_id=request_id, note=payload.reason)
    return correction_out(user, done)


@router.post("/corrections/{request_id}/refuse", response={200: CorrectionRequestOut, **ERRORS},
             summary="不同意更正（须填写理由，党员会收到通知）")  # fmt: skip
def correction_refuse(request: HttpRequest, request_id: Id, payload: CorrectionDecisionIn) -> Any:
    user = current_user(request)
    done = services.correction_refuse(actor=user, request_id=request_id, reason=payload.reason)
    return correction_out(user, done)
