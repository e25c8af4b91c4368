"""Every spreadsheet the platform writes is safe: no text becomes a formula, numbers stay
numbers, and ID and phone numbers are text, so an exported roster imports again as it was."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from dangjian.core.spreadsheet import SafeWorkbook, neutralise
from dangjian.dues.ledger import ledger_generate
from dangjian.members.excel import Outcome, import_members
from dangjian.members.excel.columns import MEMBER_COLUMNS
from dangjian.members.models import Member
from dangjian.orgs.models import Organization
from dangjian.rules.dates import YearMonth
from dangjian.rules.idcard import make_id_number
from tests.dues.conftest import payroll
from tests.factories import make_member

EVIL = '=HYPERLINK("http://evil.example","x")'
EVIL_ORG = "+cmd|' /C calc'!A0"
RISKY = [EVIL, "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1"]
HEADERS = [c.header for c in MEMBER_COLUMNS]


def _cells(content: bytes) -> list[Any]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def _assert_plain_text(content: bytes, texts: set[str]) -> None:
    """Each of ``texts`` is in the file as a text cell, quote-prefixed; no cell is a formula."""
    cells = _cells(content)
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    found = [c for c in cells if c.value in texts]
    assert {c.value for c in found} == texts
    assert all(c.data_type == "s" and c.quotePrefix for c in found)


def test_risky_text_is_written_as_text_and_numbers_stay_numbers() -> None:
    out = io.BytesIO()
    book = SafeWorkbook(out)
    sheet = book.add_sheet("表")
    sheet.row(0, 0, [*RISKY, -5, -5.5, Decimal("-1.20"), "张三", date(2024, 7, 1)])
    book.close()
    cells = _cells(out.getvalue())
    # openpyxl leaves the carriage return in Excel's own escape, as the file stores it.
    read = [(c.value.replace("_x000D_", "\r"), c.data_type, c.quotePrefix) for c in cells[:6]]
    assert read == [(text, "s", True) for text in RISKY]
    numbers = cells[len(RISKY) : len(RISKY) + 3]
    assert [(c.value, c.data_type) for c in numbers] == [(-5, "n"), (-5.5, "n"), (-1.2, "n")]
    plain = cells[len(RISKY) + 3]
    assert (plain.value, plain.quotePrefix) == ("张三", False)


def test_text_for_csv_gets_an_apostrophe() -> None:
    assert [neutralise(t) for t in RISKY] == [f"'{t}" for t in RISKY]
    assert neutralise("张三") == "张三" and neutralise("") == ""


@pytest.fixture
def evil_names(
    enterprise: SimpleNamespace, member_a: Member, monkeypatch: pytest.MonkeyPatch
) -> Member:
    """A member and a branch whose names are formulas, with a dues month on file (2024-06)."""
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2024, 12, 15))
    payroll(member_a, YearMonth(2024, 1), "5100")
    ledger_generate(actor=None, month=YearMonth(2024, 6))
    # Written past the forms: names that arrived before any input check must be safe too.
    Member.objects.filter(pk=member_a.pk).update(name=EVIL)
    Organization.objects.filter(pk=enterprise.branch_a.pk).update(name=EVIL_ORG)
    return member_a


def _download(client: Any, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    if response.streaming:
        return b"".join(response.streaming_content)
    return bytes(response.content)


def test_every_export_writes_formula_names_as_plain_text(
    login: Callable[[User], Client], sysadmin: User, enterprise: SimpleNamespace, evil_names: Member
) -> None:
    client = login(sysadmin)
    branch = enterprise.branch_a.pk
    exports = {
        "/members/export.xlsx": {EVIL, EVIL_ORG},
        "/members/import/template.xlsx": {EVIL_ORG},  # the branch drop-down list
        f"/dues/sheet.xlsx?org={branch}&month=2024-06": {EVIL, EVIL_ORG},
        f"/dues/member/{evil_names.pk}/year.xlsx?year=2024": {EVIL_ORG},
    }
    for url, texts in exports.items():
        _assert_plain_text(_download(client, url), texts)


def _id_ending_in_x(birth: date) -> str:
    return next(
        number
        for seq in range(1000)
        if (number := make_id_number("110101", birth, seq, "F")).endswith("X")
    )


def test_exported_roster_keeps_id_and_phone_as_text_and_imports_unchanged(
    login: Callable[[User], Client], sysadmin: User, enterprise: SimpleNamespace
) -> None:
    birth = date(1988, 4, 2)
    member = make_member(
        enterprise.branch_c,
        birth_date=birth,
        gender="F",
        id_number=_id_ending_in_x(birth),
        phone="01062345678",
    )
    content = _download(login(sysadmin), "/members/export.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    row = {header: cell for header, cell in zip(HEADERS, sheet[2], strict=False)}
    for header, expected in (
        ("公民身份号码", member.id_number),
        ("手机号码", "010-62345678"),
    ):  # stored canonical
        cell = row[header]
        assert (cell.value, cell.data_type, cell.number_format) == (expected, "s", "@")
    report = import_members(actor=sysadmin, source=io.BytesIO(content))
    assert report.committed and [r.outcome for r in report.rows] == [Outcome.UNCHANGED]


def test_only_the_two_helpers_use_the_excel_libraries() -> None:
    """Every later import and export goes through the bounded reader and the safe writer: no
    other module opens a workbook with calamine or openpyxl, or writes one with xlsxwriter."""
    from pathlib import Path

    import dangjian

    allowed = {
        "xlsxwriter": {"core/spreadsheet.py"},
        "python_calamine": {"core/workbook_child.py", "members/bench_import.py"},  # the baseline
        "openpyxl": set(),
    }
    root = Path(dangjian.__file__).parent
    for path in root.rglob("*.py"):
        text, where = path.read_text(encoding="utf-8"), path.relative_to(root).as_posix()
        for library, modules in allowed.items():
            if f"import {library}" in text or f"from {library}" in text:
                assert where in modules, f"{where} uses {library} directly"
