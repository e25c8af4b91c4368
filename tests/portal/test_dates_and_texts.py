"""Date fields show their value in the browser's date picker; a notice's title and body refuse
the direction controls a meeting's topic refuses."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from dangjian.core.audit_display import AuditFilterForm
from dangjian.core.errors import InvalidInput
from dangjian.portal.models import Bulletin
from dangjian.portal.services import BulletinInput, bulletin_publish

pytestmark = pytest.mark.django_db


def test_the_notice_form_shows_today_in_the_date_picker(
    secretary_a: User, login: Callable[[User], Client]
) -> None:
    html = login(secretary_a).get("/portal/notices/new/").content.decode()
    field = re.search(r'<input type="date" name="published_on"[^>]*>', html)
    assert field is not None
    assert f'value="{timezone.localdate().isoformat()}"' in field.group(0)


def test_the_audit_filter_shows_its_dates_as_the_picker_reads_them() -> None:
    html = str(AuditFilterForm(initial={"since": date(2026, 11, 1), "until": date(2026, 11, 30)}))
    assert 'value="2026-11-01"' in html and 'value="2026-11-30"' in html


@pytest.mark.parametrize(
    ("title", "body", "field"),
    [("通知\u202egpj.exe", "正文", "title"), ("通知\u2066标题", "正文", "title"),
     ("通知", "第一行\n时间：\u202e五周", "body"), ("通知", "地点\u200f三楼", "body")],
)  # fmt: skip
def test_a_notice_refuses_direction_controls_as_a_meeting_topic_does(
    secretary_a: User, enterprise: SimpleNamespace, title: str, body: str, field: str
) -> None:
    data = BulletinInput(organization_id=enterprise.branch_a.pk, title=title, body=body,
                         published_on=date(2026, 11, 30))  # fmt: skip
    with pytest.raises(InvalidInput) as caught:
        bulletin_publish(actor=secretary_a, data=data)
    label = "通知标题" if field == "title" else "通知正文"
    assert caught.value.errors[field][0].startswith(f"{label}不能包含改变文字方向的控制字符")
    assert not Bulletin.objects.exists()


def test_a_notice_body_keeps_its_lines(secretary_a: User, enterprise: SimpleNamespace) -> None:
    data = BulletinInput(organization_id=enterprise.branch_a.pk, title="通知",
                         body="时间：周五\n\t地点：三楼", published_on=date(2026, 11, 30))  # fmt: skip
    assert bulletin_publish(actor=secretary_a, data=data).body == "时间：周五\n\t地点：三楼"


def test_the_api_and_the_form_refuse_a_title_with_a_direction_override(
    secretary_a: User, enterprise: SimpleNamespace, login: Callable[[User], Client]
) -> None:
    client = login(secretary_a)
    good = {"organization_id": enterprise.branch_a.pk, "title": "通知\u202e", "body": "内容",
            "published_on": "2026-11-30"}  # fmt: skip
    answer = client.post("/api/portal/bulletins", good, content_type="application/json")
    assert answer.status_code in (400, 422)
    assert answer.json()["errors"] == [
        {"field": "title", "message": "通知标题不能包含改变文字方向的控制字符（U+202E）"}
    ]
    page = client.post("/portal/notices/new/", {
        "organization": enterprise.branch_a.pk, "title": "通知\u202e", "body": "内容",
        "published_on": "2026-11-30",
    })  # fmt: skip
    assert "通知标题不能包含改变文字方向的控制字符" in page.content.decode()
    assert not Bulletin.objects.exists()
