"""``dangjian applicant_login APPLICANT_ID USERNAME``: a login for a person in the process, for
their own page on the phone; prints a one-time initial password, changed at first use."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.http import Http404
from django.utils import translation

from dangjian.accounts.management.commands.account_create import initial_password
from dangjian.accounts.services import account_create
from dangjian.core.errors import InvalidInput
from dangjian.development.account_services import applicant_account_link
from dangjian.development.models import Applicant


class Command(BaseCommand):
    help = (
        "为发展党员流程中的人员新建登录账户（查看本人入党进程）：打印一次性初始密码，首次登录须修改"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("applicant_id", type=int, help="人员编号（一人一档页面地址中的数字）")
        parser.add_argument("username", help="用户名")

    def handle(self, *args: Any, **options: Any) -> None:
        password = initial_password()
        applicant = Applicant.objects.filter(pk=options["applicant_id"]).first()
        if applicant is None:
            raise CommandError(f"未找到人员（编号{options['applicant_id']}）")
        try:
            with translation.override("zh-hans"), transaction.atomic():
                user = account_create(actor=None, username=options["username"],
                                      full_name=applicant.name, password=password)  # fmt: skip
                applicant_account_link(actor=None, applicant_id=applicant.pk, user_id=user.pk)
        except (InvalidInput, Http404) as exc:
            errors = exc.errors.values() if isinstance(exc, InvalidInput) else [[str(exc)]]
            raise CommandError("；".join(m for ms in errors for m in ms)) from exc
        self.stderr.write(
            f"已为{applicant.name}新建账户“{options['username']}”。初始密码只显示这一次，首次登录须修改："
        )
        self.stdout.write(password)
