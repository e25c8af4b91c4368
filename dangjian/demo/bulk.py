"""The bulk path of the demo: the same plan written in batches of 5,000 rows.

For hundreds of thousands of members the services (one validated, audited transaction per
change) are too slow, so this writes the rows they would have written: organisations with their
materialised paths computed here (``bulk_create``), members with encrypted numbers and lookup
hashes, the ``MemberPeriod`` intervals of each member's history, its ``MemberEvent`` rows and
the posts. Members and the rows hanging off them go in through ``write_rows`` with member ids
assigned here: ``bulk_create`` spends most of its time preparing each field of each object,
which for four million rows is most of the load time.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from dangjian.core import crypto
from dangjian.core.rawinsert import write_rows
from dangjian.demo.load import LoadResult, org_fields, scopes_of
from dangjian.demo.orgplan import OrgSpec
from dangjian.demo.people import PersonSpec
from dangjian.demo.plan import BranchBatch, DemoPlan, periods_of, work_unit
from dangjian.demo.users import create_admin, create_branch_users, create_org_admin
from dangjian.members.choices import Stage, Status
from dangjian.members.derived import derived_columns
from dangjian.members.models import EventKind, Member, MemberEvent, MemberPeriod, Position
from dangjian.members.search_keys import name_keys_insert
from dangjian.orgs.models import Organization, OrganizationPath
from dangjian.rules.sources import rule_citation

BATCH_SIZE = 5000


def load_in_bulk(plan: DemoPlan, *, password: str, progress: bool = False) -> LoadResult:
    _tune_sqlite()
    with transaction.atomic():
        admin = create_admin(password)
        org_pk = bulk_organisations(plan.tree.orgs)
        scopes = scopes_of(plan, org_pk)
        create_org_admin("zuzhibu", "王红梅", scopes.root, password)
        create_org_admin("zongzhi", "刘振东", scopes.general_branch, password)
    writer = _Writer(plan, org_pk, admin.pk, progress)
    for batch in plan.batches():
        writer.add(batch)
    writer.flush()
    _reset_sequences()
    with transaction.atomic():
        create_branch_users(scopes, password)
    _refresh_statistics()
    return LoadResult(len(org_pk), writer.members, writer.positions)


def _refresh_statistics() -> None:
    """PostgreSQL: what autovacuum would do minutes after a load this size on a live server.

    The planner needs the statistics (ANALYZE) and index-only scans need the visibility map
    (VACUUM), which cannot run inside a transaction; a benchmark that starts right after the
    load would otherwise measure plans no running server makes.
    """
    if connection.vendor != "postgresql":
        return
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    with connection.cursor() as cursor:
        for model in (Organization, OrganizationPath, Member, MemberPeriod, MemberEvent, Position):
            cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")


def _reset_sequences() -> None:
    """Member ids were assigned here; move PostgreSQL's sequence past them."""
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Member]):
            cursor.execute(sql)


def insert_rows(
    model: type[models.Model], columns: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    """INSERT ``rows`` (values ready for the database) into ``model``'s table."""
    write_rows(str(model._meta.db_table), [_column(model, c) for c in columns], rows)


def _column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field) and field.column
    return field.column


def _tune_sqlite() -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -262144")  # 256 MB of page cache for the indexes


def bulk_organisations(specs: list[OrgSpec]) -> dict[str, int]:
    """Insert the tree in one go: paths, depth and numchild as treebeard would have set them."""
    paths: dict[str, str] = {}
    children: dict[str | None, int] = {}
    rows = []
    for spec in specs:  # parents come before their children
        parent_path = paths.get(spec.parent or "")
        depth = len(parent_path) // Organization.steplen + 1 if parent_path else 1
        children[spec.parent] = children.get(spec.parent, 0) + 1
        paths[spec.key] = Organization._get_path(parent_path, depth, children[spec.parent])
        rows.append(_org_row(spec, paths[spec.key], depth))
    for row, spec in zip(rows, specs, strict=True):
        row.numchild = children.get(spec.key, 0)
    created = Organization.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    OrganizationPath.objects.bulk_create(
        (OrganizationPath(organization=org, path=org.path) for org in created),
        batch_size=BATCH_SIZE,
    )
    return {spec.key: org.pk for spec, org in zip(specs, created, strict=True)}


def _org_row(spec: OrgSpec, path: str, depth: int) -> Organization:
    return Organization(**org_fields(spec), path=path, depth=depth, numchild=0)


def _day(value: date | None) -> Any:
    return connection.ops.adapt_datefield_value(value)


MEMBER_COLUMNS = (
    "id", "name", "name_pinyin", "name_initials", "gender", "ethnicity", "birth_date",
    "id_number", "id_number_hash", "id_tail4_hash", "id_tail6_hash", "phone", "phone_hash",
    "native_place", "education",
    "occupation", "job_title", "work_unit", "address", "applied_on", "joined_on", "confirmed_on",
    "stage", "status", "dues_category", "organization", "party_group", "is_floating",
    "floating_to", "lost_contact_since", "in_difficulty", "is_leading_cadre", "created_at",
    "updated_at",
)  # fmt: skip
PERIOD_COLUMNS = ("member", "organization", "status", "stage", "valid_from", "valid_to")
EVENT_COLUMNS = ("member", "kind", "effective_on", "changes", "reason", "actor", "recorded_at")
POSITION_COLUMNS = ("member", "organization", "title", "started_on")


class _Writer:
    """Collects branches until a batch is full, then writes members and everything hanging off them."""

    def __init__(
        self, plan: DemoPlan, org_pk: dict[str, int], actor_id: int, progress: bool
    ) -> None:
        self.plan, self.org_pk, self.actor_id, self.progress = plan, org_pk, actor_id, progress
        self.pending: list[BranchBatch] = []
        self.members = self.positions = 0
        self.next_id = (Member.objects.aggregate(top=Max("id"))["top"] or 0) + 1
        self.now = connection.ops.adapt_datetimefield_value(timezone.now())
        self.started = time.perf_counter()

    def add(self, batch: BranchBatch) -> None:
        self.pending.append(batch)
        if sum(len(b.people) for b in self.pending) >= BATCH_SIZE:
            self.flush()

    @transaction.atomic
    def flush(self) -> None:
        people = [p for b in self.pending for p in b.people]
        ids = {p.index: self.next_id + n for n, p in enumerate(people)}
        self.next_id += len(people)
        insert_rows(Member, MEMBER_COLUMNS, [self._member(p, ids[p.index]) for p in people])
        name_keys_insert((ids[p.index], p.name) for p in people)
        insert_rows(MemberPeriod, PERIOD_COLUMNS, self._periods(people, ids))
        insert_rows(MemberEvent, EVENT_COLUMNS, self._events(people, ids))
        positions = [s for b in self.pending for s in b.positions]
        rows = [
            (ids[s.person.index], self.org_pk[s.org], s.title, _day(s.started_on))
            for s in positions
        ]
        insert_rows(Position, POSITION_COLUMNS, rows)
        self.members += len(people)
        self.positions += len(positions)
        self.pending = []
        self._report()

    def _report(self) -> None:
        if self.progress and self.members and self.members % 50_000 < BATCH_SIZE:
            elapsed = time.perf_counter() - self.started
            sys.stderr.write(f"  已写入 {self.members} 名党员（{elapsed:.0f} 秒）\n")

    def _member(self, person: PersonSpec, member_id: int) -> tuple[Any, ...]:
        keys = derived_columns(name=person.name, id_number=person.id_number, phone=person.phone)
        group = self.org_pk[person.group] if person.group else None
        return (
            member_id, person.name, keys.name_pinyin, keys.name_initials, person.gender,
            person.ethnicity, _day(person.birth_date), crypto.encrypt(keys.id_number),
            keys.id_number_hash, keys.id_tail4_hash, keys.id_tail6_hash, crypto.encrypt(keys.phone),
            keys.phone_hash, person.native_place, person.education,
            person.occupation, person.job_title, work_unit(self.plan.orgs[person.org]),
            person.address, _day(person.applied_on), _day(person.joined_on),
            _day(person.confirmed_on), person.stage, person.status, person.dues_category,
            self.org_pk[person.org], group, person.floating_since is not None,
            person.floating_to, _day(person.lost_since), person.in_difficulty,
            person.is_leading_cadre, self.now, self.now,
        )  # fmt: skip

    def _periods(self, people: list[PersonSpec], ids: dict[int, int]) -> list[tuple[Any, ...]]:
        return [
            (ids[person.index], self.org_pk[org], status, stage, _day(start), _day(end))
            for person in people
            for start, end, (org, status, stage) in periods_of(person)
        ]

    def _events(self, people: list[PersonSpec], ids: dict[int, int]) -> list[tuple[Any, ...]]:
        return [
            (
                ids[person.index],
                kind,
                _day(on),
                json.dumps(changes),
                reason,
                self.actor_id,
                self.now,
            )
            for person in people
            for kind, on, changes, reason in self._history(person)
        ]

    def _history(self, person: PersonSpec) -> list[tuple[str, date, dict[str, Any], str]]:
        """The CREATED event and the dated changes of organisation, stage and status."""
        found: list[tuple[str, date, dict[str, Any], str]] = [
            (EventKind.CREATED, person.joined_on, {}, "建立党员档案（入党）")
        ]
        if person.confirmed_on:
            change = {"stage": [Stage.PROBATIONARY.value, Stage.FULL.value],
                      "confirmed_on": [None, person.confirmed_on.isoformat()]}  # fmt: skip
            found.append(
                (
                    EventKind.STAGE,
                    person.confirmed_on,
                    change,
                    f"预备期满，按期转为正式党员（依据{rule_citation('DEV-19')}）",
                )
            )
        org = person.first_org
        for move in person.moves:
            change = {"organization_id": [self.org_pk[org], self.org_pk[move.org]]}
            found.append(
                (
                    EventKind.TRANSFERRED,
                    move.on,
                    change,
                    f"组织关系在本单位党委内转接（依据{rule_citation('MEM-2')}）",
                )
            )
            org = move.org
        if person.status_on:
            change = {"status": [Status.NORMAL.value, person.status]}
            found.append((EventKind.STATUS, person.status_on, change, "党籍状态变动"))
        return found
