"""The screen of a past day counts by the rule of a past register, and its 本年转入 / 本年转出
are the 增减台账's (STAT-5, STAT-6): transfers inside the system, by 介绍信 either way, and
transfers recorded before the transfer workflow existed."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

from django.contrib.auth.models import User
from django.utils import timezone

from dangjian.dynamics.incoming import IncomingLetterInput, member_register_incoming
from dangjian.dynamics.ledger import ledger_of
from dangjian.dynamics.services import letter_issue
from dangjian.dynamics.standing import lost_contact_found, lost_contact_open
from dangjian.members.models import Member
from dangjian.members.services import member_change
from dangjian.orgs.models import Organization
from dangjian.rules.membership_ledger import Change
from dangjian.screen.frames import Frame, Panel
from dangjian.screen.selectors import drill_list, screen_data, screen_frame
from tests.factories import make_member, member_input


def _panels(frame: Frame) -> dict[str, Panel]:
    return {p.code: p for p in screen_data(frame).panels}


def _figures(frame: Frame, panel: str) -> dict[str, int]:
    return {b.key: b.count for b in _panels(frame)[panel].bars}


def _move(member: Member, to: Organization, day: date) -> None:
    """A transfer recorded on the member's record (accepted), as history imported holds it."""
    member_change(actor=None, member_id=member.pk, changes={"organization_id": to.pk},
                  effective_on=day, reason="工作调动", transfer_accepted=True)  # fmt: skip


def _incoming(enterprise: SimpleNamespace, received: date) -> Member:
    letter = IncomingLetterInput(
        number="第088号", issuing_org="中共外省某公司委员会", issued_on=received - timedelta(days=5),
        valid_until=received + timedelta(days=30), received_on=received, dues_paid_to=None,
        records_received=True,
    )  # fmt: skip
    data = member_input(enterprise.branch_a, name="凭信转入", joined_on=date(2010, 7, 1),
                        confirmed_on=date(2011, 7, 1))  # fmt: skip
    row = member_register_incoming(actor=None, data=data, letter=letter)
    return Member.objects.get(pk=row.member_id)


def test_transfers_on_the_screen_are_the_ledgers(
    enterprise: SimpleNamespace, secretary_a: User
) -> None:
    """一支部 this year: 转入 inside (from 三支部) and by an incoming 介绍信; 转出 inside (to
    二支部) and by a 介绍信 out. The screen's figures and lists are the ledger's."""
    today = timezone.localdate()
    start = date(today.year, 1, 1)
    day = max(start, today - timedelta(days=40))
    coming = make_member(enterprise.branch_c, name="系统内转入")
    going, leaving = (make_member(enterprise.branch_a, name=n) for n in ("系统内转出", "凭信转出"))
    _move(coming, enterprise.branch_a, day)
    _move(going, enterprise.branch_b, day)
    letter_issue(actor=None, member_id=leaving.pk, destination="外省某公司党委",
                 reason="工作调动", issued_on=day)  # fmt: skip
    _incoming(enterprise, day)
    ledger = ledger_of(enterprise.branch_a, start, today)
    kinds = sorted(e.change for e in ledger.entries)
    assert kinds == sorted([Change.TRANSFER_IN, Change.TRANSFER_IN_LETTER, Change.TRANSFER_OUT,
                            Change.TRANSFER_OUT_LETTER])  # fmt: skip
    frame = screen_frame(secretary_a, None, today)
    assert _figures(frame, "dynamics")["in"] == 2 and _figures(frame, "dynamics")["out"] == 2
    for key, increase in (("in", True), ("out", False)):
        listed = sorted(r.name for r in drill_list(frame, "dynamics", key).rows)
        assert listed == sorted(e.name for e in ledger.entries if e.change.is_increase == increase)
    # the one now in 二支部 is no longer the secretary's to open: the line opens the ledger
    [out] = [r for r in drill_list(frame, "dynamics", "out").rows if r.name == "系统内转出"]
    assert out.url.startswith("/dynamics/ledger/")


def test_a_member_who_left_since_counts_on_a_past_days_panels(
    enterprise: SimpleNamespace, secretary_a: User, sysadmin: User
) -> None:
    """On 2024-06-30 一支部 held 常在 and 后转出 (lost from 2024-05-01 to 2024-09-01, in 三支部
    since 2025): the secretary's past screen counts both in every member panel and the lost
    one among 失联党员, as the system's count does."""
    make_member(enterprise.branch_a, name="常在")
    gone = make_member(enterprise.branch_a, name="后转出", gender="F")
    record = lost_contact_open(actor=None, member_id=gone.pk, lost_since=date(2024, 5, 1))
    lost_contact_found(actor=None, record_id=record.pk, found_on=date(2024, 9, 1), note="已联系上")
    _move(gone, enterprise.branch_c, date(2025, 3, 1))
    day = date(2024, 6, 30)
    mine = screen_frame(secretary_a, None, day)
    system = screen_frame(sysadmin, enterprise.branch_a.pk, day)
    assert screen_data(mine).total == 2
    for code in ("stage", "gender", "age", "education", "occupation", "joined", "standing"):
        assert sum(_figures(mine, code).values()) == 2, code
        assert _figures(mine, code) == _figures(system, code), code
    assert _figures(mine, "gender")["F"] >= 1
    assert "后转出" in [r.name for r in drill_list(mine, "gender", "F").rows]
    assert _figures(mine, "dynamics")["lost"] == 1
    [lost] = drill_list(mine, "dynamics", "lost").rows
    assert lost.name == "后转出" and lost.organization == "一支部"
    [row] = [r for r in drill_list(mine, "gender", "F").rows if r.name == "后转出"]
    assert row.organization == "一支部" and row.url == ""  # no link to a record not theirs now
