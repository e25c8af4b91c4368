"""A past day's screen reads each member's attributes as the archive held them that day
(STAT-1..3: figures of a day are the history of that day): an edit of education and
occupation today changes today's figures and lists, never a past day's; a back-dated
correction counts from its effective date."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db.models import Count, Q
from django.utils import timezone

from dangjian.members.attributes_on import aggregate_on, attributes_on
from dangjian.members.choices import Education, Occupation
from dangjian.members.inputs import member_input_of
from dangjian.members.models import Member, MemberPeriod
from dangjian.members.services import member_change, member_update
from dangjian.screen.frames import Frame
from dangjian.screen.selectors import drill_list, screen_data, screen_frame
from dangjian.screen.slices import DAY_FIELDS, EDUCATION, OCCUPATION
from tests.factories import make_member


@pytest.fixture
def pair(enterprise: SimpleNamespace) -> tuple[Member, Member]:
    """一支部: 甲 (大学本科, 管理人员) and 乙 (研究生, 专业技术人员), members since 2010."""
    first = make_member(enterprise.branch_a, name="甲", education="bachelor", occupation="manager")
    second = make_member(enterprise.branch_a, name="乙", education="postgraduate",
                         occupation="professional")  # fmt: skip
    return first, second


def edit_today(member: Member, **changes: Any) -> None:
    """The archive's edit (PATCH /api/members/{id}): an 信息修改 event effective today."""
    member.refresh_from_db()
    data = replace(member_input_of(member), **changes)
    member_update(actor=None, member_id=member.pk, data=data, reason="档案更正")


def _figures(frame: Frame, panel: str) -> dict[str, int]:
    [found] = [p for p in screen_data(frame).panels if p.code == panel]
    return {b.key: b.count for b in found.bars if b.count}


def _names(frame: Frame, panel: str, key: str) -> list[str]:
    return sorted(r.name for r in drill_list(frame, panel, key).rows)


def test_an_edit_today_leaves_a_past_day_as_it_was(
    pair: tuple[Member, Member], secretary_a: User
) -> None:
    today = timezone.localdate()
    past = screen_frame(secretary_a, None, date(today.year - 1, 12, 31))
    edit_today(pair[0], education="postgraduate", occupation="professional")
    assert _figures(past, "education") == {"postgraduate": 1, "bachelor": 1}
    assert _figures(past, "occupation") == {"manager": 1, "professional": 1}
    assert _names(past, "education", "bachelor") == ["甲"]
    assert _names(past, "education", "postgraduate") == ["乙"]
    assert _names(past, "occupation", "manager") == ["甲"]
    now = screen_frame(secretary_a, None, today)
    assert _figures(now, "education") == {"postgraduate": 2}
    assert _figures(now, "occupation") == {"professional": 2}
    assert _names(now, "education", "postgraduate") == ["乙", "甲"]
    assert _names(now, "education", "bachelor") == []


def test_a_back_dated_correction_counts_from_its_date(
    pair: tuple[Member, Member], secretary_a: User
) -> None:
    """乙's 学历 corrected to 大学专科 as of 30 June last year: the year-end counts it so, a
    day before the correction still reads 研究生; a later edit today does not disturb either."""
    year = timezone.localdate().year - 1
    member_change(actor=None, member_id=pair[1].pk, changes={"education": "college"},
                  effective_on=date(year, 6, 30), reason="学历认定更正")  # fmt: skip
    edit_today(pair[1], education="bachelor")
    before = screen_frame(secretary_a, None, date(year, 6, 29))
    after = screen_frame(secretary_a, None, date(year, 12, 31))
    assert _figures(before, "education") == {"postgraduate": 1, "bachelor": 1}
    assert _figures(after, "education") == {"college": 1, "bachelor": 1}
    assert _names(after, "education", "college") == ["乙"]


def test_the_split_count_equals_one_aggregate_over_the_history(
    pair: tuple[Member, Member], enterprise: SimpleNamespace
) -> None:
    """``aggregate_on`` counts the members no later event changed by today's columns and the
    others through the history: the figures of one aggregate over ``attributes_on``."""
    first, _second = pair
    make_member(enterprise.branch_a, name="丙", education="bachelor", occupation="worker")
    edit_today(first, education="postgraduate", occupation="worker")
    yesterday = timezone.localdate() - timedelta(days=1)
    members = Member.objects.filter(organization=enterprise.branch_a)
    counts = {
        **{f"e_{c}": Count("pk", filter=Q(**{EDUCATION: c})) for c in Education.values},
        **{f"o_{c}": Count("pk", filter=Q(**{OCCUPATION: c})) for c in Occupation.values},
        "all": Count("pk"),
    }
    split = aggregate_on(members, yesterday, DAY_FIELDS, counts)
    whole = members.alias(**attributes_on(yesterday, DAY_FIELDS)).aggregate(**counts)
    assert split == whole
    assert (split["e_bachelor"], split["e_postgraduate"], split["o_worker"]) == (2, 1, 1)
    today = aggregate_on(members, timezone.localdate(), DAY_FIELDS, counts)
    assert (today["e_bachelor"], today["e_postgraduate"], today["o_worker"]) == (1, 2, 2)


def test_the_split_count_reads_through_a_prefix_and_refuses_a_distinct_count(
    pair: tuple[Member, Member], enterprise: SimpleNamespace
) -> None:
    """The same split over membership periods (``prefix="member__"``), with a condition on
    the period beside the member's field of the day; a distinct count could fall in both
    parts and is refused."""
    first, _second = pair
    edit_today(first, education="postgraduate")
    yesterday = timezone.localdate() - timedelta(days=1)
    periods = MemberPeriod.objects.filter(member__organization=enterprise.branch_a)
    counts = {
        "full_bachelor": Count("pk", filter=Q(stage="full", **{EDUCATION: "bachelor"})),
        "postgraduate": Count("pk", filter=Q(**{EDUCATION: "postgraduate"})),
    }
    split = aggregate_on(periods, yesterday, DAY_FIELDS, counts, prefix="member__")
    then = attributes_on(yesterday, DAY_FIELDS, prefix="member__")
    assert split == periods.alias(**then).aggregate(**counts)
    assert split["postgraduate"] >= 1 and split["full_bachelor"] >= 1
    with pytest.raises(ValueError, match="distinct"):
        aggregate_on(periods, yesterday, DAY_FIELDS, {"n": Count("member", distinct=True)})
