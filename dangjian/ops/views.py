"""The operations page: the scheduler, job runs and backups, for system administrators."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from dangjian.accounts.access import may_operate_platform, require
from dangjian.jobs.lock import lock_state
from dangjian.jobs.selectors import counts_text, job_label, recent_runs
from dangjian.ops.backup import backups_list
from dangjian.ops.services import Unavailable, backup_request


@login_required
def operations(request: HttpRequest) -> HttpResponse:
    require(may_operate_platform(request.user), "运行维护页面仅系统管理员可查看")
    runs = list(recent_runs(job=request.GET.get("job", "")))
    for run in runs:
        run.label = job_label(run.job)  # type: ignore[attr-defined]
        run.counts_text = counts_text(run.counts)  # type: ignore[attr-defined]
    context = {
        "nav": "ops",
        "scheduler": lock_state(),
        "ttl": settings.SCHEDULER_LOCK_TTL,
        "runs": runs,
        "backups": backups_list(settings.BACKUP_DIR)[:30],
        "backup_dir": settings.BACKUP_DIR,
        "keep_days": settings.BACKUP_KEEP_DAYS,
    }
    return render(request, "ops/operations.html", context)


@login_required
@require_POST
def backup_now(request: HttpRequest) -> HttpResponse:
    try:
        backup_request(actor=request.user)
    except Unavailable as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已提交备份任务，后台完成后将出现在下方列表中。")
    return redirect("ops:operations")
