"""Cadre records by hand through the pages: each form writes through its cadre service (recorded
on the file and in the audit log), refuses bad input naming the field in Chinese with nothing
written, and keeps the cadre permission (403) and the granted subtree (404)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dangjian.cadres.models import (
    AnnualAssessment,
    Cadre,
    CadreChange,
    CadrePost,
    EducationRecord,
    PersonalMatterReport,
    PostKind,
    PostLevel,
    ProfessionalTitle,
    ReserveCadre,
    TrainingRecord,
)
from dangjian.cadres.services import CadreInput, PostInput, cadre_create, cadre_post_assign
from dangjian.core.models import AuditLog
from tests.cadres.conftest import person_number

Login = Callable[[User], Client]


def _cadre(actor: User, org_id: int, n: int) -> Cadre:
    cadre = cadre_create(actor=actor, source="page", data=CadreInput(
        name=f"干部{n}", id_number=person_number(n), organization_id=org_id))  # fmt: skip
    post = PostInput(PostKind.ADMINISTRATIVE, "运检部", "主任", PostLevel.MIDDLE_CHIEF,
                     date(2020, 1, 1))  # fmt: skip
    cadre_post_assign(actor=actor, cadre=cadre, post=post, source="page")
    return cadre


@pytest.fixture
def cadres(enterprise: SimpleNamespace, cadre_admin: User) -> SimpleNamespace:
    """干部1 in 一支部 (inside 第一党总支), 干部3 in 三支部 (outside it)."""
    return SimpleNamespace(a=_cadre(cadre_admin, enterprise.branch_a.pk, 1),
                           c=_cadre(cadre_admin, enterprise.branch_c.pk, 3))  # fmt: skip


def _text(response: Any) -> str:
    return str(response.content.decode())


VALID: dict[str, tuple[dict[str, str], Any, dict[str, Any]]] = {
    "education": ({"level": "postgraduate", "degree": "硕士", "school": "华北电力大学",
                   "major": "电力系统", "full_time": "on", "graduated_on": "2008-07-01"},
                  EducationRecord, {"degree": "硕士", "graduated_on": date(2008, 7, 1)}),
    "title": ({"name": "高级工程师", "grade": "副高级", "obtained_on": "2015-12-01"},
              ProfessionalTitle, {"name": "高级工程师", "grade": "副高级"}),
    "training": ({"name": "中层干部培训班", "organiser": "省公司党校", "started_on": "2025-09-01",
                  "ended_on": "2025-09-05", "hours": "40"}, TrainingRecord, {"hours": 40}),
    "assessment": ({"year": "2025", "result": "excellent"}, AnnualAssessment,
                   {"year": 2025, "result": "excellent"}),
    "matter_report": ({"year": "2025", "due_on": "2026-03-31", "reported_on": "2026-03-10"},
                      PersonalMatterReport, {"reported_on": date(2026, 3, 10)}),
    "reserve": ({"unit": "营销部", "title": "主任", "since": "2025-01-01"}, ReserveCadre,
                {"unit": "营销部", "title": "主任"}),
}  # fmt: skip


@pytest.mark.parametrize("kind", list(VALID))
def test_each_record_form_writes_through_the_service(
    kind: str, cadres: SimpleNamespace, cadre_admin_general: User, login: Login
) -> None:
    data, model, expected = VALID[kind]
    client = login(cadre_admin_general)
    url = reverse("cadres:record_add", args=[cadres.a.pk, kind])
    assert client.get(url).status_code == 200
    audited = AuditLog.objects.filter(action="cadre.change").count()
    response = client.post(url, data)
    assert response.status_code == 302, _text(response)
    assert model.objects.filter(cadre=cadres.a, **expected).count() == 1
    change = CadreChange.objects.filter(cadre=cadres.a).latest("pk")
    assert change.source == "page" and change.actor == cadre_admin_general
    assert AuditLog.objects.filter(action="cadre.change").count() == audited + 1
    again = client.post(url, data, follow=True)  # the same record twice: nothing added
    assert "已有相同记录" in _text(again)
    assert model.objects.filter(cadre=cadres.a).count() == 1


def test_a_post_by_hand_ends_the_open_post_of_its_kind(
    cadres: SimpleNamespace, cadre_admin: User, login: Login
) -> None:
    client = login(cadre_admin)
    url = reverse("cadres:record_add", args=[cadres.a.pk, "post"])
    data = {"kind": "administrative", "unit": "营销部", "title": "主任",
            "level": "middle_chief", "started_on": "2024-05-01"}  # fmt: skip
    early = client.post(url, data | {"started_on": "2019-05-01"})
    assert early.status_code == 200 and "不晚于现任职务" in _text(early)
    assert CadrePost.objects.filter(cadre=cadres.a).count() == 1
    assert client.post(url, data).status_code == 302
    old, new = CadrePost.objects.filter(cadre=cadres.a).order_by("started_on")
    assert old.ended_on == date(2024, 4, 30) and new.ended_on is None and new.unit == "营销部"
    file = _text(client.get(reverse("cadres:file", args=[cadres.a.pk])))
    assert reverse("cadres:post_end", args=[cadres.a.pk, new.pk]) in file
    assert reverse("cadres:record_add", args=[cadres.a.pk, "training"]) in file


def test_ending_a_post_by_hand(cadres: SimpleNamespace, cadre_admin: User, login: Login) -> None:
    client = login(cadre_admin)
    post = CadrePost.objects.get(cadre=cadres.a)
    url = reverse("cadres:post_end", args=[cadres.a.pk, post.pk])
    before = client.post(url, {"ended_on": "2019-12-31"})
    assert "免职时间不能早于任职时间" in _text(before)
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    assert "免职时间不能晚于今天" in _text(client.post(url, {"ended_on": future}))
    post.refresh_from_db()
    assert post.ended_on is None
    assert client.post(url, {"ended_on": "2025-12-31"}).status_code == 302
    post.refresh_from_db()
    assert post.ended_on == date(2025, 12, 31)
    assert CadreChange.objects.filter(cadre=cadres.a, what__startswith="免去").count() == 1
    twice = client.post(url, {"ended_on": "2026-01-31"})
    assert "该职务已于2025年12月31日免去" in _text(twice)
    other = CadrePost.objects.get(cadre=cadres.c)  # a post of another cadre under this URL
    assert client.get(reverse("cadres:post_end", args=[cadres.a.pk, other.pk])).status_code == 404


REFUSED: list[tuple[str, dict[str, str], str]] = [
    ("training", {"name": "培训", "started_on": "2025-09-05", "ended_on": "2025-09-01",
                  "hours": "8"}, "结束日期不能早于开始日期"),
    ("training", {"name": "培训", "started_on": "2025-09-01", "ended_on": "2025-09-01",
                  "hours": "0"}, "学时"),
    ("training", {"started_on": "2025-09-01", "ended_on": "2025-09-01", "hours": "8"},
     "培训项目不能为空"),
    ("education", {"level": "phd", "graduated_on": "2008-07-01"}, "学历不是有效的选项"),
    ("education", {"level": "bachelor", "graduated_on": "2999-07-01"}, "毕业时间"),
    ("assessment", {"year": "二〇二五", "result": "excellent"}, "考核年度应为整数"),
    ("assessment", {"year": "2099", "result": "excellent"}, "考核年度应在1970年至"),
    ("matter_report", {"year": "2025", "due_on": "2024-03-31"}, "报告截止日期不能早于2025年"),
    ("reserve", {"unit": "营销部", "since": "2025-01-01"}, "拟任职务不能为空"),
    ("title", {"name": "工程师\u0007", "obtained_on": "2015-01-01"}, "专业技术职称不能包含控制字符"),
]  # fmt: skip


@pytest.mark.parametrize(("kind", "data", "message"), REFUSED)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(
    kind: str, data: dict[str, str], message: str, cadres: SimpleNamespace, cadre_admin: User,
    login: Login,
) -> None:  # fmt: skip
    changes = CadreChange.objects.count()
    response = login(cadre_admin).post(reverse("cadres:record_add", args=[cadres.a.pk, kind]), data)
    assert response.status_code == 200 and message in _text(response)
    assert CadreChange.objects.count() == changes


def test_the_service_refuses_what_the_form_would_let_through(
    cadres: SimpleNamespace, cadre_admin: User
) -> None:
    """Every door: a code or a future date given straight to the service is refused by field."""
    from dangjian.cadres.services import cadre_record_add
    from dangjian.core.errors import InvalidInput

    with pytest.raises(InvalidInput) as refused:
        cadre_record_add(actor=cadre_admin, cadre=cadres.a, kind="assessment",
                         values={"year": 2025, "result": "great"}, source="api")  # fmt: skip
    assert refused.value.errors == {"result": ["考核结果不是有效的选项"]}
    with pytest.raises(InvalidInput) as refused:
        cadre_record_add(actor=cadre_admin, cadre=cadres.a, kind="title", source="api",
                         values={"name": "工程师", "grade": "", "obtained_on": date(2999, 1, 1)})  # fmt: skip
    assert refused.value.errors == {"obtained_on": ["取得时间不能晚于今天"]}


@pytest.mark.parametrize("kind", [*VALID, "post"])
def test_without_the_cadre_permission_every_form_is_403(
    kind: str, cadres: SimpleNamespace, plain_admin: User, login: Login
) -> None:
    client = login(plain_admin)
    url = reverse("cadres:record_add", args=[cadres.a.pk, kind])
    assert client.get(url).status_code == 403
    assert client.post(url, VALID.get(kind, ({}, None, {}))[0]).status_code == 403
    post = CadrePost.objects.get(cadre=cadres.a)
    end = reverse("cadres:post_end", args=[cadres.a.pk, post.pk])
    assert client.post(end, {"ended_on": "2025-12-31"}).status_code == 403
    post.refresh_from_db()
    assert post.ended_on is None and not CadreChange.objects.filter(actor=plain_admin).exists()


@pytest.mark.parametrize("kind", [*VALID, "post"])
def test_a_cadre_outside_the_granted_subtree_is_404(
    kind: str, cadres: SimpleNamespace, cadre_admin_general: User, login: Login
) -> None:
    client = login(cadre_admin_general)
    url = reverse("cadres:record_add", args=[cadres.c.pk, kind])
    assert client.get(url).status_code == 404
    assert client.post(url, VALID.get(kind, ({}, None, {}))[0]).status_code == 404
    post = CadrePost.objects.get(cadre=cadres.c)
    end = reverse("cadres:post_end", args=[cadres.c.pk, post.pk])
    assert client.post(end, {"ended_on": "2025-12-31"}).status_code == 404
    assert not CadreChange.objects.filter(actor=cadre_admin_general).exists()


def test_an_unknown_record_kind_is_404(
    cadres: SimpleNamespace, cadre_admin: User, login: Login
) -> None:
    url = reverse("cadres:record_add", args=[cadres.a.pk, "reward"])
    assert login(cadre_admin).get(url).status_code == 404
