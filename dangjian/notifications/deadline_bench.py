"""The daily deadline scan's benchmark: generated history at scale, the scan against hand-written SQL.

Generation (PostgreSQL only) reuses the 党员动态 generator (``dynamics.ledger_bench.generate``:
the organisation tree, the members and last year's transfers, letters, floating, lost contact,
set-based in SQL), then gives the scan its people: the system administrator, an organisation
administrator of every organisation of the second level and a secretary of each of the first ``secretaries`` branches
(the people the scan reads for: ``scan.scan_people``).

What is timed is what the scan finds, not the sending: the scan's people read in batches with
their scopes built together (``scan.scan_batches``) and, for each, a category's items exactly
as ``scan.person_items`` reads them (counted by organisation once per scan, the remainder read
once and decided per person), keeping the items with something in them; and, to show what
that changed, the selector person by person. The baseline is one hand-written statement per category giving, for
every person at once, the same (person, item, count): the people's organisations derived from
their grants by joining every organisation's ancestor paths (``generate_series`` over the path
steps) to the grants' paths, then one grouped count per item. Categories with a baseline:
``dynamics`` (the registers the generator fills; ``dynamics.transfers_waiting`` is the
transfer's next step, decided per transfer in Python, so it is left out of both sides'
comparison but its time is in the platform's) and ``members`` (the archive's flags).
``whole_scan`` times every category for every person once (no baseline) so the share of each
is visible.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.db import connection, transaction

from dangjian.accounts.models import Role, RoleGrant
from dangjian.core.due import counted_source, due_item_sources
from dangjian.demo.benchmark import Case, benchmark_user
from dangjian.dynamics.application_models import TransferApplication
from dangjian.dynamics.models import ContactRecord, FloatingRecord, TransferLetter
from dangjian.dynamics.standing_models import LostContact
from dangjian.members.models import Member
from dangjian.notifications.scan import ScanContext, scan_batches, scan_people
from dangjian.orgs.models import Organization
from dangjian.rules.dates import add_months
from dangjian.rules.statistics import latest_accepted_for_probation_end

# One found item: (user id, item key, count). Sorted lists of these are compared.
Found = tuple[int, str, int]
BRANCH_KINDS = ("branch", "joint_branch", "temp_branch")
# Left out of the comparison: decided per transfer in Python (see the module docstring).
NOT_COMPARED = frozenset({"dynamics.transfers_waiting"})


def _t(model: type[Any]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def add_people(secretaries: int) -> int:
    """The scan's people: the system administrator, an organisation administrator of every
    organisation of the second level and a secretary of each of the first ``secretaries``
    branches by id. Returns how many people the scan reads for."""
    benchmark_user()
    committees = list(Organization.objects.filter(depth=2).order_by("path"))
    branches = list(Organization.objects.filter(kind__in=BRANCH_KINDS).order_by("pk")[:secretaries])
    with transaction.atomic():
        for role, orgs in ((Role.ORG_ADMIN, committees), (Role.SECRETARY, branches)):
            users = User.objects.bulk_create(
                [User(username=f"bench_{role}_{o.pk}", password="!") for o in orgs]
            )
            RoleGrant.objects.bulk_create(
                [
                    RoleGrant(user=u, role=role, organization=o)
                    for u, o in zip(users, orgs, strict=True)
                ]
            )
    return sum(1 for _ in scan_people())


def _people() -> list[User]:
    return list(scan_people())


def platform_items(
    category: str, people: Sequence[User], today: date, *, one_by_one: bool = False
) -> list[Found]:
    """What the scan finds in ``category`` for its people, read afresh in batches as the scan
    reads them (``scan.scan_batches``, one ``ScanContext`` per run as the scan makes), items
    with a count and a key as ``scan.person_items`` keeps them. With ``one_by_one``, the
    category's selector is called for each of ``people`` instead (the scan before counting by
    organisation), each read afresh with its own scope."""
    if one_by_one:
        selector = dict(due_item_sources())[category]
        found = [(p.pk, selector(User.objects.get(pk=p.pk), today)) for p in people]
    else:
        source = counted_source(category)
        assert source is not None, f"{category} has no counters"
        context = ScanContext(today)
        found = [(p.pk, context.items(source, p)) for batch in scan_batches() for p in batch]
    return sorted((pk, i.key, i.count) for pk, items in found for i in items
                  if i.count and i.key and i.key not in NOT_COMPARED)  # fmt: skip


def _scope_sql() -> str:
    """(user_id, organization_id) of every scanned person: a system administrator covers every
    organisation, an organisation administrator the subtree of the grant's organisation, a
    secretary the branch and the 党小组 directly under it."""
    org, grant = _t(Organization), _t(RoleGrant)
    step = Organization.steplen
    return f"""
    scope AS (
      SELECT g.user_id, o.id AS organization_id FROM {grant} g CROSS JOIN {org} o
      WHERE g.role = 'system_admin'
      UNION
      SELECT g.user_id, a.id FROM {grant} g JOIN {org} go ON go.id = g.organization_id
      JOIN (SELECT o.id, o.depth, left(o.path, {step} * k) AS ancestor FROM {org} o
            CROSS JOIN LATERAL generate_series(1, o.depth) k) a ON a.ancestor = go.path
      WHERE g.role = 'org_admin'
      UNION
      SELECT g.user_id, a.id FROM {grant} g JOIN {org} go ON go.id = g.organization_id
      JOIN {org} a ON a.id = go.id OR (a.depth = go.depth + 1
        AND left(a.path, {step} * go.depth) = go.path)
      WHERE g.role = 'secretary'
    )"""


def _dynamics_sql() -> str:
    letter, lost, floating = _t(TransferLetter), _t(LostContact), _t(FloatingRecord)
    application, member, contact = _t(TransferApplication), _t(Member), _t(ContactRecord)
    return f"""WITH {_scope_sql()}
    SELECT s.user_id, 'dynamics.applications_waiting', count(*) FROM scope s
      JOIN {application} x ON x.from_org_id = s.organization_id
      WHERE x.state = 'pending' GROUP BY s.user_id
    UNION ALL
    SELECT s.user_id, 'dynamics.lost_contact', count(*) FROM scope s
      JOIN {member} m ON m.organization_id = s.organization_id
      JOIN {lost} c ON c.member_id = m.id
      WHERE c.found_on IS NULL AND m.status IN ('normal', 'suspended') GROUP BY s.user_id
    UNION ALL
    SELECT s.user_id, 'dynamics.floating', count(*) FROM scope s
      JOIN {floating} f ON f.organization_id = s.organization_id
      LEFT JOIN {member} m ON m.id = f.member_id
      WHERE f.returned_on IS NULL AND (f.member_id IS NULL OR m.status IN ('normal', 'suspended'))
      GROUP BY s.user_id
    UNION ALL
    SELECT s.user_id, 'dynamics.letters_overdue', count(*) FROM scope s
      JOIN {letter} l ON l.organization_id = s.organization_id
      WHERE l.state = 'issued' AND l.valid_until < %s GROUP BY s.user_id
    UNION ALL
    SELECT s.user_id, 'dynamics.contacts_overdue', count(*) FROM scope s
      JOIN {floating} f ON f.organization_id = s.organization_id
      LEFT JOIN {member} m ON m.id = f.member_id
      WHERE f.returned_on IS NULL AND f.abroad_study
        AND (f.member_id IS NULL OR m.status IN ('normal', 'suspended'))
        AND (COALESCE((SELECT max(c.contacted_on) FROM {contact} c
                       WHERE c.floating_id = f.id), f.since) + interval '6 months')::date < %s
      GROUP BY s.user_id"""


def _members_sql() -> str:
    member = _t(Member)
    return f"""WITH {_scope_sql()}
    SELECT s.user_id, 'members.probation_due', count(*) FROM scope s
      JOIN {member} m ON m.organization_id = s.organization_id
      WHERE m.status IN ('normal', 'suspended') AND m.stage = 'probationary'
        AND m.joined_on <= %s GROUP BY s.user_id
    UNION ALL
    SELECT s.user_id, 'members.difficulty', count(*) FROM scope s
      JOIN {member} m ON m.organization_id = s.organization_id
      WHERE m.status IN ('normal', 'suspended') AND m.in_difficulty GROUP BY s.user_id"""


def _sorted(rows: list[tuple[Any, ...]]) -> list[Found]:
    return sorted((int(u), str(k), int(n)) for u, k, n in rows if n)


def cases(today: date) -> list[Case]:
    """A case per category with a baseline: the category's selector over every scanned person
    against its hand-written statement."""
    people = _people()
    probation_latest = latest_accepted_for_probation_end(add_months(today, 1))
    dynamics, members = _dynamics_sql(), _members_sql()
    return [
        Case(f"dynamics 党员动态（{len(people)}人）",
             lambda: platform_items("dynamics", people, today), dynamics, (today, today), _sorted),
        Case(f"members 党员档案标记（{len(people)}人）",
             lambda: platform_items("members", people, today), members, (probation_latest,),
             _sorted),
        Case("dynamics 逐人调用（计数前的做法）",
             lambda: platform_items("dynamics", people, today, one_by_one=True), dynamics,
             (today, today), _sorted),
        Case("members 逐人调用（计数前的做法）",
             lambda: platform_items("members", people, today, one_by_one=True), members,
             (probation_latest,), _sorted),
    ]  # fmt: skip


def whole_scan(today: date, progress: Callable[[str], None]) -> dict[str, float]:
    """Seconds per category of one scan over every person (every category, no sending), the
    people read in batches as the scan reads them (their scopes' time is the first
    category's)."""
    context = ScanContext(today)
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    batches = list(scan_batches())
    for name, selector in due_item_sources():
        source = counted_source(name)
        for person in (p for batch in batches for p in batch):
            list(selector(person, today) if source is None else context.items(source, person))
        seconds[name] = time.perf_counter() - started
        progress(f"  {name}: {seconds[name]:.2f} 秒")
        started = time.perf_counter()
    return seconds
