"""Inserting many rows of one model with a single prepared statement (``executemany``).

``bulk_create`` compiles SQL for every few dozen rows (SQLite allows 999 parameters per
statement); for a hundred thousand members that compilation costs more than the insert itself.
Values are prepared the way the model fields prepare them (encryption included), and the
database still checks every constraint.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import Any

from django.db import connection, models

from dangjian.core.fields import EncryptedTextField

_CHUNK = 2000
Adapter = Callable[[Any], Any]


def _identity(value: Any) -> Any:
    return value


def _adapter(field: models.Field[Any, Any]) -> Adapter:
    ops = connection.ops
    if isinstance(field, (models.CharField, models.BooleanField, models.ForeignKey)):
        return _identity  # str, bool, int and None need no preparation
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.IntegerField):
        return _identity
    if isinstance(field, EncryptedTextField):
        return partial(_encrypted, field)
    # Everything else (JSON...) goes the way the ORM prepares it.
    return lambda value: field.get_db_prep_save(value, connection)


def _encrypted(field: EncryptedTextField, value: Any) -> Any:
    """What BinaryField.get_db_prep_value does, minus the generic layers (half the cost)."""
    prepared = field.get_prep_value(value)  # the field's own encryption
    return None if prepared is None else connection.Database.Binary(prepared)  # type: ignore[attr-defined]


class RowInserter:
    """Prepared inserts into ``model`` of every concrete column but the primary key.

    ``constants`` (a timestamp, the actor) are the same in every row and are prepared once;
    columns given neither per row nor as constants take the field's default.
    """

    def __init__(self, model: type[models.Model], constants: dict[str, Any] | None = None) -> None:
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        given = constants or {}
        self.columns = [f.attname for f in fields]
        self.adapters = [_adapter(f) for f in fields]
        self.fixed = {
            f.attname: adapt(given[f.attname] if f.attname in given else f.get_default())
            for f, adapt in zip(fields, self.adapters, strict=True)
        }
        quote = connection.ops.quote_name
        names = ", ".join(quote(str(f.column)) for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        table = quote(str(model._meta.db_table))
        self.sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"

    def prepare(self, values: dict[str, Any]) -> tuple[Any, ...]:
        fixed = self.fixed
        return tuple(
            adapt(values[c]) if c in values else fixed[c]
            for adapt, c in zip(self.adapters, self.columns, strict=True)
        )

    def insert(self, rows: Iterable[dict[str, Any]]) -> int:
        count = 0
        chunk: list[tuple[Any, ...]] = []
        for values in rows:
            chunk.append(self.prepare(values))
            if len(chunk) == _CHUNK:
                count += self._write(chunk)
                chunk = []
        return count + self._write(chunk)

    def _write(self, chunk: Sequence[tuple[Any, ...]]) -> int:
        if chunk:
            with connection.cursor() as cursor:
                cursor.executemany(self.sql, chunk)
        return len(chunk)
