"""/api/members: the member archive. Adapters: parse, check scope, call one service or selector."""

# No postponed annotations here: ninja reads the view signatures (Query[...]) at import time.
from dataclasses import replace
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from dangjian.accounts.access import (
    access_member,
    access_organization,
    may_manage_member,
    may_reveal,
    require,
)
from dangjian.api.auth import current_user
from dangjian.api.member_schemas import (
    AsOfQuery,
    HistoryOut,
    MemberAsOfOut,
    MemberChangeIn,
    MemberFilterQuery,
    MemberIn,
    MemberOut,
    MemberPatchIn,
    MemberSummaryOut,
)
from dangjian.api.pagination import BoundedPageNumberPagination
from dangjian.api.present import (
    Presented,
    member_as_of_detail,
    member_detail,
    member_history,
    member_summary,
)
from dangjian.api.schemas import ERRORS, READ_ERRORS
from dangjian.api.types import Id
from dangjian.core.actor import Actor
from dangjian.core.errors import InvalidInput
from dangjian.members import selectors, services
from dangjian.members.inputs import MemberInput, member_input_of
from dangjian.members.models import Member

router = Router(tags=["党员档案"])


def _detail(user: Actor, member: Member) -> dict[str, Any]:
    """The record as this user may see it; showing full numbers is audited (member_reveal)."""
    revealed = None
    if may_reveal(user, member):
        revealed = {
            field: services.member_reveal(actor=user, member=member, field=field)
            for field in services.PERSONAL_FIELDS
        }
    return member_detail(member, timezone.localdate(), revealed=revealed)


@router.get(
    "", response={200: list[MemberSummaryOut], **READ_ERRORS}, summary="党员列表（可筛选，分页）"
)
@paginate(BoundedPageNumberPagination)
def list_members(request: HttpRequest, filters: Query[MemberFilterQuery]) -> Any:
    """Only members the caller may see; the filters are those of the member list page."""
    user = current_user(request)
    if filters.organization_id:
        access_organization(user, filters.organization_id)
    search = selectors.MemberFilters(**filters.model_dump(exclude_none=True))
    today = timezone.localdate()
    qs = selectors.member_search(user, search, today)
    return Presented(qs, lambda member: member_summary(member, today))


@router.get("/{member_id}", response={200: MemberOut, **READ_ERRORS}, summary="党员档案")
def get_member(request: HttpRequest, member_id: Id) -> Any:
    """ID and phone numbers are masked unless the caller may see them in full."""
    user = current_user(request)
    return _detail(user, access_member(user, member_id))


@router.get(
    "/{member_id}/history", response={200: HistoryOut, **READ_ERRORS}, summary="档案变动记录"
)
def member_history_view(request: HttpRequest, member_id: Id) -> Any:
    member = access_member(current_user(request), member_id)
    return member_history(member, list(selectors.member_timeline(member)))


@router.get(
    "/{member_id}/as-of", response={200: MemberAsOfOut, **READ_ERRORS}, summary="某日的档案"
)
def member_as_of(request: HttpRequest, member_id: Id, query: Query[AsOfQuery]) -> Any:
    """The archive as it stood on ``date``: organisation, status, stage, category, flags."""
    member = access_member(current_user(request), member_id)
    if query.date > timezone.localdate():
        raise InvalidInput.one("date", "查询日期不能晚于今天")
    past = selectors.member_as_of(member, query.date)
    if past is None:
        raise HttpError(404, f"{query.date:%Y年%m月%d日}该党员尚未建档")
    return member_as_of_detail(past, query.date)


@router.post("", response={201: MemberOut, **ERRORS}, summary="新建党员档案")
def create_member(request: HttpRequest, payload: MemberIn) -> Any:
    user = current_user(request)
    data = MemberInput(**payload.model_dump())
    member = services.member_create(actor=user, data=data)
    return Status(201, _detail(user, member))


@router.patch("/{member_id}", response={200: MemberOut, **ERRORS}, summary="修改党员档案")
def update_member(request: HttpRequest, member_id: Id, payload: MemberPatchIn) -> Any:  # type: ignore[valid-type]
    """Only the fields sent change; each changed group of fields is recorded as an event."""
    user = current_user(request)
    member = access_member(user, member_id)
    require(may_manage_member(user, member), "无权修改该党员档案")
    sent = payload.model_dump(exclude_unset=True)  # type: ignore[attr-defined]
    reason = sent.pop("reason", None) or "修改档案"
    data = replace(member_input_of(member), **sent)
    updated = services.member_update(actor=user, member_id=member.pk, data=data, reason=reason)
    return _detail(user, access_member(user, updated.pk))


@router.post(
    "/{member_id}/changes", response={200: MemberOut, **ERRORS}, summary="组织关系与状态变动"
)
def change_member(request: HttpRequest, member_id: Id, payload: MemberChangeIn) -> Any:  # type: ignore[valid-type]
    """An effective-dated change (transfer, standing status, dues category, flags)."""
    user = current_user(request)
    member = access_member(user, member_id)
    require(may_manage_member(user, member), "无权变动该党员")
    changes = payload.model_dump(exclude_unset=True, exclude={"effective_on", "reason"})  # type: ignore[attr-defined]
    services.member_change(
        actor=user,
        member_id=member.pk,
        changes=changes,
        effective_on=payload.effective_on,  # type: ignore[attr-defined]
        reason=payload.reason,  # type: ignore[attr-defined]
        typed=True,
    )
    return _detail(user, access_member(user, member.pk))
