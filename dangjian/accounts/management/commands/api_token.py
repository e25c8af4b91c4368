"""``dangjian api_token USERNAME --name NAME``: issue an API bearer token and print it once."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from dangjian.api.tokens import api_token_issue


class Command(BaseCommand):
    help = "为用户签发API令牌（只显示一次，系统只保存其SHA-256摘要）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="用户名")
        parser.add_argument("--name", required=True, help="令牌用途，如“数据同步”")

    def handle(self, *args: Any, **options: Any) -> None:
        username, name = options["username"], options["name"].strip()
        if not name:
            raise CommandError("请用 --name 说明令牌用途")
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"用户“{username}”不存在或已停用")
        token, value = api_token_issue(actor=None, user=user, name=name)
        until = (
            f"，有效期至{timezone.localtime(token.expires_at):%Y-%m-%d}" if token.expires_at else ""
        )
        self.stderr.write(
            f"已为“{username}”签发API令牌“{name}”{until}。令牌只显示这一次，请妥善保存："
        )
        self.stdout.write(value)
