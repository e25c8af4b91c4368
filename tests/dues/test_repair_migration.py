"""A payment stored beyond its column before the boundary checks no longer breaks any page."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import date
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.db import DataError, connection, transaction
from django.test import Client

from dangjian.core.models import AuditLog
from dangjian.dues.ledger import ledger_generate
from dangjian.dues.models import LedgerEntry
from dangjian.members.models import Member
from dangjian.rules.dates import YearMonth
from tests.dues.conftest import payroll

repair = importlib.import_module("dangjian.dues.migrations.0002_repair_out_of_range_money").repair


def _store_raw(entry: LedgerEntry, amount: str) -> bool:
    """Write ``amount`` past the ORM, as the unbounded API once did; False if the column refuses."""
    table = LedgerEntry._meta.db_table
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f'UPDATE "{table}" SET paid_amount = %s, paid_on = %s WHERE id = %s',
                [amount, "2024-06-20", entry.pk],
            )
    except DataError:
        return False
    return True


def test_an_out_of_range_payment_is_undone_audited_and_the_pages_read_again(
    login: Callable[[User], Client],
    enterprise: SimpleNamespace,
    member_a: Member,
    secretary_a: User,
    today_2024: date,
) -> None:
    payroll(member_a, YearMonth(2024, 1), "5100")
    ledger_generate(actor=None, month=YearMonth(2024, 6))
    entry = LedgerEntry.objects.get()
    if not _store_raw(entry, "1000000000000000"):
        # numeric(12,2) refuses it outright: nothing unreadable can have been stored.
        assert connection.vendor == "postgresql"
        entry.refresh_from_db()
        assert entry.paid_amount == 0
        return
    client = login(secretary_a)
    sheet = f"/dues/?org={enterprise.branch_a.pk}&month=2024-06"
    with pytest.raises(Exception):  # noqa: B017  (the failure the repair is for)
        client.get(sheet)
    # The migration reads only ``schema_editor.connection``; inside the test's transaction a
    # real SQLite schema editor cannot be opened.
    repair(apps, SimpleNamespace(connection=connection))
    assert client.get(sheet).status_code == 200
    assert client.get(f"/dues/member/{member_a.pk}/?year=2024").status_code == 200
    entry.refresh_from_db()
    # Decimal 0 equals 0; mypy's strict equality does not know it
    assert (entry.paid_amount, entry.paid_on, entry.method) == (0, None, "")  # type: ignore[comparison-overlap]
    log = AuditLog.objects.get(action="dues.repair")
    assert log.before is not None
    assert log.object_id == str(entry.pk) and "撤销该笔交纳" in log.detail
    assert log.before == {"paid_amount": log.before["paid_amount"]}
    assert log.before["paid_amount"].startswith("1")
