"""The days a transfer may carry (MEM-2): every door that dates one (a transfer started or
accepted, a 介绍信 issued, a historic transfer recorded) asks here, so none dates a move
before the member was a member or before the archive's last recorded change.

A move dated before the start of the member's last period would have to rewrite periods the
registers of those days already count (an 入党, a confirmation, an earlier transfer); a move
before the 入党时间 is a move of someone who was not yet a member.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Max

from dangjian.core.errors import InvalidInput
from dangjian.members.models import Member, MemberPeriod
from dangjian.rules.dates import format_cn_date


def last_period_start(member: Member) -> date | None:
    """The first day of the member's latest membership period, ``None`` without any."""
    found: date | None = MemberPeriod.objects.filter(member=member).aggregate(on=Max("valid_from"))[
        "on"
    ]
    return found


def check_transfer_day(member: Member, day: date, *, field: str, label: str) -> None:
    """``day`` (named ``label`` to the reader, e.g. "接收日期") is not before the member's
    入党时间 nor before the start of their last period. ``InvalidInput`` on ``field``, naming
    the last change first: usually the later of the two, the one the reader must move past."""
    since = last_period_start(member)
    if since is not None and day < since:
        raise InvalidInput.one(
            field,
            f"{label}不能早于{member.name}档案上一次变动的生效日期{format_cn_date(since)}",
        )
    if member.joined_on is not None and day < member.joined_on:
        raise InvalidInput.one(
            field, f"{label}不能早于{member.name}的入党时间{format_cn_date(member.joined_on)}"
        )
