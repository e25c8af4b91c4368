"""The database triggers that keep the audit log append-only (created by a migration).

UPDATE is always refused; DELETE only for rows at or below the purge gate
(``audit_chain.purge_gate``), which the archive command opens for the rows it has just written
to a verified file. The chain head may only move forward.
"""

from __future__ import annotations

from typing import Any

MESSAGE = "审计日志只能追加，不能修改或删除"

SQLITE_CREATE = [
    f"""CREATE TRIGGER IF NOT EXISTS core_auditlog_no_update BEFORE UPDATE ON core_auditlog
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER IF NOT EXISTS core_auditlog_no_delete BEFORE DELETE ON core_auditlog
    WHEN OLD.seq > dangjian_audit_purge_through()
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    """CREATE TRIGGER IF NOT EXISTS core_auditchainhead_forward BEFORE UPDATE ON core_auditchainhead
    WHEN NEW.last_seq < OLD.last_seq OR NEW.base_seq < OLD.base_seq
    BEGIN SELECT RAISE(ABORT, '审计日志链头只能前移'); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS core_auditlog_no_update",
    "DROP TRIGGER IF EXISTS core_auditlog_no_delete",
    "DROP TRIGGER IF EXISTS core_auditchainhead_forward",
]

_PG_GATE = "NULLIF(current_setting('dangjian.audit_purge_through', true), '')::bigint"
POSTGRES_CREATE = [
    f"""CREATE OR REPLACE FUNCTION dangjian_auditlog_guard() RETURNS trigger AS $$
    BEGIN
      IF TG_OP = 'DELETE' AND OLD.seq <= COALESCE({_PG_GATE}, 0) THEN
        RETURN OLD;
      END IF;
      RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege';
    END $$ LANGUAGE plpgsql""",
    f"""CREATE OR REPLACE FUNCTION dangjian_auditlog_truncate_guard() RETURNS trigger AS $$
    BEGIN
      IF COALESCE({_PG_GATE}, 0) = 9223372036854775807 THEN
        RETURN NULL;
      END IF;
      RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege';
    END $$ LANGUAGE plpgsql""",
    """CREATE OR REPLACE FUNCTION dangjian_auditchainhead_guard() RETURNS trigger AS $$
    BEGIN
      IF NEW.last_seq < OLD.last_seq OR NEW.base_seq < OLD.base_seq THEN
        RAISE EXCEPTION '审计日志链头只能前移' USING ERRCODE = 'insufficient_privilege';
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER core_auditlog_append_only BEFORE UPDATE OR DELETE ON core_auditlog
    FOR EACH ROW EXECUTE FUNCTION dangjian_auditlog_guard()""",
    """CREATE TRIGGER core_auditlog_no_truncate BEFORE TRUNCATE ON core_auditlog
    FOR EACH STATEMENT EXECUTE FUNCTION dangjian_auditlog_truncate_guard()""",
    """CREATE TRIGGER core_auditchainhead_forward BEFORE UPDATE ON core_auditchainhead
    FOR EACH ROW EXECUTE FUNCTION dangjian_auditchainhead_guard()""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS core_auditlog_append_only ON core_auditlog",
    "DROP TRIGGER IF EXISTS core_auditlog_no_truncate ON core_auditlog",
    "DROP TRIGGER IF EXISTS core_auditchainhead_forward ON core_auditchainhead",
    "DROP FUNCTION IF EXISTS dangjian_auditlog_guard()",
    "DROP FUNCTION IF EXISTS dangjian_auditlog_truncate_guard()",
    "DROP FUNCTION IF EXISTS dangjian_auditchainhead_guard()",
]


def _statements(vendor: str, create: bool) -> list[str]:
    if vendor == "postgresql":
        return POSTGRES_CREATE if create else POSTGRES_DROP
    if vendor == "sqlite":
        return SQLITE_CREATE if create else SQLITE_DROP
    return []


def install(apps: Any, schema_editor: Any) -> None:
    """Migration step: create the triggers (a no-op on other databases)."""
    for sql in _statements(schema_editor.connection.vendor, create=True):
        schema_editor.execute(sql)


def uninstall(apps: Any, schema_editor: Any) -> None:
    for sql in _statements(schema_editor.connection.vendor, create=False):
        schema_editor.execute(sql)
