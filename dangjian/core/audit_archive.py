"""Archiving the audit log: rows past retention go to a verifiable file, then leave the table.

The file is JSON Lines: a header (``base_seq``, ``base_hash``: where its chain starts), one line
per row (the hashed fields and ``row_hash``), a footer (``last_seq``, ``last_hash``, ``count``).
It is written, flushed to disk and verified by reading it back before any row is deleted, and the
deletion goes through the purge gate the database trigger honours, for exactly those rows. The
archive itself is an audit row.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from dangjian.core.audit_chain import Finding, locked_head, purge_gate, table_rows, verify
from dangjian.core.models import AuditChainHead, AuditLog, Category

FORMAT = "dangjian-audit-archive/1"


class ArchiveRefused(Exception):
    """The archive was not made (the chain does not verify, or the file failed its check)."""


@dataclass(frozen=True)
class ArchiveResult:
    path: Path | None
    count: int
    first_seq: int
    last_seq: int


def audit_archive(*, out_dir: Path, now: datetime | None = None) -> ArchiveResult:
    """Move the rows older than ``AUDIT_RETENTION_DAYS`` to a file in ``out_dir``.

    Raises ArchiveRefused (nothing deleted) when the rows to archive do not verify.
    """
    cutoff = (now or timezone.now()) - timedelta(days=settings.AUDIT_RETENTION_DAYS)
    with transaction.atomic():
        head = locked_head()
        through = _last_seq_before(cutoff, head.base_seq)
        if through is None:
            return ArchiveResult(None, 0, 0, 0)
        first = head.base_seq + 1
        path = out_dir / f"audit-{first:012d}-{through:012d}.jsonl"
        last_hash = _write_file(path, head, through)
        findings = verify_file(path)
        if findings:
            path.rename(path.with_suffix(".rejected"))
            raise ArchiveRefused(f"归档文件校验未通过：{findings[0].message}")
        _purge(head, through, last_hash)
    return ArchiveResult(path, through - first + 1, first, through)


def _last_seq_before(cutoff: datetime, base_seq: int) -> int | None:
    old = AuditLog.objects.filter(seq__gt=base_seq, at__lt=cutoff).order_by("-seq")
    return old.values_list("seq", flat=True).first()


def _write_file(path: Path, head: AuditChainHead, through: int) -> str:
    """Write rows ``base_seq+1..through``; refuse when they do not chain. Returns the last hash."""
    rows = list(_rows_through(head.base_seq, through))
    findings = verify(rows, base=(head.base_seq, head.base_hash), head=None)
    if findings or (rows and int(rows[-1]["seq"]) != through):
        raise ArchiveRefused(f"审计日志校验未通过，未归档：{_first(findings)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    last_hash = str(rows[-1]["row_hash"])
    lines = [
        {"format": FORMAT, "base_seq": head.base_seq, "base_hash": head.base_hash},
        *rows,
        {"count": len(rows), "last_seq": through, "last_hash": last_hash},
    ]
    with path.open("w", encoding="utf-8") as out:
        for line in lines:
            out.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
        out.flush()
        os.fsync(out.fileno())
    return last_hash


def _rows_through(base_seq: int, through: int) -> Iterator[dict[str, Any]]:
    for row in table_rows(after_seq=base_seq):
        if int(row["seq"]) > through:
            return
        yield row


def _first(findings: list[Finding]) -> str:
    return findings[0].message if findings else "记录不连续"


def _purge(head: AuditChainHead, through: int, last_hash: str) -> None:
    """Delete the archived rows through the gate, move the base, record the archive."""
    from dangjian.core.audit import audit

    with purge_gate(through), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditlog WHERE seq <= %s", [through])
    first = head.base_seq + 1
    head.base_seq, head.base_hash = through, last_hash
    head.save(update_fields=["base_seq", "base_hash"])
    detail = (
        f"第{first}至{through}条记录已归档并从数据库移除（保存期{settings.AUDIT_RETENTION_DAYS}天）"
    )
    # The chain's new starting point, in a row of the chain itself: a base moved by anyone
    # else has no archive row to match (verify_table).
    audit(actor=None, action="audit.archive", obj=head, after={"base_seq": through},
          detail=detail, category=Category.SECURITY)  # fmt: skip


def verify_file(path: Path) -> list[Finding]:
    """Faults in an archive file: its rows, its header-to-footer chain, and its row count."""
    with path.open(encoding="utf-8") as source:
        lines = [json.loads(line) for line in source if line.strip()]
    if len(lines) < 2 or lines[0].get("format") != FORMAT or "last_seq" not in lines[-1]:
        return [Finding(None, f"{path.name} 不是完整的审计归档文件（缺少文件头或文件尾）")]
    header, rows, footer = lines[0], lines[1:-1], lines[-1]
    findings = verify(
        rows,
        base=(int(header["base_seq"]), str(header["base_hash"])),
        head=(int(footer["last_seq"]), str(footer["last_hash"])),
    )
    if footer.get("count") != len(rows):
        findings.append(Finding(None, f"文件尾登记{footer.get('count')}条，实有{len(rows)}条"))
    return findings
