"""``dangjian applicant_login APPLICANT_ID USERNAME``: a login for a person in the process, for
their own page on the phone; prints a one-time initial password, changed at first use."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404
from django.utils import translation

from dangjian.core.errors import InvalidInput
from dangjian.development.account_services import applicant_login_create


class Command(BaseCommand):
    help = (
        "为发展党员流程中的人员新建登录账户（查看本人入党进程）：打印一次性初始密码，首次登录须修改"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("applicant_id", type=int, help="人员编号（一人一档页面地址中的数字）")
        parser.add_argument("username", help="用户名")

    def handle(self, *args: Any, **options: Any) -> None:
        applicant_id, username = options["applicant_id"], options["username"]
        try:
            with translation.override("zh-hans"):
                user, password = applicant_login_create(
                    actor=None, applicant_id=applicant_id, username=username
                )
        except InvalidInput as exc:
            raise CommandError("；".join(m for ms in exc.errors.values() for m in ms)) from exc
        except Http404:
            raise CommandError(f"未找到人员（编号{applicant_id}）") from None
        self.stderr.write(
            f"已为{user.first_name}新建账户“{username}”。初始密码只显示这一次，首次登录须修改："
        )
        self.stdout.write(password)
