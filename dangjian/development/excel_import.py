"""Importing people already in the development process from a spreadsheet (a branch that kept
its 发展党员 records in Excel until now).

Each row is one person: their data and the dates of the steps already done. The row goes
through the same services as the pages, in date order: ``applicant_register`` (step 1), then
``development_step_record`` for each dated step, all inside one savepoint per row. A step whose
date breaks a blocking rule refuses the whole row (nothing of it is kept) with the sheet, row
and column named and the article cited; a warning lets the row in and is reported with it.
The contact persons, sponsors and members present at the 支部大会 are written by name and
matched to the members of the branch; a name not found there refuses the row naming the cell.

Reading is the member import's: the bounded reader (``core.workbook``), its header detection,
cell readers (``rules.date_text`` dates) and report (``members.excel.report``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404

from dangjian.core.actor import Actor
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.core.memory import collector_paused
from dangjian.development.inputs import ApplicantInput, NoticeInput, StepInput, TallyInput
from dangjian.development.models import DevelopmentStep
from dangjian.development.services import StepRefused, applicant_register, development_step_record
from dangjian.members.choices import ETHNICITIES, Education, Gender, Occupation
from dangjian.members.excel.cells import CellError, is_blank, needs_day, read_bounded_date
from dangjian.members.excel.columns import CellKind, Column
from dangjian.members.excel.report import ImportReport, Outcome, Problem
from dangjian.members.excel.rows import ParsedRow, header_labels, parse_rows
from dangjian.members.excel.sheets import read_sheets, read_tables
from dangjian.members.models import Member
from dangjian.orgs.models import Organization, in_subtree
from dangjian.rules.date_text import MonthOnly
from dangjian.rules.verdicts import Outcome as CheckOutcome

KIND = "发展党员对象"
_DATE = "日期，可填2024-07-01、2024/7/1、2024.7.1、2024年7月1日或20240701"
_NAMES = "本支部党员的姓名，多人用“、”隔开"
_MOBILE_HELP = "填“是”或“否”，空白视为“否”；流动人员须在流出地和流入地同时公示（细则第十三条）"
_C = CellKind


def _choices(pairs: Sequence[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple((str(code), str(label)) for code, label in pairs)


def _date(header: str, name: str, help_text: str = _DATE) -> Column:
    return Column(header, name, _C.DATE, help=help_text, width=14)


COLUMNS: tuple[Column, ...] = (
    Column("姓名", "name", required=True, help="不超过40个字", width=10),
    Column("性别", "gender", _C.CHOICE, True, _choices(Gender.choices), "男或女", 6),
    Column(
        "民族",
        "ethnicity",
        _C.CHOICE,
        False,
        tuple((e, e) for e in ETHNICITIES),
        "如：汉族；空白按汉族",
        8,
    ),
    Column("出生日期", "birth_date", _C.DATE, True, help=_DATE, width=12),
    Column(
        "公民身份号码",
        "id_number",
        _C.ID_NUMBER,
        True,
        help="18位，末位可为X；请保持该列为文本格式",
        width=21,
    ),
    Column("学历", "education", _C.CHOICE, True, _choices(Education.choices), "从列表中选择", 12),
    Column(
        "工作岗位类别",
        "occupation",
        _C.CHOICE,
        True,
        _choices(Occupation.choices),
        "从列表中选择",
        20,
    ),
    Column("工作单位", "work_unit", help="工作单位及职务", width=20),
    Column("手机号码", "phone", help="11位手机号", width=14),
    Column("流动人员", "is_mobile", _C.BOOL, help=_MOBILE_HELP, width=8),
    Column("入党申请书日期", "applied_on", _C.DATE, True, help=_DATE, width=14),
    Column("收到入党申请日期", "received_on", _C.DATE, True, help=_DATE, width=14),
    _date("谈话日期", "talk_on", "党组织派人谈话的日期（细则第七条：一个月内）"),
    Column("谈话人", "talker", width=10),
    _date("确定为入党积极分子日期", "activist_on"),
    Column(
        "推荐方式",
        "recommendation",
        _C.CHOICE,
        False,
        (("members", "党员推荐"), ("mass_organisation", "群团组织推优")),
        "党员推荐或群团组织推优",
        12,
    ),
    Column(
        "确定入党积极分子的机构",
        "activist_body",
        _C.CHOICE,
        False,
        (("branch_committee", "党支部委员会"), ("branch_assembly", "党支部党员大会")),
        "党支部委员会；未设委员会的支部填党支部党员大会",
        14,
    ),
    _date("入党积极分子备案日期", "activist_filed_on"),
    _date("指定培养联系人日期", "contacts_on"),
    Column("培养联系人", "contacts", help=_NAMES, width=14),
    Column("培养考察日期", "assessed_on", help="每次考察的日期，多次用“、”隔开", width=24),
    _date("上级党委同意日期", "consented_on", "上级党委同意列为发展对象的日期"),
    _date("公示开始日期", "notice_starts_on"),
    _date("公示结束日期", "notice_ends_on"),
    _date("流入地公示开始日期", "inflow_starts_on", "流动人员在流入地的公示；上两列为流出地的公示"),
    _date("流入地公示结束日期", "inflow_ends_on"),
    Column(
        "已听取党小组、培养联系人、党员和群众意见",
        "opinions_heard",
        _C.BOOL,
        help="填“是”或“否”",
        width=14,
    ),
    _date("确定为发展对象日期", "candidate_on"),
    _date("发展对象备案日期", "candidate_filed_on"),
    _date("确定入党介绍人日期", "sponsors_on"),
    Column("入党介绍人", "sponsors", help=_NAMES, width=14),
    _date("政治审查日期", "review_on", "形成政治审查结论的日期"),
    Column(
        "政治审查结论",
        "review_passed",
        _C.CHOICE,
        False,
        (("yes", "合格"), ("no", "不合格")),
        "合格或不合格",
        10,
    ),
    _date("户籍所在地党组织意见日期", "household_opinion_on", "流动人员：征求意见的日期"),
    _date("居住地党组织意见日期", "residence_opinion_on", "流动人员：征求意见的日期"),
    _date("集中培训结业日期", "training_on"),
    Column("培训天数", "training_days", _C.INT, help="整数", width=8),
    Column("培训学时", "training_hours", _C.INT, help="整数", width=8),
    _date("支部委员会审查日期", "committee_review_on"),
    _date("党委预审日期", "pre_review_on"),
    _date("填写入党志愿书日期", "form_on"),
    Column("入党志愿书编号", "form_number", help="党委登记的编号段内的编号", width=14),
    _date("支部大会日期", "meeting_on", "讨论接收预备党员的支部党员大会日期"),
    Column("应到会有表决权党员人数", "entitled", _C.INT, help="核对用：须与党员名册一致", width=10),
    Column("到会有表决权党员", "present", help=_NAMES, width=24),
    Column("书面赞成党员", "written_yes", help="未到会、会前提交书面赞成意见的党员姓名", width=14),
    Column("赞成票", "yes", _C.INT, width=8),
    Column("反对票", "no", _C.INT, width=8),
    Column("弃权票", "abstain", _C.INT, width=8),
    Column("主要表现", "performance", help="写入支部大会决议的发展对象主要表现", width=24),
    _date("党委谈话日期", "committee_talk_on", "党委委员或组织员谈话的日期"),
    Column("党委谈话人", "committee_talker", width=10),
    _date("党委审批日期", "approved_on", "党委审批接收为预备党员的日期"),
    _date("入党宣誓日期", "oath_on"),
    _date("提出转正申请日期", "apply_full_on", "预备党员本人提出转正申请的日期"),
)
LABELS = header_labels(COLUMNS)
_NAME_SPLIT = re.compile(r"[、,，;；/\s]+")


@dataclass(frozen=True)
class PlannedStep:
    """One step of a row: the transition, its date column, the fields it reads, and where the
    service's field names point in the sheet (anything else points at the date column)."""

    code: str
    date_field: str
    build: Callable[[dict[str, Any], date], dict[str, Any]]
    fields: dict[str, str] = field(default_factory=dict)  # service field -> column field
    companions: tuple[str, ...] = ()  # columns that only make sense with the date


def _names(values: dict[str, Any], key: str) -> tuple[int, ...]:
    ids: tuple[int, ...] = values.get(f"{key}__ids", ())
    return ids


def _notices(values: dict[str, Any]) -> tuple[NoticeInput, ...]:
    """The notices of the row: at the place of work or study, or for a mobile person at the
    流出地 and the 流入地 (细则第十三条); a notice without both days is left out, which the
    check then names."""
    mobile = bool(values.get("is_mobile"))
    pairs = (("outflow" if mobile else "work", "notice_starts_on", "notice_ends_on"),
             ("inflow", "inflow_starts_on", "inflow_ends_on"))  # fmt: skip
    return tuple(
        NoticeInput(place, values[starts], values[ends])
        for place, starts, ends in pairs[: 2 if mobile else 1]
        if values.get(starts) is not None and values.get(ends) is not None
    )


def _tally(values: dict[str, Any]) -> TallyInput:
    return TallyInput(
        present_ids=_names(values, "present"), yes=values.get("yes") or 0,
        no=values.get("no") or 0, abstain=values.get("abstain") or 0,
        written_yes_ids=_names(values, "written_yes"),
        performance=str(values.get("performance") or ""),
    )  # fmt: skip


_OPINIONS = ("party_group", "contact_persons", "members", "public")
_TALLY_FIELDS = {"tally": "present", "present_ids": "present", "written_yes_ids": "written_yes",
                 "yes": "yes", "no": "no", "abstain": "abstain", "present": "present",
                 "written_other_ids": "written_yes"}  # fmt: skip

STEPS: tuple[PlannedStep, ...] = (
    PlannedStep(
        "talk",
        "talk_on",
        lambda v, on: {"talker": v.get("talker") or ""},
        {"talker": "talker"},
        ("talker",),
    ),
    PlannedStep(
        "designate_activist",
        "activist_on",
        lambda v, on: {
            "recommendation": v.get("recommendation") or "",
            "decided_by": v.get("activist_body") or "",
        },
        {"recommendation": "recommendation", "decided_by": "activist_body"},
        ("recommendation", "activist_body"),
    ),
    PlannedStep("file_activist", "activist_filed_on", lambda v, on: {}),
    PlannedStep(
        "assign_contacts",
        "contacts_on",
        lambda v, on: {"contact_ids": _names(v, "contacts")},
        {"contact_ids": "contacts"},
        ("contacts",),
    ),
    PlannedStep(
        "designate_candidate",
        "candidate_on",
        lambda v, on: {
            "opinions": _OPINIONS if v.get("opinions_heard") else (),
            "consented_on": v.get("consented_on"),
            "notices": _notices(v),
        },
        {
            "opinions": "opinions_heard",
            "consented_on": "consented_on",
            "notices": "notice_starts_on",
        },
        (
            "consented_on",
            "notice_starts_on",
            "notice_ends_on",
            "inflow_starts_on",
            "inflow_ends_on",
        ),
    ),
    PlannedStep("file_candidate", "candidate_filed_on", lambda v, on: {}),
    PlannedStep(
        "name_sponsors",
        "sponsors_on",
        lambda v, on: {"sponsor_ids": _names(v, "sponsors")},
        {"sponsor_ids": "sponsors"},
        ("sponsors",),
    ),
    PlannedStep(
        "political_review",
        "review_on",
        lambda v, on: {
            "review_passed": {"yes": True, "no": False}.get(v.get("review_passed") or ""),
            "household_opinion_on": v.get("household_opinion_on"),
            "residence_opinion_on": v.get("residence_opinion_on"),
        },
        {
            "review_passed": "review_passed",
            "household_opinion_on": "household_opinion_on",
            "residence_opinion_on": "residence_opinion_on",
        },
        ("review_passed", "household_opinion_on", "residence_opinion_on"),
    ),
    PlannedStep(
        "training",
        "training_on",
        lambda v, on: {
            "training_days": v.get("training_days"),
            "training_hours": v.get("training_hours"),
        },
        {"training_days": "training_days", "training_hours": "training_hours"},
        ("training_days", "training_hours"),
    ),
    PlannedStep("committee_review", "committee_review_on", lambda v, on: {}),
    PlannedStep("pre_review", "pre_review_on", lambda v, on: {}),
    PlannedStep(
        "application_form",
        "form_on",
        lambda v, on: {"form_number": v.get("form_number") or ""},
        {"form_number": "form_number"},
        ("form_number",),
    ),
    PlannedStep(
        "admission_meeting",
        "meeting_on",
        lambda v, on: {"tally": _tally(v)},
        _TALLY_FIELDS,
        ("present", "written_yes", "yes", "no", "abstain", "entitled", "performance"),
    ),
    PlannedStep(
        "committee_talk",
        "committee_talk_on",
        lambda v, on: {"talker": v.get("committee_talker") or ""},
        {"talker": "committee_talker"},
        ("committee_talker",),
    ),
    PlannedStep("approve_admission", "approved_on", lambda v, on: {}),
    PlannedStep("oath", "oath_on", lambda v, on: {}),
    PlannedStep("apply_full", "apply_full_on", lambda v, on: {}),
)
_STEP_ORDER = {s.code: n for n, s in enumerate(STEPS)}
_NAME_COLUMNS = ("contacts", "sponsors", "present", "written_yes")
_PERSON_FIELDS = ("name", "gender", "birth_date", "id_number", "education", "occupation", "phone",
                  "work_unit", "applied_on", "received_on", "ethnicity")  # fmt: skip


class _RowRefused(Exception):
    """Leaves a row's savepoint, undoing what the row wrote; the errors are on the row."""


@dataclass
class DevelopmentImport:
    """The result: the report (rows, refusals) and the warnings kept with imported steps."""

    report: ImportReport
    warnings: list[Problem] = field(default_factory=list)

    @property
    def summary(self) -> str:
        """The line above the result, e.g. 导入完成：导入2人（其中1人有提醒事项），1行未导入，原因见下表。"""
        imported = sum(1 for r in self.report.rows if r.outcome is Outcome.CREATED)
        warned = len({(w.sheet, w.row) for w in self.warnings})
        refused = len(self.report.rejected)
        text = f"导入完成：导入{imported}人" + (f"（其中{warned}人有提醒事项）" if warned else "")
        return text + (f"，{refused}行未导入，原因见下表。" if refused else "。")


def import_development(
    *, actor: Actor, branch: Organization, source: IO[bytes] | Path | bytes
) -> DevelopmentImport:
    """Read ``source`` and import each row into ``branch`` through the services.

    Raises ``ImportFileError`` (Chinese) when the file cannot be read at all (not a workbook,
    too big, no header). Rows are independent: each is imported whole or refused whole.
    """
    report = ImportReport(kind=KIND, valid_only=True)
    result = DevelopmentImport(report)
    with collector_paused():
        tables = read_tables(read_sheets(source), COLUMNS, report)
        members = _branch_members(branch)
        for row in parse_rows(tables, COLUMNS):
            _import_row(actor, branch, row, members, result)
    report.committed = True
    return result


def _branch_members(branch: Organization) -> dict[str, list[Member]]:
    """The members of ``branch``'s subtree by name (the people a row may name)."""
    found: dict[str, list[Member]] = {}
    for member in Member.objects.filter(in_subtree(branch.path, "organization__path")):
        found.setdefault(member.name, []).append(member)
    return found


def _import_row(
    actor: Actor, branch: Organization, row: ParsedRow, members: dict[str, list[Member]],
    result: DevelopmentImport,
) -> None:  # fmt: skip
    label = str(row.values.get("name") or "")
    _read_extra(row, members)
    data = _applicant_input(row, branch) if not row.errors else None
    plan = _plan(row)
    warnings: list[Problem] = []
    if data is not None and not row.errors:
        try:
            with transaction.atomic():
                _run(actor, row, data, plan, warnings)
        except _RowRefused:
            pass
    if row.errors:
        result.report.rows.append(row.report(Outcome.REJECTED, label, LABELS))
        return
    result.report.rows.append(row.report(Outcome.CREATED, label, LABELS))
    result.warnings.extend(warnings)


def _read_extra(row: ParsedRow, members: dict[str, list[Member]]) -> None:
    """The cells the generic readers leave as text: several dates, and names of members."""
    birth = row.values.get("birth_date")
    if isinstance(birth, MonthOnly):
        row.add_error("birth_date", needs_day(birth))
    text = str(row.values.get("assessed_on") or "")
    dates: list[date] = []
    for part in (p for p in _NAME_SPLIT.split(text) if p):
        try:
            day = read_bounded_date(part)
        except CellError as error:
            row.add_error("assessed_on", str(error))
            continue
        if day is not None:
            dates.append(day)
    row.values["assessed_on__dates"] = dates
    for key in _NAME_COLUMNS:
        row.values[f"{key}__ids"] = _match(row, key, members)


def _match(row: ParsedRow, key: str, members: dict[str, list[Member]]) -> tuple[int, ...]:
    ids: list[int] = []
    for name in (n for n in _NAME_SPLIT.split(str(row.values.get(key) or "")) if n):
        found = members.get(name, [])
        if not found:
            row.add_error(key, f"未在本支部党员中找到“{name}”，请核对姓名")
        elif len(found) > 1:
            row.add_error(key, f"本支部有{len(found)}名党员名为“{name}”，无法确定是哪一位，"
                               "请在页面上逐人录入该步骤")  # fmt: skip
        else:
            ids.append(found[0].pk)
    return tuple(ids)


def _applicant_input(row: ParsedRow, branch: Organization) -> ApplicantInput:
    v = row.values
    return ApplicantInput(
        name=v.get("name") or "", gender=v.get("gender") or "", birth_date=v["birth_date"],
        id_number=v.get("id_number") or "", education=v.get("education") or "",
        occupation=v.get("occupation") or "", organization_id=branch.pk,
        applied_on=v["applied_on"], received_on=v["received_on"],
        ethnicity=v.get("ethnicity") or "汉族", phone=v.get("phone") or "",
        work_unit=v.get("work_unit") or "", is_mobile=bool(v.get("is_mobile")),
    )  # fmt: skip


def _plan(row: ParsedRow) -> list[tuple[date, int, PlannedStep]]:
    """The dated steps of the row in date order (the step order breaks a tie); a step's other
    cells filled without its date are refused naming the date column."""
    planned: list[tuple[date, int, PlannedStep]] = []
    for step in STEPS:
        on = row.values.get(step.date_field)
        if on is None:
            filled = [c for c in step.companions if not is_blank(row.values.get(c))]
            if filled and step.date_field not in row.errors:
                what, needed = LABELS[filled[0]], LABELS[step.date_field]
                row.add_error(step.date_field, f"填写了{what}，请同时填写{needed}")
            continue
        planned.append((on, _STEP_ORDER[step.code], step))
    for day in row.values.get("assessed_on__dates", []):
        planned.append((day, _STEP_ORDER["assign_contacts"], _ASSESS))  # step 6 follows step 5
    planned.sort(key=lambda item: (item[0], item[1]))
    return planned


_ASSESS = PlannedStep("assess", "assessed_on", lambda v, on: {})


def _run(
    actor: Actor, row: ParsedRow, data: ApplicantInput,
    plan: list[tuple[date, int, PlannedStep]], warnings: list[Problem],
) -> None:  # fmt: skip
    """Register the person, then record each step; any refusal marks the row and undoes it."""
    try:
        applicant = applicant_register(actor=actor, data=data)
    except InvalidInput as error:
        _errors_on(row, error.errors, {f: f for f in _PERSON_FIELDS}, "name")
        raise _RowRefused from None
    except PermissionDenied as error:
        row.add_error("name", str(error) or "无权在该党支部登记")
        raise _RowRefused from None
    for on, _order, step in plan:
        recorded = _record(actor, row, applicant.pk, step, on)
        _check_entitled(row, step, recorded)
        warnings.extend(_warnings(row, step, recorded))


def _record(
    actor: Actor, row: ParsedRow, applicant_id: int, step: PlannedStep, on: date
) -> DevelopmentStep:
    values = StepInput(happened_on=on, **step.build(row.values, on))
    try:
        return development_step_record(
            actor=actor, applicant_id=applicant_id, code=step.code, data=values
        )
    except StepRefused as refused:
        for verdict in refused.blocks:
            row.add_error(step.date_field, verdict.text)
    except InvalidInput as error:
        _errors_on(row, error.errors, step.fields, step.date_field)
    except Conflict as error:
        # In date order the step came where it does not apply: most often a mistyped date.
        row.add_error(
            step.date_field, f"{error}（按各步骤日期先后，此时不能记录该步骤，请核对日期）"
        )
    except (PermissionDenied, Http404) as error:
        row.add_error(step.date_field, str(error) or "无权记录该步骤")
    raise _RowRefused


def _errors_on(
    row: ParsedRow, errors: dict[str, list[str]], fields: dict[str, str], fallback: str
) -> None:
    """A service's errors on the columns they concern (the step's date column otherwise)."""
    for name, messages in errors.items():
        column = fields.get(name, fallback)
        for message in messages:
            row.add_error(column, message)


def _check_entitled(row: ParsedRow, step: PlannedStep, recorded: DevelopmentStep) -> None:
    """The 应到人数 written in the sheet against the register the service counted (DEV-16)."""
    written = row.values.get("entitled")
    if step.code != "admission_meeting" or written is None:
        return
    counted = int((recorded.details.get("tally") or {}).get("entitled", 0))
    if counted != written:
        row.add_error("entitled", f"表中应到会有表决权党员{written}人，党员名册中支部大会当日"
                                  f"有表决权的党员为{counted}人，请核对")  # fmt: skip
        raise _RowRefused


def _warnings(row: ParsedRow, step: PlannedStep, recorded: DevelopmentStep) -> list[Problem]:
    letter = row.table.letter_of(step.date_field)
    header = row.table.header_of(step.date_field) or LABELS.get(step.date_field, "")
    return [
        Problem(row.table.name, row.number, letter, header, f"已导入，提醒：{v['text']}")
        for v in recorded.verdicts
        if v.get("outcome") == CheckOutcome.WARN.value
    ]


def write_template() -> bytes:
    """The import template: the header row of ``COLUMNS`` (required ones marked) and a
    "填写说明" sheet, which the import skips, explaining each column."""
    import io

    from dangjian.core.spreadsheet import SafeWorkbook
    from dangjian.members.excel.sheets import INSTRUCTIONS_SHEET

    out = io.BytesIO()
    book = SafeWorkbook(out)
    sheet = book.add_sheet("发展党员")
    head = book.add_format({"bold": True, "bg_color": "#F2F3F5", "border": 1, "text_wrap": True})
    text = book.add_format({"num_format": "@"})
    for index, column in enumerate(COLUMNS):
        sheet.text(0, index, column.header, head)
        sheet.layout.set_column(index, index, column.width, text if column.kind is _C.ID_NUMBER
                                else None)  # fmt: skip
        if column.choices:
            sheet.layout.data_validation(1, index, 2000, index, {
                "validate": "list", "source": column.labels[:40], "error_type": "warning"})  # fmt: skip
    sheet.layout.freeze_panes(1, 2)
    notes = book.add_sheet(INSTRUCTIONS_SHEET)
    notes.row(0, 0, ("列名", "是否必填", "填写说明"), head)
    for index, column in enumerate(COLUMNS, start=1):
        choices = (
            f"；可选：{'、'.join(column.labels)}"
            if column.choices and len(column.choices) < 10
            else ""
        )
        notes.row(
            index, 0, (column.header, "必填" if column.required else "", column.help + choices)
        )
    notes.text(
        len(COLUMNS) + 2,
        0,
        "每行一人，只填写已经完成的步骤的日期；每行按日期先后经过与页面录入相同的检查，"
        "不符合规定的行整行不导入并指明单元格，提醒事项随该行导入并在结果中列出。",
    )
    notes.layout.set_column(0, 0, 28)
    notes.layout.set_column(2, 2, 80)
    book.close()
    return out.getvalue()
