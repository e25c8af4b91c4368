"""The report builder: rows are the organisations of one level under a root, columns the
categories of one attribute, counted as of a day from the archive's history; definitions are
saved per user.

The register of the day is ``members_as_of``'s (periods in good standing); for the attribute
``status`` the roll includes 停止党籍 (the periods of those still on it). Each member counts in
the row of the organisation of the chosen level that held their branch that day, by their
attributes of that day (``members.attributes_on``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet

from dangjian.accounts.access import access_organization, require, scope_for
from dangjian.core.actor import Actor, acting_user
from dangjian.core.audit import audit
from dangjian.core.errors import InvalidInput
from dangjian.core.text import TextError, TextKind, clean_text
from dangjian.dynamics.display import org_labels_told_apart
from dangjian.members.attributes_on import attribute_name, attributes_on
from dangjian.members.choices import Education, Gender, Occupation, Stage, Status
from dangjian.members.models import MemberPeriod
from dangjian.members.selectors import register_members
from dangjian.orgs.models import Organization, OrganizationPath, in_subtree, valid_on
from dangjian.orgs.selectors import path_on
from dangjian.reports.models import ATTRIBUTES, ROW_KINDS, SavedReport
from dangjian.reports.tables import Row, Table, cell_of, sees_only_today
from dangjian.rules.annual_tables import TOTAL, Column
from dangjian.rules.dates import age_on
from dangjian.rules.organization import OrgKind
from dangjian.rules.statistics import AGE_BANDS, age_band, joining_period, joining_period_labels

_ON_ROLL = (Status.NORMAL, Status.SUSPENDED)
# The member's fields the attributes read, each as it stood on the day counted
# (``members.attributes_on``: today's value with the changes dated after the day undone).
_DAY_FIELDS = ("birth_date", "joined_on", "gender", "education", "occupation")
_UNSTATED = "未填写"


def attribute_columns(attribute: str) -> tuple[Column, ...]:
    """The columns of ``attribute``: 合计, then each category (STAT-1..3 for bands and lists)."""
    categories: dict[str, list[tuple[str, str]]] = {
        "stage": [(s.value, str(s.label)) for s in Stage],
        "gender": [(g.value, str(g.label)) for g in Gender],
        "age_band": [(b, b) for b in AGE_BANDS],
        "education": [(e.value, str(e.label)) for e in Education],
        "occupation": [(o.value, str(o.label)) for o in Occupation],
        "joining_period": [(p, p) for p in joining_period_labels()] + [(_UNSTATED, _UNSTATED)],
        "status": [(s.value, str(s.label)) for s in _ON_ROLL],
    }
    group = ATTRIBUTES[attribute]
    return (Column(TOTAL, "合计"), *(Column(k, label, group) for k, label in categories[attribute]))


def _category(attribute: str, row: dict[str, Any], on: date) -> str:
    readers: dict[str, Callable[[], str]] = {
        "age_band": lambda: age_band(age_on(row["birth_date"], on)),
        "joining_period": lambda: (
            joining_period(row["joined_on"]) if row["joined_on"] else _UNSTATED
        ),
    }
    reader = readers.get(attribute)
    return reader() if reader else str(row[attribute])


def check_definition(row_kind: str, attribute: str) -> None:
    """``InvalidInput`` naming the field of an unknown level or attribute."""
    if row_kind not in ROW_KINDS:
        raise InvalidInput.one("row_kind", "请选择党组织层级（基层党委、党总支或党支部）")
    if attribute not in ATTRIBUTES:
        raise InvalidInput.one("attribute", "请选择统计项")


def _row_orgs(
    user: Actor, root: Organization, row_kind: str, on: date
) -> list[tuple[int, str, str]]:
    """(id, name, path that day) of the organisations of the level under ``root`` on ``on``."""
    kinds = [k.value for k in OrgKind if k.is_branch] if row_kind == "branch" else [row_kind]
    paths = OrganizationPath.objects.filter(in_subtree(path_on(root, on)), valid_on(on))
    paths = paths.filter(organization__kind__in=kinds)
    if sees_only_today(user, root):
        paths = paths.filter(scope_for(user).org_q("organization__"))
    rows = paths.order_by("path").values_list("organization_id", "organization__name", "path")
    return list(rows)


def _periods(user: Actor, root: Organization, on: date, attribute: str) -> QuerySet[MemberPeriod]:
    """The periods of the day's roll under ``root`` (the tree of the day), counted by the rule
    of a past register: everyone who belonged that day for whoever looks after ``root``."""
    statuses = _ON_ROLL if attribute == "status" else (Status.NORMAL,)
    history = "organization__path_history__"
    periods = MemberPeriod.objects.filter(
        in_subtree(path_on(root, on), f"{history}path"),
        valid_on(on, history),
        Q(valid_to__isnull=True) | Q(valid_to__gt=on),
        valid_from__lte=on,
        status__in=statuses,
    )
    if sees_only_today(user, root):
        periods = periods.filter(member__in=register_members(user, root))
    return periods


def build_report(user: Actor, root_id: int, row_kind: str, attribute: str, on: date) -> Table:
    """The builder's table: one row per organisation of ``row_kind`` under ``root_id`` (and a
    合计 row), one column per category of ``attribute``; each cell holds the member ids."""
    check_definition(row_kind, attribute)
    root = access_organization(user, root_id)
    require(scope_for(user).covers_org(root), "无权统计该党组织")
    columns = attribute_columns(attribute)
    orgs = _row_orgs(user, root, row_kind, on)
    then = attributes_on(on, _DAY_FIELDS, prefix="member__")
    rows = (
        _periods(user, root, on, attribute)
        .annotate(**then)
        .values("member_id", "stage", "status", *then, path=F("organization__path_history__path"))
    )
    cells: dict[tuple[str, str], list[int]] = {}
    for raw in rows:
        row = _plain(raw)
        keys = [str(pk) for pk, _n, p in orgs if row["path"].startswith(p)] + [TOTAL]
        for key in keys:
            for column in (TOTAL, _category(attribute, row, on)):
                cells.setdefault((key, column), []).append(row["member_id"])
    names = org_labels_told_apart((pk, name) for pk, name, _p in orgs)  # 机关党支部（XX党委）
    lines = [(TOTAL, "合计"), *((str(pk), names[pk]) for pk, _n, _p in orgs)]
    built = tuple(
        Row(key, label, tuple(cell_of(cells.get((key, c.key), [])) for c in columns))
        for key, label in lines
    )
    title = f"按{ROW_KINDS[row_kind]}统计{ATTRIBUTES[attribute]}"
    return Table("自定义", title, columns, built, f"统计日期：{on.isoformat()}")


def _plain(raw: dict[str, Any]) -> dict[str, Any]:
    """A row by the attributes' own names, each member field the value of the day."""
    plain = {key: raw[key] for key in ("member_id", "stage", "status", "path")}
    return plain | {field: raw[attribute_name(field)] for field in _DAY_FIELDS}


def saved_reports(user: Actor) -> QuerySet[SavedReport]:
    """The report definitions ``user`` saved, by name."""
    return SavedReport.objects.filter(owner=acting_user(user)).order_by("name")


def saved_report_create(
    *, actor: Actor, name: str, root_id: int, row_kind: str, attribute: str, on: date | None
) -> SavedReport:
    """Save a definition under ``name`` for ``actor``; ``InvalidInput`` naming the field."""
    owner = acting_user(actor)
    if owner is None:
        raise InvalidInput.one("owner", "请先登录")
    try:
        name = clean_text(name, TextKind.NAME)
    except TextError as error:
        raise InvalidInput.one("name", f"报表名称{error}") from None
    if not name:
        raise InvalidInput.one("name", "请填写报表名称")
    if len(name) > 60:
        raise InvalidInput.one("name", "报表名称不能超过60个字")
    check_definition(row_kind, attribute)
    root = access_organization(actor, root_id)
    try:
        with transaction.atomic():
            report = SavedReport.objects.create(owner=owner, name=name, root=root,
                                                row_kind=row_kind, attribute=attribute, on=on)  # fmt: skip
            audit(actor=actor, action="reports.saved_report_create", obj=report, detail=name)
    except IntegrityError:
        raise InvalidInput.one("name", f"已有名为“{name}”的报表，请换一个名称") from None
    return report


def saved_report_delete(*, actor: Actor, report_id: int) -> None:
    """Delete one of ``actor``'s own definitions (Http404-like InvalidInput otherwise)."""
    report = saved_reports(actor).filter(pk=report_id).first()
    if report is None:
        raise InvalidInput.one("report", "未找到该报表")
    with transaction.atomic():
        audit(actor=actor, action="reports.saved_report_delete", obj=report, detail=report.name)
        report.delete()
