"""The demo generator: realistic, rule-abiding, deterministic data and demo users for every role."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import fields, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, cast

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from pytest_django import DjangoDbBlocker

from dangjian.accounts.access import visible_members, visible_organizations
from dangjian.core.crypto import lookup_hash
from dangjian.demo import DEFAULT_PASSWORD, DemoSummary, demo_logins, load_demo
from dangjian.demo.people import PersonSpec
from dangjian.demo.plan import DemoParams, DemoPlan
from dangjian.development.models import DevelopmentStep
from dangjian.dues.arrears import arrears_cases, dues_attention, last_complete_month
from dangjian.dues.models import DuesBase, LedgerEntry, PayrollEntry, Reduction
from dangjian.dues.policy import current_settings
from dangjian.dynamics.standing_selectors import suspension_proposals
from dangjian.members.choices import Stage, Status
from dangjian.members.consistency import record_notices
from dangjian.members.inputs import MemberInput
from dangjian.members.models import EventKind, Member, MemberEvent, MemberPeriod, Position
from dangjian.members.selectors import members_as_of
from dangjian.members.validation import check_member_fields
from dangjian.orgs.models import Organization
from dangjian.orgs.selectors import structure_report
from dangjian.rules.dates import YearMonth, add_years, age_on
from dangjian.rules.dues import DuesCategory as RuleCategory
from dangjian.rules.dues import compute_dues
from dangjian.rules.idcard import check_against, parse_id_number
from dangjian.rules.plausibility import PersonFacts, check_person
from tests.demo_support import demo_for_the_class
from tests.factories import make_member

SMALL: dict[str, Any] = {"members": 200, "organisations": 20, "seed": 7}


def _people(**params: object) -> list[PersonSpec]:
    plan = DemoPlan(DemoParams(today=timezone.localdate(), **{**SMALL, **params}))
    return [p for batch in plan.batches() for p in batch.people]


def _planned() -> QuerySet[Member]:
    """The planned members: not admitted by the demo's 发展党员 (tests/development) and not
    the one it registers from an incoming 介绍信 (党员动态)."""
    return Member.objects.filter(development=None, incoming_letters=None)


@pytest.fixture
def demo(small_demo: DemoSummary, db: None) -> DemoSummary:
    return small_demo


class TestTheSmallDemo:
    """Tests that read the demo at 200 members in 20 organisations, loaded once for them all."""

    def test_loads_the_requested_size(self, demo: DemoSummary) -> None:
        assert Organization.objects.count() == 20
        # the planned members; the demo's 发展党员 add those admitted since (tests/development)
        assert _planned().count() == 200
        assert Organization.objects.filter(depth=1).get().name == "国网铁岭供电公司党委"
        assert Organization.objects.filter(is_retirees_branch=True).exists()
        assert Organization.objects.filter(kind="joint_branch", unit_count__gte=2).exists()
        assert Organization.objects.filter(kind="group").exists()

    def test_every_member_has_a_valid_identity_number(self, demo: DemoSummary) -> None:
        """ID-1: the number is valid and agrees with the birth date and sex."""
        for member in Member.objects.all():
            assert member.id_number is not None
            number = parse_id_number(member.id_number)
            assert check_against(number, member.birth_date, member.gender) == []
            assert member.id_number_hash == lookup_hash(member.id_number)

    def test_every_member_joined_at_18_and_was_confirmed_a_year_later(
        self, demo: DemoSummary
    ) -> None:
        """DEV-1: 18 on the day of joining; DEV-15/DEV-19: 转正 one year after joining."""
        today = timezone.localdate()
        extended = set(DevelopmentStep.objects.filter(code="extend").values_list(
            "applicant__member_id", flat=True))  # fmt: skip
        for m in Member.objects.exclude(pk__in=extended):
            assert m.joined_on is not None and m.applied_on is not None
            assert age_on(m.birth_date, m.joined_on) >= 18
            assert m.applied_on <= m.joined_on
            if m.stage == Stage.FULL:
                assert m.confirmed_on == add_years(m.joined_on, 1)
            else:
                assert m.confirmed_on is None and add_years(m.joined_on, 1) > today

    def test_the_same_seed_gives_the_same_people(self, demo: DemoSummary) -> None:
        first, second = _people(), _people()
        assert [(p.name, p.id_number, p.joined_on, p.org) for p in first] == [
            (p.name, p.id_number, p.joined_on, p.org) for p in second
        ]
        # every demo member has an ID number, so no hash is None
        planned = _planned()
        in_db = sorted(planned.values_list("id_number_hash", flat=True))  # type: ignore[type-var]
        assert in_db == sorted(lookup_hash(p.id_number) for p in first)
        assert _people(seed=8)[0].id_number != first[0].id_number

    def test_history_is_recorded_through_the_services(self, demo: DemoSummary) -> None:
        moved = MemberPeriod.objects.filter(valid_to__isnull=False).values("member_id").distinct()
        assert moved.count() > 100  # confirmations, transfers, retirements
        assert MemberEvent.objects.filter(kind=EventKind.TRANSFERRED).exists()
        assert (
            MemberEvent.objects.filter(kind=EventKind.STAGE).count()
            # a full member arriving with an incoming 介绍信 was confirmed elsewhere
            == Member.objects.filter(stage=Stage.FULL, incoming_letters=None).count()
        )
        retiree = Member.objects.filter(organization__is_retirees_branch=True)
        assert retiree.exists() and not retiree.exclude(dues_category="retired").exists()

    def test_demo_users_have_the_right_scopes(self, demo: DemoSummary) -> None:
        users = {u.username: u for u in User.objects.all()}
        assert {"admin", "zuzhibu", "zongzhi", "shuji1", "shuji2", "dangyuan1", "dangyuan2"} <= set(
            users
        )
        assert all(u.check_password(DEFAULT_PASSWORD) and u.first_name for u in users.values())
        shuji1, dangyuan1 = users["shuji1"], users["dangyuan1"]
        branch = shuji1.role_grants.get().organization
        assert branch is not None
        seen = visible_members(shuji1)
        assert seen.exists()
        assert set(seen.values_list("organization_id", flat=True)) == {branch.pk}
        assert dangyuan1.member.organization_id == branch.pk
        assert list(visible_members(dangyuan1)) == [dangyuan1.member]
        assert visible_members(users["admin"]).count() == Member.objects.count() >= 200
        zongzhi_orgs = visible_organizations(users["zongzhi"])
        assert branch in zongzhi_orgs and zongzhi_orgs.count() < 20
        assert [row[0] for row in demo_logins()][:3] == ["admin", "zuzhibu", "zongzhi"]

    def test_branches_that_break_org_rules_show_in_the_structure_report(
        self, demo: DemoSummary
    ) -> None:
        """ORG-1 (2 full members), ORG-2 (55 members), ORG-3 (8 full members, no committee)."""
        report = {
            org.name: {w.rule_id for w in warnings}
            for org, _, warnings in structure_report(User.objects.get(username="admin"))
        }
        assert "ORG-1" in report["后勤服务党支部"]
        assert "ORG-2" in report["营销服务中心党支部"]
        assert "ORG-3" in report["信息通信党支部"]
        assert not Position.objects.filter(organization__name="信息通信党支部").exists()

    def test_committees_for_seven_or_more_full_members(self, demo: DemoSummary) -> None:
        """ORG-3: a 支部委员会 of 3-5 where there are 7 or more full members, else a secretary."""
        for org, facts, _ in structure_report(User.objects.get(username="admin")):
            if facts.kind.is_branch and org.name != "信息通信党支部" and facts.full_members >= 7:
                assert 3 <= facts.committee_size <= 5

    def test_every_demo_member_passes_the_archives_own_checks(self, demo: object) -> None:
        today = timezone.localdate()
        # The demo's lost member whose 停止党籍 proposal is due (党员动态) is flagged by the archive's
        # check on purpose: the decision waits for the branch; nothing else may be.
        proposed = {
            p.member_name for p in suspension_proposals(User.objects.get(username="admin"), today)
        }
        problems = {
            m.name: found
            for m in Member.objects.all()
            if (found := _problems_of(m, today))
            and not (m.name in proposed and all(f.startswith("党籍状态") for f in found))
        }
        assert problems == {}
        assert proposed, "the demo holds a lost member whose suspension proposal is due"

    def test_a_year_of_dues_with_every_row_as_the_rules_compute_it(self, demo: object) -> None:
        """DUES-1..7: every ledger row of the 12 months has its base and the amount the pure rule
        gives for it (or the approved reduction); payments are dated in or after their month."""
        today = timezone.localdate()
        current = YearMonth.from_date(today)
        settings = current_settings()
        rows = LedgerEntry.objects.select_related("member", "reduction")
        months = set(rows.values_list("month", flat=True))
        assert months == {(current - n).first_day for n in range(12)}
        assert not rows.filter(due__isnull=True).exists()
        for row in rows:
            base = None if row.base is None else Decimal(row.base).quantize(Decimal("0.000001"))
            expected = compute_dues(RuleCategory(row.category), base, settings).amount
            if row.reduction is not None:
                expected = Decimal(row.reduction.reduced_to)
            assert row.due == expected, (row.member.name, row.month, row.category, row.base)
            if row.paid_amount:
                assert row.paid_on is not None and row.paid_amount == row.due
                assert row.month <= row.paid_on <= today
        paid = rows.filter(paid_amount__gt=0).count()
        assert paid > 0.85 * rows.filter(due__gt=0).count()
        assert PayrollEntry.objects.exists() and DuesBase.objects.filter(source="declared").exists()
        assert rows.filter(payer_kind="proxy").exists() and Reduction.objects.exists()

    def test_the_arrears_page_and_the_home_cards_show_the_demo_cases(self, demo: object) -> None:
        """DUES-13: one member of shuji1's branch has six months over unpaid, with reminders; a
        few others owe a month or more; the member dangyuan1 sees their own unpaid month."""
        today = timezone.localdate()
        upto = last_complete_month(today)
        admin = User.objects.get(username="admin")
        root = Organization.objects.get(depth=1)
        flagged = arrears_cases(admin, root.pk, upto, flagged_only=True)
        assert len(flagged) == 1 and len(flagged[0].months) >= 6 and flagged[0].reminders
        shuji1 = User.objects.get(username="shuji1")
        assert flagged[0].member.organization == shuji1.role_grants.get().organization
        assert len(arrears_cases(admin, root.pk, upto)) > 1
        cards = {a.title: a.count for a in dues_attention(shuji1, today)}
        assert cards["连续6个月未交党费、待党支部研究"] == 1
        assert not any("缺少党费基数" in title for title in cards)
        own = dues_attention(User.objects.get(username="dangyuan1"), today)
        assert own and own[0].title.startswith("我的党费：1个月未交")


def test_if_empty_does_nothing_the_second_time(db: None) -> None:
    call_command("demo", "--members", "60", "--organisations", "12", "--if-empty", stdout=_Sink())
    before = (Organization.objects.count(), Member.objects.count(), User.objects.count())
    assert _planned().count() == 60
    call_command("demo", "--members", "60", "--organisations", "12", "--if-empty", stdout=_Sink())
    assert (Organization.objects.count(), Member.objects.count(), User.objects.count()) == before
    with pytest.raises(CommandError):
        call_command("demo", "--members", "60", "--organisations", "12", stdout=_Sink())


def _direct_membership(people: list[PersonSpec], day: date) -> set[str]:
    """Who was in good standing in the company on ``day``, read from the plan itself."""
    found = set()
    for p in people:
        suspended_or_gone = p.status_on is not None and p.status_on <= day
        if p.joined_on <= day and not suspended_or_gone:
            found.add(lookup_hash(p.id_number))
    return found


@pytest.fixture(scope="class", params=[True, False], ids=["bulk", "services"])
def history_demo(
    request: pytest.FixtureRequest, django_db_setup: None, django_db_blocker: DjangoDbBlocker
) -> Iterator[bool]:
    """The demo at 300 members in 25 organisations, loaded in bulk and through the services;
    yields which of the two."""
    bulk = bool(request.param)
    for _ in demo_for_the_class(
        django_db_blocker, members=300, organisations=25, seed=3, bulk=bulk
    ):
        yield bulk


@pytest.fixture
def bulk(history_demo: bool, db: None) -> bool:
    return history_demo


class TestTheDemoAsOfAPastDate:
    """The register as of a past date against the plan's own history, for both ways of loading."""

    def test_members_as_of_a_past_date_matches_the_history(self, bulk: bool) -> None:
        people = _people(members=300, organisations=25, seed=3)
        admin = User.objects.get(username="admin")
        root = Organization.objects.get(depth=1)
        # The demo's 介绍信 (党员动态) take their members out of the tree on the day of issue.
        for years_ago in (0, 1, 3, 10):
            day = timezone.localdate() - timedelta(days=365 * years_ago + 17)
            planned = members_as_of(admin, root, day).filter(development=None)
            got = set(planned.values_list("id_number_hash", flat=True))
            issued = set(
                Member.objects.filter(letters__issued_on__lte=day).values_list(
                    "id_number_hash", flat=True
                )
            )
            assert got == _direct_membership(people, day) - issued
        open_periods = MemberPeriod.objects.filter(valid_to__isnull=True, member__development=None)
        # The member the demo registers from an incoming 介绍信 (党员动态, loaded by the services
        # path only) is not one of the planned 300.
        arrived = Member.objects.filter(incoming_letters__isnull=False)
        assert arrived.count() == (0 if bulk else 1)
        assert open_periods.exclude(member__in=arrived).count() == 300

    def test_a_branch_as_of_a_past_date_follows_transfers(self, bulk: bool) -> None:
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


def test_national_mix_has_farmers_and_more_retirees() -> None:
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


def test_each_benchmark_case_and_its_hand_written_query_agree(db: None) -> None:
    """The ratios compare like with like: on generated data every selector returns what its
    baseline SQL returns (the list page, the counts, the as-of counts)."""
    from dangjian.demo.benchmark import all_cases, run_case

    load_demo(members=400, organisations=30, seed=5, bulk=True)
    results = [run_case(case, repeat=1) for case in all_cases(timezone.localdate())]
    assert len(results) == 6
    assert [r.name for r in results if not r.same_result] == []
    assert all(r.sql.startswith("SELECT") for r in results)


# --- the demo passes the platform's own checks -----------------------------------------------


def _problems_of(member: Member, today: date) -> list[str]:
    """Everything the platform's checks say about one stored member: the record's validation
    (ID-1, DEV-1, DEV-15/19, choices) and its consistency notices (age, education, post, pay,
    dues category, MEM-4)."""
    data = MemberInput(**{f.name: getattr(member, f.name) for f in fields(MemberInput)})
    data = replace(data, phone=data.phone or "")
    found = [f"{k}: {v}" for k, v in check_member_fields(data, today).items()]
    found += [f"{n.label}: {n.message}" for n in record_notices(member, today)]
    return found


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        # 22 years old, a 研究生 degree, 年薪制, a 主任
        (
            {"education": "postgraduate", "dues_category": "annual_salary", "job_title": "主任",
             "occupation": "manager"},
            "学历",
        ),
        ({"occupation": "worker", "dues_category": "farmer", "job_title": "变电运维工"}, "党费类别"),
        ({"lost_contact_since": date(2009, 3, 1), "status": "normal"}, "党籍状态"),
        ({"occupation": "retired", "dues_category": "retired", "job_title": "退休职工"}, "工作岗位类别"),
    ],
)  # fmt: skip
def test_the_demo_check_fails_on_an_inconsistent_person(
    db: None, changes: dict[str, object], field: str
) -> None:
    """The check above would catch a person who does not agree with themselves."""
    today = timezone.localdate()
    member = make_member(
        _branch(),
        name="王小明",
        birth_date=add_years(today, -22),
        applied_on=add_years(today, -4),
        joined_on=add_years(today, -3),
        confirmed_on=add_years(today, -2),
    )
    for name, value in changes.items():
        setattr(member, name, value)
    assert any(p.startswith(field) for p in _problems_of(member, today)), _problems_of(
        member, today
    )


def _branch() -> Organization:
    # treebeard's class method is not in the project's typed subset of its API
    root = Organization.add_root(name="党委", code="T0", kind="committee")  # type: ignore[attr-defined]
    return cast(Organization, root.add_child(name="支部", code="T1", kind="branch"))


def test_people_agree_with_themselves_in_every_seed() -> None:
    """The plan itself, for more seeds and the national mix than the database tests load."""
    today = timezone.localdate()
    for params in ({"seed": 1}, {"seed": 2}, {"mix": "national", "seed": 3}):
        for p in _people(members=600, organisations=40, **params):
            facts = PersonFacts(
                p.birth_date, p.gender, p.education, p.occupation, p.dues_category,
                p.job_title, p.status, p.lost_since,
            )  # fmt: skip
            assert check_person(facts, today) == [], (p.name, p.occupation, p.job_title)


def _ledger() -> list[tuple[object, ...]]:
    rows = LedgerEntry.objects.order_by("member__id_number_hash", "month")
    fields = ("member__id_number_hash", "month", "due", "paid_amount", "paid_on", "payer_name")
    return list(rows.values_list(*fields))


def test_the_same_seed_gives_the_same_dues(db: None) -> None:
    with transaction.atomic():
        load_demo(members=60, organisations=12, seed=7)
        first = _ledger()
        transaction.set_rollback(True)
    load_demo(members=60, organisations=12, seed=7)
    assert _ledger() == first and first
