"""A member's request to correct a field of their archive; the branch approves or refuses."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.http import Http404
from django.test import Client
from pytest_django.fixtures import DjangoCaptureOnCommitCallbacks

from dangjian.core.errors import Conflict, InvalidInput
from dangjian.members.models import EventKind, Member, MemberEvent
from dangjian.notifications.models import Delivery
from dangjian.portal import services
from dangjian.portal.models import CorrectionRequest, CorrectionState

pytestmark = pytest.mark.django_db


def _ask(user: User, field: str = "native_place", value: str = "河北保定") -> CorrectionRequest:
    return services.correction_request(
        actor=user, field=field, proposed_value=value, reason="户口簿上的籍贯与档案不一致"
    )


def test_approval_corrects_the_archive_with_an_event_naming_the_secretary(
    member_a: Member, member_a_user: User, secretary_a: User
) -> None:
    asked = _ask(member_a_user)
    services.correction_approve(actor=secretary_a, request_id=asked.pk)
    member_a.refresh_from_db()
    assert member_a.native_place == "河北保定"
    event = MemberEvent.objects.filter(member=member_a, kind=EventKind.UPDATED).get()
    assert event.changes["native_place"][1] == "河北保定"
    assert event.actor == secretary_a
    assert event.reason == "党员本人申请更正籍贯：户口簿上的籍贯与档案不一致"
    asked.refresh_from_db()
    assert (asked.state, asked.decided_by) == (CorrectionState.APPROVED, secretary_a)


def test_a_choice_is_asked_by_its_chinese_name_and_stored_as_its_code(
    member_a: Member, member_a_user: User, secretary_a: User
) -> None:
    asked = _ask(member_a_user, "education", "研究生")
    services.correction_approve(actor=secretary_a, request_id=asked.pk)
    member_a.refresh_from_db()
    assert member_a.education == "postgraduate"


def test_a_secretary_of_another_branch_cannot_act_on_the_request(
    member_a: Member, member_a_user: User, secretary_b: User, login: Callable[[User], Client]
) -> None:
    asked = _ask(member_a_user)
    with pytest.raises(Http404):
        services.correction_approve(actor=secretary_b, request_id=asked.pk)
    with pytest.raises(Http404):
        services.correction_refuse(actor=secretary_b, request_id=asked.pk, reason="不同意")
    client = login(secretary_b)
    assert client.post(f"/portal/corrections/{asked.pk}/approve/").status_code == 404
    assert client.post(f"/api/portal/corrections/{asked.pk}/approve", {},
                       content_type="application/json").status_code == 404  # fmt: skip
    assert "张三" not in client.get("/portal/corrections/").content.decode()
    member_a.refresh_from_db()
    assert member_a.native_place != "河北保定"
    asked.refresh_from_db()
    assert asked.state == CorrectionState.PENDING


def test_the_member_cannot_approve_their_own_request(member_a: Member, member_a_user: User) -> None:
    asked = _ask(member_a_user)
    with pytest.raises(Http404):
        services.correction_approve(actor=member_a_user, request_id=asked.pk)


def test_refusal_keeps_the_archive_and_tells_the_member_why(
    member_a: Member, member_a_user: User, secretary_a: User,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:  # fmt: skip
    asked = _ask(member_a_user)
    before = member_a.native_place
    with django_capture_on_commit_callbacks(execute=True):
        services.correction_refuse(actor=secretary_a, request_id=asked.pk,
                                   reason="请提供户籍证明后再申请")  # fmt: skip
    member_a.refresh_from_db()
    assert member_a.native_place == before
    assert not MemberEvent.objects.filter(member=member_a, kind=EventKind.UPDATED).exists()
    told = Delivery.objects.get(dedupe_key=f"portal.correction:{asked.pk}:refused")
    assert told.user_id == member_a_user.pk
    assert told.notice is not None and "请提供户籍证明" in told.notice.body


def test_a_refusal_needs_a_reason_and_a_decided_request_cannot_be_decided_again(
    member_a_user: User, secretary_a: User
) -> None:
    asked = _ask(member_a_user)
    with pytest.raises(InvalidInput) as caught:
        services.correction_refuse(actor=secretary_a, request_id=asked.pk, reason="  ")
    assert caught.value.errors["reason"] == ["请填写不同意的理由"]
    services.correction_approve(actor=secretary_a, request_id=asked.pk)
    with pytest.raises(Conflict):
        services.correction_refuse(actor=secretary_a, request_id=asked.pk, reason="晚了")


@pytest.mark.parametrize(
    ("field", "value", "error_field"),
    [("status", "left", "field"), ("organization_id", "3", "field"),
     ("birth_date", "1985/03/09", "proposed_value"), ("education", "博士后", "proposed_value"),
     ("name", "张\u202e三", "proposed_value"), ("name", "", "proposed_value"),
     ("name", "张三", "proposed_value")],
)  # fmt: skip
def test_a_bad_request_names_the_field_and_writes_nothing(
    member_a: Member, member_a_user: User, field: str, value: str, error_field: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        _ask(member_a_user, field, value)
    assert error_field in caught.value.errors
    assert not CorrectionRequest.objects.exists()


def test_one_open_request_per_field(member_a_user: User) -> None:
    _ask(member_a_user)
    with pytest.raises(Conflict):
        _ask(member_a_user, value="河北石家庄")
    _ask(member_a_user, "work_unit", "检修分公司")
    assert CorrectionRequest.objects.count() == 2


def test_an_approval_the_archive_would_refuse_names_the_field_and_changes_nothing(
    member_a: Member, member_a_user: User, secretary_a: User
) -> None:
    """The birth date must agree with the ID number (GB 11643-1999): the request is refused at
    once; one stored before that check (or made wrong by a later change of the archive) is
    refused by the member service at approval, naming the field, and stays open."""
    born = member_a.birth_date
    other = "1985-03-09" if born.day != 9 else "1985-03-10"
    with pytest.raises(InvalidInput) as refused:
        _ask(member_a_user, "birth_date", other)
    assert "出生日期与身份证号不一致" in refused.value.errors["proposed_value"][0]
    asked = CorrectionRequest.objects.create(
        member=member_a, field="birth_date", recorded_value=born.isoformat(),
        proposed_value=other, reason="户口簿有误", requested_by=member_a_user,
    )  # fmt: skip
    with pytest.raises(InvalidInput) as caught:
        services.correction_approve(actor=secretary_a, request_id=asked.pk)
    assert "birth_date" in caught.value.errors
    member_a.refresh_from_db()
    assert member_a.birth_date == born
    asked.refresh_from_db()
    assert asked.state == CorrectionState.PENDING


def test_the_api_requests_and_the_secretary_approves(
    member_a: Member, member_a_user: User, secretary_a: User, client: Client
) -> None:
    client.force_login(member_a_user)
    made = client.post("/api/portal/corrections", {"field": "native_place",
                       "proposed_value": "山东济南", "reason": "籍贯登记有误"},
                       content_type="application/json")  # fmt: skip
    assert made.status_code == 201, made.content
    client.force_login(secretary_a)
    done = client.post(f"/api/portal/corrections/{made.json()['id']}/approve", {},
                       content_type="application/json")  # fmt: skip
    assert done.json()["state"] == "approved"
    member_a.refresh_from_db()
    assert member_a.native_place == "山东济南"


def test_a_phone_number_in_a_request_is_masked_for_a_secretary_without_reveal(
    member_a: Member, member_a_user: User, secretary_a: User, sysadmin: User, client: Client
) -> None:
    _ask(member_a_user, "phone", "13812345678")
    client.force_login(secretary_a)
    page = client.get("/portal/corrections/").content.decode()
    assert "13812345678" not in page and "138****5678" in page
    assert client.get("/api/portal/corrections").json()[0]["proposed_value"] == "138****5678"
    client.force_login(sysadmin)  # granted may_reveal
    assert client.get("/api/portal/corrections").json()[0]["proposed_value"] == "13812345678"
    client.force_login(member_a_user)
    assert client.get("/api/portal/corrections/mine").json()[0]["proposed_value"] == "13812345678"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("phone", "12345", "手机号码“12345”"), ("birth_date", "2030-01-01", "出生日期"),
     ("joined_on", "2030-01-01", "入党时间：日期不能晚于今天"),
     ("name", "张" * 100, "姓名不能超过40个字"), ("ethnicity", "火星族", "民族：“火星族”不是有效的选项"),
     ("native_place", "籍" * 61, "籍贯不能超过60个字")],
)  # fmt: skip
def test_a_value_the_archive_would_refuse_is_refused_at_once_and_blocks_nothing(
    member_a: Member, member_a_user: User, field: str, value: str, message: str, client: Client
) -> None:
    """The checks ``member_update`` applies run at submission, so no request waits for an
    approval that must fail and no field stays blocked by it."""
    with pytest.raises(InvalidInput) as caught:
        _ask(member_a_user, field, value)
    assert any(message in text for text in caught.value.errors["proposed_value"]), caught.value
    assert not CorrectionRequest.objects.exists()
    client.force_login(member_a_user)
    answer = client.post("/api/portal/corrections", {"field": field, "proposed_value": value,
                         "reason": "档案有误"}, content_type="application/json")  # fmt: skip
    assert answer.status_code in (400, 422)
    assert message in answer.json()["errors"][0]["message"]
    assert not CorrectionRequest.objects.exists()
    _ask(member_a_user, "native_place" if field != "native_place" else "address", "河北保定")


def test_a_refusal_without_a_body_names_the_schema_s_field(
    member_a_user: User, secretary_a: User, client: Client
) -> None:
    asked = _ask(member_a_user)
    client.force_login(secretary_a)
    answer = client.post(f"/api/portal/corrections/{asked.pk}/refuse", {},
                         content_type="application/json")  # fmt: skip
    assert answer.status_code in (400, 422)
    assert answer.json()["errors"] == [{"field": "reason", "message": "请填写不同意的理由"}]
    page = client.post(f"/portal/corrections/{asked.pk}/refuse/", {"reason": "请提供户籍证明"})
    assert page.status_code == 302
    asked.refresh_from_db()
    assert (asked.state, asked.decision_reason) == (CorrectionState.REFUSED, "请提供户籍证明")
