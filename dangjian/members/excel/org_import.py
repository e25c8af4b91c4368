"""Importing organisations: rows in order, each parent found by 组织代码 (earlier rows included).

Matched by 组织代码, so importing the same file again changes nothing. Creation goes through
``org_create`` and changes through ``org_update``; the whole file runs in one transaction.
"""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from typing import IO, Any

from django.db import transaction

from dangjian.accounts.access import (
    may_add_top_level_organization,
    may_manage_org,
    visible_organizations,
)
from dangjian.core.actor import Actor
from dangjian.core.errors import InvalidInput
from dangjian.members.excel.columns import EXAMPLE_ORG_NAME, ORG_COLUMNS, is_example_org
from dangjian.members.excel.report import ImportReport, Outcome
from dangjian.members.excel.rows import ParsedRow, header_labels, parse_rows
from dangjian.members.excel.sheets import read_sheets, read_tables
from dangjian.orgs.models import Organization
from dangjian.orgs.services import OrgInput, org_create, org_update

LABELS = header_labels(ORG_COLUMNS)


class _Rejected(Exception):
    """A row that cannot be saved; its reasons are already on the row."""


def import_orgs(
    *, actor: Actor, source: IO[bytes] | Path, valid_only: bool = False, source_name: str = ""
) -> ImportReport:
    report = ImportReport(kind="党组织", valid_only=valid_only)
    tables = read_tables(read_sheets(source), ORG_COLUMNS, report)
    with transaction.atomic():
        for row in parse_rows(tables, ORG_COLUMNS):
            if is_example_org(row.values):
                report.skip_example(row.table.name, row.number, EXAMPLE_ORG_NAME)
                continue
            outcome = _import_row(row, actor)
            report.rows.append(row.report(outcome, str(row.values.get("name", "")), LABELS))
        if report.rejected and not valid_only:
            transaction.set_rollback(True)
        else:
            report.committed = True
    return report


def _import_row(row: ParsedRow, actor: Actor) -> Outcome:
    if row.errors:
        return Outcome.REJECTED
    try:
        with transaction.atomic():
            return _save(row, actor)
    except _Rejected:
        return Outcome.REJECTED
    except InvalidInput as exc:
        row.add_errors(exc.errors)
        return Outcome.REJECTED


def _save(row: ParsedRow, actor: Actor) -> Outcome:
    existing = Organization.objects.filter(code=row.values["code"]).first()
    parent = _parent(row, actor, creating=existing is None)
    if existing is None:
        org_create(actor=actor, data=_input(row, _defaults(parent)))
        return Outcome.CREATED
    _check_existing(row, actor, existing, parent)
    current = _current(existing)
    data = _input(row, current)
    if data == OrgInput(**current):
        return Outcome.UNCHANGED
    org_update(actor=actor, org_id=existing.pk, data=data)
    return Outcome.UPDATED


def _reject(row: ParsedRow, field_name: str, message: str) -> _Rejected:
    row.add_error(field_name, message)
    return _Rejected(message)


def _parent(row: ParsedRow, actor: Actor, *, creating: bool) -> Organization | None:
    ref = row.values.get("parent_id") or ""
    if not ref:
        if creating and not may_add_top_level_organization(actor):
            raise _reject(row, "parent_id", "只有系统管理员可以建立顶层党组织，请填写上级组织代码")
        return None
    parent = visible_organizations(actor).filter(code=ref).first()
    if parent is None:
        exists = Organization.objects.filter(code=ref).exists()
        raise _reject(
            row,
            "parent_id",
            "无权在该组织下导入" if exists else f"找不到组织代码为“{ref}”的上级组织",
        )
    if creating and not may_manage_org(actor, parent):
        raise _reject(row, "parent_id", "无权在该组织下建立下级组织")
    return parent


def _check_existing(
    row: ParsedRow, actor: Actor, existing: Organization, parent: Organization | None
) -> None:
    if not may_manage_org(actor, existing):
        raise _reject(row, "code", f"组织代码“{existing.code}”已被您无权管理的组织使用")
    current_parent = Organization.objects.get_parent(existing)
    if "parent_id" in row.values and getattr(current_parent, "pk", None) != getattr(
        parent, "pk", None
    ):
        raise _reject(
            row, "parent_id", "与现有记录的上级组织不同；调整隶属关系请在组织架构中使用“移动”"
        )


def _defaults(parent: Organization | None) -> dict[str, Any]:
    values = {f.name: f.default for f in fields(OrgInput) if f.name not in {"name", "code", "kind"}}
    return {**values, "parent_id": parent.pk if parent else None}


def _current(org: Organization) -> dict[str, Any]:
    values = {f.name: getattr(org, f.name) for f in fields(OrgInput) if f.name != "parent_id"}
    parent = Organization.objects.get_parent(org)
    return {**values, "parent_id": parent.pk if parent else None}


def _input(row: ParsedRow, base: dict[str, Any]) -> OrgInput:
    given = {k: v for k, v in row.values.items() if k != "parent_id"}
    if given.get("unit_count") is None:
        given.pop("unit_count", None)
    return OrgInput(**{**base, **given})
