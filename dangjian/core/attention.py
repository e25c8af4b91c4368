"""The home page's "needs attention" list, computed from scoped selectors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.urls import reverse

from dangjian.accounts.access import scope_for, visible_members
from dangjian.members.choices import Stage, Status
from dangjian.orgs.selectors import structure_report
from dangjian.rules.dates import add_months
from dangjian.rules.statistics import latest_accepted_for_probation_end


@dataclass(frozen=True)
class Attention:
    title: str
    count: int
    url: str
    rule: str
    severity: str  # "alert" when it is overdue or breaks a rule


def attention_items(user: Any, today: date) -> list[Attention]:
    scope = scope_for(user)
    if not scope.is_manager:
        return []
    members = visible_members(user).filter(status=Status.NORMAL)
    members_url = reverse("members:list")
    # Probation ends one year after the 支部大会 (DEV-15); show those ending within a month.
    due = members.filter(
        stage=Stage.PROBATIONARY,
        joined_on__lte=latest_accepted_for_probation_end(add_months(today, 1)),
    )
    items = [
        Attention("预备期将满或已满、待讨论转正的预备党员", due.count(), f"{members_url}?stage=probationary", "DEV-17", "alert"),
        Attention("失联党员", members.filter(lost_contact_since__isnull=False).count(), f"{members_url}?flag=lost_contact", "MEM-4", "alert"),
        Attention("流动党员", members.filter(is_floating=True).count(), f"{members_url}?flag=floating", "MEM-3", "info"),
        Attention("困难党员", members.filter(in_difficulty=True).count(), f"{members_url}?flag=difficulty", "DUES-7", "info"),
        Attention("组织设置不符合规定的党组织", len(structure_report(user)), reverse("orgs:structure"), "ORG-1~4", "alert"),
    ]  # fmt: skip
    return items
