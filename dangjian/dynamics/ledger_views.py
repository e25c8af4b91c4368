"""The 党员增减台账 page and its .xlsx export (STAT-6): adapters over ``ledger.membership_ledger``.

The organisation defaults to the first the asker looks after; the period to this year so far.
Both doors (page and export) read the same ledger, so the sheet and the screen agree.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any
from urllib.parse import quote

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone

from dangjian.accounts.access import may_manage_some_organization, require, visible_organizations
from dangjian.core.errors import InvalidInput
from dangjian.core.spreadsheet import SafeWorkbook
from dangjian.dynamics.display import org_choices_labelled
from dangjian.dynamics.ledger import Ledger, check_period, membership_ledger
from dangjian.members.forms import DATE_INPUT, ChineseForm, set_choices

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class LedgerForm(ChineseForm):
    organization_id = forms.TypedChoiceField(coerce=int, label="党组织（含下级）")
    start = forms.DateField(widget=DATE_INPUT, label="起始日期")
    end = forms.DateField(widget=DATE_INPUT, label="截止日期")

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        orgs = visible_organizations(user).exclude(kind="group").order_by("path")
        self.org_choices = [(o.pk, o.label) for o in org_choices_labelled(orgs[:2000])]
        set_choices(self, "organization_id", self.org_choices)
        # The field's own label, not the member archive's "所在党组织" that ChineseForm picks
        # by the field's name: a refusal names what the select on this page says.
        field = self.fields["organization_id"]
        field.label = ORG_LABEL
        field.error_messages.update(required=f"请选择{ORG_LABEL}",
                                    invalid_choice=f"所选{ORG_LABEL}不在您管理的范围内，请重新选择")  # fmt: skip


ORG_LABEL = "党组织（含下级）"


def _ledger_data(query: QueryDict, defaults: dict[str, object]) -> dict[str, object]:
    """The ledger's query with ``defaults`` for what it lacks (an unknown parameter, a link
    that names only the dates): the form shows and uses the same organisation and dates."""
    data = dict(defaults)
    data.update({k: query[k] for k in ("organization_id", "start", "end") if query.get(k)})
    return data


def _ledger_from(request: HttpRequest) -> tuple[LedgerForm, Ledger | None]:
    require(may_manage_some_organization(request.user), "该页面仅供党务工作者使用")
    today = timezone.localdate()
    form = LedgerForm(None, user=request.user)
    defaults: dict[str, object] = {"start": date(today.year, 1, 1), "end": today}
    if form.org_choices:
        defaults["organization_id"] = form.org_choices[0][0]
    form = LedgerForm(_ledger_data(request.GET, defaults), user=request.user)
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    try:
        check_period(data["start"], data["end"], today)
    except InvalidInput as exc:
        form.add_service_errors(exc)
        return form, None
    return form, membership_ledger(
        request.user, data["organization_id"], data["start"], data["end"]
    )


@login_required
def ledger_page(request: HttpRequest) -> HttpResponse:
    """期初、增加（按类别）、减少（按类别）、期末 and the difference, with the name lists."""
    form, ledger = _ledger_from(request)
    context = {"form": form, "ledger": ledger, "nav": "dynamics", "query": request.GET.urlencode()}
    return render(request, "dynamics/ledger.html", context)


@login_required
def ledger_export(request: HttpRequest) -> HttpResponse:
    """The same ledger as .xlsx: a summary sheet and the name lists of increases and decreases."""
    form, ledger = _ledger_from(request)
    if ledger is None:
        return render(request, "dynamics/ledger.html", {"form": form, "ledger": None}, status=400)
    out = io.BytesIO()
    write_ledger(ledger, out)
    name = f"党员增减台账_{ledger.organization_name}_{ledger.start:%Y%m%d}-{ledger.end:%Y%m%d}.xlsx"
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


def write_ledger(ledger: Ledger, target: io.BytesIO) -> None:
    """汇总 (the reconciliation and each kind's number) and 增加名单 / 减少名单."""
    book = SafeWorkbook(target)
    bold = book.add_format({"bold": True})
    summary = book.add_sheet("汇总")
    summary.row(0, 0, [f"{ledger.organization_name}党员增减台账"], bold)
    summary.row(1, 0, ["期间", f"{ledger.start:%Y-%m-%d} 至 {ledger.end:%Y-%m-%d}"])
    rec = ledger.reconciliation
    rows: list[list[Any]] = [
        ["期初党员数", rec.opening], ["本期增加", rec.increases], ["本期减少", rec.decreases],
        ["期末党员数", rec.closing], ["期初+增加-减少", rec.expected_closing],
        ["差额（期末-计算值）", rec.difference],
    ]  # fmt: skip
    rows += [[f"其中：{kind.label}", n] for kind, n in ledger.counts()]
    rows += [[f"出党方式：{way}", n] for way, n in ledger.exit_counts().items()]
    for i, values in enumerate(rows, start=3):
        summary.row(i, 0, values)
    summary.layout.set_column(0, 0, 28)
    for sheet_name, entries in (("增加名单", ledger.increases), ("减少名单", ledger.decreases)):
        sheet = book.add_sheet(sheet_name)
        sheet.row(0, 0, ["序号", "姓名", "日期", "类别", "党组织", "依据"], bold)
        for n, e in enumerate(entries, start=1):
            sheet.row(n, 0, [n, e.name, e.day, e.kind_label, e.organization_name, e.document])
        sheet.layout.set_column(5, 5, 60)
    book.close()
