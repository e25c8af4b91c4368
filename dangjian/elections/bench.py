"""班子与换届 at scale: the root-scope term list with due dates against hand-written SQL.

Generation (``generate``): the demo's organisation tree at the requested size
(``demo.bulk.bulk_organisations``), then for every organisation elected for a term (ORG-5) a
committee history of three terms, two closed and the current one, inserted in batches; about
one current term in ten has run out, as in the demo.

Cases (``cases``), each timed like ``demo.benchmark``: the selector as the page, the API and the
export call it, for the organisation department of the top 党委 (an administrator of the root's
subtree), against one ``cursor.execute`` returning the same rows:
  a   the first page of the term list (30 rows, overdue first);
  a'  its count (the paginator);
  b   the terms due within 6 months or overdue, counted (the home card);
  c   the whole term list as plain rows (all pages at once).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.db import connection, transaction

from dangjian.accounts.models import Role, RoleGrant
from dangjian.demo.benchmark import Case
from dangjian.demo.bulk import bulk_organisations
from dangjian.demo.plan import DemoParams, DemoPlan
from dangjian.elections.checks import TERM_KINDS
from dangjian.elections.models import CommitteeTerm
from dangjian.elections.selectors import current_terms, term_list_rows, terms_due
from dangjian.orgs.models import Organization, subtree_end
from dangjian.rules.dates import add_months
from dangjian.rules.organization import OrgKind, term_end, term_years

PAGE_SIZE = 30
BATCH = 5000


def _history(rng: random.Random, pk: int, kind: OrgKind, today: date) -> list[CommitteeTerm]:
    """Three terms of one organisation: the current one (one in ten overdue) and two before."""
    years = term_years(kind)
    overdue = rng.random() < 0.1
    days = (
        rng.randint(years * 365 + 5, years * 365 + 300) if overdue else rng.randint(20, years * 365)
    )
    start = today - timedelta(days=days)
    number = rng.randint(3, 9)
    rows = [CommitteeTerm(organization_id=pk, number=number, elected_on=start,
                          ends_on=term_end(start, kind))]  # fmt: skip
    closed = start
    for back in (1, 2):
        elected = add_months(closed, -12 * years)
        rows.append(CommitteeTerm(organization_id=pk, number=number - back, elected_on=elected,
                                  ends_on=term_end(elected, kind), closed_on=closed))  # fmt: skip
        closed = elected
    return rows


def generate(*, organisations: int, seed: int, today: date,
             progress: Callable[[str], None] = lambda line: None) -> int:  # fmt: skip
    """The organisation tree and its committee histories, into an empty database; returns the
    number of terms written."""
    plan = DemoPlan(DemoParams(today=today, members=0, organisations=organisations, seed=seed))
    with transaction.atomic():
        org_pk = bulk_organisations(plan.tree.orgs)
    orgs = [(org_pk[spec.key], OrgKind(spec.kind)) for spec in plan.tree.orgs]
    return write_terms(orgs, seed=seed, today=today, progress=progress)


def write_terms(orgs: Iterable[tuple[int, OrgKind]], *, seed: int, today: date,
                progress: Callable[[str], None] = lambda line: None) -> int:  # fmt: skip
    """A committee history of three terms for each of ``orgs`` (id, kind) elected for a term,
    in batches; returns the number of terms written."""
    rng = random.Random(seed)
    pending: list[CommitteeTerm] = []
    written = 0
    for pk, kind in orgs:
        if kind not in TERM_KINDS:
            continue
        pending += _history(rng, pk, kind, today)
        if len(pending) >= BATCH:
            written += _flush(pending, progress)
    written += _flush(pending, progress)
    _analyze()
    return written


def _flush(rows: list[CommitteeTerm], progress: Callable[[str], None]) -> int:
    count = len(rows)
    if rows:
        with transaction.atomic():
            CommitteeTerm.objects.bulk_create(rows, batch_size=1000)
        progress(f"届次记录 +{count}")
    rows.clear()
    return count


def _analyze() -> None:
    if connection.vendor != "postgresql":
        return
    # VACUUM cannot run inside a transaction (a test's); ANALYZE alone can.
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    with connection.cursor() as cursor:
        for model in (Organization, CommitteeTerm):
            cursor.execute(f"{command} {_table(model)}")


def _table(model: type[Any]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _day(value: date) -> Any:
    return value.isoformat() if connection.vendor == "sqlite" else value


def _as_date(value: Any) -> Any:
    return date.fromisoformat(value) if isinstance(value, str) else value


def department_user() -> User:
    """The organisation administrator of the top 党委 (the organisation department's scope)."""
    root = Organization.objects.filter(depth=1).order_by("path").first()
    assert root is not None, "数据库中没有党组织"
    user, created = User.objects.get_or_create(username="bench_zuzhibu_elections")
    if created:
        RoleGrant.objects.create(user=user, role=Role.ORG_ADMIN, organization=root)
    return user


def _rows(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    return [(r[0], r[1], r[2], _as_date(r[3]), _as_date(r[4])) for r in rows]


def cases(today: date) -> list[Case]:
    user = department_user()
    root = Organization.objects.filter(depth=1).order_by("path").first()
    assert root is not None
    t, o = _table(CommitteeTerm), _table(Organization)
    where = (f"FROM {t} t JOIN {o} o ON o.id = t.organization_id "
             "WHERE o.path >= %s AND o.path < %s AND t.closed_on IS NULL AND o.dissolved_on IS NULL")  # fmt: skip
    scope = (root.path, subtree_end(root.path))
    columns = "t.id, o.name, t.number, t.elected_on, t.ends_on"
    order = "ORDER BY t.ends_on, o.path"
    due_by = add_months(today, 6)
    return [
        Case("a 任期表首页(30行, 逾期在前)", lambda: term_list_rows(user, limit=PAGE_SIZE),
             f"SELECT {columns} {where} {order} LIMIT {PAGE_SIZE}", scope, _rows),
        Case("a' 任期表总数(分页器)", lambda: current_terms(user).count(),
             f"SELECT COUNT(*) {where}", scope, lambda rows: rows[0][0]),
        Case("b 6个月内到期或已届满(首页卡片)", lambda: terms_due(user, today, 6).count(),
             f"SELECT COUNT(*) {where} AND t.ends_on <= %s", (*scope, _day(due_by)),
             lambda rows: rows[0][0]),
        Case("c 全部任期表(全部行)", lambda: term_list_rows(user),
             f"SELECT {columns} {where} {order}", scope, _rows),
    ]  # fmt: skip
