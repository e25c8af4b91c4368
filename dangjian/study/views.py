"""学习教育 pages: the member's (phone first) and the 党务工作者's. Adapters over the services
and selectors; each refusal is shown on the field it concerns."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.accounts.access import (
    may_manage_some_organization,
    require,
    visible_members,
    visible_organizations,
)
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.core.workbook import ImportFileError
from dangjian.members.choices import Status
from dangjian.members.models import Member
from dangjian.orgs.models import Organization
from dangjian.rules.citations import cite
from dangjian.rules.study import hours_text
from dangjian.study import selectors, services
from dangjian.study.exports import completion_xlsx
from dangjian.study.forms import (
    ExemptionForm,
    ItemChangeForm,
    ItemForm,
    PointItemForm,
    QuestionImportForm,
    QuizForm,
    SessionForm,
    WithdrawForm,
    year_of,
)
from dangjian.study.question_import import import_questions, write_template
from dangjian.study.videos import video_response

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_SHOWN_ROWS = 200


def _show(form: forms.Form, error: InvalidInput | Conflict, fields: dict[str, str]) -> None:
    """Put a service's refusal on the form field it names (``fields`` maps service names to
    form names); a refusal of the whole act goes above the form."""
    if isinstance(error, Conflict):
        form.add_error(None, str(error))
        return
    for name, messages in error.errors.items():
        target = fields.get(name, name)
        for message in messages:
            form.add_error(target if target in form.fields else None, message)


# --- the member's pages -------------------------------------------------------------------------


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """What is due, my hours against EDU-1/EDU-2, my quizzes and points."""
    today = timezone.localdate()
    member = selectors.own_member(request.user)
    context: dict[str, Any] = {"nav": "study_mine", "member": member, "today": today}
    if member is not None:
        status = selectors.member_status(member, today.year, today)
        done = selectors.studied_item_ids(member)
        items = list(selectors.items_for_member(member))
        context.update(
            status=status, citation=cite(status.requirement.rule_id),
            hours={k: hours_text(v) for k, v in (("online", status.online), ("offline", status.offline),
                   ("total", status.total), ("required", status.requirement.tenths))},
            due=[i for i in items if i.pk not in done], studied=[i for i in items if i.pk in done],
            quizzes=_quiz_lines(member), points=selectors.member_points(member, today.year),
        )  # fmt: skip
    return render(request, "study/mine.html", context)


def _quiz_lines(member: Member) -> list[tuple[Any, int | None, bool]]:
    today = timezone.localdate()
    lines = []
    for quiz in selectors.quizzes_for_member(member):
        scores = [a.score for a in selectors.attempts_of(member, quiz) if a.score is not None]
        lines.append((quiz, max(scores) if scores else None, quiz.due_on >= today))
    return lines


@login_required
def item(request: HttpRequest, item_id: int) -> HttpResponse:
    """One item: its content, and the button that marks it studied (online hours, once)."""
    member = selectors.own_member(request.user)
    found = selectors.item_for_member(member, item_id) if member else None
    if member is None or found is None:
        raise Http404("未找到该学习任务")
    if request.method == "POST":
        services.study_item_mark_studied(actor=request.user, item_id=item_id)
        return redirect("study:item", item_id=item_id)
    studied = found.pk in selectors.studied_item_ids(member)
    return render(request, "study/item.html", {"nav": "study_mine", "item": found,
                  "studied": studied, "hours": hours_text(found.hours)})  # fmt: skip


@login_required
def video(request: HttpRequest, item_id: int) -> HttpResponseBase:
    """An uploaded video, to a member it is assigned to or to whoever looks after the
    organisation that assigned it, whole or by byte range (``videos.video_response``); 404 to
    anyone else, as for a missing one."""
    member = selectors.own_member(request.user)
    found = selectors.item_for_member(member, item_id) if member else None
    found = found or selectors.assigned_items(request.user).filter(pk=item_id).first()
    if found is None or not found.video:
        raise Http404("未找到该视频")
    return video_response(found.video, request.headers.get("Range"))


@login_required
@require_POST
def quiz_start(request: HttpRequest, quiz_id: int) -> HttpResponse:
    try:
        attempt = services.quiz_start(actor=request.user, quiz_id=quiz_id)
    except Conflict as error:
        return render(request, "study/refused.html", {"message": str(error)}, status=409)
    return redirect("study:attempt", attempt_id=attempt.pk)


@login_required
def attempt(request: HttpRequest, attempt_id: int) -> HttpResponse:
    """The paper: answered and submitted before the time limit; scored on the server."""
    member = selectors.own_member(request.user)
    paper = selectors.own_attempt(member, attempt_id) if member else None
    if member is None or paper is None:
        raise Http404("未找到该答卷")
    error = ""
    if request.method == "POST" and paper.submitted_at is None:
        answers = {str(q): "".join(request.POST.getlist(f"q{q}")) for q in paper.question_ids}
        try:
            paper = services.quiz_submit(actor=request.user, attempt_id=paper.pk, answers=answers)
        except (Conflict, InvalidInput) as refusal:
            error = (
                "；".join(m for ms in refusal.errors.values() for m in ms)
                if isinstance(refusal, InvalidInput)
                else str(refusal)
            )
            paper = selectors.own_attempt(member, attempt_id) or paper  # closed if it ran out
    rows = list(enumerate(selectors.paper_questions(paper), 1))
    remaining = max(0, int((paper.deadline - timezone.now()).total_seconds()))
    return render(request, "study/attempt.html", {"nav": "study_mine", "paper": paper,
                  "rows": rows, "error": error, "remaining": remaining,
                  "remaining_text": f"{remaining // 60}分{remaining % 60:02d}秒",
                  "today": timezone.localdate()})  # fmt: skip


# --- the 党务工作者's pages ------------------------------------------------------------------


def _manager(request: HttpRequest) -> None:
    require(may_manage_some_organization(request.user), "该页面仅供党务工作者使用")


def _organizations(request: HttpRequest) -> list[Organization]:
    found = visible_organizations(request.user).filter(dissolved_on__isnull=True)
    return list(found.order_by("path")[:2000])


def _members(request: HttpRequest) -> list[Member]:
    found = visible_members(request.user).filter(status=Status.NORMAL)
    return list(found.select_related("organization").order_by("organization__path", "name")[:2000])


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    """Completion by branch for a year, and what was assigned, recorded and set."""
    _manager(request)
    today = timezone.localdate()
    year = year_of(request.GET.get("year"), today)
    lines = selectors.completion_by_branch(request.user, year, today)
    return render(request, "study/manage.html", {
        "nav": "study", "year": year, "lines": [(line, hours_text(line.tenths)) for line in lines],
        "items": selectors.assigned_items(request.user)[:50],
        "sessions": selectors.sessions_in_scope(request.user)[:50],
        "quizzes": selectors.quizzes_in_scope(request.user)[:50],
        "edu1": cite("EDU-1"), "edu2": cite("EDU-2"), "years": range(today.year, today.year - 5, -1),
    })  # fmt: skip


@login_required
def completion_export(request: HttpRequest) -> HttpResponse:
    _manager(request)
    today = timezone.localdate()
    year = year_of(request.GET.get("year"), today)
    data = completion_xlsx(selectors.completion_by_branch(request.user, year, today), year)
    response = HttpResponse(data, content_type=XLSX)
    name = quote(f"{year}年度党员学习完成情况.xlsx")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response


def _form_page(request: HttpRequest, template: str, form: forms.Form, title: str) -> HttpResponse:
    return render(request, template, {"nav": "study", "form": form, "title": title})


@login_required
def item_new(request: HttpRequest) -> HttpResponse:
    _manager(request)
    form = ItemForm(request.POST or None, request.FILES or None,
                    organizations=_organizations(request), actor=request.user)  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.study_item_assign(actor=request.user, data=services.ItemInput(
                organization_id=data["organization"], title=data["title"], kind=data["kind"],
                hours=data["hours"], due_on=data["due_on"], document_id=data["document"],
                url=data["url"], video=data["video"]))  # fmt: skip
        except (InvalidInput, Conflict) as error:
            _show(form, error, {"organization_id": "organization", "document_id": "document"})
        else:
            return redirect("study:manage")
    return _form_page(request, "study/form.html", form, "布置学习任务")


def _published(request: HttpRequest, item_id: int) -> Any:
    found = selectors.assigned_items(request.user).filter(pk=item_id).first()
    if found is None:
        raise Http404("未找到该学习任务")
    return found


@login_required
def item_change(request: HttpRequest, item_id: int) -> HttpResponse:
    """Change a published item's due date or hours (recorded with the before and after), with
    its history and the withdraw form."""
    _manager(request)
    found = _published(request, item_id)
    initial = {"due_on": found.due_on, "hours": hours_text(found.hours)}
    form = ItemChangeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        change = services.ItemChange(due_on=data["due_on"], hours=data["hours"],
                                     reason=data["reason"])  # fmt: skip
        try:
            services.study_item_change(actor=request.user, item_id=item_id, change=change)
        except (InvalidInput, Conflict) as error:
            _show(form, error, {})
        else:
            return redirect("study:item_change", item_id=item_id)
    return _item_page(request, found, form, WithdrawForm())


@login_required
@require_POST
def item_withdraw(request: HttpRequest, item_id: int) -> HttpResponse:
    """撤回 a published item; the hours already credited stay (the page says so)."""
    _manager(request)
    found = _published(request, item_id)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.study_item_withdraw(actor=request.user, item_id=item_id,
                                         reason=form.cleaned_data["reason"])  # fmt: skip
        except (InvalidInput, Conflict) as error:
            _show(form, error, {})
        else:
            return redirect("study:item_change", item_id=item_id)
    return _item_page(request, found, ItemChangeForm(initial={"due_on": found.due_on,
                      "hours": hours_text(found.hours)}), form)  # fmt: skip


def _item_page(
    request: HttpRequest, found: Any, form: forms.Form, withdraw: forms.Form
) -> HttpResponse:
    return render(request, "study/item_manage.html", {
        "nav": "study", "item": found, "form": form, "withdraw": withdraw,
        "hours": hours_text(found.hours), "credited": selectors.credited_count(found),
        "events": selectors.item_events(found),
    })  # fmt: skip


@login_required
def session_new(request: HttpRequest) -> HttpResponse:
    _manager(request)
    form = SessionForm(request.POST or None, organizations=_organizations(request),
                       members=_members(request))  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.study_session_record(actor=request.user, data=services.SessionInput(
                organization_id=data["organization"], topic=data["topic"],
                held_on=data["held_on"], hours=data["hours"],
                member_ids=tuple(data["members"])))  # fmt: skip
        except (InvalidInput, Conflict) as error:
            _show(form, error, {"organization_id": "organization", "member_ids": "members"})
        else:
            return redirect("study:manage")
    return _form_page(request, "study/form.html", form, "登记集中学习")


@login_required
def exemption_new(request: HttpRequest) -> HttpResponse:
    _manager(request)
    initial = {"year": timezone.localdate().year}
    form = ExemptionForm(request.POST or None, initial=initial, members=_members(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.study_exemption_grant(actor=request.user, member_id=data["member"],
                                           year=data["year"], reason=data["reason"])  # fmt: skip
        except (InvalidInput, Conflict) as error:
            _show(form, error, {"member_id": "member"})
        else:
            return redirect("study:manage")
    return _form_page(request, "study/form.html", form, "学时免于考核")


@login_required
def quiz_new(request: HttpRequest) -> HttpResponse:
    _manager(request)
    form = QuizForm(request.POST or None, organizations=_organizations(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.quiz_create(actor=request.user, data=services.QuizInput(
                organization_id=data["organization"], title=data["title"],
                question_count=data["question_count"], minutes=data["minutes"],
                due_on=data["due_on"], pass_score=data["pass_score"]))  # fmt: skip
        except (InvalidInput, Conflict) as error:
            _show(form, error, {"organization_id": "organization"})
        else:
            return redirect("study:manage")
    return _form_page(request, "study/form.html", form, "布置知识测试")


@login_required
def points(request: HttpRequest) -> HttpResponse:
    _manager(request)
    form = PointItemForm(request.POST or None, organizations=_organizations(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.point_item_set(actor=request.user, organization_id=data["organization"],
                                    source=data["source"], points=data["points"],
                                    yearly_cap=data["yearly_cap"])  # fmt: skip
        except PermissionDenied as error:
            form.add_error("organization", str(error))
        except (InvalidInput, Conflict) as error:
            _show(form, error, {"organization_id": "organization"})
        else:
            return redirect("study:points")
    return _form_page(request, "study/form.html", form, "积分办法设置")


@login_required
def quiz_results(request: HttpRequest, quiz_id: int) -> HttpResponse:
    _manager(request)
    quiz = selectors.quiz_in_scope(request.user, quiz_id)
    if quiz is None:
        raise Http404("未找到该知识测试")
    members, branches = selectors.quiz_results(request.user, quiz)
    return render(request, "study/results.html", {"nav": "study", "quiz": quiz,
                  "members": members, "branches": branches})  # fmt: skip


@login_required
def questions_import(request: HttpRequest) -> HttpResponse:
    """Upload a question bank: "预览" checks every row and keeps nothing; "导入" writes the
    whole file or, when a row is refused, nothing."""
    _manager(request)
    form = QuestionImportForm(request.POST or None, request.FILES or None,
                              organizations=_organizations(request))  # fmt: skip
    context: dict[str, Any] = {"form": form, "nav": "study", "shown": _SHOWN_ROWS}
    if request.method == "POST" and form.is_valid():
        commit = "commit" in request.POST
        try:
            result = import_questions(actor=request.user, commit=commit,
                                      organization_id=form.cleaned_data["organization"],
                                      source=form.cleaned_data["file"])  # fmt: skip
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            report = result.report
            context.update(report=report, summary=result.summary, preview=not commit,
                           good_rows_label=result.good_rows_label,
                           rows=report.rows[:_SHOWN_ROWS], problems=report.problems[:_SHOWN_ROWS])  # fmt: skip
    return render(request, "study/questions_import.html", context)


@login_required
def questions_template(request: HttpRequest) -> HttpResponse:
    _manager(request)
    response = HttpResponse(write_template(), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote('题库导入模板.xlsx')}"
    return response
