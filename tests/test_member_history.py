"""Effective-dated history: events, periods, and as-of queries (DESIGN: storage)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User

from dangjian.core.errors import InvalidInput
from dangjian.members.models import EventKind, Member, MemberPeriod
from dangjian.members.selectors import (
    count_members_as_of,
    member_as_of,
    member_rows_as_of,
    members_as_of,
)
from dangjian.members.services import member_change, member_confirm
from dangjian.orgs.models import Organization
from tests.factories import make_member


def _transfer(member: Member, org: Organization, on: date, actor: User | None = None) -> Member:
    return member_change(
        actor=actor,
        member_id=member.pk,
        changes={"organization_id": org.pk},
        effective_on=on,
        reason="工作调动",
        transfer_accepted=True,
    )


def test_transfer_records_event_and_closes_period(
    enterprise: SimpleNamespace, member_a: Member, sysadmin: User
) -> None:
    _transfer(member_a, enterprise.branch_b, date(2020, 5, 1), sysadmin)
    event = member_a.events.get(kind=EventKind.TRANSFERRED)
    assert event.effective_on == date(2020, 5, 1)
    assert event.actor == sysadmin and event.reason == "工作调动"
    assert event.changes["organization_id"] == [enterprise.branch_a.pk, enterprise.branch_b.pk]
    periods = list(MemberPeriod.objects.filter(member=member_a).order_by("valid_from"))
    assert [(p.organization_id, p.valid_from, p.valid_to) for p in periods] == [
        (enterprise.branch_a.pk, date(2010, 7, 1), date(2020, 5, 1)),
        (enterprise.branch_b.pk, date(2020, 5, 1), None),
    ]


def test_member_as_of_undoes_later_events(enterprise: SimpleNamespace, member_a: Member) -> None:
    _transfer(member_a, enterprise.branch_b, date(2020, 5, 1))
    member_change(
        actor=None,
        member_id=member_a.pk,
        changes={"is_floating": True, "floating_to": "上海"},
        effective_on=date(2022, 1, 1),
        reason="外出务工",
    )
    member_a.refresh_from_db()
    then = member_as_of(member_a, date(2019, 12, 31))
    assert then is not None
    assert (
        then.organization_id == enterprise.branch_a.pk and then.organization == enterprise.branch_a
    )
    assert then.is_floating is False
    middle = member_as_of(member_a, date(2021, 6, 1))
    assert middle is not None
    assert middle.organization_id == enterprise.branch_b.pk and middle.is_floating is False
    later = member_as_of(member_a, date(2022, 1, 1))
    assert later is not None and later.is_floating is True
    assert member_as_of(member_a, date(2009, 1, 1)) is None  # before joining


def test_members_of_subtree_as_of_date(
    enterprise: SimpleNamespace, member_a: Member, member_b: Member, sysadmin: User
) -> None:
    _transfer(member_a, enterprise.branch_c, date(2020, 5, 1))
    late = make_member(
        enterprise.branch_b, joined_on=date(2023, 3, 1), confirmed_on=date(2024, 3, 1)
    )
    general = enterprise.general
    assert set(members_as_of(sysadmin, general, date(2020, 4, 30))) == {member_a, member_b}
    assert set(members_as_of(sysadmin, general, date(2020, 5, 1))) == {member_b}
    assert set(members_as_of(sysadmin, general, date(2024, 1, 1))) == {member_b, late}
    assert set(members_as_of(sysadmin, enterprise.branch_c, date(2021, 1, 1))) == {member_a}


def test_as_of_is_scoped(
    enterprise: SimpleNamespace, member_a: Member, member_b: Member, secretary_a: User
) -> None:
    assert set(members_as_of(secretary_a, enterprise.general, date(2015, 1, 1))) == {member_a}


def test_suspension_leaves_membership_count_on_that_day(
    enterprise: SimpleNamespace, member_a: Member, sysadmin: User
) -> None:
    member_change(
        actor=None,
        member_id=member_a.pk,
        changes={"status": "suspended"},
        effective_on=date(2021, 3, 1),
        reason="失联超过6个月（MEM-4）",
    )
    assert member_a in members_as_of(sysadmin, enterprise.root, date(2021, 2, 28))
    assert member_a not in members_as_of(sysadmin, enterprise.root, date(2021, 3, 1))


def test_change_dated_before_last_change_is_refused(
    enterprise: SimpleNamespace, member_a: Member
) -> None:
    _transfer(member_a, enterprise.branch_b, date(2020, 5, 1))
    with pytest.raises(InvalidInput) as err:
        _transfer(member_a, enterprise.branch_c, date(2019, 1, 1))
    assert "生效日期" in err.value.errors["effective_on"][0]


def test_change_needs_a_reason(enterprise: SimpleNamespace, member_a: Member) -> None:
    with pytest.raises(InvalidInput) as err:
        member_change(
            actor=None,
            member_id=member_a.pk,
            changes={"status": "suspended"},
            effective_on=date(2021, 3, 1),
            reason=" ",
        )
    assert "reason" in err.value.errors


def test_final_status_cannot_change(enterprise: SimpleNamespace, member_a: Member) -> None:
    member_change(
        actor=None,
        member_id=member_a.pk,
        changes={"status": "deceased"},
        effective_on=date(2023, 3, 1),
        reason="病故",
    )
    with pytest.raises(InvalidInput) as err:
        member_change(
            actor=None,
            member_id=member_a.pk,
            changes={"status": "normal"},
            effective_on=date(2023, 4, 1),
            reason="误操作",
        )
    assert "不能从“已去世”变为“正常”" in err.value.errors["status"][0]


def test_confirmation_records_stage_event(enterprise: SimpleNamespace) -> None:
    member = make_member(
        enterprise.branch_a, stage="probationary", joined_on=date(2023, 9, 20), confirmed_on=None
    )
    member_confirm(
        actor=None, member_id=member.pk, confirmed_on=date(2024, 9, 20), reason="支部大会讨论通过"
    )
    member.refresh_from_db()
    assert member.stage == "full" and member.confirmed_on == date(2024, 9, 20)
    assert member.events.filter(kind=EventKind.STAGE).count() == 1
    before = member_as_of(member, date(2024, 9, 19))
    assert before is not None and before.stage == "probationary"


def test_confirmation_before_probation_ends_is_refused(enterprise: SimpleNamespace) -> None:
    """DEV-15/DEV-19: probation is one year from the 支部大会; confirmation is never before."""
    member = make_member(
        enterprise.branch_a, stage="probationary", joined_on=date(2023, 9, 20), confirmed_on=None
    )
    with pytest.raises(InvalidInput) as err:
        member_confirm(
            actor=None, member_id=member.pk, confirmed_on=date(2024, 9, 19), reason="提前"
        )
    assert "《中国共产党发展党员工作细则》第三十一条" in err.value.errors["confirmed_on"][0]


def test_age_and_party_years_are_derived_not_stored(
    enterprise: SimpleNamespace, member_a: Member
) -> None:
    from dangjian.members.models import Member

    names = {f.name for f in Member._meta.get_fields()}
    assert "age" not in names and "party_years" not in names


def test_as_of_uses_the_tree_of_that_date(
    enterprise: SimpleNamespace,
    member_a: Member,
    member_b: Member,
    member_c: Member,
    sysadmin: User,
) -> None:
    """三支部 moved under the 党总支 on 2023-03-01: counts before that date leave it out,
    and 一支部, moved out to the 党委 on the same day, still counts for the 党总支 before it."""
    from dangjian.orgs.services import org_move

    general = enterprise.general
    org_move(actor=sysadmin, org_id=enterprise.branch_c.pk, new_parent_id=general.pk,
             effective_on=date(2023, 3, 1))  # fmt: skip
    org_move(actor=sysadmin, org_id=enterprise.branch_a.pk, new_parent_id=enterprise.root.pk,
             effective_on=date(2023, 3, 1))  # fmt: skip
    assert set(members_as_of(sysadmin, general, date(2023, 2, 28))) == {member_a, member_b}
    assert set(members_as_of(sysadmin, general, date(2023, 3, 1))) == {member_b, member_c}
    assert set(members_as_of(sysadmin, enterprise.root, date(2023, 2, 28))) == {
        member_a, member_b, member_c,
    }  # fmt: skip
    # A branch asked about by itself is the same branch whatever its parent was.
    assert set(members_as_of(sysadmin, enterprise.branch_c, date(2020, 1, 1))) == {member_c}


def test_as_of_counts_agree_with_the_members_for_every_scope(
    enterprise: SimpleNamespace,
    member_a: Member,
    member_b: Member,
    member_c: Member,
    sysadmin: User,
    org_admin_general: User,
    secretary_a: User,
) -> None:
    """A whole-archive scope counts periods alone; narrower scopes count through the members.
    Both must give what the member list gives, across moves, transfers and a suspension."""
    from dangjian.orgs.services import org_move

    org_move(actor=sysadmin, org_id=enterprise.branch_c.pk, new_parent_id=enterprise.general.pk,
             effective_on=date(2023, 3, 1))  # fmt: skip
    _transfer(member_b, enterprise.branch_c, date(2022, 6, 1), sysadmin)
    member_change(actor=None, member_id=member_a.pk, changes={"status": "suspended"},
                  effective_on=date(2024, 3, 1), reason="失联超过6个月（MEM-4）")  # fmt: skip
    orgs = [enterprise.root, enterprise.general, enterprise.branch_b, enterprise.branch_c]
    days = [date(2015, 1, 1), date(2022, 6, 1), date(2023, 2, 28), date(2023, 3, 1),
            date(2024, 3, 1)]  # fmt: skip
    seen = set()
    for user in (sysadmin, org_admin_general, secretary_a):
        for org in orgs:
            for day in days:
                expected = len(set(members_as_of(user, org, day)))
                assert count_members_as_of(user, org, day) == expected, (user, org, day)
                seen.add(expected)
    assert len(seen) > 2  # the cases differ, so the comparison means something


def test_as_of_rows_name_the_organisation_of_that_day(
    enterprise: SimpleNamespace, member_a: Member, member_b: Member, sysadmin: User
) -> None:
    _transfer(member_a, enterprise.branch_b, date(2020, 5, 1), sysadmin)
    before = {m.name: m for m in member_rows_as_of(sysadmin, enterprise.general, date(2019, 1, 1))}
    assert before["张三"].organization_then == "一支部"
    assert before["张三"].organization_name == "二支部"  # where the member is now
    after = member_rows_as_of(sysadmin, enterprise.general, date(2021, 1, 1))
    assert [m.organization_then for m in after] == ["二支部", "二支部"]


def test_a_subtree_moved_twice_keeps_each_step(
    enterprise: SimpleNamespace, member_a: Member, sysadmin: User
) -> None:
    from dangjian.orgs.models import OrganizationPath
    from dangjian.orgs.services import org_move

    branch_a, general, root = enterprise.branch_a, enterprise.general, enterprise.root
    org_move(actor=sysadmin, org_id=branch_a.pk, new_parent_id=root.pk,
             effective_on=date(2022, 1, 1))  # fmt: skip
    org_move(actor=sysadmin, org_id=branch_a.pk, new_parent_id=general.pk,
             effective_on=date(2024, 1, 1))  # fmt: skip
    rows = OrganizationPath.objects.filter(organization=branch_a).order_by("id")
    assert [(r.valid_from, r.valid_to) for r in rows] == [
        (None, date(2022, 1, 1)), (date(2022, 1, 1), date(2024, 1, 1)), (date(2024, 1, 1), None),
    ]  # fmt: skip
    # 党小组 inside the branch moved with it, step by step.
    assert OrganizationPath.objects.filter(organization=enterprise.group_a).count() == 3
    assert member_a not in members_as_of(sysadmin, general, date(2023, 6, 1))
    assert member_a in members_as_of(sysadmin, general, date(2021, 6, 1))
    assert member_a in members_as_of(sysadmin, general, date(2024, 6, 1))


def test_a_move_cannot_be_dated_before_the_last_one_or_after_today(
    enterprise: SimpleNamespace, sysadmin: User
) -> None:
    from dangjian.orgs.services import org_move

    org_move(actor=sysadmin, org_id=enterprise.branch_a.pk, new_parent_id=enterprise.root.pk,
             effective_on=date(2024, 1, 1))  # fmt: skip
    with pytest.raises(InvalidInput) as backdated:
        org_move(actor=sysadmin, org_id=enterprise.branch_a.pk,
                 new_parent_id=enterprise.general.pk, effective_on=date(2023, 12, 31))  # fmt: skip
    assert "2024-01-01" in backdated.value.errors["effective_on"][0]
    with pytest.raises(InvalidInput) as future:
        org_move(actor=sysadmin, org_id=enterprise.branch_a.pk,
                 new_parent_id=enterprise.general.pk, effective_on=date(2099, 1, 1))  # fmt: skip
    assert "晚于今天" in future.value.errors["effective_on"][0]


def test_as_of_rows_show_the_name_and_stage_of_that_day(
    enterprise: SimpleNamespace, sysadmin: User
) -> None:
    """A member renamed since, and confirmed since, is listed for a past day under the name
    and as the 预备党员 they were then; today's list shows today's."""
    member = make_member(enterprise.branch_a, name="王小", stage="probationary",
                         joined_on=date(2024, 6, 1), confirmed_on=None)  # fmt: skip
    member_confirm(actor=None, member_id=member.pk, confirmed_on=date(2025, 6, 1), reason="转正")
    member_change(actor=None, member_id=member.pk, changes={"name": "王晓"},
                  effective_on=date(2025, 9, 1), reason="更名")  # fmt: skip
    [then] = member_rows_as_of(sysadmin, enterprise.branch_a, date(2025, 1, 1))
    assert (then.name, then.stage) == ("王小", "probationary")
    [now] = member_rows_as_of(sysadmin, enterprise.branch_a, date(2025, 10, 1))
    assert (now.name, now.stage) == ("王晓", "full")
