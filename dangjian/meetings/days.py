"""The days a meeting may be on: not before its organisation was founded (nor, when that date
is not on file, before the Party was), not after it was dissolved, and planned at most
``settings.MEETING_PLAN_HORIZON_DAYS`` ahead (default 730, two years). Read by the service
that plans meetings, so the page, the API, the year plan and the demo refuse alike."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings

from dangjian.core import bounds
from dangjian.orgs.models import Organization
from dangjian.rules.dates import format_cn_date

# No Party meeting predates the Party (founded 1 July 1921): the floor when an organisation's
# founding date is not on file.
PARTY_FOUNDED = bounds.PARTY_FOUNDED


def plan_horizon_days() -> int:
    """How many days ahead of today a meeting may be planned (``MEETING_PLAN_HORIZON_DAYS``)."""
    return int(getattr(settings, "MEETING_PLAN_HORIZON_DAYS", 730))


def meeting_day_range(org: Organization, today: date) -> tuple[date, date]:
    """(earliest, latest) day a meeting of ``org`` may be held on, both inclusive."""
    earliest = max(bounds.DATE_MIN, PARTY_FOUNDED, org.founded_on or PARTY_FOUNDED)
    latest = min(bounds.DATE_MAX, today + timedelta(days=plan_horizon_days()))
    if org.dissolved_on is not None:
        latest = min(latest, org.dissolved_on)
    return earliest, latest


def meeting_day_error(org: Organization, day: date, today: date) -> str | None:
    """``None`` when ``day`` is in ``meeting_day_range``; else the Chinese reason with the range
    and why it ends there (founded, dissolved, the planning horizon)."""
    earliest, latest = meeting_day_range(org, today)
    if earliest <= day <= latest:
        return None
    why: list[str] = []
    if day < earliest and org.founded_on is not None and earliest == org.founded_on:
        why.append(f"{org.name}成立于{format_cn_date(org.founded_on)}")
    elif day < earliest:
        why.append(f"中国共产党成立于{format_cn_date(PARTY_FOUNDED)}")
    elif org.dissolved_on is not None and latest == org.dissolved_on:
        why.append(f"{org.name}已于{format_cn_date(org.dissolved_on)}撤销")
    else:
        why.append(f"会议最多提前{plan_horizon_days()}天安排")
    reason = f"（{'；'.join(why)}）" if why else ""
    return (
        f"会议日期应在{format_cn_date(earliest)}至{format_cn_date(latest)}之间{reason}，"
        f"实为{format_cn_date(day)}"
    )
