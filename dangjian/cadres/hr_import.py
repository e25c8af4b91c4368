"""The monthly HR workbook (干部信息月度更新): the 干部信息 sheet, one row per cadre matched by ID
number, and the record sheets 培训记录, 奖惩情况 and 后备干部 (``hr_sheets``), read after it.

A row updates the cadre of its ID number (name, organisation, the current post of its kind, a
new education, title or assessment), or creates a cadre when the number is a member's or the
row says 新增干部; a number known to neither is refused. The preview and the import run the
very same services: the preview inside a transaction that is rolled back, so what it shows is
what the import will do. The import writes all rows or none: one refused row (named by sheet,
row and column, in Chinese) and nothing is kept. Every change is a ``CadreChange`` of the cadre,
so the same file twice changes nothing the second time.

Reading is the member import's: the bounded reader for hostile workbooks (``core.workbook``),
its header detection, cell readers and report (``members.excel``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from dangjian.accounts.access import cadre_org_q, require_cadre_permission
from dangjian.cadres import services
from dangjian.cadres.hr_sheets import RECORD_SHEETS, RecordSheet, record_key, sheet_kind
from dangjian.cadres.models import AssessmentResult, Cadre, CadreChange, PostKind, PostLevel
from dangjian.core import crypto
from dangjian.core.actor import Actor
from dangjian.core.errors import InvalidInput
from dangjian.core.workbook import ImportFileError, SheetRows
from dangjian.members.choices import Education, Gender
from dangjian.members.excel.columns import CellKind, Column
from dangjian.members.excel.report import ImportReport, Outcome
from dangjian.members.excel.rows import ParsedRow, header_labels, parse_rows
from dangjian.members.excel.sheets import SheetTable, read_sheets, read_tables
from dangjian.members.models import Member
from dangjian.orgs.models import Organization
from dangjian.rules.idcard import IdNumberError, check_against, parse_id_number

KIND = "干部"
_C = CellKind
_DATE = "日期，可填2024-07-01、2024/7/1、2024.7.1、2024年7月1日或20240701"


def _pairs(choices: list[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple((str(c), str(label)) for c, label in choices)


COLUMNS: tuple[Column, ...] = (
    Column("姓名", "name", required=True, help="不超过40个字", width=10),
    Column("公民身份号码", "id_number", _C.ID_NUMBER, True, help="18位，按此匹配干部", width=21),
    Column("性别", "gender", _C.CHOICE, False, _pairs(Gender.choices), "男或女，须与身份证号一致", 6),
    Column("所在党组织", "organization", help="组织代码或党组织全称；新增干部必填", width=20),
    Column("参加工作时间", "work_started_on", _C.DATE, help=_DATE, width=12),
    Column("新增干部", "is_new", _C.BOOL, help="新任干部（尚无党员档案）填“是”", width=8),
    Column("职务类别", "post_kind", _C.CHOICE, False, _pairs(PostKind.choices), "行政职务或党内职务", 10),
    Column("任职单位", "post_unit", help="单位或部门", width=18),
    Column("现任职务", "post_title", width=14),
    Column("职务层级", "post_level", _C.CHOICE, False, _pairs(PostLevel.choices), "班子成员、中层正职、中层副职或基层管理人员", 10),
    Column("任职时间", "post_started_on", _C.DATE, help=_DATE, width=12),
    Column("学历", "education", _C.CHOICE, False, _pairs(Education.choices), "从列表中选择", 10),
    Column("学位", "degree", width=8),
    Column("毕业院校", "school", width=16),
    Column("专业", "major", width=12),
    Column("毕业时间", "graduated_on", _C.DATE, help=_DATE, width=12),
    Column("专业技术职称", "title_name", width=14),
    Column("职称等级", "title_grade", help="正高级、副高级、中级或初级", width=8),
    Column("职称取得时间", "title_obtained_on", _C.DATE, help=_DATE, width=12),
    Column("考核年度", "assessment_year", _C.INT, help="如2025", width=8),
    Column("考核结果", "assessment_result", _C.CHOICE, False, _pairs(AssessmentResult.choices), "优秀、称职、基本称职、不称职或不定等次", 10),
)  # fmt: skip
LABELS = header_labels(COLUMNS)
# Where a service's field is in the sheet.
_SERVICE_FIELDS = {"organization_id": "organization", "started_on": "post_started_on",
                   "id_number": "id_number", "ended_on": "post_started_on",
                   "assessment_year": "assessment_year"}  # fmt: skip
_GROUPS: dict[str, tuple[str, ...]] = {
    "post": ("post_unit", "post_title", "post_level", "post_started_on"),
    "education": ("education", "graduated_on"),
    "title": ("title_name", "title_obtained_on"),
    "assessment": ("assessment_year", "assessment_result"),
}


@dataclass
class RowChanges:
    """What one row changes (the cadre's new ``CadreChange`` texts), for the preview."""

    sheet: str
    row: int
    label: str
    changes: list[str] = field(default_factory=list)


@dataclass
class HrImport:
    report: ImportReport
    rows: list[RowChanges] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return bool(self.report.rejected)

    @property
    def change_count(self) -> int:
        return sum(len(r.changes) for r in self.rows)

    @property
    def summary(self) -> str:
        counts = self.report.counts
        numbers = "，".join(f"{o.label}{n}行" for o, n in counts.items() if n)
        if self.refused:
            return (f"文件中有{counts[Outcome.REJECTED]}行未通过校验，本次未写入任何数据"
                    f"（{numbers}）。请修改后重新上传。")  # fmt: skip
        done = "已导入" if self.report.committed else "预览：确认后将写入"
        return f"{done}{self.change_count}项变动（{numbers}）。"


class _Rollback(Exception):
    """Leaves the transaction of a preview (or of a refused import), undoing everything."""


def hr_import_preview(*, actor: Actor, source: IO[bytes] | Path | bytes) -> HrImport:
    """The changes the file would make, computed by the services and rolled back."""
    return _run(actor, source, commit=False)


def hr_import_apply(*, actor: Actor, source: IO[bytes] | Path | bytes) -> HrImport:
    """Apply the file: all rows or, if any row is refused, none."""
    return _run(actor, source, commit=True)


def _run(actor: Actor, source: IO[bytes] | Path | bytes, *, commit: bool) -> HrImport:
    require_cadre_permission(actor)
    result = HrImport(ImportReport(kind=KIND))
    main, records = _tables(read_sheets(source), result.report)
    try:
        with transaction.atomic():
            seen: dict[str, int] = {}
            # 干部信息 first: a record sheet's row may name a cadre it files.
            for row in parse_rows(main, COLUMNS):
                _import_row(actor, row, seen, result)
            keys: dict[tuple[str, ...], int] = {}
            for sheet, tables in records:
                for row in parse_rows(tables, sheet.columns):
                    _import_record_row(actor, row, sheet, keys, result)
            if result.refused or not commit:
                raise _Rollback
            result.report.committed = True
    except _Rollback:
        pass
    return result


def _tables(
    sheets: list[SheetRows], report: ImportReport
) -> tuple[list[SheetTable], list[tuple[RecordSheet, list[SheetTable]]]]:
    """The 干部信息 tables and each record sheet's, read with their own columns; a file with no
    usable sheet at all is an ``ImportFileError``."""
    sheets = [s for s in sheets if s.rows]
    kinds = [(s, sheet_kind(s)) for s in sheets]
    main_sheets = [s for s, kind in kinds if kind is None]
    main = read_tables(main_sheets, COLUMNS, report) if main_sheets else []
    records = []
    for kind in RECORD_SHEETS:
        mine = [s for s, k in kinds if k is kind]
        if mine:
            records.append((kind, read_tables(mine, kind.columns, report)))
    if not sheets:
        raise ImportFileError("文件中没有找到可导入的数据：请使用导入模板，表头放在第一行")
    return main, records


def _import_row(actor: Actor, row: ParsedRow, seen: dict[str, int], result: HrImport) -> None:
    label = str(row.values.get("name") or "")
    _check_groups(row)
    number = _id_number(row, seen)
    outcome = Outcome.REJECTED
    changes = RowChanges(row.table.name, row.number, label)
    if not row.errors and number is not None:
        try:
            with transaction.atomic():
                outcome = _apply_row(actor, row, number, changes)
                if row.errors:
                    raise _Rollback
        except _Rollback:
            outcome = Outcome.REJECTED
        except InvalidInput as exc:
            for name, messages in exc.errors.items():
                for message in messages:
                    column = name if name in LABELS else "name"
                    row.add_error(_SERVICE_FIELDS.get(name, column), message)
            outcome = Outcome.REJECTED
        except PermissionDenied as exc:
            row.add_error("organization", str(exc))
            outcome = Outcome.REJECTED
    result.report.rows.append(row.report(outcome, label, LABELS))
    if outcome is not Outcome.REJECTED:
        result.rows.append(changes)


def _check_groups(row: ParsedRow) -> None:
    """A post, an education, a title or an assessment is given whole or not at all."""
    for fields in _GROUPS.values():
        given = [f for f in fields if row.values.get(f) not in (None, "")]
        if given and len(given) < len(fields):
            for missing in (f for f in fields if f not in given):
                row.add_error(missing, f"填写了{LABELS[given[0]]}，{LABELS[missing]}不能为空")


def _id_number(row: ParsedRow, seen: dict[str, int]) -> str | None:
    """The checked number (ID-1); a number twice in one file is refused on its second row."""
    try:
        idn = parse_id_number(str(row.values.get("id_number") or ""))
    except IdNumberError as exc:
        row.add_error("id_number", str(exc))
        return None
    gender = row.values.get("gender") or None
    for problem in check_against(idn, None, gender):
        row.add_error("gender", problem)
    if idn.value in seen:
        row.add_error("id_number", f"与第{seen[idn.value]}行的公民身份号码重复")
        return None
    seen[idn.value] = row.number
    return idn.value


def _apply_row(actor: Actor, row: ParsedRow, number: str, changes: RowChanges) -> Outcome:
    last = CadreChange.objects.order_by("-id").values_list("id", flat=True).first() or 0
    digest = crypto.lookup_hash(number)
    cadre = Cadre.objects.filter(id_number_hash=digest).select_related("organization").first()
    v = row.values
    if cadre is None:
        cadre = _create(actor, row, number, digest)
        if cadre is None:
            return Outcome.REJECTED
        created = True
    else:
        org_id = _organization_id(row) if v.get("organization") else cadre.organization_id
        if org_id is None:
            return Outcome.REJECTED
        data = services.CadreInput(name=v["name"], id_number=number, organization_id=org_id,
                                   work_started_on=v.get("work_started_on") or cadre.work_started_on)  # fmt: skip
        services.cadre_update(actor=actor, cadre=cadre, data=data, source="import")
        created = False
    _apply_records(actor, cadre, v)
    new = CadreChange.objects.filter(pk__gt=last).order_by("id")
    changes.changes = list(new.values_list("what", flat=True))
    if created:
        return Outcome.CREATED
    return Outcome.UPDATED if changes.changes else Outcome.UNCHANGED


def _create(actor: Actor, row: ParsedRow, number: str, digest: str) -> Cadre | None:
    v = row.values
    member = Member.objects.filter(id_number_hash=digest).first()
    if member is None and not v.get("is_new"):
        row.add_error("id_number", "干部信息库和党员档案中都没有这个公民身份号码，请核对；"
                                   "如为新任干部，请在“新增干部”列填“是”")  # fmt: skip
        return None
    if v.get("organization"):
        org_id = _organization_id(row)
    elif member is not None:
        org_id = member.organization_id
    else:
        row.add_error("organization", "新增干部须填写所在党组织")
        return None
    if org_id is None:
        return None
    data = services.CadreInput(name=v["name"], id_number=number, organization_id=org_id,
                               work_started_on=v.get("work_started_on"))  # fmt: skip
    return services.cadre_create(actor=actor, data=data, source="import")


def _organization_id(row: ParsedRow) -> int | None:
    text = str(row.values.get("organization") or "")
    org = Organization.objects.filter(code=text).first() or (
        Organization.objects.filter(name=text).first())  # fmt: skip
    if org is None:
        row.add_error("organization", f"没有找到组织代码或名称为“{text}”的党组织")
        return None
    return org.pk


# The service's field of each record -> the sheet's column, so a refusal names the column.
_POST_COLUMNS = {"kind": "post_kind", "unit": "post_unit", "title": "post_title",
                 "level": "post_level", "started_on": "post_started_on"}  # fmt: skip
_RECORD_COLUMNS: dict[str, dict[str, str]] = {
    "education": {"level": "education", "graduated_on": "graduated_on", "degree": "degree",
                  "school": "school", "major": "major"},
    "title": {"name": "title_name", "grade": "title_grade", "obtained_on": "title_obtained_on"},
    "assessment": {"year": "assessment_year", "result": "assessment_result"},
}  # fmt: skip


def _columns(error: InvalidInput, columns: dict[str, str]) -> InvalidInput:
    return InvalidInput({columns.get(k, k): list(m) for k, m in error.errors.items()})


def _apply_records(actor: Actor, cadre: Cadre, v: dict[str, Any]) -> None:
    if v.get("post_title"):
        post = services.PostInput(kind=v.get("post_kind") or PostKind.ADMINISTRATIVE,
                                  unit=v["post_unit"], title=v["post_title"],
                                  level=v["post_level"], started_on=v["post_started_on"])  # fmt: skip
        try:
            services.cadre_post_assign(actor=actor, cadre=cadre, post=post, source="import")
        except InvalidInput as exc:
            raise _columns(exc, _POST_COLUMNS) from None
    if v.get("education"):
        _add(actor, cadre, "education", level=v["education"], degree=v.get("degree") or "",
             school=v.get("school") or "", major=v.get("major") or "",
             graduated_on=v["graduated_on"])  # fmt: skip
    if v.get("title_name"):
        _add(actor, cadre, "title", name=v["title_name"], grade=v.get("title_grade") or "",
             obtained_on=v["title_obtained_on"])  # fmt: skip
    if v.get("assessment_year"):
        _add(actor, cadre, "assessment", year=v["assessment_year"],
             result=v["assessment_result"])  # fmt: skip


def _add(actor: Actor, cadre: Cadre, kind: str, **values: Any) -> None:
    try:
        services.cadre_record_add(actor=actor, cadre=cadre, kind=kind, values=values,
                                  source="import")  # fmt: skip
    except InvalidInput as exc:
        raise _columns(exc, _RECORD_COLUMNS[kind]) from None


def _import_record_row(actor: Actor, row: ParsedRow, sheet: RecordSheet,
                       keys: dict[tuple[str, ...], int], result: HrImport) -> None:  # fmt: skip
    """One row of a record sheet: the record added to (or corrected on) the file of the
    cadre of its ID number, in a savepoint; a refusal names the sheet's column."""
    label = str(row.values.get("name") or "")
    changes = RowChanges(row.table.name, row.number, label)
    outcome = Outcome.REJECTED
    cadre = None if row.errors else _record_cadre(actor, row)
    record = sheet.record(row.values)
    if cadre is not None:
        _once(row, sheet, (str(cadre.pk), *record_key(sheet, record)), keys)
    if cadre is not None and not row.errors:
        last = CadreChange.objects.order_by("-id").values_list("id", flat=True).first() or 0
        try:
            with transaction.atomic():
                services.cadre_record_add(actor=actor, cadre=cadre, kind=sheet.kind,
                                          values=record, source="import")  # fmt: skip
        except InvalidInput as exc:
            for name, messages in exc.errors.items():
                for message in messages:
                    row.add_error(sheet.fields.get(name, "name"), message)
        else:
            new = CadreChange.objects.filter(pk__gt=last).order_by("id")
            changes.changes = list(new.values_list("what", flat=True))
            outcome = _record_outcome(changes.changes)
    result.report.rows.append(row.report(outcome, label, sheet.labels))
    if outcome is not Outcome.REJECTED:
        result.rows.append(changes)


def _record_cadre(actor: Actor, row: ParsedRow) -> Cadre | None:
    """The cadre of the row's ID number within the actor's cadre scope, whose name the row must
    give; None (with the row's error on its column) otherwise. A cadre outside the scope is
    not found, as a missing one: the refusal must not tell their name."""
    try:
        number = parse_id_number(str(row.values.get("id_number") or "")).value
    except IdNumberError as exc:
        row.add_error("id_number", str(exc))
        return None
    digest = crypto.lookup_hash(number)
    cadre = Cadre.objects.filter(cadre_org_q(actor), id_number_hash=digest).first()
    if cadre is None:
        row.add_error("id_number", "干部信息库中没有这个公民身份号码，请核对；新任干部请先在"
                                   "“干部信息”表中登记（新增干部填“是”）")  # fmt: skip
        return None
    name = str(row.values.get("name") or "")
    if name != cadre.name:
        row.add_error("name", f"公民身份号码对应的干部姓名为“{cadre.name}”，与“{name}”不一致")
        return None
    return cadre


def _once(row: ParsedRow, sheet: RecordSheet, key: tuple[str, ...],
          keys: dict[tuple[str, ...], int]) -> None:  # fmt: skip
    """The same record twice in a file is refused on its second row (two rows would correct
    each other at every import, so the same file twice would not change nothing)."""
    if key in keys:
        row.add_error("id_number", f"与第{keys[key]}行是同一条{sheet.name}（{sheet.what}），"
                                   "请合并为一行")  # fmt: skip
        return
    keys[key] = row.number


def _record_outcome(changes: list[str]) -> Outcome:
    if not changes:
        return Outcome.UNCHANGED
    return Outcome.CREATED if changes[0].startswith("新增") else Outcome.UPDATED
