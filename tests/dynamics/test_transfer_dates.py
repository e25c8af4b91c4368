"""The days a transfer may carry (MEM-2) and a historic transfer in the registers (STAT-6):
no door dates a move before the 入党时间 or before the archive's last recorded change, each
refusal naming its own field; a historic transfer dated D changes the registers from D on only
and shows in the ledger of its period as 转出 and 转入."""

from __future__ import annotations

import io
from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from openpyxl import Workbook

from dangjian.core.errors import InvalidInput
from dangjian.dynamics.historic import HistoricTransfer, transfer_record_historic
from dangjian.dynamics.ledger import Ledger, ledger_of, membership_ledger, register_count
from dangjian.dynamics.models import Transfer, TransferLetter
from dangjian.dynamics.services import (
    letter_issue,
    member_transfer_start,
    transfer_accept,
    transfer_approve,
)
from dangjian.dynamics.transfer_import import import_transfers
from dangjian.members.models import Member
from dangjian.members.services import member_confirm, member_create
from dangjian.orgs.models import Organization
from dangjian.rules.membership_ledger import Change
from tests.factories import Role, make_member, make_user, member_input

HEADERS = ["姓名", "公民身份号码", "转入党支部", "编入党小组", "转接原因", "转接日期",
           "转出方党委审批日期", "转入方党委审批日期", "接收日期", "党费交至"]  # fmt: skip


@pytest.fixture
def committee_admin(enterprise: SimpleNamespace) -> User:
    return make_user("dangwei_dates", Role.ORG_ADMIN, enterprise.root)


@pytest.fixture
def probationer(enterprise: SimpleNamespace) -> Member:
    """Admitted on 2024-03-12 into branch A, probationary (confirmed later by a test)."""
    return make_member(enterprise.branch_a, name="预备", stage="probationary",
                       joined_on=date(2024, 3, 12), confirmed_on=None)  # fmt: skip


def _started(member: Member, to: Organization, admin: User, on: date) -> Transfer:
    transfer = member_transfer_start(actor=None, member_id=member.pk, to_org_id=to.pk,
                                     effective_on=on, reason="工作调动")  # fmt: skip
    transfer_approve(actor=admin, transfer_id=transfer.pk)
    return transfer_approve(actor=admin, transfer_id=transfer.pk)


def test_a_transfer_before_the_joining_day_is_refused(enterprise: SimpleNamespace) -> None:
    """A record placed before its 入党时间 (placed first, the day corrected later): a transfer
    dated before the 入党时间 is refused on the day's field, naming the 入党时间."""
    data = member_input(enterprise.branch_a, name="后入党", joined_on=date(2024, 6, 1),
                        stage="probationary", confirmed_on=None)  # fmt: skip
    member = member_create(actor=None, data=data, placed_on=date(2024, 1, 1))
    with pytest.raises(InvalidInput) as refused:
        member_transfer_start(actor=None, member_id=member.pk, to_org_id=enterprise.branch_b.pk,
                              effective_on=date(2024, 3, 1), reason="工作调动")  # fmt: skip
    assert "入党时间2024年6月1日" in refused.value.errors["effective_on"][0]
    with pytest.raises(InvalidInput) as letter:
        letter_issue(actor=None, member_id=member.pk, destination="外省某公司党委",
                     reason="工作调动", issued_on=date(2024, 3, 1))  # fmt: skip
    assert "入党时间" in letter.value.errors["issued_on"][0]
    assert not Transfer.objects.exists() and not TransferLetter.objects.exists()


def test_an_acceptance_before_a_change_made_during_the_transfer_names_the_acceptance_day(
    enterprise: SimpleNamespace, probationer: Member, committee_admin: User
) -> None:
    """Confirmed while the transfer was under way: the acceptance cannot be dated before the
    confirmation; the refusal is on 接收日期 and nothing moves."""
    transfer = _started(probationer, enterprise.branch_b, committee_admin, date(2025, 3, 1))
    member_confirm(actor=None, member_id=probationer.pk, confirmed_on=date(2025, 3, 12),
                   reason="按期转正")  # fmt: skip
    with pytest.raises(InvalidInput) as refused:
        transfer_accept(actor=None, transfer_id=transfer.pk, accepted_on=date(2025, 3, 10))
    assert "2025年3月12日" in refused.value.errors["accepted_on"][0]
    probationer.refresh_from_db()
    assert probationer.organization_id == enterprise.branch_a.pk
    transfer_accept(actor=None, transfer_id=transfer.pk, accepted_on=date(2025, 3, 12))
    probationer.refresh_from_db()
    assert probationer.organization_id == enterprise.branch_b.pk


def test_a_letter_before_the_last_change_names_the_issuing_day(
    enterprise: SimpleNamespace, probationer: Member
) -> None:
    member_confirm(actor=None, member_id=probationer.pk, confirmed_on=date(2025, 3, 12),
                   reason="按期转正")  # fmt: skip
    with pytest.raises(InvalidInput) as refused:
        letter_issue(actor=None, member_id=probationer.pk, destination="外省某公司党委",
                     reason="工作调动", issued_on=date(2025, 3, 1))  # fmt: skip
    assert "上一次变动" in refused.value.errors["issued_on"][0]
    assert not TransferLetter.objects.exists()


def test_a_historic_transfer_started_before_the_last_change_is_refused(
    enterprise: SimpleNamespace, secretary_a: User, probationer: Member
) -> None:
    member_confirm(actor=None, member_id=probationer.pk, confirmed_on=date(2025, 3, 12),
                   reason="按期转正")  # fmt: skip
    data = HistoricTransfer(
        member_id=probationer.pk, to_org_id=enterprise.branch_b.pk,
        effective_on=date(2025, 3, 2), accepted_on=date(2025, 3, 16), reason="工作调动",
        approved={"sending": date(2025, 3, 5), "receiving": date(2025, 3, 10)},
    )  # fmt: skip
    with pytest.raises(InvalidInput) as refused:
        transfer_record_historic(actor=secretary_a, data=data)
    assert "2025年3月12日" in refused.value.errors["effective_on"][0]
    assert not Transfer.objects.exists()


def _xlsx(member: Member, to: str) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADERS)
    sheet.append([member.name, member.id_number, to, "", "工作调动", date(2025, 3, 1),
                  date(2025, 3, 3), date(2025, 3, 5), date(2025, 3, 10), date(2025, 2, 1)])  # fmt: skip
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _registers(enterprise: SimpleNamespace, days: list[date]) -> list[int]:
    orgs = (enterprise.root, enterprise.general, enterprise.branch_a, enterprise.branch_c)
    return [register_count(org, day) for org in orgs for day in days]


def _kinds(ledger: Ledger) -> list[tuple[str, date, Change]]:
    return [(e.name, e.day, e.change) for e in ledger.entries]


def test_a_historic_transfer_changes_the_registers_from_its_day_on_only(
    enterprise: SimpleNamespace, secretary_a: User, member_a: Member
) -> None:
    """Imported later, a transfer accepted on 2025-03-10 leaves every register before that day
    as it was (for the system and for the branch's secretary alike) and shows in 2025's
    ledger as A's 转出 and C's 转入."""
    make_member(enterprise.branch_a, name="留下")
    days = [date(2024, 12, 31), date(2025, 3, 1), date(2025, 3, 9)]
    before = _registers(enterprise, days)
    early = membership_ledger(
        secretary_a, enterprise.branch_a.pk, date(2024, 1, 1), date(2025, 3, 9)
    )
    result = import_transfers(actor=secretary_a, source=_xlsx(member_a, "三支部"), commit=True)
    assert result.report.committed, result.report.rows
    assert _registers(enterprise, days) == before
    assert (
        membership_ledger(secretary_a, enterprise.branch_a.pk, date(2024, 1, 1), date(2025, 3, 9))
        == early
    )
    year = (date(2025, 1, 1), date(2025, 12, 31))
    sender = membership_ledger(secretary_a, enterprise.branch_a.pk, *year)
    assert _kinds(sender) == [("张三", date(2025, 3, 10), Change.TRANSFER_OUT)]
    assert "历史补录" in sender.entries[0].document
    assert (sender.opening, sender.closing) == (2, 1) and sender.reconciliation.balanced
    receiver = ledger_of(enterprise.branch_c, *year)
    assert _kinds(receiver) == [("张三", date(2025, 3, 10), Change.TRANSFER_IN)]
    assert receiver.reconciliation.balanced
    assert register_count(enterprise.branch_a, date(2025, 3, 10)) == 1
    assert register_count(enterprise.branch_c, date(2025, 3, 10)) == 1
