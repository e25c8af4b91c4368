"""The screen's doors: the JSON endpoint (scope, drill-down, the day, a Chinese 400), the
pages, the drill-down list page, and the kiosk links (create, use, revoke, expire, audit)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from dangjian.core.masking import MaskingFilter
from dangjian.core.models import AuditLog
from dangjian.screen.kiosk import KioskInput, kiosk_link_create, kiosk_link_revoke
from dangjian.screen.models import KioskToken
from tests.screen.conftest import AFTER, BEFORE

Login = Callable[[User], Client]


def test_data_is_scoped_and_drills_down(
    history: SimpleNamespace, login: Login, sysadmin: User
) -> None:
    client = login(sysadmin)
    whole = client.get("/screen/data", {"on": AFTER.isoformat()}).json()
    assert whole["organization_name"] == "测试公司党委" and whole["total"] == 3
    assert {c["name"] for c in whole["children"]} == {"第一党总支", "三支部"}
    panels = {p["code"] for p in whole["panels"]}
    assert {"stage", "gender", "age", "education", "occupation", "joined", "standing", "orgs",
            "development", "meetings", "dues", "dynamics", "terms", "trend"} <= panels  # fmt: skip
    sub = client.get("/screen/data", {"org": history.general.pk, "on": BEFORE.isoformat()}).json()
    assert (sub["total"], sub["parent_id"]) == (4, history.root.pk)


def test_the_list_page_shows_the_figure_count(
    history: SimpleNamespace, login: Login, sysadmin: User
) -> None:
    client = login(sysadmin)
    page = client.get("/screen/list/stage/probationary/", {"on": BEFORE.isoformat()})
    assert page.status_code == 200
    text = page.content.decode()
    assert 'id="drill-count">1<' in text and "预备" in text
    assert client.get("/screen/list/stage/full/", {"on": "2099-01-01"}).status_code == 400
    assert client.get("/screen/list/nope/x/").status_code == 404


def test_bad_parameters_are_a_chinese_400_naming_the_field(
    history: SimpleNamespace, login: Login, sysadmin: User
) -> None:
    client = login(sysadmin)
    future = (timezone.localdate() + timedelta(days=1)).isoformat()
    for params, field in (
        ({"on": future}, "on"),
        ({"on": "2024-02-30"}, "on"),
        ({"org": "abc"}, "org"),
    ):
        response = client.get("/screen/data", params)
        assert response.status_code == 400
        body = response.json()
        assert field in body["errors"] and (
            "统计日期" in body["detail"] or "党组织" in body["detail"]
        )


def test_out_of_scope_is_404_and_a_member_is_refused(
    history: SimpleNamespace, login: Login, secretary_a: User, member_a_user: User
) -> None:
    client = login(secretary_a)
    assert client.get("/screen/data").json()["organization_name"] == "一支部"
    assert client.get("/screen/data", {"org": history.branch_b.pk}).status_code == 404
    assert client.get("/screen/data", {"org": history.root.pk}).status_code == 404
    client.force_login(member_a_user)
    assert client.get("/screen/data").status_code == 403
    assert client.get("/screen/").status_code == 403


def test_pages_render(history: SimpleNamespace, login: Login, sysadmin: User) -> None:
    client = login(sysadmin)
    big = client.get("/screen/").content.decode()
    assert 'class="screen-display' in big and "echarts.min.js" in big
    dash = client.get("/screen/dashboard/").content.decode()
    assert "大屏显示" in dash and 'data-refresh="300"' in dash


# ---- kiosk links -------------------------------------------------------------------------


def _link(actor: User, org_id: int, days: int = 30) -> str:
    _token, value = kiosk_link_create(actor=actor, data=KioskInput(org_id, "会议室大屏", days))
    return value


def test_kiosk_link_shows_only_its_organisation(
    history: SimpleNamespace, org_admin_general: User
) -> None:
    value = _link(org_admin_general, history.general.pk)
    anonymous = Client()
    page = anonymous.get(f"/screen/k/{value}/")
    assert page.status_code == 200 and "screen-kiosk" in page.content.decode()
    assert "退出大屏" not in page.content.decode()
    data = anonymous.get(f"/screen/k/{value}/data", {"on": BEFORE.isoformat()}).json()
    # The same figures as the 党总支's own administrator sees; no note invites a click.
    admin = Client()
    admin.force_login(org_admin_general)
    own = admin.get("/screen/data", {"on": BEFORE.isoformat()}).json()
    assert any("点击" in p["note"] for p in own["panels"])
    assert not any("点击" in p["note"] for p in data["panels"])
    for panels in (own["panels"], data["panels"]):
        for panel in panels:
            panel.pop("note")
    assert data == own
    assert data["organization_name"] == "第一党总支"
    child = anonymous.get(f"/screen/k/{value}/data", {"org": history.branch_a.pk}).json()
    assert child["organization_name"] == "一支部"
    for outside in (history.root.pk, history.branch_c.pk):
        assert anonymous.get(f"/screen/k/{value}/data", {"org": outside}).status_code == 404
    # No other page takes the link: the lists, the member pages and the API ask for a login.
    for url in ("/screen/data", "/screen/list/stage/full/", "/members/", f"/screen/?t={value}"):
        assert anonymous.get(url).status_code == 302
    uses = AuditLog.objects.filter(action="kiosk.use").count()
    assert uses >= 4  # every use recorded


def test_kiosk_link_stops_when_revoked_or_expired(
    history: SimpleNamespace, org_admin_general: User
) -> None:
    value = _link(org_admin_general, history.general.pk)
    token = KioskToken.objects.get()
    kiosk_link_revoke(actor=org_admin_general, token_id=token.pk)
    gone = Client().get(f"/screen/k/{value}/data")
    # The display reads "gone" as the end: it clears its panels and stops asking.
    assert gone.status_code == 404
    assert gone.json() == {"detail": "展示链接已失效或已撤销，请联系管理员", "link": "gone"}
    assert AuditLog.objects.filter(action="kiosk.revoke").count() == 1
    other = _link(org_admin_general, history.general.pk)
    past = timezone.now() - timedelta(days=2)
    KioskToken.objects.filter(revoked_at__isnull=True).update(
        created_at=past, expires_at=past + timedelta(days=1)
    )
    assert Client().get(f"/screen/k/{other}/data").status_code == 404
    for page in (Client().get(f"/screen/k/{other}/"), Client().get("/screen/k/kiosk_made-up/")):
        # The display's own words, and no way into the platform from a screen without a login.
        html = page.content.decode()
        assert page.status_code == 404 and "展示链接已失效或已撤销，请联系管理员" in html
        assert "返回工作台" not in html


def test_only_an_organisation_administrator_creates_links(
    history: SimpleNamespace, secretary_a: User, org_admin_general: User, login: Login
) -> None:
    with pytest.raises(PermissionDenied):
        _link(secretary_a, history.branch_a.pk)
    assert login(secretary_a).get("/screen/kiosk/").status_code == 403
    client = login(org_admin_general)
    response = client.post(
        "/screen/kiosk/", {"organization_id": history.branch_a.pk, "label": "一楼大厅", "days": 400}
    )
    assert "有效天数" in response.content.decode() and not KioskToken.objects.exists()
    response = client.post(
        "/screen/kiosk/", {"organization_id": history.branch_a.pk, "label": "一楼大厅", "days": 7}
    )
    assert 'id="kiosk-created"' in response.content.decode()
    assert KioskToken.objects.get().organization == history.branch_a
    assert AuditLog.objects.filter(action="kiosk.create").count() == 1
    outside = client.post(
        "/screen/kiosk/", {"organization_id": history.branch_c.pk, "label": "x", "days": 7}
    )
    assert "不是有效的选项" in outside.content.decode()


def test_what_the_screen_shows_names_no_rule_id(
    history: SimpleNamespace, login: Login, sysadmin: User
) -> None:
    """Titles, notes and labels are Chinese: an article may be cited, a rule ID never."""
    import json
    import re

    data = login(sysadmin).get("/screen/data").json()
    shown = json.dumps([[p["title"], p["note"], [b["label"] for b in p["bars"]]] for p in data["panels"]],
                       ensure_ascii=False)  # fmt: skip
    assert not re.search(r"\b[A-Z]{2,}-\d", shown), shown
    assert "《中国共产党支部工作条例（试行）》第十一条" in shown


def test_kiosk_token_is_never_stored_or_logged(
    history: SimpleNamespace, org_admin_general: User, caplog: pytest.LogCaptureFixture
) -> None:
    """Only the token's hash is kept: the audit log's request line and detail, and the server
    log (a 404 of a revoked link among them), keep its first three characters."""
    value = _link(org_admin_general, history.general.pk)
    anonymous = Client()
    assert anonymous.get(f"/screen/k/{value}/data").status_code == 200
    use = AuditLog.objects.filter(action="kiosk.use").latest("pk")
    assert value not in use.request and value not in use.detail
    assert f"/screen/k/{value[:9]}…（已隐去）/data" in use.request
    kiosk_link_revoke(actor=org_admin_general, token_id=KioskToken.objects.get().pk)
    with caplog.at_level("INFO"):
        assert anonymous.get(f"/screen/k/{value}/data").status_code == 404
    for record in caplog.records:
        MaskingFilter().filter(record)
        assert value not in record.getMessage()
    stored = AuditLog.objects.values_list("request", "detail", "object_repr")
    assert all(value not in field for row in stored for field in row)


@pytest.mark.parametrize("label", ["a\u202eb", "大厅\u200b"])
def test_a_link_purpose_with_invisible_or_direction_characters_is_refused(
    history: SimpleNamespace, org_admin_general: User, login: Login, label: str
) -> None:
    response = login(org_admin_general).post(
        "/screen/kiosk/", {"organization_id": history.general.pk, "label": label, "days": 7}
    )
    page = response.content.decode()
    assert "用途不能包含改变文字方向" in page or "用途含有看不见的字符" in page
    assert not KioskToken.objects.exists()
