"""``dangjian restore ARCHIVE``: a backup into an empty deployment, checked before and after."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dangjian.ops.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "从备份文件恢复到空的部署（需配置备份时使用的个人信息加密密钥）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="dangjian backup 写出的 .tar.gz 文件")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = backup_restore(archive=options["archive"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        made = result.manifest["created_at"][:19].replace("T", " ")
        self.stdout.write(
            f"恢复完成：{made} 的备份，{result.tables} 张表共 {result.rows} 行、"
            f"{result.files} 个文件，行数与备份清单一致。"
        )
