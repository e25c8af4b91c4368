"""Importing a question bank (题库) from Excel: single choice, multiple choice, true/false.

One row per question: 题型, 题干, 选项A to 选项F, 答案. The file is read through the bounded
reader every import uses (``core.workbook`` via ``members.excel.sheets``) and the row loop of
the register imports (``dynamics.excel_import.run_register_import``): errors name the sheet,
row and column; the whole file or nothing is written; a question already in the bank (same
type, stem and options) is reported 未变化, so the same file twice changes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO

from django.core.exceptions import PermissionDenied

from dangjian.accounts.access import access_organization, may_assign_study
from dangjian.core.actor import Actor
from dangjian.core.audit import audit
from dangjian.dynamics.excel_import import (
    RegisterImport,
    RowRefused,
    register_template,
    run_register_import,
)
from dangjian.members.excel.columns import CellKind, Column
from dangjian.members.excel.report import Outcome
from dangjian.members.excel.rows import ParsedRow
from dangjian.orgs.models import Organization
from dangjian.rules.study import OPTION_LETTERS, QuestionKind, normalize_answer
from dangjian.study.services import question_add

KIND = "题库"
SHEET = "题库"
_KINDS = tuple((k.value, k.label) for k in QuestionKind)
_OPTION_HELP = "选项内容，200字以内；单选题、多选题至少填A、B两项，须从A起连续填写；判断题不填"
COLUMNS: tuple[Column, ...] = (
    Column("题型", "kind", CellKind.CHOICE, True, _KINDS, "单选题、多选题或判断题", 8),
    Column("题干", "stem", required=True, help="题目内容，500字以内", width=40),
    *(Column(f"选项{letter}", f"option_{letter}", help=_OPTION_HELP, width=18)
      for letter in OPTION_LETTERS),
    Column("答案", "answer", required=True,
           help="选项字母，如A；多选题填全部正确选项，如ABD；判断题填“对”或“错”", width=10),
)  # fmt: skip


def _options(row: ParsedRow, kind: QuestionKind) -> list[str]:
    texts = [str(row.values.get(f"option_{c}") or "").strip() for c in OPTION_LETTERS]
    if kind is QuestionKind.TRUE_FALSE:
        filled = [c for c, t in zip(OPTION_LETTERS, texts, strict=True) if t]
        if filled:
            row.add_error(f"option_{filled[0]}", "判断题不填选项（答案填“对”或“错”）")
            raise RowRefused
        return ["对", "错"]
    # The options run from A to the last one filled in; a blank before it is a gap.
    count = max((i + 1 for i, t in enumerate(texts) if t), default=0)
    gap = next((i for i in range(max(count, 2)) if not texts[i]), None)
    if gap is not None:
        row.add_error(f"option_{OPTION_LETTERS[gap]}",
                      f"{kind.label}至少需要A、B两个选项，且须从A起连续填写")  # fmt: skip
        raise RowRefused
    for letter, text in zip(OPTION_LETTERS, texts[:count], strict=False):
        if len(text) > 200:
            row.add_error(f"option_{letter}", "选项不能超过200个字")
            raise RowRefused
    return texts[:count]


def _write(actor: Actor, organization: Organization, row: ParsedRow) -> Outcome:
    kind = QuestionKind(row.values["kind"])
    stem = " ".join(str(row.values.get("stem") or "").split())
    if len(stem) > 500:
        row.add_error("stem", "题干不能超过500个字")
        raise RowRefused
    options = _options(row, kind)
    try:
        answer = normalize_answer(kind, str(row.values.get("answer") or ""), len(options))
    except ValueError as error:
        row.add_error("answer", str(error))
        raise RowRefused from None
    created = question_add(actor=actor, organization=organization, kind=kind, stem=stem,
                           options=options, answer=answer)  # fmt: skip
    return Outcome.CREATED if created else Outcome.UNCHANGED


def import_questions(
    *, actor: Actor, organization_id: int, source: IO[bytes] | Path | bytes, commit: bool
) -> RegisterImport:
    """Read ``source`` into the bank of the organisation; ``commit`` False is the preview.

    Raises ``ImportFileError`` (Chinese) when the file cannot be read at all, and
    ``PermissionDenied``/``Http404`` outside the actor's organisations."""
    organization = access_organization(actor, organization_id)
    if not may_assign_study(actor, organization):
        raise PermissionDenied("无权维护该党组织的题库")
    result = run_register_import(
        kind=KIND, columns=COLUMNS, source=source, commit=commit, label_field="stem",
        write=lambda row: _write(actor, organization, row),
    )  # fmt: skip
    if result.report.committed:
        audit(actor=actor, action="study.questions_import", obj=organization,
              detail=f"Excel导入题库：{result.summary}"[:300])  # fmt: skip
    return result


def write_template() -> bytes:
    """The import template: the header row and a 填写说明 sheet the import skips."""
    return register_template(SHEET, COLUMNS)
