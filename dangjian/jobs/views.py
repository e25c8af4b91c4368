"""The 定时任务 pages: the catalogue with each job's schedule and a manual run, the runs with
their filters, and one run's detail. System administrators only (``may_operate_platform``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from dangjian.accounts.access import may_operate_platform, require
from dangjian.jobs.catalogue import Job, catalogue, job_label
from dangjian.jobs.models import JobRun, RunOutcome
from dangjian.jobs.periods import Every, schedule_text
from dangjian.jobs.schedule import effective_schedule, periodic_task
from dangjian.jobs.selectors import DENIED, RunFilter, counts_text, run_detail, run_list
from dangjian.jobs.services import RunRefused, job_run_now, job_schedule_change
from dangjian.members.forms import ChineseForm

PER_PAGE = 50


class RunFilterForm(ChineseForm):
    job = forms.ChoiceField(label="任务", required=False)
    outcome = forms.ChoiceField(
        label="结果", required=False, choices=[("", "全部"), *RunOutcome.choices]
    )
    start = forms.DateField(label="开始日期", required=False)
    end = forms.DateField(label="结束日期", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = [(job.name, job.label) for job in catalogue()]
        job_field = self.fields["job"]
        assert isinstance(job_field, forms.ChoiceField)
        job_field.choices = [("", "全部"), *names]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", "结束日期不能早于开始日期")
        return data


@dataclass(frozen=True)
class JobRow:
    """A line of the catalogue: the job, its schedule as the beat follows it, whether it is
    switched on, and its latest run."""

    job: Job
    schedule: str
    enabled: bool
    last: JobRun | None
    at: str  # "07:30" for a daily or monthly job, "" for an interval


@login_required
def run_list_page(request: HttpRequest) -> HttpResponse:
    require(may_operate_platform(request.user), DENIED)
    form = RunFilterForm(request.GET or None)
    filters = RunFilter(failing=request.GET.get("failing") == "1")
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = RunFilter(job=data["job"], outcome=data["outcome"], start=data["start"],
                            end=data["end"], failing=filters.failing)  # fmt: skip
    runs = run_list(request.user, filters) if not form.errors else JobRun.objects.none()
    page = Paginator(runs, PER_PAGE).get_page(request.GET.get("page"))
    for run in page.object_list:
        _label(run)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"nav": "jobs", "form": form, "page": page, "runs": page.object_list,
               "query": query.urlencode(), "jobs": _job_rows(), "failing": filters.failing}  # fmt: skip
    return render(request, "jobs/runs.html", context, status=400 if form.errors else 200)


@login_required
def run_page(request: HttpRequest, run_id: int) -> HttpResponse:
    run = run_detail(request.user, run_id)
    if run is None:
        raise Http404("没有这条运行记录")
    _label(run)
    return render(request, "jobs/run.html", {"nav": "jobs", "run": run})


@login_required
@require_POST
def run_now(request: HttpRequest) -> HttpResponse:
    try:
        job = job_run_now(actor=request.user, name=request.POST.get("job", ""))
    except RunRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已提交“{job.label}”，后台完成后将出现在运行记录中。")
    return redirect("jobs:runs")


@login_required
@require_POST
def schedule_change(request: HttpRequest) -> HttpResponse:
    try:
        job = job_schedule_change(
            actor=request.user, name=request.POST.get("job", ""),
            enabled=request.POST.get("enabled") == "on", at=request.POST.get("at", ""),
        )  # fmt: skip
    except RunRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已保存“{job.label}”的执行时间和启用状态。")
    return redirect("jobs:runs")


def _label(run: JobRun) -> None:
    run.label = job_label(run.job)  # type: ignore[attr-defined]
    run.counts_text = counts_text(run.counts)  # type: ignore[attr-defined]


def _job_rows() -> list[JobRow]:
    rows = []
    for job in catalogue():
        task = periodic_task(job.name)
        last = JobRun.objects.filter(job=job.name).order_by("-started_at", "-id").first()
        schedule = effective_schedule(job, task)
        at = "" if isinstance(schedule, Every) else f"{schedule.hour:02d}:{schedule.minute:02d}"
        rows.append(JobRow(job, schedule_text(schedule), task.enabled if task else True, last, at))
    return rows
