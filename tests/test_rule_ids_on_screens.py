"""What a user reads cites the regulation and the article; a rule ID (DUES-1, ORG-3) appears on
a screen only as its own small tag for the department, never inside a sentence."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from dangjian.dues.ledger import ledger_generate
from dangjian.rules.dates import YearMonth
from tests.dues.conftest import payroll

RULE_ID = re.compile(r"\b(?:DUES|DEV|MEM|ORG|ID|STAT|DATE)-\d+\b")
TAGS = re.compile(r'<span class="(?:tag[^"]*|rule)"[^>]*>[^<]*</span>')
HIDDEN = re.compile(r"<(script|style)\b.*?</\1>", re.S)


def readable_text(html: str) -> str:
    """The page as a person reads it: rule tags, scripts and markup removed."""
    return re.sub(r"<[^>]+>", " ", TAGS.sub(" ", HIDDEN.sub(" ", html)))


def test_the_reading_leaves_out_tags_only() -> None:
    html = '<p>依据《党章》第七条 <span class="tag" title="规则编号">MEM-1</span>（DUES-2）</p>'
    assert RULE_ID.findall(readable_text(html)) == ["DUES-2"]


@pytest.mark.django_db
def test_pages_cite_articles_and_keep_rule_ids_as_tags(
    enterprise: Any, member_a: Any, sysadmin: Any, login: Callable[[Any], Client]
) -> None:
    month = YearMonth.from_date(timezone.localdate())
    payroll(member_a, month, "5100")
    ledger_generate(actor=None, month=month)
    client = login(sysadmin)
    pages = [
        "/",
        "/orgs/structure/",
        f"/orgs/{enterprise.branch_a.pk}/",
        f"/dues/?org={enterprise.branch_a.pk}&month={month}",
        f"/dues/member/{member_a.pk}/",
        "/dues/policy/",
        "/dues/payroll/",
        f"/members/{member_a.pk}/edit/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert RULE_ID.findall(readable_text(html)) == [], url
    explained = client.get(f"/dues/member/{member_a.pk}/").content.decode()
    assert "（依据《关于中国共产党党费收缴、使用和管理的规定》第二条）" in explained
    assert '<span class="tag" title="规则编号">DUES-1</span>' in explained


@pytest.mark.django_db
def test_the_import_templates_cite_articles_not_rule_ids(enterprise: Any) -> None:
    """The instructions a secretary reads in the downloaded templates (every cell of every
    sheet) name the regulation and article, never a rule ID."""
    from io import BytesIO

    from openpyxl import load_workbook

    from dangjian.members.excel.template import write_member_template, write_org_template

    write: Callable[[BytesIO], object]
    for write in (
        lambda buffer: write_member_template(
            buffer, example_branch=enterprise.branch_a, branches=[enterprise.branch_a]
        ),
        lambda buffer: write_org_template(buffer, example_parent=enterprise.general),
    ):
        buffer = BytesIO()
        write(buffer)
        book = load_workbook(BytesIO(buffer.getvalue()), read_only=True)
        cells = [
            str(value)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        ]
        assert cells, "the template has text"
        assert [c for c in cells if RULE_ID.search(c)] == []


@pytest.mark.django_db
def test_a_timeline_reason_recorded_with_a_rule_id_reads_as_the_article(
    enterprise: Any, member_a: Any, sysadmin: Any, login: Callable[[Any], Client]
) -> None:
    """Older records (and the demo's) wrote rule IDs into reasons; the timeline, on the page and
    in the API, reads them as the regulation and article."""
    from datetime import date

    from dangjian.members.services import member_change

    member_change(actor=None, member_id=member_a.pk, changes={"lost_contact_since": date(2024, 1, 5)},
                  effective_on=date(2024, 1, 5), reason="与党组织失去联系（MEM-4）")  # fmt: skip
    client = login(sysadmin)
    page = readable_text(client.get(f"/members/{member_a.pk}/").content.decode())
    assert "与党组织失去联系（依据《中国共产党党员教育管理工作条例》第二十四条）" in page
    assert RULE_ID.findall(page) == []
    events = client.get(f"/api/members/{member_a.pk}/history").json()["events"]
    assert "MEM-4" not in events[0]["reason"] and "第二十四条" in events[0]["reason"]
