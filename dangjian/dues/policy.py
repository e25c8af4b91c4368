"""The deployment's dues settings: the stored row, the pure ``DuesSettings``, and a stable key.

The key names the settings a stored amount was computed under, so an amount computed under one
set of settings is never reused under another, and the explanation can be rebuilt exactly.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from dangjian.accounts.actor import Actor, acting_user
from dangjian.core.audit import audit
from dangjian.core.errors import InvalidInput
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


def settings_key(s: DuesSettings) -> str:
    """ "r1|c1000.00|half_up_fen|f1|a0.50": every field of the settings, in a fixed order."""
    cap = "-" if s.monthly_cap is None else f"{s.monthly_cap:.2f}"
    return (
        f"r{int(s.reading_2017)}|c{cap}|{s.rounding.value}|f{int(s.fixed_yearly)}"
        f"|a{s.farmer_amount:.2f}"
    )


def settings_from_key(key: str) -> DuesSettings:
    reading, cap, rounding, fixed, farmer = key.split("|")
    return DuesSettings(
        reading_2017=reading == "r1",
        monthly_cap=None if cap == "c-" else Decimal(cap[1:]),
        rounding=Rounding(rounding),
        fixed_yearly=fixed == "f1",
        farmer_amount=Decimal(farmer[1:]),
    )


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
    from dangjian.dues.bases import bases_rederive

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
