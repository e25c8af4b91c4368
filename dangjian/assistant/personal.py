"""The asker's own record: 我的党龄, 我这个月党费交了吗, 我的党费是多少, 我在哪个支部.

Each tool finds the asker's own member record through ``access_member`` and the dues pages'
``member_year``, the same scoped reads as the member's own pages: a question can only reach the
record linked to the account that asks it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from dangjian.accounts.access import access_member, scope_for
from dangjian.core.actor import Actor
from dangjian.members.models import Member
from dangjian.rules.dates import YearMonth, format_cn_date
from dangjian.rules.dues.money import format_yuan
from dangjian.rules.sources import readable_citations, rule_citation
from dangjian.rules.statistics import party_standing_years, probation_end


class NoOwnRecord(Exception):
    """The account is not linked to a member record."""


def own_member(user: Actor) -> Member:
    """The asker's own member record, through the scoped read of the member pages."""
    member_id = scope_for(user).own_member_id
    if member_id is None:
        raise NoOwnRecord("您的账号没有关联党员档案，无法查询本人信息；如有疑问请联系所在党支部")
    return access_member(user, member_id)


def standing_text(member: Member, on: date) -> str:
    """MEM-1: 党龄 in whole years from 转正时间; a probationary member has none yet."""
    source = f"（依据{rule_citation('MEM-1')}）"
    if member.confirmed_on is None:
        if member.joined_on is None:
            return "档案中没有您的入党时间和转正时间，无法计算党龄，请联系所在党支部核实。"
        end = format_cn_date(probation_end(member.joined_on))
        return (
            f"您目前是预备党员，入党时间{format_cn_date(member.joined_on)}，预备期至{end}；"
            f"党龄自转正之日起算{source}。"
        )
    years = party_standing_years(member.confirmed_on, on)
    return (
        f"您的转正时间为{format_cn_date(member.confirmed_on)}，截至{format_cn_date(on)}"
        f"党龄为{years}年（整年计算）{source}。"
    )


def organization_text(member: Member) -> str:
    from dangjian.orgs.models import Organization

    organization = member.organization
    parent = Organization.objects.get_parent(organization)
    above = f"，上级党组织为{parent.name}" if parent is not None else ""
    return f"您的组织关系在{organization.name}{above}。"


def dues_text(user: Actor, member: Member, month: YearMonth, detail: str) -> str:
    """The month's ledger row of the asker: due, paid, and (for "是多少") how it was computed."""
    from dangjian.dues.selectors import member_year

    year = member_year(user, member.pk, month.year)
    row = year.months[month.month - 1]
    entry = row.entry
    if entry is None:
        return (
            f"{month.label}的党费台账尚未生成，暂时查不到您这个月的应交金额；请稍后再查或询问支部。"
        )
    lines = (
        [readable_citations(line) for line in row.explanation.amount_lines]
        if row.explanation
        else []
    )
    if entry.due_total is None:
        return f"{month.label}尚未确定您的党费基数：" + "；".join(lines) + "。"
    due, paid = entry.due_total, entry.paid_total
    text = f"{month.label}您应交党费{format_yuan(due)}元，{_paid_state(entry, due, paid)}"
    if detail == "amount" and lines:
        text += "计算方法：" + "；".join(lines) + "。"
    return text


def _paid_state(entry: Any, due: Any, paid: Any) -> str:
    if not entry.owed:
        return "本月免交。"
    if entry.settled:
        on = f"（{format_cn_date(entry.paid_on)}）" if entry.paid_on else ""
        return f"已交{format_yuan(paid)}元{on}，已交清。"
    if paid > 0:
        return f"已交{format_yuan(paid)}元，还差{format_yuan(due - paid)}元。"
    return "尚未交纳。"
