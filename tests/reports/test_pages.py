"""The tables page, the list behind a cell, the .xlsx (merged headers like the official form)
and the PDF; scoping at every door."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import UTC, date, datetime
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dangjian.members.models import Member
from tests.factories import Role, make_user
from tests.reports.support import YEAR, history

Login = Callable[[User], Client]


@pytest.fixture
def people(enterprise: SimpleNamespace) -> dict[str, Member]:
    return history(enterprise)


@pytest.fixture
def root_admin(enterprise: SimpleNamespace) -> User:
    return make_user("dangwei_tjp", Role.ORG_ADMIN, enterprise.root)


def _query(org_id: int, **extra: str) -> str:
    return urlencode({"organization_id": org_id, "year": YEAR, **extra})


def test_the_page_shows_every_table_and_the_reconciliation(
    enterprise: SimpleNamespace, people: dict[str, Member], root_admin: User, login: Login
) -> None:
    page = login(root_admin).get(f"{reverse('reports:tables')}?{_query(enterprise.root.pk)}")
    html = page.content.decode()
    assert page.status_code == 200
    for number in ("1", "2", "3", "4", "8", "10", "11", "13", "14", "15", "组织1", "组织2"):
        assert f'id="table-{number}"' in html
    assert "相符" in html and "需人工填报" in html
    assert "DEV-" not in html and "STAT-" not in html  # rule IDs are for code


def test_a_cell_opens_its_names(
    enterprise: SimpleNamespace, people: dict[str, Member], root_admin: User, login: Login
) -> None:
    client = login(root_admin)
    query = _query(enterprise.root.pk, table="2", row="worker", col="female")
    page = client.get(f"{reverse('reports:cell')}?{query}")
    html = page.content.decode()
    assert page.status_code == 200 and 'id="cell-count">2<' in html
    assert "孙八" in html and "张三" in html and "李四" not in html


def test_a_bad_cell_or_year_is_refused_in_chinese(
    enterprise: SimpleNamespace, people: dict[str, Member], root_admin: User, login: Login
) -> None:
    client = login(root_admin)
    bad_cell = _query(enterprise.root.pk, table="2", row="nope", col="female")
    assert client.get(f"{reverse('reports:cell')}?{bad_cell}").status_code == 404
    page = client.get(f"{reverse('reports:tables')}?organization_id={enterprise.root.pk}&year=abc")
    assert page.status_code == 400 and "统计年度" in page.content.decode()
    page = client.get(f"{reverse('reports:tables')}?organization_id={enterprise.root.pk}&year=1800")
    assert page.status_code == 400 and "1921" in page.content.decode()


def test_a_secretary_cannot_open_another_branch(
    enterprise: SimpleNamespace, people: dict[str, Member], secretary_a: User, login: Login
) -> None:
    client = login(secretary_a)
    own = client.get(f"{reverse('reports:tables')}?{_query(enterprise.branch_a.pk)}")
    assert own.status_code == 200
    for url in ("reports:tables", "reports:tables_xlsx", "reports:tables_pdf"):
        other = client.get(f"{reverse(url)}?{_query(enterprise.branch_b.pk)}")
        assert other.status_code in (400, 404)  # not among the choices: never the figures
        assert "王五" not in other.content.decode(errors="ignore")
    cell = _query(enterprise.branch_b.pk, table="1", row="closing", col="total")
    assert client.get(f"{reverse('reports:cell')}?{cell}").status_code == 404


def test_the_workbook_is_laid_out_like_the_form(
    enterprise: SimpleNamespace, people: dict[str, Member], root_admin: User, login: Login
) -> None:
    response = login(root_admin).get(
        f"{reverse('reports:tables_xlsx')}?{_query(enterprise.root.pk)}"
    )
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["表2 党员基本情况"]
    assert sheet["A1"].value == "表2  党员基本情况"
    assert sheet["A2"].value == "填报单位：测试公司党委"
    merged = {str(r) for r in sheet.merged_cells.ranges}
    # 项目 and 党员总数 down both header rows; 其中 over four columns; 年龄 over eight
    assert {"A5:A6", "B5:B6", "C5:F5", "G5:N5"} <= merged
    assert sheet["C5"].value == "其中" and sheet["G5"].value == "年龄（按12月31日计）"
    assert sheet["C6"].value == "女" and sheet["B7"].value == 5 and sheet["A7"].value == "总计"
    assert sheet["B7"].border.left.style == "thin"
    manual = book["表组织2 基层党组织换届情况"]
    assert manual["B7"].value == "需人工填报"


def test_the_pdf_prints(
    enterprise: SimpleNamespace, people: dict[str, Member], root_admin: User, login: Login
) -> None:
    response = login(root_admin).get(
        f"{reverse('reports:tables_pdf')}?{_query(enterprise.root.pk)}"
    )
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_the_page_without_a_query_links_the_tables_it_shows(
    enterprise: SimpleNamespace, people: dict[str, Member], secretary_a: User, login: Login
) -> None:
    """Opened bare, the page shows the asker's organisation and last year; each cell link and
    each export carries that organisation and year, so every number opens its list."""
    import re
    from html import unescape

    from django.utils import timezone

    client = login(secretary_a)
    page = client.get(reverse("reports:tables"))
    html = page.content.decode()
    last_year = timezone.localdate().year - 1
    shown = urlencode({"organization_id": enterprise.branch_a.pk, "year": last_year})
    assert page.status_code == 200 and 'class="cell-link"' in html
    links = [unescape(h) for h in re.findall(r'class="cell-link" href="([^"]+)"', html)]
    assert links and all(f"?{shown}&" in link for link in links)
    assert f"{reverse('reports:tables_xlsx')}?{shown}" in unescape(html)
    opened = client.get(links[0])
    assert opened.status_code == 200 and 'id="cell-count">' in opened.content.decode()


def test_the_current_year_is_stamped_today(
    enterprise: SimpleNamespace, root_admin: User, login: Login
) -> None:
    """The current year has no 12月31日 yet: page, workbook and API say 截至今日 (STAT-5)."""
    today = timezone.localdate()
    stamp = f"{today.year}年{today.month}月{today.day}日（本年度截至今日）"
    client = login(root_admin)
    query = urlencode({"organization_id": enterprise.root.pk, "year": today.year})
    page = client.get(f"{reverse('reports:tables')}?{query}").content.decode()
    assert f"统计截止日期：{stamp}" in page and f"{today.year}年12月31日" not in page
    book = load_workbook(
        io.BytesIO(client.get(f"{reverse('reports:tables_xlsx')}?{query}").content)
    )
    assert book["表2 党员基本情况"]["A3"].value == f"统计截止日期：{stamp}"
    api = client.get("/api/reports/tables/2", {"org": enterprise.root.pk, "year": today.year})
    assert api.json()["on"] == today.isoformat()


def test_a_frozen_year_says_so_in_beijing_time(
    enterprise: SimpleNamespace, people: dict[str, Member], root_admin: User, login: Login
) -> None:
    """The snapshot's time is Beijing time on the page, the API and under each xlsx title."""
    from dangjian.reports.snapshots import snapshot_freeze

    snapshot = snapshot_freeze(actor=None, organization_id=enterprise.root.pk,
                               on=date(YEAR, 12, 31), today=date(YEAR + 1, 1, 15))  # fmt: skip
    frozen = datetime(YEAR + 1, 1, 15, 2, 41, tzinfo=UTC)  # 10:41 in Beijing
    type(snapshot).objects.filter(pk=snapshot.pk).update(frozen_at=frozen)
    client = login(root_admin)
    page = client.get(f"{reverse('reports:tables')}?{_query(enterprise.root.pk)}").content.decode()
    assert f"本页数据来自{YEAR + 1}-01-15 10:41冻结的统计快照" in page
    api = client.get("/api/reports/tables/2", {"org": enterprise.root.pk, "year": YEAR})
    assert api.json()["frozen_at"] == f"{YEAR + 1}-01-15 10:41"
    xlsx = client.get(f"{reverse('reports:tables_xlsx')}?{_query(enterprise.root.pk)}")
    sheet = load_workbook(io.BytesIO(xlsx.content))["表2 党员基本情况"]
    assert f"本表数据来自{YEAR + 1}-01-15 10:41冻结的统计快照" in [c.value for c in sheet[2]]


def test_the_tables_name_no_specification_file(
    enterprise: SimpleNamespace, people: dict[str, Member], root_admin: User, login: Login
) -> None:
    """Tables 11 and 14 say the 统计制度 gives no layout, on the page and in the workbook."""
    client = login(root_admin)
    page = client.get(f"{reverse('reports:tables')}?{_query(enterprise.root.pk)}").content.decode()
    assert "RULES" not in page and page.count("统计制度未给出本表的行列") == 2
    xlsx = client.get(f"{reverse('reports:tables_xlsx')}?{_query(enterprise.root.pk)}")
    book = load_workbook(io.BytesIO(xlsx.content))
    notes = [c.value for s in book.worksheets for r in s.iter_rows() for c in r if c.value]
    assert not any("RULES" in str(v) for v in notes)


def test_the_pdf_has_a_page_a_table_and_no_trailing_page(
    enterprise: SimpleNamespace, people: dict[str, Member], root_admin: User, login: Login
) -> None:
    """打印时间 is in each page's footer, not on a page of its own after the last table."""
    from pypdf import PdfReader

    from dangjian.reports.selectors import annual_report

    response = login(root_admin).get(
        f"{reverse('reports:tables_pdf')}?{_query(enterprise.root.pk)}"
    )
    pages = PdfReader(io.BytesIO(response.content)).pages
    tables = annual_report(root_admin, enterprise.root.pk, YEAR).tables
    assert len(pages) == len(tables)
    assert "表" in pages[-1].extract_text()
