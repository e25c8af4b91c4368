"""Excel import and export of the member archive and of organisations.

Reading goes through the bounded reader (``dangjian.core.workbook``: python-calamine in a
limited process); writing through ``dangjian.core.spreadsheet`` (xlsxwriter, no formulas from
text). Every row becomes a typed input and goes through the same services (or, for many new
members, the same checks) as the pages and the API.
"""

from __future__ import annotations

from dangjian.members.excel.bulk import ImportBatch, NewMember, member_bulk_create
from dangjian.members.excel.export import ExportResult, write_member_export
from dangjian.members.excel.member_import import import_members
from dangjian.members.excel.org_import import import_orgs
from dangjian.members.excel.report import ImportReport, Outcome, Problem, RowReport
from dangjian.members.excel.sheets import ImportFileError
from dangjian.members.excel.template import write_member_template, write_org_template

__all__ = [
    "ExportResult",
    "ImportBatch",
    "ImportFileError",
    "ImportReport",
    "NewMember",
    "Outcome",
    "Problem",
    "RowReport",
    "import_members",
    "import_orgs",
    "member_bulk_create",
    "write_member_export",
    "write_member_template",
    "write_org_template",
]
