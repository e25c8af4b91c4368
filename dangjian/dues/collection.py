"""Collecting dues: payments, closing a month, corrections, reductions, large payments,
reminders and the "党费交至" month of a transfer. Every function is atomic and audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F, QuerySet, Value
from django.utils import timezone

from dangjian.accounts.access import scope_for
from dangjian.core.actor import Actor, acting_user
from dangjian.core.audit import audit, audit_many
from dangjian.core.bounds import MONEY_MAX, check_money
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.dues.guards import is_closed, refuse_if_closed, require_manager
from dangjian.dues.models import (
    AdjustmentKind,
    DuesReminder,
    DuesTransfer,
    LargePayment,
    LedgerAdjustment,
    LedgerEntry,
    Method,
    MonthClose,
    PayerKind,
    Reduction,
    TransferDirection,
)
from dangjian.members.models import Member
from dangjian.orgs.models import Organization
from dangjian.rules.citations import cite
from dangjian.rules.dates import YearMonth
from dangjian.rules.dues import backpay_check, is_large_voluntary
from dangjian.rules.dues.money import format_yuan

FEN = Decimal("0.01")
# DUES-14: the organisation may not pay for the member; a 代缴 names a person.
_ORG_WORDS = ("党委", "党支部", "党总支", "支部", "单位", "公司", "工会", "财务")


@dataclass(frozen=True)
class Payment:
    """What was paid, parsed at the boundary (form, API) before it reaches a service."""

    paid_on: date
    method: str
    payer_kind: str = PayerKind.SELF
    payer_name: str = ""
    receipt_no: str = ""
    amount: Decimal | None = None  # None: exactly what is due
    late_reason: str = ""  # DUES-12: needed for months more than 6 months back


def check_payment(p: Payment, today: date) -> None:
    errors: dict[str, list[str]] = {}
    if p.method not in Method.values:
        errors["method"] = ["交纳方式应为现金、转账或线上"]
    if p.payer_kind not in PayerKind.values:
        errors["payer_kind"] = ["交纳人应为本人或代缴"]
    if p.payer_kind == PayerKind.PROXY and not p.payer_name.strip():
        errors["payer_name"] = [f"代缴须写明代缴人姓名{cite('DUES-14', '党费规定第十四条')}"]
    if any(word in p.payer_name for word in _ORG_WORDS):
        errors["payer_name"] = [
            f"党组织或单位不得代党员交纳党费，代缴人应为个人{cite('DUES-14', '党费规定第十四条')}"
        ]
    if p.paid_on > today:
        errors["paid_on"] = ["交纳日期不能晚于今天"]
    if p.amount is not None and not _is_paid_amount(p.amount):
        errors["amount"] = [f"实交金额应在0.01至{MONEY_MAX:,}元之间，最多两位小数"]
    if errors:
        raise InvalidInput(errors)


def _is_paid_amount(amount: Decimal) -> bool:
    """Within the money column (every door checks this too; a service trusts no caller)."""
    try:
        check_money(amount)
    except ValueError:
        return False
    return amount > 0


def _check_backpay(month: date, p: Payment) -> None:
    """DUES-12: 补交 of the last 6 months is normal; older months need a reason."""
    message = backpay_check(YearMonth.from_date(p.paid_on), YearMonth.from_date(month))
    if message and not p.late_reason.strip():
        raise InvalidInput.one("late_reason", message)


@transaction.atomic
def ledger_mark_paid(*, actor: Actor, entry_ids: list[int], payment: Payment) -> list[LedgerEntry]:
    """Record payment of one or many rows (the month sheet's bulk "mark paid"): each row is
    checked as if marked alone, then all are written and audited together."""
    check_payment(payment, timezone.localdate())
    entries = list(
        managed_entries(actor)
        .select_for_update()
        .select_related("organization", "member")
        .filter(pk__in=entry_ids)
        .order_by("pk")
    )
    # Rows of another branch read as missing ones: the answer does not tell them apart.
    if len(entries) != len(set(entry_ids)):
        raise InvalidInput.one("entry_ids", "部分台账记录不存在")
    _may_pay(actor, entries)
    now = timezone.now()
    for entry in entries:
        _pay(actor, entry, payment, now)
    _store_payment(entries, payment, actor, now)
    audit_many(actor=actor, action="dues.pay", rows=[_paid_row(e) for e in entries])
    return entries


def managed_entries(actor: Actor) -> QuerySet[LedgerEntry]:
    """The ledger rows ``actor`` looks after (every row for the system itself, ``None``)."""
    if actor is None:
        return LedgerEntry.objects.all()
    return LedgerEntry.objects.filter(scope_for(actor).org_q("organization__"))


def _may_pay(actor: Actor, entries: list[LedgerEntry]) -> None:
    """Each organisation is the actor's, and no row's month is closed there (asked once per
    organisation and month, however many rows)."""
    orgs = {e.organization_id: e.organization for e in entries}
    for org in orgs.values():
        require_manager(actor, org)
    months = {e.month for e in entries}
    closed = set(
        MonthClose.objects.filter(
            organization_id__in=list(orgs), month__in=list(months)
        ).values_list("organization_id", "month")
    )
    for entry in entries:
        if (entry.organization_id, entry.month) in closed:
            refuse_if_closed(entry.organization, entry.month)


def _label(entry: LedgerEntry) -> str:
    return f"{entry.member.name}{YearMonth.from_date(entry.month).label}"


def _store_payment(entries: list[LedgerEntry], p: Payment, actor: Actor, now: datetime) -> None:
    """One UPDATE for the rows ``_pay`` filled in: they share the payment, and each pays its
    own due unless an amount was given."""
    if not entries:
        return
    first = entries[0]
    LedgerEntry.objects.filter(pk__in=[e.pk for e in entries]).update(
        paid_amount=F("due") if p.amount is None else Value(p.amount),
        recorded_by=acting_user(actor),
        updated_at=now,
        **{name: getattr(first, name) for name in _PAY_FIELDS if name != "paid_amount"},
    )


def _pay(actor: Actor, entry: LedgerEntry, p: Payment, now: datetime) -> None:
    """Fill in the payment of one row; the caller has checked scope and closed months."""
    label = _label(entry)
    if entry.due is None:
        raise Conflict(f"{label}尚无党费基数，不能登记交纳；请先导入工资表或手工申报")
    if entry.paid_amount > 0:
        raise Conflict(f"{label}的党费已登记交纳，请勿重复登记")
    _check_backpay(entry.month, p)
    entry.paid_amount = p.amount if p.amount is not None else entry.due
    if entry.paid_amount <= 0:
        raise Conflict(f"{label}免交党费，无需登记交纳{cite('DUES-7')}")
    entry.paid_on, entry.method, entry.payer_kind = p.paid_on, p.method, p.payer_kind
    entry.payer_name = p.payer_name.strip() if p.payer_kind == PayerKind.PROXY else ""
    entry.receipt_no, entry.late_reason = p.receipt_no.strip(), p.late_reason.strip()
    entry.recorded_by, entry.updated_at = acting_user(actor), now


def _paid_row(entry: LedgerEntry) -> tuple[LedgerEntry, dict[str, Any], str]:
    assert entry.paid_on is not None
    after = {"paid_amount": str(entry.paid_amount), "paid_on": entry.paid_on.isoformat()}
    return entry, after, _label(entry)


_PAY_FIELDS: tuple[str, ...] = (
    "paid_amount",
    "paid_on",
    "method",
    "payer_kind",
    "payer_name",
    "receipt_no",
)
_PAY_FIELDS += ("late_reason",)


@transaction.atomic
def ledger_unmark_paid(*, actor: Actor, entry_id: int, reason: str) -> LedgerEntry:
    """Undo a payment recorded by mistake, while the month is open."""
    entry = LedgerEntry.objects.select_for_update().select_related("organization").get(pk=entry_id)
    require_manager(actor, entry.organization)
    refuse_if_closed(entry.organization, entry.month)
    if not reason.strip():
        raise InvalidInput.one("reason", "请填写撤销原因")
    before = {"paid_amount": str(entry.paid_amount)}
    entry.paid_amount, entry.paid_on = Decimal("0.00"), None
    entry.method = entry.payer_kind = entry.payer_name = entry.receipt_no = entry.late_reason = ""
    entry.updated_at = timezone.now()
    entry.save(update_fields=[*_PAY_FIELDS, "updated_at"])
    audit(actor=actor, action="dues.unpay", obj=entry, before=before, detail=reason.strip())
    return entry


@transaction.atomic
def month_close(*, actor: Actor, organization: Organization, month: YearMonth) -> MonthClose:
    """Close a month: from now on its rows change only through adjustments."""
    require_manager(actor, organization)
    if month > YearMonth.from_date(timezone.localdate()):
        raise Conflict(f"{month.label}尚未到来，不能结账")
    if is_closed(organization.pk, month.first_day):
        raise Conflict(f"{organization.name}{month.label}已结账")
    closed = MonthClose.objects.create(
        organization=organization, month=month.first_day, closed_by=acting_user(actor)
    )
    audit(actor=actor, action="dues.close", obj=organization, detail=f"{month.label}结账")
    return closed


@transaction.atomic
def ledger_adjust(
    *,
    actor: Actor,
    entry_id: int,
    reason: str,
    due_delta: Decimal = Decimal("0.00"),
    payment: Payment | None = None,
) -> LedgerAdjustment:
    """Correct a closed month's row: a late payment (补交) and/or a change of what is due."""
    entry = LedgerEntry.objects.select_for_update().select_related("organization").get(pk=entry_id)
    require_manager(actor, entry.organization)
    if not is_closed(entry.organization_id, entry.month):
        raise Conflict("该月尚未结账，请直接在月度台账中修改")
    if not reason.strip():
        raise InvalidInput.one("reason", "请填写调整原因")
    if payment is None and not due_delta:
        raise InvalidInput.one("due_delta", "调整内容为空")
    adjustment = LedgerAdjustment(entry=entry, reason=reason.strip(), actor=acting_user(actor))
    adjustment.due_delta = due_delta
    adjustment.kind = AdjustmentKind.CORRECTION
    if payment is not None:
        _adjust_payment(adjustment, entry, payment)
    adjustment.save()
    after = {"due_delta": str(due_delta), "paid_delta": str(adjustment.paid_delta)}
    audit(actor=actor, action="dues.adjust", obj=entry, after=after, detail=reason.strip())
    return adjustment


def _adjust_payment(adjustment: LedgerAdjustment, entry: LedgerEntry, p: Payment) -> None:
    check_payment(p, timezone.localdate())
    _check_backpay(entry.month, p)
    if p.amount is None:
        raise InvalidInput.one("amount", "请填写补交金额")
    adjustment.kind = AdjustmentKind.LATE_PAYMENT
    adjustment.paid_delta, adjustment.paid_on, adjustment.method = p.amount, p.paid_on, p.method
    adjustment.payer_kind, adjustment.payer_name = p.payer_kind, p.payer_name.strip()
    adjustment.receipt_no = p.receipt_no.strip()


@dataclass(frozen=True)
class ReductionInput:
    member_id: int
    first_month: YearMonth
    last_month: YearMonth | None
    reduced_to: Decimal
    branch_decision: str
    branch_decided_on: date
    approval: str
    approved_on: date


def _check_reduction(data: ReductionInput) -> None:
    source = cite("DUES-7", "党费规定第七条")
    errors: dict[str, list[str]] = {}
    if not data.branch_decision.strip():
        errors["branch_decision"] = [f"少交或免交党费须有党支部的研究决定{source}"]
    if not data.approval.strip():
        errors["approval"] = [f"少交或免交党费须经上一级党委批准{source}"]
    if data.approved_on < data.branch_decided_on:
        errors["approved_on"] = ["上级党委批准日期不能早于党支部研究决定日期"]
    if data.reduced_to < 0 or data.reduced_to != data.reduced_to.quantize(FEN):
        errors["reduced_to"] = ["减免后的金额应为不小于0、最多两位小数的金额"]
    if data.last_month is not None and data.last_month < data.first_month:
        errors["last_month"] = ["截止月份不能早于起始月份"]
    if errors:
        raise InvalidInput(errors)


@transaction.atomic
def reduction_record(*, actor: Actor, data: ReductionInput) -> Reduction:
    """DUES-7: record a reduction or exemption; the ledger applies it from the next generation."""
    _check_reduction(data)
    member = Member.objects.select_related("organization").get(pk=data.member_id)
    require_manager(actor, member.organization)
    reduction = Reduction.objects.create(
        member=member,
        first_month=data.first_month.first_day,
        last_month=data.last_month.first_day if data.last_month else None,
        reduced_to=data.reduced_to,
        branch_decision=data.branch_decision.strip(),
        branch_decided_on=data.branch_decided_on,
        approval=data.approval.strip(),
        approved_on=data.approved_on,
        recorded_by=acting_user(actor),
    )
    detail = f"自{data.first_month.label}起每月{format_yuan(data.reduced_to)}元"
    audit(actor=actor, action="dues.reduction", obj=member, detail=detail)
    return reduction


@transaction.atomic
def large_payment_record(
    *, actor: Actor, member_id: int, amount: Decimal, paid_on: date, method: str, receipt_no: str = "",
    note: str = "",
) -> LargePayment:  # fmt: skip
    """DUES-11: a voluntary payment of more than 1000 yuan, recorded apart from monthly dues."""
    if not is_large_voluntary(amount):
        raise InvalidInput.one(
            "amount",
            f"大额党费指一次性自愿交纳1000元以上的党费；{format_yuan(amount)}元请在月度台账中"
            f"作为自愿多交记录{cite('DUES-11', '党费规定第十一条')}",
        )
    check_payment(Payment(paid_on=paid_on, method=method), timezone.localdate())
    member = Member.objects.select_related("organization").get(pk=member_id)
    require_manager(actor, member.organization)
    payment = LargePayment.objects.create(
        member=member, amount=amount, paid_on=paid_on, method=method, receipt_no=receipt_no.strip(),
        note=note.strip(), recorded_by=acting_user(actor),
    )  # fmt: skip
    audit(actor=actor, action="dues.large", obj=member, after={"amount": str(amount)})
    return payment


@transaction.atomic
def reminder_record(
    *, actor: Actor, member_ids: list[int], month: YearMonth, channel: str, note: str = ""
) -> int:
    """Record that members were reminded to pay (evidence for DUES-13)."""
    if not channel.strip():
        raise InvalidInput.one("channel", "请填写提醒方式")
    members = list(Member.objects.select_related("organization").filter(pk__in=member_ids))
    for member in members:
        require_manager(actor, member.organization)
    DuesReminder.objects.bulk_create(
        DuesReminder(
            member=m, month=month.first_day, channel=channel.strip(), note=note.strip(),
            sent_by=acting_user(actor),
        )
        for m in members
    )  # fmt: skip
    for member in members:
        audit(actor=actor, action="dues.remind", obj=member, detail=f"{month.label} {channel}")
    return len(members)


def paid_up_to(member: Member) -> YearMonth | None:
    """The last month up to which every month owed is paid, as far as the ledger shows."""
    from dangjian.dues.selectors import effective_rows

    last: YearMonth | None = None
    for row in effective_rows(Member.objects.filter(pk=member.pk)).order_by("month"):
        if row.owed and not row.settled:
            break
        last = YearMonth.from_date(row.month)
    return last


@transaction.atomic
def dues_transfer_record(
    *,
    actor: Actor,
    member_id: int,
    direction: str,
    effective_on: date,
    paid_up_to_month: YearMonth | None = None,
    note: str = "",
) -> DuesTransfer:
    """The "党费交至" month of a transfer letter. Out: taken from the ledger; in: as written on
    the letter (those months were collected by the sending organisation)."""
    member = Member.objects.select_related("organization").get(pk=member_id)
    require_manager(actor, member.organization)
    if direction == TransferDirection.OUT:
        paid_up_to_month = paid_up_to(member)
    elif direction != TransferDirection.IN:
        raise InvalidInput.one("direction", "方向应为转入或转出")
    transfer = DuesTransfer.objects.create(
        member=member,
        direction=direction,
        effective_on=effective_on,
        paid_up_to=paid_up_to_month.first_day if paid_up_to_month else None,
        note=note.strip(),
        recorded_by=acting_user(actor),
    )
    shown = paid_up_to_month.label if paid_up_to_month else "无记录"
    audit(actor=actor, action="dues.transfer", obj=member, detail=f"党费交至{shown}")
    return transfer
