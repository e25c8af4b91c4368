"""What a 党委 keeps for 发展党员 besides the steps: its annual plan (DEV-28, 控制总量) and its
ranges of 入党志愿书 numbers (DEV-30). Both are set by the 党委's administrators
(``accounts.access.may_decide_for_committee``), validated (each fault names its field, nothing
half-written) and audited; every door (the pages, a command) calls these.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from dangjian.accounts.access import may_decide_for_committee, require
from dangjian.core.actor import Actor
from dangjian.core.audit import audit
from dangjian.core.errors import InvalidInput
from dangjian.development.models import AnnualPlan, FormNumberRange
from dangjian.orgs.models import Organization
from dangjian.rules.development.forms import NumberRange
from dangjian.rules.organization import OrgKind

NOT_A_COMMITTEE = "发展党员计划和入党志愿书编号段由具有审批权限的基层党委管理，请选择基层党委"
NOT_YOUR_COMMITTEE = "无权管理该党委的发展党员计划和入党志愿书编号段"
YEARS = (2000, 2100)
QUOTA_MAX = 100_000
WIDTH_RANGE = (1, 18)


def _committee(actor: Actor, organization_id: int) -> Organization:
    """The 党委 ``organization_id`` if ``actor`` decides for it.

    A missing organisation or one that is not a 基层党委 is bad input on ``organization_id``;
    a 党委 the actor does not administer is ``PermissionDenied`` (a branch secretary never
    keeps the 党委's plan or numbers)."""
    committee = Organization.objects.filter(pk=organization_id).first()
    if committee is None:
        raise InvalidInput.one("organization_id", "未找到该党组织")
    if actor is not None:
        require(may_decide_for_committee(actor, committee), NOT_YOUR_COMMITTEE)
    if committee.kind != OrgKind.COMMITTEE.value:
        raise InvalidInput.one("organization_id", NOT_A_COMMITTEE)
    return committee


@transaction.atomic
def annual_plan_set(*, actor: Actor, organization_id: int, year: int, quota: int) -> AnnualPlan:
    """Set (or change) the 党委's plan of admissions for ``year`` (DEV-28).

    Raises ``InvalidInput`` naming ``year`` (2000..2100), ``quota`` (0..100000) or
    ``organization_id`` (not a 基层党委); ``PermissionDenied`` for a 党委 ``actor`` does not
    administer. The audit row keeps the quota before and after.
    """
    committee = _committee(actor, organization_id)
    errors: dict[str, list[str]] = {}
    if not YEARS[0] <= year <= YEARS[1]:
        errors["year"] = [f"年度应在{YEARS[0]}至{YEARS[1]}之间"]
    if not 0 <= quota <= QUOTA_MAX:
        errors["quota"] = [f"计划发展党员数应在0至{QUOTA_MAX}之间"]
    if errors:
        raise InvalidInput(errors)
    plan = AnnualPlan.objects.select_for_update().filter(organization=committee, year=year).first()
    before = None if plan is None else {"quota": plan.quota}
    if plan is None:
        plan = AnnualPlan.objects.create(organization=committee, year=year, quota=quota)
    else:
        plan.quota = quota
        plan.save(update_fields=["quota"])
    audit(actor=actor, action="development.plan_set", obj=plan, before=before,
          after={"organization": committee.pk, "year": year, "quota": quota},
          detail=f"{committee.name}{year}年发展党员计划{quota}名")  # fmt: skip
    return plan


@transaction.atomic
def form_number_range_add(
    *, actor: Actor, organization_id: int, first: int, last: int, width: int = 10
) -> FormNumberRange:
    """Register a range of 入党志愿书 numbers the 党委 received (DEV-30).

    ``first``..``last`` (both included) printed with ``width`` digits. Raises ``InvalidInput``
    naming ``first``/``last`` (order, negative, overlap with any registered range: a number is
    issued once in the whole platform) or ``width`` (1..18, long enough for ``last``);
    ``PermissionDenied`` for a 党委 ``actor`` does not administer.
    """
    committee = _committee(actor, organization_id)
    numbers = _checked_range(first, last, width)
    # Lock the rows that would collide, so two administrators adding the same range at once
    # cannot both pass; a range that appears meanwhile without overlapping is harmless.
    overlapping = (
        FormNumberRange.objects.select_for_update()
        .filter(Q(first__lte=numbers.last) & Q(last__gte=numbers.first))
        .select_related("organization")
        .first()
    )
    if overlapping is not None:
        other = NumberRange(int(overlapping.first), int(overlapping.last), int(overlapping.width))
        raise InvalidInput.one(
            "first",
            f"编号段与{overlapping.organization.name}已登记的编号段{other.text}重叠，"
            "每个志愿书编号只能发放一次（《中国共产党发展党员工作细则》第四十二条）",
        )
    row = FormNumberRange.objects.create(
        organization=committee, first=numbers.first, last=numbers.last, width=numbers.width
    )
    audit(actor=actor, action="development.form_range_add", obj=row,
          after={"organization": committee.pk, "first": first, "last": last, "width": width},
          detail=f"{committee.name}登记入党志愿书编号段{numbers.text}")  # fmt: skip
    return row


def _checked_range(first: int, last: int, width: int) -> NumberRange:
    """The range as the rules layer holds it, every fault named by its field."""
    errors: dict[str, list[str]] = {}
    if first < 0:
        errors["first"] = ["起始号不能为负数"]
    if last < 0:
        errors["last"] = ["终止号不能为负数"]
    if not WIDTH_RANGE[0] <= width <= WIDTH_RANGE[1]:
        errors["width"] = [f"位数应在{WIDTH_RANGE[0]}至{WIDTH_RANGE[1]}之间"]
    if not errors and first > last:
        errors["last"] = [f"终止号{last}应不小于起始号{first}"]
    if not errors and len(str(last)) > width:
        errors["width"] = [f"终止号{last}有{len(str(last))}位，超过位数{width}"]
    if errors:
        raise InvalidInput(errors)
    return NumberRange(first, last, width)
