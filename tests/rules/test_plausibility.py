"""A record that does not agree with itself is found: age, education, post, pay, dues category
(DUES-3, DUES-5, DUES-6) and lost contact (MEM-4). Pure: no database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from dangjian.rules.plausibility import (
    PersonFacts,
    check_person,
    fitting_education,
    title_findings,
)

TODAY = date(2026, 11, 30)
ENGINEER = PersonFacts(
    birth_date=date(1988, 5, 2),
    gender="M",
    education="bachelor",
    occupation="professional",
    dues_category="salaried",
    job_title="工程师",
)


def _fields(facts: PersonFacts) -> list[str]:
    return [f.field for f in check_person(facts, TODAY)]


def test_an_ordinary_engineer_agrees_with_himself() -> None:
    assert check_person(ENGINEER, TODAY) == []


def test_a_22_year_old_postgraduate_on_a_yearly_salary_as_director() -> None:
    young = replace(
        ENGINEER, birth_date=date(2004, 6, 1), education="postgraduate",
        occupation="manager", dues_category="annual_salary", job_title="主任",
    )  # fmt: skip
    assert sorted(_fields(young)) == ["education", "job_title"]


@pytest.mark.parametrize(
    ("occupation", "category", "rule"),
    [
        ("worker", "farmer", "DUES-6"),
        ("professional", "retired", "DUES-5"),
        ("retired", "salaried", "DUES-5"),
        ("student", "salaried", "DUES-6"),
        ("worker", "annual_salary", "DUES-3"),
    ],
)
def test_the_dues_category_fits_the_occupation(occupation: str, category: str, rule: str) -> None:
    facts = replace(ENGINEER, occupation=occupation, dues_category=category, job_title="")
    found = [f for f in check_person(facts, TODAY) if f.field == "dues_category"]
    assert [f.rule_id for f in found] == [rule]


def test_a_substation_trade_is_a_workers_post() -> None:
    assert title_findings("变电运维工", "farmer", 40)
    assert not title_findings("变电运维工", "worker", 40)
    assert not title_findings("劳务派遣员工", "other", 40)  # 员工 is no trade


def test_retirees_are_past_the_earliest_retirement_age_and_students_young() -> None:
    retiree = replace(ENGINEER, occupation="retired", dues_category="retired", job_title="")
    assert _fields(retiree) == ["occupation"]  # 38 years old
    assert _fields(replace(retiree, birth_date=date(1960, 1, 1))) == []
    student = replace(ENGINEER, occupation="student", dues_category="student", job_title="")
    assert _fields(student) == []  # 38: a doctoral student
    assert _fields(replace(student, birth_date=date(1980, 1, 1))) == ["occupation"]


def test_education_steps_down_to_what_the_age_allows() -> None:
    assert fitting_education("postgraduate", "professional", 22) == "bachelor"
    assert fitting_education("postgraduate", "student", 22) == "bachelor"
    assert fitting_education("postgraduate", "student", 23) == "postgraduate"
    assert fitting_education("postgraduate", "professional", 23) == "bachelor"
    assert fitting_education("postgraduate", "professional", 24) == "postgraduate"
    assert fitting_education("bachelor", "worker", 19) == "secondary_vocational"
    assert fitting_education("college", "worker", 30) == "college"


def test_lost_contact_six_months_ago_and_still_normal_is_found() -> None:
    """MEM-4 (教育管理条例第二十四条): lost 6 months: suspended; 2 more years: removed."""
    lost = replace(ENGINEER, lost_contact_since=date(2009, 12, 8))
    assert [f.rule_id for f in check_person(lost, TODAY)] == ["MEM-4"]
    recent = replace(ENGINEER, lost_contact_since=date(2026, 7, 1))
    assert check_person(recent, TODAY) == []
    on_the_day = replace(ENGINEER, lost_contact_since=date(2026, 5, 30))
    assert [f.rule_id for f in check_person(on_the_day, TODAY)] == ["MEM-4"]
    suspended = replace(lost, status="suspended", lost_contact_since=date(2024, 1, 1))
    assert [f.rule_id for f in check_person(suspended, TODAY)] == ["MEM-4"]
    assert check_person(replace(suspended, lost_contact_since=date(2025, 1, 1)), TODAY) == []


def test_a_department_head_is_not_in_his_twenties() -> None:
    from dangjian.rules.plausibility import title_findings

    assert [f.field for f in title_findings("部门主任", "manager", 25)] == ["job_title"]
    assert title_findings("部门主任", "manager", 28) == []
