"""The demo generator: realistic, rule-abiding, deterministic data and demo users for every role."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from dangjian.accounts.access import visible_members, visible_organizations
from dangjian.core.crypto import lookup_hash
from dangjian.demo import DEFAULT_PASSWORD, demo_logins, load_demo
from dangjian.demo.people import PersonSpec
from dangjian.demo.plan import DemoParams, DemoPlan
from dangjian.members.choices import Stage, Status
from dangjian.members.models import EventKind, Member, MemberEvent, MemberPeriod, Position
from dangjian.members.selectors import members_as_of
from dangjian.orgs.models import Organization
from dangjian.orgs.selectors import structure_report
from dangjian.rules.dates import add_years, age_on
from dangjian.rules.idcard import check_against, parse_id_number

SMALL = {"members": 200, "organisations": 20, "seed": 7}


def _people(**params: object) -> list[PersonSpec]:
    plan = DemoPlan(DemoParams(today=timezone.localdate(), **{**SMALL, **params}))  # type: ignore[arg-type]
    return [p for batch in plan.batches() for p in batch.people]


@pytest.fixture
def demo(db):
    return load_demo(**SMALL)


def test_loads_the_requested_size(demo):
    assert Organization.objects.count() == 20
    assert Member.objects.count() == 200
    assert Organization.objects.filter(depth=1).get().name == "国网铁岭供电公司党委"
    assert Organization.objects.filter(is_retirees_branch=True).exists()
    assert Organization.objects.filter(kind="joint_branch", unit_count__gte=2).exists()
    assert Organization.objects.filter(kind="group").exists()


def test_every_member_has_a_valid_identity_number(demo):
    """ID-1: the number is valid and agrees with the birth date and sex."""
    for member in Member.objects.all():
        number = parse_id_number(member.id_number)
        assert check_against(number, member.birth_date, member.gender) == []
        assert member.id_number_hash == lookup_hash(member.id_number)


def test_every_member_joined_at_18_and_was_confirmed_a_year_later(demo):
    """DEV-1: 18 on the day of joining; DEV-15/DEV-19: 转正 one year after joining."""
    today = timezone.localdate()
    for m in Member.objects.all():
        assert age_on(m.birth_date, m.joined_on) >= 18
        assert m.applied_on <= m.joined_on
        if m.stage == Stage.FULL:
            assert m.confirmed_on == add_years(m.joined_on, 1)
        else:
            assert m.confirmed_on is None and add_years(m.joined_on, 1) > today


def test_the_same_seed_gives_the_same_people(demo):
    first, second = _people(), _people()
    assert [(p.name, p.id_number, p.joined_on, p.org) for p in first] == [
        (p.name, p.id_number, p.joined_on, p.org) for p in second
    ]
    in_db = sorted(Member.objects.values_list("id_number_hash", flat=True))
    assert in_db == sorted(lookup_hash(p.id_number) for p in first)
    assert _people(seed=8)[0].id_number != first[0].id_number


def test_history_is_recorded_through_the_services(demo):
    moved = MemberPeriod.objects.filter(valid_to__isnull=False).values("member_id").distinct()
    assert moved.count() > 100  # confirmations, transfers, retirements
    assert MemberEvent.objects.filter(kind=EventKind.TRANSFERRED).exists()
    assert (
        MemberEvent.objects.filter(kind=EventKind.STAGE).count()
        == Member.objects.filter(stage=Stage.FULL).count()
    )
    retiree = Member.objects.filter(organization__is_retirees_branch=True)
    assert retiree.exists() and not retiree.exclude(dues_category="retired").exists()


def test_demo_users_have_the_right_scopes(demo):
    users = {u.username: u for u in User.objects.all()}
    assert {"admin", "zuzhibu", "zongzhi", "shuji1", "shuji2", "dangyuan1", "dangyuan2"} <= set(
        users
    )
    assert all(u.check_password(DEFAULT_PASSWORD) and u.first_name for u in users.values())
    shuji1, dangyuan1 = users["shuji1"], users["dangyuan1"]
    branch = shuji1.role_grants.get().organization
    seen = visible_members(shuji1)
    assert seen.exists()
    assert set(seen.values_list("organization_id", flat=True)) == {branch.pk}
    assert dangyuan1.member.organization_id == branch.pk
    assert list(visible_members(dangyuan1)) == [dangyuan1.member]
    assert visible_members(users["admin"]).count() == 200
    zongzhi_orgs = visible_organizations(users["zongzhi"])
    assert branch in zongzhi_orgs and zongzhi_orgs.count() < 20
    assert [row[0] for row in demo_logins()][:3] == ["admin", "zuzhibu", "zongzhi"]


def test_branches_that_break_org_rules_show_in_the_structure_report(demo):
    """ORG-1 (2 full members), ORG-2 (55 members), ORG-3 (8 full members, no committee)."""
    report = {
        org.name: {w.rule_id for w in warnings}
        for org, _, warnings in structure_report(User.objects.get(username="admin"))
    }
    assert "ORG-1" in report["后勤服务党支部"]
    assert "ORG-2" in report["营销服务中心党支部"]
    assert "ORG-3" in report["信息通信党支部"]
    assert not Position.objects.filter(organization__name="信息通信党支部").exists()


def test_committees_for_seven_or_more_full_members(demo):
    """ORG-3: a 支部委员会 of 3-5 where there are 7 or more full members, else a secretary."""
    for org, facts, _ in structure_report(User.objects.get(username="admin")):
        if facts.kind.is_branch and org.name != "信息通信党支部" and facts.full_members >= 7:
            assert 3 <= facts.committee_size <= 5


def test_if_empty_does_nothing_the_second_time(db):
    call_command("demo", "--members", "120", "--organisations", "15", "--if-empty", stdout=_Sink())
    before = (Organization.objects.count(), Member.objects.count(), User.objects.count())
    assert before[1] == 120
    call_command("demo", "--members", "120", "--organisations", "15", "--if-empty", stdout=_Sink())
    assert (Organization.objects.count(), Member.objects.count(), User.objects.count()) == before
    with pytest.raises(CommandError):
        call_command("demo", "--members", "120", "--organisations", "15", stdout=_Sink())


def _direct_membership(people: list[PersonSpec], day: date) -> set[str]:
    """Who was in good standing in the company on ``day``, read from the plan itself."""
    found = set()
    for p in people:
        suspended_or_gone = p.status_on is not None and p.status_on <= day
        if p.joined_on <= day and not suspended_or_gone:
            found.add(lookup_hash(p.id_number))
    return found


@pytest.mark.parametrize("bulk", [True, False])
def test_members_as_of_a_past_date_matches_the_history(db, bulk):
    load_demo(members=300, organisations=25, seed=3, bulk=bulk)
    people = _people(members=300, organisations=25, seed=3)
    admin = User.objects.get(username="admin")
    root = Organization.objects.get(depth=1)
    for years_ago in (0, 1, 3, 10):
        day = timezone.localdate() - timedelta(days=365 * years_ago + 17)
        got = set(members_as_of(admin, root, day).values_list("id_number_hash", flat=True))
        assert got == _direct_membership(people, day)
    assert MemberPeriod.objects.filter(valid_to__isnull=True).count() == 300


@pytest.mark.parametrize("bulk", [True, False])
def test_a_branch_as_of_a_past_date_follows_transfers(db, bulk):
    load_demo(members=300, organisations=25, seed=3, bulk=bulk)
    people = _people(members=300, organisations=25, seed=3)
    mover = next(p for p in people if p.moves and not p.moves[0].retire)
    before = mover.moves[0].on - timedelta(days=1)
    member = Member.objects.get(id_number_hash=lookup_hash(mover.id_number))
    first = Organization.objects.get(code=_code(mover.first_org, people))
    admin = User.objects.get(username="admin")
    assert members_as_of(admin, first, before).filter(pk=member.pk).exists()
    assert not members_as_of(admin, first, mover.moves[0].on).filter(pk=member.pk).exists()


def _code(key: str, people: list[PersonSpec]) -> str:
    plan = DemoPlan(DemoParams(today=timezone.localdate(), members=300, organisations=25, seed=3))
    return plan.orgs[key].code


def test_national_mix_has_farmers_and_more_retirees():
    soe = _people(members=400, organisations=25)
    national = _people(members=400, organisations=25, mix="national")
    assert sum(p.occupation == "farmer" for p in national) > sum(
        p.occupation == "farmer" for p in soe
    )
    assert sum(p.occupation == "retired" for p in national) > sum(
        p.occupation == "retired" for p in soe
    )
    assert all(p.status in Status.values for p in national)


class _Sink:
    def write(self, text: str) -> None:
        pass

    def flush(self) -> None:
        pass


def test_each_benchmark_case_and_its_hand_written_query_agree(db):
    """The ratios compare like with like: on generated data every selector returns what its
    baseline SQL returns (the list page, the counts, the as-of counts)."""
    from dangjian.demo.benchmark import all_cases, run_case

    load_demo(members=400, organisations=30, seed=5, bulk=True)
    results = [run_case(case, repeat=1) for case in all_cases(timezone.localdate())]
    assert len(results) == 6
    assert [r.name for r in results if not r.same_result] == []
    assert all(r.sql.startswith("SELECT") for r in results)
