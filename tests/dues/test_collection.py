"""Collection: payments, closed months and their corrections, 补交, reductions, large payments,
arrears and the home-page reminders."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.http import Http404

from dangjian.core.errors import Conflict, InvalidInput
from dangjian.core.models import AuditLog
from dangjian.dues.collection import (
    Payment,
    ReductionInput,
    dues_transfer_record,
    large_payment_record,
    ledger_adjust,
    ledger_mark_paid,
    month_close,
    reduction_record,
    reminder_record,
)
from dangjian.dues.ledger import ledger_generate
from dangjian.dues.models import LargePayment, LedgerEntry
from dangjian.dues.selectors import (
    arrears_cases,
    dues_attention,
    effective_rows,
    entry_explanation,
    month_sheet,
)
from dangjian.members.models import Member
from dangjian.rules.dates import YearMonth
from tests.dues.conftest import D, payroll

pytestmark = pytest.mark.django_db
JUNE = YearMonth(2024, 6)


@pytest.fixture
def june_rows(enterprise: SimpleNamespace, member_a: Member, today_2024: date) -> LedgerEntry:
    payroll(member_a, YearMonth(2024, 1), "5100")
    ledger_generate(actor=None, month=JUNE)
    return LedgerEntry.objects.get(member=member_a, month=JUNE.first_day)


def cash(on: date = date(2024, 12, 1), **kw: Any) -> Payment:
    return Payment(paid_on=on, method="cash", **kw)


def test_mark_paid_records_who_paid(june_rows: LedgerEntry, secretary_a: User) -> None:
    ledger_mark_paid(actor=secretary_a, entry_ids=[june_rows.pk], payment=cash(receipt_no="R-1"))
    june_rows.refresh_from_db()
    assert june_rows.paid_amount == D("76.50") and june_rows.payer_kind == "self"
    assert AuditLog.objects.filter(action="dues.pay").count() == 1


def test_proxy_payment_names_a_person_not_the_organisation(
    june_rows: LedgerEntry, secretary_a: User
) -> None:
    """DUES-14: 代缴 is recorded with the payer's name; the organisation may not pay."""
    with pytest.raises(InvalidInput) as err:
        ledger_mark_paid(
            actor=secretary_a, entry_ids=[june_rows.pk], payment=cash(payer_kind="proxy")
        )
    assert "规定》第十四条" in err.value.errors["payer_name"][0]
    with pytest.raises(InvalidInput):
        ledger_mark_paid(
            actor=secretary_a, entry_ids=[june_rows.pk],
            payment=cash(payer_kind="proxy", payer_name="一支部"),
        )  # fmt: skip
    ledger_mark_paid(
        actor=secretary_a,
        entry_ids=[june_rows.pk],
        payment=cash(payer_kind="proxy", payer_name="张三之妻"),
    )
    june_rows.refresh_from_db()
    assert june_rows.payer_name == "张三之妻"


def test_other_branch_secretary_cannot_mark_paid(june_rows: LedgerEntry, secretary_b: User) -> None:
    """Another branch's row answers as a missing one: existence is not revealed."""
    with pytest.raises(InvalidInput) as refused:
        ledger_mark_paid(actor=secretary_b, entry_ids=[june_rows.pk], payment=cash())
    assert refused.value.errors == {"entry_ids": ["部分台账记录不存在"]}


def test_backpay_older_than_six_months_needs_a_reason(
    enterprise: SimpleNamespace,
    member_a: Member,
    secretary_a: User,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """DUES-12: in January 2025, July 2024 is within 6 months; June 2024 needs a reason."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2025, 1, 10))
    payroll(member_a, YearMonth(2024, 1), "5100")
    ledger_generate(actor=None, month=JUNE)
    ledger_generate(actor=None, month=YearMonth(2024, 7))
    june = LedgerEntry.objects.get(month=JUNE.first_day)
    july = LedgerEntry.objects.get(month=date(2024, 7, 1))
    ledger_mark_paid(actor=secretary_a, entry_ids=[july.pk], payment=cash(on=date(2025, 1, 10)))
    with pytest.raises(InvalidInput) as err:
        ledger_mark_paid(actor=secretary_a, entry_ids=[june.pk], payment=cash(on=date(2025, 1, 10)))
    assert "规定》第十二条" in err.value.errors["late_reason"][0]
    ledger_mark_paid(
        actor=secretary_a,
        entry_ids=[june.pk],
        payment=cash(on=date(2025, 1, 10), late_reason="长期外派，经支委会同意"),
    )
    june.refresh_from_db()
    assert june.late_reason.startswith("长期外派")


def test_closed_month_is_never_edited_only_adjusted(
    june_rows: LedgerEntry, secretary_a: User, enterprise: SimpleNamespace
) -> None:
    month_close(actor=secretary_a, organization=enterprise.branch_a, month=JUNE)
    with pytest.raises(Conflict) as err:
        ledger_mark_paid(actor=secretary_a, entry_ids=[june_rows.pk], payment=cash())
    assert "已结账" in str(err.value)
    assert ledger_generate(actor=None, month=JUNE).changed is False
    with pytest.raises(InvalidInput):
        ledger_adjust(
            actor=secretary_a, entry_id=june_rows.pk, reason="", payment=cash(amount=D("76.50"))
        )
    ledger_adjust(
        actor=secretary_a, entry_id=june_rows.pk, reason="本人补交", payment=cash(amount=D("76.50"))
    )
    ledger_adjust(
        actor=secretary_a, entry_id=june_rows.pk, reason="基数核定有误", due_delta=D("-1.50")
    )
    entry = effective_rows().get(pk=june_rows.pk)
    assert entry.paid_amount == 0  # the row itself is untouched
    assert entry.due_total == D("75.00") and entry.paid_total == D("76.50") and entry.settled
    lines = entry_explanation(entry).adjustment_lines
    assert "本人补交" in lines[0] and "基数核定有误" in lines[1]


def test_open_month_cannot_be_adjusted(june_rows: LedgerEntry, secretary_a: User) -> None:
    with pytest.raises(Conflict):
        ledger_adjust(actor=secretary_a, entry_id=june_rows.pk, reason="x", due_delta=D("1"))


def test_closing_twice_is_refused(
    june_rows: LedgerEntry, secretary_a: User, enterprise: SimpleNamespace
) -> None:
    month_close(actor=secretary_a, organization=enterprise.branch_a, month=JUNE)
    with pytest.raises(Conflict):
        month_close(actor=secretary_a, organization=enterprise.branch_a, month=JUNE)


def test_reduction_needs_both_approvals_and_is_explained(
    enterprise: SimpleNamespace, member_a: Member, secretary_a: User, today_2024: date
) -> None:
    """DUES-7: branch decision and higher 党委 approval; the ledger shows the reduced amount."""
    payroll(member_a, YearMonth(2024, 1), "5100")
    data = ReductionInput(
        member_id=member_a.pk, first_month=YearMonth(2024, 3), last_month=YearMonth(2024, 12),
        reduced_to=D("0.00"), branch_decision="一支部2024年第2次支委会", branch_decided_on=date(2024, 2, 20),
        approval="", approved_on=date(2024, 2, 28),
    )  # fmt: skip
    with pytest.raises(InvalidInput) as err:
        reduction_record(actor=secretary_a, data=data)
    assert "approval" in err.value.errors
    from dataclasses import replace

    reduction_record(actor=secretary_a, data=replace(data, approval="公司党委党组〔2024〕5号"))
    ledger_generate(actor=None, month=YearMonth(2024, 2))
    ledger_generate(actor=None, month=YearMonth(2024, 3))
    assert LedgerEntry.objects.get(month=date(2024, 2, 1)).due == D("76.50")
    march = LedgerEntry.objects.get(month=date(2024, 3, 1))
    assert march.due == D("0.00") and march.state == "免交"
    assert any("免交" in line for line in entry_explanation(march).amount_lines)
    assert ledger_generate(actor=None, month=YearMonth(2024, 3)).changed is False


def test_large_payment_is_recorded_apart(
    member_a: Member, secretary_a: User, today_2024: date
) -> None:
    """DUES-11: more than 1000 yuan is 大额党费; 1000.00 itself is not."""
    with pytest.raises(InvalidInput):
        large_payment_record(
            actor=secretary_a,
            member_id=member_a.pk,
            amount=D("1000.00"),
            paid_on=date(2024, 7, 1),
            method="transfer",
        )
    large_payment_record(
        actor=secretary_a,
        member_id=member_a.pk,
        amount=D("20000"),
        paid_on=date(2024, 7, 1),
        method="transfer",
    )
    assert LargePayment.objects.count() == 1 and not LedgerEntry.objects.exists()


def pay_on_time(actor: User, upto: date) -> None:
    for entry in LedgerEntry.objects.filter(month__lte=upto):
        ledger_mark_paid(
            actor=actor, entry_ids=[entry.pk], payment=cash(on=entry.month.replace(day=15))
        )


def _six_unpaid_months(member: Member) -> None:
    payroll(member, YearMonth(2024, 1), "3000")
    for m in range(1, 12):
        ledger_generate(actor=None, month=YearMonth(2024, m))


def test_six_unpaid_months_raise_the_flag_with_evidence(
    enterprise: SimpleNamespace, member_a: Member, secretary_a: User, today_2024: date
) -> None:
    """DUES-13: 6 consecutive unpaid months: the flag and its evidence, no status change."""
    _six_unpaid_months(member_a)
    pay_on_time(secretary_a, date(2024, 5, 1))
    reminder_record(
        actor=secretary_a, member_ids=[member_a.pk], month=YearMonth(2024, 9), channel="电话"
    )
    cases = arrears_cases(secretary_a, enterprise.branch_a.pk, YearMonth(2024, 11))
    assert len(cases) == 1
    case = cases[0]
    assert case.months == YearMonth(2024, 6).through(YearMonth(2024, 11))
    assert case.flagged and case.total == D("90.00") and len(case.reminders) == 1
    member_a.refresh_from_db()
    assert member_a.status == "normal"


def test_five_months_is_not_flagged(
    enterprise: SimpleNamespace, member_a: Member, secretary_a: User, today_2024: date
) -> None:
    _six_unpaid_months(member_a)
    pay_on_time(secretary_a, date(2024, 6, 1))
    case = arrears_cases(secretary_a, enterprise.branch_a.pk, YearMonth(2024, 11))[0]
    assert len(case.months) == 5 and not case.flagged


def test_arrears_are_scoped(
    enterprise: SimpleNamespace, member_a: Member, secretary_b: User, today_2024: date
) -> None:
    _six_unpaid_months(member_a)
    with pytest.raises(Http404):
        arrears_cases(secretary_b, enterprise.branch_a.pk, YearMonth(2024, 11))


def test_month_sheet_totals_and_rate(
    enterprise: SimpleNamespace,
    member_a: Member,
    member_b: Member,
    secretary_a: User,
    org_admin_general: User,
    today_2024: date,
) -> None:
    payroll(member_a, YearMonth(2024, 1), "5100")
    payroll(member_b, YearMonth(2024, 1), "4900")
    ledger_generate(actor=None, month=JUNE)
    a_row = LedgerEntry.objects.get(member=member_a)
    ledger_mark_paid(actor=secretary_a, entry_ids=[a_row.pk], payment=cash())
    sheet = month_sheet(org_admin_general, enterprise.general.pk, JUNE)
    assert sheet.totals.due == D("125.50") and sheet.totals.paid == D("76.50")
    assert sheet.totals.rate == D("50.0")
    assert len(month_sheet(secretary_a, enterprise.branch_a.pk, JUNE).rows) == 1


def test_home_page_reminders(
    enterprise: SimpleNamespace,
    member_a: Member,
    member_a_user: User,
    secretary_a: User,
    today_2024: date,
) -> None:
    _six_unpaid_months(member_a)
    ledger_generate(actor=None, month=YearMonth(2024, 12))
    mine = dues_attention(member_a_user, date(2024, 12, 15))
    assert mine[0].count == 12 and "180.00" in mine[0].title
    secretary = {a.rules[0]: a for a in dues_attention(secretary_a, date(2024, 12, 15))}
    assert secretary["DUES-13"].count == 1
    assert secretary["DUES-12"].count == 1


def test_transfer_out_records_dues_paid_up_to(
    enterprise: SimpleNamespace, member_a: Member, secretary_a: User, today_2024: date
) -> None:
    _six_unpaid_months(member_a)
    pay_on_time(secretary_a, date(2024, 4, 1))
    transfer = dues_transfer_record(
        actor=secretary_a, member_id=member_a.pk, direction="out", effective_on=date(2024, 12, 1)
    )
    assert transfer.paid_up_to == date(2024, 4, 1)


def test_member_transfer_out_writes_the_dues_record(
    enterprise: SimpleNamespace, member_a: Member, secretary_a: User, today_2024: date
) -> None:
    """MEM-2: changing the member's status to 已转出 records "党费交至" from the ledger."""
    from dangjian.dues.models import DuesTransfer
    from dangjian.members.services import member_change

    _six_unpaid_months(member_a)
    pay_on_time(secretary_a, date(2024, 4, 1))
    member_change(
        actor=secretary_a,
        member_id=member_a.pk,
        changes={"status": "transferred_out"},
        effective_on=date(2024, 12, 1),
        reason="调往外单位",
    )
    record = DuesTransfer.objects.get(member=member_a)
    assert record.direction == "out" and record.paid_up_to == date(2024, 4, 1)
    assert record.note == "调往外单位"


def test_marking_many_rows_paid_writes_each_row_and_a_chained_audit_row_each(
    enterprise: SimpleNamespace,
    member_a: Member,
    member_b: Member,
    sysadmin: User,
    today_2024: date,
) -> None:
    """One call for a branch's collection day: every row paid its own due, one audit row per
    row, and the audit chain still verifies."""
    from dangjian.core.audit_chain import verify_table

    payroll(member_a, YearMonth(2024, 1), "5100")
    payroll(member_b, YearMonth(2024, 1), "4900")
    ledger_generate(actor=None, month=JUNE)
    ids = list(LedgerEntry.objects.filter(month=JUNE.first_day).values_list("pk", flat=True))
    ledger_mark_paid(actor=sysadmin, entry_ids=ids, payment=cash(receipt_no="R-9"))
    paid = dict(LedgerEntry.objects.filter(pk__in=ids).values_list("member__name", "paid_amount"))
    assert paid == {"张三": D("76.50"), "李四": D("49.00")}
    assert AuditLog.objects.filter(action="dues.pay").count() == 2
    assert verify_table() == []
