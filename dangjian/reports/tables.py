"""The 党内统计年报 (STAT-5..STAT-7) of a subtree as of a statistical day, from the archive's history.

``report_of(org, on)`` gives the tables the archive can fill, as of
12-31 of ``year`` (or, for a snapshot of a month end, as of that day with the year's changes up
to it). Each cell gives the ids behind its number (members, applicants or organisations). The
register's tables (2-4, and table 1's two registers) count in SQL and read a cell's ids only
when they are asked for (``Cell.ids``: the list opened, a snapshot frozen), from the same
register by the same tally, so a number and its list cannot disagree; the smaller tables
carry their ids from the start.

Sources, each read through its own capability's selector: the register as of a day
(``members.selectors.period_on_q``, the condition ``members_as_of`` applies), the 增减台账
(``dynamics.ledger.ledger_of``: tables 1, 10, 11, 13's cancellations and 14), 民主评议
(``meetings.review_stats.review_table``: table 8), the development records (table 15), the
tree's path history (the organisation tables). Counting basis STAT-5: a member counts where
their formal relation is on the day; a new member for the approving organisation on the
approval day; an exit on its decision; a review for the organisation that held it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import ExtractYear

from dangjian.accounts.access import scope_for
from dangjian.core.actor import Actor
from dangjian.development.models import Applicant, DevelopmentStep
from dangjian.dynamics.display import org_labels_told_apart
from dangjian.dynamics.ledger import Ledger, ledger_of
from dangjian.meetings.models import DemocraticReview
from dangjian.meetings.review_stats import review_table
from dangjian.members.attributes_on import attributes_on
from dangjian.members.models import Member, MemberPeriod
from dangjian.members.selectors import period_on_q, register_members
from dangjian.orgs.models import Organization, OrganizationPath, in_subtree, valid_on
from dangjian.orgs.selectors import path_on
from dangjian.reports.table_one import table_one_counts
from dangjian.rules import annual_tables as layout
from dangjian.rules.annual_tables import TOTAL, Column, MemberFacts, TableSpec
from dangjian.rules.membership_ledger import (
    DECREASES,
    EXIT_KINDS,
    EXIT_UNSTATED,
    INCREASES,
    Change,
    Reconciliation,
    opening_day,
)
from dangjian.rules.organization import OrgKind
from dangjian.rules.statistics import DEFAULT_CUTS, probation_end

MEMBER, APPLICANT, ORGANIZATION = "member", "applicant", "organization"
# What the tables read of a member (``MemberFacts``), each as it stood on the day counted
# (``members.attributes_on``: today's value with the changes dated after the day undone).
_DAY_FIELDS = ("gender", "ethnicity", "birth_date", "education", "occupation", "joined_on")
_FACT_FIELDS = ("pk", "gender_then", "ethnicity_then", "birth_date_then", "education_then",
                "occupation_then", "periods__stage", "joined_on_then")  # fmt: skip


class Cell:
    """One number and what is behind it. ``value`` None: the archive does not hold it
    (需人工填报). ``of`` says what ``ids`` are: members, applicants or organisations.

    A cell of a large list (the register's tables) carries only its number and ``load``, which
    gives the ids when the list is first asked for (``ids``): the number comes from a grouped
    count in SQL, the list from the same register when someone opens it. Two cells are equal
    when their numbers, kinds and lists are (a lazy list is loaded to compare).
    """

    __slots__ = ("_ids", "_load", "of", "value")

    def __init__(
        self,
        value: int | None,
        ids: tuple[int, ...] = (),
        of: str = MEMBER,
        *,
        load: Callable[[], tuple[int, ...]] | None = None,
    ) -> None:
        self.value = value
        self.of = of
        self._ids = ids
        self._load = load

    @property
    def ids(self) -> tuple[int, ...]:
        """The ids behind the number (sorted where they come from a count), loaded once."""
        if self._load is not None:
            self._ids, self._load = self._load(), None
        return self._ids

    @property
    def opens(self) -> bool:
        """Whether the number opens a list (a cell with people or organisations behind it),
        without loading a lazy list: its number is the list's length."""
        if self._load is not None:
            return bool(self.value)
        return bool(self._ids)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Cell):
            return NotImplemented
        return (self.value, self.of, self.ids) == (other.value, other.of, other.ids)

    def __hash__(self) -> int:
        return hash((self.value, self.of, self.ids))

    def __repr__(self) -> str:
        listed = "…" if self._load is not None else self._ids
        return f"Cell(value={self.value!r}, ids={listed!r}, of={self.of!r})"


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    """One table: its STAT-7 number, title, columns (with their merged group headings) and
    rows; ``note`` is shown with it (a layout of our own, a source, a limitation)."""

    number: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    note: str = ""

    def cell(self, row_key: str, column_key: str) -> Cell | None:
        """The cell at (row, column), None when there is none."""
        keys = [c.key for c in self.columns]
        for row in self.rows:
            if row.key == row_key and column_key in keys:
                return row.cells[keys.index(column_key)]
        return None

    def grid(self) -> list[tuple[Row, list[tuple[Column, Cell]]]]:
        """Each row with its cells paired to their columns (for the page's links)."""
        return [(row, list(zip(self.columns, row.cells, strict=True))) for row in self.rows]

    def header_rows(self) -> list[list[tuple[str, int, int]]]:
        """Two header rows as (text, colspan, rowspan): a group heading spans its columns, a
        column without a group spans both rows (the merged headers of the official forms)."""
        top: list[tuple[str, int, int]] = []
        bottom: list[tuple[str, int, int]] = []
        for column in self.columns:
            if not column.group:
                top.append((column.label, 1, 2))
            elif top and top[-1][0] == column.group and top[-1][2] == 1:
                top[-1] = (column.group, top[-1][1] + 1, 1)
                bottom.append((column.label, 1, 1))
            else:
                top.append((column.group, 1, 1))
                bottom.append((column.label, 1, 1))
        return [top, bottom]


@dataclass(frozen=True)
class AnnualReport:
    """The tables of ``organization_name``'s subtree as of ``on`` (12-31 of ``year``)."""

    organization_id: int
    organization_name: str
    year: int
    on: date
    tables: tuple[Table, ...]
    reconciliation: Reconciliation
    manual_tables: tuple[tuple[str, str], ...] = field(default=())
    frozen_at: str = ""  # the snapshot's time when served from one

    def table(self, number: str) -> Table | None:
        return next((t for t in self.tables if t.number == number), None)

    @property
    def as_of_text(self) -> str:
        """统计截止日期 as the page, the workbook and the PDF print it: the current year's
        tables are counted as of today, and say so."""
        day = f"{self.on.year}年{self.on.month}月{self.on.day}日"
        return day if self.on >= statistical_day(self.year) else f"{day}（本年度截至今日）"


def statistical_day(year: int) -> date:
    """STAT-5: the statistical day of a year's tables."""
    return date(year, 12, 31)


def report_of(org: Organization, on: date, *, counted_by: Actor = None) -> AnnualReport:
    """The tables as of ``on`` (the changes of ``on``'s year up to ``on``), without the access
    check, for a caller that made it. Counted by the rule of a past register
    (``sees_only_today``): for the system (``counted_by`` None) and for whoever looks after
    ``org``, everyone and everything that belonged to the subtree that day."""
    start = date(on.year, 1, 1)
    ledger = ledger_of(org, start, on)
    tables = (
        table_one(counted_by, org, start, on),
        *counted_composition_tables(counted_by, org, on),
        _table_8(counted_by, org, on.year),
        _table_10(ledger),
        _table_11(ledger, on),
        _table_13(counted_by, org, start, on, ledger),
        _table_14(ledger, on),
        _table_15(counted_by, org, start, on),
        _organisation_table(counted_by, org, on),
        _election_table(counted_by, org, start, on),
    )
    return AnnualReport(
        organization_id=org.pk,
        organization_name=org.name,
        year=on.year,
        on=on,
        tables=tables,
        reconciliation=ledger.reconciliation,
        manual_tables=tuple(layout.MANUAL_TABLES.items()),
    )


def sees_only_today(user: Actor, org: Organization) -> bool:
    """Whether ``user``'s count of ``org``'s past is narrowed to what they see today: never for
    the system (a snapshot, the benchmark) nor for whoever looks after ``org`` (the rule of
    ``members.selectors.register_members``: everyone and everything that belonged to the
    subtree that day counts, so a day's figure is the same whoever counts it)."""
    return user is not None and not scope_for(user).covers_org(org)


def _register(user: Actor, org: Organization) -> QuerySet[Member]:
    """Whom ``org``'s past register may count for ``user`` (``register_members``; everyone
    for the system)."""
    return Member.objects.all() if user is None else register_members(user, org)


def _members_on(user: Actor, org: Organization, on: date) -> QuerySet[Member]:
    """``members_as_of`` (one join to the period of the day), or the same condition over the
    whole archive for the system (a snapshot, the benchmark)."""
    return _register(user, org).filter(period_on_q(org, on))


def _facts_on(members: QuerySet[Member], on: date) -> QuerySet[Member]:
    """``members`` with ``_DAY_FIELDS`` as they stood on ``on`` (``gender_then``...)."""
    return members.annotate(**attributes_on(on, _DAY_FIELDS))


def member_facts(user: Actor, org: Organization, on: date) -> list[MemberFacts]:
    """The facts of each member counted on ``on``, as they stood that day (the stage the
    period's). The columns come in ``MemberFacts``' field order, so a row is its arguments."""
    rows = _facts_on(_members_on(user, org, on), on).values_list(*_FACT_FIELDS)
    return [MemberFacts(*row) for row in rows]


def facts_of(
    member_ids: Iterable[int], on: date, stage: str | None = None
) -> dict[int, MemberFacts]:
    """Facts of the given members as they stood on ``on`` (``stage`` overrides the
    record's)."""
    fields = [*_FACT_FIELDS]
    fields[fields.index("periods__stage")] = "stage"
    rows = _facts_on(Member.objects.filter(pk__in=set(member_ids)), on).values_list(*fields)
    found = {}
    for row in rows:
        facts = MemberFacts(*row)
        found[facts.member_id] = replace(facts, stage=stage) if stage else facts
    return found


def _cells_table(spec: TableSpec, rows: tuple[tuple[str, str], ...], cells: layout.Cells) -> Table:
    built = tuple(
        Row(key, label, tuple(cell_of(cells.get((key, c.key), [])) for c in spec.columns))
        for key, label in rows
    )
    return Table(spec.number, spec.title, spec.columns, built, spec.note)


def cell_of(ids: list[int] | tuple[int, ...], of: str = MEMBER) -> Cell:
    unique = tuple(sorted(set(ids)))
    return Cell(len(unique), unique, of)


def composition_tables(facts: list[MemberFacts], year: int) -> tuple[Table, ...]:
    """Tables 2 (基本情况), 3 (入党时间), 4 (学历): the register of the day by occupation;
    each member's columns are worked out once for the three."""
    rows = layout.occupation_rows()
    keyed = [(f.occupation, f.member_id, layout.member_keys(f, year, DEFAULT_CUTS)) for f in facts]
    return tuple(
        _cells_table(spec, rows, layout.tally_keys(keyed, spec.columns))
        for spec in (layout.table_2(), layout.table_3(), layout.table_4())
    )


def _joining_period() -> Case:
    """How many of the STAT-2 cut dates the 入党时间 of the day (``joined_on_then``) is on or
    after, in SQL (-1 without one): ``member_keys``' ``period``."""
    c1, c2, c3 = DEFAULT_CUTS
    return Case(
        When(joined_on_then__isnull=True, then=Value(-1)),
        When(joined_on_then__lt=c1, then=Value(0)),
        When(joined_on_then__lt=c2, then=Value(1)),
        When(joined_on_then__lt=c3, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )


def composition_groups(
    user: Actor, org: Organization, on: date
) -> list[tuple[str, frozenset[str], int]]:
    """The register of ``on`` counted in SQL by the facts tables 2-4 read: (occupation, the
    column keys of the group's members, how many). One grouped query; no member row comes to
    Python (the year of birth stands for the age, the cut dates for the joining period)."""
    keys = ("occupation_then", "gender_then", "ethnicity_then", "periods__stage", "education_then")
    rows = (
        _facts_on(_members_on(user, org, on), on)
        .order_by()
        .values(*keys, born=ExtractYear("birth_date_then"), period=_joining_period())
        .annotate(n=Count("pk"))
        .values_list(*keys, "born", "period", "n")
    )
    return [
        (occupation, layout.group_keys(on.year - born, gender, ethnicity, stage, education,
                                       None if period < 0 else period), n)
        for occupation, gender, ethnicity, stage, education, born, period, n in rows
    ]  # fmt: skip


def counted_composition_tables(user: Actor, org: Organization, on: date) -> tuple[Table, ...]:
    """Tables 2-4 as ``composition_tables`` gives them, the numbers counted in SQL
    (``composition_groups``) and each cell's list loaded only when it is asked for: the first
    list asked for reads the register's facts once and tallies every cell's ids
    (``composition_tables``), so a list is exactly the one the number counts."""
    groups = composition_groups(user, org, on)
    listed: dict[str, Table] = {}

    def ids_of(number: str, row: str, column: str) -> tuple[int, ...]:
        if not listed:
            facts = member_facts(user, org, on)
            listed.update((t.number, t) for t in composition_tables(facts, on.year))
        cell = listed[number].cell(row, column)
        return cell.ids if cell is not None else ()

    def lazy(number: str, row: str, column: str, value: int) -> Cell:
        if not value:
            return Cell(0)
        return Cell(value, load=lambda: ids_of(number, row, column))

    tables = []
    for spec in (layout.table_2(), layout.table_3(), layout.table_4()):
        counts = layout.tally_counts(groups, spec.columns)
        rows = tuple(
            Row(key, label, tuple(lazy(spec.number, key, c.key, counts.get((key, c.key), 0))
                                  for c in spec.columns))
            for key, label in layout.occupation_rows()
        )  # fmt: skip
        tables.append(Table(spec.number, spec.title, spec.columns, rows, spec.note))
    return tuple(tables)


_ONE = (Column(TOTAL, "人数"),)


def table_one(user: Actor, org: Organization, start: date, end: date) -> Table:
    """1 两年党员数综合比较 (STAT-6): 上年末, the year's increases and decreases by kind, 本年末,
    and the difference between the register and the arithmetic (shown, never absorbed).
    Counted in one query (``table_one``); the registers' lists are read when opened."""

    def register_of(day: date) -> Callable[[], tuple[int, ...]]:
        return lambda: tuple(sorted(_members_on(user, org, day).values_list("pk", flat=True)))

    counts = table_one_counts(org, start, end)
    by_kind = counts.by_kind
    r = Reconciliation(opening=counts.opening, increases=len(counts.ids(True)),
                       decreases=len(counts.ids(False)), closing=counts.closing)  # fmt: skip
    rows = [
        Row("opening", "上年末党员数", (Cell(r.opening, load=register_of(opening_day(start))),))
    ]
    rows += [Row(k.value, f"本年增加：{k.label}", (Cell(len(by_kind[k]), by_kind[k]),))
             for k in INCREASES]  # fmt: skip
    rows.append(Row("increases", "本年增加合计", (Cell(r.increases, counts.ids(True)),)))
    rows += [Row(k.value, f"本年减少：{k.label}", (Cell(len(by_kind[k]), by_kind[k]),))
             for k in DECREASES]  # fmt: skip
    rows.append(Row("decreases", "本年减少合计", (Cell(r.decreases, counts.ids(False)),)))
    rows.append(Row("closing", "本年末党员数", (Cell(r.closing, load=register_of(end)),)))
    rows.append(
        Row("difference", "差额（年末数 −（上年末 + 增加 − 减少））", (Cell(r.difference),))
    )
    note = "上年末党员数与上一年度本表的年末数为同一统计口径；差额不为0时须核查党员档案的变动记录。"
    return Table("1", "两年党员数综合比较", _ONE, tuple(rows), note)


def _exit_ways() -> tuple[tuple[str, str], ...]:
    return (*((kind, kind) for _word, kind in EXIT_KINDS), (EXIT_UNSTATED, EXIT_UNSTATED))


def _exits(ledger: Ledger) -> list[tuple[str, int]]:
    """(way, member id) of each 出党 of the period (STAT-5: on its decision)."""
    return [(e.exit_kind, e.member_id) for e in ledger.entries if e.change is Change.LEFT_PARTY]


def _table_10(ledger: Ledger) -> Table:
    """10 出党情况（一）: those who left the Party, by way."""
    exits = _exits(ledger)
    columns = (Column(TOTAL, "出党人数"),
               *(Column(way, label, "出党方式") for way, label in _exit_ways()))  # fmt: skip
    cells = [cell_of([m for _w, m in exits])]
    cells += [cell_of([m for w, m in exits if w == way]) for way, _label in _exit_ways()]
    note = "出党方式按处理决定的文字归类；未注明方式的单列，须人工核实。"
    return Table("10", "出党情况（一）", columns, (Row(TOTAL, "合计", tuple(cells)),), note)


def _table_11(ledger: Ledger, on: date) -> Table:
    """11 出党情况（二）: the same people, by way (rows) and who they were (columns)."""
    exits = _exits(ledger)
    facts = facts_of((m for _w, m in exits), on)
    spec = layout.table_11()
    keyed = [(way, facts[m]) for way, m in exits if m in facts]
    rows = ((TOTAL, "合计"), *_exit_ways())
    return _cells_table(spec, rows, layout.tally(keyed, spec.columns, on.year))


def _table_14(ledger: Ledger, on: date) -> Table:
    """14 发展党员（一）: the members admitted (发展) in the period, by occupation."""
    developed = [e.member_id for e in ledger.entries if e.change is Change.DEVELOPED]
    facts = facts_of(developed, on, stage="probationary")
    spec = layout.table_14()
    keyed = [(f.occupation, f) for f in facts.values()]
    return _cells_table(spec, layout.occupation_rows(), layout.tally(keyed, spec.columns, on.year))


def _in_tree(org: Organization, on: date, prefix: str) -> Q:
    """Rows whose organisation (at ``prefix``) was in ``org``'s subtree as the tree stood on
    ``on`` (the path history)."""
    history = f"{prefix}path_history__"
    return Q(in_subtree(path_on(org, on), f"{history}path"), valid_on(on, history))


def _table_13(user: Actor, org: Organization, start: date, on: date, ledger: Ledger) -> Table:
    """13 预备党员转正: the confirmations of the period (a period turning 正式 from 预备, counted
    for the organisation of that period, STAT-5: on its approval), those after an extended
    probation (转正时间 later than one year after 入党时间, DEV-17), and the cancellations."""
    probationary_before = MemberPeriod.objects.filter(
        member_id=OuterRef("member_id"), valid_to=OuterRef("valid_from"), stage="probationary"
    )
    periods = MemberPeriod.objects.filter(
        _in_tree(org, on, "organization__"),
        Exists(probationary_before),
        valid_from__gte=start,
        valid_from__lte=on,
        stage="full",
    )
    if sees_only_today(user, org):
        periods = periods.filter(member_id__in=_register(user, org))
    dates = attributes_on(on, ("joined_on", "confirmed_on"), prefix="member__")
    rows = periods.annotate(**dates).values_list("member_id", *dates)
    confirmed = [m for m, _j, _c in rows]
    extended = [m for m, joined, done in rows if joined and done and done > probation_end(joined)]
    cancelled = [e.member_id for e in ledger.entries
                 if e.change is Change.LEFT_PARTY and e.exit_kind == "取消预备党员资格"]  # fmt: skip
    columns = (Column("confirmed", "转为正式党员"), Column("extended", "其中：延长预备期后转正"),
               Column("cancelled", "取消预备党员资格"))  # fmt: skip
    cells = (cell_of(confirmed), cell_of(extended), cell_of(cancelled))
    return Table("13", "预备党员转正情况", columns, (Row(TOTAL, "合计", cells),))


_DEVELOPMENT_STAGES = (("applicant", "入党申请人"), ("activist", "入党积极分子"),
                       ("candidate", "发展对象"))  # fmt: skip


def _table_15(user: Actor, org: Organization, start: date, on: date) -> Table:
    """15 发展党员（二）: the development pipeline on ``on`` (each person's stage that day: the
    last recorded step on or before it) and the applications received in the period."""
    applicants = Applicant.objects.filter(_in_tree(org, on, "organization__"))
    if sees_only_today(user, org):
        applicants = applicants.filter(scope_for(user).org_q("organization__"))
    last_step = DevelopmentStep.objects.filter(
        applicant_id=OuterRef("pk"), happened_on__lte=on
    ).order_by("-happened_on", "-id")
    rows = applicants.annotate(stage_then=Subquery(last_step.values("stage_after")[:1]))
    found = list(rows.values_list("pk", "stage_then", "received_on"))
    columns = tuple(Column(code, label, "年底在册") for code, label in _DEVELOPMENT_STAGES)
    columns += (Column("received", "本年收到入党申请"),)
    cells = [cell_of([pk for pk, stage, _r in found if stage == code], APPLICANT)
             for code, _label in _DEVELOPMENT_STAGES]  # fmt: skip
    cells.append(cell_of([pk for pk, _s, got in found if got and start <= got <= on], APPLICANT))
    note = "依据发展党员工作记录：各阶段人数为统计日各人最后一个已记录步骤所处的阶段；平台外办理的部分须人工补填。"
    return Table("15", "发展党员（二）", columns, (Row(TOTAL, "合计", tuple(cells)),), note)


def _table_8(user: Actor, org: Organization, year: int) -> Table:
    """8 民主评议党员 (``review_stats.review_table``), each organisation that held reviews and
    the total; the cells open the members rated."""
    table = review_table(user, org, year)
    from dangjian.meetings.models import Rating

    codes = [str(code) for code in Rating.values]
    columns = (Column("took_part", "参加评议的党员"),
               *(Column(code, str(label), "评定等次") for code, label in zip(codes, Rating.labels,
                                                                           strict=True)),
               Column("unfinished", "评议未完成"))  # fmt: skip
    org_ids = [line.organization_id for line in table.lines]
    reviews = DemocraticReview.objects.filter(year=year, organization_id__in=org_ids)
    by_org: dict[int, list[tuple[int, str]]] = {}
    for org_id, member_id, rating in reviews.values_list("organization_id", "member_id", "rating"):
        by_org.setdefault(org_id, []).append((member_id, rating))
    # Every unit has its 机关党支部: a name met twice names its parent.
    names = org_labels_told_apart(
        (line.organization_id, line.organization_name) for line in table.lines
    )
    rows = [_review_row(str(line.organization_id), names[line.organization_id], line.cells(),
                        by_org.get(line.organization_id, []), codes)
            for line in table.lines]  # fmt: skip
    everyone = [pair for pairs in by_org.values() for pair in pairs]
    rows.insert(0, _review_row(TOTAL, "合计", table.total.cells(), everyone, codes))
    return Table("8", "民主评议党员", columns, tuple(rows), "按组织评议的党组织统计。")


def _review_row(
    key: str, label: str, values: list[int], reviews: list[tuple[int, str]], codes: list[str]
) -> Row:
    rated = tuple(m for m, rating in reviews if rating)
    per_grade = [tuple(m for m, rating in reviews if rating == code) for code in codes]
    unfinished = tuple(m for m, rating in reviews if not rating)
    id_lists = [rated, *per_grade, unfinished]
    return Row(key, label, tuple(Cell(v, ids) for v, ids in zip(values, id_lists, strict=True)))


_ORG_COLUMNS = (
    Column(TOTAL, "基层党组织合计"),
    Column(OrgKind.COMMITTEE.value, "基层党委", "其中"),
    Column(OrgKind.GENERAL_BRANCH.value, "党总支", "其中"),
    Column("branches", "党支部", "其中"),
    Column(OrgKind.JOINT_BRANCH.value, "联合党支部", "党支部中"),
    Column(OrgKind.TEMP_BRANCH.value, "临时党支部", "党支部中"),
    Column("retirees", "离退休党支部", "党支部中"),
)


def _organisations_on(user: Actor, org: Organization, on: date) -> list[tuple[int, str, bool]]:
    """(id, kind, retirees' branch) of the organisations of the subtree on ``on`` (the path
    history: one founded later or dissolved before is not there), within the asker's scope."""
    rows = OrganizationPath.objects.filter(in_subtree(path_on(org, on)), valid_on(on))
    orgs = Organization.objects.filter(pk__in=rows.values("organization_id"))
    orgs = orgs.filter(Q(founded_on__isnull=True) | Q(founded_on__lte=on))
    orgs = orgs.filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=on))
    if sees_only_today(user, org):
        orgs = orgs.filter(scope_for(user).org_q())
    return list(orgs.exclude(kind=OrgKind.GROUP).values_list("pk", "kind", "is_retirees_branch"))


def _org_in_column(key: str, kind: str, retirees: bool) -> bool:
    """Whether an organisation of ``kind`` counts in the column ``key`` of the table."""
    is_branch = kind in {k.value for k in OrgKind if k.is_branch}
    if key == TOTAL:
        return True
    if key == "branches":
        return is_branch
    if key == "retirees":
        return is_branch and retirees
    return kind == key


def _organisation_table(user: Actor, org: Organization, on: date) -> Table:
    """基层党组织: the organisations of the subtree by kind on the statistical day."""
    found = _organisations_on(user, org, on)
    cells = tuple(
        cell_of([pk for pk, kind, retirees in found if _org_in_column(c.key, kind, retirees)],
              ORGANIZATION)
        for c in _ORG_COLUMNS
    )  # fmt: skip
    note = "党小组不计入基层党组织。"
    return Table("组织1", "基层党组织情况", _ORG_COLUMNS, (Row(TOTAL, "合计", cells),), note)


def _election_table(user: Actor, org: Organization, start: date, on: date) -> Table:
    """换届: the organisations whose current term began in the period (本届任期开始); how many
    were due is a human's figure (the archive keeps the current term only)."""
    found = {pk for pk, _k, _r in _organisations_on(user, org, on)}
    renewed = Organization.objects.filter(
        pk__in=found, term_started_on__gte=start, term_started_on__lte=on
    ).values_list("pk", flat=True)
    columns = (Column("due", "应换届的党组织"), Column("renewed", "本年完成换届的党组织"))
    cells = (Cell(None, (), ORGANIZATION), cell_of(list(renewed), ORGANIZATION))
    note = "本年完成换届按各党组织“本届任期开始”日期统计；应换届数须人工填报。"
    return Table("组织2", "基层党组织换届情况", columns, (Row(TOTAL, "合计", cells),), note)
