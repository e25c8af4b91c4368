"""Reciprocal rank fusion: merge rankings without comparing their incomparable scores."""

from __future__ import annotations

from collections.abc import Sequence


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[int]], k: int = 60
) -> list[tuple[int, float]]:
    """Score each item by the sum of 1/(k + rank) over the rankings it appears in (rank from 1)."""
    if k < 0:
        raise ValueError("融合参数 k 不能为负数")
    fused: dict[int, float] = {}
    first_seen: dict[int, tuple[int, int]] = {}
    for which, ranking in enumerate(rankings):
        for rank, item in enumerate(ranking, start=1):
            fused[item] = fused.get(item, 0.0) + 1.0 / (k + rank)
            first_seen.setdefault(item, (rank, which))
    # Ties go to the item ranked higher first, so equal fusions keep a stable, sensible order.
    return sorted(fused.items(), key=lambda pair: (-pair[1], first_seen[pair[0]]))
