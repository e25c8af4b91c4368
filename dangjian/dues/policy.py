"""The deployment's dues settings: the stored row, the pure ``DuesSettings``, and changing them
(which derives the payroll bases again, ``dangjian.dues.bases``). The stable key of a set of
settings is in ``dangjian.dues.settings_key``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from dangjian.core.actor import Actor, acting_user
from dangjian.core.audit import audit
from dangjian.core.errors import InvalidInput
from dangjian.dues.bases import bases_rederive
from dangjian.dues.models import DuesPolicy
from dangjian.rules.dues import DuesSettings, Rounding


def current_policy() -> DuesPolicy:
    """The settings row; the defaults of RULES.md until a system administrator changes them."""
    policy, _ = DuesPolicy.objects.get_or_create(pk=1)
    return policy


def to_settings(policy: DuesPolicy) -> DuesSettings:
    return DuesSettings(
        reading_2017=policy.reading_2017,
        monthly_cap=Decimal(policy.monthly_cap) if policy.cap_enabled else None,
        rounding=Rounding(policy.rounding),
        fixed_yearly=policy.fixed_yearly,
        farmer_amount=Decimal(policy.farmer_amount).quantize(Decimal("0.01")),
    )


def current_settings() -> DuesSettings:
    return to_settings(current_policy())


POLICY_FIELDS = (
    "reading_2017",
    "cap_enabled",
    "monthly_cap",
    "rounding",
    "fixed_yearly",
    "farmer_amount",
)


@transaction.atomic
def policy_update(*, actor: Actor, values: dict[str, Any]) -> DuesPolicy:
    """Change the settings. Bases derived from payroll are derived again under the new reading;
    unpaid rows of open months follow at the next ledger generation."""
    policy = DuesPolicy.objects.select_for_update().get(pk=current_policy().pk)
    before = {f: str(getattr(policy, f)) for f in POLICY_FIELDS}
    for field in POLICY_FIELDS:
        if field in values:
            setattr(policy, field, values[field])
    try:
        new_settings = to_settings(policy)
    except ValueError as exc:
        raise InvalidInput.one("farmer_amount", str(exc)) from None
    policy.updated_by = acting_user(actor)
    policy.save()
    after = {f: str(getattr(policy, f)) for f in POLICY_FIELDS}
    if after != before:
        audit(actor=actor, action="dues.policy", obj=policy, before=before, after=after)
        bases_rederive(settings=new_settings)
    return policy
