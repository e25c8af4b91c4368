"""Excel exports of 班子与换届: the term list (overdue first, or another order) and one
election's result with its arithmetic (ELEC-1 quorum, ELEC-3 majority, run-offs), through the
one workbook writer, so no text becomes a formula."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.conf import settings

from dangjian.core.actor import Actor
from dangjian.documents.excel import Table, table_xlsx, tables_xlsx
from dangjian.elections.models import Election
from dangjian.elections.rounds import Round, election_rounds, first_sheets
from dangjian.elections.selectors import current_terms
from dangjian.members.choices import PositionTitle
from dangjian.rules.elections import check_election_quorum, ladder_rung

TERM_HEADERS = ("党组织", "届次", "选举日期", "任期届满日期", "原任期届满日期", "状态", "提醒",
                "批复文号", "延期/提前换届批准")  # fmt: skip


def term_rows(user: Actor, today: date, order: str = "due") -> Iterable[Sequence[Any]]:
    """One row per current term in ``user``'s scope, in ``order``."""
    ladder = tuple(settings.TERM_REMINDER_MONTHS)
    for t in current_terms(user, order=order).iterator(chunk_size=2000):
        rung = ladder_rung(t.ends_on, today, ladder)
        state = "已届满" if t.ends_on < today else ("即将到期" if rung else "任期内")
        approval = (f"{t.adjusted_approver} {t.adjusted_document}（{t.adjusted_reason}）"
                    if t.original_ends_on else "")  # fmt: skip
        yield (t.organization.name, f"第{t.number}届", t.elected_on, t.ends_on,
               t.original_ends_on or "", state, rung.text if rung else "", t.approval_document, approval)  # fmt: skip


def terms_xlsx(user: Actor, today: date, order: str = "due") -> bytes:
    """The term list as a workbook."""
    return table_xlsx(f"班子任期表（{today.isoformat()}）", TERM_HEADERS,
                      term_rows(user, today, order), sheet="任期表")  # fmt: skip


def _summary(e: Election) -> list[tuple[str, Any]]:
    assert e.should_attend is not None and e.present is not None
    quorum = check_election_quorum(e.should_attend, e.present)
    sheets = first_sheets(e)
    return [
        ("党组织", e.organization.name), ("选举大会日期", e.held_on), ("应选委员人数", e.seats),
        ("应到会有选举权党员", e.should_attend), ("实到", e.present),
        ("应到 × 4/5", e.should_attend * 4 / 5), ("到会是否超过五分之四", quorum.text),
        ("当选须赞成票多于（实到的一半）", e.present // 2), ("发出选票", sheets.issued), ("收回选票", sheets.returned),
        ("无效票", e.invalid_ballots), ("有效票", sheets.valid),
        ("经批准不列入应到人数", "；".join(f"{p['name']}（{p['reason']}）" for p in e.left_out)),
        ("当选", "、".join(e.elected)),
    ]  # fmt: skip


def _tally_rows(round_: Round) -> list[list[Any]]:
    """One round's rows, each with that round's own outcome (``rounds``); a person written
    in (另选他人) is marked so."""
    return [[r.label, r.yes, r.no, r.abstain, "是" if r.passes else "否", r.outcome]
            for r in round_.rows]  # fmt: skip


def election_result_xlsx(e: Election) -> bytes:
    """The result with its arithmetic: a summary sheet, the tally, each run-off, the posts.
    Raises ``ValueError`` when the meeting is not held yet."""
    if e.present is None:
        raise ValueError("选举大会尚未召开，没有选举结果")
    head = ("候选人", "赞成", "反对", "弃权", "赞成票过半数", "结果")
    first, *runoffs = election_rounds(e)
    tables = [
        Table("结果", f"{e.organization.name}{e.get_kind_display()}结果", ("项目", "数值"), _summary(e)),
        Table("计票", f"第一轮投票（应选{first.seats}名，{first.sheets.text}）："
              "当选须赞成票超过到会有选举权党员的一半", head, _tally_rows(first)),
    ]  # fmt: skip
    for r in runoffs:
        tables.append(Table(f"另行选举{r.number}",
                            f"{r.label}（剩余{r.seats}个名额，{r.sheets.text}）：{r.text}",
                            head, _tally_rows(r)))  # fmt: skip
    if e.posts:
        rows = [(p["name"], PositionTitle(p["title"]).label) for p in e.posts]
        tables.append(Table("委员分工", "委员会选举书记、副书记及委员分工", ("委员", "职务"), rows))
    return tables_xlsx(tables)
