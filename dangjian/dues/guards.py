"""Checks shared by the dues services: who may act, and which months are closed."""

from __future__ import annotations

from datetime import date

from dangjian.accounts.access import may_manage_dues, require
from dangjian.core.actor import Actor
from dangjian.core.errors import Conflict
from dangjian.dues.models import MonthClose
from dangjian.orgs.models import Organization
from dangjian.rules.dates import YearMonth

CLOSED_MESSAGE = "{org}{month}的党费台账已结账，不能直接修改；如需更正，请录入调整记录并说明原因"


def require_manager(actor: Actor, org: Organization) -> None:
    """Only someone who looks after ``org`` writes its dues. ``None`` is the system itself."""
    if actor is None:
        return
    require(may_manage_dues(actor, org), "无权管理该党组织的党费")


def is_closed(org_id: int, month: date) -> bool:
    return MonthClose.objects.filter(organization_id=org_id, month=month).exists()


def refuse_if_closed(org: Organization, month: date) -> None:
    if is_closed(org.pk, month):
        label = YearMonth.from_date(month).label
        raise Conflict(CLOSED_MESSAGE.format(org=org.name, month=label))
