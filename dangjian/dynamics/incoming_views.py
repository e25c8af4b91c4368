"""Pages for receiving a member from outside the platform with a 介绍信, and the 回执.

Adapters over ``dynamics.incoming``: the form is the member form plus the letter's fields; a
letter outside the asker's organisations is a 404."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from dangjian.accounts.access import may_manage_some_organization, require, scope_for
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.documents.pdf import render_pdf
from dangjian.documents.word import render_docx
from dangjian.dynamics.forms import DuesMonthField
from dangjian.dynamics.incoming import (
    IncomingLetterInput,
    incoming_receipt_send,
    member_register_incoming,
)
from dangjian.dynamics.incoming_models import IncomingLetter
from dangjian.members.forms import DATE_INPUT, ChineseForm, MemberForm
from dangjian.orgs.models import Organization
from dangjian.rules.dates import format_cn_date

RECEIPT_TEMPLATE = "incoming_receipt"
LETTER_FIELDS = ("number", "issuing_org", "from_unit", "issued_on", "valid_until", "received_on",
                 "dues_paid_to", "records_received", "extension_months")  # fmt: skip


class IncomingForm(MemberForm):
    """The member as the letter states them, and the letter itself."""

    number = forms.CharField(max_length=40, label="介绍信编号")
    issuing_org = forms.CharField(max_length=120, label="开具介绍信的党组织")
    from_unit = forms.CharField(max_length=120, required=False, label="原工作单位")
    issued_on = forms.DateField(widget=DATE_INPUT, label="开具日期")
    valid_until = forms.DateField(widget=DATE_INPUT, label="有效期至")
    received_on = forms.DateField(widget=DATE_INPUT, label="转入日期")
    dues_paid_to = DuesMonthField(required=False, label="党费交至（年月）")
    records_received = forms.BooleanField(
        required=False, label="已收到并核实入党材料（预备党员必填）"
    )
    extension_months = forms.IntegerField(min_value=0, max_value=12, required=False, initial=0,
                                          label="原党组织已延长预备期（月）")  # fmt: skip

    def letter(self) -> IncomingLetterInput:
        data = self.cleaned_data
        return IncomingLetterInput(
            number=data["number"], issuing_org=data["issuing_org"],
            from_unit=data.get("from_unit") or "", issued_on=data["issued_on"],
            valid_until=data["valid_until"], received_on=data["received_on"],
            dues_paid_to=data.get("dues_paid_to"), records_received=bool(data.get("records_received")),
            extension_months=data.get("extension_months") or 0,
        )  # fmt: skip

    def to_input(self) -> Any:
        member = {k: v for k, v in self.cleaned_data.items() if k not in LETTER_FIELDS}
        from dangjian.members.inputs import member_input_from

        return member_input_from(member)


class SentForm(ChineseForm):
    sent_on = forms.DateField(widget=DATE_INPUT, label="回执寄出日期")


def _manager(request: HttpRequest) -> None:
    require(may_manage_some_organization(request.user), "该页面仅供党务工作者使用")


def _visible(request: HttpRequest, letter_id: int) -> IncomingLetter:
    row = (
        IncomingLetter.objects.select_related("member", "organization").filter(pk=letter_id).first()
    )
    if row is None or not scope_for(request.user).covers_org(row.organization):
        raise Http404("未找到该介绍信")
    return row


@login_required
def incoming_list(request: HttpRequest) -> HttpResponse:
    """Incoming letters of the asker's branches, newest first; those whose 回执 is not sent."""
    _manager(request)
    rows = IncomingLetter.objects.filter(scope_for(request.user).org_q("organization__"))
    rows = rows.select_related("member", "organization").order_by("-received_on", "-pk")[:300]
    return render(request, "dynamics/incoming.html", {"letters": list(rows), "nav": "dynamics"})


@login_required
def incoming_new(request: HttpRequest) -> HttpResponse:
    """Register a member from an incoming letter; then the 回执 to print."""
    _manager(request)
    form = IncomingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            row = member_register_incoming(actor=request.user, data=form.to_input(),
                                           letter=form.letter())  # fmt: skip
        except InvalidInput as exc:
            form.add_service_errors(exc)
        except Conflict as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已接收{row.member.name}，请打印回执寄回开具介绍信的党组织")
            return redirect("dynamics:incoming_letter", row.pk)
    return render(request, "dynamics/incoming_new.html", {"form": form, "nav": "dynamics"})


@login_required
def incoming_detail(request: HttpRequest, letter_id: int) -> HttpResponse:
    """The letter, the member, the 回执 to print and the day it was sent."""
    row = _visible(request, letter_id)
    form = SentForm(request.POST or None, initial={"sent_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            incoming_receipt_send(actor=request.user, letter_id=row.pk,
                                  sent_on=form.cleaned_data["sent_on"])  # fmt: skip
        except InvalidInput as exc:
            form.add_service_errors(exc)
        except Conflict as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "回执寄出日期已记录")
            return redirect("dynamics:incoming_letter", row.pk)
    context = {"letter": row, "form": form, "nav": "dynamics"}
    return render(request, "dynamics/incoming_letter.html", context)


def receipt_context(row: IncomingLetter) -> dict[str, Any]:
    """The names of ``incoming_receipt.docx``/``.html`` (see doc_templates/README.md)."""
    paid = row.dues_paid_to
    committee = Organization.objects.get_ancestors(row.organization).filter(kind="committee").last()
    return {
        "letter_number": row.number,
        "issuing_org": row.issuing_org,
        "name": row.member.name,
        "stage": "预备党员" if row.member.stage == "probationary" else "正式党员",
        "organization_name": row.organization.name,
        "committee_name": (committee or row.organization).name,
        "received_on": format_cn_date(row.received_on),
        "dues_paid_to": f"{paid.year}年{paid.month}月" if paid else "未注明",
        "sent_on": format_cn_date(row.receipt_sent_on or timezone.localdate()),
    }


@login_required
def incoming_receipt(request: HttpRequest, letter_id: int, kind: str) -> HttpResponse:
    """The 回执 as Word or PDF."""
    row = _visible(request, letter_id)
    context = receipt_context(row)
    if kind == "docx":
        body = render_docx(f"{RECEIPT_TEMPLATE}.docx", context)
        mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    elif kind == "pdf":
        body = render_pdf(f"{RECEIPT_TEMPLATE}.html", context)
        mime = "application/pdf"
    else:
        raise Http404("没有这种格式")
    response = HttpResponse(body, content_type=mime)
    name = f"回执_{row.member.name}_{row.number}.{kind}"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
