"""/api/organizations: the organisation tree. Adapters: parse, check scope, call one service."""

# No postponed annotations here: ninja reads the view signatures (Query[...]) at import time.
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status
from ninja.pagination import paginate

from dangjian.accounts.access import (
    access_organization,
    may_add_top_level_organization,
    may_manage_org,
    require,
)
from dangjian.api.auth import current_user
from dangjian.api.member_schemas import AsOfQuery
from dangjian.api.org_schemas import (
    MembersOnOut,
    OrgFilterQuery,
    OrgIn,
    OrgOut,
    OrgPatchIn,
    OrgSummaryOut,
)
from dangjian.api.pagination import BoundedPageNumberPagination
from dangjian.api.present import Presented, org_detail, org_summary
from dangjian.api.queries import organization_list
from dangjian.api.schemas import ERRORS, READ_ERRORS
from dangjian.api.types import Id
from dangjian.core.actor import Actor
from dangjian.core.errors import InvalidInput
from dangjian.members.selectors import count_members_as_of
from dangjian.orgs import selectors, services
from dangjian.orgs.models import Organization
from dangjian.orgs.services import OrgInput
from dangjian.rules.organization import OrgKind, structure_warnings

router = Router(tags=["党组织"])


def _detail(org: Organization) -> dict[str, Any]:
    facts = selectors.org_facts(org)
    warnings = structure_warnings(facts) if org.kind != OrgKind.GROUP else []
    return org_detail(org, facts, warnings)


def _may_create_under(user: Actor, parent_id: int | None) -> bool:
    if may_add_top_level_organization(user):
        return True  # a missing parent is reported by the service, naming the field
    if parent_id is None:
        return False  # only system administrators add top-level committees
    return may_manage_org(user, access_organization(user, parent_id))


def _org_input(values: dict[str, Any]) -> OrgInput:
    return OrgInput(**{**values, "unit_type": values.get("unit_type") or ""})


def _current_input(org: Organization) -> dict[str, Any]:
    names = OrgInput.__dataclass_fields__
    return {name: getattr(org, name) for name in names if name != "parent_id"} | {"parent_id": None}


@router.get(
    "", response={200: list[OrgSummaryOut], **READ_ERRORS}, summary="党组织列表（可筛选，分页）"
)
@paginate(BoundedPageNumberPagination)
def list_organizations(request: HttpRequest, filters: Query[OrgFilterQuery]) -> Any:
    """Only organisations the caller may see, in tree order."""
    qs = organization_list(current_user(request), **filters.model_dump())
    return Presented(qs, org_summary)


@router.get("/{org_id}", response={200: OrgOut, **READ_ERRORS}, summary="党组织详情与设置检查")
def get_organization(request: HttpRequest, org_id: Id) -> Any:
    """Member counts of the subtree and where the set-up departs from ORG-1..ORG-4."""
    return _detail(access_organization(current_user(request), org_id))


@router.get(
    "/{org_id}/members-on", response={200: MembersOnOut, **READ_ERRORS}, summary="某日的党员人数"
)
def members_on(request: HttpRequest, org_id: Id, query: Query[AsOfQuery]) -> Any:
    """Members in good standing in the subtree on ``date``, as the tree stood that day."""
    user = current_user(request)
    org = access_organization(user, org_id)
    if query.date > timezone.localdate():
        raise InvalidInput.one("date", "查询日期不能晚于今天")
    count = count_members_as_of(user, org, query.date)
    return {"organization_id": org.pk, "date": query.date, "count": count}


@router.post("", response={201: OrgOut, **ERRORS}, summary="新建党组织")
def create_organization(request: HttpRequest, payload: OrgIn) -> Any:
    user = current_user(request)
    require(_may_create_under(user, payload.parent_id), "无权在该党组织下新建党组织")
    org = services.org_create(actor=user, data=_org_input(payload.model_dump()))
    return Status(201, _detail(org))


@router.patch("/{org_id}", response={200: OrgOut, **ERRORS}, summary="修改党组织")
def update_organization(request: HttpRequest, org_id: Id, payload: OrgPatchIn) -> Any:  # type: ignore[valid-type]
    """Only the fields sent change; the parent is changed by moving the subtree instead."""
    user = current_user(request)
    org = access_organization(user, org_id)
    require(may_manage_org(user, org), "无权修改该党组织")
    sent = payload.model_dump(exclude_unset=True)  # type: ignore[attr-defined]
    data = _org_input({**_current_input(org), **sent})
    updated = services.org_update(actor=user, org_id=org.pk, data=data)
    return _detail(updated)
