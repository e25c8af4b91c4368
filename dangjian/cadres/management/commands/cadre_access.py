"""``dangjian cadre_access USER --by SECURITY_ADMIN [--revoke]``: grant (or revoke) the cadre
permission on every system or organisation administrator role USER holds. The security
administrator named by ``--by`` is the actor (三员分立: nobody else may)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from dangjian.accounts.models import Role, RoleGrant
from dangjian.cadres.services import cadre_access_grant, cadre_access_revoke
from dangjian.core.errors import InvalidInput


class Command(BaseCommand):
    help = "授予或撤销某用户（系统管理员或组织管理员角色）的干部信息查看权限，须由安全管理员执行。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--by", required=True, help="执行授权的安全管理员用户名")
        parser.add_argument("--revoke", action="store_true", help="撤销权限")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = User.objects.filter(username=options["by"]).first()
        if actor is None:
            raise CommandError(f"没有用户“{options['by']}”")
        grants = list(RoleGrant.objects.filter(
            user__username=options["username"], role__in=[Role.SYSTEM_ADMIN, Role.ORG_ADMIN]))  # fmt: skip
        if not grants:
            raise CommandError(f"用户“{options['username']}”没有系统管理员或组织管理员角色")
        try:
            for grant in grants:
                if options["revoke"]:
                    cadre_access_revoke(actor=actor, grant=grant)
                else:
                    cadre_access_grant(actor=actor, grant=grant)
        except (PermissionDenied, InvalidInput) as exc:
            raise CommandError(str(exc)) from None
        done = "已撤销" if options["revoke"] else "已授予"
        self.stdout.write(f"{done}{options['username']}的干部信息查看权限（{len(grants)}个角色）")
