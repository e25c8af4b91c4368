"""The stages of 发展党员, its 25 steps and the transitions between stages, as data.

The steps are those of 细则 chapters 2 to 5 in the order practice numbers them (RULES.md,
"Membership development"). A ``Transition`` is one thing a person's record may undergo in a
stage: a step that keeps the stage (the talk, a filing, the oath), a step that moves it on
(designation, approval, confirmation), or an end (not admitted, cancelled, withdrawn...).
Each names the step, who may record it (a role kind), the checks to run (rule IDs, each a
function in ``checks``) and the deadline it starts (``deadlines``). The service of the next
layer looks a transition up here; nothing here knows about the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Stage(StrEnum):
    """Where a person stands in the process; the last six are ends."""

    APPLICANT = "applicant"
    ACTIVIST = "activist"
    CANDIDATE = "candidate"
    PROBATIONARY = "probationary"
    FULL = "full"
    NOT_DESIGNATED = "not_designated"
    NOT_ADMITTED = "not_admitted"
    PROBATION_CANCELLED = "probation_cancelled"
    NOT_RECOGNISED = "not_recognised"
    WITHDRAWN = "withdrawn"
    TRANSFERRED_OUT = "transferred_out"

    @property
    def label(self) -> str:
        """The Chinese name, e.g. "发展对象"."""
        return _STAGE_LABELS[self]

    @property
    def is_end(self) -> bool:
        """Whether the process stops here for this branch (no transition leaves an end)."""
        return self in ENDS


_STAGE_LABELS = {
    Stage.APPLICANT: "入党申请人",
    Stage.ACTIVIST: "入党积极分子",
    Stage.CANDIDATE: "发展对象",
    Stage.PROBATIONARY: "预备党员",
    Stage.FULL: "正式党员",
    Stage.NOT_DESIGNATED: "未列为培养对象",
    Stage.NOT_ADMITTED: "未被接收",
    Stage.PROBATION_CANCELLED: "取消预备党员资格",
    Stage.NOT_RECOGNISED: "不予承认党员身份",
    Stage.WITHDRAWN: "本人撤回申请",
    Stage.TRANSFERRED_OUT: "已转出",
}
ENDS = frozenset(
    {
        Stage.NOT_DESIGNATED,
        Stage.NOT_ADMITTED,
        Stage.PROBATION_CANCELLED,
        Stage.NOT_RECOGNISED,
        Stage.WITHDRAWN,
        Stage.TRANSFERRED_OUT,
    }
)
# Stages a person is still being developed in (withdrawal and transfer are possible).
IN_PROCESS = (Stage.APPLICANT, Stage.ACTIVIST, Stage.CANDIDATE, Stage.PROBATIONARY)


class RoleKind(StrEnum):
    """Who records a transition, as a kind of role on the person's organisation.

    ``branch``: the secretary or a committee member of the person's branch (or an
    organisation administrator above it); ``committee``: the organisation administrator of the
    党委 that has the approval power (细则第二十二条), or above; ``department``: the organisation
    department of a 县级以上党委 (细则第三十四、四十一条).
    """

    BRANCH = "branch"
    COMMITTEE = "committee"
    DEPARTMENT = "department"

    @property
    def label(self) -> str:
        """The Chinese name of who records."""
        return _ROLE_LABELS[self]


_ROLE_LABELS = {
    RoleKind.BRANCH: "党支部",
    RoleKind.COMMITTEE: "具有审批权限的党委",
    RoleKind.DEPARTMENT: "县级以上党委组织部门",
}


class Body(StrEnum):
    """Who decides or acts at a step (the body named on the record)."""

    PERSON = "person"
    BRANCH = "branch"
    BRANCH_COMMITTEE = "branch_committee"
    BRANCH_ASSEMBLY = "branch_assembly"
    PARTY_COMMITTEE = "party_committee"
    HIGHER_COMMITTEE = "higher_committee"
    ORG_DEPARTMENT = "org_department"

    @property
    def label(self) -> str:
        """The Chinese name, e.g. "党支部党员大会"."""
        return _BODY_LABELS[self]


_BODY_LABELS = {
    Body.PERSON: "本人",
    Body.BRANCH: "党支部",
    Body.BRANCH_COMMITTEE: "党支部委员会",
    Body.BRANCH_ASSEMBLY: "党支部党员大会",
    Body.PARTY_COMMITTEE: "党委",
    Body.HIGHER_COMMITTEE: "上级党委",
    Body.ORG_DEPARTMENT: "县级以上党委组织部门",
}


@dataclass(frozen=True)
class Step:
    """One of the 25 steps: its number, the name practice gives it, the stage it belongs to."""

    number: int
    name: str
    stage: Stage
    body: Body


STEPS: tuple[Step, ...] = (
    Step(1, "递交入党申请书", Stage.APPLICANT, Body.PERSON),
    Step(2, "党组织派人谈话", Stage.APPLICANT, Body.BRANCH),
    Step(3, "推荐和确定入党积极分子", Stage.APPLICANT, Body.BRANCH_COMMITTEE),
    Step(4, "上级党委备案", Stage.ACTIVIST, Body.BRANCH),
    Step(5, "指定培养联系人", Stage.ACTIVIST, Body.BRANCH),
    Step(6, "培养教育考察", Stage.ACTIVIST, Body.BRANCH),
    Step(7, "确定发展对象（上级党委同意、公示）", Stage.ACTIVIST, Body.BRANCH_COMMITTEE),
    Step(8, "报上级党委备案", Stage.CANDIDATE, Body.BRANCH),
    Step(9, "确定入党介绍人", Stage.CANDIDATE, Body.BRANCH),
    Step(10, "进行政治审查", Stage.CANDIDATE, Body.BRANCH),
    Step(11, "开展集中培训", Stage.CANDIDATE, Body.PARTY_COMMITTEE),
    Step(12, "支部委员会审查", Stage.CANDIDATE, Body.BRANCH_COMMITTEE),
    Step(13, "上级党委预审", Stage.CANDIDATE, Body.PARTY_COMMITTEE),
    Step(14, "填写入党志愿书", Stage.CANDIDATE, Body.PERSON),
    Step(15, "支部大会讨论", Stage.CANDIDATE, Body.BRANCH_ASSEMBLY),
    Step(16, "上级党委派人谈话", Stage.CANDIDATE, Body.PARTY_COMMITTEE),
    Step(17, "上级党委审批", Stage.CANDIDATE, Body.PARTY_COMMITTEE),
    Step(18, "再上级党委组织部门备案", Stage.PROBATIONARY, Body.PARTY_COMMITTEE),
    Step(19, "编入党支部和党小组", Stage.PROBATIONARY, Body.BRANCH),
    Step(20, "入党宣誓", Stage.PROBATIONARY, Body.BRANCH),
    Step(21, "继续教育考察", Stage.PROBATIONARY, Body.BRANCH),
    Step(22, "提出转正申请", Stage.PROBATIONARY, Body.PERSON),
    Step(23, "支部大会讨论", Stage.PROBATIONARY, Body.BRANCH_ASSEMBLY),
    Step(24, "上级党委审批", Stage.PROBATIONARY, Body.PARTY_COMMITTEE),
    Step(25, "材料归档", Stage.FULL, Body.BRANCH),
)


def step(number: int) -> Step:
    """Step ``number`` (1..25); ``KeyError`` for any other number."""
    if not 1 <= number <= len(STEPS):
        raise KeyError(number)
    return STEPS[number - 1]


class Deadline(StrEnum):
    """The clocks a transition starts; ``deadlines`` computes each one's date."""

    TALK = "talk"  # DEV-2: talk within 1 month of the application
    ASSESSMENT = "assessment"  # DEV-5: next assessment within 6 months
    ACTIVIST_YEAR = "activist_year"  # DEV-7: candidate no earlier than one year on
    NOTICE = "notice"  # DEV-20: designation after 5 working days of notice
    ASSEMBLY = "assembly"  # DEV-21: 支部大会 within 1 month of the pre-review
    APPROVAL = "approval"  # DEV-14: approval within 3 months, never past 6
    OATH = "oath"  # DEV-22: oath within 1 month of the approval
    PROBATION_END = "probation_end"  # DEV-17: confirmation discussed when probation ends
    CONFIRMATION_APPROVAL = "confirmation_approval"  # DEV-18: approval within 3 months


@dataclass(frozen=True)
class Transition:
    """One row of the table: what may happen to a person in ``source`` and where it leads.

    ``code`` names the use case (a transition with several sources has one row per source);
    ``source`` is ``None`` for a way into the process; ``step`` is the step number or ``None``
    for an end outside the 25 steps; ``checks`` are rule IDs whose checks run before it;
    ``starts`` the deadlines it starts.
    """

    code: str
    label: str
    source: Stage | None
    target: Stage
    step: int | None
    roles: tuple[RoleKind, ...]
    checks: tuple[str, ...] = ()
    starts: tuple[Deadline, ...] = ()


_B = (RoleKind.BRANCH,)
_C = (RoleKind.COMMITTEE,)
_D = (RoleKind.DEPARTMENT,)
_ACT, _CAND, _PROB = Stage.ACTIVIST, Stage.CANDIDATE, Stage.PROBATIONARY

_STEP_ROWS: tuple[Transition, ...] = (
    Transition("apply", "递交入党申请书", None, Stage.APPLICANT, 1, _B, (), (Deadline.TALK,)),
    Transition("talk", "谈话", Stage.APPLICANT, Stage.APPLICANT, 2, _B, ("DEV-2",)),
    Transition(
        "designate_activist", "确定为入党积极分子", Stage.APPLICANT, _ACT, 3, _B,
        ("DEV-3",), (Deadline.ASSESSMENT, Deadline.ACTIVIST_YEAR),
    ),
    Transition("file_activist", "报上级党委备案", _ACT, _ACT, 4, _B),
    Transition("assign_contacts", "指定培养联系人", _ACT, _ACT, 5, _B, ("DEV-4",)),
    Transition("assess", "培养教育考察", _ACT, _ACT, 6, _B, ("DEV-5",), (Deadline.ASSESSMENT,)),
    Transition(
        "designate_candidate", "确定为发展对象", _ACT, _CAND, 7, _B, ("DEV-7", "DEV-20", "DEV-5")
    ),
    Transition("file_candidate", "报上级党委备案", _CAND, _CAND, 8, _B),
    Transition("name_sponsors", "确定入党介绍人", _CAND, _CAND, 9, _B, ("DEV-8",)),
    Transition("political_review", "政治审查", _CAND, _CAND, 10, _B, ("DEV-9", "DEV-23")),
    Transition("training", "集中培训", _CAND, _CAND, 11, _C, ("DEV-10",)),
    Transition("committee_review", "支部委员会审查", _CAND, _CAND, 12, _B, ("DEV-9", "DEV-10", "DEV-8")),
    Transition(
        "pre_review", "基层党委预审", _CAND, _CAND, 13, _C, ("DEV-9", "DEV-10", "DEV-11"),
        (Deadline.ASSEMBLY,),
    ),
    Transition("application_form", "填写入党志愿书", _CAND, _CAND, 14, _B, ("DEV-30",)),
    Transition(
        "admission_meeting", "支部大会讨论接收预备党员", _CAND, _CAND, 15, _B,
        ("DEV-1", "DEV-12", "DEV-13", "DEV-16", "DEV-21", "DEV-11", "DEV-24"),
        (Deadline.APPROVAL,),
    ),
    Transition("committee_talk", "党委委员或组织员谈话", _CAND, _CAND, 16, _C),
    Transition(
        "approve_admission", "党委审批接收预备党员", _CAND, _PROB, 17, _C, ("DEV-14", "DEV-25", "DEV-28"),
        (Deadline.OATH, Deadline.PROBATION_END),
    ),
    Transition("file_admission", "报上级党委组织部门备案", _PROB, _PROB, 18, _C),
    Transition("place", "编入党支部和党小组", _PROB, _PROB, 19, _B),
    Transition("oath", "入党宣誓", _PROB, _PROB, 20, _B, ("DEV-22",)),
    Transition("educate", "继续教育考察", _PROB, _PROB, 21, _B),
    Transition("apply_full", "提出转正申请", _PROB, _PROB, 22, _B),
    Transition(
        "confirmation_meeting", "支部大会讨论转正", _PROB, _PROB, 23, _B,
        ("DEV-17", "DEV-18", "DEV-12", "DEV-13", "DEV-16"), (Deadline.CONFIRMATION_APPROVAL,),
    ),
    Transition("confirm", "党委审批转正", _PROB, Stage.FULL, 24, _C, ("DEV-18", "DEV-19")),
    Transition(
        "extend", "党委审批延长预备期", _PROB, _PROB, 24, _C, ("DEV-17", "DEV-18"),
        (Deadline.PROBATION_END,),
    ),
    Transition("archive", "材料归档", Stage.FULL, Stage.FULL, 25, _B, ("DEV-27",)),
)  # fmt: skip

_END_ROWS: tuple[Transition, ...] = (
    Transition("not_designated", "不确定为入党积极分子", Stage.APPLICANT, Stage.NOT_DESIGNATED, 3, _B),
    Transition("not_designated", "不列为发展对象", _ACT, Stage.NOT_DESIGNATED, 7, _B),
    Transition("meeting_rejects", "支部大会未通过接收", _CAND, Stage.NOT_ADMITTED, 15, _B),
    Transition("committee_rejects", "党委未批准入党", _CAND, Stage.NOT_ADMITTED, 17, _C),
    Transition("cancel_probation", "取消预备党员资格", _PROB, Stage.PROBATION_CANCELLED, 24, _C, ("DEV-17",)),
    Transition("postpone_confirmation", "推迟讨论转正", _PROB, _PROB, None, _B, ("DEV-19",)),
    Transition("not_recognise_transferred", "不予承认（转入后入党材料无法认定）", _PROB, Stage.NOT_RECOGNISED, None, _D, ("DEV-26",)),
    Transition("not_recognise", "不予承认党员身份", _PROB, Stage.NOT_RECOGNISED, None, _D, ("DEV-29",)),
    Transition("not_recognise", "不予承认党员身份", Stage.FULL, Stage.NOT_RECOGNISED, None, _D, ("DEV-29",)),
    *(Transition("withdraw", "本人撤回", s, Stage.WITHDRAWN, None, _B) for s in IN_PROCESS[:3]),
    *(
        Transition("transfer_out", "转出（移交培养考察材料）", s, Stage.TRANSFERRED_OUT, None, _B, ("DEV-6",))
        for s in IN_PROCESS
    ),
    *(
        Transition("transfer_in", "转入（培养教育时间连续计算）", None, s, None, _B, ("DEV-6", "DEV-26"))
        for s in IN_PROCESS
    ),
)  # fmt: skip

TRANSITIONS: tuple[Transition, ...] = _STEP_ROWS + _END_ROWS


def transitions_from(source: Stage | None) -> tuple[Transition, ...]:
    """Every transition a person in ``source`` may undergo (``None``: ways into the process)."""
    return tuple(t for t in TRANSITIONS if t.source == source)


def find_transition(code: str, source: Stage | None, target: Stage | None = None) -> Transition:
    """The row of ``code`` for a person in ``source`` (and leading to ``target``, which only a
    way into the process needs: a transfer in may land in any stage in process).

    Raises ``ValueError`` in Chinese when ``code`` does not apply in that stage (the service
    shows it as a refusal: "发展对象不能进行“谈话”").
    """
    rows = [t for t in TRANSITIONS if t.code == code and t.source == source]
    rows = [t for t in rows if target is None or t.target == target]
    if len(rows) == 1:
        return rows[0]
    labels = {t.label for t in TRANSITIONS if t.code == code}
    if not labels:
        raise ValueError(f"未知的发展党员操作“{code}”")
    if rows:
        raise ValueError(f"“{'、'.join(sorted(labels))}”须指明转入后的阶段")
    where = source.label if source else "流程外人员"
    into = f"转为{target.label}" if target else ""
    raise ValueError(f"{where}不能进行“{'、'.join(sorted(labels))}”{into}")


def reachable_stages() -> frozenset[Stage]:
    """The stages some path from the ways in reaches (every stage, when the table is sound)."""
    seen: set[Stage] = set()
    frontier = [t.target for t in transitions_from(None)]
    while frontier:
        stage = frontier.pop()
        if stage not in seen:
            seen.add(stage)
            frontier.extend(t.target for t in transitions_from(stage))
    return frozenset(seen)
