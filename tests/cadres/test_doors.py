"""The cadre permission and scope through every door: pages, API, export, assistant; every
read of a file audited; the analysis as of a past date."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.test import Client

from dangjian.assistant.intents import parse_data_intent
from dangjian.assistant.tools import call_tool
from dangjian.cadres.models import Cadre, CadrePost, PostKind, PostLevel, ReserveCadre
from dangjian.cadres.selectors import cadre_analysis
from dangjian.cadres.services import CadreInput, PostInput, cadre_create, cadre_post_assign
from dangjian.core.models import AuditLog
from dangjian.rules.cadres import retires_within
from tests.cadres.conftest import person_number
from tests.test_api import bearer, issue

ON = date(2026, 6, 30)


def _cadre(actor: User, org_id: int, n: int, *, gender: str = "M", birth: date,
           since: date = date(2020, 1, 1), unit: str = "运检部", level: str = PostLevel.MIDDLE_CHIEF) -> Cadre:  # fmt: skip
    cadre = cadre_create(actor=actor, source="page", data=CadreInput(
        name=f"干部{n}", id_number=person_number(n, gender, birth), organization_id=org_id))  # fmt: skip
    post = PostInput(PostKind.ADMINISTRATIVE, unit, "主任", level, since)
    cadre_post_assign(actor=actor, cadre=cadre, post=post, source="page")
    return cadre


@pytest.fixture
def cadres(enterprise: SimpleNamespace, cadre_admin: User) -> SimpleNamespace:
    a = _cadre(cadre_admin, enterprise.branch_a.pk, 1, birth=date(1966, 8, 1))  # 60 on 2026-08-01
    b = _cadre(cadre_admin, enterprise.branch_b.pk, 2, gender="F", birth=date(1990, 1, 1),
               since=date(2025, 12, 1), unit="营销部")  # fmt: skip
    c = _cadre(cadre_admin, enterprise.branch_c.pk, 3, birth=date(1975, 3, 3), unit="财务部")
    ReserveCadre.objects.create(cadre=b, unit="运检部", title="主任", since=date(2024, 1, 1))
    return SimpleNamespace(a=a, b=b, c=c)


def test_the_analysis_counts_as_of_the_day_asked(
    cadres: SimpleNamespace, cadre_admin: User
) -> None:
    found = cadre_analysis(cadre_admin, ON)
    assert found.total == 3
    assert found.ages["56岁及以上"] == 1 and found.ages["36至40岁"] == 1
    assert found.tenure["不满1年"] == 1 and found.tenure["5至10年"] == 2
    assert found.gender == {"男": 2, "女": 1}
    assert found.levels["中层正职"] == 3 and found.levels["班子成员"] == 0
    assert found.retiring == {1: 1, 2: 1, 3: 1}
    assert {p["unit"] for p in found.posts_without_reserve} == {"营销部", "财务部"}
    earlier = cadre_analysis(cadre_admin, date(2025, 6, 30))
    assert earlier.total == 2  # the 营销部 post began in December 2025


def test_the_database_ranges_agree_with_the_rule(
    cadres: SimpleNamespace, cadre_admin: User
) -> None:
    """The retirement counts in SQL and ``rules.cadres.retires_within`` say the same."""
    for years in (1, 2, 3):
        expected = sum(retires_within(c.birth_date, 60 if c.gender == "M" else 55, ON, years)
                       for c in Cadre.objects.all())  # fmt: skip
        assert cadre_analysis(cadre_admin, ON, people=False).retiring[years] == expected


def test_a_subtree_grant_sees_only_its_subtree(
    cadres: SimpleNamespace, cadre_admin_general: User
) -> None:
    assert cadre_analysis(cadre_admin_general, ON).total == 2


def test_pages_need_the_permission(cadres: SimpleNamespace, login: Callable[[User], Client],
                                   plain_admin: User) -> None:  # fmt: skip
    client = login(plain_admin)
    for url in ("/cadres/", f"/cadres/{cadres.a.pk}/", "/cadres/analysis/",
                "/cadres/analysis.xlsx", "/cadres/import/"):  # fmt: skip
        response = client.get(url)
        assert response.status_code == 403, url
        assert "干部信息查看" in response.content.decode()
    assert "干部信息库" not in client.get("/").content.decode()


def test_pages_for_a_granted_user_and_each_file_read_is_audited(
    cadres: SimpleNamespace, login: Callable[[User], Client], cadre_admin_general: User
) -> None:
    client = login(cadre_admin_general)
    listed = client.get("/cadres/").content.decode()
    assert "干部1" in listed and "干部3" not in listed
    before = AuditLog.objects.filter(action="cadre.read").count()
    assert client.get(f"/cadres/{cadres.a.pk}/").status_code == 200
    assert AuditLog.objects.filter(action="cadre.read").count() == before + 1
    assert client.get(f"/cadres/{cadres.c.pk}/").status_code == 404  # outside the subtree
    page = client.get("/cadres/analysis/?on=2026-06-30").content.decode()
    assert 'id="cadre-charts"' in page and "echarts.min.js" in page
    export = client.get("/cadres/analysis.xlsx?on=2026-06-30")
    assert export.status_code == 200 and export.content[:2] == b"PK"
    assert "无法识别" in client.get("/cadres/analysis/?on=2026-99-99").content.decode()


def test_api_needs_the_permission_and_is_scoped(
    cadres: SimpleNamespace, client: Client, plain_admin: User, cadre_admin_general: User
) -> None:
    refused = client.get("/api/cadres", **bearer(issue(plain_admin)))
    assert refused.status_code == 403 and "干部信息查看" in refused.json()["detail"]
    token = bearer(issue(cadre_admin_general))
    listed = client.get("/api/cadres", **token).json()
    assert {r["name"] for r in listed["items"]} == {"干部1", "干部2"}
    assert client.get(f"/api/cadres/{cadres.c.pk}", **token).status_code == 404
    before = AuditLog.objects.filter(action="cadre.read").count()
    one = client.get(f"/api/cadres/{cadres.a.pk}", **token).json()
    assert one["posts"][0]["unit"] == "运检部" and "id_number" not in one
    assert AuditLog.objects.filter(action="cadre.read").count() == before + 1
    assert client.get("/api/cadres/analysis?on=2026-06-30", **token).json()["total"] == 2


def test_the_assistant_answers_only_permitted_users(
    cadres: SimpleNamespace, cadre_admin: User, plain_admin: User
) -> None:
    intent = parse_data_intent(cadre_admin, "近三年到龄退休的干部有多少？")
    assert intent is not None and intent.tool == "cadres_retiring"
    answered = call_tool(cadre_admin, intent.tool, intent.arguments)
    assert "到龄退休的有" in answered.text and not answered.data.get("refused")
    refused = call_tool(plain_admin, intent.tool, intent.arguments)
    assert refused.data.get("refused") and "干部信息查看" in refused.text


def test_a_post_cannot_start_before_the_one_it_replaces(
    cadres: SimpleNamespace, cadre_admin: User
) -> None:
    from dangjian.core.errors import InvalidInput

    post = PostInput(
        PostKind.ADMINISTRATIVE, "营销部", "主任", PostLevel.MIDDLE_CHIEF, date(2019, 1, 1)
    )
    with pytest.raises(InvalidInput, match="不晚于现任职务"):
        cadre_post_assign(actor=cadre_admin, cadre=cadres.a, post=post, source="page")
    assert CadrePost.objects.filter(cadre=cadres.a).count() == 1


def test_the_demo_files_its_leaders_for_zuzhibu(db: None) -> None:
    from dangjian.demo import load_demo

    load_demo(members=200, organisations=20, seed=7)
    zuzhibu = User.objects.get(username="zuzhibu")
    found = cadre_analysis(zuzhibu, date.today())
    assert found.total == Cadre.objects.count() > 0
    assert found.levels["班子成员"] >= 1


def test_only_the_security_administrator_grants_the_permission(
    enterprise: SimpleNamespace, plain_admin: User, cadre_admin: User
) -> None:
    from django.core.management import CommandError, call_command

    from tests.factories import Role, make_user

    make_user("anquan_t", Role.SECURITY_ADMIN, None)
    with pytest.raises(CommandError, match="仅安全管理员"):
        call_command("cadre_access", "zuzhi_plain", "--by", "ganbu_admin")
    call_command("cadre_access", "zuzhi_plain", "--by", "anquan_t")
    assert cadre_analysis(User.objects.get(pk=plain_admin.pk), ON).total == 0  # granted: no 403
    call_command("cadre_access", "zuzhi_plain", "--by", "anquan_t", "--revoke")
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        cadre_analysis(User.objects.get(pk=plain_admin.pk), ON)


def test_matter_reports_due_card_counts_its_list(
    cadres: SimpleNamespace, cadre_admin: User, plain_admin: User,
    login: Callable[[User], Client],
) -> None:  # fmt: skip
    from datetime import timedelta

    from django.utils import timezone

    from dangjian.cadres.due import cadre_due_items
    from dangjian.cadres.services import cadre_record_add

    today = timezone.localdate()
    due = today + timedelta(days=10)
    for cadre, reported in ((cadres.a, None), (cadres.b, today), (cadres.c, None)):
        cadre_record_add(actor=cadre_admin, cadre=cadre, kind="matter_report", source="page",
                         values={"year": due.year, "due_on": due, "reported_on": reported})  # fmt: skip
    (item,) = cadre_due_items(cadre_admin, today)
    assert item.count == 2 and item.severity == "info"
    rows = login(cadre_admin).get(item.url).content.decode()
    assert rows.count("即将到期") == 2 and "干部2" not in rows
    assert cadre_due_items(plain_admin, today) == []
