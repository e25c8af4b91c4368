"""Who may be named on a meeting or its items (主持人, 记录人, 整改责任人): a member of the
branch's register on the day in question, in good standing that day (not under 停止党籍, not
transferred out, not yet joined), the check the 谈心谈话 form makes of its two parties. The
services call it, so the page and the API refuse alike."""

from __future__ import annotations

from datetime import date

from dangjian.meetings.selectors import branch_of
from dangjian.members.register import branch_register_as_of
from dangjian.orgs.models import Organization
from dangjian.rules.dates import format_cn_date


def standing_error(org: Organization, day: date, member_id: int, role: str) -> str | None:
    """``None`` when ``member_id`` is on the register of ``org``'s branch on ``day`` in good
    standing; else the Chinese reason naming the role, the person where known, and the day
    (e.g. "记录人张三在2026年10月9日不是本支部正常在籍的党员（停止党籍）")."""
    entry = branch_register_as_of(branch_of(org), day).entry(member_id)
    when = format_cn_date(day)
    if entry is None:
        return f"{role}不是{when}本支部的党员"
    if not entry.should_attend:
        reason = entry.absent_reason.text if entry.absent_reason else ""
        return f"{role}{entry.name}在{when}不是本支部正常在籍的党员" + (
            f"（{reason}）" if reason else ""
        )
    return None
