"""Repair amounts that exceed their column, stored before inputs were bounded at the boundary.

SQLite does not enforce a decimal column's digits, so a payment of 1e15 could be stored; reading
such a row then fails (the value cannot be quantized to 12 digits) and every page showing it
answered 500. PostgreSQL never stored one (numeric(12,2) refuses it), so there this finds
nothing. Each repaired row gets an audit entry with the value as it was stored:

- a payment (实交) on a ledger row: the payment is undone, to be recorded again;
- what is due or its base on a ledger row: cleared, recomputed by the next generation;
- an adjustment, a declared income, a large payment, a base record, a reduction or a stored
  computation: removed (ledger rows pointing at it are cleared for the next generation);
- the dues policy's cap or farmers' amount: back to the default.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from django.db import migrations

# The first magnitude a column cannot hold: 10 ** (max_digits - decimal_places).
MONEY_LIMIT = 10**10
BASE_LIMIT = 10**12
DETAIL = "存储的数值超出该金额列的范围（{column}={value}），已{action}，请核对后重新登记"

# (model, column, limit, action)
REPAIRS: list[tuple[str, str, int, str]] = [
    ("LedgerEntry", "paid_amount", MONEY_LIMIT, "unpay"),
    ("LedgerEntry", "due", MONEY_LIMIT, "clear"),
    ("LedgerEntry", "base", BASE_LIMIT, "clear"),
    ("LedgerAdjustment", "due_delta", MONEY_LIMIT, "delete"),
    ("LedgerAdjustment", "paid_delta", MONEY_LIMIT, "delete"),
    ("DeclaredIncome", "amount", MONEY_LIMIT, "delete"),
    ("LargePayment", "amount", MONEY_LIMIT, "delete"),
    ("DuesBase", "base", BASE_LIMIT, "delete"),
    ("Reduction", "reduced_to", MONEY_LIMIT, "delete"),
    ("DuesComputation", "amount", MONEY_LIMIT, "delete"),
    ("DuesComputation", "base", BASE_LIMIT, "delete"),
    ("DuesPolicy", "monthly_cap", MONEY_LIMIT, "default"),
    ("DuesPolicy", "farmer_amount", MONEY_LIMIT, "default"),
]
ACTIONS = {"unpay": "撤销该笔交纳", "clear": "清除", "delete": "删除该记录", "default": "恢复默认值"}
# Ledger rows that point at a removed record lose the pointer and what was computed from it.
LEDGER_REFERENCES = {"DuesBase": "base_record_id", "Reduction": "reduction_id",
                     "DuesComputation": "computation_id"}  # fmt: skip
DEFAULTS = {"monthly_cap": "1000.00", "farmer_amount": "0.50"}


def _found(cursor: Any, table: str, column: str, limit: int) -> list[tuple[int, str]]:
    q = f'SELECT id, CAST("{column}" AS TEXT) FROM "{table}" WHERE ABS("{column}") >= %s'
    cursor.execute(q, [limit])
    return [(row[0], row[1]) for row in cursor.fetchall()]


def _repair(cursor: Any, apps: Any, model: str, column: str, action: str, pk: int) -> None:
    table = apps.get_model("dues", model)._meta.db_table
    ledger = apps.get_model("dues", "LedgerEntry")._meta.db_table
    if action == "unpay":
        cursor.execute(
            f'UPDATE "{table}" SET paid_amount = 0, paid_on = NULL, method = \'\', '
            "payer_kind = '', payer_name = '', receipt_no = '', late_reason = '' WHERE id = %s",
            [pk],
        )
    elif action == "clear":
        cursor.execute(f'UPDATE "{table}" SET "{column}" = NULL WHERE id = %s', [pk])
    elif action == "default":
        cursor.execute(f'UPDATE "{table}" SET "{column}" = %s WHERE id = %s', [DEFAULTS[column], pk])
    else:
        reference = LEDGER_REFERENCES.get(model)
        if reference:
            cursor.execute(
                f'UPDATE "{ledger}" SET "{reference}" = NULL, due = NULL WHERE "{reference}" = %s',
                [pk],
            )
        cursor.execute(f'DELETE FROM "{table}" WHERE id = %s', [pk])


class _Repaired:
    """What an audit row of a repair points at: the model's name and the row's id."""

    def __init__(self, model: str, pk: int) -> None:
        self._meta = SimpleNamespace(object_name=model)
        self.pk = pk

    def __str__(self) -> str:
        return f"{self._meta.object_name} #{self.pk}"


def repair(apps: Any, schema_editor: Any) -> None:
    # The audit log is a hash chain (core 0002): its rows are appended only through the
    # chain's writer, which this migration runs after.
    from dangjian.core.audit import audit

    with schema_editor.connection.cursor() as cursor:
        for model, column, limit, action in REPAIRS:
            table = apps.get_model("dues", model)._meta.db_table
            for pk, value in _found(cursor, table, column, limit):
                _repair(cursor, apps, model, column, action, pk)
                detail = DETAIL.format(column=column, value=value[:40], action=ACTIONS[action])
                audit(actor=None, action="dues.repair", obj=_Repaired(model, pk),
                      before={column: value}, detail=detail)  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [
        ("dues", "0001_initial"),
        ("core", "0003_mask_stored_questions"),
    ]

    operations = [migrations.RunPython(repair, migrations.RunPython.noop)]
