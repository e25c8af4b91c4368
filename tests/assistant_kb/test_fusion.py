"""Reciprocal rank fusion."""

import pytest

from dangjian.assistant.kb.fusion import reciprocal_rank_fusion


def test_item_ranked_well_by_both_lists_wins() -> None:
    fused = reciprocal_rank_fusion([[1, 2, 3], [2, 3, 4]], k=60)
    assert [item for item, _ in fused] == [2, 3, 1, 4]
    scores = dict(fused)
    assert scores[2] == pytest.approx(1 / 62 + 1 / 61)
    assert scores[1] == pytest.approx(1 / 61)
    assert scores[4] == pytest.approx(1 / 63)


def test_single_ranking_keeps_its_order() -> None:
    assert [i for i, _ in reciprocal_rank_fusion([[7, 3, 9]])] == [7, 3, 9]


def test_ties_keep_the_earlier_first_appearance() -> None:
    # 5 and 8 are both first in one list: the first list's item comes first.
    assert [i for i, _ in reciprocal_rank_fusion([[5], [8]])] == [5, 8]


def test_empty_and_invalid_input() -> None:
    assert reciprocal_rank_fusion([]) == []
    assert reciprocal_rank_fusion([[], []]) == []
    with pytest.raises(ValueError, match="不能为负数"):
        reciprocal_rank_fusion([[1]], k=-1)
