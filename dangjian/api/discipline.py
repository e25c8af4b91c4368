"""/api/discipline: Party sanctions (DISC-1), listed, recorded and corrected.

Adapters over the same service (``discipline.services``) and scoped selectors as the pages: a
member outside the caller's organisations answers 404 (as a missing one); a member the caller
sees but may not record sanctions for (``accounts.access.may_record_sanction``) answers 403; a
refusal is a Chinese 4xx naming the field.
"""

# No postponed annotations here: ninja reads the view signatures at import time.
from datetime import date
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import StrictBool

from dangjian.accounts.access import (
    access_member,
    may_read_sanctions_register,
    may_record_sanction,
    require,
)
from dangjian.api.auth import current_user
from dangjian.api.pagination import BoundedPageNumberPagination
from dangjian.api.present import Presented
from dangjian.api.schemas import ERRORS, READ_ERRORS, ErrorOut, InputSchema
from dangjian.api.types import Id, Name, PlausibleDate, RequiredText, Text
from dangjian.core.actor import Actor
from dangjian.discipline import services
from dangjian.discipline.inputs import SanctionInput
from dangjian.discipline.models import SanctionRecord
from dangjian.discipline.selectors import recordable_sanctions, sanction_row
from dangjian.dynamics.standing_selectors import sanctions_register

router = Router(tags=["党纪处分"])

KindCode = Annotated[
    str, Field(pattern="^(warning|serious_warning|removal_from_post|probation_in_party|expulsion)$")
]
REGISTER_ONLY = "党纪处分登记仅供党委（党总支）组织部门查看"
NOT_YOURS = "无权查看或记录该党员的党纪处分"


class SanctionIn(InputSchema):
    kind: KindCode = Field(
        ..., description="处分种类：warning 警告、serious_warning 严重警告、removal_from_post "
        "撤销党内职务、probation_in_party 留党察看、expulsion 开除党籍",
    )  # fmt: skip
    decided_on: PlausibleDate = Field(..., description="处分决定日期（不晚于今天）")
    deciding_org: Name = Field(..., max_length=120, description="作出处分决定的组织")
    reason: RequiredText = Field(..., max_length=500, description="处分事由")
    document_number: Text = Field("", max_length=80, description="处分决定文号（同一党员不重复）")
    term_months: int | None = Field(
        None,
        ge=1,
        le=120,
        description="留党察看期限（月）：12或24（一年期延长一年为24），其他处分不填",
    )
    restored_on: PlausibleDate | None = Field(
        None, description="恢复党员权利日期（仅留党察看，不早于察看期满）"
    )


class SanctionRecordIn(SanctionIn):
    with_exit: StrictBool = Field(True, description="开除党籍的同时登记出党（其他处分忽略）")


class SanctionCorrectIn(SanctionIn):
    correction_reason: RequiredText = Field(..., max_length=300, description="更正原因")


class SanctionOut(Schema):
    id: int
    member_id: int
    member_name: str
    organization_name: str
    kind: str
    kind_label: str
    decided_on: date
    deciding_org: str
    document_number: str
    reason: str
    term_months: int | None
    restored_on: date | None
    period_start: date | None = Field(..., description="处分期（影响期）起始日")
    period_last: date | None = Field(..., description="处分期（影响期）最后一日；开除党籍为空")
    rights: str = Field(..., description="期内限制及依据")
    current: bool = Field(..., description="今天处于处分期内")


def sanction_out(record: SanctionRecord) -> dict[str, Any]:
    """One record with its derived period (DISC-1) as of today."""
    row = sanction_row(record, timezone.localdate())
    return {
        "id": record.pk, "member_id": record.member_id, "member_name": record.member.name,
        "organization_name": record.member.organization.name, "kind": record.kind,
        "kind_label": record.get_kind_display(), "decided_on": record.decided_on,
        "deciding_org": record.deciding_org, "document_number": record.document_number,
        "reason": record.reason, "term_months": record.term_months,
        "restored_on": record.restored_on, "period_start": row.period_start,
        "period_last": row.period_last, "rights": row.rights, "current": row.current,
    }  # fmt: skip


def _input(payload: SanctionIn) -> SanctionInput:
    return SanctionInput(
        kind=payload.kind, decided_on=payload.decided_on, deciding_org=payload.deciding_org,
        reason=payload.reason, document_number=payload.document_number,
        term_months=payload.term_months, restored_on=payload.restored_on,
    )  # fmt: skip


def _allowed_member(user: Actor, member_id: int) -> None:
    """404 outside the caller's scope, 403 for a member the caller sees but may not record."""
    require(may_record_sanction(user, access_member(user, member_id)), NOT_YOURS)


def _shown(user: Actor, record: SanctionRecord) -> dict[str, Any]:
    found = recordable_sanctions(user, record.member_id).select_related(
        "member", "member__organization").get(pk=record.pk)  # fmt: skip
    return sanction_out(found)


@router.get(
    "/sanctions",
    response={200: list[SanctionOut], **READ_ERRORS, 403: ErrorOut},
    summary="党纪处分登记（分页）",
)
@paginate(BoundedPageNumberPagination)
def list_register(request: HttpRequest) -> Any:
    """Every sanction of the caller's subtree, newest first: organisation administrators."""
    user = current_user(request)
    require(may_read_sanctions_register(user), REGISTER_ONLY)
    return Presented(sanctions_register(user), sanction_out)


@router.get(
    "/members/{member_id}/sanctions",
    response={200: list[SanctionOut], **READ_ERRORS, 403: ErrorOut},
    summary="某党员的党纪处分",
)
def list_member(request: HttpRequest, member_id: Id) -> Any:
    user = current_user(request)
    _allowed_member(user, member_id)
    records = recordable_sanctions(user, member_id).select_related("member__organization")
    return [sanction_out(r) for r in records]


@router.post(
    "/members/{member_id}/sanctions", response={201: SanctionOut, **ERRORS}, summary="记录党纪处分"
)
def record(request: HttpRequest, member_id: Id, payload: SanctionRecordIn) -> Any:
    """A 开除党籍 also records the member's exit (unless ``with_exit`` is false); a 撤销党内职务
    ends the member's party posts."""
    user = current_user(request)
    created = services.sanction_record(
        actor=user, member_id=member_id, data=_input(payload), with_exit=payload.with_exit
    )
    return Status(201, _shown(user, created))


@router.post(
    "/sanctions/{sanction_id}/correct",
    response={200: SanctionOut, **ERRORS},
    summary="更正党纪处分",
)
def correct(request: HttpRequest, sanction_id: Id, payload: SanctionCorrectIn) -> Any:
    user = current_user(request)
    existing = SanctionRecord.objects.filter(pk=sanction_id).only("member_id").first()
    if existing is None:
        raise Http404("未找到该处分记录")
    _allowed_member(user, existing.member_id)
    corrected = services.sanction_correct(
        actor=user, sanction_id=sanction_id, data=_input(payload),
        correction_reason=payload.correction_reason,
    )  # fmt: skip
    return _shown(user, corrected)
