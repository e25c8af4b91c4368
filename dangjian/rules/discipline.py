"""Party sanctions and their impact periods (DISC-1), as other rules read them.

纪律处分条例 第十、十一、十二条: a 警告 weighs on a member for 1 year, a 严重警告 for 18
months, a 撤销党内职务 for 2 years; a 留党察看 lasts 1 or 2 years (a 1-year term extended once by
a year, never beyond 2) and takes away the right to vote, elect and stand until the rights are
restored. 第二十一条: a sanction received inside an impact period adds its own period to what is
left of the earlier one. DEV-8 (who may sponsor) and ELEC-4 / DEV-12 (who may vote) read these.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from dangjian.rules.dates import add_months, format_cn_date

PROBATION_IN_PARTY_MAX_MONTHS = 24


class SanctionKind(StrEnum):
    """The five Party sanctions (党章 第四十二条)."""

    WARNING = "warning"
    SERIOUS_WARNING = "serious_warning"
    REMOVAL_FROM_POST = "removal_from_post"
    PROBATION_IN_PARTY = "probation_in_party"
    EXPULSION = "expulsion"

    @property
    def label(self) -> str:
        """The Chinese name, e.g. "严重警告"."""
        return _LABELS[self]


_LABELS = {
    SanctionKind.WARNING: "警告",
    SanctionKind.SERIOUS_WARNING: "严重警告",
    SanctionKind.REMOVAL_FROM_POST: "撤销党内职务",
    SanctionKind.PROBATION_IN_PARTY: "留党察看",
    SanctionKind.EXPULSION: "开除党籍",
}
# Months of the impact period (影响期) of the three lighter sanctions.
IMPACT_MONTHS = {
    SanctionKind.WARNING: 12,
    SanctionKind.SERIOUS_WARNING: 18,
    SanctionKind.REMOVAL_FROM_POST: 24,
}


@dataclass(frozen=True)
class Sanction:
    """One sanction of one member: kind, decision date, deciding organisation.

    ``term_months`` is the 留党察看 term (12 or 24, an extended 1-year term is 24);
    ``restored_on`` the day the rights were restored after it, when recorded.
    """

    kind: SanctionKind
    decided_on: date
    deciding_org: str = ""
    term_months: int | None = None
    restored_on: date | None = None

    def __post_init__(self) -> None:
        if self.kind is SanctionKind.PROBATION_IN_PARTY:
            if self.term_months is None:
                raise ValueError(
                    "请填写留党察看期限：一年或二年（12个月或24个月）"
                    "（依据《中国共产党纪律处分条例》第十二条）"
                )
            if self.term_months not in (12, PROBATION_IN_PARTY_MAX_MONTHS):
                raise ValueError(
                    f"留党察看期限应为一年或二年，最长不超过二年，实为{self.term_months}个月"
                    "（依据《中国共产党纪律处分条例》第十二条）"
                )
        elif self.term_months is not None or self.restored_on is not None:
            raise ValueError(f"{self.kind.label}处分没有察看期限和恢复党员权利日期")

    @property
    def description(self) -> str:
        """E.g. "2025年3月1日受严重警告处分"."""
        return f"{format_cn_date(self.decided_on)}受{self.kind.label}处分"


def impact_end(sanctions: Iterable[Sanction]) -> date | None:
    """The first day after the impact periods of the lighter sanctions, stacked (第二十一条).

    Only 警告, 严重警告 and 撤销党内职务 count. A sanction decided inside a running period adds its
    months to the end of that period; one decided after adds them to its own date. ``None``
    when there is no such sanction.
    """
    end: date | None = None
    for sanction in sorted(sanctions, key=lambda s: s.decided_on):
        if sanction.kind not in IMPACT_MONTHS:
            continue
        start = end if end is not None and end > sanction.decided_on else sanction.decided_on
        end = add_months(start, IMPACT_MONTHS[sanction.kind])
    return end


def in_impact_period(sanctions: Iterable[Sanction], on: date) -> Sanction | None:
    """DISC-1: the sanction whose impact period (stacked) covers ``on``, or ``None``.

    The period runs from the decision day up to the day before its end: a 警告 of 2025-03-01
    weighs until 2026-02-28 and no longer on 2026-03-01 (a year is complete on the
    anniversary, DATE-2).
    """
    past = [s for s in sanctions if s.decided_on <= on and s.kind in IMPACT_MONTHS]
    end = impact_end(past)
    if end is None or on >= end:
        return None
    return max(past, key=lambda s: s.decided_on)


def rights_restored_on(sanction: Sanction) -> date:
    """The day a 留党察看 member has the rights back: the recorded restoration, else the term end.

    Without a recorded restoration the term end is taken, never earlier: the member had no
    rights for the whole term (第十二条).
    """
    if sanction.kind is not SanctionKind.PROBATION_IN_PARTY or sanction.term_months is None:
        raise ValueError("只有留党察看处分有恢复党员权利的日期")
    if sanction.restored_on is not None:
        return sanction.restored_on
    return add_months(sanction.decided_on, sanction.term_months)


def under_probation_in_party(sanctions: Iterable[Sanction], on: date) -> Sanction | None:
    """DISC-1: the 留党察看 whose rights are not yet restored on ``on``, or ``None``.

    Such a member has no vote (DEV-12, ELEC-4) and cannot sponsor (DEV-8).
    """
    for sanction in sanctions:
        if sanction.kind is not SanctionKind.PROBATION_IN_PARTY:
            continue
        if sanction.decided_on <= on < rights_restored_on(sanction):
            return sanction
    return None


_ARTICLES = "《中国共产党纪律处分条例》"
# What a sanction takes away during its period, as the member page states it (DISC-1).
RIGHTS_TEXT = {
    SanctionKind.WARNING: f"影响期内不得在党内提升职务（{_ARTICLES}第十条）",
    SanctionKind.SERIOUS_WARNING: f"影响期内不得在党内提升职务（{_ARTICLES}第十条）",
    SanctionKind.REMOVAL_FROM_POST: (
        f"二年内不得在党内担任和向党外组织推荐担任与其原任职务相当或者高于其原任职务的职务"
        f"（{_ARTICLES}第十一条）"
    ),
    SanctionKind.PROBATION_IN_PARTY: (
        f"留党察看期间无表决权、选举权和被选举权（{_ARTICLES}第十二条）"
    ),
    SanctionKind.EXPULSION: f"开除党籍，五年内不得重新入党（{_ARTICLES}第十三条）",
}


def period_of(sanction: Sanction) -> tuple[date, date] | None:
    """The period of one sanction on its own: (first day, first day after), or ``None`` for a
    开除党籍, which has no end. A 留党察看 runs until its rights are restored (第十二条); a
    lighter sanction for its impact months (第十条、第十一条): a 警告 of 2024-02-29 weighs
    until 2025-02-27 and no longer on 2025-02-28, its anniversary (DATE-1 clamps to the
    month's last day, DATE-2 completes a year on the anniversary).
    """
    if sanction.kind is SanctionKind.PROBATION_IN_PARTY:
        return sanction.decided_on, rights_restored_on(sanction)
    months = IMPACT_MONTHS.get(sanction.kind)
    if months is None:
        return None
    return sanction.decided_on, add_months(sanction.decided_on, months)
