"""``dangjian bench``: generate realistic data and time the main reads against hand-written SQL.

It benchmarks the database configured by ``DATABASE_URL`` (``--database current``, the default)
and refuses to generate into a database that already holds organisations unless ``--force`` is
given (which wipes the organisation tree and the member archive first). ``--database sqlite``
runs it in a child process on a dedicated file (``--sqlite-path``, default
``<DANGJIAN_DATA_DIR>/bench/bench.sqlite3``); ``--database postgres`` on ``--postgres-url`` (or
``BENCH_POSTGRES_URL``), which should name a database kept for benchmarks; ``both`` runs the
two one after the other. Results go to ``bench-results/latest-<vendor>.json``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import unicodedata
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone

from dangjian.demo import load_demo
from dangjian.demo.benchmark import TARGET_RATIO, CaseResult, all_cases, run_case
from dangjian.members.models import Member
from dangjian.orgs.models import Organization

FORWARDED = ("members", "organisations", "repeat", "seed", "import_rows")


def _pad(text: str, width: int) -> str:
    """Left-align ``text`` in ``width`` terminal columns (a Chinese character takes two)."""
    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(width - used, 0)


class Command(BaseCommand):
    member_count = 0
    help = "生成基准数据并测量党员列表、状态统计和历史日期查询的耗时，与手写SQL对比（目标比值≤3）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--members", type=int, default=1_000_000)
        parser.add_argument("--organisations", type=int, default=30_000)
        parser.add_argument("--repeat", type=int, default=7)
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument(
            "--database", choices=["current", "sqlite", "postgres", "both"], default="current"
        )
        parser.add_argument(
            "--sqlite-path", default="", help="sqlite 基准库文件（--database sqlite/both）"
        )
        parser.add_argument("--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", ""))
        parser.add_argument(
            "--skip-generate", action="store_true", help="使用库中已有数据，不再生成"
        )
        parser.add_argument(
            "--force", action="store_true", help="库中已有数据时先清空组织和党员再生成"
        )
        parser.add_argument(
            "--import-rows", type=int, default=100_000, help="导入基准的行数（0 跳过）"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["repeat"] < 1:
            raise CommandError("--repeat 至少为1")
        if options["database"] == "current":
            self.run_here(options)
            return
        for url in self.child_urls(options):
            self.run_child(url, options)

    def child_urls(self, options: dict[str, Any]) -> list[str]:
        urls = []
        if options["database"] in {"sqlite", "both"}:
            path = Path(
                options["sqlite_path"] or Path(settings.DATA_DIR) / "bench" / "bench.sqlite3"
            )
            path.parent.mkdir(parents=True, exist_ok=True)
            urls.append(f"sqlite:///{path.resolve()}")
        if options["database"] in {"postgres", "both"}:
            if not options["postgres_url"]:
                raise CommandError(
                    "请用 --postgres-url 或环境变量 BENCH_POSTGRES_URL 指定基准用的 PostgreSQL 数据库"
                )
            urls.append(options["postgres_url"])
        return urls

    def run_child(self, url: str, options: dict[str, Any]) -> None:
        argv = [sys.executable, "-m", "dangjian.cli", "bench", "--database", "current"]
        for name in FORWARDED:
            argv += [f"--{name.replace('_', '-')}", str(options[name])]
        for flag in ("skip_generate", "force"):
            if options[flag]:
                argv.append("--" + flag.replace("_", "-"))
        self.stdout.write(f"== {url.split('@')[-1]} ==")
        self.stdout.flush()
        done = subprocess.run(argv, env={**os.environ, "DATABASE_URL": url}, check=False)
        if done.returncode:
            raise CommandError(
                f"基准测试在 {url.split('@')[-1]} 上失败（退出码 {done.returncode}）"
            )

    def run_here(self, options: dict[str, Any]) -> None:
        generated_s = None if options["skip_generate"] else self.generate(options)
        if not Organization.objects.exists():
            raise CommandError("库中没有党组织，不能使用 --skip-generate")
        self.member_count = Member.objects.count()
        results = [run_case(case, options["repeat"]) for case in all_cases(timezone.localdate())]
        self.print_table(results)
        imported = self.import_benchmark(options["import_rows"])
        self.write_json(results, imported, generated_s, options)

    def generate(self, options: dict[str, Any]) -> float:
        call_command("migrate", verbosity=0, interactive=False)
        if Organization.objects.exists():
            if not options["force"]:
                raise CommandError(
                    "目标数据库中已有党组织。基准测试只生成到空的专用数据库："
                    "请用 DATABASE_URL 或 --database sqlite/postgres 指定基准库，"
                    "或加 --force 清空该库（会删除库中全部数据）。"
                )
            if settings.PRODUCTION:
                raise CommandError("生产模式下不允许 --force 清空数据库")
            call_command("flush", interactive=False, verbosity=0)
        started = time.perf_counter()
        summary = load_demo(
            members=options["members"],
            organisations=options["organisations"],
            seed=options["seed"],
            bulk=True,
            progress=True,
        )
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"已生成 {summary.organisations} 个党组织、{summary.members} 名党员（{connection.vendor}，{seconds:.1f} 秒）"
        )
        return seconds

    def print_table(self, results: list[CaseResult]) -> None:
        self.stdout.write(
            f"数据库：{connection.vendor}，党员 {self.member_count} 名；各项为中位数（毫秒）"
        )
        self.stdout.write(f"{_pad('case', 52)} {'median ms':>10} {'baseline ms':>12} {'ratio':>7}")
        for r in results:
            flag = "" if r.same_result else "  结果不一致!"
            over = "  >3" if r.ratio > TARGET_RATIO else ""
            numbers = f"{r.median_ms:>10.2f} {r.baseline_ms:>12.2f} {r.ratio:>7.2f}"
            self.stdout.write(f"{_pad(r.name, 52)} {numbers}{over}{flag}")

    def import_benchmark(self, rows: int) -> Any:
        if rows <= 0:
            return None
        from dangjian.members.bench_import import run_import_benchmark

        result = run_import_benchmark(rows=rows)
        self.stdout.write(f"导入基准（{rows} 行）：{result}")
        return result

    def write_json(
        self,
        results: list[CaseResult],
        imported: Any,
        generated_s: float | None,
        options: dict[str, Any],
    ) -> None:
        folder = Path(settings.REPO_DIR) / "bench-results"
        folder.mkdir(exist_ok=True)
        payload = {
            "vendor": connection.vendor,
            "at": timezone.now().isoformat(),
            "members": self.member_count,
            "organisations": options["organisations"],
            "repeat": options["repeat"],
            "generate_seconds": generated_s,
            "target_ratio": TARGET_RATIO,
            "cases": [r.as_dict() for r in results],
            "import": imported,
        }
        target = folder / f"latest-{connection.vendor}.json"
        target.write_text(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
        self.stdout.write(f"结果已写入 {target}")
