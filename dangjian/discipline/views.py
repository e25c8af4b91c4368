"""Pages of Party sanctions (DISC-1): record one for a member, correct it, download the register.

Adapters: parse the form, call ``discipline.services``, render. Who may record is
``accounts.access.may_record_sanction`` (checked again by the service); a member outside the
asker's organisations is a 404, as a missing one.
"""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from dangjian.accounts.access import (
    access_member,
    may_read_sanctions_register,
    may_record_sanction,
    require,
)
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.discipline import services
from dangjian.discipline.exports import sanctions_xlsx
from dangjian.discipline.forms import SanctionCorrectForm, SanctionForm
from dangjian.discipline.models import SanctionRecord
from dangjian.discipline.selectors import recordable_sanctions
from dangjian.members.models import Member

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NOT_YOURS = "无权记录该党员的党纪处分"


def _member(request: HttpRequest, member_id: int) -> Member:
    member = access_member(request.user, member_id)
    require(may_record_sanction(request.user, member), NOT_YOURS)
    return member


def _failed(form: SanctionForm, exc: InvalidInput | Conflict) -> None:
    if isinstance(exc, InvalidInput):
        form.add_service_errors(exc)
    else:
        form.add_error(None, str(exc))


def _status(request: HttpRequest, form: SanctionForm) -> int:
    return 400 if request.method == "POST" and form.errors else 200


@login_required
def sanction_new(request: HttpRequest, member_id: int) -> HttpResponse:
    """Record a sanction of one member; a 开除党籍 also records the exit, a 撤销党内职务 ends
    the member's party posts (both in the service)."""
    member = _member(request, member_id)
    form = SanctionForm(request.POST or None, initial={"decided_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            record = services.sanction_record(
                actor=request.user, member_id=member.pk, data=form.to_input(),
                with_exit=form.cleaned_data["with_exit"],
            )  # fmt: skip
        except (InvalidInput, Conflict) as exc:
            _failed(form, exc)
        else:
            messages.success(request, f"已记录{member.name}{record.get_kind_display()}处分")
            return redirect("members:detail", member.pk)
    context = {"form": form, "member": member, "nav": "members"}
    return render(request, "discipline/sanction_form.html", context, status=_status(request, form))


def _record(request: HttpRequest, sanction_id: int) -> SanctionRecord:
    """The record when the asker may record the member's sanctions; 404 otherwise."""
    record = SanctionRecord.objects.filter(pk=sanction_id).only("member_id").first()
    if record is None:
        raise Http404("未找到该处分记录")
    _member(request, record.member_id)
    found = recordable_sanctions(request.user, record.member_id).filter(pk=sanction_id).first()
    if found is None:
        raise Http404("未找到该处分记录")
    return found


@login_required
def sanction_correct(request: HttpRequest, sanction_id: int) -> HttpResponse:
    """Correct a recorded sanction (a wrong date, a 留党察看 extended, rights restored)."""
    record = _record(request, sanction_id)
    initial = SanctionCorrectForm.initial_of(record)
    form = SanctionCorrectForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.sanction_correct(
                actor=request.user, sanction_id=record.pk, data=form.to_input(),
                correction_reason=form.cleaned_data["correction_reason"],
            )  # fmt: skip
        except (InvalidInput, Conflict) as exc:
            _failed(form, exc)
        else:
            messages.success(request, "已更正处分记录")
            return redirect("members:detail", record.member_id)
    context = {"form": form, "member": record.member, "record": record, "nav": "members"}
    return render(request, "discipline/sanction_form.html", context, status=_status(request, form))


@login_required
def sanctions_export(request: HttpRequest) -> HttpResponse:
    """The sanctions register of the asker's subtree as an Excel workbook."""
    require(may_read_sanctions_register(request.user), "党纪处分登记仅供党委（党总支）组织部门查看")
    today = timezone.localdate()
    response = HttpResponse(sanctions_xlsx(request.user, today), content_type=XLSX)
    filename = quote(f"党纪处分登记{today:%Y%m%d}.xlsx")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response
