"""The audit log is append-only and chained: edits and deletions in the database are found.

等保 2.0 (GB/T 22239-2019) 8.1.4.3 c): audit records are protected against unexpected deletion,
modification or overwriting; 《网络安全法》第二十一条: kept at least six months.
"""

from __future__ import annotations

import json
import subprocess
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, close_old_connections, connection, transaction
from django.utils import timezone
from pytest_django import Settings

from dangjian.core import audit_guard
from dangjian.core.audit import audit
from dangjian.core.audit_archive import audit_archive, verify_file
from dangjian.core.audit_chain import append, verify_table
from dangjian.core.models import AuditChainHead, AuditLog


class Thing:
    def __init__(self, pk: int, name: str) -> None:
        self.pk, self.name = pk, name

    def __str__(self) -> str:
        return self.name


def _write(n: int) -> list[AuditLog]:
    return [
        audit(actor=None, action="org.update", obj=Thing(i, f"组织{i}"), after={"name": f"新{i}"})
        for i in range(n)
    ]


@contextmanager
def guard_off() -> Iterator[None]:
    """What an intruder with the database owner's rights does: switch the triggers off."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE core_auditlog DISABLE TRIGGER USER")
        else:
            for sql in audit_guard.SQLITE_DROP:
                cursor.execute(sql)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ALTER TABLE core_auditlog ENABLE TRIGGER USER")
            else:
                for sql in audit_guard.SQLITE_CREATE:
                    cursor.execute(sql)


def _verify_output(capsys: pytest.CaptureFixture[str]) -> tuple[bool, str]:
    try:
        call_command("audit_verify")
    except CommandError as exc:
        return False, capsys.readouterr().out + str(exc)
    return True, capsys.readouterr().out


@pytest.mark.django_db
def test_untouched_log_verifies(capsys: pytest.CaptureFixture[str]) -> None:
    _write(5)
    ok, out = _verify_output(capsys)
    assert ok, out
    assert "校验通过" in out
    assert list(AuditLog.objects.order_by("seq").values_list("seq", flat=True)) == [1, 2, 3, 4, 5]


@pytest.mark.django_db
def test_the_application_cannot_update_or_delete_a_row() -> None:
    log = _write(1)[0]
    log.detail = "改过"
    with pytest.raises(PermissionError):
        log.save()
    with pytest.raises(PermissionError):
        log.delete()
    with pytest.raises(PermissionError):
        AuditLog.objects.filter(pk=log.pk).update(detail="改过")
    with pytest.raises(PermissionError):
        AuditLog.objects.all().delete()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "sql", ["UPDATE core_auditlog SET detail = 'x'", "DELETE FROM core_auditlog"]
)
def test_the_database_refuses_update_and_delete(sql: str) -> None:
    _write(2)
    with pytest.raises(DatabaseError, match="审计日志只能追加"), transaction.atomic():
        connection.cursor().execute(sql)
    assert AuditLog.objects.count() == 2


@pytest.mark.django_db
def test_postgres_refuses_truncate_too() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("TRUNCATE exists on PostgreSQL only (this suite also runs there)")
    _write(1)
    with pytest.raises(DatabaseError, match="审计日志只能追加"), transaction.atomic():
        connection.cursor().execute("TRUNCATE core_auditlog")


@pytest.mark.django_db
def test_a_row_edited_in_the_database_is_reported(capsys: pytest.CaptureFixture[str]) -> None:
    _write(4)
    with guard_off(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditlog SET detail = '无异常' WHERE seq = 2")
    ok, out = _verify_output(capsys)
    assert not ok
    assert "第2条记录的内容与其摘要不符" in out


@pytest.mark.django_db
def test_an_edit_that_also_rewrites_the_hash_is_reported(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Without the key the intruder can only copy a hash of another shape: still caught."""
    _write(3)
    with guard_off(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditlog SET detail = 'x', row_hash = %s WHERE seq = 2", ["ab" * 32]
        )
    ok, out = _verify_output(capsys)
    assert not ok
    assert "第2条记录的内容与其摘要不符" in out
    assert "第3条记录的前序摘要与第2条记录不符" in out


@pytest.mark.django_db
def test_a_deleted_row_is_reported(capsys: pytest.CaptureFixture[str]) -> None:
    _write(5)
    with guard_off(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditlog WHERE seq = 3")
    ok, out = _verify_output(capsys)
    assert not ok
    assert "第3条记录缺失" in out


@pytest.mark.django_db
def test_deleting_the_newest_rows_is_reported(capsys: pytest.CaptureFixture[str]) -> None:
    _write(5)
    with guard_off(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditlog WHERE seq >= 4")
    ok, out = _verify_output(capsys)
    assert not ok
    assert "第4至5条记录缺失" in out


@pytest.mark.django_db
def test_deleting_the_oldest_rows_and_moving_the_base_is_reported(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Without an archive row (chained, so it cannot be forged) naming the new base, a base
    moved past deleted rows is a deletion."""
    _write(5)
    third = AuditLog.objects.get(seq=3)
    with guard_off(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditlog WHERE seq <= 3")
        cursor.execute(
            "UPDATE core_auditchainhead SET base_seq = 3, base_hash = %s", [third.row_hash]
        )
    ok, out = _verify_output(capsys)
    assert not ok
    assert "第1至3条记录不在数据库中，且没有与之相符的归档记录" in out


@pytest.mark.django_db
def test_the_chain_head_only_moves_forward() -> None:
    _write(3)
    with pytest.raises(DatabaseError, match="链头只能前移"), transaction.atomic():
        connection.cursor().execute("UPDATE core_auditchainhead SET last_seq = 1")


@pytest.mark.django_db
def test_rows_past_retention_are_archived_to_a_verified_file_then_removed(
    tmp_path: Path, settings: Settings
) -> None:
    now = timezone.now()
    for days in (400, 300, 200, 10):
        append(
            AuditLog(action="org.update", object_type="T", object_id="1"),
            now - timedelta(days=days),
        )
    result = audit_archive(out_dir=tmp_path, now=now)
    assert (result.first_seq, result.last_seq, result.count) == (1, 3, 3)
    assert result.path is not None and verify_file(result.path) == []
    # Rows 1-3 left the table; row 4 and the archive's own record remain, and still verify.
    assert list(AuditLog.objects.order_by("seq").values_list("seq", "action")) == [
        (4, "org.update"),
        (5, "audit.archive"),
    ]
    assert verify_table() == []
    head = AuditChainHead.objects.get()
    assert head.base_seq == 3


@pytest.mark.django_db
def test_an_archive_file_that_was_edited_is_reported(tmp_path: Path) -> None:
    now = timezone.now()
    for days in (400, 300):
        append(
            AuditLog(action="org.update", object_type="T", object_id="1"),
            now - timedelta(days=days),
        )
    path = audit_archive(out_dir=tmp_path, now=now).path
    assert path is not None
    lines = path.read_text(encoding="utf-8").splitlines()
    row = json.loads(lines[1])
    row["detail"] = "篡改"
    lines[1] = json.dumps(row, ensure_ascii=False)
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")
    findings = verify_file(path)
    assert [f.message for f in findings] == ["第1条记录的内容与其摘要不符：该记录被修改"]
    with pytest.raises(CommandError, match="校验未通过"):
        call_command("audit_verify", file=[str(path)])


@pytest.mark.django_db
def test_nothing_is_archived_before_retention(tmp_path: Path) -> None:
    _write(3)
    result = audit_archive(out_dir=tmp_path)
    assert result.path is None
    assert AuditLog.objects.count() == 3


def test_retention_below_six_months_is_refused_at_start_up(
    run_settings: Callable[..., subprocess.CompletedProcess[str]],
) -> None:
    result = run_settings({"DANGJIAN_AUDIT_RETENTION_DAYS": "90"})
    assert result.returncode != 0
    assert "不能少于180天" in result.stderr


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_do_not_fork_the_chain() -> None:
    """Writers queue on the chain head's row lock. PostgreSQL only: SQLite admits one writer
    at a time by itself, and the suite's in-memory SQLite cannot hold two connections' writes."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks between concurrent writers: PostgreSQL (this suite also runs there)")
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(10):
                audit(actor=None, action="org.update", obj=Thing(n * 100 + i, "并发"))
        except BaseException as exc:
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    seqs = list(AuditLog.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, 41))
    assert verify_table() == []
