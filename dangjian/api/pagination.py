"""Page-number pagination whose page stays within what a database offset can hold."""

from __future__ import annotations

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

from dangjian.core.bounds import ID_MAX

# A million pages of up to 100 lines: more than any archive holds, well within an offset.
MAX_PAGE = 1_000_000


class BoundedPageNumberPagination(PageNumberPagination):
    """ninja's page numbers, with an upper bound (a page past it is a 422, not a 500)."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="页码")
        page_size: int | None = Field(
            None, ge=1, le=ID_MAX, description="每页条数（最多100，超过按100计）"
        )
