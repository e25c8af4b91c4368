"""ID and phone numbers never sit in clear outside the encrypted columns: audit rows, the
assistant's question log and the request log all go through one masking function."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client

from dangjian.assistant.services import exchange_log
from dangjian.core.audit import audit
from dangjian.core.masking import MaskingFilter, mask_data, mask_text
from dangjian.core.models import AuditLog
from dangjian.members.models import Member

ID = "211204199001011238"
PHONE = "13912345678"


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        (f"身份证号{ID}", "身份证号211204********1238"),
        ("身份证号21120419900101123X。", "身份证号211204********123X。"),
        (f"电话{PHONE}", "电话139****5678"),
        ("电话139-1234-5678", "电话139****5678"),
        ("旧号码 211204900101123", "旧号码 211204*****1123"),
        ("q=2112041990&page=2", "q=211*******&page=2"),
        ("q=1391234", "q=139****"),
        ("党员名册_20261130.xlsx", "党员名册_20261130.xlsx"),
        ("导出12名党员，第3页", "导出12名党员，第3页"),
        ("２１１２０４１９９００１０１１２３８", "211204********1238"),  # full width
        ("身份证 211204 19900101 1238", "身份证 211204********1238"),  # typed in groups
        ("211204-1990-0101-1238", "211204********1238"),
    ],
)
def test_numbers_are_masked_wherever_they_stand(text: str, masked: str) -> None:
    assert mask_text(text) == masked


def test_json_values_are_masked_but_numbers_kept() -> None:
    value = {"id_number": ID, "count": 3, "phones": [PHONE], "amount": 12.5}
    assert mask_data(value) == {
        "id_number": "211204********1238",
        "count": 3,
        "phones": ["139****5678"],
        "amount": 12.5,
    }


class Subject:
    pk = 7

    def __str__(self) -> str:
        return f"检索 {ID}"


@pytest.mark.django_db
def test_audit_rows_hold_no_clear_number() -> None:
    audit(
        actor=None,
        action="member.export",
        obj=Subject(),
        before={"phone": PHONE},
        after={"id_number": ID},
        detail=f"筛选：q={ID[:10]}",
    )
    log = AuditLog.objects.get()
    stored = f"{log.object_repr}{log.before}{log.after}{log.detail}"
    assert ID not in stored and PHONE not in stored and ID[:10] not in stored
    assert log.detail == "筛选：q=211*******"


@pytest.mark.django_db
def test_export_audit_row_masks_the_search_filter(
    login: Callable[[User], Client], org_admin_general: User, member_a: Member
) -> None:
    client = login(org_admin_general)
    assert member_a.id_number is not None
    response = client.get("/members/export.xlsx", {"q": member_a.id_number[:10]})
    assert response.status_code == 200
    log = AuditLog.objects.get(action="member.export")
    assert member_a.id_number[:10] not in log.detail
    assert member_a.id_number[:10] not in log.request
    assert "q=" + member_a.id_number[:3] in log.detail


@pytest.mark.django_db
def test_assistant_question_log_masks_numbers(secretary_a: User) -> None:
    exchange = exchange_log(
        user=secretary_a,
        question=f"{ID}这个人是哪个支部的？电话{PHONE}",
        answer=f"身份证号{ID}的党员在一支部",
        kind="data",
        passages=[],
        tools=[],
        refused=False,
    )
    exchange.refresh_from_db()
    assert ID not in exchange.question and PHONE not in exchange.question
    assert ID not in exchange.answer
    assert exchange.question.startswith("211204********1238")


def test_request_log_lines_are_masked() -> None:
    handlers = [
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, MaskingFilter) for f in h.filters)
    ]
    assert handlers, "the console handler carries the masking filter"
    record = logging.LogRecord(
        "django.request",
        logging.WARNING,
        __file__,
        1,
        "Forbidden: %s",
        (f"/members/?q={ID}",),
        None,
    )
    assert handlers[0].filter(record)
    assert record.getMessage() == "Forbidden: /members/?q=211204********1238"


@pytest.mark.django_db
def test_login_attempts_kept_by_the_lockout_hold_no_clear_number(client: Client) -> None:
    from axes.models import AccessAttempt

    client.post(f"/login/?next=/members/%3Fq%3D{ID}", {"username": "nobody", "password": "x"})
    attempt = AccessAttempt.objects.get()
    assert ID not in attempt.get_data and ID not in attempt.post_data
    assert "211204********1238" in attempt.get_data


@pytest.mark.django_db
def test_a_failed_login_typed_as_an_id_number_is_masked_in_the_actor_column(client: Client) -> None:
    client.post("/login/", {"username": ID, "password": "wrong-Passw0rd"})
    log = AuditLog.objects.get(action="auth.login_failed")
    assert ID not in log.actor_name and "211204********1238" in log.actor_name


def test_a_percent_encoded_number_in_a_request_line_is_masked(
    login: Callable[[User], Client], org_admin_general: User
) -> None:
    encoded = "%EF%BC%92%EF%BC%91%EF%BC%91%EF%BC%92%EF%BC%90%EF%BC%94" + "19900101" + "1238"
    login(org_admin_general).get(f"/members/export.xlsx?q={encoded}")
    rows = AuditLog.objects.exclude(request="")
    assert rows.exists()
    assert all("19900101" not in row.request for row in rows)


@pytest.mark.django_db
def test_a_request_line_that_decodes_to_control_characters_is_stored(
    client: Client, sysadmin: User
) -> None:
    """Token use records the request line, decoded; %00 decodes to a NUL that PostgreSQL
    cannot store (this answered 500 there)."""
    from dangjian.api.tokens import api_token_issue

    token = api_token_issue(actor=None, user=sysadmin, name="t")[1]
    response = client.get(
        "/api/organizations?%C2%93%00%C3%9A=&kind=group", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 200
    line = AuditLog.objects.exclude(request="").latest("seq").request
    assert "\x00" not in line and "\ufffd" in line
