"""趋势与预测: the age bands at each year-end equal the register of that day (``members_as_of``)
and open its list; the retirement projection counts a person in the year they reach the age
(1 January and 31 December of a year, a 29 February birthday); the development pipeline
against the 党委's plan; scoping; the page and its JSON label the projection 预测."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.http import Http404
from django.test import Client
from pytest_django.fixtures import Settings

from dangjian.development.plan_services import annual_plan_set
from dangjian.members.models import Member
from dangjian.members.selectors import members_as_of
from dangjian.rules.projections import retires_in, trend_year_ends
from dangjian.screen.frames import DrillRow, Frame
from dangjian.screen.panels import member_panels
from dangjian.screen.selectors import drill_list, screen_frame
from dangjian.screen.trends import age_trend, plan_lines, retirement_projection, trends_of
from tests.development.committee_support import register, to_admission
from tests.development.support import voters
from tests.factories import Role, make_member, make_user

Login = Callable[[User], Client]
ON = date(2026, 6, 30)  # the projection covers 2027 to 2031


def test_year_ends_are_the_last_ten_twelve_thirty_ones() -> None:
    assert trend_year_ends(date(2024, 12, 31), 10)[-1] == date(2024, 12, 31)
    ends = trend_year_ends(date(2024, 12, 30), 10)
    assert (ends[0], ends[-1], len(ends)) == (date(2014, 12, 31), date(2023, 12, 31), 10)
    with pytest.raises(ValueError, match="至少"):
        trend_year_ends(ON, 0)


@pytest.mark.parametrize(
    ("birth", "age", "year", "counted"),
    [
        (date(1967, 1, 1), 60, 2027, True),  # reaches 60 on 1 January 2027
        (date(1967, 12, 31), 60, 2027, True),  # on 31 December 2027
        (date(1966, 12, 31), 60, 2027, False),  # on 31 December 2026: the year before
        (date(1968, 1, 1), 60, 2027, False),  # on 1 January 2028: the year after
        (date(1968, 2, 29), 60, 2028, True),  # 29 February 2028 (a leap year)
        (date(1976, 2, 29), 55, 2031, True),  # 1 March 2031 (a common year)
    ],
)
def test_a_person_retires_in_the_year_of_the_birthday(
    birth: date, age: int, year: int, counted: bool
) -> None:
    assert retires_in(birth, age, year) is counted


def test_the_trend_at_each_year_end_is_that_days_register(
    history: SimpleNamespace, sysadmin: User
) -> None:
    """Year-ends before and after the 2024 transfer and exit: each total is ``members_as_of``
    that day, each band the screen's age panel of that day and the length of its list."""
    frame = Frame(sysadmin, history.general, date(2025, 6, 30))
    ends = age_trend(frame)
    assert [y.on for y in ends] == list(trend_year_ends(frame.on, 10))
    assert {y.on.year: y.total for y in ends}[2023] == 4  # 调出, 预备, 出党, 常在
    assert {y.on.year: y.total for y in ends}[2024] == 2  # 调出 moved to C, 出党 left
    for year_end in ends:
        day_frame = Frame(sysadmin, history.general, year_end.on)
        register_ids = set(
            members_as_of(sysadmin, history.general, year_end.on).values_list("pk", flat=True)
        )
        assert year_end.total == len(register_ids)
        assert sum(b.count for b in year_end.bands) == year_end.total
        age_panel = next(p for p in member_panels(day_frame) if p.code == "age")
        assert year_end.bands == age_panel.bars
        for bar in year_end.bands:
            assert len(drill_list(day_frame, "age", bar.key).rows) == bar.count


@pytest.fixture
def retiring(enterprise: SimpleNamespace, settings: Settings) -> dict[str, Member]:
    """Members of 一支部 around the boundaries of 2027 (retirement at 60 for men, 55 for women)."""
    settings.CADRE_RETIREMENT_AGE_MALE = 60
    settings.CADRE_RETIREMENT_AGE_FEMALE = 55
    people = {
        "元旦到龄": (date(1967, 1, 1), "M", "manager"),
        "除夕到龄": (date(1967, 12, 31), "M", "worker"),
        "今年到龄": (date(1966, 12, 31), "M", "worker"),
        "女元旦到龄": (date(1972, 1, 1), "F", "professional"),
        "已退休": (date(1967, 6, 1), "M", "retired"),
        "闰日到龄": (date(1968, 2, 29), "M", "worker"),
    }
    return {
        name: make_member(enterprise.branch_a, name=name, birth_date=birth, gender=gender,
                          occupation=occupation)
        for name, (birth, gender, occupation) in people.items()
    }  # fmt: skip


def _names(rows: list[DrillRow]) -> set[str]:
    return {r.name for r in rows}


def test_the_projection_counts_each_person_in_the_year_of_the_age(
    enterprise: SimpleNamespace, retiring: dict[str, Member], sysadmin: User
) -> None:
    frame = Frame(sysadmin, enterprise.root, ON)
    years = {bar.key: bar for bar in retirement_projection(frame)}
    assert list(years) == ["2027", "2028", "2029", "2030", "2031"]
    assert all("预测" in bar.label for bar in years.values())
    assert years["2027"].count == 3  # 1 January and 31 December; the retired one is not
    assert _names(drill_list(frame, "retirement", "2027").rows) == {"元旦到龄", "除夕到龄",
                                                                   "女元旦到龄"}  # fmt: skip
    assert _names(drill_list(frame, "retirement", "2028").rows) == {"闰日到龄"}
    assert years["2028"].count == 1
    with pytest.raises(Http404):
        drill_list(frame, "retirement", "2026")  # the day's own year is not projected


def test_the_projection_follows_the_setting(
    enterprise: SimpleNamespace,
    retiring: dict[str, Member],
    sysadmin: User,
    settings: Settings,
) -> None:
    settings.CADRE_RETIREMENT_AGE_FEMALE = 60  # 女元旦到龄 now reaches it in 2032
    years = {b.key: b.count for b in retirement_projection(Frame(sysadmin, enterprise.root, ON))}
    assert years["2027"] == 2


def test_a_secretary_sees_only_their_branch(
    enterprise: SimpleNamespace, retiring: dict[str, Member]
) -> None:
    make_member(enterprise.branch_b, name="二支部到龄", birth_date=date(1967, 3, 3), gender="M")
    secretary = make_user("zhibu_b_trend", Role.SECRETARY, enterprise.branch_b)
    with pytest.raises(Http404):
        screen_frame(secretary, enterprise.root.pk, ON)
    frame = screen_frame(secretary, None, ON)
    assert frame.root == enterprise.branch_b
    found = trends_of(frame)
    assert {b.key: b.count for b in found.retirements}["2027"] == 1
    assert found.plans == ()  # no 党委 in a branch secretary's scope


def test_the_pipeline_against_the_plan(enterprise: SimpleNamespace) -> None:
    """One admission approved on 2024-10-08 against a plan of none: over by one; before the
    approval the 党委's count is nought."""
    secretary = make_user("zhibu_a_plan", Role.SECRETARY, enterprise.branch_a)
    committee = make_user("dangwei_plan", Role.ORG_ADMIN, enterprise.root)
    person = register(enterprise.branch_a, secretary, "被批准者")
    to_admission(secretary, committee, person, voters(enterprise.branch_a, 5))
    annual_plan_set(actor=committee, organization_id=enterprise.root.pk, year=2024, quota=0)
    year_end = Frame(committee, enterprise.root, date(2024, 12, 31))
    (line,) = plan_lines(year_end)
    assert (line.committee_name, line.quota, line.admitted, line.over) == ("测试公司党委", 0, 1, 1)
    assert _names(drill_list(year_end, "admissions", str(enterprise.root.pk)).rows) == {"被批准者"}
    (before,) = plan_lines(Frame(committee, enterprise.root, date(2024, 10, 7)))
    assert before.admitted == 0
    funnel = {b.key: b.count for b in trends_of(year_end).pipeline.bars}
    assert funnel["probationary"] == 1


def test_the_page_and_the_data_label_the_projection(
    enterprise: SimpleNamespace, retiring: dict[str, Member], login: Login, sysadmin: User
) -> None:
    client = login(sysadmin)
    page = client.get("/screen/trends/", {"org": enterprise.root.pk, "on": ON.isoformat()})
    assert page.status_code == 200
    text = page.content.decode()
    assert "到龄退休预测" in text and "2027年（预测）" in text and "男60周岁" in text
    assert "/screen/list/retirement/2027/" in text and "/screen/list/age/" in text
    assert "未制定" in text or "没有可查看的基层党委年度发展计划" in text
    data = client.get("/screen/trends/data", {"org": enterprise.root.pk, "on": ON.isoformat()})
    body = data.json()
    assert body["retirements"]["projection"] == "预测"
    assert [y["count"] for y in body["retirements"]["years"]][:2] == [3, 1]
    assert len(body["year_ends"]) == 10 and body["year_ends"][-1]["on"] == "2025-12-31"
    listed = client.get("/screen/list/retirement/2027/", {"org": enterprise.root.pk, "on": ON})
    assert listed.status_code == 200 and "元旦到龄" in listed.content.decode()


def test_a_bad_day_is_refused_naming_the_field(login: Login, sysadmin: User) -> None:
    client = login(sysadmin)
    page = client.get("/screen/trends/", {"on": "2026-02-30"})
    assert page.status_code == 400 and "统计日期" in page.content.decode()
    assert client.get("/screen/trends/data", {"on": "9999-01-01"}).status_code == 400
