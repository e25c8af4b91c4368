"""The columns of the import templates: header, field, how a cell is read, and the help text.

One list per kind of sheet. The template writer, the importer and the exporter all read these,
so a header is spelt the same way everywhere.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from dangjian.members.choices import (
    DUES_CATEGORY_CHOICES,
    ETHNICITIES,
    Education,
    Gender,
    Occupation,
    Stage,
)
from dangjian.orgs.models import UnitType
from dangjian.rules.idcard import make_id_number
from dangjian.rules.organization import OrgKind
from dangjian.rules.sources import rule_citation


class CellKind(StrEnum):
    TEXT = "text"
    DATE = "date"
    CHOICE = "choice"
    BOOL = "bool"
    ID_NUMBER = "id_number"
    ORG = "org"  # 组织代码 or full name of an organisation
    INT = "int"


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    kind: CellKind = CellKind.TEXT
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()  # (code, label)
    help: str = ""
    width: int = 14

    @property
    def labels(self) -> list[str]:
        return [label for _code, label in self.choices]


def normalize(text: str) -> str:
    """Fold full-width forms and drop all white space: what people type is compared this way."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def _pairs(choices: list[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple((str(code), str(label)) for code, label in choices)


_DATE_HELP = "日期，可填2024-07-01、2024/7/1、2024.7.1、2024年7月1日或20240701"
_BOOL_HELP = "填“是”或“否”（也可填Y/N、√），空白视为“否”"
_ORG_HELP = "填写组织代码或党组织全称，须是您有权管理的党支部"

MEMBER_COLUMNS: tuple[Column, ...] = (
    Column("姓名", "name", required=True, help="不超过40个字", width=10),
    Column(
        "性别",
        "gender",
        CellKind.CHOICE,
        True,
        _pairs(Gender.choices),
        "男或女，须与身份证号一致",
        6,
    ),
    Column(
        "民族",
        "ethnicity",
        CellKind.CHOICE,
        True,
        tuple((e, e) for e in ETHNICITIES),
        "如：汉族",
        8,
    ),
    Column(
        "出生日期",
        "birth_date",
        CellKind.DATE,
        True,
        help=f"须与身份证号一致；{_DATE_HELP}",
        width=12,
    ),
    Column(
        "公民身份号码",
        "id_number",
        CellKind.ID_NUMBER,
        True,
        help="18位，末位可为X；请保持该列为文本格式，否则Excel会把号码改成科学计数法并丢失末几位",
        width=21,
    ),
    Column("手机号码", "phone", help="11位手机号或带区号的固定电话", width=14),
    Column("籍贯", "native_place", help="如：北京市东城区", width=12),
    Column(
        "学历",
        "education",
        CellKind.CHOICE,
        True,
        _pairs(Education.choices),
        "从下拉列表中选择",
        12,
    ),
    Column(
        "工作岗位类别",
        "occupation",
        CellKind.CHOICE,
        True,
        _pairs(Occupation.choices),
        "从下拉列表中选择",
        20,
    ),
    Column("职务/职称", "job_title", width=14),
    Column("工作单位", "work_unit", width=18),
    Column("家庭住址", "address", width=24),
    Column("申请入党日期", "applied_on", CellKind.DATE, help=_DATE_HELP, width=12),
    Column(
        "入党时间",
        "joined_on",
        CellKind.DATE,
        True,
        help=f"支部大会通过之日（依据{rule_citation('MEM-1')}）；{_DATE_HELP}",
        width=12,
    ),
    Column(
        "转正时间",
        "confirmed_on",
        CellKind.DATE,
        help=f"预备期满之日（依据{rule_citation('DEV-19')}）；正式党员必填，预备党员留空；{_DATE_HELP}",
        width=12,
    ),
    Column(
        "党员类别", "stage", CellKind.CHOICE, True, _pairs(Stage.choices), "正式党员或预备党员", 10
    ),
    Column(
        "党费类别",
        "dues_category",
        CellKind.CHOICE,
        True,
        _pairs(DUES_CATEGORY_CHOICES),
        "决定党费计算规则（依据《关于中国共产党党费收缴、使用和管理的规定》第一条至第六条）",
        20,
    ),
    Column("所在党组织", "organization_id", CellKind.ORG, True, help=_ORG_HELP, width=22),
    Column(
        "党小组",
        "party_group_id",
        CellKind.ORG,
        help="填写所在党支部下的党小组代码或名称，没有可留空",
        width=16,
    ),
    Column("流动党员", "is_floating", CellKind.BOOL, help=_BOOL_HELP, width=8),
    Column(
        "流动去向", "floating_to", help=f"流动党员必填（依据{rule_citation('MEM-3')}）", width=16
    ),
    Column(
        "失联起始日期",
        "lost_contact_since",
        CellKind.DATE,
        help=f"未失联留空；{_DATE_HELP}",
        width=12,
    ),
    Column("困难党员", "in_difficulty", CellKind.BOOL, help=_BOOL_HELP, width=8),
    Column("领导干部", "is_leading_cadre", CellKind.BOOL, help=_BOOL_HELP, width=8),
)

ORG_COLUMNS: tuple[Column, ...] = (
    Column("名称", "name", required=True, help="党组织全称", width=24),
    Column("简称", "short_name", width=12),
    Column(
        "组织代码", "code", required=True, help="全系统唯一；再次导入时按组织代码匹配", width=14
    ),
    Column(
        "组织类别",
        "kind",
        CellKind.CHOICE,
        True,
        tuple((k.value, k.label) for k in OrgKind),
        "从下拉列表中选择",
        12,
    ),
    Column(
        "上级组织代码",
        "parent_id",
        CellKind.ORG,
        help="上级党组织的组织代码，可以是本表中前面行的组织；顶层党委留空",
        width=14,
    ),
    Column("所在单位", "unit_name", width=20),
    Column(
        "单位性质",
        "unit_type",
        CellKind.CHOICE,
        choices=_pairs(UnitType.choices),
        help="从下拉列表中选择",
        width=14,
    ),
    Column(
        "涉及单位数", "unit_count", CellKind.INT, help="联合党支部填涉及的单位数，默认1", width=10
    ),
    Column("成立日期", "founded_on", CellKind.DATE, help=_DATE_HELP, width=12),
    Column("批准文号", "approval_document", width=16),
    Column("离退休党支部", "is_retirees_branch", CellKind.BOOL, help=_BOOL_HELP, width=10),
    Column("本届任期开始", "term_started_on", CellKind.DATE, help=_DATE_HELP, width=12),
)

# Headers people commonly use for the same column.
HEADER_ALIASES = {
    "身份证号": "公民身份号码",
    "身份证号码": "公民身份号码",
    "身份证": "公民身份号码",
    "手机号": "手机号码",
    "联系电话": "手机号码",
    "所在党支部": "所在党组织",
    "所在支部": "所在党组织",
    "所在党小组": "党小组",
    "职务": "职务/职称",
    "岗位类别": "工作岗位类别",
    "出生年月": "出生日期",
}

# Columns an export adds to the template's; the importer ignores them with a notice.
EXPORT_EXTRA_HEADERS = ("党籍状态", "年龄", "党龄")

EXAMPLE_BIRTH = date(1985, 7, 1)

# The templates' example rows. The importer recognises a row by these values together and skips
# it (saying so in the report), so an example left in the file is never imported as real data.
EXAMPLE_MEMBER_NAME = "示例党员"
EXAMPLE_ID_NUMBER = make_id_number("110101", EXAMPLE_BIRTH, 0, "M")
EXAMPLE_ORG_NAME = "示例党支部"
EXAMPLE_ORG_CODE = "SL-0001"


def is_example_member(values: dict[str, object]) -> bool:
    """The member template's example row, left in (name and ID number both unchanged)."""
    return (
        values.get("name") == EXAMPLE_MEMBER_NAME and values.get("id_number") == EXAMPLE_ID_NUMBER
    )


def is_example_org(values: dict[str, object]) -> bool:
    """The organisation template's example row, left in (name and code both unchanged)."""
    return values.get("name") == EXAMPLE_ORG_NAME and values.get("code") == EXAMPLE_ORG_CODE
