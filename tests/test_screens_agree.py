"""Screens that agree with themselves: a home card's number is the count of the list it opens,
for every card and every kind of manager; a 党小组 counts the members who name it."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from dangjian.development.services import applicant_register
from dangjian.dynamics.floating import FloatingInput, floating_record
from dangjian.dynamics.standing import lost_contact_open
from dangjian.home.cards import attention_items
from dangjian.members.due import MEMBER_CARDS
from dangjian.members.models import Member
from dangjian.members.services import member_change
from dangjian.orgs.selectors import org_facts, tree_children
from tests.development.support import applicant_input
from tests.factories import make_member


@pytest.fixture
def varied_members(enterprise: SimpleNamespace) -> list[Member]:
    """Members of branches A and B with every flag a card counts, a suspended one, and an
    applicant with an overdue talk in each branch."""
    today = timezone.localdate()
    made = []
    for branch in (enterprise.branch_a, enterprise.branch_b):
        made += [
            make_member(branch, stage="probationary", confirmed_on=None,
                        joined_on=today - timedelta(days=350)),  # ends within a month
            make_member(branch, stage="probationary", confirmed_on=None,
                        joined_on=today - timedelta(days=100)),  # not yet
            make_member(branch, lost_contact_since=date(2023, 1, 1)),
            make_member(branch, is_floating=True, floating_to="深圳"),
            make_member(branch, in_difficulty=True),
            make_member(branch),
        ]  # fmt: skip
        # The registers' records (the archive flags above have none and are not counted).
        lost = make_member(branch)
        lost_contact_open(actor=None, member_id=lost.pk, lost_since=date(2023, 1, 1))
        away = make_member(branch)
        floating_record(actor=None, data=FloatingInput(direction="out", place="深圳",
                                                       since=date(2024, 3, 1), member_id=away.pk))  # fmt: skip
        made += [lost, away]
        # 发展党员: an applicant whose talk is overdue (received in 2023).
        applicant_register(actor=None, data=applicant_input(branch))
    suspended = make_member(enterprise.branch_a, lost_contact_since=date(2022, 1, 1))
    member_change(actor=None, member_id=suspended.pk, changes={"status": "suspended"},
                  effective_on=date(2022, 8, 1), reason="失联满6个月，支部大会决定停止党籍")  # fmt: skip
    return made


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["sysadmin", "org_admin_general", "secretary_a", "secretary_b"])
def test_every_card_counts_what_its_list_shows(
    request: pytest.FixtureRequest,
    who: str,
    varied_members: list[Member],
    login: Callable[[User], Client],
) -> None:
    user = request.getfixturevalue(who)
    client = login(user)
    cards = attention_items(user, timezone.localdate())
    keys = [c.key for c in cards]
    assert keys[: len(MEMBER_CARDS) + 1] == [f"members.{c.flag}" for c in MEMBER_CARDS] + [
        "orgs.structure"
    ]
    for card in cards:
        if card.key.startswith("development."):
            # The pipeline's rows with the card's filter, through the API's list of it (more in
            # tests/development/test_due_items.py).
            query = card.url.partition("?")[2]
            listed = client.get(f"/api/development?{query}").json()["count"]
            assert card.count == listed, f"{who}: {card.title} {card.count} vs list {listed}"
            continue
        if card.key in ("dynamics.floating", "dynamics.lost_contact"):
            page = client.get(card.url).context
            rows = (page["outflow"] + page["inflow"] if card.key == "dynamics.floating"
                    else page["open_rows"])  # fmt: skip
            assert card.count == len(rows), f"{who}: {card.title} {card.count} vs list {len(rows)}"
            continue
        if not card.key.startswith(("members.", "orgs.")):
            continue  # the dues cards: tests/dues/test_dues_cards_agree.py
        response = client.get(card.url)
        assert response.status_code == 200
        if card.key.startswith("members."):
            listed = response.context["page"].paginator.count
        else:
            listed = len(response.context["report"])
        assert card.count == listed, f"{who}: {card.title} {card.count} vs list {listed}"


@pytest.mark.django_db
def test_cards_cite_the_regulation_and_article(
    sysadmin: User, varied_members: list[Member], login: Callable[[User], Client]
) -> None:
    html = login(sysadmin).get("/").content.decode()
    assert "依据《中国共产党发展党员工作细则》第三十一条" in html
    assert "依据《中国共产党党员教育管理工作条例》第二十四条" in html


@pytest.mark.django_db
def test_the_probation_card_counts_only_probation_ending_within_a_month(
    sysadmin: User, varied_members: list[Member]
) -> None:
    card = attention_items(sysadmin, timezone.localdate())[0]
    assert card.title.startswith("预备期将满")
    assert card.count == 2  # one per branch; the two joined 100 days ago are not due


@pytest.mark.django_db
def test_a_party_group_counts_the_members_who_name_it(
    enterprise: SimpleNamespace, sysadmin: User, login: Callable[[User], Client]
) -> None:
    in_group = [make_member(enterprise.branch_a, party_group_id=enterprise.group_a.pk)
                for _ in range(3)]  # fmt: skip
    make_member(enterprise.branch_a)

    nodes = {n.org.pk: n.members for n in tree_children(sysadmin, enterprise.branch_a)}
    assert nodes[enterprise.group_a.pk] == 3
    assert org_facts(enterprise.group_a).all_members == 3
    assert org_facts(enterprise.branch_a).all_members == 4

    page = login(sysadmin).get(f"/orgs/{enterprise.group_a.pk}/")
    assert page.status_code == 200
    assert {m.pk for m in page.context["page"]} == {m.pk for m in in_group}
    listed = login(sysadmin).get(f"/members/?organization_id={enterprise.group_a.pk}")
    assert listed.context["page"].paginator.count == 3


@pytest.mark.django_db
def test_an_organisation_page_counts_what_its_member_list_shows(
    enterprise: SimpleNamespace, sysadmin: User, varied_members: list[Member],
    login: Callable[[User], Client],
) -> None:  # fmt: skip
    """The root's 党员（含下级） equals its own table and the archive list its link opens; the
    suspended member (停止党籍) is in neither."""
    client = login(sysadmin)
    page = client.get(f"/orgs/{enterprise.root.pk}/")
    facts = page.context["facts"]
    assert page.context["page"].paginator.count == facts.all_members
    link = re.search(r'id="org-members-link" href="([^"]+)"', page.content.decode())
    assert link is not None
    listed = client.get(html.unescape(link.group(1)))
    assert listed.context["page"].paginator.count == facts.all_members == len(varied_members)
