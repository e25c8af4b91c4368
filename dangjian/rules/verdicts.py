"""What a check says: block, warn or pass, with the rule, its article and the reasoning.

Every check of a workflow (发展党员 first) returns a ``Verdict``, never a bare boolean: the
service refuses a step on a block, keeps a warning with the step, and shows the message with
its source, "依据《中国共产党发展党员工作细则》第十三条：…". A block the regulation itself allows
in "个别特殊情况" is ``overridable``: a person with the permission may let the step go on with a
recorded reason; any other block is final.

The rule ID (DEV-13) is for code, tests and filters; what a person reads is ``text``, which
names the regulation and article through ``rules/sources.py``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from enum import StrEnum

from dangjian.rules.sources import rule_citation


class Outcome(StrEnum):
    """How a check came out, from harmless to refusing."""

    PASS = "pass"
    WARN = "warn"
    BLOCK = "block"

    @property
    def label(self) -> str:
        """The Chinese word shown beside a check: 符合 / 提醒 / 不符合."""
        return _OUTCOME_LABELS[self]

    @property
    def rank(self) -> int:
        """0 for pass, 1 for warn, 2 for block: the worst of several checks is the highest."""
        return _OUTCOME_RANKS[self]


_OUTCOME_LABELS = {Outcome.PASS: "符合", Outcome.WARN: "提醒", Outcome.BLOCK: "不符合"}
_OUTCOME_RANKS = {Outcome.PASS: 0, Outcome.WARN: 1, Outcome.BLOCK: 2}


@dataclass(frozen=True)
class Verdict:
    """The result of one check.

    ``rule_id`` is a RULES.md ID known to ``rules/sources.py`` (an unknown one raises
    ``KeyError`` when the verdict is made, so no verdict can reach a person without its
    source). ``message`` is Chinese, without the rule ID, and shows the arithmetic where there
    is some ("应到23人，实到14人，超过半数"). ``overridable`` is true only for a block the
    regulation lets pass in 个别特殊情况 (e.g. 细则第十七条, untrained candidates).
    """

    rule_id: str
    outcome: Outcome
    message: str
    overridable: bool = False

    def __post_init__(self) -> None:
        rule_citation(self.rule_id)  # raises KeyError for a rule without a source
        if self.overridable and self.outcome is not Outcome.BLOCK:
            raise ValueError("只有不符合规定的检查结果才可以破例通过")

    @classmethod
    def passed(cls, rule_id: str, message: str) -> Verdict:
        """A check that is met."""
        return cls(rule_id, Outcome.PASS, message)

    @classmethod
    def warning(cls, rule_id: str, message: str) -> Verdict:
        """A check that lets the step go on, kept with the step and shown to inspectors."""
        return cls(rule_id, Outcome.WARN, message)

    @classmethod
    def blocked(cls, rule_id: str, message: str, *, overridable: bool = False) -> Verdict:
        """A check that refuses the step (unless ``overridable`` and overridden with a reason)."""
        return cls(rule_id, Outcome.BLOCK, message, overridable)

    @property
    def is_block(self) -> bool:
        """Whether the step is refused by this check."""
        return self.outcome is Outcome.BLOCK

    @property
    def is_warning(self) -> bool:
        """Whether this check warns without refusing."""
        return self.outcome is Outcome.WARN

    @property
    def source(self) -> str:
        """The regulation and article, e.g. "《中国共产党发展党员工作细则》第十三条"."""
        return rule_citation(self.rule_id)

    @property
    def text(self) -> str:
        """What a person reads: "依据《…》第X条：message" (the message alone for a convention)."""
        source = self.source
        return f"依据{source}：{self.message}" if source else self.message


def worst(verdicts: Iterable[Verdict]) -> Outcome:
    """The most serious outcome among ``verdicts`` (pass when there are none)."""
    return max((v.outcome for v in verdicts), key=lambda o: o.rank, default=Outcome.PASS)


def refusals(verdicts: Iterable[Verdict], overridden: Collection[str] = ()) -> tuple[Verdict, ...]:
    """The blocks that still refuse the step.

    ``overridden`` holds the rule IDs a person with the permission has overridden, each with a
    recorded reason (the service keeps the reason). Only an ``overridable`` block yields to an
    override; any other block stays, whatever ``overridden`` says.
    """
    return tuple(
        v for v in verdicts if v.is_block and not (v.overridable and v.rule_id in overridden)
    )


def warnings(verdicts: Iterable[Verdict]) -> tuple[Verdict, ...]:
    """The warnings among ``verdicts``, to be kept with the step."""
    return tuple(v for v in verdicts if v.is_warning)
