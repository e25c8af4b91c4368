"""The 发展党员 benchmark: generated people in the process, two reads against hand-written SQL.

Generation (``generate``): the demo's organisation tree at the requested size (``bulk_organisations``,
no members), then ``people`` persons spread over the branches, in the four stages still in
process, written straight into the tables in batches: the ``Applicant`` row (identity number
encrypted and hashed as the service does), one ``DevelopmentStep`` row per step the person went
through (code, label, step number, stages and body from ``rules.development.process``, dated in
order relative to the day of the run) and the ``DevelopmentDue`` rows that
``rules.development.deadlines.open_dues`` computes from those dates, as ``_refresh_dues`` would.
About one person in seven has a deadline past (a talk not held, an assessment missed, an
approval waiting past three months). Probationary people get no ``Member`` row: neither read
measured here touches the member archive.

Cases (``cases``), each timed like ``demo.benchmark``: the selector as the page calls it,
against one hand-written query returning the same rows, alternately, medians in ms:

- a: the department's overdue list for the root scope, first page of 30 rows, as the page
  renders it (``overdue_dues(user, None, today)`` with the person and the branch); a': its count;
- b: the pipeline of the branch with the most people (``pipeline(user, branch, filters, today)``,
  every person with their open deadlines), read by the branch's secretary; b': the same with
  ``.only()`` the columns the page shows (a candidate change, measured in the same run).
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Count, Max
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dangjian.accounts.models import Role, RoleGrant
from dangjian.core import crypto
from dangjian.core.rawinsert import RowInserter
from dangjian.demo.benchmark import Case
from dangjian.demo.bulk import bulk_organisations, insert_rows
from dangjian.demo.plan import DemoParams, DemoPlan
from dangjian.development.models import Applicant, DevelopmentDue, DevelopmentStep
from dangjian.development.selectors import (
    OPEN_STAGES,
    PipelineFilters,
    overdue_dues,
    overdue_rows,
    pipeline,
)
from dangjian.orgs.models import Organization, subtree_end
from dangjian.rules.dates import add_months, add_years
from dangjian.rules.development.deadlines import DatedFacts, open_dues
from dangjian.rules.development.process import Stage, find_transition, step
from dangjian.rules.idcard import make_id_number
from dangjian.rules.statistics import probation_end

PAGE_SIZE = 30  # the inspection list shows 30 rows a page
BATCH = 20_000  # people per batch written
_REGIONS = ("211200", "211202", "211204", "211221", "211223", "211224", "211281", "211282")
_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
APPLICANT_COLUMNS = (
    "id", "name", "gender", "ethnicity", "birth_date", "id_number", "id_number_hash", "phone",
    "education", "occupation", "work_unit", "organization", "applied_on", "received_on", "stage",
    "stage_since", "is_mobile", "expected_leave_on", "transferred_in", "form_number", "user",
    "member", "created_at", "updated_at",
)  # fmt: skip
STEP_COLUMNS = ("applicant_id", "code", "label", "step_number", "stage_before", "stage_after",
                "happened_on", "body", "details", "verdicts", "overrides")  # fmt: skip
DUE_COLUMNS = ("applicant_id", "organization_id", "deadline", "rule_id", "what", "due_on",
               "not_before", "hard_limit")  # fmt: skip


@dataclass(frozen=True)
class Person:
    """One generated person: the stage, the day the application was received, the steps."""

    stage: Stage
    received_on: date
    steps: tuple[tuple[str, date], ...]  # (transition code, day), in order

    def facts(self) -> DatedFacts:
        """The dates ``open_dues`` reads, as ``History.dated_facts`` takes them from the steps."""
        last: dict[str, date] = {}
        first_activist: date | None = None
        for code, on in self.steps:
            last[code] = on
            if code == "designate_activist" and first_activist is None:
                first_activist = on
        return DatedFacts(
            stage=self.stage, received_on=self.received_on, talked_on=last.get("talk"),
            activist_on=first_activist, last_assessed_on=last.get("assess"),
            prereview_on=last.get("pre_review"), meeting_on=last.get("admission_meeting"),
            approved_on=last.get("approve_admission"), oath_on=last.get("oath"),
            confirmation_meeting_on=last.get("confirmation_meeting"),
        )  # fmt: skip


def plan_person(rng: random.Random, today: date) -> Person:
    """A person in a random stage (applicant 25 %, activist 35 %, candidate 20 %, probationary
    20 %) with the steps up to it, every date on or before ``today``; some deadlines missed."""
    draw = rng.random()
    if draw < 0.25:
        received = today - timedelta(days=rng.randint(0, 75))
        steps = [("apply", received - timedelta(days=2))]
        if rng.random() < 0.6 and received + timedelta(days=10) <= today:
            steps.append(("talk", received + timedelta(days=10)))
        return Person(Stage.APPLICANT, received, tuple(steps))
    if draw < 0.60:
        activist_on = today - timedelta(days=rng.randint(20, 420))
        steps = _to_activist(activist_on)
        assessed = add_months(activist_on, 5)
        while assessed <= today and rng.random() < 0.9:
            steps.append(("assess", assessed))
            assessed = add_months(assessed, 5)
        return Person(Stage.ACTIVIST, steps[0][1] + timedelta(days=2), tuple(steps))
    if draw < 0.80:
        designated = today - timedelta(days=rng.randint(5, 260))
        steps = _to_candidate(designated)
        steps += [s for s in _candidate_steps(designated) if s[1] <= today]
        return Person(Stage.CANDIDATE, steps[0][1] + timedelta(days=2), tuple(steps))
    meeting = today - timedelta(days=rng.randint(50, 420))  # approved 20 to 45 days on
    designated = meeting - timedelta(days=70)
    steps = _to_candidate(designated) + _candidate_steps(designated)
    approved = meeting + timedelta(days=rng.choice((20, 30, 45)))
    steps.append(("approve_admission", approved))
    for code, on in (("oath", approved + timedelta(days=12)),
                     ("apply_full", add_months(meeting, 11) + timedelta(days=10)),
                     ("confirmation_meeting", probation_end(meeting))):  # fmt: skip
        if on <= today:
            steps.append((code, on))
    return Person(Stage.PROBATIONARY, steps[0][1] + timedelta(days=2), tuple(steps))


def _to_activist(activist_on: date) -> list[tuple[str, date]]:
    received = activist_on - timedelta(days=40)
    return [("apply", received - timedelta(days=2)), ("talk", received + timedelta(days=10)),
            ("designate_activist", activist_on), ("file_activist", activist_on + timedelta(days=3)),
            ("assign_contacts", activist_on + timedelta(days=5))]  # fmt: skip


def _to_candidate(designated: date) -> list[tuple[str, date]]:
    activist_on = add_years(designated, -1) - timedelta(days=10)
    return [*_to_activist(activist_on), ("assess", add_months(activist_on, 5)),
            ("assess", add_months(activist_on, 10)), ("designate_candidate", designated)]  # fmt: skip


def _candidate_steps(designated: date) -> list[tuple[str, date]]:
    plan = (("file_candidate", 2), ("name_sponsors", 5), ("political_review", 25),
            ("training", 35), ("committee_review", 45), ("pre_review", 50),
            ("application_form", 53), ("admission_meeting", 70), ("committee_talk", 77))  # fmt: skip
    return [(code, designated + timedelta(days=days)) for code, days in plan]


@dataclass(frozen=True)
class _StepRow:
    code: str
    label: str
    number: int | None
    body: str


def _step_rows() -> dict[tuple[str, str], tuple[_StepRow, str, str]]:
    """(code, stage before) -> the row's fixed values and the stages, from the process table."""
    found: dict[tuple[str, str], tuple[_StepRow, str, str]] = {}
    for source in (None, *(Stage(s) for s in OPEN_STAGES)):
        for code in _CODES:
            try:
                t = find_transition(code, source)
            except ValueError:
                continue
            body = step(t.step).body.value if t.step else "branch"
            key = (code, source.value if source else "")
            found[key] = (_StepRow(t.code, t.label, t.step, body), key[1], t.target.value)
    return found


_CODES = ("apply", "talk", "designate_activist", "file_activist", "assign_contacts", "assess",
          "designate_candidate", "file_candidate", "name_sponsors", "political_review",
          "training", "committee_review", "pre_review", "application_form",
          "admission_meeting", "committee_talk", "approve_admission", "oath", "apply_full",
          "confirmation_meeting")  # fmt: skip


def _day(value: date | None) -> Any:
    return connection.ops.adapt_datefield_value(value)


class _Generator:
    """Writes the people of the plan in batches of ``BATCH``."""

    def __init__(self, branches: list[tuple[int, str]], today: date, seed: int) -> None:
        self.branches, self.today = branches, today
        self.rng = random.Random(seed)
        self.next_id = (Applicant.objects.aggregate(top=Max("id"))["top"] or 0) + 1
        self.now = connection.ops.adapt_datetimefield_value(timezone.now())
        self.rows = _step_rows()
        self.steps = RowInserter(DevelopmentStep, STEP_COLUMNS, {"recorded_at": timezone.now()})
        self.dues = RowInserter(DevelopmentDue, DUE_COLUMNS)
        self.count = 0

    def write(self, people: int, progress: Callable[[str], None]) -> None:
        started = time.perf_counter()
        while self.count < people:
            with transaction.atomic():
                self._batch(min(BATCH, people - self.count))
            progress(f"  已写入 {self.count} 名发展对象（{time.perf_counter() - started:.0f} 秒）")

    def _batch(self, size: int) -> None:
        applicants: list[tuple[Any, ...]] = []
        steps: list[tuple[Any, ...]] = []
        dues: list[tuple[Any, ...]] = []
        for _ in range(size):
            n, pk = self.count, self.next_id
            self.count, self.next_id = n + 1, pk + 1
            person = plan_person(self.rng, self.today)
            org_id, unit = self.branches[self.rng.randrange(len(self.branches))]
            applicants.append(self._applicant(n, pk, person, org_id, unit))
            steps.extend(self._steps(pk, person))
            dues.extend(
                (pk, org_id, d.deadline.value, d.rule_id, d.what, _day(d.due_on),
                 _day(d.not_before), _day(d.hard_limit))
                for d in open_dues(person.facts())
            )  # fmt: skip
        insert_rows(Applicant, APPLICANT_COLUMNS, applicants)
        self.steps.insert(steps)
        self.dues.insert(dues)

    def _applicant(
        self, n: int, pk: int, person: Person, org_id: int, unit: str
    ) -> tuple[Any, ...]:
        gender = "M" if n % 2 else "F"
        birth = date(1988, 1, 1) + timedelta(days=n % 5000)
        region = _REGIONS[(n // (5000 * 499)) % len(_REGIONS)]
        number = make_id_number(region, birth, (n // 5000) % 499, gender)
        name = _SURNAMES[n % len(_SURNAMES)] + _GIVEN[(n // 7) % len(_GIVEN)]
        applied_on = person.steps[0][1]
        stage_since = max(on for code, on in person.steps if _moves_stage(code))
        return (
            pk, name, gender, "汉族", _day(birth), crypto.encrypt(number),
            crypto.lookup_hash(number), None, "bachelor", "worker", unit, org_id,
            _day(applied_on), _day(person.received_on), person.stage.value, _day(stage_since),
            False, None, False, None, None, None, self.now, self.now,
        )  # fmt: skip

    def _steps(self, pk: int, person: Person) -> Iterator[tuple[Any, ...]]:
        stage = ""
        for code, on in person.steps:
            row, before, after = self.rows[(code, stage)]
            yield (pk, row.code, row.label, row.number, before, after, _day(on), row.body,
                   "{}", "[]", "{}")  # fmt: skip
            stage = after


def _moves_stage(code: str) -> bool:
    return code in ("apply", "designate_activist", "designate_candidate", "approve_admission")


def generate(
    *, organisations: int, people: int, seed: int, today: date,
    progress: Callable[[str], None] = lambda line: None,
) -> None:  # fmt: skip
    """The organisation tree and ``people`` persons in the process, into an empty database."""
    plan = DemoPlan(DemoParams(today=today, members=0, organisations=organisations, seed=seed))
    with transaction.atomic():
        org_pk = bulk_organisations(plan.tree.orgs)
    branches = [(org_pk[o.key], o.unit_name + o.name.removesuffix("党支部"))
                for o in plan.tree.orgs if o.is_branch]  # fmt: skip
    write_people(branches, people=people, seed=seed, today=today, progress=progress)


def write_people(
    branches: list[tuple[int, str]], *, people: int, seed: int, today: date,
    progress: Callable[[str], None] = lambda line: None,
) -> None:  # fmt: skip
    """``people`` persons in the process spread over ``branches`` (id, work unit), with their
    steps and open deadlines, in batches (into an archive that may already hold some)."""
    _Generator(branches, today, seed).write(people, progress)
    _reset_sequences()
    _refresh_statistics()


def _reset_sequences() -> None:
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Applicant]):
            cursor.execute(sql)


def _refresh_statistics() -> None:
    """PostgreSQL: VACUUM ANALYZE the tables written, as autovacuum would soon after a load."""
    if connection.vendor != "postgresql":
        return
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    with connection.cursor() as cursor:
        for model in (Organization, Applicant, DevelopmentStep, DevelopmentDue):
            cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")


# -- the cases ---------------------------------------------------------------------------


def _table(model: type[Any]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def department_user() -> User:
    """The organisation administrator of the top 党委 (the organisation department's scope)."""
    root = Organization.objects.filter(depth=1).order_by("path").first()
    assert root is not None, "数据库中没有党组织"
    user, created = User.objects.get_or_create(username="bench_zuzhibu")
    if created:
        RoleGrant.objects.create(user=user, role=Role.ORG_ADMIN, organization=root)
    return user


def busiest_branch() -> Organization:
    """The branch with the most people in the process."""
    top = (
        Applicant.objects.filter(stage__in=OPEN_STAGES)
        .values("organization_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "organization_id")
        .first()
    )
    assert top is not None, "数据库中没有发展党员对象"
    return Organization.objects.get(pk=top["organization_id"])


def secretary_of(branch: Organization) -> User:
    user, created = User.objects.get_or_create(username=f"bench_shuji_{branch.pk}")
    if created:
        RoleGrant.objects.create(user=user, role=Role.SECRETARY, organization=branch)
    return user


def overdue_cases(user: User, today: date) -> list[Case]:
    """(a) The first page of the inspection list for the root scope, and its count."""
    root = Organization.objects.filter(depth=1).order_by("path").first()
    assert root is not None

    def page() -> list[tuple[Any, ...]]:
        rows = overdue_rows(user, None, today, PAGE_SIZE)
        return [(d.pk, d.due_on, d.what, d.rule_id, d.applicant_name, d.applicant_stage,
                 d.organization_name) for d in rows]  # fmt: skip

    join = (
        f"FROM {_table(DevelopmentDue)} d "
        f"JOIN {_table(Organization)} o ON o.id = d.organization_id "
        f"JOIN {_table(Applicant)} a ON a.id = d.applicant_id "
        "WHERE o.path >= %s AND o.path < %s AND d.due_on < %s"
    )
    params = (root.path, subtree_end(root.path), _day(today))
    page_sql = (
        f"SELECT d.id, d.due_on, d.what, d.rule_id, a.name, a.stage, o.name {join} "
        f"ORDER BY d.due_on, d.applicant_id LIMIT {PAGE_SIZE}"
    )
    count_join = join.replace(f"JOIN {_table(Applicant)} a ON a.id = d.applicant_id ", "")
    return [
        Case("a 超期事项首页(30行, 全系统)", page, page_sql, params, _dated_rows),
        Case("a' 超期事项总数(分页器)", lambda: overdue_dues(user, None, today).count(),
             f"SELECT COUNT(*) {count_join}", params, lambda rows: rows[0][0]),
    ]  # fmt: skip


def _dated_rows(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """SQLite returns dates as text through a raw cursor; compare them as dates."""
    return [(r[0], _as_date(r[1]), *r[2:]) for r in rows]


def _as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def pipeline_case(user: User, branch: Organization, today: date) -> Case:
    """(b) One branch's pipeline: each person, the earliest deadline, every open deadline."""

    def rows() -> list[tuple[Any, ...]]:
        people = pipeline(user, branch, PipelineFilters(), today)
        return [(p.pk, p.name, p.stage, p.organization.name, p.next_due_on,  # type: ignore[attr-defined]
                 frozenset((d.pk, d.due_on, d.what) for d in p.dues.all())) for p in people]  # fmt: skip

    sql = (
        "SELECT a.id, a.name, a.stage, o.name, "
        "MIN(d.due_on) OVER (PARTITION BY a.id) AS next_due, d.id, d.due_on, d.what "
        f"FROM {_table(Applicant)} a JOIN {_table(Organization)} o ON o.id = a.organization_id "
        f"LEFT JOIN {_table(DevelopmentDue)} d ON d.applicant_id = a.id "
        f"WHERE o.path >= %s AND o.path < %s AND a.stage IN ({', '.join(['%s'] * len(OPEN_STAGES))}) "
        "ORDER BY next_due NULLS LAST, a.name, a.id"
    )
    params = (branch.path, subtree_end(branch.path), *OPEN_STAGES)
    return Case(f"b 发展党员工作台({branch.name})", rows, sql, params, _people)


def pipeline_narrow_case(user: User, branch: Organization, today: date) -> Case:
    """(b') The same selector reading only the columns the page shows (no identity number to
    decrypt, no unused organisation columns): a candidate change for ``pipeline``, measured
    against the same baseline."""
    base = pipeline_case(user, branch, today)

    def rows() -> list[tuple[Any, ...]]:
        people = pipeline(user, branch, PipelineFilters(), today).only(
            "id", "name", "stage", "organization__id", "organization__name"
        )
        return [(p.pk, p.name, p.stage, p.organization.name, p.next_due_on,  # type: ignore[attr-defined]
                 frozenset((d.pk, d.due_on, d.what) for d in p.dues.all())) for p in people]  # fmt: skip

    name = "b' 同上，只读页面所显示的列（候选改法）"
    return Case(name, rows, base.baseline_sql, base.baseline_params, _people)


def _people(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    found: dict[int, tuple[Any, ...]] = {}
    dues: dict[int, set[tuple[Any, ...]]] = {}
    for pk, name, stage, org, next_due, due_id, due_on, what in rows:
        found.setdefault(pk, (pk, name, stage, org, _as_date(next_due)))
        dues.setdefault(pk, set())
        if due_id is not None:
            dues[pk].add((due_id, _as_date(due_on), what))
    return [(*row, frozenset(dues[pk])) for pk, row in found.items()]


def cases(today: date) -> list[Case]:
    branch = busiest_branch()
    secretary = secretary_of(branch)
    return [
        *overdue_cases(department_user(), today),
        pipeline_case(secretary, branch, today),
        pipeline_narrow_case(secretary, branch, today),
    ]


def explain(case: Case) -> str:
    """The plans of the queries the selector sends once the asker's scope is known (a second
    call), then of the baseline: EXPLAIN ANALYZE on PostgreSQL, EXPLAIN QUERY PLAN on SQLite."""
    case.selector()
    with CaptureQueriesContext(connection) as sent:
        case.selector()
    prefix = (
        "EXPLAIN (ANALYZE, BUFFERS) "
        if connection.vendor == "postgresql"
        else "EXPLAIN QUERY PLAN "
    )
    out = []
    with connection.cursor() as cursor:
        for label, sql, params in [*(("selector", q["sql"], ()) for q in sent.captured_queries),
                                   ("baseline", case.baseline_sql, case.baseline_params)]:  # fmt: skip
            cursor.execute(prefix + sql, params or None)
            plan = "\n".join(" ".join(str(c) for c in row) for row in cursor.fetchall())
            out.append(f"-- {label}: {sql[:160]}...\n{plan}")
    return "\n".join(out)


def echo(line: str) -> None:
    sys.stderr.write(line + "\n")
