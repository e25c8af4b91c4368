"""What an import did, row by row, in words for the person who has to fix the spreadsheet."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    REJECTED = "rejected"
    SKIPPED = "skipped"  # e.g. the template's example row, left in

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Outcome.CREATED: "新建",
    Outcome.UPDATED: "更新",
    Outcome.UNCHANGED: "未变化",
    Outcome.REJECTED: "未通过",
    Outcome.SKIPPED: "已跳过",
}
EXAMPLE_SKIPPED = "这是导入模板中的示例行（{label}），已跳过，未导入"


@dataclass(frozen=True)
class Problem:
    """One reason a row (or a sheet) was not accepted, pointing at the cell."""

    sheet: str
    row: int  # as Excel shows it (1-based)
    column: str  # letter, "" when the reason concerns the whole row
    header: str
    reason: str

    @property
    def where(self) -> str:
        cell = f"{self.column}{self.row}" if self.column else f"第{self.row}行"
        return f"工作表“{self.sheet}”{cell}" + (f"（{self.header}）" if self.header else "")

    def __str__(self) -> str:
        return f"{self.where}：{self.reason}"


@dataclass
class RowReport:
    sheet: str
    row: int
    outcome: Outcome
    label: str = ""  # who or what the row is about: a name
    problems: list[Problem] = field(default_factory=list)


@dataclass
class ImportReport:
    kind: str  # "党员" or "党组织"
    rows: list[RowReport] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)  # e.g. unknown headers, ignored
    valid_only: bool = False
    committed: bool = False

    @property
    def counts(self) -> dict[Outcome, int]:
        """Rows by outcome; 已跳过 only when a row was skipped."""
        found = Counter(r.outcome for r in self.rows)
        return {o: found.get(o, 0) for o in Outcome if o is not Outcome.SKIPPED or found.get(o)}

    def skip_example(self, sheet: str, row: int, label: str) -> None:
        """Record a template example row as skipped, with a notice saying why."""
        self.rows.append(RowReport(sheet, row, Outcome.SKIPPED, label))
        self.notices.append(Problem(sheet, row, "", "", EXAMPLE_SKIPPED.format(label=label)))

    @property
    def rejected(self) -> list[RowReport]:
        return [r for r in self.rows if r.outcome is Outcome.REJECTED]

    @property
    def problems(self) -> list[Problem]:
        return [p for r in self.rows for p in r.problems]

    @property
    def summary(self) -> str:
        counts = self.counts
        numbers = "，".join(f"{o.label}{n}行" for o, n in counts.items())
        if self.committed:
            return f"导入完成：{numbers}。"
        return (
            f"文件中有{counts[Outcome.REJECTED]}行未通过校验，本次未导入任何数据（{numbers}）。"
            "请修改后重新上传，或勾选“只导入校验通过的行”。"
        )
