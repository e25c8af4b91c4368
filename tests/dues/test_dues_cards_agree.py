"""The home page's dues cards count the lists they open, for every kind of manager (DUES-2,
DUES-12, DUES-13), and the lists show only what the asker looks after."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from dangjian.dues.ledger import ledger_generate
from dangjian.home.cards import attention_items
from dangjian.members.models import Member
from dangjian.rules.dates import YearMonth
from tests.dues.conftest import payroll
from tests.factories import make_member

pytestmark = pytest.mark.django_db
TODAY = date(2024, 12, 15)


@pytest.fixture
def dues_ledger(enterprise: Any, today_2024: date) -> dict[str, Member]:
    """Branch A: one member unpaid for 11 months (flagged), one without a base; branch B: one
    member unpaid only this month. December's ledger is generated for everyone."""
    flagged = make_member(enterprise.branch_a, name="张欠交")
    no_base = make_member(enterprise.branch_a, name="李无基数")
    this_month = make_member(enterprise.branch_b, name="王本月")
    payroll(flagged, YearMonth(2024, 1), "3000")
    payroll(this_month, YearMonth(2024, 12), "4000")
    for month in range(1, 13):
        ledger_generate(actor=None, month=YearMonth(2024, month))
    return {"flagged": flagged, "no_base": no_base, "this_month": this_month}


def _listed(client: Client, url: str) -> tuple[int, set[str]]:
    response = client.get(url)
    assert response.status_code == 200
    if "cases" in response.context:
        names = {c.member.name for c in response.context["cases"]}
        return len(response.context["cases"]), names
    page = response.context["page"]
    return page.paginator.count, {r.member.name for r in page.object_list}


@pytest.mark.parametrize("who", ["sysadmin", "org_admin_general", "secretary_a", "secretary_b"])
def test_each_dues_card_counts_the_list_it_opens(
    request: pytest.FixtureRequest, who: str, dues_ledger: dict[str, Member],
    login: Callable[[User], Client],
) -> None:  # fmt: skip
    user = request.getfixturevalue(who)
    client = login(user)
    cards = [c for c in attention_items(user, TODAY) if c.key.startswith("dues.")]
    assert {"dues.unpaid", "dues.arrears"} <= {c.key for c in cards}
    for card in cards:
        if card.key == "dues.ledger_missing":
            continue  # opens the sheet where the month's ledger is generated
        count, _ = _listed(client, card.url)
        assert card.count == count, f"{who}: {card.title} {card.count} vs list {count}"


def test_the_lists_hold_the_right_members_and_only_the_askers(
    dues_ledger: dict[str, Member], secretary_a: User, secretary_b: User, sysadmin: User,
    login: Callable[[User], Client],
) -> None:  # fmt: skip
    as_a = login(secretary_a)  # one test client: each login replaces the last
    assert _listed(as_a, "/dues/todo/?kind=flagged") == (1, {"张欠交"})
    assert _listed(as_a, "/dues/todo/?kind=missing") == (1, {"李无基数"})
    assert _listed(as_a, "/dues/todo/?kind=unpaid") == (1, {"张欠交"})
    as_b = login(secretary_b)
    assert _listed(as_b, "/dues/todo/?kind=unpaid") == (1, {"王本月"})
    assert _listed(as_b, "/dues/todo/?kind=flagged") == (0, set())
    assert _listed(login(sysadmin), "/dues/todo/?kind=unpaid") == (2, {"张欠交", "王本月"})


def test_the_lists_cite_the_regulation_not_the_rule_id(
    dues_ledger: dict[str, Member], secretary_a: User, login: Callable[[User], Client]
) -> None:
    html = login(secretary_a).get("/dues/todo/?kind=flagged").content.decode()
    assert "依据《关于中国共产党党费收缴、使用和管理的规定》第十三条" in html
    assert '<span class="tag" title="规则编号">DUES-13</span>' in html


def test_a_member_cannot_open_the_lists(
    dues_ledger: dict[str, Member], enterprise: Any, login: Callable[[User], Client]
) -> None:
    from tests.factories import make_user

    member_user = make_user("dangyuan_x", member=dues_ledger["flagged"])
    assert login(member_user).get("/dues/todo/?kind=unpaid").status_code == 403
