"""``dangjian account_create USERNAME --name 姓名``: a new login with a one-time initial password."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from dangjian.accounts.services import account_create
from dangjian.core.errors import InvalidInput

# Three classes guaranteed, then random letters and digits: passes the password rules.
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"


def initial_password() -> str:
    """A random 14-character password with upper, lower, digit and a symbol."""
    body = "".join(secrets.choice(_ALPHABET) for _ in range(10))
    return f"{secrets.choice('ABCDEFGHJKLMNPQRSTUVWXYZ')}{body}{secrets.randbelow(10)}-{secrets.choice('abcdefghijkmnpqrstuvwxyz')}"


class Command(BaseCommand):
    help = "新建登录账户：打印一次性初始密码，首次登录须修改（角色由安全管理员授予）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="用户名")
        parser.add_argument("--name", required=True, help="姓名")

    def handle(self, *args: Any, **options: Any) -> None:
        password = initial_password()
        try:
            with translation.override("zh-hans"):
                account_create(
                    actor=None, username=options["username"], full_name=options["name"],
                    password=password,
                )  # fmt: skip
        except InvalidInput as exc:
            raise CommandError("；".join(m for ms in exc.errors.values() for m in ms)) from exc
        self.stderr.write(
            f"已新建账户“{options['username']}”。初始密码只显示这一次，首次登录须修改："
        )
        self.stdout.write(password)
