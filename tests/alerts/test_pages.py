"""The alerts page and the score page as a department reads them: citations, not rule IDs;
the formula with the weights in use; the ten branches most in need; a branch's trend."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from dangjian.alerts.models import Alert
from dangjian.alerts.services import scan_alerts
from dangjian.members.models import Member
from dangjian.orgs.models import Organization
from tests.factories import make_member
from tests.test_rule_ids_on_screens import RULE_ID, readable_text

Login = Callable[[User], Client]


@pytest.fixture
def two_months(enterprise: SimpleNamespace) -> None:
    """Branch A with two full members (ORG-1), scanned in October and November."""
    for i in range(2):
        make_member(enterprise.branch_a, name=f"甲{i}")
    scan_alerts(on=date(2026, 10, 20))
    scan_alerts(on=date(2026, 11, 20))


def test_the_list_cites_articles_and_links_each_alert_to_its_records(
    two_months: None, enterprise: SimpleNamespace, sysadmin: User, login: Login
) -> None:
    html = login(sysadmin).get("/alerts/?kind=structure").content.decode()
    assert RULE_ID.findall(readable_text(html)) == []
    assert (
        "《中国共产党支部工作条例（试行）》第四条" in html
        and f'href="/orgs/{enterprise.branch_a.pk}/"' in html
    )
    meetings = login(sysadmin).get("/alerts/?kind=meeting_missing").content.decode()
    org = enterprise.branch_a.pk
    link = f"/meetings/compliance/?org={org}&year=2026&grain=month"
    assert f'href="{link.replace("&", "&amp;")}"' in meetings
    # The link opens that branch's matrix by month, where the missed cell shows.
    matrix = login(sysadmin).get(link).content.decode().split("<table")[1]
    assert "一支部" in matrix and "二支部" not in matrix and "cell-state missing" in matrix


def test_a_secretary_opens_the_matrix_of_a_missed_meeting_and_a_dissolved_branch_its_page(
    enterprise: SimpleNamespace, secretary_a: User, sysadmin: User, login: Login
) -> None:
    """The branch's own secretary follows the link to the same cell; a branch dissolved since
    (no longer offered by the matrix) links to its own page."""
    Organization.objects.filter(pk=enterprise.branch_c.pk).update(dissolved_on=date(2026, 11, 5))
    scan_alerts(on=date(2026, 11, 10))
    mine = Alert.objects.get(kind="meeting_missing", organization=enterprise.branch_a,
                             subject_key="theme_day:2026-10-01")  # fmt: skip
    page = login(secretary_a).get(mine.url)
    assert page.status_code == 200
    assert "cell-state missing" in page.content.decode().split("<table")[1]
    gone = Alert.objects.get(kind="meeting_missing", organization=enterprise.branch_c,
                             subject_key="theme_day:2026-10-01")  # fmt: skip
    assert gone.url == f"/orgs/{enterprise.branch_c.pk}/"
    assert login(sysadmin).get(gone.url).status_code == 200


def test_filters_narrow_by_state_severity_and_organisation(
    two_months: None, enterprise: SimpleNamespace, sysadmin: User, login: Login
) -> None:
    client = login(sysadmin)
    resolved = client.get("/alerts/?state=resolved").content.decode().split('id="alert-table"')[1]
    # October's scan found September's 主题党日 missing; November's looks at October instead.
    assert "2026年9月主题党日" in resolved and "2026年10月主题党日" not in resolved
    assert (
        '<td data-label="解除日期">2026-11-20</td></tr>' in resolved
    )  # resolved on the day of November's scan
    only_c = client.get(f"/alerts/?org={enterprise.branch_c.pk}").content.decode()
    table = only_c.split('id="alert-table"')[1]
    assert "三支部" in table and "一支部" not in table and "二支部" not in table
    high = client.get("/alerts/?severity=high").content.decode().split('id="alert-table"')[1]
    assert "没有符合条件的预警" in high  # none of the kinds found here is of high severity


def test_the_score_page_shows_the_formula_the_ten_and_a_trend(
    two_months: None, enterprise: SimpleNamespace, sysadmin: User, login: Login
) -> None:
    client = login(sysadmin)
    html = client.get("/alerts/scores/").content.decode()
    assert "健康分 = 100 − Σ" in html and "高10分、中5分、低2分" in html
    top = html.split('id="score-top"')[1].split("</table>")[0]
    assert top.count("<tr>") == 1 + 3  # the head and three branches, all with alerts
    trend = client.get(f"/alerts/scores/?org={enterprise.branch_a.pk}").content.decode()
    rows = trend.split('id="score-trend"')[1].split("</table>")[0]
    assert "2026年10月" in rows and "2026年11月" in rows


def test_the_list_reads_a_fixed_number_of_queries_however_many_alerts(
    enterprise: SimpleNamespace, sysadmin: User, login: Login,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:  # fmt: skip
    """The page's queries do not grow with its rows (organisations read with the alerts)."""
    client = login(sysadmin)
    client.get("/alerts/")  # the session and the scope, once
    for i in range(30):
        m = make_member(enterprise.branch_a if i % 2 else enterprise.branch_c)
        Member.objects.filter(pk=m.pk).update(id_number=None, id_number_hash=None)
    scan_alerts(on=date(2026, 11, 2))
    with django_assert_max_num_queries(12):
        assert client.get("/alerts/?state=all").status_code == 200


@pytest.mark.parametrize(
    ("field", "label"), [("kind", "预警类型"), ("severity", "严重程度"), ("state", "状态")]
)
def test_a_bad_filter_of_the_api_names_its_field_in_chinese(
    enterprise: SimpleNamespace, sysadmin: User, login: Login, field: str, label: str
) -> None:
    response = login(sysadmin).get("/api/alerts", {field: "zzz"})
    assert response.status_code == 422
    text = json.dumps(response.json(), ensure_ascii=False)
    assert (
        f"{label}不是有效的选项" in text and f"{field}不是" not in text and "会议类型" not in text
    )
