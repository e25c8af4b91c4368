"""Pages of 发展党员 for the branch secretary (server-rendered, Chinese).

Adapters only: parse with ``forms``, read with ``selectors``, write with ``services``. The
pipeline lists through ``selectors.pipeline`` with the same ``PipelineFilters`` the home
page's due card counts with, so the card's number is the number of rows the link opens.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.accounts.access import (
    access_organization,
    may_decide_for_committee,
    may_develop_in,
    may_manage_some_organization,
    require,
)
from dangjian.core.actor import Actor
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.development import selectors, services
from dangjian.development.forms import (
    ATTENDANCE,
    MEETINGS,
    TALLY_NUMBERS,
    ApplicantForm,
    StepForm,
    parse_date,
    parse_tally,
)
from dangjian.development.inputs import StepInput, TallyInput
from dangjian.development.models import Applicant, DevelopmentDue, DevelopmentStep
from dangjian.development.organizations import deciding_organization
from dangjian.development.owners import STEP_OWNER
from dangjian.documents.selectors import owner_attachments
from dangjian.documents.services import attachment_add
from dangjian.members.register import Register, RegisterEntry, branch_register_as_of
from dangjian.orgs.selectors import org_choices
from dangjian.rules.development.process import (
    IN_PROCESS,
    Body,
    RoleKind,
    Stage,
    Transition,
    transitions_from,
)
from dangjian.rules.idcard import mask_id_number, mask_phone
from dangjian.rules.sources import rule_citation
from dangjian.rules.verdicts import Verdict

MANAGERS_ONLY = "该页面仅供党务工作者使用"
STALE_FORM = "该人员的档案在打开表单后已有新的记录（可能是重复提交），本次未保存，请核对档案"
OUTCOME_LABELS = {"pass": "符合", "warn": "提醒", "block": "不符合"}
# The organisation picker lists at most this many (a root scope may hold thousands; the
# list page of the organisation tree is the way to the others).
PICKER_LIMIT = 400


# -- the pipeline ------------------------------------------------------------------------


@dataclass(frozen=True)
class PipelineRow:
    """One person on the pipeline: the next deadline (``due``), days left (negative: overdue)
    and what it waits for."""

    applicant: Applicant
    due: DevelopmentDue | None
    days_left: int | None
    waits_for: str

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def days_text(self) -> str:
        if self.days_left is None:
            return "—"
        if self.days_left < 0:
            return f"已超期{-self.days_left}天"
        return "今天到期" if self.days_left == 0 else f"剩{self.days_left}天"


def _pipeline_row(applicant: Applicant, today: date) -> PipelineRow:
    dues = list(applicant.dues.all())
    dated = sorted((d for d in dues if d.due_on is not None), key=lambda d: d.due_on or today)
    due = dated[0] if dated else (dues[0] if dues else None)
    days = (due.due_on - today).days if due is not None and due.due_on is not None else None
    return PipelineRow(applicant, due, days, _waits_for(dues, today))


def _waits_for(dues: list[DevelopmentDue], today: date) -> str:
    """What holds the person back: a first day not yet reached, with its article."""
    held = [d for d in dues if d.not_before is not None and d.not_before > today]
    return "；".join(f"{d.what}：{d.not_before:%Y-%m-%d}以后方可办理（依据{rule_citation(d.rule_id)}）"
                    for d in held)  # fmt: skip


def _pipeline_filters(request: HttpRequest) -> selectors.PipelineFilters:
    stage = request.GET.get("stage", "")
    due = request.GET.get("due", "")
    return selectors.PipelineFilters(
        stage=stage if stage in selectors.OPEN_STAGES else "",
        due=due if due in ("overdue", "soon") else "",
    )


@login_required
def pipeline_page(request: HttpRequest) -> HttpResponse:
    """Everyone in the process in the chosen organisation's subtree, overdue first."""
    require(may_manage_some_organization(request.user), MANAGERS_ONLY)
    today = timezone.localdate()
    filters = _pipeline_filters(request)
    org = None
    org_raw = request.GET.get("org", "")
    if org_raw.isdigit():
        org = access_organization(request.user, int(org_raw))
    people = selectors.pipeline(request.user, org, filters, today)
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    orgs = org_choices(request.user).exclude(kind="group")[:PICKER_LIMIT]
    context = {
        "rows": [_pipeline_row(a, today) for a in page.object_list],
        "page": page,
        "query": query.urlencode(),
        "filters": filters,
        "org": org,
        "orgs": [(o.pk, "　" * max(o.depth - 1, 0) + o.name) for o in orgs],
        "stages": [(s.value, s.label) for s in IN_PROCESS],
        "nav": "development",
    }
    template = (
        "development/_pipeline_table.html"
        if getattr(request, "htmx", False)
        else "development/pipeline.html"
    )
    return render(request, template, context)


# -- step 1: the application -----------------------------------------------------------------


@login_required
def applicant_new(request: HttpRequest) -> HttpResponse:
    """Receive an application (step 1) through ``services.applicant_register``."""
    require(may_manage_some_organization(request.user), MANAGERS_ONLY)
    initial: dict[str, Any] = {"received_on": timezone.localdate()}
    if request.GET.get("org", "").isdigit():
        initial["organization_id"] = int(request.GET["org"])
    form = ApplicantForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            applicant = services.applicant_register(actor=request.user, data=form.to_input())
        except InvalidInput as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"已登记{applicant.name}的入党申请")
            return redirect("development:dossier", applicant.pk)
    return render(request, "development/applicant_form.html",
                  {"form": form, "title": "登记入党申请", "nav": "development"})  # fmt: skip


# -- the dossier (一人一档) -----------------------------------------------------------------


@dataclass
class StepView:
    """One step on the timeline, with what the page shows beside it."""

    step: DevelopmentStep
    body_label: str
    checks: list[dict[str, Any]]
    overrides: list[tuple[str, str]]
    attachments: list[Any] = field(default_factory=list)


def _body_label(code: str) -> str:
    try:
        return Body(code).label
    except ValueError:
        return code


def _stored_checks(verdicts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**v, "label": OUTCOME_LABELS.get(v.get("outcome", ""), ""),
             "text": v.get("text") or v.get("message", "")} for v in verdicts]  # fmt: skip


def _override_lines(overrides: dict[str, str]) -> list[tuple[str, str]]:
    return [(rule_citation(rule_id) or "破例通过", reason) for rule_id, reason in overrides.items()]


def may_record(user: Actor, applicant: Applicant, transition: Transition) -> bool:
    """Whether ``user`` may record ``transition`` for ``applicant`` (as the service decides:
    the branch its own steps, the approving 党委 the others)."""
    if RoleKind.BRANCH in transition.roles:
        return may_develop_in(user, applicant.organization)
    return may_decide_for_committee(user, deciding_organization(applicant.organization))


def _may_override(user: Actor, applicant: Applicant) -> bool:
    return may_decide_for_committee(user, deciding_organization(applicant.organization))


def _next_actions(user: Actor, applicant: Applicant) -> list[dict[str, Any]]:
    """The buttons of the next transitions: each once per code, with who may record it."""
    seen: set[str] = set()
    actions = []
    for t in transitions_from(Stage(applicant.stage)):
        if t.code in seen:
            continue
        seen.add(t.code)
        actions.append({"t": t, "allowed": may_record(user, applicant, t),
                        "by": " / ".join(r.label for r in t.roles),
                        "end": t.target.is_end})  # fmt: skip
    return actions


@login_required
def dossier_page(request: HttpRequest, applicant_id: int) -> HttpResponse:
    """A person's whole record: data, the steps as a timeline, the open deadlines, next steps.

    For those who look after the branch; the applicant themself has their own page."""
    if not may_manage_some_organization(request.user):
        return redirect("development:own")
    record = selectors.dossier(request.user, applicant_id)
    applicant = record.applicant
    today = timezone.localdate()
    steps = [
        StepView(
            s,
            _body_label(s.body),
            _stored_checks(s.verdicts),
            _override_lines(s.overrides),
            list(owner_attachments(request.user, STEP_OWNER.code, s.pk)),
        )
        for s in record.steps
    ]
    dues = [(d, (d.due_on - today).days if d.due_on else None) for d in record.dues]
    context = {
        "a": applicant,
        "id_masked": mask_id_number(applicant.id_number or ""),
        "phone_masked": mask_phone(applicant.phone or "") if applicant.phone else "",
        "steps": steps,
        "dues": dues,
        "actions": _next_actions(request.user, applicant),
        "may_attach": may_develop_in(request.user, applicant.organization),
        "has_notice": any(s.code == "designate_candidate" for s in record.steps),
        "has_resolution": any(s.code == "admission_meeting" for s in record.steps),
        "nav": "development",
    }
    return render(request, "development/dossier.html", context)


@login_required
@require_POST
def attachment_upload(request: HttpRequest, applicant_id: int, step_id: int) -> HttpResponse:
    """A scan or photo of one step, through the documents service (type and size checked)."""
    require(may_manage_some_organization(request.user), MANAGERS_ONLY)
    applicant = selectors.access_applicant(request.user, applicant_id)
    step = applicant.steps.filter(pk=step_id).first()
    if step is None:
        raise Http404("未找到该步骤")
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "附件：请选择要上传的文件")
        return redirect("development:dossier", applicant.pk)
    try:
        attachment_add(actor=request.user, owner_kind=STEP_OWNER.code, owner_id=step.pk,
                       upload=upload, name=upload.name or "附件")  # fmt: skip
    except InvalidInput as exc:
        for text in (m for msgs in exc.errors.values() for m in msgs):
            messages.error(request, f"附件：{text}")
    else:
        messages.success(request, f"已为“{step.label}”上传附件")
    return redirect(f"{_dossier_url(applicant)}#step-{step.pk}")


def _dossier_url(applicant: Applicant) -> str:
    from django.urls import reverse

    return reverse("development:dossier", args=[applicant.pk])


# -- one step ------------------------------------------------------------------------------


@dataclass
class TallyView:
    """The 支部大会 part of a meeting form: who may vote on the day and what was marked."""

    on: date
    voters: list[tuple[RegisterEntry, str]]
    without_vote: list[tuple[str, str]]
    numbers: list[tuple[str, str, str]]
    performance: str
    errors: dict[str, list[str]]


def _tally_view(register: Register, post: Any, marks: dict[int, str],
                errors: dict[str, list[str]]) -> TallyView:  # fmt: skip
    voters = [(e, marks.get(e.member_id, "present")) for e in register.may_vote]
    without = [(e.name, e.vote_label) for e in register.should_attend if not e.may_vote]
    without += [(e.name, e.attendance_label) for e in register.left_out]
    numbers = [(name, label, (post.get(name) if post else "") or "")
               for name, label in TALLY_NUMBERS.items()]  # fmt: skip
    performance = (post.get("performance") if post else "") or ""
    return TallyView(register.on, voters, without, numbers, performance, errors)


class _Stale(Exception):
    """The person's record changed after the form was opened (a second submit)."""


def _last_step_id(applicant_id: int) -> int:
    last = DevelopmentStep.objects.filter(applicant_id=applicant_id).order_by("-pk").first()
    return last.pk if last else 0


def _record_once(user: Actor, applicant_id: int, code: str, data: StepInput,
                 seen_last: str) -> DevelopmentStep:  # fmt: skip
    """Record the step unless a step was recorded since the form showed ``seen_last``.

    The person's row is locked first, so two submits of one form cannot both pass the test.
    """
    with transaction.atomic():
        Applicant.objects.select_for_update().filter(pk=applicant_id).first()
        if str(_last_step_id(applicant_id)) != seen_last:
            raise _Stale
        return services.development_step_record(
            actor=user, applicant_id=applicant_id, code=code, data=data
        )


def _overrides_from(post: Any, blocks: list[dict[str, Any]]) -> dict[str, str]:
    reasons = {}
    for b in blocks:
        reason = (post.get(f"override_{b['rule_id']}") or "").strip()
        if reason:
            reasons[b["rule_id"]] = reason
    return reasons


def _verdict_rows(verdicts: list[Verdict]) -> list[dict[str, Any]]:
    return [{"rule_id": v.rule_id, "outcome": v.outcome.value, "label": v.outcome.label,
             "text": v.text, "overridable": v.overridable} for v in verdicts]  # fmt: skip


@login_required
def step_page(request: HttpRequest, applicant_id: int, code: str) -> HttpResponse:
    """The form of one transition; "检查" previews the checks, "记录" records the step."""
    require(may_manage_some_organization(request.user), MANAGERS_ONLY)
    applicant = selectors.access_applicant(request.user, applicant_id)
    transitions = [t for t in transitions_from(Stage(applicant.stage)) if t.code == code]
    if not transitions:
        if request.method == "POST":
            messages.info(request, "该步骤已不适用于此人当前的阶段（可能已记录），请核对档案")
            return redirect("development:dossier", applicant.pk)
        raise Http404("该步骤不适用于此人当前的阶段")
    transition = transitions[0]
    require(may_record(request.user, applicant, transition), "无权记录该步骤")
    today = timezone.localdate()
    post = request.POST if request.method == "POST" else None
    on_param = parse_date(request.GET.get("happened_on"))
    form = StepForm(post, code=code, applicant=applicant,
                    initial={"happened_on": on_param or today})  # fmt: skip
    meeting = code in MEETINGS
    if meeting:
        # Changing the date reloads the list of who may vote that day.
        form.fields["happened_on"].widget.attrs.update({
            "hx-get": request.path, "hx-trigger": "change", "hx-target": "#tally",
            "hx-select": "#tally", "hx-swap": "outerHTML", "hx-include": "this",
        })  # fmt: skip
    seen_last = request.POST.get("last_step", "") if post else str(_last_step_id(applicant.pk))
    verdicts: list[dict[str, Any]] = []
    blocks: list[dict[str, Any]] = []
    tally_values: dict[str, Any] = {}
    tally_errors: dict[str, list[str]] = {}
    marks: dict[int, str] = {}
    valid = post is not None and form.is_valid()
    on: date = on_param or today
    if post is not None:
        on = (form.cleaned_data.get("happened_on") if valid else None) or parse_date(
            post.get("happened_on")) or today  # fmt: skip
    register = branch_register_as_of(applicant.organization, on) if meeting else None
    if meeting and register is not None and post is not None:
        entitled = [e.member_id for e in register.may_vote]
        tally_values, tally_errors, marks = parse_tally(post, entitled)
    may_override = _may_override(request.user, applicant)
    if valid and not tally_errors:
        extra: dict[str, Any] = {}
        if meeting:
            extra["tally"] = TallyInput(**tally_values)
        overrides = _overrides_from(post, list(_pending_blocks(post))) if may_override else {}
        if overrides:
            extra["overrides"] = overrides
        data = form.to_input(**extra)
        try:
            if "check" in request.POST:
                found = services.development_step_check(
                    actor=request.user, applicant_id=applicant.pk, code=code, data=data
                )
                verdicts = _verdict_rows(found)
            else:
                step = _record_once(request.user, applicant.pk, code, data, seen_last)
                _announce(request, step)
                return redirect(f"{_dossier_url(applicant)}#step-{step.pk}")
        except _Stale:
            messages.warning(request, STALE_FORM)
            return redirect("development:dossier", applicant.pk)
        except services.StepRefused as refused:
            verdicts = _verdict_rows(refused.verdicts)
            blocks = _verdict_rows(list(refused.blocks))
        except InvalidInput as exc:
            _spread_errors(form, exc, tally_errors)
        except Conflict as exc:
            form.add_error(None, str(exc))
    context = {
        "a": applicant,
        "t": transition,
        "form": form,
        "last_step": seen_last,
        "tally": _tally_view(register, post, marks, tally_errors) if register else None,
        "attendance": ATTENDANCE,
        "verdicts": verdicts,
        "blocks": blocks,
        "may_override": may_override,
        "overridable": _overridable(blocks, post) if may_override else [],
        "title": f"{transition.label}：{applicant.name}",
        "nav": "development",
    }
    template = "development/step_form.html"
    if getattr(request, "htmx", False) and request.method == "GET":
        template = "development/_tally.html"
    return render(request, template, context)


def _overridable(blocks: list[dict[str, Any]], post: Any) -> list[dict[str, Any]]:
    """The blocks a reason may let through, each with the reason typed so far."""
    return [{**b, "reason": post.get(f"override_{b['rule_id']}", "") if post else ""}
            for b in blocks if b["overridable"]]  # fmt: skip


def _pending_blocks(post: Any) -> list[dict[str, Any]]:
    """The overridable blocks the previous answer showed (their rule IDs came back as fields)."""
    return [
        {"rule_id": key.removeprefix("override_")} for key in post if key.startswith("override_")
    ]


def _spread_errors(form: StepForm, exc: InvalidInput, tally_errors: dict[str, list[str]]) -> None:
    """Each message under its field: the form's own, the tally's, or the form as a whole."""
    tally_fields = {"tally", "present", "present_ids", "written_yes_ids", "written_other_ids",
                    "yes", "no", "abstain", "written_yes", "written_other", "entitled"}  # fmt: skip
    for name, msgs in exc.errors.items():
        if name in form.fields:
            for m in msgs:
                form.add_error(name, m)
        elif name in tally_fields:
            tally_errors.setdefault(name if name in TALLY_NUMBERS else "tally", []).extend(msgs)
        elif name == "notices" and "notice_place" in form.fields:
            for m in msgs:
                form.add_error("notice_place", m)
        else:
            for m in msgs:
                form.add_error(None, m)


def _announce(request: HttpRequest, step: DevelopmentStep) -> None:
    """The success message, with the warnings kept and a meeting's arithmetic."""
    messages.success(request, f"已记录“{step.label}”（{step.happened_on:%Y-%m-%d}）")
    for v in step.verdicts:
        if v.get("outcome") == "warn" or v.get("rule_id") in ("DEV-12", "DEV-13"):
            level = messages.WARNING if v.get("outcome") == "warn" else messages.INFO
            messages.add_message(request, level, v.get("text") or v.get("message", ""))
