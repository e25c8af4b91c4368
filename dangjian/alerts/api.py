"""/api/alerts: the alerts and the branch health scores of the caller's scope, read through
the same selectors as the pages (an organisation outside the scope answers 404)."""

# No postponed annotations here: ninja reads the view signatures (Query[...]) at import time.
from datetime import date
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from dangjian.accounts.access import may_manage_some_organization, require
from dangjian.alerts import selectors
from dangjian.alerts.models import Alert, BranchScore
from dangjian.api.auth import current_user
from dangjian.api.pagination import BoundedPageNumberPagination
from dangjian.api.schemas import READ_ERRORS, ErrorOut
from dangjian.api.types import Id

router = Router(tags=["智能研判"])
ALERT_ERRORS: dict[int, Any] = {**READ_ERRORS, 403: ErrorOut}
# The kinds of ``rules.alerts.ALERT_KINDS``, spelt out for the schema (a test keeps them equal).
KindCode = Literal[
    "structure", "term_overdue", "meeting_missing", "development_overdue", "probation_ended",
    "arrears", "lost_contact", "letter_no_receipt", "missing_id_number", "joined_under_18",
    "confirmed_before_joined",
]  # fmt: skip


class AlertQuery(Schema):
    kind: KindCode | None = Field(None, description="预警类型")
    severity: Literal["high", "medium", "low"] | None = Field(None, description="严重程度")
    state: Literal["open", "resolved", "all"] = Field("open", description="未解除、已解除或全部")
    organization_id: Id | None = Field(None, description="党组织（含下级）")


class AlertOut(Schema):
    id: int
    kind: str
    kind_label: str
    severity: str
    organization_id: int
    organization: str
    subject: str = Field(..., description="预警对象（党员、申请人、班子、会议等），可为空")
    url: str = Field(..., description="对象所在页面")
    detail: str
    citation: str = Field(..., description="依据的党内法规及条款")
    first_seen: date
    last_seen: date
    resolved_on: date | None


class ScoreOut(Schema):
    organization_id: int
    organization: str
    month: date
    score: int = Field(..., description="健康分（0至100）")
    grade: str
    open_alerts: int


def _manager(request: HttpRequest) -> Any:
    user = current_user(request)
    require(may_manage_some_organization(user), "智能研判仅供党务工作者查看")
    return user


def _alert(a: Alert) -> dict[str, Any]:
    return {"id": a.pk, "kind": a.kind, "kind_label": a.get_kind_display(),
            "severity": a.severity, "organization_id": a.organization_id,
            "organization": a.organization.name, "subject": a.subject_label, "url": a.url,
            "detail": a.detail, "citation": a.basis, "first_seen": a.first_seen,
            "last_seen": a.last_seen, "resolved_on": a.resolved_on}  # fmt: skip


def _score(s: BranchScore) -> dict[str, Any]:
    return {"organization_id": s.organization_id, "organization": s.organization.name,
            "month": s.month, "score": s.score, "grade": s.grade,
            "open_alerts": s.open_alerts}  # fmt: skip


@router.get("", response={200: list[AlertOut], **ALERT_ERRORS}, summary="预警清单")
@paginate(BoundedPageNumberPagination)
def list_alerts(request: HttpRequest, filters: Query[AlertQuery]) -> Any:
    """The alerts of the caller's scope, newest first."""
    wanted = selectors.AlertFilters.parse({"kind": filters.kind or "", "severity": filters.severity or "",
                                           "state": filters.state,
                                           "org": str(filters.organization_id or "")})  # fmt: skip
    return _Rows(selectors.alert_list(_manager(request), wanted))


class _Rows:
    """A list as the paginator slices it: only the page's rows are read and converted."""

    def __init__(self, rows: Any, convert: Any = None) -> None:
        self.rows, self.convert = rows, convert or _alert

    def __len__(self) -> int:
        return int(self.rows.count())

    def count(self) -> int:
        return len(self)

    def __getitem__(self, window: slice) -> list[dict[str, Any]]:
        return [self.convert(a) for a in self.rows[window]]


@router.get("/scores", response={200: list[ScoreOut], **ALERT_ERRORS}, summary="党支部健康分")
@paginate(BoundedPageNumberPagination)
def scores(request: HttpRequest) -> Any:
    """The latest month's score of each branch of the caller's scope, lowest first."""
    return _Rows(selectors.latest_scores(_manager(request)), _score)


@router.get("/scores/{organization_id}", response={200: list[ScoreOut], **ALERT_ERRORS},
            summary="党支部健康分月度趋势")  # fmt: skip
def score_trend(request: HttpRequest, organization_id: Id) -> Any:
    """One branch's stored monthly scores, oldest first (the last twelve)."""
    return [_score(s) for s in selectors.score_trend(_manager(request), organization_id)]
