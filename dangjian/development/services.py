"""The use cases of 发展党员: receive an application, record a step, transfer a person in.

Every door (the pages, the API, the Excel import, the demo) calls these. A step is one row of
``rules.development.process.TRANSITIONS``: ``development_step_record`` looks it up for the
person's current stage, checks who may record it, runs its checks (``checks.gather``), refuses
on a block unless a person with the permission overrides it with a reason, and then, in one
transaction with the person's row locked, writes the step, the people named, the new stage,
the open deadlines and an audit row. Admission (step 17) gives the person a probationary
``Member`` with 入党时间 the 支部大会's date (DEV-15); confirmation (step 24) goes through
``members.services.member_confirm`` with the 转正时间 of DEV-19.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from itertools import pairwise
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from dangjian.accounts.access import (
    may_decide_for_committee,
    may_develop_in,
    require,
    visible_members,
)
from dangjian.core import crypto
from dangjian.core.actor import Actor, acting_user
from dangjian.core.audit import audit
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.core.text import TextError, TextKind, clean_text
from dangjian.development.checks import gather
from dangjian.development.history import EARLIER_DATES, History, history_of
from dangjian.development.inputs import ApplicantInput, StepInput
from dangjian.development.models import Applicant, DevelopmentDue, DevelopmentStep, StepPerson
from dangjian.development.organizations import deciding_organization
from dangjian.development.selectors import access_applicant
from dangjian.members.choices import Stage as MemberStage
from dangjian.members.choices import Status
from dangjian.members.inputs import MemberInput
from dangjian.members.models import Member
from dangjian.members.services import member_change, member_confirm, member_create
from dangjian.members.validation import check_member_fields
from dangjian.orgs.models import Organization
from dangjian.rules.dates import age_on, format_cn_date
from dangjian.rules.development.applicants import MINIMUM_AGE, date_of_age
from dangjian.rules.development.deadlines import open_dues
from dangjian.rules.development.process import (
    TRANSITIONS,
    RoleKind,
    Stage,
    Transition,
    find_transition,
)
from dangjian.rules.development.records import Material, check_handover
from dangjian.rules.idcard import parse_id_number
from dangjian.rules.numbers import normalize_phone
from dangjian.rules.organization import OrgKind
from dangjian.rules.verdicts import Verdict, refusals

NOT_A_BRANCH = "入党申请应由党支部接收，请选择党支部"
NOT_YOUR_BRANCH = "无权记录该党支部的发展党员工作"
NOT_YOUR_COMMITTEE = (
    "该步骤须由具有审批权限的党委记录，无权代为记录（依据《中国共产党发展党员工作细则》第二十二条）"
)
OVERRIDE_REFUSED = "只有具有审批权限的党委可以对不符合规定的检查破例通过（依据《中国共产党发展党员工作细则》第二十二条）"


class StepRefused(InvalidInput):
    """A step refused by its checks: ``verdicts`` holds every verdict, the blocks among them
    named under ``checks`` in Chinese with their regulation and article."""

    def __init__(self, verdicts: list[Verdict], blocks: tuple[Verdict, ...]) -> None:
        super().__init__({"checks": [v.text for v in blocks]})
        self.verdicts = verdicts
        self.blocks = blocks


def _today() -> date:
    return timezone.localdate()


# -- receiving an application (step 1) ------------------------------------------------------


@transaction.atomic
def applicant_register(*, actor: Actor, data: ApplicantInput) -> Applicant:
    """A person's application as the branch received it (step 1, DEV-2's month starts).

    Raises ``InvalidInput`` naming each bad field (nothing written), ``PermissionDenied`` when
    ``actor`` does not look after the branch.
    """
    branch = _branch(actor, data.organization_id)
    values = _applicant_values(actor, data)
    applicant = Applicant(**values, organization=branch, stage=Stage.APPLICANT,
                          stage_since=data.received_on)  # fmt: skip
    try:
        with transaction.atomic():
            applicant.save()
    except IntegrityError:
        raise InvalidInput.one(
            "id_number", _in_process_message(actor, values["id_number_hash"])
        ) from None
    step = DevelopmentStep.objects.create(
        applicant=applicant, code="apply", label="递交入党申请书", step_number=1,
        stage_after=Stage.APPLICANT, happened_on=data.applied_on, body="person",
        verdicts=[_stored(v) for v in _application_age(data)],
        details={"received_on": data.received_on.isoformat()}, recorded_by=acting_user(actor),
    )  # fmt: skip
    _refresh_dues(applicant, History(applicant, [step]))
    audit(actor=actor, action="development.apply", obj=applicant,
          detail=f"{applicant.name}：{branch.name}收到入党申请书")  # fmt: skip
    return applicant


def _application_age(data: ApplicantInput) -> list[Verdict]:
    """DEV-1 looks at the day of the 支部大会; an application written before 18 is kept with a
    warning naming the day the person comes of age, so nobody is admitted a day early."""
    if age_on(data.birth_date, data.applied_on) >= MINIMUM_AGE:
        return []
    turns = date_of_age(data.birth_date, MINIMUM_AGE)
    return [
        Verdict.warning(
            "DEV-1",
            f"递交申请时未满{MINIMUM_AGE}周岁，{format_cn_date(turns)}年满"
            f"{MINIMUM_AGE}周岁；接收为预备党员须在支部大会召开之日年满{MINIMUM_AGE}周岁",
        )
    ]


def _branch(actor: Actor, organization_id: int) -> Organization:
    branch = Organization.objects.filter(pk=organization_id).first()
    if branch is None or (actor is not None and not may_develop_in(actor, branch)):
        raise InvalidInput.one("organization_id", "未找到该党支部，或无权在该党支部登记")
    if not OrgKind(branch.kind).is_branch:
        raise InvalidInput.one("organization_id", NOT_A_BRANCH)
    return branch


# What anyone who may not see the record holding a number is told: that it is on file, never
# where or in which state (a number must not find a person in another branch).
REGISTERED_ELSEWHERE = (
    "该公民身份号码已在本平台登记，不能重复登记；如为转入人员，请联系上级党组织核实办理"
)


def _in_process_message(actor: Actor, id_hash: str) -> str:
    """The refusal of a number already in a branch's process, told in full only to whoever
    may see that person."""
    from dangjian.development.selectors import visible_applicants

    holders = Applicant.objects if actor is None else visible_applicants(actor)
    holder = holders.filter(id_number_hash=id_hash).select_related("organization").first()
    if holder is None:
        return REGISTERED_ELSEWHERE
    return (
        f"此人已在{holder.organization.name}的发展党员流程中（{holder.stage_label}），不能重复登记"
    )


def _applicant_values(actor: Actor, data: ApplicantInput) -> dict[str, Any]:
    errors = _person_errors(data)

    today = _today()
    for name in ("applied_on", "received_on"):
        if getattr(data, name) > today:
            errors.setdefault(name, []).append("日期不能晚于今天")
    if data.received_on < data.applied_on:
        errors.setdefault("received_on", []).append("收到申请的日期不能早于申请书日期")
    id_number = "" if "id_number" in errors else parse_id_number(data.id_number).value
    id_hash = crypto.lookup_hash(id_number) if id_number else ""
    holder = Member.objects.filter(id_number_hash=id_hash).first() if id_hash else None
    if holder is not None:
        seen = actor is None or visible_members(actor).filter(pk=holder.pk).exists()
        told = "此人已有党员档案，不能作为入党申请人登记" if seen else REGISTERED_ELSEWHERE
        errors.setdefault("id_number", []).append(told)
    if errors:
        raise InvalidInput(errors)
    values = {k: v for k, v in asdict(data).items() if k != "organization_id"}
    values.update(name=values["name"].strip(), id_number=id_number, id_number_hash=id_hash,
                  phone=normalize_phone(data.phone) or None, work_unit=data.work_unit.strip())  # fmt: skip
    return values


def _person_errors(data: ApplicantInput) -> dict[str, list[str]]:
    """The archive's own checks of a person (name, ID number against birth date and gender,
    phone, education, occupation), so an applicant is held to what their member record will
    be held to at admission."""
    as_member = MemberInput(
        name=data.name, gender=data.gender, birth_date=data.birth_date, id_number=data.id_number,
        ethnicity=data.ethnicity, education=data.education, occupation=data.occupation,
        stage=MemberStage.PROBATIONARY, dues_category="salaried",
        organization_id=data.organization_id, phone=data.phone, work_unit=data.work_unit,
    )  # fmt: skip
    errors = check_member_fields(as_member, _today())
    for party_field in ("joined_on", "confirmed_on", "applied_on", "stage", "dues_category"):
        errors.pop(party_field, None)
    try:
        clean_text(data.work_unit, TextKind.TEXT)
    except TextError as error:
        errors.setdefault("work_unit", []).append(f"工作单位{error}")
    return errors


# -- recording a step --------------------------------------------------------------------


def development_step_check(
    *, actor: Actor, applicant_id: int, code: str, data: StepInput
) -> list[Verdict]:
    """The verdicts ``development_step_record`` would give, without writing anything: for a
    form to show before the secretary submits. Raises as the record would, except on a block."""
    applicant = access_applicant(actor, applicant_id)
    transition = _transition(applicant, code, data)
    _require_role(actor, applicant, transition)
    history = history_of(applicant)
    _check_date(applicant, history, transition, data.happened_on)
    return gather(actor, applicant, history, code, data).verdicts


@transaction.atomic
def development_step_record(
    *, actor: Actor, applicant_id: int, code: str, data: StepInput
) -> DevelopmentStep:
    """Record one step (transition ``code``) of a person, dated ``data.happened_on``.

    Raises ``InvalidInput`` naming a missing or bad field, ``StepRefused`` when a check blocks
    (citing the regulation and article), ``Conflict`` when the step does not apply in the
    person's stage, ``PermissionDenied`` when ``actor`` may not record it, ``Http404`` for a
    person outside ``actor``'s scope. Nothing is written unless the whole step is.
    """
    access_applicant(actor, applicant_id)  # 404 outside the scope, before the lock
    applicant = (
        Applicant.objects.select_for_update().select_related("organization").get(pk=applicant_id)
    )
    transition = _transition(applicant, code, data)
    _require_role(actor, applicant, transition)
    history = history_of(applicant)
    _check_date(applicant, history, transition, data.happened_on)
    note = _clean_note(data.note)
    gathered = gather(actor, applicant, history, code, data)
    overrides = _overrides(actor, applicant, data, gathered.verdicts, history)
    blocks = refusals(gathered.verdicts, set(overrides) | history.overridden)
    if blocks:
        raise StepRefused(gathered.verdicts, blocks)
    step = _write_step(actor, applicant, transition, data, note, gathered, overrides,
                       history.overridden)  # fmt: skip
    _apply_effects(actor, applicant, transition, data, step)
    _refresh_dues(applicant, history_of(applicant))
    audit(actor=actor, action=f"development.{code}", obj=applicant,
          after={"step": step.pk, "stage": applicant.stage, "overrides": overrides},
          detail=f"{applicant.name}：{transition.label}（{data.happened_on.isoformat()}）")  # fmt: skip
    return step


def _transition(applicant: Applicant, code: str, data: StepInput) -> Transition:
    target = Stage(data.target_stage) if data.target_stage else None
    try:
        return find_transition(code, Stage(applicant.stage), target)
    except ValueError as error:
        raise Conflict(str(error)) from None


def _require_role(actor: Actor, applicant: Applicant, transition: Transition) -> None:
    """The branch records its own steps; a 党委's steps need the 党委 (细则第二十二条)."""
    if actor is None:
        return
    if RoleKind.BRANCH in transition.roles:
        require(may_develop_in(actor, applicant.organization), NOT_YOUR_BRANCH)
        return
    committee = deciding_organization(applicant.organization)
    require(may_decide_for_committee(actor, committee), NOT_YOUR_COMMITTEE)


def _check_date(
    applicant: Applicant, history: History, transition: Transition, happened_on: date
) -> None:
    """The step's day against the record: not in the future, not before the application or
    the day the person entered their stage, not before a step it follows (``_FOLLOWS``), and
    not a second record of the same step on the same day (a form submitted twice)."""
    if happened_on > _today():
        raise InvalidInput.one("happened_on", "日期不能晚于今天")
    if happened_on < applicant.applied_on:
        raise InvalidInput.one("happened_on", "日期不能早于入党申请书的日期")
    if happened_on < applicant.stage_since:
        raise InvalidInput.one(
            "happened_on",
            f"日期不能早于成为{Stage(applicant.stage).label}的日期"
            f"（{format_cn_date(applicant.stage_since)}）",
        )
    for earlier_code, article in _FOLLOWS.get(transition.code, ()):
        earlier = history.last(earlier_code)
        label = _label(earlier_code)
        source = f"（依据《中国共产党发展党员工作细则》{article}）"
        if earlier is None:
            raise Conflict(f"尚未记录“{label}”，不能记录“{transition.label}”{source}")
        if happened_on < earlier.happened_on:
            raise InvalidInput.one(
                "happened_on",
                f"“{transition.label}”的日期不能早于“{label}”"
                f"（{format_cn_date(earlier.happened_on)}）{source}",
            )
    _check_once(history, transition)
    if any(s.code == transition.code and s.happened_on == happened_on for s in history.steps):
        raise Conflict(
            f"“{transition.label}”已记录{format_cn_date(happened_on)}的一次，不能重复记录"
        )


def _check_once(history: History, transition: Transition) -> None:
    """A 入党志愿书 is issued to a person once (DEV-30: its number stays theirs) and the
    支部大会 decides on admission once; the confirmation meeting once per probation (again
    only after an extension)."""
    done: DevelopmentStep | None = None
    if transition.code in ONCE or (
        transition.code == "confirmation_meeting" and history.confirmation_meeting_on
    ):
        done = history.last(transition.code)
    if done is not None:
        raise Conflict(f"已于{format_cn_date(done.happened_on)}记录“{done.label}”，不能再次记录")


# Steps a person goes through once (a filing, a review, the oath): recorded again they would
# only blur the record; a correction is a note, not a second step.
ONCE = frozenset({
    "application_form", "admission_meeting", "file_activist", "file_candidate",
    "committee_review", "pre_review", "committee_talk", "file_admission", "oath", "apply_full",
    "archive",
})  # fmt: skip

# A step that follows another on the record, with the article that orders them.
_FOLLOWS: dict[str, tuple[tuple[str, str], ...]] = {
    "designate_activist": (("talk", "第七条"),),
    "pre_review": (("committee_review", "第十八条"),),
    "application_form": (("pre_review", "第十八条"),),
    "admission_meeting": (("application_form", "第二十一条"),),
    "approve_admission": (("committee_talk", "第二十三条"),),
    "confirmation_meeting": (("apply_full", "第三十二条"),),
    "extend": (("confirmation_meeting", "第三十一条"),),
}


def _label(code: str) -> str:
    return next(t.label for t in TRANSITIONS if t.code == code)


def _clean_note(note: str) -> str:
    try:
        text = clean_text(note, TextKind.TEXT)
    except TextError as error:
        raise InvalidInput.one("note", f"说明{error}") from None
    if len(text) > 500:
        raise InvalidInput.one("note", f"说明最多500个字，实为{len(text)}个字")
    return text


def _overrides(
    actor: Actor, applicant: Applicant, data: StepInput, verdicts: list[Verdict], history: History
) -> dict[str, str]:
    """The overrides of this step: each names an overridable block and carries a reason, and
    only the approving 党委 may give one (细则: "个别特殊情况")."""
    if not data.overrides:
        return {}
    if actor is not None:
        committee = deciding_organization(applicant.organization)
        require(may_decide_for_committee(actor, committee), OVERRIDE_REFUSED)
    overridable = {v.rule_id for v in verdicts if v.is_block and v.overridable}
    # A rule blocked beyond what an override may lift (DEV-14 past six months) is refused with
    # its own text by the caller, which names the regulation; an override of it changes nothing.
    hard = {v.rule_id for v in verdicts if v.is_block and not v.overridable}
    kept: dict[str, str] = {}
    for rule_id, reason in data.overrides.items():
        if rule_id in hard:
            continue
        if rule_id not in overridable:
            raise InvalidInput.one("overrides", "所选检查不允许破例通过，或本步骤没有该项不符合")
        why = _clean_note(reason)
        if sum(ch.isalnum() for ch in why) < 4:
            raise InvalidInput.one("overrides", "破例通过须写明特殊情况（至少4个字）")
        kept[rule_id] = why
    return kept


def _write_step(
    actor: Actor, applicant: Applicant, transition: Transition, data: StepInput, note: str,
    gathered: Any, overrides: dict[str, str], carried: frozenset[str] = frozenset(),
) -> DevelopmentStep:  # fmt: skip
    step = DevelopmentStep.objects.create(
        applicant=applicant, code=transition.code, label=transition.label,
        step_number=transition.step, stage_before=applicant.stage,
        stage_after=transition.target, happened_on=data.happened_on,
        body=_body(transition), details=gathered.details,
        verdicts=[_stored(v, carried - set(overrides)) for v in gathered.verdicts],
        overrides=overrides, note=note,
        recorded_by=acting_user(actor),
    )  # fmt: skip
    StepPerson.objects.bulk_create(
        StepPerson(step=step, role=role, member=member, name=name)
        for role, member, name in gathered.people
    )
    return step


def _body(transition: Transition) -> str:
    from dangjian.rules.development.process import step

    return step(transition.step).body.value if transition.step else "branch"


def _stored(verdict: Verdict, carried: frozenset[str] | set[str] = frozenset()) -> dict[str, Any]:
    """A verdict as kept with the step. A block overridden at an earlier step is kept as a
    warning saying so: the step went on under that recorded decision, it did not fail."""
    if verdict.is_block and verdict.rule_id in carried:
        note = "（此前步骤已由党委破例通过，见该步骤记录的理由）"
        return {"rule_id": verdict.rule_id, "outcome": "warn", "message": verdict.message + note,
                "text": verdict.text + note, "overridable": verdict.overridable,
                "carried_override": True}  # fmt: skip
    return {"rule_id": verdict.rule_id, "outcome": verdict.outcome.value,
            "message": verdict.message, "text": verdict.text,
            "overridable": verdict.overridable}  # fmt: skip


def _apply_effects(
    actor: Actor, applicant: Applicant, transition: Transition, data: StepInput,
    step: DevelopmentStep,
) -> None:  # fmt: skip
    """The new stage, and what the step changes in the member archive."""
    changed = ["updated_at"]
    if transition.target != applicant.stage:
        applicant.stage, applicant.stage_since = transition.target, data.happened_on
        changed += ["stage", "stage_since"]
    if transition.code == "application_form":
        applicant.form_number = step.details["form_number"]
        changed.append("form_number")
    if data.expected_leave_on and transition.code in ("pre_review", "admission_meeting"):
        applicant.expected_leave_on = data.expected_leave_on
        changed.append("expected_leave_on")
    try:
        with transaction.atomic():
            applicant.save(update_fields=changed)
    except IntegrityError:
        raise InvalidInput.one(
            "form_number", "该入党志愿书编号已发放过，每个编号只能使用一次"
        ) from None
    effect = _EFFECTS.get(transition.code)
    if effect is not None:
        effect(actor, applicant, step)


def _admit(actor: Actor, applicant: Applicant, step: DevelopmentStep) -> None:
    """DEV-15: the approved person becomes a probationary member, 入党时间 the 支部大会's day."""
    meeting_on = history_of(applicant).meeting_on
    assert meeting_on is not None  # the approval's checks required it
    data = MemberInput(
        name=applicant.name, gender=applicant.gender, birth_date=applicant.birth_date,
        id_number=applicant.id_number or "", ethnicity=applicant.ethnicity,
        education=applicant.education, occupation=applicant.occupation,
        stage=MemberStage.PROBATIONARY, dues_category=_dues_category(applicant),
        organization_id=applicant.organization_id, joined_on=meeting_on,
        applied_on=applicant.applied_on, phone=applicant.phone or "",
        work_unit=applicant.work_unit,
    )  # fmt: skip
    member = member_create(
        actor=None, data=data, reason=f"党委审批接收为预备党员（{step.happened_on}）"
    )
    applicant.member = member
    applicant.save(update_fields=["member", "updated_at"])


def _dues_category(applicant: Applicant) -> str:
    """The dues category a new member starts in, from the occupation (DUES-1..6); the
    secretary corrects it on the member's page when it differs."""
    by_occupation = {"student": "student", "retired": "retired", "farmer": "farmer"}
    return by_occupation.get(applicant.occupation, "salaried")


def _confirm(actor: Actor, applicant: Applicant, step: DevelopmentStep) -> None:
    """DEV-19: the 转正时间 is the end of probation, whatever the approval date."""
    member = _member_of(applicant)
    confirmed_on = date.fromisoformat(step.details["confirmed_on"])
    member_confirm(actor=None, member_id=member.pk, confirmed_on=confirmed_on,
                   reason=f"党委审批转为正式党员（{step.happened_on}）")  # fmt: skip


def _member_of(applicant: Applicant) -> Member:
    if applicant.member_id is None:
        raise Conflict("该预备党员没有党员档案，请先记录党委审批接收预备党员")
    return Member.objects.get(pk=applicant.member_id)


def _leave(status: str) -> Any:
    def effect(actor: Actor, applicant: Applicant, step: DevelopmentStep) -> None:
        if applicant.member_id is None:
            return
        reason = f"{step.label}（{step.happened_on}）" + (f"：{step.note}" if step.note else "")
        member_change(actor=None, member_id=applicant.member_id, changes={"status": status},
                      effective_on=step.happened_on, reason=reason)  # fmt: skip

    return effect


def _place(actor: Actor, applicant: Applicant, step: DevelopmentStep) -> None:
    group_id = step.details.get("party_group_id")
    if group_id is None:
        return
    member = _member_of(applicant)
    if member.party_group_id != group_id:
        member_change(actor=None, member_id=member.pk, changes={"party_group_id": group_id},
                      effective_on=step.happened_on, reason="编入党小组")  # fmt: skip


_EFFECTS = {
    "approve_admission": _admit,
    "confirm": _confirm,
    "place": _place,
    "cancel_probation": _leave(Status.LEFT),
    "not_recognise": _leave(Status.LEFT),
    "not_recognise_transferred": _leave(Status.LEFT),
    "transfer_out": _leave(Status.TRANSFERRED_OUT),
}


def _refresh_dues(applicant: Applicant, history: History) -> None:
    """Rewrite the person's open deadlines from the history (DevelopmentDue)."""
    DevelopmentDue.objects.filter(applicant=applicant).delete()
    rows = [
        DevelopmentDue(
            applicant=applicant,
            organization_id=applicant.organization_id,
            deadline=due.deadline.value,
            rule_id=due.rule_id,
            what=due.what,
            due_on=due.due_on,
            not_before=due.not_before,
            hard_limit=due.hard_limit,
        )
        for due in open_dues(history.dated_facts())
    ]
    DevelopmentDue.objects.bulk_create(rows)


# -- a person transferred in -------------------------------------------------------------


@transaction.atomic
def applicant_transfer_in(
    *, actor: Actor, data: ApplicantInput, stage: str, earlier: dict[str, date | None],
    handed_over: tuple[str, ...], received_on: date, note: str = "",
) -> Applicant:  # fmt: skip
    """A person in the process elsewhere, received with their file (DEV-6, DEV-26).

    The training time counts on from ``earlier["activist_on"]``; a probationary member keeps
    the 支部大会's date (``earlier["meeting_on"]``, DEV-15) and gets a member record here.
    ``stage`` is where they stand; ``handed_over`` the materials received
    (``rules.development.records.Material`` codes); ``received_on`` the day the file came.
    Raises like ``applicant_register`` and ``StepRefused`` when the file lacks what the
    stage requires.
    """
    target = _transfer_stage(stage)
    needed = {"activist": ("activist_on",), "candidate": ("activist_on", "candidate_on"),
              "probationary": ("activist_on", "meeting_on", "approved_on")}[target.value]  # fmt: skip
    for key in needed:
        if earlier.get(key) is None:
            raise InvalidInput.one(key, "请填写转出单位记录的该日期")
    _check_earlier(earlier, received_on)
    branch = _branch(actor, data.organization_id)
    applicant = Applicant(**_applicant_values(actor, data), organization=branch, stage=target,
                          stage_since=received_on, transferred_in=True)  # fmt: skip
    try:
        with transaction.atomic():
            applicant.save()
    except IntegrityError:
        raise InvalidInput.one(
            "id_number", _in_process_message(actor, applicant.id_number_hash)
        ) from None
    verdict = check_handover(target, [_material(m) for m in handed_over])
    if verdict.is_block:
        raise StepRefused([verdict], (verdict,))
    dates = {k: v.isoformat() for k, v in earlier.items() if k in EARLIER_DATES and v}
    DevelopmentStep.objects.create(
        applicant=applicant, code="transfer_in", label="转入（培养教育时间连续计算）",
        stage_after=target, happened_on=received_on, body="branch",
        details={**dates, "materials": list(handed_over)}, verdicts=[_stored(verdict)],
        note=_clean_note(note), recorded_by=acting_user(actor),
    )  # fmt: skip
    if target is Stage.PROBATIONARY:
        _admit(actor, applicant, DevelopmentStep.objects.filter(applicant=applicant).last())  # type: ignore[arg-type]
    _refresh_dues(applicant, history_of(applicant))
    audit(actor=actor, action="development.transfer_in", obj=applicant,
          detail=f"{applicant.name}：以{target.label}转入{branch.name}")  # fmt: skip
    return applicant


_EARLIER_LABELS = {"activist_on": "确定为入党积极分子", "candidate_on": "确定为发展对象",
                   "meeting_on": "支部大会通过", "approved_on": "党委审批"}  # fmt: skip


def _check_earlier(earlier: dict[str, date | None], received_on: date) -> None:
    """The dates a transfer brings: in the process's order, none after the file came here,
    which is not in the future."""
    if received_on > _today():
        raise InvalidInput.one("received_on", "日期不能晚于今天")
    known = [(k, earlier[k]) for k in EARLIER_DATES if earlier.get(k) is not None]
    for (key, value), (later_key, later) in pairwise(known):
        assert value is not None and later is not None
        if later < value:
            raise InvalidInput.one(
                later_key,
                f"{_EARLIER_LABELS[later_key]}的日期不能早于{_EARLIER_LABELS[key]}的日期"
                f"（{format_cn_date(value)}）",
            )
    for key, value in known:
        assert value is not None
        if value > received_on:
            raise InvalidInput.one(key, f"{_EARLIER_LABELS[key]}的日期不能晚于转入日期")


def _transfer_stage(stage: str) -> Stage:
    try:
        target = Stage(stage)
    except ValueError:
        target = Stage.FULL
    if target not in (Stage.ACTIVIST, Stage.CANDIDATE, Stage.PROBATIONARY):
        raise InvalidInput.one("stage", "转入时的阶段应为入党积极分子、发展对象或预备党员")
    return target


def _material(code: str) -> Material:
    try:
        return Material(code)
    except ValueError:
        raise InvalidInput.one("materials", f"未知的材料“{code}”") from None
