"""Reads of the cadre database, always through the asker's cadre permission and scope.

``cadre_file`` is the one read of a whole file and writes an audit row each time (pages, API,
assistant alike). ``cadre_analysis`` is the 智能研判 of the team as of a date: every part is a
grouped count in the database (ages and tenures as date ranges, ``rules.cadres``), so the
enterprise-wide analysis costs a handful of queries however many cadres there are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from dangjian.accounts.access import cadre_org_q, require_cadre_permission
from dangjian.cadres.models import (
    Cadre,
    CadrePost,
    EducationRecord,
    PostLevel,
    ReserveCadre,
)
from dangjian.core.actor import Actor
from dangjian.core.audit import audit, audit_many
from dangjian.members.choices import COMMITTEE_TITLES, Education, Gender
from dangjian.members.models import Position
from dangjian.orgs.models import Organization
from dangjian.rules.cadres import (
    AGE_BANDS,
    COMMITTEE_AGE_BANDS,
    TENURE_BANDS,
    Band,
    band_of,
    full_years,
    retiring_births,
    start_range,
)
from dangjian.rules.dates import latest_birth_for_age

PARTY_POST_ONLY = "仅任党内职务"  # the level of a cadre in post only on a committee
KEY_LEVELS = (PostLevel.LEADERSHIP, PostLevel.MIDDLE_CHIEF)  # posts that should have a reserve
COMMITTEES_SHOWN = 200  # committees listed on the page (the export has all)


@dataclass(frozen=True)
class CadreFilters:
    q: str = ""
    level: str = ""
    organization_id: int | None = None


def visible_cadres(user: Actor) -> QuerySet[Cadre]:
    """The cadres ``user`` may read (PermissionDenied without the cadre permission)."""
    require_cadre_permission(user)
    return Cadre.objects.filter(cadre_org_q(user))


def _open_post(on: date) -> Q:
    return Q(started_on__lte=on) & (Q(ended_on__isnull=True) | Q(ended_on__gte=on))


def _party_posts_held(on: date) -> QuerySet[Position]:
    """The committee posts (书记, 副书记, 委员...; ``party_posts``) held on ``on`` by the member
    each cadre is (the same ID number, which the member link was made by), for ``OuterRef``."""
    return Position.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=on), started_on__lte=on,
        title__in=COMMITTEE_TITLES, member__id_number_hash=OuterRef("id_number_hash"),
    )  # fmt: skip


def in_post_q(on: date) -> Q:
    """In post (在任) on ``on``: a post of the cadre database open that day, or a committee post
    of a Party organisation held that day (a cadre whose only post is 党支部书记 is in post)."""
    return Q(Exists(CadrePost.objects.filter(_open_post(on), cadre=OuterRef("pk")))) | Q(
        Exists(_party_posts_held(on))
    )


def retired_q(on: date) -> Q:
    """Cadres who have reached the retirement age of their gender (settings) on ``on``."""
    q = Q(pk__in=[])
    for gender, age in retirement_ages().items():
        q |= Q(gender=gender, birth_date__lte=latest_birth_for_age(on, age))
    return q


def _retired_flag(on: date) -> Case:
    return Case(When(retired_q(on), then=Value(True)), default=Value(False),
                output_field=BooleanField())  # fmt: skip


def cadre_organizations(user: Actor, limit: int = 500) -> list[tuple[int, str]]:
    """The organisations of ``user``'s cadre scope for the list's filter, as (id, indented
    name) in tree order; at most ``limit`` (the first levels of a very large tree)."""
    require_cadre_permission(user)
    orgs = (
        Organization.objects.filter(cadre_org_q(user, ""), dissolved_on__isnull=True)
        .exclude(kind="group")
        .order_by("depth", "path")[:limit]
    )
    rows = sorted(orgs, key=lambda o: o.path)
    top = min((o.depth for o in rows), default=1)
    return [(o.pk, "　" * (o.depth - top) + o.name) for o in rows]


def cadre_list(user: Actor, filters: CadreFilters, on: date) -> QuerySet[Cadre]:
    """Cadres in scope in post on ``on`` (``in_post_q``: a post of the database or a committee
    post), with their main post of the database (highest level, then latest; None for a cadre
    holding only a committee post) annotated as ``post_title``, ``post_unit``, ``post_level``,
    ``post_since``, and ``past_retirement`` (the retirement age reached on ``on``)."""
    qs = visible_cadres(user).select_related("organization")
    posts = CadrePost.objects.filter(_open_post(on), cadre=OuterRef("pk")).order_by(
        _level_order(), "-started_on")  # fmt: skip
    qs = qs.filter(in_post_q(on))
    if filters.q:
        qs = qs.filter(name__contains=filters.q)
    if filters.level:
        qs = qs.filter(Exists(posts.filter(level=filters.level)))
    if filters.organization_id:
        org = Organization.objects.filter(pk=filters.organization_id).first()
        if org is None:
            return qs.none()
        qs = qs.filter(organization__path__startswith=org.path)
    return qs.annotate(
        post_title=Subquery(posts.values("title")[:1]),
        post_unit=Subquery(posts.values("unit")[:1]),
        post_level=Subquery(posts.values("level")[:1]),
        post_since=Subquery(posts.values("started_on")[:1]),
        past_retirement=_retired_flag(on),
    ).order_by("organization__path", "name", "pk")


EXPORT_LIMIT = 50_000  # cadres in one export (the whole enterprise of the benchmark)


def cadre_list_export(user: Actor, filters: CadreFilters, on: date, *, door: str) -> list[Cadre]:
    """The list as filtered, for an Excel download: every cadre in it is read, so each is
    audited as a file read is (``cadre.export``, one row per cadre, ``door``: 页面, 接口...)."""
    rows = list(cadre_list(user, filters, on)[:EXPORT_LIMIT])
    detail = f"导出干部名单（{door}，截至{on.isoformat()}）"
    audit_many(actor=user, action="cadre.export", rows=[(c, None, detail) for c in rows])
    return rows


@dataclass(frozen=True)
class Retirement:
    """The day a cadre reaches the retirement age of their gender, and whether ``on`` is past it."""

    on: date
    reached: bool


def retirement_of(cadre: Cadre, on: date) -> Retirement:
    from dangjian.rules.cadres import retirement_date

    day = retirement_date(cadre.birth_date, retirement_ages()[cadre.gender])
    return Retirement(on=day, reached=day <= on)


def _level_order() -> Case:
    whens = [When(level=code, then=Value(n)) for n, code in enumerate(PostLevel.values)]
    return Case(*whens, default=Value(99), output_field=IntegerField())


def cadre_file(user: Actor, cadre_id: int, *, door: str) -> Cadre:
    """One cadre's whole file, for ``user``; every read is audited (``door``: 页面, 接口...).
    Http404 for one missing or outside the scope, alike."""
    cadre = visible_cadres(user).filter(pk=cadre_id).select_related("organization").first()
    if cadre is None:
        raise Http404("未找到该干部")
    audit(actor=user, action="cadre.read", obj=cadre, detail=f"查看干部档案（{door}）")
    return cadre


def sanctions_of(cadre: Cadre) -> list[Any]:
    """Party sanctions of the member the cadre is (DISC-1), read from the discipline records."""
    if cadre.member_id is None:
        return []
    from dangjian.discipline.models import SanctionRecord

    return list(SanctionRecord.objects.filter(member_id=cadre.member_id))


@dataclass
class Analysis:
    """The team as of ``on``: counts by band (label -> n) and the lists behind the rest."""

    on: date
    total: int
    ages: dict[str, int]
    education: dict[str, int]
    tenure: dict[str, int]
    gender: dict[str, int]
    levels: dict[str, int]
    retiring: dict[int, int]  # years ahead (1, 2, 3) -> cadres reaching the age by then
    retired: int = 0  # cadres in post who have already reached the retirement age (已到退休年龄)
    retired_people: list[dict[str, Any]] = field(default_factory=list)
    retiring_people: list[dict[str, Any]] = field(default_factory=list)
    posts_without_reserve: list[dict[str, Any]] = field(default_factory=list)
    committees: list[dict[str, Any]] = field(default_factory=list)


def _band_case(column: str, bands: tuple[Band, ...], on: date) -> Case:
    whens = []
    for band in bands:
        after, up_to = start_range(band, on)
        cond = Q(**{f"{column}__lte": up_to})
        if after is not None:
            cond &= Q(**{f"{column}__gt": after})
        whens.append(When(cond, then=Value(band.label)))
    return Case(*whens, default=Value(""), output_field=CharField())


def _counts(qs: QuerySet[Any], key: str, labels: list[str]) -> dict[str, int]:
    found = {row[key]: row["n"] for row in qs.values(key).annotate(n=Count("pk")).order_by()}
    return {label: found.get(label, 0) for label in labels}


def retirement_ages() -> dict[str, int]:
    return {Gender.MALE: settings.CADRE_RETIREMENT_AGE_MALE,
            Gender.FEMALE: settings.CADRE_RETIREMENT_AGE_FEMALE}  # fmt: skip


def _retiring_q(on: date, years: int) -> Q:
    q = Q(pk__in=[])
    for gender, age in retirement_ages().items():
        after, up_to = retiring_births(age, on, years)
        q |= Q(gender=gender, birth_date__gt=after, birth_date__lte=up_to)
    return q


def cadre_analysis(user: Actor, on: date, *, people: bool = True) -> Analysis:
    """The analysis of the cadres in ``user``'s scope holding a post on ``on``."""
    base = visible_cadres(user).filter(in_post_q(on))
    edu = EducationRecord.objects.filter(cadre=OuterRef("pk"), graduated_on__lte=on)
    rank_labels = {n: label for n, (_c, label) in enumerate(Education.choices, start=1)}
    edu_rows = base.annotate(best=Subquery(edu.order_by("rank").values("rank")[:1]))
    education = {label: 0 for label in [*rank_labels.values(), "未登记"]}
    for row in edu_rows.values("best").annotate(n=Count("pk")).order_by():
        education[rank_labels.get(row["best"], "未登记")] += row["n"]
    main = CadrePost.objects.filter(_open_post(on), cadre=OuterRef("pk"))
    # Tenure in the latest post of the database, else in the latest committee post.
    party_since = _party_posts_held(on).order_by("-started_on").values("started_on")[:1]
    tenure_qs = base.annotate(since=Coalesce(
        Subquery(main.order_by("-started_on").values("started_on")[:1]), Subquery(party_since)))  # fmt: skip
    ranked = main.annotate(order=_level_order()).order_by("order").values("order")[:1]
    level_names = dict(enumerate(PostLevel.labels))
    level_counts = dict.fromkeys([*PostLevel.labels, PARTY_POST_ONLY], 0)
    for row in (
        base.annotate(best=Subquery(ranked)).values("best").annotate(n=Count("pk")).order_by()
    ):
        level_counts[level_names.get(row["best"], PARTY_POST_ONLY)] += row["n"]
    by_gender = dict(base.values_list("gender").annotate(n=Count("pk")).order_by())
    genders = {label: by_gender.get(code, 0) for code, label in Gender.choices}
    result = Analysis(
        on=on,
        total=sum(genders.values()),
        ages=_counts(base.annotate(band=_band_case("birth_date", AGE_BANDS, on)), "band",
                     [b.label for b in AGE_BANDS]),
        education=education,
        tenure=_tenure(tenure_qs, on),
        gender=genders,
        levels=level_counts,
        retiring={n: base.filter(_retiring_q(on, n)).count() for n in (1, 2, 3)},
        retired=base.filter(retired_q(on)).count(),
    )  # fmt: skip
    if people:
        result.retiring_people = _retiring_people(base, on)
        result.retired_people = _retired_people(base, on)
        result.posts_without_reserve = posts_without_reserve(user, on)
        result.committees = committee_mix(user, on)
    return result


def _tenure(qs: QuerySet[Any], on: date) -> dict[str, int]:
    """Cadres by whole years in their latest post: counted per start date in the database (a
    few thousand dates at most), banded here (a CASE would evaluate the subquery per band)."""
    found = dict.fromkeys((b.label for b in TENURE_BANDS), 0)
    for since, n in qs.values_list("since").annotate(n=Count("pk")).order_by():
        found[band_of(full_years(since, on), TENURE_BANDS).label] += n
    return found


def _retiring_people(base: QuerySet[Cadre], on: date) -> list[dict[str, Any]]:
    from dangjian.rules.cadres import retirement_date

    ages = retirement_ages()
    rows = base.filter(_retiring_q(on, 3)).select_related("organization").order_by("birth_date")
    return [{"id": c.pk, "name": c.name, "gender": c.get_gender_display(),
             "organization": c.organization.name,
             "retires_on": retirement_date(c.birth_date, ages[c.gender])} for c in rows[:500]]  # fmt: skip


def _retired_people(base: QuerySet[Cadre], on: date) -> list[dict[str, Any]]:
    """Cadres in post on ``on`` already past their retirement age, the oldest first."""
    from dangjian.rules.cadres import retirement_date

    ages = retirement_ages()
    rows = base.filter(retired_q(on)).select_related("organization").order_by("birth_date")
    return [{"id": c.pk, "name": c.name, "gender": c.get_gender_display(),
             "organization": c.organization.name,
             "retires_on": retirement_date(c.birth_date, ages[c.gender])} for c in rows[:500]]  # fmt: skip


def posts_without_reserve(user: Actor, on: date) -> list[dict[str, Any]]:
    """Key posts (班子成员, 中层正职) held on ``on`` in scope with no reserve cadre named for
    them (unit and title) on that day."""
    reserve = ReserveCadre.objects.filter(
        Q(until__isnull=True) | Q(until__gte=on), since__lte=on,
        unit=OuterRef("unit"), title=OuterRef("title"),
    )  # fmt: skip
    posts = (
        CadrePost.objects.filter(_open_post(on), cadre__in=visible_cadres(user).values("pk"),
                                 level__in=KEY_LEVELS)
        .filter(~Exists(reserve))
        .values("unit", "title", "level")
        .annotate(holders=Count("cadre"))
        .order_by("unit", "title")
    )  # fmt: skip
    labels = dict(PostLevel.choices)
    return [{**p, "level": labels.get(p["level"], p["level"])} for p in posts]


def committee_mix(
    user: Actor, on: date, *, limit: int | None = COMMITTEES_SHOWN
) -> list[dict[str, Any]]:
    """Per organisation in the cadre scope: the members holding a committee post on ``on``
    (members' positions), by gender and age band."""
    held = Position.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=on), cadre_org_q(user, "organization__"),
        started_on__lte=on,
    )  # fmt: skip
    rows = (
        held.values("organization_id", "organization__name", "organization__path")
        .annotate(
            size=Count("member", distinct=True),
            women=Count("member", filter=Q(member__gender=Gender.FEMALE), distinct=True),
            oldest=Min("member__birth_date"), youngest=Max("member__birth_date"),
            **{f"band{n}": Count("member", filter=_band_q(b, on), distinct=True)
               for n, b in enumerate(COMMITTEE_AGE_BANDS)},
        )
        .order_by("organization__path")
    )  # fmt: skip
    chosen = rows[:limit] if limit is not None else rows
    return [_committee_row(dict(r), on) for r in chosen]


def _band_q(band: Band, on: date) -> Q:
    after, up_to = start_range(band, on)
    q = Q(member__birth_date__lte=up_to)
    return q & Q(member__birth_date__gt=after) if after is not None else q


def _committee_row(row: dict[str, Any], on: date) -> dict[str, Any]:
    from dangjian.rules.dates import age_on

    return {
        "organization_id": row["organization_id"],
        "organization": row["organization__name"],
        "size": row["size"],
        "men": row["size"] - row["women"],
        "women": row["women"],
        "bands": {b.label: row[f"band{n}"] for n, b in enumerate(COMMITTEE_AGE_BANDS)},
        "oldest_age": age_on(row["oldest"], on) if row["oldest"] else None,
        "youngest_age": age_on(row["youngest"], on) if row["youngest"] else None,
    }


MATTER_REPORT_WARNING_DAYS = 30  # 个人有关事项 reports listed this many days before they are due


def matter_reports_due(user: Actor, today: date) -> QuerySet[Any]:
    """个人有关事项 reports not yet filed that are overdue or due within 30 days, of the
    cadres in ``user``'s scope (the home card and its list)."""
    from dangjian.cadres.models import PersonalMatterReport

    horizon = date.fromordinal(today.toordinal() + MATTER_REPORT_WARNING_DAYS)
    return (
        PersonalMatterReport.objects.filter(
            cadre__in=visible_cadres(user).values("pk"), reported_on__isnull=True,
            due_on__lte=horizon,
        )
        .select_related("cadre__organization")
        .order_by("due_on", "cadre__name", "pk")
    )  # fmt: skip
