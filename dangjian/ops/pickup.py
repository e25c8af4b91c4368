"""Picking up files from the watched folder: the usual way an intranet hands the HR and payroll
exports to another system is a shared folder, not a person uploading them each month.

    <DANGJIAN_PICKUP_DIR>/
        干部信息/   the HR workbook (干部信息月度更新模板), imported like 干部信息库 > 导入
        工资/       the payroll file, imported like 党费 > 工资导入
        已处理/     each file imported, renamed with the local time it was taken, and its report
        未导入/     each file refused (a bad row: nothing was written), and its report

Each file goes through the import's own service as the account named by
``DANGJIAN_PICKUP_USER``, so the same permissions, checks and audit rows apply as on the page; with
no account set nothing is picked up. A file still being written (changed within the last
``DANGJIAN_PICKUP_SETTLE_SECONDS``) waits for the next run. Both imports write all rows or none
and a file imported twice changes nothing, so a run killed between the import and the move only
imports the file again as unchanged and then moves it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from dangjian.cadres.hr_import import hr_import_apply
from dangjian.core.errors import InvalidInput
from dangjian.core.workbook import (
    WORKBOOK_SUFFIXES,
    ImportFileError,
    WorkbookLimits,
    size_text,
    sniff,
)
from dangjian.dues.payroll_import import payroll_import
from dangjian.members.excel.report import ImportReport
from dangjian.members.excel.report import Outcome as RowOutcome

DONE_FOLDER = "已处理"
REFUSED_FOLDER = "未导入"


class Outcome(StrEnum):
    IMPORTED = "imported"  # rows were written
    UNCHANGED = "unchanged"  # accepted, nothing new (the same file again)
    REFUSED = "refused"  # a bad row or an unreadable file: nothing written


@dataclass
class Pickup:
    """One file handled: where it went and the report written beside it (Chinese lines)."""

    name: str
    kind: str
    outcome: Outcome
    lines: list[str] = field(default_factory=list)
    moved_to: Path | None = None


def _report_lines(report: ImportReport, summary: str) -> list[str]:
    problems = [f"{p.where}：{p.reason}" for p in report.problems]
    return [summary, *problems]


def _hr(user: User, data: bytes, name: str) -> tuple[Outcome, list[str]]:
    result = hr_import_apply(actor=user, source=data)
    if result.refused:
        return Outcome.REFUSED, _report_lines(result.report, result.summary)
    outcome = Outcome.IMPORTED if result.change_count else Outcome.UNCHANGED
    changes = [f"{r.label}：{'；'.join(r.changes)}" for r in result.rows if r.changes]
    return outcome, [result.summary, *changes]


def _payroll(user: User, data: bytes, name: str) -> tuple[Outcome, list[str]]:
    report = payroll_import(actor=user, source=data, source_name=name)
    if not report.committed:
        return Outcome.REFUSED, _report_lines(report, report.summary)
    written = any(r.outcome in (RowOutcome.CREATED, RowOutcome.UPDATED) for r in report.rows)
    return (Outcome.IMPORTED if written else Outcome.UNCHANGED), [report.summary]


# The sub-folder of each kind of file and the import it goes through, in the order they run.
KINDS: dict[str, Callable[[User, bytes, str], tuple[Outcome, list[str]]]] = {
    "干部信息": _hr,
    "工资": _payroll,
}


def pickup_user(username: str) -> User | None:
    """The active account the files are imported as, or None."""
    if not username:
        return None
    return User.objects.filter(username=username, is_active=True).first()


def pickup_folders(directory: Path) -> None:
    """Create the watched folder and its sub-folders (so an operator sees where files go)."""
    for name in (*KINDS, DONE_FOLDER, REFUSED_FOLDER):
        (directory / name).mkdir(parents=True, exist_ok=True)


def waiting_files(directory: Path, now: datetime, settle_seconds: int) -> list[tuple[str, Path]]:
    """(kind, path) of every workbook ready to pick up: oldest first within each kind, not
    hidden nor an Office lock file (``~$``), unchanged for ``settle_seconds``."""
    found: list[tuple[str, Path]] = []
    for kind in KINDS:
        folder = directory / kind
        if not folder.is_dir():
            continue
        files = [
            p for p in folder.iterdir()
            if p.is_file() and p.suffix.lower() in WORKBOOK_SUFFIXES
            and not p.name.startswith((".", "~$"))
            and now.timestamp() - p.stat().st_mtime >= settle_seconds
        ]  # fmt: skip
        found += [(kind, p) for p in sorted(files, key=lambda p: (p.stat().st_mtime, p.name))]
    return found


def pickup_file(user: User, kind: str, path: Path, now: datetime) -> Pickup:
    """Import one file through its kind's service as ``user`` and move it, with its report
    (``<name>.结果.txt``), to 已处理 or 未导入, named with the local time of ``now``. Raises
    ``OSError`` when the file cannot be read, moved or reported on (it then stays where it is
    and the run records the error), and only on an unexpected fault otherwise."""
    limits = WorkbookLimits.from_settings()
    size = path.stat().st_size
    if size > limits.max_bytes:
        outcome = Outcome.REFUSED
        lines = [f"文件过大（{size_text(size)}），上限为{size_text(limits.max_bytes)}，未导入"]
    else:
        try:
            data = path.read_bytes()
            sniff(data[:8])  # as the upload field: a renamed text file is no workbook
            outcome, lines = KINDS[kind](user, data, path.name)
        except ImportFileError as error:
            outcome, lines = Outcome.REFUSED, [str(error)]
        except InvalidInput as error:
            outcome, lines = Outcome.REFUSED, [m for v in error.errors.values() for m in v]
        except PermissionDenied as error:
            outcome, lines = Outcome.REFUSED, [f"导入账号无权导入此类文件：{error}"]
    target = path.parent.parent / (REFUSED_FOLDER if outcome is Outcome.REFUSED else DONE_FOLDER)
    target.mkdir(exist_ok=True)
    local = timezone.localtime(now)  # the operator's clock (北京时间), as every page shows
    moved = target / f"{local:%Y%m%d-%H%M%S}-{kind}-{path.name}"
    header = f"{kind}文件“{path.name}”，{local:%Y-%m-%d %H:%M:%S} 由账号 {user.username} 导入"
    moved.with_name(moved.name + ".结果.txt").write_text(
        "\n".join([header, *lines]) + "\n", encoding="utf-8"
    )
    path.replace(moved)
    return Pickup(path.name, kind, outcome, lines, moved)


__all__ = [
    "DONE_FOLDER", "KINDS", "REFUSED_FOLDER", "Outcome", "Pickup", "pickup_file",
    "pickup_folders", "pickup_user", "waiting_files",
]  # fmt: skip
