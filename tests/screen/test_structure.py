"""组织设置预警 on the big screen (ORG-1..ORG-4): counted per rule for the scope from 智能研判's
alert history, each count equal to its list, a past day showing what was open that day."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

from django.contrib.auth.models import User

from dangjian.alerts.services import scan_alerts
from dangjian.screen.frames import Frame
from dangjian.screen.selectors import drill_list, screen_data, screen_frame
from tests.factories import make_member

SCAN_DAY = date(2024, 10, 1)


def _structure(frame: Frame) -> dict[str, int]:
    panel = next(p for p in screen_data(frame).panels if p.code == "structure")
    return {b.key: b.count for b in panel.bars}


def test_structure_warnings_count_the_scopes_organisations(
    enterprise: SimpleNamespace, sysadmin: User, secretary_a: User
) -> None:
    """ORG-1 (支部工作条例第四条): a branch of two full members is counted and listed with the
    rule's words; nothing before the scan found it; a secretary sees their own branch only."""
    make_member(enterprise.branch_a, name="甲")
    make_member(enterprise.branch_a, name="乙")
    scan_alerts(on=SCAN_DAY)
    frame = screen_frame(sysadmin, None, SCAN_DAY)
    counts = _structure(frame)
    listed = drill_list(frame, "structure", "ORG-1").rows
    assert counts["ORG-1"] == len(listed) >= 1
    assert enterprise.branch_a.name in [row.name for row in listed]
    assert all("第四条" in row.detail for row in listed)
    for rule, n in counts.items():
        assert len(drill_list(frame, "structure", rule).rows) == n, rule
    before = screen_frame(sysadmin, None, SCAN_DAY - timedelta(days=1))
    assert set(_structure(before).values()) == {0}
    own = screen_frame(secretary_a, None, SCAN_DAY)
    own_list = drill_list(own, "structure", "ORG-1").rows
    assert [row.name for row in own_list] == [enterprise.branch_a.name]
    assert _structure(own)["ORG-1"] == 1
