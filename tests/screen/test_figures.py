"""The big screen's figures: each equals the count of the list its drill-down opens, for two
scopes and two dates around a transfer, a confirmation and an exit (STAT-5: as of the day,
from history), and the as-of figures themselves."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.http import Http404
from django.utils import timezone

from dangjian.core.errors import InvalidInput
from dangjian.screen.frames import Frame, Panel
from dangjian.screen.selectors import drill_list, parse_on, screen_data, screen_frame
from tests.factories import make_member
from tests.screen.conftest import AFTER, BEFORE


def _panels(frame: Frame) -> dict[str, Panel]:
    return {p.code: p for p in screen_data(frame).panels}


def _figure(frame: Frame, panel: str, key: str) -> int:
    return next(b.count for b in _panels(frame)[panel].bars if b.key == key)


@pytest.mark.parametrize("on", [BEFORE, AFTER])
@pytest.mark.parametrize("who", ["sysadmin", "org_admin_general"])
def test_every_figure_equals_its_list(
    history: SimpleNamespace, request: pytest.FixtureRequest, who: str, on: date
) -> None:
    """Every figure of every panel (but the trend, whose list is the 历史党员名册 page and
    checked below, and the dues rate, whose list holds the month's whole ledger) has a
    drill-down list of exactly that many lines."""
    user: User = request.getfixturevalue(who)
    frame = screen_frame(user, None, on)
    checked = 0
    for panel in screen_data(frame).panels:
        if panel.code == "trend":
            continue
        for bar in panel.bars:
            rows = drill_list(frame, panel.code, bar.key).rows
            expected = bar.total if panel.code == "dues" else bar.count
            assert len(rows) == expected, (panel.code, bar.key)
            checked += 1
    assert checked > 40


def test_as_of_figures_follow_the_history(history: SimpleNamespace, sysadmin: User) -> None:
    """Before: 4 members (1 probationary) in the 党委; after: 3, all full (the exit gone, the
    transfer inside the subtree, the confirmation dated)."""
    before = screen_frame(sysadmin, history.root.pk, BEFORE)
    after = screen_frame(sysadmin, history.root.pk, AFTER)
    assert (screen_data(before).total, screen_data(after).total) == (4, 3)
    assert (_figure(before, "stage", "probationary"), _figure(after, "stage", "probationary")) == (
        1,
        0,
    )
    assert (
        _figure(before, "occupation", "manager") == 1
        and _figure(after, "occupation", "manager") == 0
    )
    names = [r.name for r in drill_list(before, "stage", "probationary").rows]
    assert names == ["预备"]
    assert _figure(before, "standing", "none") == 1 and _figure(after, "standing", "none") == 0


def test_a_subtree_as_of_a_day_before_and_after_a_transfer(
    history: SimpleNamespace, sysadmin: User
) -> None:
    """The 党总支 loses 调出 (moved to C, outside it) and 出党 (exit): 4 before, 2 after."""
    before = screen_frame(sysadmin, history.general.pk, BEFORE)
    after = screen_frame(sysadmin, history.general.pk, AFTER)
    assert (screen_data(before).total, screen_data(after).total) == (4, 2)
    assert _figure(before, "gender", "F") - _figure(after, "gender", "F") == 1
    assert [r.name for r in drill_list(before, "gender", "F").rows if r.name == "调出"] == ["调出"]
    assert "调出" not in [r.name for r in drill_list(after, "gender", "F").rows]


def test_trend_is_the_register_at_each_year_end(history: SimpleNamespace, sysadmin: User) -> None:
    frame = screen_frame(sysadmin, history.root.pk, AFTER)
    trend = _panels(frame)["trend"].bars
    assert [b.key for b in trend][-2:] == ["2023-12-31", AFTER.isoformat()]
    assert [b.count for b in trend][-2:] == [4, 3]


def test_secretary_sees_their_branch_only(
    history: SimpleNamespace, secretary_a: User, secretary_b: User
) -> None:
    """Without ``org`` the secretary's screen is their branch; another branch is 404. A past
    day counts the branch's register of that day (as the 历史党员名册 page does): 调出, moved
    away since, was in it before the move."""
    frame = screen_frame(secretary_a, None, BEFORE)
    assert frame.root == history.branch_a
    assert screen_data(frame).total == 3
    assert [r.name for r in drill_list(frame, "stage", "probationary").rows] == ["预备"]
    assert screen_data(screen_frame(secretary_a, None, AFTER)).total == 2
    with pytest.raises(Http404):
        screen_frame(secretary_a, history.branch_b.pk, BEFORE)
    with pytest.raises(Http404):
        screen_frame(secretary_b, history.root.pk, BEFORE)


def test_on_refuses_a_future_day_and_garbage_naming_the_field() -> None:
    today = date(2026, 1, 1)
    assert parse_on("", today) == today
    assert parse_on("2025-12-31", today) == date(2025, 12, 31)
    for text in ("2026-01-02", "2026-13-01", "明天", "1800-01-01"):
        with pytest.raises(InvalidInput) as caught:
            parse_on(text, today)
        assert "统计日期" in caught.value.errors["on"][0]


def test_an_unknown_panel_or_key_is_404(history: SimpleNamespace, sysadmin: User) -> None:
    frame = screen_frame(sysadmin, None, AFTER)
    for panel, key in (("nope", "x"), ("gender", "X"), ("dues", "2024-13"), ("age", "99")):
        with pytest.raises(Http404):
            drill_list(frame, panel, key)


@pytest.mark.parametrize("on", [BEFORE, AFTER])
def test_hand_written_sql_of_the_benchmark_gives_the_same_figures(
    history: SimpleNamespace, sysadmin: User, on: date
) -> None:
    """``bench_screen`` compares the screen with SQL of its own: both must agree."""
    from dangjian.screen.bench import run

    ours, hand, same = run(screen_frame(sysadmin, None, on), repeat=1)
    assert same and ours.figures == hand.figures
    assert ours.figures[("total", "")] == (4 if on == BEFORE else 3)


def test_a_party_group_asked_for_shows_its_branch(
    enterprise: SimpleNamespace, sysadmin: User, secretary_a: User
) -> None:
    """A 党小组's members are filed in its 党支部: the screen of the 党小组 is the branch's,
    not a screen of zeros; a secretary of another branch still cannot ask for it."""
    make_member(enterprise.branch_a, name="组员", party_group_id=enterprise.group_a.pk)
    today = timezone.localdate()
    for user in (sysadmin, secretary_a):
        frame = screen_frame(user, enterprise.group_a.pk, today)
        assert frame.root == enterprise.branch_a and screen_data(frame).total == 1
