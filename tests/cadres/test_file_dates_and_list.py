"""The cadre file's dates within the cadre's life at every door (page, HR import), the file's
header pairing each label with its value, the list's organisation filter and audited Excel
export, cadres past the retirement age flagged as of the chosen date, the cadre actions in the
audit log's filter, and a cadre in post only on a Party committee counted as in post."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from io import BytesIO
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dangjian.cadres.hr_import import hr_import_apply
from dangjian.cadres.models import Cadre, CadrePost, PostKind, PostLevel
from dangjian.cadres.selectors import CadreFilters, cadre_analysis, cadre_list
from dangjian.cadres.services import CadreInput, PostInput, cadre_create, cadre_post_assign
from dangjian.core.audit_display import AuditFilterForm
from dangjian.core.models import AuditLog
from dangjian.members.choices import PositionTitle
from dangjian.members.models import Position
from tests.cadres.conftest import hr_row, person_number, workbook
from tests.factories import make_member

Login = Callable[[User], Client]
BIRTH = date(1970, 5, 1)  # person_number's default birth date


def _cadre(actor: User, org_id: int, n: int, *, gender: str = "M",
           birth: date = BIRTH, post: bool = True) -> Cadre:  # fmt: skip
    cadre = cadre_create(actor=actor, source="page", data=CadreInput(
        name=f"干部{n}", id_number=person_number(n, gender, birth), organization_id=org_id))  # fmt: skip
    if post:
        held = PostInput(PostKind.ADMINISTRATIVE, "运检部", "主任", PostLevel.MIDDLE_CHIEF,
                         date(2020, 1, 1))  # fmt: skip
        cadre_post_assign(actor=actor, cadre=cadre, post=held, source="page")
    return cadre


def _text(response: Any) -> str:
    return str(response.content.decode())


def _future() -> str:
    return date(timezone.localdate().year + 1, 1, 1).isoformat()


def test_a_post_in_the_future_or_before_birth_is_refused_naming_the_field(
    enterprise: SimpleNamespace, cadre_admin: User, login: Login
) -> None:
    """A post from next year is not 现任, one from before the birth is not "the same record"."""
    cadre = _cadre(cadre_admin, enterprise.branch_a.pk, 1)
    client = login(cadre_admin)
    url = reverse("cadres:record_add", args=[cadre.pk, "post"])
    data = {"kind": "administrative", "unit": "营销部", "title": "主任",
            "level": "middle_chief", "started_on": _future()}  # fmt: skip
    future = _text(client.post(url, data))
    assert "任职时间不能晚于今天" in future
    before_birth = _text(client.post(url, data | {"started_on": "1950-01-01"}))
    assert "任职时间不能早于该干部的出生日期（1970年5月1日）" in before_birth
    same_post = _text(client.post(url, data | {"unit": "运检部", "started_on": "2021-01-01"}))
    assert "同一职务不能重复任职" in same_post and "已有相同记录" not in same_post
    assert list(CadrePost.objects.filter(cadre=cadre).values_list("unit", "ended_on")) == [
        ("运检部", None)
    ]


RECORDS_BEFORE_BIRTH: dict[str, tuple[dict[str, str], str]] = {
    "education": ({"level": "postgraduate", "graduated_on": "1960-07-01"}, "毕业时间"),
    "title": ({"name": "工程师", "obtained_on": "1960-12-01"}, "取得时间"),
    "training": ({"name": "培训班", "started_on": "1960-09-01", "ended_on": "1960-09-05",
                  "hours": "40"}, "开始日期"),
    "matter_report": ({"year": "2025", "due_on": "2026-03-31", "reported_on": "1960-01-01"},
                      "报告日期"),
    "reserve": ({"unit": "营销部", "title": "主任", "since": "1960-01-01"}, "列为后备时间"),
    "assessment": ({"year": "1965", "result": "excellent"}, "考核年度"),
}  # fmt: skip


@pytest.mark.parametrize("kind", list(RECORDS_BEFORE_BIRTH))
def test_every_record_form_refuses_a_date_before_the_birth(
    kind: str, enterprise: SimpleNamespace, cadre_admin: User, login: Login
) -> None:
    cadre = _cadre(cadre_admin, enterprise.branch_a.pk, 1)
    data, label = RECORDS_BEFORE_BIRTH[kind]
    changes = cadre.changes.count()
    response = login(cadre_admin).post(reverse("cadres:record_add", args=[cadre.pk, kind]), data)
    text = _text(response)
    assert response.status_code == 200
    assert label in text and ("出生日期" in text or "应在1970年至" in text)
    assert cadre.changes.count() == changes


def test_a_training_that_ends_after_today_is_refused(
    enterprise: SimpleNamespace, cadre_admin: User, login: Login
) -> None:
    cadre = _cadre(cadre_admin, enterprise.branch_a.pk, 1)
    data = {"name": "培训班", "started_on": "2025-09-01", "ended_on": _future(), "hours": "40"}
    response = login(cadre_admin).post(
        reverse("cadres:record_add", args=[cadre.pk, "training"]), data
    )
    assert "结束日期不能晚于今天" in _text(response)


def test_the_hr_import_refuses_a_post_before_the_birth_naming_its_column(
    enterprise: SimpleNamespace, cadre_admin: User
) -> None:
    row = hr_row("赵六", person_number(1), "一支部", new="是", since="1950-01-01")
    result = hr_import_apply(actor=cadre_admin, source=workbook([row]))
    assert result.refused and Cadre.objects.count() == 0
    found = {(p.header, p.reason) for p in result.report.problems}
    assert ("任职时间", "任职时间不能早于该干部的出生日期（1970年5月1日），请核对") in found


def test_the_file_header_pairs_each_label_with_its_value(
    enterprise: SimpleNamespace, cadre_admin: User, login: Login
) -> None:
    cadre = _cadre(cadre_admin, enterprise.branch_a.pk, 1, birth=date(1967, 10, 19))
    page = _text(login(cadre_admin).get(reverse("cadres:file", args=[cadre.pk])))
    basic = page[page.index('id="basic"') : page.index("</dl>")]
    pairs = dict(re.findall(r"<div><dt>(.*?)</dt><dd[^>]*>(.*?)</dd></div>", basic, re.S))
    assert pairs["性别"] == "男"
    assert pairs["出生日期"] == "1967-10-19"
    assert pairs["所在党组织"] == "一支部"
    assert pairs["参加工作时间"] == "未登记"
    assert "2027-10-19到龄" in pairs["退休年龄"]  # 60 for men (settings)


def test_the_list_filters_by_organisation_and_exports_audited(
    enterprise: SimpleNamespace, cadre_admin: User, login: Login
) -> None:
    a, c = (_cadre(cadre_admin, enterprise.branch_a.pk, 1),
            _cadre(cadre_admin, enterprise.branch_c.pk, 3))  # fmt: skip
    client = login(cadre_admin)
    page = _text(client.get(reverse("cadres:list"), {"org": enterprise.general.pk}))
    assert 'id="cadre-org"' in page and a.name in page and c.name not in page
    response = client.get(reverse("cadres:list_export"), {"org": enterprise.general.pk})
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet is not None
    names = [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert names == [a.name]
    exported = AuditLog.objects.filter(action="cadre.export")
    assert list(exported.values_list("object_id", flat=True)) == [str(a.pk)]


def test_the_export_keeps_the_cadre_scope(
    enterprise: SimpleNamespace, cadre_admin: User, cadre_admin_general: User, login: Login
) -> None:
    _cadre(cadre_admin, enterprise.branch_c.pk, 3)
    client = login(cadre_admin_general)
    response = client.get(reverse("cadres:list_export"), {"org": enterprise.root.pk})
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet is not None and sheet.max_row == 2  # title and header, no cadre of 三支部
    assert not AuditLog.objects.filter(action="cadre.export").exists()


def _flags(user: User, on: date) -> dict[str, bool]:
    """Name -> 已到退休年龄 on ``on``, as the list annotates it."""
    rows = cadre_list(user, CadreFilters(), on)
    return {c.name: bool(c.past_retirement) for c in rows}  # type: ignore[attr-defined]


def test_cadres_past_retirement_age_are_flagged_as_of_the_day(
    enterprise: SimpleNamespace, cadre_admin: User, login: Login
) -> None:
    """Settings: men 60, women 55. A woman born 1965-06-01 reaches it on 2020-06-01."""
    old = _cadre(cadre_admin, enterprise.branch_a.pk, 1, gender="F", birth=date(1965, 6, 1))
    _cadre(cadre_admin, enterprise.branch_a.pk, 2)
    rows = _flags(cadre_admin, date(2025, 1, 1))
    assert rows == {old.name: True, "干部2": False}
    day_before = _flags(cadre_admin, date(2020, 5, 31))
    assert day_before[old.name] is False
    assert cadre_analysis(cadre_admin, date(2025, 1, 1)).retired == 1
    assert cadre_analysis(cadre_admin, date(2020, 5, 31)).retired == 0
    client = login(cadre_admin)
    listed = _text(client.get(reverse("cadres:list"), {"on": "2025-01-01"}))
    assert listed.count("已到退休年龄</span>") == 1
    analysis = _text(client.get(reverse("cadres:analysis"), {"on": "2025-01-01"}))
    assert 'id="cadre-retired">1<' in analysis and old.name in analysis


def test_the_audit_filter_offers_the_cadre_actions() -> None:
    offered = dict(AuditFilterForm().fields["action"].choices)  # type: ignore[attr-defined]
    for action in ("cadre.read", "cadre.change", "cadre.export", "cadre.access_grant",
                   "cadre.access_revoke"):  # fmt: skip
        assert action in offered and offered[action] != action


def test_a_cadre_whose_only_post_is_a_party_post_is_in_post(
    enterprise: SimpleNamespace, cadre_admin: User, login: Login
) -> None:
    member = make_member(enterprise.branch_a, name="党支部书记甲")
    Position.objects.create(member=member, organization=enterprise.branch_a,
                            title=PositionTitle.SECRETARY, started_on=date(2023, 3, 10),
                            ended_on=date(2026, 3, 10))  # fmt: skip
    cadre_create(actor=cadre_admin, source="page", data=CadreInput(
        name=member.name, id_number=member.id_number or "",
        organization_id=enterprise.branch_a.pk))  # fmt: skip
    listed = [c.name for c in cadre_list(cadre_admin, CadreFilters(), date(2024, 1, 1))]
    assert listed == [member.name]
    assert cadre_list(cadre_admin, CadreFilters(), date(2026, 3, 10)).count() == 0
    found = cadre_analysis(cadre_admin, date(2024, 1, 1))
    assert found.total == 1 and found.levels["仅任党内职务"] == 1
    assert found.tenure["不满1年"] == 1
    page = _text(login(cadre_admin).get(reverse("cadres:list"), {"on": "2024-01-01"}))
    assert "一支部书记" in page and 'id="cadre-list"' in page
