"""Pages of lost contact, exits, restoration, 限期改正, MEM-5 and the sanctions register: the
flow as a secretary reads it, bad input naming the field with nothing written, the home card
equal to the list it opens, and every door refused to another branch's secretary (404, as
for a missing record) and to a member."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.http.response import HttpResponseBase
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dangjian.core.due import due_items
from dangjian.discipline.inputs import SanctionInput
from dangjian.discipline.services import sanction_record
from dangjian.dynamics.standing import correction_start, lost_contact_open, search_attempt_add
from dangjian.dynamics.standing_models import LostContact, StandingDecision
from dangjian.members.choices import Status
from dangjian.members.models import Member
from dangjian.rules.dates import add_months
from tests.factories import Role, make_member, make_user

Login = Callable[[User], Client]
TODAY = timezone.localdate()


def _page(response: HttpResponseBase) -> str:
    return bytes(getattr(response, "content", b"")).decode()


@pytest.fixture
def lost_a(secretary_a: User, member_a: Member) -> LostContact:
    """张三 of 一支部, lost seven months ago and searched for once."""
    record = lost_contact_open(actor=secretary_a, member_id=member_a.pk,
                               lost_since=add_months(TODAY, -7))  # fmt: skip
    search_attempt_add(actor=secretary_a, record_id=record.pk,
                       searched_on=add_months(TODAY, -6), way="电话", result="停机")  # fmt: skip
    return record


@pytest.fixture
def committee_admin(enterprise: SimpleNamespace) -> User:
    return make_user("dangwei_admin", Role.ORG_ADMIN, enterprise.root)


def test_the_register_proposes_the_suspension_and_the_card_counts_it(
    login: Login, secretary_a: User, lost_a: LostContact
) -> None:
    client = login(secretary_a)
    page = _page(client.get(reverse("dynamics:lost")))
    proposals = page.split('id="proposal-table"')[1].split("</table>")[0]
    assert "张三" in proposals and "停止党籍" in proposals and "无出席记录" in proposals
    [card] = [i for i in due_items(secretary_a, TODAY) if i.key == "dynamics.suspension_due"]
    listed = _page(client.get(card.url)).split('id="proposal-table"')[1].split("</table>")[0]
    assert card.count == listed.count("<tr>") - 1 == 1  # less the header row
    assert card.citation == "《中国共产党党员教育管理工作条例》第二十四条"
    assert "dynamics.removal_due" not in {i.key for i in due_items(secretary_a, TODAY)}


def test_the_record_page_records_a_search_and_the_suspension(
    login: Login, secretary_a: User, lost_a: LostContact, member_a: Member
) -> None:
    client = login(secretary_a)
    url = reverse("dynamics:lost_record", args=[lost_a.pk])
    page = _page(client.get(url))
    assert 'id="suspension-due"' in page and "停机" in page and "党费台账中无记录" in page
    act = reverse("dynamics:lost_act", args=[lost_a.pk, "search"])
    response = client.post(act, {"searched_on": TODAY.isoformat(), "way": "走访", "result": ""})
    assert response.status_code == 400 and "查找结果不能为空" in _page(response)
    response = client.post(act, {"searched_on": TODAY.isoformat(), "way": "走访",
                                 "result": "家中无人"})  # fmt: skip
    assert response.status_code == 302
    suspend = reverse("dynamics:lost_act", args=[lost_a.pk, "suspend"])
    bad = {"suspend-decided_on": (TODAY + timedelta(days=1)).isoformat(),
           "suspend-deciding_org": "一支部", "suspend-reason": "查找无果"}  # fmt: skip
    response = client.post(suspend, bad)
    assert response.status_code == 400 and "决定日期不能晚于今天" in _page(response)
    assert not StandingDecision.objects.exists()
    response = client.post(suspend, {**bad, "suspend-decided_on": TODAY.isoformat()})
    assert response.status_code == 302
    member_a.refresh_from_db()
    assert member_a.status == Status.SUSPENDED
    assert "停止党籍" in _page(client.get(reverse("dynamics:exits")))


def test_an_exit_from_the_member_page(login: Login, secretary_a: User, member_a: Member) -> None:
    client = login(secretary_a)
    detail = _page(client.get(reverse("members:detail", args=[member_a.pk])))
    url = reverse("dynamics:exit_new", args=[member_a.pk])
    assert url in detail and 'id="lost-contact"' in detail
    response = client.post(url, {"kind": "removal", "decided_on": TODAY.isoformat(),
                                 "deciding_org": "一支部", "reason": "长期不履行义务"})  # fmt: skip
    assert response.status_code == 400 and "请选择除名事由" in _page(response)
    assert "第三十条" in _page(response)
    response = client.post(url, {"kind": "withdrawal", "decided_on": TODAY.isoformat(),
                                 "deciding_org": "一支部", "reason": "本人申请退党"})  # fmt: skip
    assert response.status_code == 302
    member_a.refresh_from_db()
    assert member_a.status == Status.LEFT
    assert "退党" in _page(client.get(reverse("dynamics:exits")))


def test_restoration_is_the_committee_s(
    login: Login, secretary_a: User, committee_admin: User, member_a: Member
) -> None:
    from dangjian.members.services import member_change

    member_change(actor=None, member_id=member_a.pk, changes={"status": "suspended"},
                  effective_on=TODAY - timedelta(days=10), reason="停止党籍")  # fmt: skip
    url = reverse("dynamics:restore_new", args=[member_a.pk])
    assert login(secretary_a).get(url).status_code == 403
    client = login(committee_admin)
    response = client.post(url, {"decided_on": TODAY.isoformat(), "deciding_org": "测试公司党委",
                                 "branch_meeting_on": TODAY.isoformat(), "reason": "本人申请，表现良好"})  # fmt: skip
    assert response.status_code == 302
    member_a.refresh_from_db()
    assert member_a.status == Status.NORMAL


def test_the_sanctions_register_is_restricted_and_scoped(
    enterprise: SimpleNamespace, login: Login, secretary_a: User, org_admin_general: User,
    member_a: Member, member_c: Member,
) -> None:  # fmt: skip
    for member in (member_a, member_c):
        sanction_record(actor=None, member_id=member.pk, data=SanctionInput(
            kind="probation_in_party", decided_on=TODAY - timedelta(days=30),
            deciding_org="测试公司纪委", reason="违反纪律", term_months=12))  # fmt: skip
    url = reverse("dynamics:sanctions")
    assert login(secretary_a).get(url).status_code == 403
    page = _page(login(org_admin_general).get(url))
    assert "张三" in page and "王五" not in page and "留党察看" in page


def test_another_branch_s_secretary_sees_nothing_by_any_door(
    login: Login, secretary_a: User, secretary_b: User, member_a: Member, lost_a: LostContact
) -> None:
    term = correction_start(actor=secretary_a, member_id=member_a.pk, starts_on=TODAY,
                            ends_on=TODAY + timedelta(days=90), deciding_org="一支部", reason="x")  # fmt: skip
    client = login(secretary_b)
    for name, args in [("lost_record", [lost_a.pk]), ("exit_new", [member_a.pk]),
                       ("correction_new", [member_a.pk]), ("restore_new", [member_a.pk])]:  # fmt: skip
        assert client.get(reverse(f"dynamics:{name}", args=args)).status_code == 404, name
    for action in ("search", "found", "suspend", "remove", "nothing"):
        url = reverse("dynamics:lost_act", args=[lost_a.pk, action])
        assert client.post(url, {}).status_code == 404, action
    close = reverse("dynamics:correction_close", args=[term.pk])
    assert client.post(close, {"outcome": "corrected", "outcome_on": TODAY.isoformat(),
                               "outcome_note": "x"}).status_code == 404  # fmt: skip
    response = client.post(reverse("dynamics:lost_new"), {
        "member_id": member_a.pk, "lost_since": TODAY.isoformat()})  # fmt: skip
    assert response.status_code == 400  # not a choice: A's members are not offered
    assert "失联党员不是有效的选项" in _page(response)
    for name in ("lost", "exits", "inactive"):
        page = _page(client.get(reverse(f"dynamics:{name}")))
        assert "张三" not in page, name
    assert not [i for i in due_items(secretary_b, TODAY) if i.key.startswith("dynamics.s")]
    term.refresh_from_db()
    assert term.outcome == "" and LostContact.objects.get().attempts.count() == 1


def test_a_member_is_refused_the_manager_pages(login: Login, member_a_user: User) -> None:
    client = login(member_a_user)
    for name in ("lost", "lost_new", "exits", "inactive", "sanctions"):
        assert client.get(reverse(f"dynamics:{name}")).status_code == 403, name


def test_the_inactive_list_shows_the_evidence(
    enterprise: SimpleNamespace, login: Login, secretary_a: User
) -> None:
    from dangjian.meetings.models import Mark
    from dangjian.meetings.services import meeting_record
    from tests.meetings.test_services import minutes, plan

    absent = make_member(enterprise.branch_a, name="久未参加")
    meeting = plan(secretary_a, enterprise.branch_a.pk, TODAY - timedelta(days=20))
    meeting_record(actor=secretary_a, meeting_id=meeting.pk,
                   minutes=minutes((absent.pk, Mark.ABSENT)))  # fmt: skip
    page = _page(login(secretary_a).get(reverse("dynamics:inactive")))
    row = page.split('id="inactive-table"')[1]
    assert "久未参加" in row and "无出席记录" in row and "1次" in row


def test_the_register_reads_a_fixed_number_of_queries(
    enterprise: SimpleNamespace, login: Login, secretary_a: User, lost_a: LostContact
) -> None:
    """One more lost member adds rows, not queries (the proposals and the open records)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(secretary_a)
    client.get(reverse("dynamics:lost"))  # warm the session and the scope
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("dynamics:lost"))
    for n in range(3):
        other = make_member(enterprise.branch_a, name=f"又失联{n}")
        record = lost_contact_open(actor=secretary_a, member_id=other.pk,
                                   lost_since=add_months(TODAY, -8))  # fmt: skip
        search_attempt_add(actor=secretary_a, record_id=record.pk, searched_on=TODAY,
                           way="电话", result="无人接听")  # fmt: skip
    with CaptureQueriesContext(connection) as four:
        page = _page(client.get(reverse("dynamics:lost")))
    assert page.count("又失联") == 6  # in the proposals and among the open records
    assert len(four.captured_queries) == len(one.captured_queries)


def test_the_removal_form_appears_two_years_after_the_suspension(
    login: Login, secretary_a: User, member_a: Member, lost_a: LostContact
) -> None:
    """MEM-4: the record page offers 除名 (自行脱党) once the proposal is due, and records it."""
    from dangjian.dynamics.standing import DecisionInput, membership_suspend
    from dangjian.rules.dates import add_years

    membership_suspend(actor=secretary_a, member_id=member_a.pk, data=DecisionInput(
        decided_on=TODAY, deciding_org="一支部", reason="查找无果"))  # fmt: skip
    client = login(secretary_a)
    url = reverse("dynamics:lost_record", args=[lost_a.pk])
    assert 'id="remove-form"' not in _page(client.get(url))
    StandingDecision.objects.update(decided_on=add_years(TODAY, -2))
    page = _page(client.get(url))
    assert 'id="removal-due"' in page and 'id="remove-form"' in page
    response = client.post(reverse("dynamics:lost_act", args=[lost_a.pk, "remove"]), {
        "remove-decided_on": TODAY.isoformat(), "remove-deciding_org": "一支部",
        "remove-reason": "停止党籍满二年仍无法取得联系"})  # fmt: skip
    assert response.status_code == 302
    member_a.refresh_from_db()
    assert member_a.status == Status.LEFT
    removal = StandingDecision.objects.get(kind="removal")
    assert removal.ground == "left_by_absence" and removal.lost_contact_id == lost_a.pk
