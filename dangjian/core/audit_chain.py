"""The audit chain: canonical row content, keyed hashes, appending under a lock, verification.

Each row's ``row_hash`` is HMAC-SM3 (``crypto.audit_mac``, a key derived from the data key, so
someone who can write to the database but does not hold the key cannot recompute it) over the
row's canonical JSON, which includes ``seq`` and the previous row's hash. Verification walks
the rows in ``seq`` order from the archive base to the chain head and reports, in Chinese, each
row whose content no longer matches its hash, each gap (deleted rows) and a missing tail.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import connections, transaction

from dangjian.core.crypto import audit_mac
from dangjian.core.models import AuditChainHead, AuditLog

GENESIS = "0" * 64
# The fields the hash covers, in the order an archive file lists them.
HASHED_FIELDS = (
    "seq",
    "prev_hash",
    "at",
    "actor_id",
    "actor_name",
    "category",
    "action",
    "outcome",
    "object_type",
    "object_id",
    "object_repr",
    "before",
    "after",
    "detail",
    "source_ip",
    "request",
)
# Opens the purge gate for every row: only the whole-database flush uses it.
EVERYTHING = 2**63 - 1


@dataclass(frozen=True)
class Finding:
    """One fault found by verification: the row's ``seq`` (None for the chain as a whole)."""

    seq: int | None
    message: str


def payload_of(log: AuditLog) -> dict[str, Any]:
    """The canonical content of a row (what the hash covers), JSON-ready."""
    values = {name: getattr(log, name) for name in HASHED_FIELDS if name != "at"}
    values["at"] = log.at.astimezone(UTC).isoformat()
    return values


def hash_of(payload: Mapping[str, Any]) -> str:
    """HMAC-SM3 (hex) of the canonical JSON of ``payload``'s hashed fields."""
    content = {name: payload.get(name) for name in HASHED_FIELDS}
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return audit_mac(text.encode("utf-8"))


def locked_head() -> AuditChainHead:
    """The chain head, locked until the caller's transaction ends (created on first use)."""
    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        AuditChainHead.objects.get_or_create(
            pk=1, defaults={"last_hash": GENESIS, "base_hash": GENESIS}
        )
        head = AuditChainHead.objects.select_for_update().get(pk=1)
    return head


def append(log: AuditLog, at: datetime) -> AuditLog:
    """Give ``log`` the next place in the chain and store it, under the head's row lock.

    The lock is held until the surrounding transaction commits, so concurrent writers queue
    instead of both chaining onto the same previous row; a rolled-back writer gives its place
    back with its row.
    """
    with transaction.atomic():
        head = locked_head()
        log.seq = head.last_seq + 1
        log.prev_hash = head.last_hash
        log.at = at
        log.row_hash = hash_of(payload_of(log))
        log.save(force_insert=True)
        head.last_seq, head.last_hash = log.seq, log.row_hash
        head.save(update_fields=["last_seq", "last_hash"])
    return log


def append_many(logs: list[AuditLog], at: datetime) -> list[AuditLog]:
    """``append`` for many rows at once (one act on many records, such as a branch's payments
    marked together): one lock of the head, one INSERT, one move of the head. Each row is
    chained to the one before it exactly as ``append`` would have chained it."""
    if not logs:
        return logs
    with transaction.atomic():
        head = locked_head()
        seq, last = head.last_seq, head.last_hash
        for log in logs:
            seq += 1
            log.seq, log.prev_hash, log.at = seq, last, at
            log.row_hash = last = hash_of(payload_of(log))
        AuditLog.objects.bulk_create(logs, batch_size=500)
        head.last_seq, head.last_hash = seq, last
        head.save(update_fields=["last_seq", "last_hash"])
    return logs


def verify(
    rows: Iterable[Mapping[str, Any]],
    *,
    base: tuple[int, str],
    head: tuple[int, str] | None,
) -> list[Finding]:
    """Faults in ``rows`` (payloads with ``row_hash``, in ``seq`` order) chained from ``base``.

    ``base`` and ``head`` are (seq, hash) pairs: where the chain starts (the last archived row,
    or 0 and the genesis hash) and where it must end (None when there is nothing to compare).
    """
    findings: list[Finding] = []
    last_seq, last_hash = base
    for row in rows:
        findings.extend(_check_row(row, last_seq, last_hash))
        last_seq, last_hash = int(row["seq"]), str(row["row_hash"])
    if head is not None:
        findings.extend(_check_tail(last_seq, last_hash, head))
    return findings


def _check_row(row: Mapping[str, Any], last_seq: int, last_hash: str) -> Iterator[Finding]:
    seq = int(row["seq"])
    if seq > last_seq + 1:
        yield Finding(seq, f"第{_span(last_seq + 1, seq - 1)}条记录缺失：已被删除")
    elif seq <= last_seq:
        yield Finding(seq, f"第{seq}条记录重复或顺序错乱")
    elif row["prev_hash"] != last_hash:
        yield Finding(seq, f"第{seq}条记录的前序摘要与第{last_seq}条记录不符：前一条记录被改动")
    if hash_of(row) != row["row_hash"]:
        yield Finding(seq, f"第{seq}条记录的内容与其摘要不符：该记录被修改")


def _check_tail(last_seq: int, last_hash: str, head: tuple[int, str]) -> Iterator[Finding]:
    head_seq, head_hash = head
    if last_seq < head_seq:
        yield Finding(None, f"第{_span(last_seq + 1, head_seq)}条记录缺失：链尾记录已被删除")
    elif last_seq > head_seq:
        yield Finding(None, f"第{head_seq + 1}条之后的记录不在链头登记范围内：链头被改动")
    elif last_hash != head_hash:
        yield Finding(last_seq, f"第{last_seq}条记录与链头登记的摘要不符：该记录被替换")


def _span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}至{last}"


def table_rows(after_seq: int = 0) -> Iterator[dict[str, Any]]:
    """Payloads (with ``row_hash``) of the stored rows after ``after_seq``, in chain order."""
    query = AuditLog.objects.filter(seq__gt=after_seq).order_by("seq")
    for log in query.iterator(chunk_size=2000):
        yield {**payload_of(log), "row_hash": log.row_hash}


def verify_table() -> list[Finding]:
    """Verify the stored log from the archive base to the chain head."""
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is None:
        if AuditLog.objects.exists():
            return [Finding(None, "链头记录缺失：审计日志的链头被删除")]
        return []
    rows = table_rows(after_seq=head.base_seq)
    findings = verify(
        rows, base=(head.base_seq, head.base_hash), head=(head.last_seq, head.last_hash)
    )
    return findings + list(_check_base(head.base_seq))


def _check_base(base_seq: int) -> Iterator[Finding]:
    """Rows before the base left the database only through ``audit_archive``, whose own row
    (chained, so it cannot be forged) names the base it moved to."""
    if base_seq == 0:
        return
    archive = (
        AuditLog.objects.filter(action="audit.archive", seq__gt=base_seq).order_by("-seq").first()
    )
    if archive is None or (archive.after or {}).get("base_seq") != base_seq:
        yield Finding(
            None,
            f"第1至{base_seq}条记录不在数据库中，且没有与之相符的归档记录：记录被删除，链头起点被改动",
        )


@contextmanager
def purge_gate(through_seq: int, using: str = "default") -> Iterator[None]:
    """Let the database delete audit rows with ``seq <= through_seq`` on this connection.

    PostgreSQL: a session setting the trigger reads; SQLite: a value the trigger reads through
    a function registered on the connection (``register_sqlite_gate``). Closed on exit.
    """
    connection = connections[using]
    _set_gate(connection, str(through_seq))
    try:
        yield
    finally:
        _set_gate(connection, "")


def _set_gate(connection: Any, value: str) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('dangjian.audit_purge_through', %s, false)", [value])
    else:
        connection.audit_purge_through = int(value or 0)


def register_sqlite_gate(sender: Any, connection: Any, **kwargs: Any) -> None:
    """``connection_created`` receiver: the function the SQLite triggers call."""
    if connection.vendor != "sqlite":
        return
    connection.connection.create_function(
        "dangjian_audit_purge_through", 0, lambda: getattr(connection, "audit_purge_through", 0)
    )
