"""/api/cadres: the leading-cadre database — list, a cadre's file (audited), the analysis.

Every endpoint requires the cadre permission (403 with the Chinese reason without it); a cadre
outside the caller's cadre scope answers 404, as a missing one. ID numbers are never returned.
"""

# No postponed annotations here: ninja reads the view signatures (Query[...]) at import time.
from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from dangjian.api.auth import current_user
from dangjian.api.pagination import BoundedPageNumberPagination
from dangjian.api.schemas import READ_ERRORS, ErrorOut
from dangjian.api.types import Id, PlausibleDate
from dangjian.cadres import selectors
from dangjian.cadres.models import Cadre, PostLevel
from dangjian.cadres.party_posts import party_posts, party_posts_on

router = Router(tags=["干部信息库"])
# Besides the reads' answers: 403 for a caller without the cadre permission.
CADRE_ERRORS: dict[int, Any] = {**READ_ERRORS, 403: ErrorOut}


class CadreQuery(Schema):
    q: str = Field("", max_length=40, description="姓名（部分）")
    level: PostLevel | None = Field(None, description="职务层级")
    organization_id: Id | None = Field(None, description="所在党组织（含下级）")
    on: PlausibleDate | None = Field(None, description="截至日期，省略为今天")


class CadreRowOut(Schema):
    id: int
    name: str
    gender: str
    birth_date: date
    organization: str
    post: str
    level: str
    post_since: date | None
    party_posts: list[str] = Field(..., description="截至该日担任的党内职务，如“一支部书记”")
    past_retirement: bool = Field(..., description="截至该日已到退休年龄（按性别设置）")


class CadrePostOut(Schema):
    kind: str
    unit: str
    title: str
    level: str
    started_on: date
    ended_on: date | None


class PartyPostOut(Schema):
    organization_id: int
    organization: str
    organization_kind: str = Field(..., description="基层党委、党总支、党支部等")
    title: str = Field(..., description="书记、副书记、组织委员等")
    started_on: date
    ended_on: date | None = Field(None, description="离任日期（继任者当日起任职）；现任为空")


class CadreFileOut(Schema):
    id: int
    name: str
    gender: str
    birth_date: date
    organization: str
    member_id: int | None
    posts: list[CadrePostOut]
    on: date = Field(..., description="党内职务的截至日期")
    party_posts: list[PartyPostOut] = Field(
        ..., description="截至该日担任的党内职务，来自党组织委员会任职记录"
    )
    party_post_history: list[PartyPostOut] = Field(..., description="全部党内任职经历")
    education: list[dict[str, Any]]
    titles: list[dict[str, Any]]
    training_hours: int
    assessments: list[dict[str, Any]]
    rewards: list[dict[str, Any]]
    matter_reports: list[dict[str, Any]]


class AnalysisOut(Schema):
    on: date
    total: int
    ages: dict[str, int]
    education: dict[str, int]
    tenure: dict[str, int]
    gender: dict[str, int]
    levels: dict[str, int]
    retiring: dict[str, int]
    retired: int = Field(..., description="已到退休年龄的在任干部人数")
    posts_without_reserve: list[dict[str, Any]]


@router.get("", response={200: list[CadreRowOut], **CADRE_ERRORS}, summary="在任干部名单")
@paginate(BoundedPageNumberPagination)
def list_cadres(request: HttpRequest, filters: Query[CadreQuery]) -> Any:
    """Cadres in the caller's cadre scope holding a post on ``on``."""
    wanted = selectors.CadreFilters(q=filters.q, level=filters.level or "",
                                    organization_id=filters.organization_id)  # fmt: skip
    on = filters.on or timezone.localdate()
    return _Rows(selectors.cadre_list(current_user(request), wanted, on), on)


class _Rows:
    """The list as the paginator slices it: only the page's cadres are read and given their
    party posts (one query a page)."""

    def __init__(self, rows: Any, on: date) -> None:
        self.rows, self.on = rows, on

    def count(self) -> int:
        return int(self.rows.count())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[dict[str, Any]]:
        page = list(self.rows[window])
        held = party_posts_on(page, self.on)
        return [_row(c, [p.text for p in held.get(c.pk, [])]) for c in page]


def _row(c: Any, party: list[str]) -> dict[str, Any]:
    return {"party_posts": party, "id": c.pk, "name": c.name, "gender": c.get_gender_display(),
            "birth_date": c.birth_date, "organization": c.organization.name,
            "post": f"{c.post_unit or ''}{c.post_title or ''}",
            "level": dict(PostLevel.choices).get(c.post_level or "", ""),
            "post_since": c.post_since, "past_retirement": c.past_retirement}  # fmt: skip


@router.get("/analysis", response={200: AnalysisOut, **CADRE_ERRORS}, summary="干部队伍结构分析")
def analysis(request: HttpRequest, on: PlausibleDate | None = None) -> Any:
    """Age, education, tenure, gender, levels, retirements within 1-3 years, posts without a
    reserve cadre, as of ``on``."""
    found = selectors.cadre_analysis(current_user(request), on or timezone.localdate())
    return {**found.__dict__, "retiring": {f"{n}年内": c for n, c in found.retiring.items()}}


@router.get("/{cadre_id}", response={200: CadreFileOut, **CADRE_ERRORS}, summary="干部档案")
def cadre_file(request: HttpRequest, cadre_id: Id, on: PlausibleDate | None = None) -> Any:
    """One cadre's file, its party posts as of ``on`` (today when absent); the read is
    recorded in the audit log."""
    cadre = selectors.cadre_file(current_user(request), cadre_id, door="接口")
    return _file(cadre, on or timezone.localdate())


def _file(c: Cadre, on: date) -> dict[str, Any]:
    return {
        "on": on, "party_posts": [p.__dict__ for p in party_posts(c, on)],
        "party_post_history": [p.__dict__ for p in party_posts(c)],
        "id": c.pk, "name": c.name, "gender": c.get_gender_display(), "birth_date": c.birth_date,
        "organization": c.organization.name, "member_id": c.member_id,
        "posts": [{"kind": p.get_kind_display(), "unit": p.unit, "title": p.title,
                   "level": p.get_level_display(), "started_on": p.started_on,
                   "ended_on": p.ended_on} for p in c.posts.all()],
        "education": [{"level": e.get_level_display(), "degree": e.degree, "school": e.school,
                       "graduated_on": e.graduated_on.isoformat()} for e in c.educations.all()],
        "titles": [{"name": t.name, "grade": t.grade, "obtained_on": t.obtained_on.isoformat()}
                   for t in c.titles.all()],
        "training_hours": sum(t.hours for t in c.trainings.all()),
        "assessments": [{"year": a.year, "result": a.get_result_display()}
                        for a in c.assessments.all()],
        "rewards": [{"kind": r.get_kind_display(), "name": r.name,
                     "decided_on": r.decided_on.isoformat()} for r in c.rewards.all()],
        "matter_reports": [{"year": m.year, "due_on": m.due_on.isoformat(),
                            "reported_on": m.reported_on.isoformat() if m.reported_on else None}
                           for m in c.matter_reports.all()],
    }  # fmt: skip
