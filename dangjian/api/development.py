"""/api/development: 发展党员. Adapters: parse, check scope, call one service or selector.

The pipeline and the dossier read ``development.selectors`` (the asker's scope: a person of
another branch is a 404 and absent from lists); registering and recording a step go through
``development.services``, the same as the pages and the import. A step refused by its checks
answers 422 with each refusal citing the regulation and article; a step that no longer applies
in the person's stage (a second submit of the same step) answers 409 and writes nothing.
"""

# No postponed annotations here: ninja reads the view signatures (Query[...]) at import time.
from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import NinjaAPI, Query, Router, Status
from ninja.pagination import paginate

from dangjian.accounts.access import access_organization, may_manage_some_organization, require
from dangjian.api.auth import current_user
from dangjian.api.development_schemas import (
    ApplicantIn,
    ApplicantOut,
    ApplicantSummaryOut,
    PipelineQuery,
    StepCheckOut,
    StepIn,
    StepResultOut,
    step_input_of,
)
from dangjian.api.pagination import BoundedPageNumberPagination
from dangjian.api.present import Presented
from dangjian.api.schemas import ERRORS, READ_ERRORS
from dangjian.api.types import Id
from dangjian.development import selectors, services
from dangjian.development.inputs import ApplicantInput
from dangjian.development.models import Applicant, DevelopmentDue, DevelopmentStep
from dangjian.development.progress import is_overdue, progress_of
from dangjian.members.choices import Education, Gender, Occupation
from dangjian.rules.development.process import Body, Stage, Transition
from dangjian.rules.idcard import mask_id_number, mask_phone
from dangjian.rules.sources import rule_citation
from dangjian.rules.verdicts import Outcome, Verdict

router = Router(tags=["发展党员"])

REFUSED = "该步骤不符合规定，未予记录"


def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _citation(rule_id: str) -> str:
    try:
        return rule_citation(rule_id)
    except KeyError:  # a stored row from a rule since renamed: show no source rather than fail
        return ""


def _due(due: DevelopmentDue, today: date) -> dict[str, Any]:
    return {
        "deadline": due.deadline, "what": due.what, "due_on": due.due_on,
        "not_before": due.not_before, "hard_limit": due.hard_limit,
        "overdue": is_overdue(due, today), "citation": _citation(due.rule_id),
    }  # fmt: skip


def _summary(applicant: Applicant, dues: list[DevelopmentDue], today: date) -> dict[str, Any]:
    due_dates = [d.due_on for d in dues if d.due_on is not None]
    return {
        "id": applicant.pk,
        "name": applicant.name,
        "gender": applicant.gender,
        "gender_label": _label(Gender, applicant.gender),
        "organization_id": applicant.organization_id,
        "organization_name": applicant.organization.name,
        "stage": applicant.stage,
        "stage_label": Stage(applicant.stage).label,
        "stage_since": applicant.stage_since,
        "applied_on": applicant.applied_on,
        "phone_masked": mask_phone(applicant.phone) if applicant.phone else "",
        "next_due_on": min(due_dates, default=None),
        "overdue": any(is_overdue(d, today) for d in dues),
        "dues": [_due(d, today) for d in dues],
    }


def pipeline_row(applicant: Applicant, today: date) -> dict[str, Any]:
    """One line of the pipeline (the dues come prefetched by ``selectors.pipeline``)."""
    return _summary(applicant, list(applicant.dues.all()), today)


def _verdict(stored: dict[str, Any]) -> dict[str, Any]:
    outcome = str(stored.get("outcome", ""))
    return {
        "rule_id": str(stored.get("rule_id", "")),
        "outcome": outcome,
        "outcome_label": _label(Outcome, outcome),
        "message": str(stored.get("message", "")),
        "text": str(stored.get("text", "")),
        "overridable": bool(stored.get("overridable", False)),
    }


def verdict_out(verdict: Verdict) -> dict[str, Any]:
    """A verdict as the API shows it (the same shape as one stored with a step)."""
    return _verdict({"rule_id": verdict.rule_id, "outcome": verdict.outcome.value,
                     "message": verdict.message, "text": verdict.text,
                     "overridable": verdict.overridable})  # fmt: skip


def _step(step: DevelopmentStep) -> dict[str, Any]:
    return {
        "id": step.pk, "code": step.code, "label": step.label, "step_number": step.step_number,
        "happened_on": step.happened_on, "body": step.body, "body_label": _label(Body, step.body),
        "stage_before": step.stage_before, "stage_after": step.stage_after,
        "stage_after_label": _label(Stage, step.stage_after),
        "people": [
            {"role": p.role, "role_label": p.get_role_display(), "name": p.name,
             "member_id": p.member_id}
            for p in step.people.all()
        ],
        "verdicts": [_verdict(v) for v in step.verdicts if isinstance(v, dict)],
        "overrides": [
            {"rule_id": rule, "citation": _citation(rule), "reason": reason}
            for rule, reason in step.overrides.items()
        ],
        "note": step.note, "recorded_at": step.recorded_at,
    }  # fmt: skip


def _transition(t: Transition) -> dict[str, Any]:
    return {
        "code": t.code, "label": t.label, "step_number": t.step, "target_stage": t.target.value,
        "target_stage_label": t.target.label, "recorded_by": [r.label for r in t.roles],
    }  # fmt: skip


def dossier_out(dossier: selectors.Dossier, today: date) -> dict[str, Any]:
    """The whole record of one person; ID and phone numbers always masked (no audited reveal
    exists for people in the process; the member archive reveals them after admission)."""
    applicant = dossier.applicant
    progress = progress_of(dossier)
    next_step = None
    if progress.next is not None:
        next_step = {
            "transition": _transition(progress.next),
            "dues": [_due(d, today) for d in progress.dues],
        }
    return {
        **_summary(applicant, list(dossier.dues), today),
        "birth_date": applicant.birth_date,
        "ethnicity": applicant.ethnicity,
        "id_number": mask_id_number(applicant.id_number or ""),
        "phone": mask_phone(applicant.phone) if applicant.phone else "",
        "personal_numbers_masked": True,
        "education": applicant.education,
        "education_label": _label(Education, applicant.education),
        "occupation": applicant.occupation,
        "occupation_label": _label(Occupation, applicant.occupation),
        "work_unit": applicant.work_unit,
        "received_on": applicant.received_on,
        "is_mobile": applicant.is_mobile,
        "transferred_in": applicant.transferred_in,
        "form_number": applicant.form_number,
        "member_id": applicant.member_id,
        "steps": [_step(s) for s in dossier.steps],
        "next_step": next_step,
        "next_transitions": [_transition(t) for t in dossier.next_transitions],
    }


@router.get(
    "",
    response={200: list[ApplicantSummaryOut], **READ_ERRORS},
    summary="发展党员工作台账（按阶段、期限、党组织筛选，分页）",
)
@paginate(BoundedPageNumberPagination)
def list_pipeline(request: HttpRequest, filters: Query[PipelineQuery]) -> Any:
    """People in the process the caller may see, overdue first, then by the next due date."""
    user = current_user(request)
    organization = None
    if filters.organization_id:
        organization = access_organization(user, filters.organization_id)
    wanted = selectors.PipelineFilters(stage=filters.stage or "", due=filters.due or "")
    today = timezone.localdate()
    people = selectors.pipeline(user, organization, wanted, today)
    return Presented(people, lambda applicant: pipeline_row(applicant, today))


@router.get(
    "/{applicant_id}", response={200: ApplicantOut, **READ_ERRORS}, summary="发展党员一人一档"
)
def get_dossier(request: HttpRequest, applicant_id: Id) -> Any:
    """Every step with its checks, the people named, the open deadlines and what may follow."""
    user = current_user(request)
    require(
        may_manage_some_organization(user), "一人一档供党务工作者查看；本人请在“我的入党进程”查看"
    )
    return dossier_out(selectors.dossier(user, applicant_id), timezone.localdate())


@router.post("", response={201: ApplicantOut, **ERRORS}, summary="登记入党申请（第1步）")
def register_applicant(request: HttpRequest, payload: ApplicantIn) -> Any:
    """The application as the branch received it; the talk is then due within a month."""
    user = current_user(request)
    applicant = services.applicant_register(actor=user, data=ApplicantInput(**payload.model_dump()))
    return Status(201, dossier_out(selectors.dossier(user, applicant.pk), timezone.localdate()))


@router.post(
    "/{applicant_id}/steps", response={201: StepResultOut, **ERRORS}, summary="记录发展党员步骤"
)
def record_step(request: HttpRequest, applicant_id: Id, payload: StepIn) -> Any:
    """One step dated ``happened_on``. 422 names the field, or cites the article of each check
    that refuses it; 409 when the step does not apply in the person's current stage."""
    user = current_user(request)
    step = services.development_step_record(
        actor=user, applicant_id=applicant_id, code=payload.code, data=step_input_of(payload)
    )
    today = timezone.localdate()
    recorded = DevelopmentStep.objects.prefetch_related("people").get(pk=step.pk)
    return Status(201, {"step": _step(recorded),
                        "applicant": dossier_out(selectors.dossier(user, applicant_id), today)})  # fmt: skip


@router.post(
    "/{applicant_id}/check",
    response={200: StepCheckOut, **ERRORS},
    summary="预先检查步骤（不记录）",
)
def check_step(request: HttpRequest, applicant_id: Id, payload: StepIn) -> Any:
    """The checks the step would run, with their verdicts; nothing is written."""
    user = current_user(request)
    verdicts = services.development_step_check(
        actor=user, applicant_id=applicant_id, code=payload.code, data=step_input_of(payload)
    )
    return {
        "blocked": any(v.is_block for v in verdicts),
        "verdicts": [verdict_out(v) for v in verdicts],
    }


def register_development_errors(api: NinjaAPI) -> None:
    """A refused step: 422 with each refusal under ``checks``, citing its regulation and
    article as the service wrote it (the text is never prefixed with a field name)."""

    @api.exception_handler(services.StepRefused)
    def step_refused(request: HttpRequest, exc: services.StepRefused) -> HttpResponse:
        errors = [{"field": "checks", "message": v.text} for v in exc.blocks]
        return api.create_response(request, {"detail": REFUSED, "errors": errors}, status=422)
