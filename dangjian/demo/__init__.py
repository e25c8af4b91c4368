"""Realistic demo data: an enterprise modelled on a county power-supply company.

``load_demo`` plans the organisations and members from a seed and loads them, through the
services (every member's history is real: joining, confirmation, transfers, floating, lost
contact) or, for large numbers, through a bulk path that writes the same rows in batches.
All demo users share one password, ``DEFAULT_PASSWORD`` unless another is given.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from dangjian.demo.plan import DemoParams, DemoPlan
from dangjian.demo.users import DEFAULT_PASSWORD, DEMO_USERNAMES, demo_logins

BULK_THRESHOLD = 20_000  # more members than this load through the bulk path


@dataclass(frozen=True)
class DemoSummary:
    organisations: int
    members: int
    positions: int
    bulk: bool


def load_demo(
    *,
    members: int = 1500,
    organisations: int = 130,
    seed: int = 42,
    mix: str = "soe",
    password: str = DEFAULT_PASSWORD,
    bulk: bool | None = None,
    today: date | None = None,
    progress: bool = False,
) -> DemoSummary:
    """Plan and load the demo into an empty database; ``bulk=None`` chooses by size."""
    params = DemoParams(
        today=today or timezone.localdate(),
        members=members,
        organisations=organisations,
        seed=seed,
        mix=mix,
    )
    plan = DemoPlan(params)
    use_bulk = members > BULK_THRESHOLD if bulk is None else bulk
    if use_bulk:
        from dangjian.demo.bulk import load_in_bulk

        result = load_in_bulk(plan, password=password, progress=progress)
    else:
        from dangjian.demo.load import load_with_services

        result = load_with_services(plan, password=password)
    return DemoSummary(result.organisations, result.members, result.positions, use_bulk)


__all__ = ["DEFAULT_PASSWORD", "DEMO_USERNAMES", "DemoSummary", "demo_logins", "load_demo"]
