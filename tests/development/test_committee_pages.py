"""The 党委's pages: the queue, the inspection list, the annual plan against what was done
(DEV-28) and the 入党志愿书 number ranges (DEV-30); scoped to the asker, refusals by field."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from dangjian.core.errors import InvalidInput
from dangjian.core.models import AuditLog
from dangjian.development import queue
from dangjian.development.models import AnnualPlan, Applicant, FormNumberRange
from dangjian.development.plan_services import annual_plan_set, form_number_range_add
from dangjian.members.models import Member
from tests.development.committee_support import (
    Queue,
    build_queue,
    register,
    to_activist,
    to_admission,
)
from tests.development.support import record, to_candidate, voters
from tests.factories import Role, make_org, make_user

TODAY = date(2025, 1, 20)


@pytest.fixture
def committee_admin(enterprise: SimpleNamespace) -> User:
    """The organisation administrator of 测试公司党委, which approves (细则第二十二条)."""
    return make_user("dangwei_admin", Role.ORG_ADMIN, enterprise.root)


@pytest.fixture
def people(
    enterprise: SimpleNamespace, secretary_a: User, secretary_b: User, committee_admin: User
) -> Queue:
    return build_queue(enterprise, secretary_a, secretary_b, committee_admin)


def _names(rows: list[queue.QueueRow]) -> list[str]:
    return [r.applicant.name for r in rows]


def test_queue_lists_each_person_in_the_right_place(people: Queue, committee_admin: User) -> None:
    """Consent after the activist year (DEV-7), pre-review after the 支部委员会, approval after
    the 支部大会 (DEV-14), confirmation approval (DEV-18); a new applicant in none."""
    found = queue.committee_queue(committee_admin, None, TODAY)
    assert _names(list(found.consent)) == ["待同意者", "外支部积极分子"]
    assert _names(list(found.pre_review)) == ["待预审者"]
    assert _names(list(found.approval)) == ["待审批者"]
    assert _names(list(found.confirmation)) == ["待转正者"]


def test_approval_row_shows_due_and_hard_limit(people: Queue, committee_admin: User) -> None:
    """DEV-14: 支部大会 2024-09-10, due 2024-12-10, never past 2025-03-10."""
    (row,) = queue.awaiting_approval(committee_admin, None, TODAY)
    assert (row.since, row.due_on, row.hard_limit) == (
        date(2024, 9, 10), date(2024, 12, 10), date(2025, 3, 10),
    )  # fmt: skip
    assert (row.overdue, row.days_over, row.past_limit, row.days_to_limit) == (True, 41, False, 49)
    on_time = queue.awaiting_approval(committee_admin, None, date(2024, 12, 10))[0]
    assert (on_time.overdue, on_time.days_left) == (False, 0)


def test_queue_page_of_a_secretary_shows_only_their_branch(
    people: Queue, secretary_a: User, login: Callable[[User], Client]
) -> None:
    page = login(secretary_a).get("/development/committee/").content.decode()
    assert "待同意者" in page and "待审批者" in page
    assert "外支部积极分子" not in page


def test_queue_of_another_branch_is_refused_to_a_secretary(
    people: Queue, secretary_b: User, enterprise: SimpleNamespace,
    login: Callable[[User], Client],
) -> None:  # fmt: skip
    client = login(secretary_b)
    assert client.get(f"/development/committee/?org={enterprise.branch_a.pk}").status_code == 404
    assert client.get(f"/development/inspection/?org={enterprise.branch_a.pk}").status_code == 404
    found = queue.committee_queue(secretary_b, None, TODAY)
    assert _names(list(found.consent)) == ["外支部积极分子"]
    assert not (found.pre_review or found.approval or found.confirmation)


def test_queue_page_links_each_row_to_the_dossier(
    people: Queue, committee_admin: User, login: Callable[[User], Client]
) -> None:
    page = login(committee_admin).get("/development/committee/").content.decode()
    for person in (people.consent, people.pre_review, people.approval, people.confirmation):
        assert f'href="/development/{person.pk}/"' in page
    assert "不得超过六个月" in page and "2025-03-10" in page
    assert "细则》第二十五条" in page and "细则》第三十三条" in page and "细则》第十八条" in page


def test_queue_reads_a_fixed_number_of_queries(
    enterprise: SimpleNamespace, secretary_a: User, committee_admin: User
) -> None:
    """No query per row: three activists cost what one costs."""
    to_activist(secretary_a, register(enterprise.branch_a, secretary_a, "甲"))
    queue.committee_queue(committee_admin, None, TODAY)  # the asker's scope, built once
    with CaptureQueriesContext(connection) as one:
        queue.committee_queue(committee_admin, None, TODAY)
    for name in ("乙", "丙"):
        to_activist(secretary_a, register(enterprise.branch_a, secretary_a, name))
    with CaptureQueriesContext(connection) as three:
        assert len(queue.committee_queue(committee_admin, None, TODAY).consent) == 3
    assert len(three) == len(one)


def test_inspection_lists_overdue_overridden_and_warned(
    people: Queue, enterprise: SimpleNamespace, secretary_a: User, committee_admin: User,
    login: Callable[[User], Client],
) -> None:  # fmt: skip
    """Every overdue deadline of the subtree with its rule, and the steps kept with warnings."""
    # The five voters of the queue (two more would make the branch elect a committee, ORG-3).
    members = list(Member.objects.filter(organization=enterprise.branch_a, stage="full"))
    special = register(enterprise.branch_a, secretary_a, "破例者")
    to_candidate(secretary_a, committee_admin, special, members)
    record(committee_admin, special, "training", date(2024, 8, 1), training_days=2,
           overrides={"DEV-10": "因抗洪抢险任务缺课一天，已补学"})  # fmt: skip
    annual_plan_set(actor=committee_admin, organization_id=enterprise.root.pk, year=2024, quota=0)
    to_admission(secretary_a, committee_admin,
                 register(enterprise.branch_a, secretary_a, "超计划者"), members)  # fmt: skip
    found = queue.inspection(committee_admin, None, TODAY)
    assert [(s.applicant.name, s.overrides) for s in found.overridden] == [
        ("破例者", {"DEV-10": "因抗洪抢险任务缺课一天，已补学"})
    ]
    warned = {(s.applicant.name, s.code) for s in found.warned}
    assert ("超计划者", "approve_admission") in warned
    assert any("超出计划" in t for s in found.warned for t in queue.step_warnings(s))
    overdue = {(d.applicant_name, d.rule_id) for d in found.overdue}
    assert ("待审批者", "DEV-14") in overdue
    assert ("外支部积极分子", "DEV-5") in overdue
    page = login(committee_admin).get("/development/inspection/").content.decode()
    assert "待审批者" in page and "党委审批接收预备党员" in page
    assert "因抗洪抢险任务缺课一天，已补学" in page and "超出计划" in page
    # The reader sees the regulation and article, not only the rule's code.
    assert "《中国共产党发展党员工作细则》第二十二、二十五条" in page
    assert "破例：《中国共产党发展党员工作细则》第十七条" in page


def test_inspection_of_a_secretary_leaves_out_other_branches(
    people: Queue, secretary_a: User
) -> None:
    found = queue.inspection(secretary_a, None, TODAY)
    assert found.overdue
    assert {d.organization_id for d in found.overdue} == {people.consent.organization_id}
    assert all(s.applicant.organization_id == people.consent.organization_id
               for s in [*found.overridden, *found.warned])  # fmt: skip


def test_plan_numbers_equal_the_lists_behind_them(
    enterprise: SimpleNamespace, secretary_a: User, committee_admin: User,
    login: Callable[[User], Client],
) -> None:  # fmt: skip
    """DEV-28: two admissions approved in 2024 against a quota of one."""
    members = voters(enterprise.branch_a, 5)
    for name in ("甲", "乙"):
        to_admission(secretary_a, committee_admin,
                     register(enterprise.branch_a, secretary_a, name), members)  # fmt: skip
    annual_plan_set(actor=committee_admin, organization_id=enterprise.root.pk, year=2024, quota=1)
    (row,) = queue.annual_plan_rows(committee_admin, 2024)
    assert (row.quota, row.done, row.over) == (1, 2, 1)
    assert sorted(s.applicant.name for s in row.admissions) == ["乙", "甲"]
    assert queue.annual_plan_rows(committee_admin, 2025)[0].done == 0
    page = login(committee_admin).get("/development/plan/?year=2024").content.decode()
    assert '<b class="plan-done">2名</b>' in page and '<b class="plan-quota">1名</b>' in page
    assert page.count('data-label="审批日期"') == 2


def test_plan_set_through_the_page_is_audited(
    enterprise: SimpleNamespace, committee_admin: User, login: Callable[[User], Client]
) -> None:
    client = login(committee_admin)
    data = {"organization_id": enterprise.root.pk, "year": 2026, "quota": 12}
    assert client.post("/development/plan/", data).status_code == 302
    client.post("/development/plan/", {**data, "quota": 15})
    assert AnnualPlan.objects.get(organization=enterprise.root, year=2026).quota == 15
    last = AuditLog.objects.filter(action="development.plan_set").order_by("-pk").first()
    assert last is not None and last.before == {"quota": 12}


def test_secretary_cannot_set_a_plan_or_add_a_range(
    enterprise: SimpleNamespace, secretary_a: User, login: Callable[[User], Client]
) -> None:
    client = login(secretary_a)
    plan = {"organization_id": enterprise.root.pk, "year": 2026, "quota": 3}
    assert client.post("/development/plan/", plan).status_code == 403
    numbers = {"organization_id": enterprise.root.pk, "first": 1, "last": 9, "width": 10}
    assert client.post("/development/form-numbers/", numbers).status_code == 403
    own = {**plan, "organization_id": enterprise.branch_a.pk}
    assert client.post("/development/plan/", own).status_code == 403
    # Refused before the input is read: bad input gets no page of errors either.
    assert client.post("/development/plan/", {**plan, "quota": -1}).status_code == 403
    assert client.post("/development/form-numbers/", {**numbers, "last": 0}).status_code == 403
    assert not AnnualPlan.objects.exists() and not FormNumberRange.objects.exists()
    # Nor reads them: the 党委's plan and numbers lie outside a branch secretary's scope.
    annual_plan_set(actor=None, organization_id=enterprise.root.pk, year=2026, quota=7)
    form_number_range_add(actor=None, organization_id=enterprise.root.pk, first=5, last=9)
    plan_page = client.get("/development/plan/?year=2026").content.decode()
    assert "测试公司党委" not in plan_page and 'id="plan-form"' not in plan_page
    ranges_page = client.get("/development/form-numbers/").content.decode()
    assert "0000000005" not in ranges_page and 'id="range-form"' not in ranges_page


def test_plan_bad_input_names_the_field(
    enterprise: SimpleNamespace, committee_admin: User, login: Callable[[User], Client]
) -> None:
    client = login(committee_admin)
    page = client.post("/development/plan/", {"organization_id": enterprise.root.pk,
                                              "year": 2026, "quota": -1}).content.decode()  # fmt: skip
    assert 'data-field="quota"' in page and "计划发展党员数" in page
    page = client.post("/development/plan/", {"organization_id": enterprise.branch_a.pk,
                                              "year": 2026, "quota": 1}).content.decode()  # fmt: skip
    assert "基层党委" in page
    assert client.get("/development/plan/?year=abc").status_code == 200
    with pytest.raises(InvalidInput) as bad:
        annual_plan_set(actor=committee_admin, organization_id=enterprise.root.pk,
                        year=1999, quota=1)  # fmt: skip
    assert set(bad.value.errors) == {"year"}
    assert not AnnualPlan.objects.exists()


def test_range_add_refuses_order_width_and_overlap_by_field(
    enterprise: SimpleNamespace, committee_admin: User
) -> None:
    """DEV-30: first <= last, the width holds the last number, no number in two ranges."""
    root = enterprise.root.pk
    form_number_range_add(actor=committee_admin, organization_id=root, first=101, last=200)
    cases = [((300, 250, 10), "last"), ((1, 123456, 5), "width"), ((150, 160, 10), "first"),
             ((50, 101, 10), "first"), ((200, 300, 10), "first")]  # fmt: skip
    for (first, last, width), field in cases:
        with pytest.raises(InvalidInput) as bad:
            form_number_range_add(actor=committee_admin, organization_id=root,
                                  first=first, last=last, width=width)  # fmt: skip
        assert field in bad.value.errors, (first, last, width)
    form_number_range_add(actor=committee_admin, organization_id=root, first=201, last=300)
    assert FormNumberRange.objects.count() == 2


def test_range_page_shows_issued_and_next_free(
    enterprise: SimpleNamespace, secretary_a: User, committee_admin: User,
    login: Callable[[User], Client],
) -> None:  # fmt: skip
    """The number issued at step 14 counts; the next free one follows it."""
    members = voters(enterprise.branch_a, 5)
    person = register(enterprise.branch_a, secretary_a, "甲")
    to_admission(secretary_a, committee_admin, person, members)
    issued = Applicant.objects.get(pk=person.pk).form_number
    (row,) = queue.number_ranges(committee_admin)
    assert (row.size, row.issued) == (500, 1)
    assert row.next_free == ("0037000002" if issued == "0037000001" else "0037000001")
    page = login(committee_admin).get("/development/form-numbers/").content.decode()
    assert row.next_free in page and row.text in page
    bad = login(committee_admin).post("/development/form-numbers/", {
        "organization_id": enterprise.root.pk, "first": 37000400, "last": 37000600, "width": 10,
    }).content.decode()  # fmt: skip
    assert 'data-field="first"' in bad and "重叠" in bad


def test_an_admission_counts_for_every_committee_above_it(
    enterprise: SimpleNamespace, secretary_a: User, committee_admin: User
) -> None:
    """DEV-28 counts a 党委's whole subtree: a nested 党委's admission counts for both."""
    nested = make_org("分公司党委", "committee", enterprise.root)
    branch = make_org("分公司一支部", "branch", nested)
    secretary = make_user("fen_shuji", Role.SECRETARY, branch)
    members = voters(branch, 5)
    to_admission(secretary, committee_admin, register(branch, secretary, "分公司人"), members)
    to_admission(secretary_a, committee_admin,
                 register(enterprise.branch_a, secretary_a, "本部人"), voters(enterprise.branch_a, 5))  # fmt: skip
    rows = {r.committee.name: r for r in queue.annual_plan_rows(committee_admin, 2024)}
    assert sorted(s.applicant.name for s in rows["测试公司党委"].admissions) == [
        "分公司人",
        "本部人",
    ]
    assert [s.applicant.name for s in rows["分公司党委"].admissions] == ["分公司人"]
    assert [r.committee.name for r in queue.annual_plan_rows(secretary, 2024)] == []


def test_queue_and_inspection_pages_cost_the_same_for_more_rows(
    enterprise: SimpleNamespace, secretary_a: User, committee_admin: User,
    login: Callable[[User], Client],
) -> None:  # fmt: skip
    """No query per row on the pages either (each row's branch and link come with the row)."""
    client = login(committee_admin)
    to_activist(secretary_a, register(enterprise.branch_a, secretary_a, "甲"))
    counts = []
    for extra in ((), ("乙", "丙", "丁")):
        for name in extra:
            to_activist(secretary_a, register(enterprise.branch_a, secretary_a, name))
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/development/committee/").status_code == 200
            assert client.get("/development/inspection/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
