"""/api/screen: the big screen's panels and the list behind each figure, through the same
selectors as ``/screen/data`` and ``/screen/list`` (scoped to the caller; an organisation
outside the scope answers 404). ``date`` is the statistical day (today when absent); a bad
or future one is a 400 naming the field in Chinese."""

# No postponed annotations here: ninja reads the view signatures (Query[...]) at import time.
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from dangjian.api.auth import current_user
from dangjian.api.pagination import BoundedPageNumberPagination
from dangjian.api.schemas import READ_ERRORS, ErrorOut
from dangjian.api.types import Id
from dangjian.core.errors import InvalidInput
from dangjian.screen.frames import Frame
from dangjian.screen.selectors import drill_list, parse_on, screen_data, screen_frame

router = Router(tags=["党建一张屏"])
SCREEN_ERRORS: dict[int, Any] = {**READ_ERRORS, 400: ErrorOut, 403: ErrorOut}


class ScreenQuery(Schema):
    org: Id | None = Field(None, description="党组织（含下级）；不填为本人可查看的最上级党组织")
    date: str = Field(
        "", max_length=40, description="统计日期（YYYY-MM-DD，不晚于今天；不填为今天）"
    )


class ListQuery(ScreenQuery):
    panel: str = Field(..., max_length=40, description="面板代码（见 /api/screen/panels 的 code）")
    key: str = Field(..., max_length=80, description="数字的代码（见面板 bars 的 key）")


class BarOut(Schema):
    key: str
    label: str
    count: int = Field(..., description="人数或党组织数，等于其名单的条数")
    total: int | None = Field(None, description="比率的分母（如党费应缴人数）")


class PanelOut(Schema):
    code: str
    title: str
    chart: str = Field(..., description="图形：bar、hbar、pie、line、funnel、rate、numbers")
    note: str
    bars: list[BarOut]


class ChildOut(Schema):
    id: int
    name: str
    kind: str
    members: int


class ScreenOut(Schema):
    organization_id: int
    organization_name: str
    on: str = Field(..., description="统计日期")
    total: int = Field(..., description="党员总数")
    parent_id: int | None = Field(None, description="可返回的上级党组织")
    children: list[ChildOut]
    panels: list[PanelOut]


class ListRowOut(Schema):
    name: str
    organization: str
    detail: str
    url: str = Field(..., description="对象所在页面（调用者无权查看时为空）")


def frame_of(request: HttpRequest, query: ScreenQuery) -> Frame:
    """The frame asked for: the caller, the organisation (or their topmost), the day; a bad
    day is an HTTP 400 with the Chinese message naming 统计日期."""
    try:
        on = parse_on(query.date, timezone.localdate())
    except InvalidInput as exc:
        raise HttpError(400, "；".join(m for ms in exc.errors.values() for m in ms)) from None
    return screen_frame(current_user(request), query.org, on)


@router.get("/panels", response={200: ScreenOut, **SCREEN_ERRORS}, summary="一张屏各面板数据")
def panels(request: HttpRequest, query: Query[ScreenQuery]) -> Any:
    """Every panel of the screen for the subtree on the day, with its children."""
    return screen_data(frame_of(request, query)).as_json()


@router.get("/list", response={200: list[ListRowOut], **SCREEN_ERRORS}, summary="数字背后的名单")
@paginate(BoundedPageNumberPagination)
def figure_list(request: HttpRequest, query: Query[ListQuery]) -> Any:
    """The people or organisations behind one figure (``count`` equals the figure)."""
    return drill_list(frame_of(request, query), query.panel, query.key).rows
