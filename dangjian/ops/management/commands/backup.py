"""``dangjian backup [--output DIR]``: one archive of the database, uploaded files and settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from dangjian.ops.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "备份：数据库、上传的文件和非保密设置，写成一个归档文件（不含加密密钥）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", type=Path, default=None, help="备份目录（默认为设置中的备份目录）"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        directory = options["output"] or settings.BACKUP_DIR
        try:
            result = backup_create(directory=directory)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        tables = result.manifest["database"]["tables"]
        self.stdout.write(
            f"备份完成：{result.path}（{len(tables)} 张表，{sum(tables.values())} 行，"
            f"{len(result.manifest['checksums']) - 2} 个文件）。\n"
            f"恢复时需要同一个个人信息加密密钥（指纹 {result.manifest['key_fingerprint']}）。"
        )
