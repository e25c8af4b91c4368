"""Inserting many rows of one model with a single prepared statement (``executemany``).

``bulk_create`` compiles SQL for every few dozen rows (SQLite allows 999 parameters per
statement); for a hundred thousand members that compilation costs more than the insert itself.
The caller gives each row as a tuple of the columns it names; the other columns are constants or
field defaults, prepared once. Encrypted columns are encrypted here, as the model field would;
every other value given per row must already be what the driver takes (str, int, bool, date,
None: both SQLite, through the adapter Django registers, and psycopg take a date as it is).
The database still checks every constraint.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection, models

from dangjian.core.fields import EncryptedTextField

_CHUNK = 2000


class RowInserter:
    """Prepared inserts into ``model``: ``per_row`` columns from each tuple, the rest fixed.

    ``constants`` (a timestamp, the actor) are the same in every row; concrete columns given
    neither per row nor as constants take the field's default. The primary key is left to the
    database.
    """

    def __init__(
        self,
        model: type[models.Model],
        per_row: Sequence[str],
        constants: dict[str, Any] | None = None,
    ) -> None:
        by_name = {f.attname: f for f in model._meta.concrete_fields if not f.primary_key}
        unknown = [name for name in per_row if name not in by_name]
        if unknown:
            raise ValueError(f"{model.__name__} has no column {', '.join(unknown)}")
        given = constants or {}
        rest = [f for name, f in by_name.items() if name not in per_row]
        self.width = len(per_row)
        self.encrypted: list[tuple[int, Callable[[Any], Any]]] = [
            (i, by_name[name].get_prep_value)
            for i, name in enumerate(per_row)
            if isinstance(by_name[name], EncryptedTextField)
        ]
        self.fixed = tuple(
            f.get_db_prep_save(
                given[f.attname] if f.attname in given else f.get_default(), connection
            )
            for f in rest
        )
        quote = connection.ops.quote_name
        columns = [by_name[name] for name in per_row] + rest
        names = ", ".join(quote(str(f.column)) for f in columns)
        marks = ", ".join(["%s"] * len(columns))
        self.sql = f"INSERT INTO {quote(str(model._meta.db_table))} ({names}) VALUES ({marks})"

    def prepare(self, row: Sequence[Any]) -> tuple[Any, ...]:
        if len(row) != self.width:
            raise ValueError(f"expected {self.width} values, got {len(row)}")
        if not self.encrypted:
            return (*row, *self.fixed)
        values = list(row)
        for position, encrypt in self.encrypted:
            values[position] = encrypt(values[position])
        return (*values, *self.fixed)

    def insert(self, rows: Iterable[Sequence[Any]]) -> int:
        count = 0
        chunk: list[tuple[Any, ...]] = []
        for row in rows:
            chunk.append(self.prepare(row))
            if len(chunk) == _CHUNK:
                count += self._write(chunk)
                chunk = []
        return count + self._write(chunk)

    def _write(self, chunk: Sequence[tuple[Any, ...]]) -> int:
        if chunk:
            with connection.cursor() as cursor:
                cursor.executemany(self.sql, chunk)
        return len(chunk)


def insert_select(
    model: type[models.Model], columns: Sequence[str], select: str, params: Sequence[Any]
) -> int:
    """``INSERT INTO <model> (columns) <select>``: rows derived from rows already written.

    ``columns`` are attribute names; ``select`` must give them in that order.
    """
    by_name = {f.attname: f for f in model._meta.concrete_fields}
    quote = connection.ops.quote_name
    names = ", ".join(quote(str(by_name[name].column)) for name in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(str(model._meta.db_table))} ({names}) {select}", params)
        return int(cursor.rowcount)
