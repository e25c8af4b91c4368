"""The meetings benchmark at a tiny scale: it generates, and the selector and the SQL agree."""

from __future__ import annotations

import io

from django.core.management import call_command

from dangjian.meetings.models import Attendance, Meeting, MeetingKindMark
from dangjian.members.models import Member
from dangjian.orgs.models import Organization
from dangjian.rules.meetings.kinds import MeetingKind


def test_the_benchmark_runs_and_both_give_the_same_cells(db: None) -> None:
    out = io.StringIO()
    call_command("bench_meetings", "--organisations", "40", "--members", "600", "--committees", "3",
                 "--repeat", "1", stdout=out)  # fmt: skip
    text = out.getvalue()
    assert text.count("结果一致") == 2, text
    assert "比值" in text
    assert Organization.objects.filter(kind="group").exists()
    assert Meeting.objects.filter(state="returned").exists() or Meeting.objects.count() > 0
    assert Attendance.objects.exists()
    # every kind is generated (on PostgreSQL by set-based SQL, elsewhere by bulk inserts)
    assert set(MeetingKindMark.objects.values_list("kind", flat=True)) == {
        k.value for k in MeetingKind
    }
    assert Member.objects.filter(stage="probationary").exists()
