"""Importing the member archive from a spreadsheet.

Every row becomes a ``MemberInput`` before a service sees it. Rows of members already on file
(matched by the lookup hash of the ID number) go through ``member_update`` so each change is an
event; new members go through the bulk path, which runs the same ``check_member_input``. The
whole file runs in one transaction: by default a single rejected row rolls everything back, and
the report says what each row would have done.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

from django.db import transaction

from dangjian.accounts.access import may_manage_member
from dangjian.core import crypto
from dangjian.core.actor import Actor
from dangjian.core.errors import InvalidInput
from dangjian.core.memory import collector_paused
from dangjian.members.excel.bulk import (
    LOOKUP_CHUNK,
    ImportBatch,
    NewMember,
    check_new_members,
    insert_new_members,
)
from dangjian.members.excel.cells import CellError
from dangjian.members.excel.columns import (
    EXAMPLE_ID_NUMBER,
    EXAMPLE_MEMBER_NAME,
    MEMBER_COLUMNS,
    is_example_member,
)
from dangjian.members.excel.mapping import ColumnMapping
from dangjian.members.excel.report import ImportReport, Outcome
from dangjian.members.excel.resolve import OrgResolver
from dangjian.members.excel.rows import ParsedRow, header_labels, parse_rows
from dangjian.members.excel.sheets import read_sheets, read_tables
from dangjian.members.inputs import MemberInput, member_input_from, member_input_of
from dangjian.members.models import Member
from dangjian.members.services import ID_REGISTERED, member_update, today
from dangjian.rules.numbers import phone_as_stored

LABELS = header_labels(MEMBER_COLUMNS)


@dataclass
class _Plan:
    """What each row would do; filled in while checking, applied at the end."""

    outcomes: dict[int, tuple[Outcome, str]] = field(default_factory=dict)  # id(row) -> outcome
    creates: list[tuple[ParsedRow, NewMember]] = field(default_factory=list)
    updates: list[tuple[ParsedRow, Member, MemberInput]] = field(default_factory=list)

    def mark(self, row: ParsedRow, outcome: Outcome, label: str) -> None:
        self.outcomes[id(row)] = (outcome, label)


def import_members(
    *,
    actor: Actor,
    source: IO[bytes] | Path | bytes,
    valid_only: bool = False,
    source_name: str = "",
    mapping: ColumnMapping | None = None,
) -> ImportReport:
    """Read, check and (unless a row is rejected and ``valid_only`` is off) save a member file.

    ``mapping``: which column is which field, whole-file values and the meaning of ambiguous
    values, as decided on the mapping screen; without one, headers are read by their names
    and synonyms.
    """
    with collector_paused():
        return _import_members(actor, source, valid_only, source_name, mapping or ColumnMapping())


def _import_members(
    actor: Actor,
    source: IO[bytes] | Path | bytes,
    valid_only: bool,
    source_name: str,
    mapping: ColumnMapping,
) -> ImportReport:
    report = ImportReport(kind="党员", valid_only=valid_only)
    tables = read_tables(read_sheets(source), MEMBER_COLUMNS, report, mapping)
    rows = _without_examples(parse_rows(tables, MEMBER_COLUMNS, mapping), report)
    _resolve_orgs(rows, OrgResolver(actor, _org_refs(rows)))
    hashes = _hash_ids(rows)
    existing = _existing(hashes.values())
    plan = _plan(rows, hashes, existing, actor)
    reason = f"Excel导入：{source_name}"[:300] if source_name else "Excel导入"
    with transaction.atomic():
        _apply_updates(plan, actor, reason)
        _check_creates(plan)
        _report(report, rows, plan)
        if report.rejected and not valid_only:
            transaction.set_rollback(True)
        else:
            _insert_creates(plan, actor, reason, source_name)
            report.committed = True
    return report


def _without_examples(rows: Iterable[ParsedRow], report: ImportReport) -> list[ParsedRow]:
    """The rows to import: the template's example row, left in, is reported as skipped."""
    kept: list[ParsedRow] = []
    for row in rows:
        if is_example_member(row.values):
            report.skip_example(row.table.name, row.number, EXAMPLE_MEMBER_NAME)
            continue
        if row.values.get("id_number") == EXAMPLE_ID_NUMBER:
            # The example row with its name changed: the example's number is nobody's.
            row.add_error(
                "id_number", "这是导入模板示例行的身份证号，请填写该党员本人的公民身份号码"
            )
        kept.append(row)
    return kept


def _org_refs(rows: list[ParsedRow]) -> set[str]:
    keys = ("organization_id", "party_group_id")
    return {str(row.values[k]) for row in rows for k in keys if row.values.get(k)}


def _resolve_orgs(rows: list[ParsedRow], resolver: OrgResolver) -> None:
    """Replace the organisation texts with ids, or record why they cannot be used."""
    for row in rows:
        ref, group_ref = row.values.get("organization_id"), row.values.get("party_group_id")
        if not ref:
            continue
        try:
            branch = resolver.branch(ref)
            row.values["organization_id"] = branch.pk
        except CellError as exc:
            row.add_error("organization_id", str(exc))
            continue
        if "party_group_id" in row.values:
            row.values["party_group_id"] = _group_id(row, resolver, group_ref, branch)


def _group_id(row: ParsedRow, resolver: OrgResolver, ref: Any, branch: Any) -> int | None:
    if not ref:
        return None
    try:
        return resolver.group(ref, branch).pk
    except CellError as exc:
        row.add_error("party_group_id", str(exc))
        return None


def _hash_ids(rows: list[ParsedRow]) -> dict[int, str]:
    """Lookup hash of each readable ID number; a number repeated in the file is rejected."""
    hashes: dict[int, str] = {}
    first_seen: dict[str, ParsedRow] = {}
    for row in rows:
        number = row.values.get("id_number")
        if not number or "id_number" in row.errors:
            continue
        earlier = first_seen.setdefault(number, row)
        if earlier is not row:
            where = f"工作表“{earlier.table.name}”第{earlier.number}行"
            row.add_error("id_number", f"与{where}的公民身份号码重复")
            continue
        hashes[id(row)] = crypto.lookup_hash(number)
    return hashes


def _existing(hashes: Iterable[str]) -> dict[str, Member]:
    wanted = list(hashes)
    found: dict[str, Member] = {}
    for start in range(0, len(wanted), LOOKUP_CHUNK):
        chunk = wanted[start : start + LOOKUP_CHUNK]
        for member in Member.objects.filter(id_number_hash__in=chunk).select_related(
            "organization"
        ):
            found[member.id_number_hash or ""] = member
    return found


def current_input(member: Member) -> dict[str, Any]:
    """A member's archive as the values of a ``MemberInput`` (no phone is "", as forms give)."""
    return asdict(member_input_of(member))


def _input(row: ParsedRow, current: dict[str, Any] | None = None) -> MemberInput:
    """The row's values over the member's ``current`` ones; a new member takes the defaults."""
    values = {**current, **row.values} if current else dict(row.values)
    values["phone"] = phone_as_stored(str(values.get("phone") or ""))
    return member_input_from(values)


def _plan(
    rows: list[ParsedRow], hashes: dict[int, str], existing: dict[str, Member], actor: Actor
) -> _Plan:
    plan = _Plan()
    for row in rows:
        id_hash = hashes.get(id(row))
        name = str(row.values.get("name", ""))
        member = existing.get(id_hash) if id_hash else None
        if row.errors or id_hash is None:
            plan.mark(row, Outcome.REJECTED, name)
        elif member is None:
            plan.creates.append((row, NewMember(_input(row), id_hash)))
        elif not may_manage_member(actor, member):
            row.add_error("id_number", ID_REGISTERED)  # not where: it is out of scope
            plan.mark(row, Outcome.REJECTED, name)
        else:
            _plan_update(plan, row, member)
    return plan


def _plan_update(plan: _Plan, row: ParsedRow, member: Member) -> None:
    current = current_input(member)
    data = _input(row, current)
    if data == MemberInput(**current):
        plan.mark(row, Outcome.UNCHANGED, member.name)
    else:
        plan.updates.append((row, member, data))


def _apply_updates(plan: _Plan, actor: Actor, reason: str) -> None:
    """Each update in its own savepoint, so a rejected one leaves the others in place."""
    for row, member, data in plan.updates:
        try:
            with transaction.atomic():
                member_update(actor=actor, member_id=member.pk, data=data, reason=reason)
        except InvalidInput as exc:
            row.add_errors(exc.errors)
            plan.mark(row, Outcome.REJECTED, data.name)
        else:
            plan.mark(row, Outcome.UPDATED, data.name)


def _check_creates(plan: _Plan) -> None:
    # Creates are the rows whose ID number ``_existing`` did not find: none is registered yet.
    errors = check_new_members([item for _row, item in plan.creates], today(), registered=set())
    for position, (row, item) in enumerate(plan.creates):
        if position in errors:
            row.add_errors(errors[position])
            plan.mark(row, Outcome.REJECTED, item.data.name)
        else:
            plan.mark(row, Outcome.CREATED, item.data.name)


def _insert_creates(plan: _Plan, actor: Actor, reason: str, source_name: str) -> None:
    valid = [item for row, item in plan.creates if not row.errors]
    if valid:
        batch = ImportBatch(pk=source_name[:40], label=f"Excel导入党员：{source_name}"[:200])
        insert_new_members(actor=actor, items=valid, reason=reason, batch=batch)


def _report(report: ImportReport, rows: list[ParsedRow], plan: _Plan) -> None:
    for row in rows:
        outcome, label = plan.outcomes[id(row)]
        report.rows.append(row.report(outcome, label, LABELS))
