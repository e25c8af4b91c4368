"""``dangjian audit_verify [--file ARCHIVE]``: check the audit log's hash chain."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dangjian.core.audit_archive import verify_file
from dangjian.core.audit_chain import verify_table
from dangjian.core.models import AuditChainHead


class Command(BaseCommand):
    help = "校验审计日志的摘要链：发现被修改或删除的记录（也可校验归档文件）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", nargs="*", default=[], help="校验这些归档文件（而非数据库）")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["file"]:
            faults = sum(self._report(Path(p).name, verify_file(Path(p))) for p in options["file"])
        else:
            faults = self._report("数据库中的审计日志", verify_table())
        if faults:
            raise CommandError(f"审计日志校验未通过：发现{faults}处问题")

    def _report(self, what: str, findings: list[Any]) -> int:
        for finding in findings:
            self.stdout.write(f"{what}：{finding.message}")
        if not findings:
            head = AuditChainHead.objects.filter(pk=1).first()
            extent = f"（第{head.base_seq + 1}至{head.last_seq}条）" if head else ""
            self.stdout.write(f"{what}校验通过{extent if what.startswith('数据库') else ''}")
        return len(findings)
