"""``dangjian demo``: load the demo enterprise (organisations, members, users) into the database."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from dangjian.demo import DEFAULT_PASSWORD, demo_logins, load_demo
from dangjian.demo.mix import MIXES
from dangjian.orgs.models import Organization


class Command(BaseCommand):
    help = (
        "加载演示数据：以县级供电公司为原型的党委、党总支、党支部和党员，以及各类角色的演示账号"
        f"（统一密码默认为 {DEFAULT_PASSWORD}）。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--members", type=int, default=1500, help="党员人数（默认1500）")
        parser.add_argument("--organisations", type=int, default=130, help="党组织数（默认130）")
        parser.add_argument("--seed", type=int, default=42, help="随机种子，相同种子生成相同数据")
        parser.add_argument(
            "--mix", choices=sorted(MIXES), default="soe", help="党员构成：soe 或 national"
        )
        parser.add_argument("--password", default=DEFAULT_PASSWORD, help="所有演示账号的密码")
        parser.add_argument("--if-empty", action="store_true", help="已有党组织时什么也不做")
        parser.add_argument(
            "--bulk", action="store_true", help="批量写入（不经服务层，适合大数据量）"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("生产模式不加载演示数据：演示账号的密码是公开的。")
        if Organization.objects.exists():
            if options["if_empty"]:
                self.stdout.write("数据库中已有党组织，跳过演示数据。")
                return
            raise CommandError(
                "数据库中已有党组织，演示数据只能加载到空数据库（或使用 --if-empty）。"
            )
        if options["members"] < 1 or options["organisations"] < 1:
            raise CommandError("--members 和 --organisations 至少为1")
        started = time.perf_counter()
        summary = load_demo(
            members=options["members"],
            organisations=options["organisations"],
            seed=options["seed"],
            mix=options["mix"],
            password=options["password"],
            bulk=True if options["bulk"] else None,
            progress=options["verbosity"] >= 1,
        )
        seconds = time.perf_counter() - started
        how = "批量写入" if summary.bulk else "经服务层写入"
        self.stdout.write(
            f"已加载 {summary.organisations} 个党组织、{summary.members} 名党员、"
            f"{summary.positions} 个职务（{how}，用时 {seconds:.1f} 秒）。"
        )
        self.print_logins(options["password"])

    def print_logins(self, password: str) -> None:
        self.stdout.write(f"演示账号（初始密码均为 {password}，首次登录须修改）：")
        for username, role, scope in demo_logins():
            self.stdout.write(f"  {username:<10} {role:<12} {scope}")
