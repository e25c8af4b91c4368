"""The checks of each transition, with the facts gathered from the archive.

``rules.development`` holds the pure checks; this module knows where their facts live (the
person's history, the members named, the register as of the meeting day, the number ranges,
the holiday calendar) and returns, for one transition and one ``StepInput``, the verdicts and
what the step will store. The service refuses on a block and keeps the rest with the step.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dangjian.core.actor import Actor
from dangjian.core.errors import InvalidInput
from dangjian.core.workdays import holiday_calendar
from dangjian.development.history import History
from dangjian.development.inputs import StepInput, TallyInput
from dangjian.development.models import Applicant, FormNumberRange, PersonRole
from dangjian.development.organizations import approver_kind
from dangjian.discipline.selectors import sanctions_by_member
from dangjian.members.choices import Stage as MemberStage
from dangjian.members.choices import Status
from dangjian.members.models import Member
from dangjian.members.register import Register, branch_register_as_of
from dangjian.orgs.models import Organization
from dangjian.rules.development import (
    admission,
    applicants,
    candidates,
    designation,
    forms,
    probation,
    records,
    voting,
)
from dangjian.rules.development.process import Body, Stage
from dangjian.rules.verdicts import Verdict


@dataclass
class Gathered:
    """What a transition's checks found: the verdicts, the details to store, the people."""

    verdicts: list[Verdict] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)
    people: list[tuple[str, Member | None, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Context:
    actor: Actor
    applicant: Applicant
    history: History
    data: StepInput

    @property
    def on(self) -> date:
        return self.data.happened_on


Gatherer = Callable[[Context, Gathered], None]


def _need(condition: bool, field_name: str, message: str) -> None:
    if not condition:
        raise InvalidInput.one(field_name, message)


def _members(ids: Sequence[int], applicant: Applicant, field_name: str) -> list[Member]:
    """The members named by ``ids``, who must belong to the person's branch or one of its
    党小组 (the 细则 names members of the branch as contacts and sponsors)."""
    found = {m.pk: m for m in Member.objects.filter(pk__in=list(ids))}
    branch = applicant.organization
    for member_id in ids:
        member = found.get(member_id)
        inside = member is not None and (
            member.organization_id == branch.pk or member.organization.path.startswith(branch.path)
        )
        _need(inside, field_name, f"未在本支部找到所选党员（#{member_id}）")
    return [found[i] for i in ids]


def _full_on(member: Member, on: date) -> bool:
    """A full member in good standing on ``on`` (confirmed on or before it)."""
    return (
        member.status == Status.NORMAL
        and member.stage == MemberStage.FULL
        and member.confirmed_on is not None
        and member.confirmed_on <= on
    )


def _talk(c: Context, g: Gathered) -> None:
    _need(bool(c.data.talker.strip()), "talker", "请填写谈话人")
    g.people.append((PersonRole.TALKER, None, c.data.talker.strip()))
    if c.applicant.stage == Stage.APPLICANT:
        g.verdicts.append(applicants.check_application_talk(c.applicant.received_on, c.on))


def _designate_activist(c: Context, g: Gathered) -> None:
    recommendation = _choice(
        applicants.Recommendation, c.data.recommendation, "recommendation", "推荐方式"
    )
    decided_by = _choice(Body, c.data.decided_by or Body.BRANCH_COMMITTEE, "decided_by", "决定机构")
    g.details.update(recommendation=c.data.recommendation, decided_by=decided_by.value)
    g.verdicts.append(applicants.check_activist_designation(
        received_on=c.applicant.received_on, designated_on=c.on, decided_by=decided_by,
        branch_has_committee=_has_committee(c.applicant, c.on), recommendation=recommendation,
    ))  # fmt: skip


def _has_committee(applicant: Applicant, on: date) -> bool:
    """ORG-3: a branch of 7 or more full members elects a committee."""
    register = branch_register_as_of(applicant.organization, on)
    return sum(1 for e in register.should_attend if e.stage == MemberStage.FULL) >= 7


def _choice(enum: Any, value: str, field_name: str, label: str) -> Any:
    try:
        return enum(value)
    except ValueError:
        raise InvalidInput.one(field_name, f"请选择{label}") from None


def _assign_contacts(c: Context, g: Gathered) -> None:
    contacts = _members(c.data.contact_ids, c.applicant, "contact_ids")
    people = [applicants.PartyMember(m.name, _full_on(m, c.on)) for m in contacts]
    g.verdicts.append(applicants.check_contact_persons(people))
    g.people.extend((PersonRole.CONTACT, m, m.name) for m in contacts)


def _assess(c: Context, g: Gathered) -> None:
    activist_on = c.history.activist_on
    _need(activist_on is not None, "happened_on", "尚未记录确定为入党积极分子的日期")
    assert activist_on is not None
    _need(c.on >= activist_on, "happened_on", "考察日期早于确定为入党积极分子的日期")
    dates = [*c.history.dates("assess"), c.on]
    g.verdicts.append(applicants.check_assessments(activist_on, dates, c.on))


def _designate_candidate(c: Context, g: Gathered) -> None:
    activist_on = c.history.activist_on
    _need(activist_on is not None, "happened_on", "尚未记录确定为入党积极分子的日期")
    assert activist_on is not None
    opinions = [
        _choice(designation.Opinion, o, "opinions", "听取意见的对象") for o in c.data.opinions
    ]
    notices = [_notice(n.place, n.starts_on, n.ends_on) for n in c.data.notices]
    first_notice = min((n.starts_on for n in notices), default=None)
    g.verdicts += [
        designation.check_activist_year(activist_on, c.on),
        designation.check_opinions_heard(opinions),
        designation.check_higher_consent(c.data.consented_on, first_notice),
        designation.check_public_notice(
            notices, mobile=c.applicant.is_mobile, designated_on=c.on, calendar=holiday_calendar()
        ),
        applicants.check_assessments(activist_on, c.history.dates("assess"), c.on),
    ]
    g.details.update(
        opinions=list(c.data.opinions),
        consented_on=_iso(c.data.consented_on),
        notices=[{"place": n.place.value, "starts_on": _iso(n.starts_on),
                  "ends_on": _iso(n.ends_on)} for n in notices],
    )  # fmt: skip


def _notice(place: str, starts_on: date, ends_on: date) -> designation.Notice:
    kind = _choice(designation.NoticePlace, place, "notices", "公示地点")
    _need(ends_on >= starts_on, "notices", "公示结束日期早于开始日期")
    return designation.Notice(kind, starts_on, ends_on)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _sponsors(c: Context, g: Gathered, on: date) -> list[Member]:
    members = _members(c.data.sponsor_ids, c.applicant, "sponsor_ids")
    sanctions = sanctions_by_member(m.pk for m in members)
    sponsors = [candidates.Sponsor(m.name, _full_on(m, on), tuple(sanctions.get(m.pk, [])))
                for m in members]  # fmt: skip
    g.verdicts.append(candidates.check_sponsors(sponsors, on))
    return members


def _name_sponsors(c: Context, g: Gathered) -> None:
    members = _sponsors(c, g, c.on)
    g.people.extend((PersonRole.SPONSOR, m, m.name) for m in members)


def _recorded_sponsors(c: Context, g: Gathered) -> None:
    """DEV-8 again at a later step, for the sponsors named before (a sanction may have come)."""
    step = c.history.last("name_sponsors")
    ids = tuple(p.member_id for p in step.people.all() if p.member_id) if step else ()
    _sponsors(Context(c.actor, c.applicant, c.history, _with(c.data, sponsor_ids=ids)), g, c.on)


def _with(data: StepInput, **changes: Any) -> StepInput:
    from dataclasses import replace

    return replace(data, **changes)


def _review(c: Context) -> candidates.PoliticalReview | None:
    step = c.history.last("political_review")
    if step is None:
        return None
    return candidates.PoliticalReview(
        concluded_on=step.happened_on,
        passed=bool(step.details.get("passed")),
        household_opinion_on=_date(step.details.get("household_opinion_on")),
        residence_opinion_on=_date(step.details.get("residence_opinion_on")),
    )


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _political_review(c: Context, g: Gathered) -> None:
    _need(c.data.review_passed is not None, "review_passed", "请选择政治审查结论")
    review = candidates.PoliticalReview(
        c.on, bool(c.data.review_passed), c.data.household_opinion_on, c.data.residence_opinion_on
    )
    g.details.update(passed=bool(c.data.review_passed),
                     household_opinion_on=_iso(c.data.household_opinion_on),
                     residence_opinion_on=_iso(c.data.residence_opinion_on))  # fmt: skip
    g.verdicts += [
        candidates.check_political_review(review, c.on),
        candidates.check_mobile_review(review, mobile=c.applicant.is_mobile),
    ]


def _training(c: Context, g: Gathered) -> None:
    days, hours = c.data.training_days, c.data.training_hours
    _need(days is not None or hours is not None, "training_hours", "请填写培训天数或学时")
    _need((days or 0) >= 0, "training_days", "培训天数不能为负数")
    _need((hours or 0) >= 0, "training_hours", "培训学时不能为负数")
    g.details.update(days=days or 0, hours=hours or 0)
    g.verdicts.append(candidates.check_training(days or 0, hours or 0))


def _recorded_training(c: Context, g: Gathered) -> None:
    days = c.history.detail("training", "days") or 0
    hours = c.history.detail("training", "hours") or 0
    g.verdicts.append(candidates.check_training(int(days), int(hours)))


def _committee_review(c: Context, g: Gathered) -> None:
    g.verdicts.append(candidates.check_political_review(_review(c), c.on))
    _recorded_training(c, g)
    _recorded_sponsors(c, g)


def _pre_review(c: Context, g: Gathered) -> None:
    g.verdicts.append(candidates.check_political_review(_review(c), c.on))
    _recorded_training(c, g)
    g.verdicts.append(candidates.check_leaving(_leaving(c), c.on))


def _leaving(c: Context) -> date | None:
    return c.data.expected_leave_on or c.applicant.expected_leave_on


def _application_form(c: Context, g: Gathered) -> None:
    number = c.data.form_number.strip()
    _need(bool(number), "form_number", "请填写入党志愿书编号")
    ranges = list(FormNumberRange.objects.filter(organization__in=_form_owners(c.applicant)))
    _need(bool(ranges), "form_number", "本组织尚未登记入党志愿书编号段，请先由党委登记编号段")
    # Only whether this number was issued matters; the unique constraint settles a race.
    issued = {number} if Applicant.objects.filter(form_number=number).exists() else set()
    verdicts = [forms.check_form_number(number, _range(r), issued) for r in ranges]
    passed = [v for v in verdicts if not v.is_block]
    g.verdicts.append(passed[0] if passed else verdicts[0])
    g.details["form_number"] = number


def _form_owners(applicant: Applicant) -> list[Any]:
    """The ranges of the branch and of every organisation above it count."""
    return [applicant.organization, *Organization.objects.get_ancestors(applicant.organization)]


def _range(row: FormNumberRange) -> forms.NumberRange:
    return forms.NumberRange(int(row.first), int(row.last), int(row.width))


def _tally(c: Context, register: Register, tally: TallyInput | None) -> voting.Tally:
    """The tally checked against the entitled voting members of the register (DEV-16)."""
    _need(tally is not None, "tally", "请填写表决情况")
    assert tally is not None
    entitled = {e.member_id for e in register.may_vote}
    for ids, name in ((tally.present_ids, "present_ids"), (tally.written_yes_ids, "written_yes_ids"),
                      (tally.written_other_ids, "written_other_ids")):  # fmt: skip
        outside = [i for i in ids if i not in entitled]
        _need(not outside, name, f"所选党员中有{len(outside)}人不是应到会有表决权的党员")
    written = set(tally.written_yes_ids) | set(tally.written_other_ids)
    _need(not (written & set(tally.present_ids)), "written_yes_ids",
          "到会党员不能再提交书面意见")  # fmt: skip
    try:
        return voting.Tally(
            entitled=len(entitled), present=len(set(tally.present_ids)), yes=tally.yes,
            no=tally.no, abstain=tally.abstain, written_yes=len(set(tally.written_yes_ids)),
            written_other=len(set(tally.written_other_ids)),
        )  # fmt: skip
    except voting.TallyError as error:
        raise InvalidInput.one(error.field, str(error)) from None


def _meeting(c: Context, g: Gathered, *, confirmation: bool) -> voting.Tally:
    register = branch_register_as_of(c.applicant.organization, c.on)
    tally = _tally(c, register, c.data.tally)
    assert c.data.tally is not None
    g.verdicts += voting.check_meeting(tally, confirmation=confirmation)
    excluded = [f"{e.name}：{e.vote_label}" for e in register.should_attend if not e.may_vote]
    g.details.update(
        tally={"entitled": tally.entitled, "present": tally.present, "yes": tally.yes,
               "no": tally.no, "abstain": tally.abstain, "written_yes": tally.written_yes,
               "written_other": tally.written_other},
        entitled_ids=[e.member_id for e in register.may_vote],
        present_ids=list(c.data.tally.present_ids),
        written_yes_ids=list(c.data.tally.written_yes_ids),
        written_other_ids=list(c.data.tally.written_other_ids),
        without_vote=excluded,
        performance=c.data.tally.performance.strip(),
    )  # fmt: skip
    return tally


def _admission_meeting(c: Context, g: Gathered) -> None:
    prereview_on = c.history.on("pre_review")
    _need(prereview_on is not None, "happened_on", "尚未记录基层党委预审，不能提交支部大会讨论")
    assert prereview_on is not None
    g.verdicts.append(applicants.check_age(c.applicant.birth_date, c.on))
    tally = _meeting(c, g, confirmation=False)
    assert c.data.tally is not None
    g.verdicts += [
        admission.check_assembly_after_prereview(prereview_on, c.on),
        candidates.check_leaving(_leaving(c), c.on),
        voting.check_resolution(performance=c.data.tally.performance, tally=tally,
                                resolved_on=c.on, secretary_signed=True),
    ]  # fmt: skip


def _approve_admission(c: Context, g: Gathered) -> None:
    meeting_on = c.history.meeting_on
    _need(meeting_on is not None, "happened_on", "尚未记录支部大会讨论接收预备党员")
    assert meeting_on is not None
    admitted = _admitted_in_year(c.applicant, c.on.year) + 1
    g.verdicts += [
        admission.check_approver(approver_kind(c.applicant.organization)),
        admission.check_approval_timing(meeting_on, c.on),
        admission.check_collective_approval(collective=c.data.collective, candidates_in_vote=1),
        admission.check_annual_plan(admitted, _quota(c.applicant, c.on.year)),
    ]
    period = admission.probation_period(meeting_on)
    g.details.update(
        probation_starts_on=_iso(period.starts_on), probation_ends_on=_iso(period.ends_on)
    )


def _admitted_in_year(applicant: Applicant, year: int) -> int:
    from dangjian.development.models import DevelopmentStep
    from dangjian.development.organizations import deciding_organization

    committee = deciding_organization(applicant.organization)
    return DevelopmentStep.objects.filter(
        code="approve_admission", happened_on__year=year,
        applicant__organization__path__startswith=committee.path,
    ).count()  # fmt: skip


def _quota(applicant: Applicant, year: int) -> int | None:
    from dangjian.development.models import AnnualPlan
    from dangjian.development.organizations import deciding_organization

    committee = deciding_organization(applicant.organization)
    plan = AnnualPlan.objects.filter(organization=committee, year=year).first()
    return plan.quota if plan else None


def _oath(c: Context, g: Gathered) -> None:
    approved_on = c.history.approved_on
    _need(approved_on is not None, "happened_on", "尚未记录党委审批")
    assert approved_on is not None
    g.details["collective_oath"] = c.data.collective_oath
    g.verdicts.append(
        admission.check_oath(approved_on, c.on, collective_oath=c.data.collective_oath)
    )


def _probation_ends(c: Context) -> date:
    meeting_on = c.history.meeting_on
    _need(meeting_on is not None, "happened_on", "尚未记录接收预备党员的支部大会日期")
    assert meeting_on is not None
    return probation.probation_end(meeting_on, c.history.extension_months)


def _confirmation_meeting(c: Context, g: Gathered) -> None:
    ends = _probation_ends(c)
    g.verdicts.append(probation.check_confirmation_meeting(
        c.on, ends, transferred_in=c.applicant.transferred_in))  # fmt: skip
    _meeting(c, g, confirmation=True)


def _confirm(c: Context, g: Gathered) -> None:
    meeting_on = c.history.confirmation_meeting_on
    _need(meeting_on is not None, "happened_on",
          "尚未记录支部大会讨论转正（延长预备期后须在延长期满时重新讨论）")  # fmt: skip
    assert meeting_on is not None
    g.verdicts.append(probation.check_confirmation_approval(meeting_on, c.on))
    confirmed_on = probation.confirmation_date(c.history.meeting_on or meeting_on,
                                               c.history.extension_months)  # fmt: skip
    g.details["confirmed_on"] = confirmed_on.isoformat()


def _extend(c: Context, g: Gathered) -> None:
    months = c.data.extension_months
    _need(months is not None, "extension_months", "请填写延长预备期的月数")
    assert months is not None
    before = c.history.last("extend") is not None
    verdict = probation.check_extension(months, extended_before=before)
    g.verdicts.append(verdict)
    g.details["extension_months"] = months
    if not verdict.is_block:  # an extension out of range has no end to compute
        g.details["probation_ends_on"] = probation.probation_end(
            c.history.meeting_on or c.on, c.history.extension_months + months).isoformat()  # fmt: skip


def _postpone(c: Context, g: Gathered) -> None:
    until = c.data.postponed_until
    _need(until is not None, "postponed_until", "请填写推迟讨论转正至哪一天")
    assert until is not None
    ends = _probation_ends(c)
    g.verdicts.append(
        probation.check_postponement(until, ends, transferred_in=c.applicant.transferred_in)
    )
    g.details.update(postponed_until=until.isoformat(), probation_ends_on=ends.isoformat())


def _committee_rejects(c: Context, g: Gathered) -> None:
    meeting_on = c.history.meeting_on
    _need(meeting_on is not None, "happened_on", "尚未记录支部大会讨论接收预备党员，党委无从审批")
    assert meeting_on is not None
    _need(c.on >= meeting_on, "happened_on", "党委审批日期不能早于支部大会")


def _materials(c: Context) -> list[records.Material]:
    return [_choice(records.Material, m, "materials", "材料") for m in c.data.materials]


def _transfer_out(c: Context, g: Gathered) -> None:
    g.details["materials"] = list(c.data.materials)
    g.verdicts.append(records.check_handover(Stage(c.applicant.stage), _materials(c)))


def _archive(c: Context, g: Gathered) -> None:
    g.details["materials"] = list(c.data.materials)
    g.verdicts.append(records.check_archive(_materials(c)))


def _not_recognise(c: Context, g: Gathered) -> None:
    g.details["department_approved"] = c.data.department_approved
    g.verdicts.append(
        records.check_not_recognised(
            transferred_in=c.applicant.transferred_in,
            department_approved=c.data.department_approved,
        )
    )


def _not_recognise_transferred(c: Context, g: Gathered) -> None:
    """DEV-26: the way for a transferred-in probationary member whose records cannot be
    verified; anyone else is not recognised under DEV-29 (``not_recognise``)."""
    g.details["department_approved"] = c.data.department_approved
    if not c.applicant.transferred_in:
        g.verdicts.append(Verdict.blocked(
            "DEV-26", "该预备党员不是转入人员，不适用“转入后入党材料无法认定”的不予承认"))  # fmt: skip
        return
    g.verdicts.append(
        records.check_not_recognised(transferred_in=True,
                                     department_approved=c.data.department_approved)
    )  # fmt: skip


def _cancel_probation(c: Context, g: Gathered) -> None:
    _need(bool(c.data.note.strip()), "note", "请写明取消预备党员资格的理由")


def _place(c: Context, g: Gathered) -> None:
    g.details["party_group_id"] = c.data.party_group_id


def _nothing(c: Context, g: Gathered) -> None:
    return None


GATHERERS: dict[str, Gatherer] = {
    "talk": _talk,
    "committee_talk": _talk,
    "designate_activist": _designate_activist,
    "assign_contacts": _assign_contacts,
    "assess": _assess,
    "designate_candidate": _designate_candidate,
    "name_sponsors": _name_sponsors,
    "political_review": _political_review,
    "training": _training,
    "committee_review": _committee_review,
    "pre_review": _pre_review,
    "application_form": _application_form,
    "admission_meeting": _admission_meeting,
    "approve_admission": _approve_admission,
    "oath": _oath,
    "confirmation_meeting": _confirmation_meeting,
    "confirm": _confirm,
    "extend": _extend,
    "archive": _archive,
    "transfer_out": _transfer_out,
    "not_recognise": _not_recognise,
    "not_recognise_transferred": _not_recognise_transferred,
    "postpone_confirmation": _postpone,
    "committee_rejects": _committee_rejects,
    "cancel_probation": _cancel_probation,
    "place": _place,
}


def gather(
    actor: Actor, applicant: Applicant, history: History, code: str, data: StepInput
) -> Gathered:
    """The verdicts of transition ``code`` for ``applicant`` with ``data``, and what to store.

    Raises ``InvalidInput`` naming the field when a fact the checks need is missing or wrong.
    """
    gathered = Gathered()
    GATHERERS.get(code, _nothing)(Context(actor, applicant, history, data), gathered)
    return gathered
