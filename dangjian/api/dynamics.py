"""/api/dynamics: 党员动态 — 组织关系转接, 介绍信 and 流动党员.

Adapters over the same services (``dynamics.services``, ``dynamics.floating``) and scoped
selectors (``dynamics.selectors``, ``dynamics.queues``) as the pages: parse, find the record
in the caller's scope (outside it answers 404, as a missing one), call one service. A refusal
is a Chinese 4xx naming the field; a step the record's state no longer allows is a 409.
"""

# No postponed annotations here: ninja reads the view signatures (Query[...]) at import time.
from datetime import date
from typing import Annotated, Any, Literal
from urllib.parse import quote

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import StrictBool

from dangjian.api.auth import current_user
from dangjian.api.dynamics_standing import router as standing_router
from dangjian.api.pagination import BoundedPageNumberPagination
from dangjian.api.present import Presented
from dangjian.api.schemas import ERRORS, READ_ERRORS, InputSchema
from dangjian.api.types import DuesMonth, Id, Name, PlausibleDate, RequiredText, Text
from dangjian.core.actor import Actor
from dangjian.documents.pdf import render_pdf
from dangjian.documents.word import render_docx
from dangjian.dynamics import floating, queues, selectors, services
from dangjian.dynamics.display import contact_shown
from dangjian.dynamics.historic import (
    HistoricTransfer,
    same_historic_transfer,
    transfer_record_historic,
)
from dangjian.dynamics.models import (
    OPEN_STATES,
    FloatingRecord,
    LetterState,
    Transfer,
    TransferLetter,
    TransferState,
)
from dangjian.dynamics.views import LETTER_TEMPLATE, letter_context
from dangjian.rules.membership import abroad_contact_due

router = Router(tags=["党员动态"])

BATCH_MAX = 2000  # a restructured unit; far more than one branch holds
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
StateCode = Annotated[str, Field(pattern="^(approving|awaiting|accepted|refused|cancelled)$")]
DirectionCode = Annotated[str, Field(pattern="^(out|in)$")]
FormatCode = Annotated[str, Field(pattern="^(docx|pdf)$")]


# ---------------------------------------------------------------- schemas


class TransferQuery(Schema):
    state: StateCode | None = Field(None, description="状态：approving/awaiting/accepted/…")
    waiting: bool = Field(False, description="只列待我处理（审批或接收）的转接")


class ApprovalOut(Schema):
    level: str
    level_label: str
    on: str
    note: str


# The approval steps a transfer may wait for (``services.LEVEL_LABELS``).
ApprovalLevel = Literal["sending", "receiving"]


class TransferOut(Schema):
    id: int
    member_id: int
    member_name: str
    from_org_id: int
    from_org_name: str
    to_org_id: int
    to_org_name: str
    party_group_id: int | None
    effective_on: date
    reason: str
    dues_paid_to: date | None
    state: str
    state_label: str
    awaited: str = Field(..., description="正在等待的步骤（已结束的转接为空）")
    awaited_level: ApprovalLevel | None = Field(
        ...,
        description="正在等待审批的环节（sending 转出方党委，receiving 转入方党委）；"
        "审批时作为 level 提交；不在审批中时为空",
    )
    approvals: list[ApprovalOut]
    refused_reason: str = Field(..., description="退回或撤销的原因")
    batch: str
    accepted_on: date | None = Field(..., description="接收日期（已接收的转接）")
    historic: bool = Field(..., description="平台启用前已办结、事后补录的转接")


class TransferIn(InputSchema):
    member_id: Id = Field(..., description="转出的党员")
    to_org_id: Id = Field(..., description="转入的党支部")
    effective_on: PlausibleDate = Field(..., description="转接日期（不晚于今天）")
    reason: RequiredText = Field(..., max_length=300, description="转接原因")


class BatchIn(InputSchema):
    member_ids: list[Id] = Field(..., min_length=1, max_length=BATCH_MAX, description="党员")
    to_org_id: Id = Field(..., description="转入的党支部")
    effective_on: PlausibleDate = Field(..., description="转接日期（不晚于今天）")
    reason: RequiredText = Field(..., max_length=300, description="转接原因")


class HistoricTransferIn(InputSchema):
    """A transfer completed before the platform, as the old register has it (补录)."""

    member_id: Id = Field(..., description="转出的党员")
    to_org_id: Id = Field(..., description="转入的党支部")
    party_group_id: Id | None = Field(None, description="转入的党小组（须属于转入的党支部）")
    effective_on: PlausibleDate = Field(
        ..., description="转接日期（不早于入党时间和档案最后一次变动）"
    )
    approved_sending: PlausibleDate | None = Field(
        None, description="转出方党委审批日期（本平台要求该级审批时必填）"
    )
    approved_receiving: PlausibleDate | None = Field(
        None, description="转入方党委审批日期（本平台要求该级审批时必填）"
    )
    accepted_on: PlausibleDate = Field(..., description="接收日期：党员自该日起计入转入党支部")
    reason: RequiredText = Field(..., max_length=300, description="转接原因")
    dues_paid_to: DuesMonth | None = Field(
        None, description="党费交至（年月，如2024-05；填该月任一日亦可）"
    )


class TransferApproveIn(InputSchema):
    note: Text = Field("", max_length=300, description="审批意见")
    level: ApprovalLevel | None = Field(
        None,
        description="所审批的环节，即读取转接时的 awaited_level（sending 转出方党委，receiving "
        "转入方党委）；该环节已由他人办理时返回409，而不会审批下一环节；不填则审批当前环节",
    )


class AcceptIn(InputSchema):
    party_group_id: Id | None = Field(None, description="编入的党小组（转入党支部之下）")
    accepted_on: PlausibleDate | None = Field(None, description="接收日期（默认今天）")


class ReasonIn(InputSchema):
    reason: RequiredText = Field(..., max_length=300, description="原因")


class LetterQuery(Schema):
    overdue: bool = Field(False, description="只列超过有效期仍未回执的介绍信")


class LetterOut(Schema):
    id: int
    number: str
    member_id: int
    member_name: str
    organization_id: int
    organization_name: str
    destination: str
    reason: str
    issued_on: date
    valid_until: date
    valid_days: int = Field(..., description="有效期天数（开具当日算第1天，至valid_until）")
    dues_paid_to: date | None
    state: str
    state_label: str
    overdue: bool = Field(..., description="超过有效期仍未回执")
    receipt_on: date | None
    receipt_org: str
    cancel_reason: str


class LetterIn(InputSchema):
    member_id: Id = Field(..., description="转出的党员")
    destination: Name = Field(..., max_length=120, description="去往单位（党组织）")
    reason: RequiredText = Field(..., max_length=300, description="转接原因")
    issued_on: PlausibleDate | None = Field(None, description="开具日期（默认今天）")


class ReceiptIn(InputSchema):
    receipt_on: PlausibleDate = Field(..., description="回执日期")
    receipt_org: Text = Field("", max_length=120, description="回执单位")


class FloatingQuery(Schema):
    direction: DirectionCode | None = Field(None, description="out 流出、in 流入")
    include_returned: bool = Field(False, description="包括已返回的记录")


class ContactOut(Schema):
    id: int
    contacted_on: date
    way: str
    summary: str


class FloatingOut(Schema):
    id: int
    direction: str
    direction_label: str
    member_id: int | None
    name: str
    organization_id: int
    organization_name: str
    place: str
    since: date
    contact: str
    certificate_number: str
    abroad_study: bool
    returned_on: date | None
    last_contact: date | None
    contact_due: date | None = Field(..., description="出国（境）学习研究者下次联系的期限")
    contact_overdue: bool
    contacts: list[ContactOut]


class FloatingIn(InputSchema):
    direction: DirectionCode = Field(..., description="out 流出、in 流入")
    place: RequiredText = Field(..., max_length=120, description="流动去向（流入来源）")
    since: PlausibleDate = Field(..., description="流动起始日期")
    member_id: Id | None = Field(None, description="流出的党员（流出时必填）")
    organization_id: Id | None = Field(None, description="参加组织生活的党支部（流入时必填）")
    name: Text = Field("", max_length=40, description="姓名（流入时必填）")
    contact: Text = Field("", max_length=60, description="联系方式")
    certificate_number: Text = Field("", max_length=40, description="流动党员活动证编号")
    abroad_study: StrictBool = Field(False, description="出国（境）学习研究（true 或 false）")


class ContactIn(InputSchema):
    contacted_on: PlausibleDate = Field(..., description="联系日期")
    way: Name = Field(..., max_length=20, description="联系方式（电话、微信、面谈…）")
    summary: Text = Field("", max_length=300, description="情况")


class ReturnIn(InputSchema):
    returned_on: PlausibleDate = Field(..., description="返回日期")


# ---------------------------------------------------------------- presenting


def transfer_out(user: Actor, transfer: Transfer) -> dict[str, Any]:
    """One transfer with the step it waits for (the same words as the page's)."""
    awaited = queues.transfer_actions(user, transfer).awaited
    return {
        "id": transfer.pk, "member_id": transfer.member_id, "member_name": transfer.member.name,
        "from_org_id": transfer.from_org_id, "from_org_name": transfer.from_org.name,
        "to_org_id": transfer.to_org_id, "to_org_name": transfer.to_org.name,
        "party_group_id": transfer.party_group_id, "effective_on": transfer.effective_on,
        "reason": transfer.reason, "dues_paid_to": transfer.dues_paid_to,
        "state": transfer.state, "state_label": transfer.get_state_display(),
        "awaited": awaited if transfer.state in OPEN_STATES else "",
        "awaited_level": transfer.next_level if transfer.state == TransferState.APPROVING else None,
        "approvals": [
            {"level": a.get("level", ""),
             "level_label": services.LEVEL_LABELS.get(a.get("level", ""), ""),
             "on": str(a.get("on", "")), "note": str(a.get("note", ""))}
            for a in transfer.approvals if isinstance(a, dict)
        ],
        "refused_reason": transfer.refused_reason, "batch": transfer.batch,
        "accepted_on": transfer.accepted_on, "historic": transfer.historic,
    }  # fmt: skip


def letter_out(letter: TransferLetter, today: date) -> dict[str, Any]:
    """One 介绍信; ``overdue`` is the alert of MEM-7 (past validity, no 回执)."""
    return {
        "id": letter.pk, "number": letter.number, "member_id": letter.member_id,
        "member_name": letter.member.name, "organization_id": letter.organization_id,
        "organization_name": letter.organization.name, "destination": letter.destination,
        "reason": letter.reason, "issued_on": letter.issued_on,
        "valid_until": letter.valid_until, "valid_days": letter.valid_days,
        "dues_paid_to": letter.dues_paid_to,
        "state": letter.state, "state_label": letter.get_state_display(),
        "overdue": letter.state == LetterState.ISSUED and letter.valid_until < today,
        "receipt_on": letter.receipt_on, "receipt_org": letter.receipt_org,
        "cancel_reason": letter.cancel_reason,
    }  # fmt: skip


def floating_out(user: Actor, record: FloatingRecord, today: date) -> dict[str, Any]:
    """One floating record with its contacts; abroad-study records carry the MEM-9 due date.
    Phone numbers in the contact are masked unless ``user`` may reveal them."""
    contacts = list(record.contacts.all())
    last = max((c.contacted_on for c in contacts), default=None)
    due = (
        abroad_contact_due(last or record.since)
        if record.abroad_study and record.returned_on is None
        else None
    )
    return {
        "id": record.pk, "direction": record.direction,
        "direction_label": record.get_direction_display(), "member_id": record.member_id,
        "name": record.name, "organization_id": record.organization_id,
        "organization_name": record.organization.name, "place": record.place,
        "since": record.since, "contact": contact_shown(user, record),
        "certificate_number": record.certificate_number, "abroad_study": record.abroad_study,
        "returned_on": record.returned_on, "last_contact": last, "contact_due": due,
        "contact_overdue": due is not None and due < today,
        "contacts": [
            {"id": c.pk, "contacted_on": c.contacted_on, "way": c.way, "summary": c.summary}
            for c in contacts
        ],
    }  # fmt: skip


def _transfer(user: Actor, transfer_id: int) -> dict[str, Any]:
    return transfer_out(user, selectors.access_transfer(user, transfer_id))


def _floating(user: Actor, record_id: int) -> dict[str, Any]:
    return floating_out(user, selectors.access_floating(user, record_id), timezone.localdate())


def transfer_rows(user: Actor, state: str | None, waiting: bool) -> QuerySet[Transfer]:
    """The list's rows: the page's (newest first), narrowed to a state or to what waits."""
    rows = queues.listed_transfers(user)
    if waiting:
        rows = rows.filter(pk__in=[t.pk for t in queues.transfers_awaiting(user)])
    if state:
        rows = rows.filter(state=state)
    return rows


# ---------------------------------------------------------------- transfers


@router.get(
    "/transfers",
    response={200: list[TransferOut], **READ_ERRORS},
    summary="组织关系转接列表（转出与转入，分页）",
)
@paginate(BoundedPageNumberPagination)
def list_transfers(request: HttpRequest, filters: Query[TransferQuery]) -> Any:
    """Transfers out of or into the caller's organisations; ``waiting`` those whose next step
    (an approval or the acceptance) is the caller's."""
    user = current_user(request)
    rows = transfer_rows(user, filters.state, filters.waiting)
    return Presented(rows, lambda t: transfer_out(user, t))


# Before the detail route: "batch" must not be read as a transfer id.
@router.post(
    "/transfers/batch",
    response={201: list[TransferOut], **ERRORS},
    summary="批量转接（全部或全不）",
)
def batch_transfer(request: HttpRequest, payload: BatchIn) -> Any:
    """Every member's transfer started in one operation, or none (the first refusal names
    the member and why)."""
    user = current_user(request)
    transfers = services.member_transfer_batch(actor=user, **payload.model_dump())
    return Status(201, [_transfer(user, t.pk) for t in transfers])


@router.post(
    "/transfers/historic",
    response={200: TransferOut, 201: TransferOut, **ERRORS},
    summary="补录历史转接",
)
def record_historic_transfer(request: HttpRequest, payload: HistoricTransferIn) -> Any:
    """Record a transfer completed before the platform with its historic days, accepted; the
    registers change from ``accepted_on`` on only. The same facts sent again answer 200 with
    the transfer already recorded (nothing is added); 201 when recorded now. 422 names the
    field (dates against 入党时间, the archive's last change and each other; the approvals the
    deployment requires), 409 when the member is not in good standing or has a transfer open."""
    user = current_user(request)
    fields = payload.model_dump()
    approved = {level: fields.pop(f"approved_{level}") for level in ("sending", "receiving")}
    data = HistoricTransfer(
        **fields, approved={level: day for level, day in approved.items() if day is not None}
    )
    existing = same_historic_transfer(data)
    if existing is not None:
        return Status(200, _transfer(user, existing.pk))
    transfer = transfer_record_historic(actor=user, data=data)
    return Status(201, _transfer(user, transfer.pk))


@router.get(
    "/transfers/{transfer_id}", response={200: TransferOut, **READ_ERRORS}, summary="转接详情"
)
def get_transfer(request: HttpRequest, transfer_id: Id) -> Any:
    return _transfer(current_user(request), transfer_id)


@router.post("/transfers", response={201: TransferOut, **ERRORS}, summary="发起组织关系转接")
def start_transfer(request: HttpRequest, payload: TransferIn) -> Any:
    """The sending branch starts it; dues "paid up to" come from the ledger (MEM-2)."""
    user = current_user(request)
    transfer = services.member_transfer_start(actor=user, **payload.model_dump())
    return Status(201, _transfer(user, transfer.pk))


@router.post(
    "/transfers/{transfer_id}/approve", response={200: TransferOut, **ERRORS}, summary="审批转接"
)
def approve_transfer(request: HttpRequest, transfer_id: Id, payload: TransferApproveIn) -> Any:
    """Approve the step the transfer waits for (``awaited_level``), as that step's 党委.

    Answers 200 with the transfer (``awaited_level`` the next step, or empty once it waits for
    the receiving branch); 403 when the caller is not of the awaited step's 党委; 409 when the
    transfer is not waiting for an approval, or ``level`` names a step another approver has
    already handled; 404 outside the caller's scope."""
    user = current_user(request)
    selectors.access_transfer(user, transfer_id)
    services.transfer_approve(
        actor=user, transfer_id=transfer_id, note=payload.note, level=payload.level
    )
    return _transfer(user, transfer_id)


@router.post(
    "/transfers/{transfer_id}/accept", response={200: TransferOut, **ERRORS}, summary="接收转接"
)
def accept_transfer(request: HttpRequest, transfer_id: Id, payload: AcceptIn) -> Any:
    """The receiving branch places the member; the archive moves on ``accepted_on``."""
    user = current_user(request)
    selectors.access_transfer(user, transfer_id)
    services.transfer_accept(actor=user, transfer_id=transfer_id, **payload.model_dump())
    return _transfer(user, transfer_id)


@router.post(
    "/transfers/{transfer_id}/refuse", response={200: TransferOut, **ERRORS}, summary="退回转接"
)
def refuse_transfer(request: HttpRequest, transfer_id: Id, payload: ReasonIn) -> Any:
    user = current_user(request)
    selectors.access_transfer(user, transfer_id)
    services.transfer_refuse(actor=user, transfer_id=transfer_id, reason=payload.reason)
    return _transfer(user, transfer_id)


@router.post(
    "/transfers/{transfer_id}/cancel", response={200: TransferOut, **ERRORS}, summary="撤销转接"
)
def cancel_transfer(request: HttpRequest, transfer_id: Id, payload: ReasonIn) -> Any:
    user = current_user(request)
    selectors.access_transfer(user, transfer_id)
    services.transfer_cancel(actor=user, transfer_id=transfer_id, reason=payload.reason)
    return _transfer(user, transfer_id)


# ---------------------------------------------------------------- letters


@router.get(
    "/letters", response={200: list[LetterOut], **READ_ERRORS}, summary="介绍信登记簿（分页）"
)
@paginate(BoundedPageNumberPagination)
def list_letters(request: HttpRequest, filters: Query[LetterQuery]) -> Any:
    """Letters of the caller's organisations, newest first; ``overdue`` those past validity
    without 回执, oldest first (MEM-7)."""
    user, today = current_user(request), timezone.localdate()
    if filters.overdue:
        rows = selectors.letters_without_receipt(user, today).select_related(
            "member", "organization"
        )
    else:
        rows = selectors.visible_letters(user).order_by("-issued_on", "-pk")
    return Presented(rows, lambda letter: letter_out(letter, today))


@router.get("/letters/{letter_id}", response={200: LetterOut, **READ_ERRORS}, summary="介绍信")
def get_letter(request: HttpRequest, letter_id: Id) -> Any:
    letter = selectors.access_letter(current_user(request), letter_id)
    return letter_out(letter, timezone.localdate())


@router.post("/letters", response={201: LetterOut, **ERRORS}, summary="开具介绍信")
def issue_letter(request: HttpRequest, payload: LetterIn) -> Any:
    """The next number of the organisation's year; the member is marked 转出 on the day."""
    user = current_user(request)
    letter = services.letter_issue(actor=user, **payload.model_dump())
    return Status(201, letter_out(selectors.access_letter(user, letter.pk), timezone.localdate()))


@router.post(
    "/letters/{letter_id}/receipt", response={200: LetterOut, **ERRORS}, summary="登记回执"
)
def receipt_letter(request: HttpRequest, letter_id: Id, payload: ReceiptIn) -> Any:
    user = current_user(request)
    selectors.access_letter(user, letter_id)
    services.letter_receipt(actor=user, letter_id=letter_id, **payload.model_dump())
    return letter_out(selectors.access_letter(user, letter_id), timezone.localdate())


@router.post(
    "/letters/{letter_id}/cancel", response={200: LetterOut, **ERRORS}, summary="作废介绍信"
)
def cancel_letter(request: HttpRequest, letter_id: Id, payload: ReasonIn) -> Any:
    user = current_user(request)
    selectors.access_letter(user, letter_id)
    services.letter_cancel(actor=user, letter_id=letter_id, reason=payload.reason)
    return letter_out(selectors.access_letter(user, letter_id), timezone.localdate())


_DOCUMENT_RESPONSES = {
    "200": {
        "description": "介绍信（存根、介绍信、回执三联）",
        "content": {
            DOCX: {"schema": {"type": "string", "format": "binary"}},
            "application/pdf": {"schema": {"type": "string", "format": "binary"}},
        },
    }
}


@router.get(
    "/letters/{letter_id}/document",
    response=READ_ERRORS,
    summary="下载介绍信（Word 或 PDF）",
    openapi_extra={"responses": _DOCUMENT_RESPONSES},
)
def letter_document(request: HttpRequest, letter_id: Id, format: FormatCode = "pdf") -> Any:
    """The letter in the three-part layout (存根, 介绍信, 回执), ``format`` docx or pdf."""
    letter = selectors.access_letter(current_user(request), letter_id)
    context = letter_context(letter)
    if format == "docx":
        body, mime = render_docx(f"{LETTER_TEMPLATE}.docx", context), DOCX
    else:
        body, mime = render_pdf(f"{LETTER_TEMPLATE}.html", context), "application/pdf"
    response = HttpResponse(body, content_type=mime)
    filename = quote(f"介绍信{letter.year}-{letter.sequence:03d}.{format}")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


# ---------------------------------------------------------------- floating members


@router.get(
    "/floating",
    response={200: list[FloatingOut], **READ_ERRORS},
    summary="流动党员登记簿（流出与流入，分页）",
)
@paginate(BoundedPageNumberPagination)
def list_floating(request: HttpRequest, filters: Query[FloatingQuery]) -> Any:
    """Records of the caller's branches, the longest away first; open ones unless
    ``include_returned``."""
    today = timezone.localdate()
    user = current_user(request)
    listed = selectors.visible_floating if filters.include_returned else selectors.open_floating
    rows = listed(user).prefetch_related("contacts")
    if filters.direction:
        rows = rows.filter(direction=filters.direction)
    rows = rows.order_by("since", "pk")
    return Presented(rows, lambda record: floating_out(user, record, today))


@router.get(
    "/floating/{record_id}", response={200: FloatingOut, **READ_ERRORS}, summary="流动党员记录"
)
def get_floating(request: HttpRequest, record_id: Id) -> Any:
    return _floating(current_user(request), record_id)


@router.post("/floating", response={201: FloatingOut, **ERRORS}, summary="登记流动党员")
def create_floating(request: HttpRequest, payload: FloatingIn) -> Any:
    """流出: ``member_id``; 流入: ``name`` and ``organization_id`` (MEM-3)."""
    user = current_user(request)
    record = floating.floating_record(
        actor=user, data=floating.FloatingInput(**payload.model_dump())
    )
    return Status(201, _floating(user, record.pk))


@router.post(
    "/floating/{record_id}/contacts", response={201: FloatingOut, **ERRORS}, summary="记录联系"
)
def contact_floating(request: HttpRequest, record_id: Id, payload: ContactIn) -> Any:
    user = current_user(request)
    selectors.access_floating(user, record_id)
    floating.floating_contact(actor=user, record_id=record_id, **payload.model_dump())
    return Status(201, _floating(user, record_id))


@router.post(
    "/floating/{record_id}/return", response={200: FloatingOut, **ERRORS}, summary="登记返回"
)
def return_floating(request: HttpRequest, record_id: Id, payload: ReturnIn) -> Any:
    user = current_user(request)
    selectors.access_floating(user, record_id)
    floating.floating_return(actor=user, record_id=record_id, returned_on=payload.returned_on)
    return _floating(user, record_id)


# 失联, decisions, 限期改正, the 增减台账 and incoming letters: the same prefix and tag.
router.add_router("", standing_router)

__all__ = ["floating_out", "letter_out", "router", "transfer_out", "transfer_rows"]
