"""Importing monthly payroll items from .xlsx: a row per member per month, a column per item.

Each item column is mapped once to a DUES-2 category (``PayrollColumnMapping``) and the mapping
is offered again next month. Same quality as the member import: every problem names the sheet,
row and column; nothing is written when a row is rejected unless asked; the same file twice
changes nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from dangjian.accounts.access import may_manage_dues
from dangjian.core import bounds, crypto
from dangjian.core.actor import Actor, acting_user
from dangjian.core.audit import audit
from dangjian.core.errors import InvalidInput
from dangjian.core.workbook import read_workbook
from dangjian.dues.bases import Saved, payroll_entry_save
from dangjian.dues.models import PayrollColumnMapping, PayrollEntry, PayrollImport
from dangjian.dues.policy import current_settings
from dangjian.members.excel.cells import (
    CellError,
    is_blank,
    read_bounded_date,
    read_id_number,
    read_text,
)
from dangjian.members.excel.report import ImportReport, Outcome, Problem, RowReport
from dangjian.members.excel.sheets import column_letter
from dangjian.members.models import Member
from dangjian.rules.dates import YearMonth
from dangjian.rules.dues import ItemCategory

ID_HEADERS = frozenset({"公民身份号码", "身份证号", "身份证号码"})
NAME_HEADERS = frozenset({"姓名"})
MONTH_HEADERS = frozenset({"月份", "工资月份", "发放月份"})
_SKIPPED_SHEETS = frozenset({"填写说明", "说明"})
FEN = Decimal("0.01")

# Suggestions for the mapping form; a person confirms each one before it is saved.
_KEYWORDS: tuple[tuple[tuple[str, ...], ItemCategory], ...] = (
    (("合计", "实发", "应发", "序号", "工号", "部门", "备注"), ItemCategory.IGNORE),
    (("所得税", "个税"), ItemCategory.INCOME_TAX),
    (("公积金",), ItemCategory.HOUSING_FUND),
    (("年金",), ItemCategory.ANNUITY),
    (("养老", "医疗", "失业", "社保", "社会保险"), ItemCategory.SOCIAL_INSURANCE),
    (("加班",), ItemCategory.OVERTIME),
    (("伙食", "餐"), ItemCategory.MEAL),
    (("交通", "车补"), ItemCategory.TRANSPORT),
    (("通讯", "话费", "通信"), ItemCategory.PHONE),
    (("住房补",), ItemCategory.HOUSING),
    (("取暖", "供暖"), ItemCategory.HEATING),
    (("年终", "一次性", "专项奖"), ItemCategory.ONE_OFF_BONUS),
    (("基本工资",), ItemCategory.BASIC_WAGE),
    (("岗位工资", "职务工资"), ItemCategory.POST_WAGE),
    (("技能", "薪级", "技术等级"), ItemCategory.SKILL_WAGE),
    (("绩效", "奖金"), ItemCategory.REGULAR_BONUS),
    (("津贴", "补贴"), ItemCategory.UNIVERSAL_ALLOWANCE),
)


def suggest_category(header: str) -> ItemCategory | None:
    for words, category in _KEYWORDS:
        if any(w in header for w in words):
            return category
    return None


@dataclass
class PayrollSheet:
    name: str
    header_row: int
    id_col: int
    name_col: int | None
    month_col: int | None
    items: dict[int, str]  # column index -> header
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)


def _header(value: Any) -> str:
    return read_text(value).replace("*", "").replace(" ", "").replace("\u3000", "")


def read_payroll_sheets(source: bytes) -> tuple[list[PayrollSheet], list[Problem]]:
    """The usable sheets of the file, and the sheets that cannot be used.

    Read through the bounded reader; ImportFileError when the file is refused.
    """
    sheets, problems = [], []
    for data in read_workbook(source, skip_sheets=_SKIPPED_SHEETS):
        rows = data.rows  # blank rows are already left out
        if not rows:
            continue
        sheet = _sheet(data.name, rows)
        if sheet is None:
            problems.append(
                Problem(
                    data.name, rows[0][0], "", "", "未找到表头：表头行应包含“公民身份号码”和“姓名”"
                )
            )
        else:
            sheets.append(sheet)
    return sheets, problems


def _sheet(name: str, rows: list[tuple[int, list[Any]]]) -> PayrollSheet | None:
    for position, (number, cells) in enumerate(rows[:10]):
        headers = {i: _header(v) for i, v in enumerate(cells) if not is_blank(v)}
        found = {kind: _find(headers, names) for kind, names in _KINDS.items()}
        if found["id"] is None:
            continue
        special = {c for c in found.values() if c is not None}
        items = {i: h for i, h in headers.items() if i not in special}
        sheet = PayrollSheet(name, number, found["id"], found["name"], found["month"], items)
        sheet.rows = rows[position + 1 :]
        return sheet
    return None


_KINDS = {"id": ID_HEADERS, "name": NAME_HEADERS, "month": MONTH_HEADERS}


def _find(headers: dict[int, str], names: frozenset[str]) -> int | None:
    return next((i for i, h in headers.items() if h in names), None)


def saved_mapping() -> dict[str, str]:
    return dict(PayrollColumnMapping.objects.values_list("name", "category"))


def unmapped_headers(sheets: list[PayrollSheet], mapping: dict[str, str]) -> list[str]:
    seen: dict[str, None] = {}
    for sheet in sheets:
        for header in sheet.items.values():
            if header not in mapping:
                seen[header] = None
    return list(seen)


@transaction.atomic
def payroll_mapping_save(*, actor: Actor, mapping: dict[str, str]) -> int:
    """Save the categories chosen for payroll columns; they are offered again next time."""
    bad = [
        name
        for name, category in mapping.items()
        if category not in ItemCategory.__members__.values()
    ]
    if bad:
        raise InvalidInput.one("mapping", f"以下工资项目的类别无效：{'、'.join(bad)}")
    current = saved_mapping()
    changed = {k: v for k, v in mapping.items() if current.get(k) != v}
    for name, category in changed.items():
        PayrollColumnMapping.objects.update_or_create(
            name=name, defaults={"category": category, "updated_by": acting_user(actor)}
        )
    if changed:
        audit(actor=actor, action="dues.mapping", obj=PayrollColumnMapping(), after=changed)
    return len(changed)


# --- rows ------------------------------------------------------------------------------------------


@dataclass
class PayrollRow:
    sheet: PayrollSheet
    number: int
    member: Member | None = None
    month: YearMonth | None = None
    items: list[dict[str, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    label: str = ""

    def fail(self, col: int | None, header: str, reason: str) -> None:
        letter = column_letter(col) if col is not None else ""
        self.problems.append(Problem(self.sheet.name, self.number, letter, header, reason))


def excel_shown(value: float) -> str:
    """A number as Excel shows it: 15 significant digits. A formula ``=3210.6*1.1`` is stored
    as 3531.6600000000003 and shown as 3531.66; the 分 check applies to what is shown."""
    return f"{value:.15g}"


def parse_amount(value: Any) -> Decimal | None:
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError("应为金额")
    text = excel_shown(value) if isinstance(value, float) else read_text(value).replace(",", "")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise CellError(f"“{read_text(value)[:30]}”不是有效的金额") from None
    try:
        bounds.check_money(amount, allow_negative=True)
    except ValueError as exc:
        raise CellError(f"金额“{read_text(value)[:30]}”{exc}") from None
    return amount.quantize(FEN)


def parse_month(value: Any) -> YearMonth:
    if isinstance(value, str) and value.strip():
        text = (
            value.strip().replace("年", "-").replace("月", "").replace("/", "-").replace(".", "-")
        )
        parts = text.split("-")
        if len(parts) >= 2 and parts[0].isdigit() and parts[1].isdigit():
            try:
                return YearMonth(*bounds.parse_month(f"{parts[0]}-{parts[1]}"))
            except ValueError as exc:
                raise CellError(str(exc)) from None
    day = read_bounded_date(value)
    if day is None:
        raise CellError("月份不能为空")
    return YearMonth.from_date(day)


def _parse_row(
    sheet: PayrollSheet,
    number: int,
    cells: list[Any],
    mapping: dict[str, str],
    month: YearMonth | None,
) -> tuple[PayrollRow, str]:
    row = PayrollRow(sheet, number)

    def cell(i: int | None) -> Any:
        return cells[i] if i is not None and i < len(cells) else ""

    id_value = cell(sheet.id_col)
    if isinstance(id_value, float):
        row.fail(
            sheet.id_col,
            "公民身份号码",
            "公民身份号码被Excel存成了数字，末几位已丢失，请将该列设为文本后重新填写",
        )
    id_number = _id_text(row, id_value)
    if is_blank(id_value):
        row.fail(sheet.id_col, "公民身份号码", "公民身份号码不能为空")
    row.label = read_text(cell(sheet.name_col)) if sheet.name_col is not None else id_number[-4:]
    row.month = _row_month(row, cell(sheet.month_col), month)
    for col, header in sheet.items.items():
        _parse_item(row, col, header, cell(col), mapping)
    if sum(abs(Decimal(i["amount"])) for i in row.items) > bounds.BASE_MAX:
        # The base and the dues computed from it must fit their columns (DUES-2).
        row.fail(None, "工资项目", f"工资项目金额合计超过{bounds.BASE_MAX:,}元，请核对")
    return row, id_number


def _id_text(row: PayrollRow, value: Any) -> str:
    """The ID number as the member import reads it (full-width digits, spaces, a lower-case x)."""
    if isinstance(value, float):
        return ""  # reported above: the digits are lost
    try:
        return read_id_number(value)
    except CellError as exc:
        row.fail(row.sheet.id_col, "公民身份号码", str(exc))
        return ""


def _row_month(row: PayrollRow, value: Any, default: YearMonth | None) -> YearMonth | None:
    if row.sheet.month_col is None or is_blank(value):
        if default is None:
            row.fail(
                row.sheet.month_col,
                "月份",
                "月份不能为空：请在表中填写月份（如2024-07），或在页面上选择工资月份",
            )
        return default
    try:
        return parse_month(value)
    except (CellError, ValueError) as exc:
        row.fail(row.sheet.month_col, "月份", str(exc))
        return None


def _parse_item(
    row: PayrollRow, col: int, header: str, value: Any, mapping: dict[str, str]
) -> None:
    category = mapping.get(header)
    if category is None:
        row.fail(col, header, "该列尚未选择工资项目类别")
        return
    try:
        amount = parse_amount(value)
    except CellError as exc:
        row.fail(col, header, str(exc))
        return
    if amount is not None and category != ItemCategory.IGNORE:
        row.items.append({"name": header, "category": category, "amount": f"{amount:.2f}"})


NOT_FOUND_MESSAGE = "在您管理的党组织中未找到该公民身份号码的党员档案"


def _resolve_members(rows: list[tuple[PayrollRow, str]], actor: Actor) -> None:
    hashes = {crypto.lookup_hash(i): i for _, i in rows if i}
    found = Member.objects.select_related("organization").filter(id_number_hash__in=list(hashes))
    by_id = {hashes[m.id_number_hash or ""]: m for m in found}
    for row, id_number in rows:
        member = by_id.get(id_number)
        out_of_scope = (
            member is not None
            and actor is not None
            and not may_manage_dues(actor, member.organization)
        )
        if id_number and (member is None or out_of_scope):
            # One answer for both: whether a number belongs to someone outside the importer's
            # organisations is not theirs to learn.
            row.fail(row.sheet.id_col, "公民身份号码", NOT_FOUND_MESSAGE)
        elif member is not None and row.sheet.name_col is not None and row.label != member.name:
            row.fail(row.sheet.name_col, "姓名", f"姓名与档案不一致（档案中为“{member.name}”）")
        else:
            row.member = member


def _check_duplicates(rows: list[PayrollRow]) -> None:
    seen: dict[tuple[int, YearMonth], PayrollRow] = {}
    for row in rows:
        if row.member is None or row.month is None:
            continue
        first = seen.setdefault((row.member.pk, row.month), row)
        if first is not row:
            row.fail(
                None, "", f"与工作表“{first.sheet.name}”第{first.number}行重复（同一党员同一月份）"
            )


def _outcome(row: PayrollRow, existing: dict[tuple[int, Any], list[dict[str, str]]]) -> Outcome:
    if row.problems:
        return Outcome.REJECTED
    assert row.member is not None and row.month is not None
    items = existing.get((row.member.pk, row.month.first_day))
    if items is None:
        return Outcome.CREATED
    return Outcome.UNCHANGED if items == row.items else Outcome.UPDATED


def payroll_import(
    *,
    actor: Actor,
    source: bytes,
    source_name: str = "",
    month: YearMonth | None = None,
    valid_only: bool = False,
) -> ImportReport:
    """Check every row, then save them all, or (with ``valid_only``) the rows that passed."""
    sheets, sheet_problems = read_payroll_sheets(source)
    report = ImportReport(kind="工资", valid_only=valid_only)
    for p in sheet_problems:
        report.rows.append(RowReport(p.sheet, p.row, Outcome.REJECTED, "（整张工作表）", [p]))
    mapping = saved_mapping()
    parsed = [_parse_row(s, n, cells, mapping, month) for s in sheets for n, cells in s.rows]
    _resolve_members(parsed, actor)
    rows = [row for row, _ in parsed]
    _check_duplicates(rows)
    existing = _existing(rows)
    outcomes = [(row, _outcome(row, existing)) for row in rows]
    report.rows += [RowReport(r.sheet.name, r.number, o, r.label, r.problems) for r, o in outcomes]
    if not rows and not report.rows:
        raise InvalidInput.one("file", "文件中没有可导入的工资数据")
    if report.rejected and not valid_only:
        return report
    _save(actor, source, source_name, [(r, o) for r, o in outcomes if o in _WRITES])
    report.committed = True
    return report


_WRITES = (Outcome.CREATED, Outcome.UPDATED)


def _existing(rows: list[PayrollRow]) -> dict[tuple[int, Any], list[dict[str, str]]]:
    member_ids = {r.member.pk for r in rows if r.member is not None}
    entries = PayrollEntry.objects.filter(member_id__in=member_ids)
    return {(e.member_id, e.month): e.items for e in entries}


@transaction.atomic
def _save(actor: Actor, source: bytes, name: str, rows: list[tuple[PayrollRow, Outcome]]) -> None:
    if not rows:
        return  # the same file again: nothing to write, not even a record of the run
    counts = {o.value: sum(1 for _, x in rows if x is o) for o in _WRITES}
    record = PayrollImport.objects.create(
        file_hash=hashlib.sha256(source).hexdigest(),
        file_name=name[:200],
        actor=acting_user(actor),
        counts=counts,
    )
    settings = current_settings()
    for row, _ in rows:
        assert row.member is not None and row.month is not None
        saved = payroll_entry_save(
            member=row.member, month=row.month, items=row.items, source=record,
            source_ref=f"{row.sheet.name}!{row.number}", settings=settings,
        )  # fmt: skip
        assert saved is not Saved.UNCHANGED
    audit(actor=actor, action="dues.payroll_import", obj=record, after=counts, detail=name)
