"""The 班子与换届 benchmark at a tiny scale, the Excel exports and the due items on the ladder."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pytest_django import Settings

from dangjian.core.due import due_items
from dangjian.elections.models import CommitteeTerm
from dangjian.elections.services import term_record
from dangjian.orgs.models import Organization

Login = Callable[[User], Client]


def test_the_benchmark_runs_and_agrees_with_its_sql(
    db: None, settings: Settings, tmp_path: Path
) -> None:
    settings.REPO_DIR = tmp_path
    out = io.StringIO()
    call_command("elections_bench", "--organisations", "60", "--repeat", "1", stdout=out,
                 stderr=io.StringIO())  # fmt: skip
    text = out.getvalue()
    assert "a 任期表首页" in text and "c 全部任期表" in text and "比值" in text
    assert "结果不一致" not in text
    terms = Organization.objects.exclude(kind__in=["group", "temp_branch"]).count() * 3
    assert CommitteeTerm.objects.count() == terms
    assert CommitteeTerm.objects.filter(
        closed_on__isnull=True, ends_on__lt=timezone.localdate()
    ).exists()


def _terms(enterprise: SimpleNamespace) -> None:
    today = timezone.localdate()
    term_record(actor=None, organization_id=enterprise.branch_a.pk, number=2,
                elected_on=today - timedelta(days=3 * 365 + 40))  # overdue  # fmt: skip
    term_record(actor=None, organization_id=enterprise.branch_b.pk, number=1,
                elected_on=today - timedelta(days=3 * 365 - 60))  # due in about two months  # fmt: skip
    term_record(actor=None, organization_id=enterprise.general.pk, number=1,
                elected_on=today - timedelta(days=30))  # fmt: skip


def test_the_term_list_exports_overdue_first_and_sorts_on_request(
    enterprise: SimpleNamespace, org_admin_general: User, login: Login
) -> None:
    _terms(enterprise)
    client = login(org_admin_general)
    answer = client.get(reverse("elections:terms_xlsx"))
    sheet = load_workbook(io.BytesIO(answer.content)).active
    assert sheet is not None
    rows = [r for r in sheet.iter_rows(min_row=4, values_only=True) if r[0]]
    assert [(r[0], r[5]) for r in rows] == [("一支部", "已届满"), ("二支部", "即将到期"),
                                            ("第一党总支", "任期内")]  # fmt: skip
    assert str(rows[1][6]).startswith("任期届满前")
    by_org = load_workbook(
        io.BytesIO(client.get(reverse("elections:terms_xlsx"), {"sort": "elected"}).content)
    ).active
    assert by_org is not None
    assert next(r[0] for r in by_org.iter_rows(min_row=4, values_only=True) if r[0]) == "第一党总支"


def test_the_cards_follow_the_ladder_and_the_scope(
    enterprise: SimpleNamespace, org_admin_general: User, secretary_a: User, secretary_b: User
) -> None:
    _terms(enterprise)
    today = timezone.localdate()
    higher = {
        i.key: i for i in due_items(org_admin_general, today) if i.key.startswith("elections.")
    }
    assert higher["elections.due"].count == 2 and higher["elections.due"].severity == "alert"
    assert higher["elections.overdue"].count == 1
    assert (
        higher["elections.overdue"].due_on
        == CommitteeTerm.objects.get(organization=enterprise.branch_a).ends_on
    )
    assert higher["elections.vacant"].count >= 2  # no 书记 recorded in the two branches
    assert "?check=vacant" in higher["elections.vacant"].url
    own = {i.key: i for i in due_items(secretary_b, today) if i.key.startswith("elections.")}
    assert own["elections.due"].count == 1 and own["elections.overdue"].count == 0
    branch_a = {i.key: i for i in due_items(secretary_a, today) if i.key.startswith("elections.")}
    assert branch_a["elections.overdue"].count == 1


def test_the_overview_filters_match_the_card_counts(
    enterprise: SimpleNamespace, org_admin_general: User, login: Login
) -> None:
    _terms(enterprise)
    client = login(org_admin_general)
    overdue = client.get(reverse("elections:overview"), {"due": "overdue"}).content.decode()
    due_table = overdue.split('id="due"')[1].split('id="open"')[0]
    assert "一支部" in due_table and "二支部" not in due_table
    assert "任期届满已逾" in due_table or "任期已届满" in due_table
    vacant = client.get(reverse("elections:overview"), {"check": "vacant"}).content.decode()
    assert "职务空缺：班子检查未通过的党组织" in vacant
