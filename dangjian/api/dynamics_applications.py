"""API of members' own transfer applications, for the sending branch (MEM-2): list those
waiting, start the transfer from one, or refuse it with a reason. The same services as the
page (``dynamics.applications``); mounted beside the 党员动态 router, under /api/dynamics."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from dangjian.api.auth import current_user
from dangjian.api.dynamics import ReasonIn, TransferOut, transfer_out
from dangjian.api.schemas import ERRORS, READ_ERRORS, InputSchema
from dangjian.api.types import Id, PlausibleDate
from dangjian.dynamics.application_models import TransferApplication
from dangjian.dynamics.applications import (
    pending_applications,
    transfer_application_refuse,
    transfer_application_start,
)
from dangjian.dynamics.selectors import access_transfer

router = Router(tags=["党员动态"])


class ApplicationOut(Schema):
    id: int
    member_id: int
    member_name: str
    from_org_id: int
    from_org_name: str
    to_org_id: int
    to_org_name: str
    reason: str
    applied_on: date
    state: str = Field(..., description="pending 待党支部办理，started 已发起转接，refused 未同意")
    state_label: str
    refused_reason: str
    transfer_id: int | None = Field(..., description="由该申请发起的转接")


class ApplicationStartIn(InputSchema):
    effective_on: PlausibleDate | None = Field(None, description="转接日期（默认今天）")


def application_out(application: TransferApplication) -> dict[str, Any]:
    return {
        "id": application.pk, "member_id": application.member_id,
        "member_name": application.member.name, "from_org_id": application.from_org_id,
        "from_org_name": application.from_org.name, "to_org_id": application.to_org_id,
        "to_org_name": application.to_org.name, "reason": application.reason,
        "applied_on": application.applied_on, "state": application.state,
        "state_label": application.get_state_display(),
        "refused_reason": application.refused_reason, "transfer_id": application.transfer_id,
    }  # fmt: skip


@router.get(
    "/transfer-applications",
    response={200: list[ApplicationOut], **READ_ERRORS},
    summary="待办理的党员转接申请",
)
def list_applications(request: HttpRequest) -> Any:
    """Applications waiting for the caller's branches, oldest first (at most 200)."""
    return [application_out(a) for a in pending_applications(current_user(request))[:200]]


@router.post(
    "/transfer-applications/{application_id}/start",
    response={201: TransferOut, **ERRORS},
    summary="依申请发起组织关系转接",
)
def start_application(request: HttpRequest, application_id: Id, payload: ApplicationStartIn) -> Any:
    """The sending branch starts the transfer the member asked for; 409 once handled."""
    user = current_user(request)
    transfer = transfer_application_start(
        actor=user, application_id=application_id, effective_on=payload.effective_on
    )
    return Status(201, transfer_out(user, access_transfer(user, transfer.pk)))


@router.post(
    "/transfer-applications/{application_id}/refuse",
    response={200: ApplicationOut, **ERRORS},
    summary="答复转接申请未同意",
)
def refuse_application(request: HttpRequest, application_id: Id, payload: ReasonIn) -> Any:
    """The sending branch does not agree, with the reason the member reads; 409 once handled."""
    application = transfer_application_refuse(
        actor=current_user(request), application_id=application_id, reason=payload.reason
    )
    return application_out(application)


__all__ = ["router"]
