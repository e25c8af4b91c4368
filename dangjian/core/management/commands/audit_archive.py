"""``dangjian audit_archive [--out DIR]``: move audit rows past retention to a verified file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from dangjian.core.audit_archive import ArchiveRefused, audit_archive


class Command(BaseCommand):
    help = "把超过保存期的审计日志写入可校验的归档文件，校验通过后再从数据库移除"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", default=str(settings.AUDIT_ARCHIVE_DIR), help="归档目录")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = audit_archive(out_dir=Path(options["out"]))
        except ArchiveRefused as exc:
            raise CommandError(str(exc)) from exc
        if result.path is None:
            self.stdout.write(f"没有超过保存期（{settings.AUDIT_RETENTION_DAYS}天）的审计日志")
            return
        self.stdout.write(
            f"已归档第{result.first_seq}至{result.last_seq}条记录（共{result.count}条）到 {result.path}"
        )
