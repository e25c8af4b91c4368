"""Inserting many rows of one table without the ORM's per-object work.

``bulk_create`` compiles SQL for every few dozen rows (SQLite allows 999 parameters per
statement) and prepares each field of each object; for a hundred thousand members that costs
more than the insert itself. Here the caller gives each row as a tuple of values the driver
takes (str, int, bool, date, None: SQLite takes a date through the adapter Django registers,
psycopg as it is). ``write_rows`` sends them the way each database takes them fastest: SQLite
reuses one prepared statement (``executemany``); PostgreSQL gets ``COPY``, since a round trip
per row would dominate there and a multi-row INSERT spends longer quoting its values into SQL
text than the server spends storing them. ``RowInserter`` builds such tuples for a model: the
columns not given per row are constants or field defaults, prepared once, and encrypted columns
are encrypted as the model field would. The database still checks every constraint.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from itertools import islice
from typing import Any

from django.db import connection, models

from dangjian.core.fields import EncryptedTextField

_CHUNK = 2000  # rows per executemany on SQLite


def write_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """INSERT ``rows`` into ``table``; ``columns`` are the column names, in the rows' order.
    ``rows`` may be a generator: it is read once, as the rows are sent. Returns their number."""
    quote = connection.ops.quote_name
    names = ", ".join(map(quote, columns))
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One COPY for all the rows: they reach the server in buffered chunks as they are
            # built, so the server stores them while the caller builds the next ones.
            with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        sql = f"INSERT INTO {quote(table)} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
        iterator = iter(rows)
        while chunk := list(islice(iterator, _CHUNK)):
            cursor.executemany(sql, chunk)
            count += len(chunk)
    return count


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
        self.table = str(model._meta.db_table)
        self.columns = [str(by_name[name].column) for name in per_row] + [
            str(f.column) for f in rest
        ]

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
        return write_rows(self.table, self.columns, map(self.prepare, rows))


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


# ``insert_generated``: rows made by the database itself (``INSERT ... SELECT`` over
# ``generate_series`` or existing tables), for generated data at a scale no Python loop writes.

NOW = "%s"  # an override that is the generation's timestamp (a parameter)


def insert_generated(
    model: type[models.Model], overrides: Mapping[str, str], source: str, params: list[Any],
    now: datetime | None = None,
) -> int:  # fmt: skip
    """``INSERT INTO model (every column) SELECT ... source``: a column named in ``overrides``
    takes that SQL expression (``NOW``: the parameter ``now``), any other its field's default
    (a parameter); ``params`` are those of ``source``."""
    columns, values, args = [], [], []
    for field in model._meta.concrete_fields:
        column = field.column
        if field.primary_key or column is None:
            continue
        columns.append(connection.ops.quote_name(column))
        if column in overrides:
            values.append(overrides[column])
            if overrides[column] == NOW:
                args.append(now)
        else:
            values.append("%s")
            args.append(field.get_db_prep_save(field.get_default(), connection))
    sql = (f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "
           f"SELECT {', '.join(values)} {source}")  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(sql, [*args, *params])
        return int(cursor.rowcount)
