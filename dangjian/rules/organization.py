"""Party organisation structure and terms of office (ORG-1..ORG-5).

``structure_warnings`` reads the head counts of one organisation and says, in Chinese and citing
the rule, where its set-up departs from the regulations. ``term_end`` and
``election_reminder_due`` drive the reminders before a term of office runs out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Literal

from dangjian.rules.citations import cite
from dangjian.rules.dates import add_months, add_years

Severity = Literal["error", "warning"]

MIN_FULL_MEMBERS = 3
MAX_BRANCH_MEMBERS = 50
MAX_JOINT_UNITS = 5
COMMITTEE_THRESHOLD = 7
COMMITTEE_USUAL_MAX = 5
COMMITTEE_MAX = 7
COMMITTEE_MIN = 3
PARTY_COMMITTEE_MIN = 100
GENERAL_BRANCH_MIN = 50

_ORG1 = cite("ORG-1", "支部工作条例第四条")
_ORG2 = cite("ORG-2", "支部工作条例第四条")
_ORG3 = cite("ORG-3", "支部工作条例第二十条")
_ORG4 = cite("ORG-4", "国企条例")


class OrgKind(StrEnum):
    """The kinds of Party organisation the platform keeps."""

    COMMITTEE = "committee"
    GENERAL_BRANCH = "general_branch"
    BRANCH = "branch"
    JOINT_BRANCH = "joint_branch"
    TEMP_BRANCH = "temp_branch"
    GROUP = "group"

    @property
    def label(self) -> str:
        """The Chinese name, e.g. "党支部"."""
        return _KIND_LABELS[self]

    @property
    def is_branch(self) -> bool:
        """Whether this is a 党支部 of any sort (ordinary, joint or temporary)."""
        return self in (OrgKind.BRANCH, OrgKind.JOINT_BRANCH, OrgKind.TEMP_BRANCH)


_KIND_LABELS: dict[OrgKind, str] = {
    OrgKind.COMMITTEE: "基层党委",
    OrgKind.GENERAL_BRANCH: "党总支",
    OrgKind.BRANCH: "党支部",
    OrgKind.JOINT_BRANCH: "联合党支部",
    OrgKind.TEMP_BRANCH: "临时党支部",
    OrgKind.GROUP: "党小组",
}


@dataclass(frozen=True)
class OrgFacts:
    """The head counts of one organisation that the structure rules look at.

    ``full_members`` counts 正式党员 (the 3 and 7 thresholds of ORG-1/ORG-3); ``all_members``
    counts full and probationary members (ORG-2/ORG-4). ``committee_size`` is the number of
    支部委员会 (or 党委, 总支委员会) members, 0 when there is none; ``units`` is how many work units
    the organisation covers.
    """

    kind: OrgKind
    full_members: int
    all_members: int
    committee_size: int
    units: int = 1

    def __post_init__(self) -> None:
        if min(self.full_members, self.all_members, self.committee_size) < 0:
            raise ValueError("党员人数和委员人数不能为负数")
        if self.full_members > self.all_members:
            raise ValueError(
                f"正式党员{self.full_members}名多于党员总数{self.all_members}名，请核对人数"
            )
        if self.units < 1:
            raise ValueError(f"覆盖单位数应至少为1，实为{self.units}")


@dataclass(frozen=True)
class StructureWarning:
    """One departure from the structure rules; ``error`` breaks a rule, ``warning`` needs a look."""

    rule_id: str
    message: str
    severity: Severity


def structure_warnings(facts: OrgFacts) -> list[StructureWarning]:
    """ORG-1..ORG-4: every way in which the organisation's set-up departs from the rules."""
    if facts.kind.is_branch:
        return [*_branch_size_warnings(facts), *_committee_warnings(facts)]
    if facts.kind is OrgKind.COMMITTEE:
        return _party_committee_warnings(facts)
    if facts.kind is OrgKind.GENERAL_BRANCH:
        return _general_branch_warnings(facts)
    return []


def _branch_size_warnings(facts: OrgFacts) -> list[StructureWarning]:
    """ORG-1 (3 full members; a joint branch covers at most 5 units) and ORG-2 (50 members)."""
    found: list[StructureWarning] = []
    if facts.full_members < MIN_FULL_MEMBERS:
        found.append(StructureWarning("ORG-1", _too_few_message(facts), "error"))
    if facts.kind is OrgKind.JOINT_BRANCH and facts.units > MAX_JOINT_UNITS:
        message = f"联合党支部覆盖{facts.units}个单位，超过5个{_ORG1}"
        found.append(StructureWarning("ORG-1", message, "error"))
    if facts.all_members > MAX_BRANCH_MEMBERS:
        message = (
            f"党员共{facts.all_members}名，超过50名，一般应分设党支部或经批准成立党总支{_ORG2}"
        )
        found.append(StructureWarning("ORG-2", message, "warning"))
    return found


def _too_few_message(facts: OrgFacts) -> str:
    head = f"正式党员仅{facts.full_members}名，不足3名，"
    if facts.kind is OrgKind.BRANCH:
        return f"{head}应与其他单位成立联合党支部{_ORG1}"
    return f"{head}不足以成立{facts.kind.label}，应吸收邻近单位党员或并入其他党支部{_ORG1}"


def _committee_warnings(facts: OrgFacts) -> list[StructureWarning]:
    """ORG-3: 7+ full members elect a 支部委员会 of 3 to 5 (at most 7); fewer have a secretary."""
    size = facts.committee_size
    if facts.full_members < COMMITTEE_THRESHOLD:
        if size == 0:
            return []
        message = (
            f"正式党员{facts.full_members}名，不足7名，不设支部委员会，"
            f"只设书记（必要时设副书记）{_ORG3}"
        )
        return [StructureWarning("ORG-3", message, "warning")]
    if size == 0:
        message = f"正式党员{facts.full_members}名，已达7名，应设立支部委员会{_ORG3}"
        return [StructureWarning("ORG-3", message, "error")]
    return _committee_size_warnings(size)


def _committee_size_warnings(size: int) -> list[StructureWarning]:
    if size < COMMITTEE_MIN:
        message = f"支部委员会{size}人，少于3人{_ORG3}"
        return [StructureWarning("ORG-3", message, "error")]
    if size > COMMITTEE_MAX:
        message = f"支部委员会{size}人，超过7人{_ORG3}"
        return [StructureWarning("ORG-3", message, "error")]
    if size > COMMITTEE_USUAL_MAX:
        message = f"支部委员会{size}人，一般为3至5人，最多不超过7人{_ORG3}"
        return [StructureWarning("ORG-3", message, "warning")]
    return []


def _party_committee_warnings(facts: OrgFacts) -> list[StructureWarning]:
    """ORG-4: a 基层党委 is for 100 or more members; fewer needs the higher approval."""
    if facts.all_members >= PARTY_COMMITTEE_MIN:
        return []
    message = f"党员共{facts.all_members}名，不足100名，设立基层党委须经上级党组织批准{_ORG4}"
    return [StructureWarning("ORG-4", message, "warning")]


def _general_branch_warnings(facts: OrgFacts) -> list[StructureWarning]:
    """ORG-4: a 党总支 is for 50 to 100 members; fewer with approval, 100 or more is a 基层党委."""
    count = facts.all_members
    if count < GENERAL_BRANCH_MIN:
        message = f"党员共{count}名，不足50名，设立党总支须经上级党组织批准{_ORG4}"
        return [StructureWarning("ORG-4", message, "warning")]
    if count > PARTY_COMMITTEE_MIN:
        message = f"党员共{count}名，超过100名，一般应设立基层党委{_ORG4}"
        return [StructureWarning("ORG-4", message, "warning")]
    return []


def term_years(kind: OrgKind, village_or_community: bool = False) -> int:
    """ORG-5: the term in years: 基层党委 5; 党总支 and 党支部 3 (5 in villages and communities).

    A 临时党支部 is appointed for the duration of its task and a 党小组 is not elected as a body;
    neither has a term, and asking for one is an error.
    """
    if kind is OrgKind.COMMITTEE:
        return 5
    if kind in (OrgKind.GENERAL_BRANCH, OrgKind.BRANCH, OrgKind.JOINT_BRANCH):
        return 5 if village_or_community else 3
    raise ValueError(f"{kind.label}不实行任期制")  # ORG-5


def term_end(elected_on: date, kind: OrgKind, village_or_community: bool = False) -> date:
    """ORG-5: the day the term ends, the election's anniversary after ``term_years`` (DATE-1)."""
    return add_years(elected_on, term_years(kind, village_or_community))


def election_reminder_due(term_end: date, today: date, months_before: int = 6) -> bool:
    """ORG-5: whether the reminder to prepare the next election is due.

    Due from ``months_before`` months before the term ends (a setting, default 6) and stays due
    after the end, until a new election moves ``term_end``.
    """
    return today >= add_months(term_end, -months_before)
