"""A cadre's party posts come from the organisations' committee records: the new committee an
election's approval puts in office appears in its members' cadre files that day, the old
committee's posts end that day, and the file as of any date shows the posts of that date, on
the page, in the list and through the API. Only cadres have files: the approval files no one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from dangjian.cadres.models import Cadre, PostKind, PostLevel
from dangjian.cadres.party_posts import party_posts
from dangjian.cadres.services import CadreInput, PostInput, cadre_create, cadre_post_assign
from dangjian.elections.services import (
    Ballot,
    SecretaryApproval,
    election_approve,
    election_approve_secretaries,
    election_assign_posts,
    election_confirm,
    election_hold,
    election_report,
    election_request,
    term_record,
)
from dangjian.members.choices import PositionTitle
from dangjian.members.models import Member, Position
from tests.factories import Role, make_member, make_user

Login = Callable[[User], Client]
OLD_TERM = date(2023, 3, 10)
HELD = date(2026, 3, 2)
APPROVED = date(2026, 3, 10)


def _file_cadre(actor: User, member: Member, org_id: int) -> Cadre:
    cadre = cadre_create(actor=actor, source="page", data=CadreInput(
        name=member.name, id_number=member.id_number or "", organization_id=org_id))  # fmt: skip
    post = PostInput(PostKind.ADMINISTRATIVE, "运检部", "主任", PostLevel.MIDDLE_CHIEF, OLD_TERM)
    cadre_post_assign(actor=actor, cadre=cadre, post=post, source="page")
    return cadre


@pytest.fixture
def branch(enterprise: SimpleNamespace, cadre_admin: User) -> SimpleNamespace:
    """一支部 with 8 members; 老书记 holds the 书记 post of the old term and is a cadre, as is
    新书记, whom the election of 2026-03-02 makes 书记 (approved 2026-03-10)."""
    org = enterprise.branch_a
    people = [make_member(org, name=n) for n in ("老书记", "新书记", "委员甲", "委员乙", "党员戊",
                                                 "党员己", "党员庚", "党员辛")]  # fmt: skip
    term_record(actor=None, organization_id=org.pk, number=3, elected_on=OLD_TERM)
    Position.objects.create(member=people[0], organization=org,
                            title=PositionTitle.SECRETARY, started_on=OLD_TERM)  # fmt: skip
    old, new = (_file_cadre(cadre_admin, p, org.pk) for p in people[:2])
    return SimpleNamespace(org=org, people=people, old=old, new=new)


def _elect_new_committee(enterprise: SimpleNamespace, branch: SimpleNamespace) -> None:
    secretary = make_user("shuji_pp", Role.SECRETARY, branch.org)
    higher = make_user("zongzhi_pp", Role.ORG_ADMIN, enterprise.general)
    ids = [p.pk for p in branch.people]
    election = election_request(actor=secretary, organization_id=branch.org.pk, seats=3,
                                candidate_ids=ids[1:5], requested_on=date(2026, 2, 1))  # fmt: skip
    election_approve(actor=higher, election_id=election.pk, approved_on=date(2026, 2, 5),
                     document="总支字〔2026〕5号")  # fmt: skip
    election_hold(actor=secretary, election_id=election.pk, held_on=HELD, present_ids=ids,
                  ballots=[Ballot(ids[1], 8), Ballot(ids[2], 7), Ballot(ids[3], 6),
                           Ballot(ids[4], 2)])  # fmt: skip
    election_assign_posts(actor=secretary, election_id=election.pk,
                          posts=[(ids[1], "secretary"), (ids[2], "organization"),
                                 (ids[3], "propaganda")])  # fmt: skip
    election_report(actor=secretary, election_id=election.pk, reported_on=date(2026, 3, 3))
    election_approve_secretaries(actor=higher, election_id=election.pk, approval=SecretaryApproval(
        date(2026, 3, 9), "中共第一党总支", "总支字〔2026〕6号"))  # fmt: skip
    election_confirm(
        actor=higher, election_id=election.pk, confirmed_on=APPROVED, document="批复〔2026〕1号"
    )


def test_the_approved_committee_appears_in_the_cadre_files_that_day(
    enterprise: SimpleNamespace, branch: SimpleNamespace
) -> None:
    """ORG-5: the old committee's posts end and the new one's start on the approval day."""
    assert [p.text for p in party_posts(branch.old, APPROVED)] == ["一支部书记"]
    assert party_posts(branch.new, APPROVED) == []
    cadres_before = Cadre.objects.count()
    _elect_new_committee(enterprise, branch)
    assert party_posts(branch.old, APPROVED) == []
    assert [p.text for p in party_posts(branch.old, date(2026, 3, 9))] == ["一支部书记"]
    assert party_posts(branch.old)[0].ended_on == APPROVED
    held = party_posts(branch.new, APPROVED)
    assert [(p.text, p.organization_kind, p.started_on) for p in held] == [
        ("一支部书记", "党支部", APPROVED)
    ]
    assert party_posts(branch.new, date(2026, 3, 9)) == []
    # 委员甲 and 委员乙 hold posts now but are not cadres: no file is made for them.
    assert Cadre.objects.count() == cadres_before


def test_the_file_page_shows_the_party_posts_as_of_the_day_asked(
    enterprise: SimpleNamespace, branch: SimpleNamespace, cadre_admin: User, login: Login
) -> None:
    _elect_new_committee(enterprise, branch)
    client = login(cadre_admin)
    url = reverse("cadres:file", args=[branch.old.pk])
    before = client.get(url, {"on": "2026-03-09"}).content.decode()
    assert "一支部书记" in before.split('id="party-posts-on"')[1].split("</p>")[0]
    after = client.get(url, {"on": APPROVED.isoformat()}).content.decode()
    on_day = after.split('id="party-posts-on"')[1].split("</p>")[0]
    assert "一支部" not in on_day and "无" in on_day
    history = after.split('id="party-post-history"')[1].split("</table>")[0]
    assert "2023-03-10" in history and "2026-03-10" in history
    listed = client.get(reverse("cadres:list"), {"on": APPROVED.isoformat()}).content.decode()
    row = listed.split(f'href="/cadres/{branch.new.pk}/"')[1].split("</tr>")[0]
    assert "一支部书记" in row


def test_the_api_gives_the_party_posts_as_of_a_date(
    enterprise: SimpleNamespace, branch: SimpleNamespace, cadre_admin: User, login: Login
) -> None:
    _elect_new_committee(enterprise, branch)
    client = login(cadre_admin)
    body = client.get(f"/api/cadres/{branch.new.pk}", {"on": APPROVED.isoformat()}).json()
    assert [(p["organization"], p["title"]) for p in body["party_posts"]] == [("一支部", "书记")]
    earlier = client.get(f"/api/cadres/{branch.new.pk}", {"on": "2026-03-09"}).json()
    assert earlier["party_posts"] == [] and len(earlier["party_post_history"]) == 1
    rows = client.get("/api/cadres", {"on": APPROVED.isoformat()}).json()["items"]
    assert {r["name"]: r["party_posts"] for r in rows} == {"老书记": [], "新书记": ["一支部书记"]}


def test_a_cadre_filed_before_their_member_record_still_shows_the_posts(
    enterprise: SimpleNamespace, cadre_admin: User
) -> None:
    """The member registered after the cadre: matched by the same ID number."""
    member = make_member(enterprise.branch_b, name="后登记")
    cadre = _file_cadre(cadre_admin, member, enterprise.branch_b.pk)
    Cadre.objects.filter(pk=cadre.pk).update(member=None)
    cadre.refresh_from_db()
    Position.objects.create(member=member, organization=enterprise.general,
                            title=PositionTitle.COMMITTEE, started_on=date(2025, 1, 1))  # fmt: skip
    assert [p.text for p in party_posts(cadre, date(2026, 1, 1))] == ["第一党总支委员"]
