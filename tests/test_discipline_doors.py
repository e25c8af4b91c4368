"""Party sanctions (DISC-1) through every door: the pages, the member page's section, the API
and the register's Excel download; 开除党籍 as the exit, 撤销党内职务 ending the posts; the
voters of a meeting or election day without a member under 留党察看; the periods at the leap
day. Who may: whoever manages the member's organisation (``may_record_sanction``); another
branch's secretary gets a 404, the member a 403."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from dangjian.core.models import AuditLog
from dangjian.discipline.inputs import SanctionInput
from dangjian.discipline.models import Kind, SanctionRecord
from dangjian.discipline.selectors import sanction_row
from dangjian.discipline.services import sanction_record
from dangjian.dynamics.standing_models import DecisionKind, StandingDecision
from dangjian.members.choices import PositionTitle, Status
from dangjian.members.models import EventKind, Member, MemberEvent, Position
from dangjian.members.register import branch_register_as_of, register_as_of
from dangjian.rules.discipline import (
    Sanction,
    SanctionKind,
    in_impact_period,
    period_of,
    under_probation_in_party,
)

JSON = "application/json"
TODAY = timezone.localdate()
DAY = TODAY - timedelta(days=30)


def _form(**extra: str) -> dict[str, str]:
    return {"kind": "probation_in_party", "decided_on": DAY.isoformat(),
            "deciding_org": "测试公司党委", "document_number": "测委〔2026〕7号",
            "reason": "违反组织纪律", "term_years": "1"} | extra  # fmt: skip


def _body(**extra: Any) -> dict[str, Any]:
    return {"kind": "warning", "decided_on": DAY.isoformat(), "deciding_org": "测试公司纪委",
            "document_number": "测纪〔2026〕1号", "reason": "违反工作纪律"} | extra  # fmt: skip


def _errors(response: Any) -> dict[str, str]:
    return {e["field"]: e["message"] for e in response.json()["errors"]}


# -- pages ---------------------------------------------------------------------------------


def test_an_organisation_administrator_records_a_probation_seen_on_the_member_page(
    org_admin_general: User, member_a: Member, login: Callable[[User], Client]
) -> None:
    client = login(org_admin_general)
    response = client.post(f"/discipline/members/{member_a.pk}/new/", _form())
    assert response.status_code == 302
    record = SanctionRecord.objects.get(member=member_a)
    assert (record.kind, record.term_months, record.recorded_by) == (
        Kind.PROBATION_IN_PARTY, 12, org_admin_general)  # fmt: skip
    page = client.get(f"/members/{member_a.pk}/").content.decode()
    assert 'id="member-sanctions"' in page
    assert "留党察看期间无表决权、选举权和被选举权（《中国共产党纪律处分条例》第十二条）" in page
    assert "测委〔2026〕7号" in page


def test_the_branch_secretary_records_for_their_own_branch(
    secretary_a: User, member_a: Member, login: Callable[[User], Client]
) -> None:
    """The branch records what the 支部大会 decided and the 党委 approved (党章第四十条)."""
    client = login(secretary_a)
    response = client.post(f"/discipline/members/{member_a.pk}/new/", _form(kind="warning",
                           term_years=""))  # fmt: skip
    assert response.status_code == 302
    assert SanctionRecord.objects.filter(member=member_a, kind=Kind.WARNING).exists()


def test_another_branch_and_the_member_can_neither_record_nor_read(
    secretary_b: User, member_a_user: User, member_a: Member, login: Callable[[User], Client]
) -> None:
    sanction_record(actor=None, member_id=member_a.pk, data=SanctionInput(
        kind="warning", decided_on=DAY, deciding_org="测试公司纪委", reason="违反工作纪律"))  # fmt: skip
    other = login(secretary_b)
    assert other.get(f"/discipline/members/{member_a.pk}/new/").status_code == 404
    assert other.post(f"/discipline/members/{member_a.pk}/new/", _form()).status_code == 404
    record = SanctionRecord.objects.get()
    assert other.get(f"/discipline/{record.pk}/correct/").status_code == 404
    own = login(member_a_user)
    assert own.get(f"/discipline/members/{member_a.pk}/new/").status_code == 403
    assert own.get(f"/discipline/{record.pk}/correct/").status_code == 403
    page = own.get(f"/members/{member_a.pk}/").content.decode()
    assert 'id="member-sanctions"' not in page and "违反工作纪律" not in page
    assert SanctionRecord.objects.count() == 1


@pytest.mark.parametrize(
    ("extra", "field", "text"),
    [
        ({"decided_on": (TODAY + timedelta(days=1)).isoformat()}, "decided_on", "不能晚于今天"),
        ({"term_years": "3"}, "term_years", "留党察看期限不是有效的选项"),
        ({"term_years": ""}, "term_years", "第十二条"),
        ({"kind": "warning", "term_years": "1"}, "term_years", "没有察看期限"),
        ({"deciding_org": ""}, "deciding_org", "作出处分决定的组织"),
    ],
)
def test_bad_input_on_the_page_names_the_field(
    org_admin_general: User, member_a: Member, login: Callable[[User], Client],
    extra: dict[str, str], field: str, text: str,
) -> None:  # fmt: skip
    response = login(org_admin_general).post(
        f"/discipline/members/{member_a.pk}/new/", _form(**extra)
    )
    assert response.status_code == 400
    assert any(text in e for e in response.context["form"].errors[field])
    assert not SanctionRecord.objects.exists()


def test_a_document_number_twice_for_the_same_member_is_refused(
    org_admin_general: User, member_a: Member, member_b: Member, login: Callable[[User], Client]
) -> None:
    client = login(org_admin_general)
    assert client.post(f"/discipline/members/{member_a.pk}/new/", _form()).status_code == 302
    again = client.post(f"/discipline/members/{member_a.pk}/new/", _form(kind="warning",
                        term_years=""))  # fmt: skip
    assert again.status_code == 400
    assert "已登记过该党员的处分" in again.context["form"].errors["document_number"][0]
    # Another member may be named in the same decision.
    assert client.post(f"/discipline/members/{member_b.pk}/new/", _form()).status_code == 302


def test_a_correction_extends_a_probation_with_its_reason_audited(
    org_admin_general: User, member_a: Member, login: Callable[[User], Client]
) -> None:
    client = login(org_admin_general)
    client.post(f"/discipline/members/{member_a.pk}/new/", _form())
    record = SanctionRecord.objects.get()
    url = f"/discipline/{record.pk}/correct/"
    assert client.post(url, _form(term_years="2")).status_code == 400  # no reason given
    response = client.post(
        url, _form(term_years="2", correction_reason="察看期满仍未改正，延长一年")
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.term_months == 24
    row = AuditLog.objects.get(action="discipline.correct")
    assert row.detail == "察看期满仍未改正，延长一年"
    assert row.before is not None and row.before["term_months"] == 12


# -- the two sanctions that change more than their record ------------------------------------


def test_an_expulsion_records_the_exit_linked_to_the_sanction(
    org_admin_general: User, member_a: Member, login: Callable[[User], Client]
) -> None:
    """MEM-8: 开除党籍 is an exit; the member leaves today's counts from the decision date."""
    client = login(org_admin_general)
    response = client.post(f"/discipline/members/{member_a.pk}/new/",
                           _form(kind="expulsion", term_years="", with_exit="on"))  # fmt: skip
    assert response.status_code == 302
    record = SanctionRecord.objects.get()
    decision = StandingDecision.objects.get(member=member_a)
    assert (decision.kind, decision.sanction_id, decision.decided_on) == (
        DecisionKind.EXPULSION, record.pk, DAY)  # fmt: skip
    member_a.refresh_from_db()
    assert member_a.status == Status.LEFT


def test_removal_from_post_ends_the_party_posts_on_the_decision_date(
    enterprise: SimpleNamespace, org_admin_general: User, member_a: Member,
    login: Callable[[User], Client],
) -> None:  # fmt: skip
    post = Position.objects.create(member=member_a, organization=enterprise.branch_a,
                                   title=PositionTitle.SECRETARY, started_on=date(2023, 1, 1))  # fmt: skip
    response = login(org_admin_general).post(f"/discipline/members/{member_a.pk}/new/",
                                             _form(kind="removal_from_post", term_years=""))  # fmt: skip
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.ended_on == DAY
    event = MemberEvent.objects.get(member=member_a, kind=EventKind.POSITION)
    assert event.effective_on == DAY and "一支部书记" in event.changes["党内职务"][0]


# -- voters of the day (MEET-1, ELEC-4 read the same register) --------------------------------


def test_a_probation_decided_the_day_before_removes_the_voter_of_the_meeting_day(
    enterprise: SimpleNamespace, org_admin_general: User, secretary_a: User,
    member_a: Member, login: Callable[[User], Client],
) -> None:  # fmt: skip
    meeting_day = TODAY - timedelta(days=10)
    before = meeting_day - timedelta(days=1)
    assert member_a.pk in {e.member_id for e in branch_register_as_of(
        enterprise.branch_a, meeting_day).may_vote}  # fmt: skip
    login(org_admin_general).post(f"/discipline/members/{member_a.pk}/new/",
                                  _form(decided_on=before.isoformat()))  # fmt: skip
    for register in (branch_register_as_of(enterprise.branch_a, meeting_day),
                     register_as_of(secretary_a, enterprise.branch_a, meeting_day)):  # fmt: skip
        assert member_a.pk not in {e.member_id for e in register.may_vote}
        assert member_a.pk in {e.member_id for e in register.should_attend}
    earlier = branch_register_as_of(enterprise.branch_a, before - timedelta(days=1))
    assert member_a.pk in {e.member_id for e in earlier.may_vote}


# -- periods at the leap day (DISC-1) --------------------------------------------------------


def test_a_warning_of_the_leap_day_weighs_until_the_day_before_its_anniversary() -> None:
    """DISC-1 with DATE-1/DATE-2: 2024-02-29 + 12 months is 2025-02-28, the first free day."""
    warning = Sanction(SanctionKind.WARNING, date(2024, 2, 29))
    assert period_of(warning) == (date(2024, 2, 29), date(2025, 2, 28))
    assert in_impact_period([warning], date(2025, 2, 27)) == warning
    assert in_impact_period([warning], date(2025, 2, 28)) is None
    assert period_of(Sanction(SanctionKind.EXPULSION, date(2024, 2, 29))) is None


def test_a_two_year_probation_of_the_leap_day_ends_on_the_next_leap_day() -> None:
    probation = Sanction(SanctionKind.PROBATION_IN_PARTY, date(2024, 2, 29), term_months=24)
    assert period_of(probation) == (date(2024, 2, 29), date(2026, 2, 28))
    assert under_probation_in_party([probation], date(2026, 2, 27)) == probation
    assert under_probation_in_party([probation], date(2026, 2, 28)) is None


def test_the_page_shows_the_last_day_of_the_period(member_a: Member) -> None:
    record = sanction_record(actor=None, member_id=member_a.pk, data=SanctionInput(
        kind="serious_warning", decided_on=date(2024, 2, 29), deciding_org="测试公司纪委",
        reason="违反工作纪律"))  # fmt: skip
    row = sanction_row(record, date(2025, 8, 28))
    assert (row.period_last, row.current) == (date(2025, 8, 28), True)
    assert row.period_text == "2024年2月29日至2025年8月28日"
    assert not sanction_row(record, date(2025, 8, 29)).current


# -- the API -----------------------------------------------------------------------------------


def test_the_api_records_lists_and_corrects(
    org_admin_general: User, member_a: Member, login: Callable[[User], Client]
) -> None:
    client = login(org_admin_general)
    url = f"/api/discipline/members/{member_a.pk}/sanctions"
    created = client.post(url, _body(), content_type=JSON)
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["kind_label"], body["period_start"]) == ("警告", DAY.isoformat())
    assert "第十条" in body["rights"]
    assert [s["id"] for s in client.get(url).json()] == [body["id"]]
    assert client.get("/api/discipline/sanctions").json()["count"] == 1
    fixed = client.post(f"/api/discipline/sanctions/{body['id']}/correct",
                        _body(kind="serious_warning", correction_reason="处分种类登记有误"),
                        content_type=JSON)  # fmt: skip
    assert fixed.status_code == 200 and fixed.json()["kind"] == "serious_warning"
    assert AuditLog.objects.filter(action="discipline.correct").count() == 1


@pytest.mark.parametrize(
    ("extra", "field", "text"),
    [
        ({"decided_on": (TODAY + timedelta(days=1)).isoformat()}, "decided_on", "不能晚于今天"),
        ({"kind": "probation_in_party", "term_months": 36}, "term_months", "第十二条"),
        ({"kind": "probation_in_party", "term_months": 36}, "term_months", "实为36个月"),
        ({"reason": ""}, "reason", "不能为空"),
    ],
)
def test_api_bad_input_names_the_field_in_chinese(
    org_admin_general: User, member_a: Member, login: Callable[[User], Client],
    extra: dict[str, Any], field: str, text: str,
) -> None:  # fmt: skip
    response = login(org_admin_general).post(
        f"/api/discipline/members/{member_a.pk}/sanctions", _body(**extra), content_type=JSON
    )
    assert response.status_code in (400, 422), response.content
    assert text in _errors(response)[field]
    assert not SanctionRecord.objects.exists()


def test_api_duplicate_document_number_names_the_field(
    org_admin_general: User, member_a: Member, login: Callable[[User], Client]
) -> None:
    client = login(org_admin_general)
    url = f"/api/discipline/members/{member_a.pk}/sanctions"
    assert client.post(url, _body(), content_type=JSON).status_code == 201
    again = client.post(url, _body(kind="serious_warning"), content_type=JSON)
    assert "已登记过该党员的处分" in _errors(again)["document_number"]
    assert SanctionRecord.objects.count() == 1


def test_api_scope_another_branch_404_the_member_403_the_register_for_administrators(
    secretary_a: User, secretary_b: User, member_a_user: User, member_a: Member,
    login: Callable[[User], Client],
) -> None:  # fmt: skip
    record = sanction_record(actor=None, member_id=member_a.pk, data=SanctionInput(
        kind="warning", decided_on=DAY, deciding_org="测试公司纪委", reason="违反工作纪律"))  # fmt: skip
    url = f"/api/discipline/members/{member_a.pk}/sanctions"
    fix = f"/api/discipline/sanctions/{record.pk}/correct"
    other = login(secretary_b)
    assert other.get(url).status_code == 404
    assert other.post(url, _body(), content_type=JSON).status_code == 404
    assert other.post(fix, _body(correction_reason="x"), content_type=JSON).status_code == 404
    own = login(member_a_user)
    assert own.get(url).status_code == 403
    assert own.post(url, _body(), content_type=JSON).status_code == 403
    assert own.get("/api/discipline/sanctions").status_code == 403
    secretary = login(secretary_a)
    assert len(secretary.get(url).json()) == 1  # the branch's own member
    assert secretary.get("/api/discipline/sanctions").status_code == 403  # not the register
    assert SanctionRecord.objects.count() == 1


# -- the register's Excel download ------------------------------------------------------------


def test_the_register_downloads_as_excel_for_its_scope(
    org_admin_general: User, secretary_a: User, member_a: Member, member_c: Member,
    login: Callable[[User], Client],
) -> None:  # fmt: skip
    for member in (member_a, member_c):
        sanction_record(actor=None, member_id=member.pk, data=SanctionInput(
            kind="warning", decided_on=DAY, deciding_org="测试公司纪委", reason="违反工作纪律"))  # fmt: skip
    response = login(org_admin_general).get("/discipline/export.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    assert sheet is not None
    names = [row[0] for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert names == ["张三"]  # 三支部 is outside 第一党总支
    assert login(secretary_a).get("/discipline/export.xlsx").status_code == 403


def test_a_member_already_expelled_by_an_exit_gets_the_sanction_linked(
    org_admin_general: User, member_a: Member
) -> None:
    """An exit recorded first (dynamics) is linked when the sanction is recorded later."""
    from dangjian.dynamics.standing import DecisionInput, member_exit

    member_exit(actor=org_admin_general, member_id=member_a.pk, kind="expulsion",
                data=DecisionInput(decided_on=DAY, deciding_org="测试公司党委", reason="严重违纪"))  # fmt: skip
    record = sanction_record(actor=org_admin_general, member_id=member_a.pk, with_exit=True,
                             data=SanctionInput(kind="expulsion", decided_on=DAY,
                                                deciding_org="测试公司党委", reason="严重违纪"))  # fmt: skip
    assert StandingDecision.objects.get(member=member_a).sanction_id == record.pk
    assert StandingDecision.objects.count() == 1


def test_an_expulsion_without_the_exit_waits_among_the_expelled_without_exit(
    org_admin_general: User, member_a: Member, member_b: Member, login: Callable[[User], Client]
) -> None:
    """Unticked, the exit stays a separate act on the exits page (MEM-8)."""
    client = login(org_admin_general)
    response = client.post(f"/discipline/members/{member_a.pk}/new/",
                           _form(kind="expulsion", term_years=""))  # fmt: skip
    assert response.status_code == 302
    member_a.refresh_from_db()
    assert member_a.status == Status.NORMAL and not StandingDecision.objects.exists()
    # A second 开除党籍 of the same member is refused; another member's is recorded.
    again = client.post(f"/api/discipline/members/{member_a.pk}/sanctions",
                        _body(kind="expulsion", document_number="测纪〔2026〕2号"),
                        content_type=JSON)  # fmt: skip
    assert again.status_code == 422 and "开除党籍" in again.json()["errors"][0]["message"]
    api = client.post(f"/api/discipline/members/{member_b.pk}/sanctions",
                      _body(kind="expulsion", document_number="测纪〔2026〕2号"),
                      content_type=JSON)  # fmt: skip
    assert api.status_code == 201, api.content
    member_b.refresh_from_db()
    assert member_b.status == Status.LEFT  # the API's with_exit defaults to true
    assert StandingDecision.objects.get().sanction_id == api.json()["id"]
