"""The applicant's own login: a person in the process (not yet a member, so without a member
record to hang a login on) sees their own page on the phone through ``Applicant.user``.

As for members, the login itself is made by ``accounts.services.account_create`` (one-time
initial password, changed at first use); this links it to the person. The secretary who looks
after the person's branch may link it (``accounts.access.may_develop_in``).
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction

from dangjian.accounts.access import may_develop_in, require
from dangjian.accounts.models import RoleGrant
from dangjian.core.actor import Actor
from dangjian.core.audit import audit
from dangjian.core.errors import InvalidInput
from dangjian.core.models import Category
from dangjian.development.models import Applicant
from dangjian.development.selectors import access_applicant
from dangjian.development.services import NOT_YOUR_BRANCH


@transaction.atomic
def applicant_account_link(*, actor: Actor, applicant_id: int, user_id: int) -> Applicant:
    """Link login ``user_id`` to the person ``applicant_id`` (their own page, /development/me/).

    Raises ``Http404`` for a person outside ``actor``'s scope, ``PermissionDenied`` when
    ``actor`` may not record the branch's steps, ``InvalidInput`` on ``user_id`` for a missing
    login, one already linked to someone, or one holding a management role (a manager's
    account is not an applicant's), and on ``applicant_id`` when the person already has one.
    """
    access_applicant(actor, applicant_id)  # 404 outside the scope, before the lock
    applicant = (
        Applicant.objects.select_for_update().select_related("organization").get(pk=applicant_id)
    )
    if actor is not None:
        require(may_develop_in(actor, applicant.organization), NOT_YOUR_BRANCH)
    if applicant.user_id is not None:
        raise InvalidInput.one("applicant_id", f"{applicant.name}已有登录账户")
    user = _free_login(user_id)
    applicant.user = user
    applicant.save(update_fields=["user", "updated_at"])
    audit(actor=actor, action="development.account_link", obj=applicant,
          after={"user": user.pk, "username": user.username}, category=Category.SECURITY,
          detail=f"{applicant.name}的登录账户：{user.username}")  # fmt: skip
    return applicant


@transaction.atomic
def applicant_login_create(*, actor: Actor, applicant_id: int, username: str) -> tuple[User, str]:
    """A new login for the person, linked at once: returns it and its one-time initial
    password (to hand over, shown once; it must be changed at first login).

    Raises as ``account_create`` (``username`` taken or empty) and ``applicant_account_link``
    (scope, permission, ``applicant_id`` already linked); nothing is written on a refusal.
    """
    from dangjian.accounts.management.commands.account_create import initial_password
    from dangjian.accounts.services import account_create

    applicant = access_applicant(actor, applicant_id)
    if actor is not None:
        require(may_develop_in(actor, applicant.organization), NOT_YOUR_BRANCH)
    if applicant.user_id is not None:
        raise InvalidInput.one("applicant_id", f"{applicant.name}已有登录账户")
    password = initial_password()
    user = account_create(actor=actor, username=username, full_name=applicant.name,
                          password=password)  # fmt: skip
    applicant_account_link(actor=actor, applicant_id=applicant_id, user_id=user.pk)
    return user, password


def _free_login(user_id: int) -> User:
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        raise InvalidInput.one("user_id", "未找到该登录账户")
    if Applicant.objects.filter(user=user).exists():
        raise InvalidInput.one("user_id", f"登录账户“{user.username}”已关联其他人员")
    if user.is_superuser or RoleGrant.objects.filter(user=user).exists():
        raise InvalidInput.one(
            "user_id", f"登录账户“{user.username}”有管理角色，不能作为申请人账户"
        )
    return user
