"""/api/dues: compute an amount with its explanation; read and write the ledger (scoped).

Adapters over the same services and selectors as the pages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from dangjian.accounts.access import visible_members
from dangjian.api.auth import current_user
from dangjian.api.schemas import ERRORS, READ_ERRORS, InputSchema
from dangjian.api.types import (
    BaseAmount,
    Id,
    Money,
    Month,
    Name,
    OptionalName,
    PlausibleDate,
    PositiveMoney,
    Text,
)
from dangjian.core import bounds
from dangjian.core.errors import InvalidInput
from dangjian.dues import collection, selectors
from dangjian.dues.bases import derive_payroll_base
from dangjian.dues.ledger import ledger_generate
from dangjian.dues.models import LedgerEntry
from dangjian.dues.policy import current_settings
from dangjian.rules.dates import YearMonth
from dangjian.rules.dues import DuesCategory, ItemCategory, PayrollItem, compute_dues

router = Router(tags=["党费"])

# Rows one payment request may mark (a month sheet of a large branch fits many times over).
ENTRIES_MAX = 1000

CategoryCode = Literal["salaried", "annual_salary", "self_employed", "retired", "farmer", "student", "unemployed", "relief"]  # fmt: skip


class ItemIn(InputSchema):
    name: Name = Field(..., max_length=60, description="工资项目名称")
    category: ItemCategory = Field(
        ...,
        description="工资项目类别（计入、不计入或扣除，依据《关于中国共产党党费收缴、使用和管理的规定》第一条）",
    )
    amount: Money = Field(..., description="金额（元，最多两位小数）")


class ComputeIn(InputSchema):
    category: CategoryCode = Field(..., description="党费类别")
    base: BaseAmount | None = Field(None, description="党费基数（元）；给出工资项目时不填")
    items: list[ItemIn] = Field(
        default_factory=list, max_length=bounds.ITEMS_MAX, description="工资项目（由此推导基数）"
    )


class ComputeOut(Schema):
    amount: Decimal
    base: Decimal | None
    rate: Decimal | None
    capped: bool
    rule_ids: list[str]
    base_lines: list[str]
    lines: list[str]


@router.post("/compute", response={200: ComputeOut, **ERRORS}, summary="计算党费（含中文说明）")
def compute(request: HttpRequest, payload: ComputeIn) -> Any:
    """Uses the deployment's settings; nothing is stored."""
    settings = current_settings()
    base, base_lines = payload.base, list[str]()
    if payload.items:
        items = [PayrollItem(i.name, ItemCategory(i.category), i.amount) for i in payload.items]
        base, base_lines = derive_payroll_base(payload.category, items, settings)
        if base > bounds.BASE_MAX:
            raise InvalidInput.one("items", f"工资项目推导的党费基数超过{bounds.BASE_MAX:,}元")
    try:
        result = compute_dues(DuesCategory(payload.category), base, settings)
    except ValueError as exc:
        raise InvalidInput.one("base", str(exc)) from None
    return ComputeOut(
        amount=result.amount, base=result.base, rate=result.rate, capped=result.capped,
        rule_ids=list(result.rule_ids), base_lines=base_lines, lines=list(result.lines),
    )  # fmt: skip


class EntryOut(Schema):
    id: int
    member_id: int
    member_name: str
    organization_id: int
    month: str
    category: str
    base: Decimal | None
    due: Decimal | None
    paid: Decimal
    paid_on: date | None
    method: str
    payer_kind: str
    payer_name: str
    receipt_no: str
    state: str


class EntryDetailOut(EntryOut):
    base_lines: list[str]
    amount_lines: list[str]
    adjustment_lines: list[str]
    rule_ids: list[str]


def _entry(e: LedgerEntry) -> dict[str, Any]:
    return {
        "id": e.pk, "member_id": e.member_id, "member_name": e.member.name,
        "organization_id": e.organization_id, "month": str(YearMonth.from_date(e.month)),
        "category": e.category, "base": e.base, "due": e.due_total, "paid": e.paid_total,
        "paid_on": e.paid_on, "method": e.method, "payer_kind": e.payer_kind,
        "payer_name": e.payer_name, "receipt_no": e.receipt_no, "state": e.state,
    }  # fmt: skip


class DuesLedgerQuery(Schema):
    organization_id: Id = Field(..., description="党组织（含下级）")
    month: Month = Field(..., description="月份，如2024-07")


@router.get("/ledger", response={200: list[EntryOut], **READ_ERRORS}, summary="月度台账")
def ledger(request: HttpRequest, q: Query[DuesLedgerQuery]) -> Any:
    sheet = selectors.month_sheet(
        current_user(request), q.organization_id, YearMonth.parse(q.month)
    )
    return [_entry(e) for e in sheet.rows]


class GenerateIn(InputSchema):
    organization_id: Id = Field(..., description="党组织（含下级）")
    month: Month = Field(..., description="月份，如2024-07")


class GenerateOut(Schema):
    created: int
    updated: int
    removed: int
    missing_base: int
    summary: str


@router.post("/ledger/generate", response={200: GenerateOut, **ERRORS}, summary="生成月度台账")
def generate(request: HttpRequest, payload: GenerateIn) -> Any:
    from dangjian.accounts.access import access_organization

    user = current_user(request)
    org = access_organization(user, payload.organization_id)
    result = ledger_generate(actor=user, month=YearMonth.parse(payload.month), organization=org)
    return {**{k: getattr(result, k) for k in ("created", "updated", "removed", "missing_base")},
            "summary": result.summary}  # fmt: skip


class PayIn(InputSchema):
    entry_ids: list[Id] = Field(..., min_length=1, max_length=ENTRIES_MAX, description="台账记录")
    paid_on: PlausibleDate = Field(..., description="交纳日期，不能晚于今天")
    method: Literal["cash", "transfer", "online"] = Field(..., description="交纳方式")
    payer_kind: Literal["self", "proxy"] = Field("self", description="本人交纳或代缴")
    payer_name: OptionalName = Field("", max_length=40, description="代缴人姓名（代缴时必填）")
    receipt_no: OptionalName = Field("", max_length=40, description="收据号")
    amount: PositiveMoney | None = Field(None, description="实交金额（元）；不填为应交金额")
    late_reason: Text = Field("", max_length=200, description="超过6个月补交的理由")


@router.post("/ledger/pay", response={200: list[EntryOut], **ERRORS}, summary="登记交纳")
def pay(request: HttpRequest, payload: PayIn) -> Any:
    data = payload.dict()
    ids = data.pop("entry_ids")
    entries = collection.ledger_mark_paid(
        actor=current_user(request), entry_ids=ids, payment=collection.Payment(**data)
    )
    return [_entry(e) for e in entries]


# Declared last: "/ledger/pay" and "/ledger/generate" are matched before "/ledger/{entry_id}".
@router.get(
    "/ledger/{entry_id}",
    response={200: EntryDetailOut, **READ_ERRORS},
    summary="台账记录及计算说明",
)
def ledger_entry(request: HttpRequest, entry_id: Id) -> Any:
    entry = _visible_entry(request, entry_id)
    x = selectors.entry_explanation(entry)
    return {**_entry(entry), "base_lines": x.base_lines, "amount_lines": x.amount_lines,
            "adjustment_lines": x.adjustment_lines, "rule_ids": x.rule_ids}  # fmt: skip


def _visible_entry(request: HttpRequest, entry_id: int) -> LedgerEntry:
    """The entry when the caller may see its member; 404 alike when missing or out of scope."""
    entry = (
        selectors.effective_rows(visible_members(current_user(request)))
        .select_related("member", "computation", "base_record", "reduction")
        .filter(pk=entry_id)
        .first()
    )
    if entry is None:
        raise LedgerEntry.DoesNotExist("未找到该台账记录")
    return entry
