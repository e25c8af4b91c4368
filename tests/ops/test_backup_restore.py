"""Backups: the demo enterprise with its history, dues, knowledge base and an attachment is backed
up, restored into a fresh data directory and found identical, table by table and file by file."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import sqlite3
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg

from tests.ops.conftest import Deployment

# Dues for this month and a payment, a knowledge-base document indexed, an uploaded attachment.
SOURCE_DATA = """
from datetime import date
from decimal import Decimal
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from dangjian.assistant.services import document_add, document_index
from dangjian.dues.bases import declared_income_record
from dangjian.dues.collection import Payment, ledger_mark_paid
from dangjian.dues.ledger import ledger_generate
from dangjian.dues.models import LedgerEntry
from dangjian.members.models import Member
from dangjian.orgs.models import Organization
from dangjian.rules.dates import YearMonth

month = YearMonth.from_date(timezone.localdate())
declared = Member.objects.order_by("pk")[:5]
for member in declared:
    declared_income_record(actor=None, member_id=member.pk, month=month, kind="wage",
                           amount=Decimal("6543.21"), evidence="工资条")
ledger_generate(actor=None, month=month)
entry = LedgerEntry.objects.filter(month=month.first_day, due__gt=0, paid_amount=0).order_by("pk").first()
ledger_mark_paid(actor=None, entry_ids=[entry.pk],
                 payment=Payment(paid_on=timezone.localdate(), method="cash"))
root = Organization.objects.order_by("path").first()
doc, _ = document_add(actor=None, filename="学习制度.md",
                      content="# 学习制度\\n\\n第一条　每月学习一次。\\n".encode(), owner_id=root.pk)
document_index(document_id=doc.pk)
default_storage.save("attachments/2026/会议记录.txt", ContentFile("支部委员会会议记录".encode()))
# What the source's processes leave in its database: a scheduler's lock and a run under way.
from dangjian.jobs.lock import lock_acquire
from dangjian.jobs.models import JobRun
lock_acquire(token="source-beat", holder="源服务器 进程 1")
JobRun.objects.create(job="ops.backup_daily", started_at=timezone.now())
print("ledger", LedgerEntry.objects.count())
"""


def _rows(deployment: Deployment) -> dict[str, list[str]]:
    """Every row of every table, in a stable order."""
    url = deployment.env.get("DATABASE_URL")
    if url:
        with psycopg.connect(url) as conn:
            names = [r[0] for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname='public'")]  # fmt: skip
            return {n: sorted(map(repr, conn.execute(f'SELECT * FROM "{n}"'))) for n in names}
    with sqlite3.connect(deployment.data_dir / "dangjian.sqlite3") as conn:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]  # fmt: skip
        return {n: sorted(map(repr, conn.execute(f'SELECT * FROM "{n}"'))) for n in names}


def _files(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


def _copy_key(source: Deployment, target: Deployment) -> None:
    (target.data_dir / "keys").mkdir(exist_ok=True)
    shutil.copy(source.data_dir / "keys" / "data.key", target.data_dir / "keys" / "data.key")


COUNT_MEMBERS = "from dangjian.members.models import Member; print(Member.objects.count())"


def _backed_up_source(
    make_deployment: Callable[..., Deployment], tmp_path: Path
) -> tuple[Deployment, Path]:
    source = make_deployment("source")
    source.run("demo", "--members", "120", "--organisations", "15")
    assert "ledger" in source.run("shell", "-c", SOURCE_DATA).stdout
    # A link in the media folder to the key file: a backup must not follow it.
    (source.data_dir / "media" / "link-to-key").symlink_to(source.data_dir / "keys" / "data.key")
    done = source.run("backup", "--output", str(tmp_path / "backups"))
    assert "备份完成" in done.stdout
    (archive,) = (tmp_path / "backups").glob("dangjian-backup-*.tar.gz")
    return source, archive


def test_a_backup_restores_into_an_identical_platform(
    make_deployment: Callable[..., Deployment], tmp_path: Path
) -> None:
    source, archive = _backed_up_source(make_deployment, tmp_path)
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest_file = tar.extractfile("manifest.json")
        assert manifest_file is not None
        manifest = json.load(manifest_file)
    assert names[0] == "manifest.json"
    assert "files/attachments/2026/会议记录.txt" in names
    assert not any("key" in n.lower() for n in names), "the encryption key is never in a backup"
    assert archive.stat().st_mode & 0o077 == 0, "only the owner may read a backup"
    # 120 planned members, and those the demo's 发展党员 admitted since
    counted = source.run("shell", "-c", COUNT_MEMBERS).stdout.strip().splitlines()[-1]
    assert manifest["database"]["tables"]["members_member"] == int(counted) >= 120
    assert manifest["database"]["tables"]["dues_ledgerentry"] > 0

    target = make_deployment("restored", empty=True)
    _copy_key(source, target)
    done = target.run("restore", str(archive))
    assert "恢复完成" in done.stdout

    before, after = _rows(source), _rows(target)
    assert sorted(before) == sorted(after)
    own = {"jobs_schedulerlock", "jobs_jobrun"}  # the source's processes, not its data
    for table, rows in before.items():
        if table not in own:
            assert after[table] == rows, f"table {table} differs after restore"
    assert len(after["jobs_jobrun"]) == len(before["jobs_jobrun"]) == 1
    assert "'running'" in before["jobs_jobrun"][0] and "'skipped'" in after["jobs_jobrun"][0]
    free = target.run("shell", "-c", "from dangjian.jobs.lock import *; print(lock_state())")
    assert "alive=False" in free.stdout, "the restored deployment's beat need not wait"
    source_files = _files(source.data_dir / "media")
    assert "link-to-key" in source_files
    del source_files["link-to-key"]
    assert _files(target.data_dir / "media") == source_files
    assert "attachments/2026/会议记录.txt" in source_files

    again = target.run("restore", str(archive), check=False)
    assert again.returncode != 0
    assert "本部署已有数据" in again.stderr


def test_a_restore_is_refused_before_anything_is_written(
    make_deployment: Callable[..., Deployment], tmp_path: Path
) -> None:
    source, archive = _backed_up_source(make_deployment, tmp_path)

    no_key = make_deployment("no-key", empty=True)
    refused = no_key.run("restore", str(archive), check=False)
    assert "请把备份时使用的密钥文件复制到" in refused.stderr

    other_key = make_deployment("other-key", empty=True)
    (other_key.data_dir / "keys").mkdir()
    (other_key.data_dir / "keys" / "data.key").write_text("ab" * 32)
    refused = other_key.run("restore", str(archive), check=False)
    assert "加密密钥与备份时不同" in refused.stderr

    damaged = tmp_path / "damaged.tar.gz"
    damaged.write_bytes(archive.read_bytes()[:-2000])
    _copy_key(source, other_key)
    refused = other_key.run("restore", str(damaged), check=False)
    assert "备份文件无法读取" in refused.stderr or "校验和不符" in refused.stderr

    newer = _with_manifest(archive, tmp_path / "newer.tar.gz", migrations=["members.9999_future"])
    refused = other_key.run("restore", str(newer), check=False)
    assert "备份来自较新的版本" in refused.stderr

    hostile = {
        "traversal": (_added(archive, tmp_path / "t.tar.gz", "../evil.txt"), "恢复目录以外"),
        "link": (_added(archive, tmp_path / "l.tar.gz", "files/k", link="/etc/passwd"), "链接"),
        "unlisted": (_added(archive, tmp_path / "u.tar.gz", "files/extra.txt"), "清单之外"),
    }
    for kind, (path, message) in hostile.items():
        refused = other_key.run("restore", str(path), check=False)
        assert message in refused.stderr, kind
        assert "Traceback" not in refused.stderr, kind
    assert not (tmp_path / "evil.txt").exists()
    for deployment in (no_key, other_key):
        assert (
            "orgs_organization" not in _rows(deployment)
            or not _rows(deployment)["orgs_organization"]
        )


def _with_manifest(archive: Path, target: Path, **changes: Any) -> Path:
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as out:
        for member in source.getmembers():
            extracted = source.extractfile(member)
            assert extracted is not None
            data = extracted.read()
            if member.name == "manifest.json":
                manifest = json.loads(data) | changes
                data = json.dumps(manifest).encode()
                member.size = len(data)
            out.addfile(member, io.BytesIO(data))
    return target


def _added(archive: Path, target: Path, name: str, link: str = "") -> Path:
    """``archive`` with one more member: a file, or a symbolic link to ``link``."""
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as out:
        for member in source.getmembers():
            out.addfile(member, source.extractfile(member))
        extra = tarfile.TarInfo(name)
        if link:
            extra.type, extra.linkname = tarfile.SYMTYPE, link
            out.addfile(extra)
        else:
            extra.size = 4
            out.addfile(extra, io.BytesIO(b"evil"))
    return target


DAILY = """
from pathlib import Path
from django.conf import settings
from dangjian.ops.backup import backup_create
from dangjian.ops.tasks import backup_daily
from dangjian.jobs.models import JobRun
backup_daily(); backup_daily()
first, second = backup_create(directory=Path(settings.BACKUP_DIR)), backup_create(directory=Path(settings.BACKUP_DIR))
print("names", first.path != second.path)
for run in JobRun.objects.order_by("pk"):
    print(run.job, run.outcome, run.counts)
"""


def test_the_daily_backup_runs_once_a_day_and_keeps_its_retention(
    make_deployment: Callable[..., Deployment], tmp_path: Path
) -> None:
    backups = tmp_path / "daily"
    backups.mkdir()
    deployment = make_deployment(DANGJIAN_BACKUP_DIR=str(backups), DANGJIAN_BACKUP_KEEP_DAYS="3")
    for stamp in ("20200101-023000", "20200102-023000"):
        (backups / f"dangjian-backup-{stamp}.tar.gz").write_bytes(b"old")

    lines = deployment.run("shell", "-c", DAILY).stdout.splitlines()
    out = [line for line in lines if line.startswith("ops.")]
    assert "names True" in lines, "two backups in one second keep both archives"

    assert out == [
        "ops.backup_daily succeeded {'created': 1, 'deleted': 2}",
        "ops.backup_daily skipped {}",
    ]
    assert len(list(backups.glob("dangjian-backup-*.tar.gz"))) == 3
    assert not list(backups.glob("dangjian-backup-2020*"))
