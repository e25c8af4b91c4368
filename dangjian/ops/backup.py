"""Backups: one archive with the database, the uploaded files, the settings that are not secrets
and a manifest; and the restore of such an archive into an empty deployment.

Archive layout (``dangjian-backup-YYYYMMDD-HHMMSS.tar.gz``)::

    manifest.json      format, version, time, database engine, migrations, rows per table,
                       SHA-256 of every other member, fingerprint of the personal-data key
    settings.json      DANGJIAN_* settings without secrets, DATABASE_URL without its password
    database/db.sqlite3 or database/db.dump (pg_dump custom format)
    files/...          the uploaded files (MEDIA_ROOT)

The personal-data key is never inside: without it the ID and phone numbers of the copy cannot be
read, so it is kept apart (README: backups). The fingerprint lets a restore refuse a deployment
whose key differs, before anything is written.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib.metadata import version
from pathlib import Path
from typing import Any

import psycopg
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.utils import DatabaseError
from django.utils import timezone

from dangjian.core.crypto import DataKeyError, key_fingerprint
from dangjian.jobs.failures import os_error_reason, os_error_text
from dangjian.ops import database
from dangjian.ops.startup import describe_database

FORMAT = 1
SECRET_WORDS = ("KEY", "SECRET", "PASSWORD", "TOKEN")
# Rows that make a deployment "not empty": a restore never overwrites real data.
CONTENT_TABLES = {"orgs_organization": "个组织", "members_member": "名党员", "auth_user": "个账号"}
# Bookkeeping that ``migrate`` completes for a newer version: not compared after a restore.
FRAMEWORK_TABLES = {"django_migrations", "django_content_type", "auth_permission"}


class BackupError(RuntimeError):
    """A backup or a restore refused or failed; the message (Chinese) is for the operator."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    manifest: dict[str, Any]


def backup_create(*, directory: Path) -> BackupResult:
    """Write one archive into ``directory``; returns its path and manifest.

    The archive appears under its final name only when complete (written as ``.partial``, then
    renamed). Raises ``BackupError`` when the database cannot be copied.
    """
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=directory, prefix=".staging-") as staging:
            now = timezone.localtime()
            manifest = _stage(Path(staging), now)
            final = _write_archive(Path(staging), manifest, directory, now)
    except OSError as exc:
        raise BackupError(f"无法写入备份目录 {directory}：{_written(exc, directory)}") from exc
    except (DatabaseError, psycopg.Error, sqlite3.Error) as exc:
        raise BackupError(f"数据库无法连接（{describe_database()}）：{exc}") from exc
    return BackupResult(path=final, manifest=manifest)


def _written(exc: OSError, directory: Path) -> str:
    """Why writing under ``directory`` failed, in Chinese, naming the path when it is not the
    directory itself."""
    if exc.filename and str(exc.filename) != str(directory):
        return os_error_text(exc)
    return os_error_reason(exc)


def _write_archive(stage: Path, manifest: dict[str, Any], directory: Path, now: datetime) -> Path:
    """Write the archive under a name no other backup holds (two in one second get -2, -3...),
    readable by the owner only: it holds the whole database."""
    partial, final = _claim_name(directory, f"dangjian-backup-{now:%Y%m%d-%H%M%S}")
    with (
        os.fdopen(partial, "wb") as raw,
        tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as tar,
    ):
        tar.add(stage / "manifest.json", arcname="manifest.json")
        for name in manifest["checksums"]:
            tar.add(stage / name, arcname=name)
    final.with_name(final.name + ".partial").rename(final)
    return final


def _claim_name(directory: Path, stem: str) -> tuple[int, Path]:
    for n in range(1, 1000):
        final = directory / (f"{stem}.tar.gz" if n == 1 else f"{stem}-{n}.tar.gz")
        if final.exists():
            continue
        try:
            fd = os.open(f"{final}.partial", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        return fd, final
    raise BackupError(f"备份目录 {directory} 中同名备份过多")


def _stage(stage: Path, now: datetime) -> dict[str, Any]:
    (stage / "database").mkdir()
    db_name = "database/db.sqlite3" if database.engine() == "sqlite" else "database/db.dump"
    try:
        counts = database.database_dump(stage / db_name)
    except (database.DatabaseCopyError, DatabaseError, psycopg.Error, sqlite3.Error) as exc:
        raise BackupError(f"数据库备份失败（{describe_database()}）：{exc}") from exc
    _write_json(stage / "settings.json", public_settings())
    _copy_regular_files(Path(settings.MEDIA_ROOT), stage / "files")
    names = [db_name, "settings.json", *_files_under(stage, "files")]
    manifest = {
        "format": FORMAT,
        "product_version": version("dangjian"),
        "created_at": now.isoformat(),
        "database": {"engine": database.engine(), "file": db_name, "tables": counts},
        "migrations": applied_migrations(),
        "key_fingerprint": key_fingerprint(),
        "checksums": {name: _sha256(stage / name) for name in names},
    }
    _write_json(stage / "manifest.json", manifest)
    return manifest


def public_settings() -> dict[str, str]:
    """The DANGJIAN_* settings of this deployment without secrets, and the database address
    without its password."""
    found = {
        name: value
        for name, value in sorted(os.environ.items())
        if name.startswith("DANGJIAN_") and not any(word in name for word in SECRET_WORDS)
    }
    db = settings.DATABASES["default"]
    if database.engine() == "sqlite":
        found["database"] = f"sqlite:{Path(str(db['NAME'])).name}"
    else:
        found["database"] = (
            f"postgresql://{db.get('HOST') or ''}:{db.get('PORT') or ''}/{db['NAME']}"
        )
    return found


def applied_migrations() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        return [f"{app}.{name}" for app, name in cursor.fetchall()]


def _copy_regular_files(source: Path, target: Path) -> None:
    """The uploaded files, without following symbolic links: a link placed in the media folder
    must not carry the key file or a system file into a backup."""
    if not source.is_dir():
        return
    for folder, dirs, files in os.walk(source, followlinks=False):
        here = Path(folder)
        dirs[:] = [d for d in dirs if not (here / d).is_symlink()]
        for name in files:
            path = here / name
            if path.is_symlink() or not path.is_file():
                continue
            copy = target / path.relative_to(source)
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, copy, follow_symlinks=False)


def _files_under(stage: Path, folder: str) -> list[str]:
    root = stage / folder
    if not root.is_dir():
        return []
    return sorted(str(p.relative_to(stage)) for p in root.rglob("*") if p.is_file())


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True), "utf-8")


def backups_prune(*, directory: Path, keep_days: int, now: datetime | None = None) -> list[Path]:
    """Delete archives in ``directory`` older than ``keep_days`` days (by the time in their
    name); the newest archive is always kept. Returns the deleted paths."""
    now = now or timezone.localtime()
    archives = backups_list(directory)
    cutoff = now - timedelta(days=keep_days)
    doomed = [a.path for a in archives[1:] if a.created_at < cutoff]
    for path in doomed:
        path.unlink(missing_ok=True)
    return doomed


def backup_leftovers_remove(*, directory: Path) -> int:
    """Remove what a backup killed halfway left in ``directory`` (its ``.staging-*`` copy and
    ``.partial`` archive); call only while no other backup runs (the job's run claim sees to
    that). Returns how many were removed."""
    if not directory.is_dir():
        return 0
    leftovers = [*directory.glob(".staging-*"), *directory.glob("dangjian-backup-*.partial")]
    for path in leftovers:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    return len(leftovers)


@dataclass(frozen=True)
class ArchiveInfo:
    path: Path
    created_at: datetime
    size: int  # bytes


def backups_list(directory: Path) -> list[ArchiveInfo]:
    """The complete archives in ``directory``, newest first."""
    found = []
    for path in directory.glob("dangjian-backup-*.tar.gz") if directory.is_dir() else []:
        stamp = path.name.removeprefix("dangjian-backup-").removesuffix(".tar.gz")
        try:
            naive = datetime.strptime(stamp[:15], "%Y%m%d-%H%M%S")
        except ValueError:
            continue
        created = timezone.make_aware(naive, timezone.get_current_timezone())
        found.append(ArchiveInfo(path=path, created_at=created, size=path.stat().st_size))
    return sorted(found, key=lambda a: a.created_at, reverse=True)


@dataclass(frozen=True)
class RestoreResult:
    manifest: dict[str, Any]
    tables: int
    rows: int
    files: int


def backup_restore(*, archive: Path) -> RestoreResult:
    """Restore ``archive`` into this deployment, which must be empty.

    Checks before writing anything: the archive's manifest and checksums, the database engine,
    the migrations (none newer than this version knows), the personal-data key, and that the
    deployment holds no organisation, member or account. After the copy the row count of every
    table is compared with the manifest. Raises ``BackupError`` with the reason.
    """
    if not archive.is_file():
        raise BackupError(f"找不到备份文件 {archive}")
    try:
        with tempfile.TemporaryDirectory(dir=settings.DATA_DIR, prefix=".restore-") as unpacked:
            root = Path(unpacked)
            manifest = _unpack(archive, root)
            _check_compatible(manifest)
            _check_empty()
            database.database_load(root / manifest["database"]["file"])
            files = _copy_files(root)
        call_command("migrate", interactive=False, verbosity=0)
        _forget_the_source_processes()
    except (DatabaseError, psycopg.Error, database.DatabaseCopyError) as exc:
        raise BackupError(f"数据库无法连接或写入（{describe_database()}）：{exc}") from exc
    except OSError as exc:
        raise BackupError(
            f"无法写入数据目录 {settings.DATA_DIR}：{_written(exc, settings.DATA_DIR)}"
        ) from exc
    return _verify_counts(manifest, files)


def _forget_the_source_processes() -> None:
    """What the copied database says about the processes of the deployment it came from: its
    scheduler's lock (this deployment's beat must not wait for it to expire) and the runs that
    were under way when it was copied (the backup's own run among them)."""
    from dangjian.jobs.models import JobRun, RunOutcome, SchedulerLock

    SchedulerLock.objects.update(token="", heartbeat_at=None)
    # Not failed here (the home page would raise a failure this deployment never had).
    JobRun.objects.filter(outcome=RunOutcome.RUNNING).update(
        outcome=RunOutcome.SKIPPED,
        finished_at=timezone.now(),
        detail="备份时仍在运行，结果以原部署为准",
    )


def _unpack(archive: Path, root: Path) -> dict[str, Any]:
    """Extract and check ``archive``: only regular files inside ``root``, each listed in the
    manifest with its checksum."""
    try:
        with tarfile.open(archive, "r:*") as tar:
            members = tar.getmembers()
            unsafe = [m.name for m in members if not (m.isfile() or m.isdir())]
            if unsafe:
                raise BackupError(f"备份文件含有链接或特殊文件（{unsafe[0]}），拒绝恢复")
            tar.extractall(root, filter="data")
    except tarfile.FilterError as exc:
        raise BackupError("备份文件含有指向恢复目录以外的路径，拒绝恢复") from exc
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError("备份文件无法读取：文件不完整，或不是本平台的备份") from exc
    manifest = _read_manifest(root)
    listed = {"manifest.json", *manifest["checksums"]}
    extra = sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
    extra = [name for name in extra if name not in listed]
    if extra:
        raise BackupError(f"备份文件含有清单之外的文件（{extra[0]}），拒绝恢复")
    for name, expected in manifest["checksums"].items():
        path = root / name
        if not path.is_file() or _sha256(path) != expected:
            raise BackupError(f"备份文件已损坏：{name} 的校验和不符")
    return manifest


def _read_manifest(root: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((root / "manifest.json").read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError("备份文件缺少可读的清单 manifest.json：不是本平台的备份") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        found = manifest.get("format") if isinstance(manifest, dict) else None
        raise BackupError(f"备份格式版本 {found} 不受支持（本版本为 {FORMAT}）")
    return manifest


def _check_compatible(manifest: dict[str, Any]) -> None:
    source = manifest["database"]["engine"]
    if source != database.engine():
        names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
        raise BackupError(
            f"备份来自 {names[source]} 数据库，本部署使用 {names[database.engine()]}："
            "请在同一种数据库上恢复。"
        )
    known = {f"{app}.{name}" for app, name in MigrationLoader(None).disk_migrations}
    newer = sorted(set(manifest["migrations"]) - known)
    if newer:
        raise BackupError(
            f"备份来自较新的版本（{manifest['product_version']}），本版本不认识其数据结构"
            f"（如 {newer[0]}）：请先升级本平台再恢复。"
        )
    _check_key(manifest["key_fingerprint"])


def _check_key(expected: str) -> None:
    if not settings.DATA_KEY and not Path(settings.KEY_FILE).exists():
        raise BackupError(
            f"本部署还没有个人信息加密密钥：请把备份时使用的密钥文件复制到 {settings.KEY_FILE}"
            "，或设置 DANGJIAN_DATA_KEY，再恢复。"
        )
    try:
        actual = key_fingerprint()
    except DataKeyError as exc:
        raise BackupError(f"个人信息加密密钥无效：{exc}") from exc
    if actual != expected:
        raise BackupError(
            "本部署的个人信息加密密钥与备份时不同，恢复后身份证号和手机号将无法解密："
            "请配置备份时使用的密钥再恢复。"
        )


def _check_empty() -> None:
    try:
        counts = database.database_counts()
    except (sqlite3.OperationalError, FileNotFoundError):
        return  # no SQLite file or tables yet: empty
    held = [f"{counts[t]}{label}" for t, label in CONTENT_TABLES.items() if counts.get(t)]
    if held:
        raise BackupError(
            f"本部署已有数据（{'、'.join(held)}）：只能恢复到空的部署，以免覆盖现有数据。"
        )


def _copy_files(root: Path) -> int:
    source = root / "files"
    if not source.is_dir():
        return 0
    target = Path(settings.MEDIA_ROOT)
    shutil.copytree(source, target, dirs_exist_ok=True)
    return sum(1 for p in source.rglob("*") if p.is_file())


def _verify_counts(manifest: dict[str, Any], files: int) -> RestoreResult:
    expected: dict[str, int] = manifest["database"]["tables"]
    actual = database.database_counts()
    wrong = [t for t, n in expected.items() if t not in FRAMEWORK_TABLES and actual.get(t) != n]
    if wrong:
        raise BackupError(
            f"恢复后 {wrong[0]} 表有 {actual.get(wrong[0])} 行，备份中为 {expected[wrong[0]]} 行"
        )
    return RestoreResult(
        manifest=manifest, tables=len(expected), rows=sum(expected.values()), files=files
    )
