"""The HR workbook's record sheets beside 干部信息: 培训记录 (training: dates, hours, institution),
奖惩情况 (rewards and administrative sanctions) and 后备干部 (reserve cadres).

Each row adds one dated record to the file of the cadre of its ID number, through the same
service as the file's forms (``services.cadre_record_add``), so the import's preview, its all
rows or none and its "the same file twice changes nothing" hold for these sheets as for the
first. A row names a cadre already in the database or filed by the 干部信息 sheet of the same
file (that sheet is read first); a number the database does not hold is refused, as is a name
that is not the cadre's. The same record twice in a file (the same person and key: a course and
its start, a decision's kind, name and day, a reserve post and its start) is refused on its
second row: two rows correcting each other would change the file at every import.

A sheet is recognised by its name (containing 培训, 奖惩 or 后备) or else by a header only it has
(培训项目, 奖惩名称, 拟任职务); every other sheet is read as 干部信息. A Party sanction of a member
is not imported here: the file reads it from the discipline records (DISC-1).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dangjian.cadres.models import RewardKind
from dangjian.cadres.services import record_keys
from dangjian.core.workbook import SheetRows
from dangjian.members.excel.columns import CellKind, Column, normalize
from dangjian.members.excel.rows import header_labels

_C = CellKind
_DATE = "日期，可填2024-07-01、2024/7/1、2024.7.1、2024年7月1日或20240701"
_HEADER_SEARCH_ROWS = 10
_PERSON = (
    Column("姓名", "name", required=True, help="须与干部信息库中的姓名一致", width=10),
    Column("公民身份号码", "id_number", _C.ID_NUMBER, True,
           help="18位；须是干部信息库中的干部，或本文件“干部信息”表中新登记的干部", width=21),
)  # fmt: skip


@dataclass(frozen=True)
class RecordSheet:
    """One kind of record sheet: its template name, how it is recognised, its columns, and
    where each field of the record (``services._RECORDS[kind]``) is on the sheet."""

    name: str
    keyword: str  # a sheet whose name contains it is this kind
    marker: str  # a header only this kind has
    kind: str  # the record kind of ``services.cadre_record_add``
    what: str  # the record's key, for a refusal of the same record twice
    columns: tuple[Column, ...]
    fields: dict[str, str]  # record field -> sheet column field

    @property
    def labels(self) -> dict[str, str]:
        return header_labels(self.columns)

    def record(self, values: dict[str, Any]) -> dict[str, Any]:
        """The record's values from a parsed row: blank texts as "", a blank date as None."""
        out: dict[str, Any] = {}
        for name, column in self.fields.items():
            value = values.get(column)
            out[name] = value if value not in (None, "") else _blank(self, column)
        return out


def _blank(sheet: RecordSheet, column: str) -> Any:
    kind = next(c.kind for c in sheet.columns if c.field == column)
    return "" if kind in (CellKind.TEXT, CellKind.CHOICE) else None


TRAINING = RecordSheet(
    "培训记录", "培训", "培训项目", "training", "同一人、同一培训项目和开始日期",
    (*_PERSON,
     Column("培训项目", "training_name", required=True, help="不超过120个字", width=24),
     Column("培训机构", "organiser", help="主办单位或培训机构，不超过120个字", width=20),
     Column("开始日期", "started_on", _C.DATE, True, help=_DATE, width=12),
     Column("结束日期", "ended_on", _C.DATE, True, help=_DATE + "；不早于开始日期", width=12),
     Column("学时", "hours", _C.INT, True, help="1至2000之间的整数", width=8)),
    {"name": "training_name", "organiser": "organiser", "started_on": "started_on",
     "ended_on": "ended_on", "hours": "hours"},
)  # fmt: skip
REWARDS = RecordSheet(
    "奖惩情况", "奖惩", "奖惩名称", "reward", "同一人、同一类别、名称和决定日期",
    (*_PERSON,
     Column("奖惩类别", "reward_kind", _C.CHOICE, True,
            tuple((str(c), str(label)) for c, label in RewardKind.choices), "奖励或处分", 8),
     Column("奖惩名称", "reward_name", required=True, help="如“公司优秀共产党员”，不超过120个字", width=24),
     Column("决定日期", "decided_on", _C.DATE, True, help=_DATE + "；不晚于今天", width=12),
     Column("决定机关", "issuer", help="不超过120个字", width=20)),
    {"kind": "reward_kind", "name": "reward_name", "decided_on": "decided_on", "issuer": "issuer"},
)  # fmt: skip
RESERVE = RecordSheet(
    "后备干部", "后备", "拟任职务", "reserve", "同一人、同一拟任单位、职务和列为后备时间",
    (*_PERSON,
     Column("拟任单位", "reserve_unit", required=True, help="单位或部门，不超过120个字", width=18),
     Column("拟任职务", "reserve_title", required=True, help="不超过60个字", width=14),
     Column("列为后备时间", "since", _C.DATE, True, help=_DATE, width=12),
     Column("调整出后备时间", "until", _C.DATE, help=_DATE + "；仍为后备干部的留空", width=12)),
    {"unit": "reserve_unit", "title": "reserve_title", "since": "since", "until": "until"},
)  # fmt: skip
RECORD_SHEETS: tuple[RecordSheet, ...] = (TRAINING, REWARDS, RESERVE)


def sheet_kind(sheet: SheetRows) -> RecordSheet | None:
    """The record sheet ``sheet`` is, by its name or else its header; None for 干部信息."""
    for kind in RECORD_SHEETS:
        if kind.keyword in sheet.name:
            return kind
    for _number, cells in sheet.rows[:_HEADER_SEARCH_ROWS]:
        texts = {normalize(str(v)).replace("*", "") for v in cells if v is not None}
        for kind in RECORD_SHEETS:
            if kind.marker in texts:
                return kind
    return None


def record_key(sheet: RecordSheet, record: dict[str, Any]) -> tuple[str, ...]:
    """The record's identity as the service matches it (kind and key fields, as text)."""
    return (sheet.kind, *(str(record[k]) for k in record_keys(sheet.kind)))
