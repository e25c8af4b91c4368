"""The register as of a date: who belongs, who should attend, who may vote, and why not.

MEET-1, DEV-12/13 (who is entitled), DEV-16 (probationary members have no vote), DISC-1 (no
vote under 留党察看), MEM-4 (停止党籍, 失联), MEET-10 (excusals with their record).
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangjian.discipline.inputs import SanctionInput
from dangjian.discipline.models import Kind
from dangjian.discipline.services import sanction_record
from dangjian.members.models import Member
from dangjian.members.register import Register, register_as_of
from dangjian.members.selectors import members_as_of
from dangjian.members.services import member_change, member_confirm
from tests.factories import make_member

ON = date(2024, 6, 1)


def _change(member: Member, on: date, reason: str = "变动", **changes: Any) -> None:
    member_change(actor=None, member_id=member.pk, changes=changes, effective_on=on, reason=reason,
                  transfer_accepted="organization_id" in changes)  # fmt: skip


def _probation_in_party(member: Member, decided_on: date, **extra: Any) -> None:
    data = SanctionInput(
        kind=Kind.PROBATION_IN_PARTY,
        decided_on=decided_on,
        deciding_org="测试公司纪委",
        reason="违反组织纪律",
        term_months=12,
        **extra,
    )
    sanction_record(actor=None, member_id=member.pk, data=data)


def _names(entries: Any) -> set[str]:
    return {e.name for e in entries}


@pytest.fixture
def branch(enterprise: SimpleNamespace, sysadmin: User) -> SimpleNamespace:
    """一支部 on 2024-06-01: one of each kind of person."""
    org = enterprise.branch_a
    people = SimpleNamespace(
        full=make_member(org, name="正式甲"),
        probationary=make_member(
            org, name="预备乙", stage="probationary", joined_on=date(2024, 1, 10), confirmed_on=None
        ),
        suspended=make_member(org, name="停籍丙"),
        lost=make_member(org, name="失联丁"),
        floating=make_member(org, name="流动戊"),
        sanctioned=make_member(org, name="察看己"),
        excused=make_member(org, name="病休庚"),
    )
    _change(people.suspended, date(2024, 3, 1), status="suspended")
    _change(people.lost, date(2024, 2, 1), lost_contact_since=date(2023, 8, 1))
    _change(people.floating, date(2023, 1, 1), is_floating=True, floating_to="深圳")
    _probation_in_party(people.sanctioned, date(2024, 1, 15))
    return people


def _register(user: User, enterprise: SimpleNamespace, on: date = ON, **kw: Any) -> Register:
    return register_as_of(user, enterprise.branch_a, on, **kw)


def test_each_person_counts_or_carries_the_reason(
    sysadmin: User, enterprise: SimpleNamespace, branch: SimpleNamespace
) -> None:
    register = _register(
        sysadmin, enterprise, excused={branch.excused.pk: "长期病休，经支委会同意"}
    )
    assert _names(register.entries) == {
        "正式甲",
        "预备乙",
        "停籍丙",
        "失联丁",
        "流动戊",
        "察看己",
        "病休庚",
    }
    assert _names(register.should_attend) == {"正式甲", "预备乙", "流动戊", "察看己"}
    assert _names(register.may_vote) == {"正式甲", "流动戊"}
    label = {e.name: (e.attendance_label, e.vote_label) for e in register.entries}
    assert label["正式甲"] == ("计入应到", "有表决权")
    assert label["预备乙"] == ("计入应到", "无表决权：预备党员（依据《中国共产党章程》第七条）")
    assert label["停籍丙"][0].startswith(
        "不计入应到：停止党籍（依据《中国共产党党员教育管理工作条例》第二十四条"
    )
    assert label["失联丁"][0].startswith("不计入应到：失联党员（自2023年8月1日起失联")
    assert label["察看己"][1].startswith(
        "无表决权：留党察看期间（2024年1月15日受留党察看处分，2025年1月15日恢复党员权利"
    )
    excused = "经批准不参加（长期病休，经支委会同意）"
    assert label["病休庚"] == (f"不计入应到：{excused}", f"无表决权：{excused}")
    floating = register.entry(branch.floating.pk)
    assert floating is not None and floating.notes == ("流动党员（外出至深圳）",)


def test_the_good_standing_part_is_members_as_of(
    sysadmin: User, enterprise: SimpleNamespace, branch: SimpleNamespace
) -> None:
    """One truth: those belonging in good standing are exactly the 历史党员名册's members."""
    register = _register(sysadmin, enterprise)
    normal = {e.member_id for e in register.entries if e.status == "normal"}
    assert normal == set(
        members_as_of(sysadmin, enterprise.branch_a, ON).values_list("pk", flat=True)
    )


def test_a_member_who_moved_belongs_where_they_were_that_day(
    sysadmin: User, enterprise: SimpleNamespace
) -> None:
    mover = make_member(enterprise.branch_a, name="调动")
    _change(mover, ON, organization_id=enterprise.branch_b.pk)
    before = register_as_of(sysadmin, enterprise.branch_a, date(2024, 5, 31))
    assert _names(before.may_vote) == {"调动"}
    assert _names(register_as_of(sysadmin, enterprise.branch_a, ON).entries) == set()
    after = register_as_of(sysadmin, enterprise.branch_b, ON)
    assert _names(after.may_vote) == {"调动"}
    # Over the 党总支, on both days, under the branch of that day.
    for day, branch in ((date(2024, 5, 31), "一支部"), (ON, "二支部")):
        entry = register_as_of(sysadmin, enterprise.general, day).entry(mover.pk)
        assert entry is not None and entry.organization_name == branch


def test_a_probationary_member_confirmed_on_the_day_votes_that_day(
    sysadmin: User, enterprise: SimpleNamespace
) -> None:
    """DEV-16, DEV-19: the confirmation date is the first day with a vote."""
    member = make_member(
        enterprise.branch_a, name="新转正", stage="probationary", joined_on=date(2023, 6, 1),
        confirmed_on=None,
    )  # fmt: skip
    member_confirm(actor=None, member_id=member.pk, confirmed_on=ON, reason="预备期满转正")
    day_before = _register(sysadmin, enterprise, date(2024, 5, 31))
    assert _names(day_before.should_attend) == {"新转正"} and not day_before.may_vote
    assert _names(_register(sysadmin, enterprise, ON).may_vote) == {"新转正"}


def test_probation_in_party_ending_the_day_before_gives_the_vote_back(
    sysadmin: User, enterprise: SimpleNamespace
) -> None:
    """DISC-1: a one-year 留党察看 of 2023-06-01 ends with 2024-05-31; 2024-06-01 has the vote."""
    member = make_member(enterprise.branch_a, name="察看期满")
    _probation_in_party(member, date(2023, 6, 1))
    assert not _register(sysadmin, enterprise, date(2024, 5, 31)).may_vote
    assert _names(_register(sysadmin, enterprise, ON).may_vote) == {"察看期满"}


def test_a_later_restoration_keeps_the_vote_away_until_then(
    sysadmin: User, enterprise: SimpleNamespace
) -> None:
    member = make_member(enterprise.branch_a, name="晚恢复")
    _probation_in_party(member, date(2023, 6, 1), restored_on=date(2024, 6, 10))
    assert not _register(sysadmin, enterprise, ON).may_vote
    assert _names(_register(sysadmin, enterprise, date(2024, 6, 10)).may_vote) == {"晚恢复"}


def test_flags_are_read_as_they_stood_that_day(sysadmin: User, enterprise: SimpleNamespace) -> None:
    """Lost contact recorded on 2024-07-01 does not reach back to a meeting of 2024-06-01."""
    member = make_member(enterprise.branch_a, name="后失联")
    _change(member, date(2024, 7, 1), lost_contact_since=date(2024, 1, 1))
    assert _names(_register(sysadmin, enterprise, ON).should_attend) == {"后失联"}
    assert not _register(sysadmin, enterprise, date(2024, 7, 1)).should_attend


def test_an_expelled_member_is_not_counted(sysadmin: User, enterprise: SimpleNamespace) -> None:
    member = make_member(enterprise.branch_a, name="开除")
    data = SanctionInput(
        kind=Kind.EXPULSION, decided_on=date(2024, 5, 20), deciding_org="县纪委", reason="严重违纪"
    )
    sanction_record(actor=None, member_id=member.pk, data=data)
    entry = _register(sysadmin, enterprise).entry(member.pk)
    assert entry is not None and entry.attendance_label.startswith("不计入应到：开除党籍")
    assert _register(sysadmin, enterprise, date(2024, 5, 19)).may_vote


def test_the_register_is_scoped_to_the_asker(
    secretary_a: User, secretary_b: User, enterprise: SimpleNamespace, branch: SimpleNamespace
) -> None:
    assert len(_register(secretary_a, enterprise).entries) == 7
    assert _register(secretary_b, enterprise).entries == ()


def test_the_number_of_queries_does_not_grow_with_the_people(
    sysadmin: User, enterprise: SimpleNamespace
) -> None:
    make_member(enterprise.branch_a)
    _register(sysadmin, enterprise)  # the scope is built and cached on the user
    with CaptureQueriesContext(connection) as few:
        _register(sysadmin, enterprise)
    for n in range(5):
        member = make_member(enterprise.branch_a)
        _change(member, date(2024, 1, n + 1), is_floating=True, floating_to="上海")
        _probation_in_party(member, date(2024, 2, n + 1))
    with CaptureQueriesContext(connection) as many:
        register = _register(sysadmin, enterprise)
    assert len(register.entries) == 6 and len(many) == len(few)
