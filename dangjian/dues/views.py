"""Dues pages. Adapters: parse, call one service or selector, render."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.accounts.access import (
    access_member,
    access_organization,
    is_own_record,
    may_edit_dues_policy,
    may_manage_dues,
    may_manage_some_organization,
    require,
    scope_for,
)
from dangjian.core.bounds import parse_id, parse_month
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.dues import collection, exports, selectors
from dangjian.dues.bases import declared_income_record
from dangjian.dues.forms import AdjustForm, DeclareForm, PaymentForm, PolicyForm
from dangjian.dues.ledger import ledger_generate
from dangjian.dues.models import LedgerEntry, Method
from dangjian.dues.policy import POLICY_FIELDS, current_policy, policy_update
from dangjian.orgs.models import Organization
from dangjian.rules.dates import YearMonth
from dangjian.rules.sources import rule_citation


def _month(request: HttpRequest) -> YearMonth:
    text = request.GET.get("month") or request.POST.get("month") or ""
    try:
        return YearMonth(*parse_month(text))
    except ValueError:
        return YearMonth.from_date(timezone.localdate())


def _year(request: HttpRequest) -> int:
    text = request.GET.get("year", "")
    year = int(text) if text.isascii() and text.isdigit() and len(text) == 4 else 0
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def _org(request: HttpRequest) -> Organization:
    require(may_manage_some_organization(request.user), "该页面仅供党务工作者使用")
    text = request.GET.get("org") or request.POST.get("org") or ""
    if text:
        org_id = parse_id(text)
        if org_id is None:
            raise Http404("未找到该党组织")
        return access_organization(request.user, org_id)
    org = selectors.default_org(request.user)
    if org is None:
        raise Http404("没有可管理的党组织")
    return org


def _ids(texts: list[str]) -> list[int]:
    """The ids of ticked rows; anything that is not an id (out of bigint, text) is dropped."""
    return [i for i in map(parse_id, texts) if i is not None]


def _sheet_url(org: Organization, month: YearMonth) -> str:
    return f"{reverse('dues:sheet')}?org={org.pk}&month={month}"


def _error_text(exc: InvalidInput | Conflict) -> str:
    if isinstance(exc, InvalidInput):
        return "；".join(m for msgs in exc.errors.values() for m in msgs)
    return str(exc)


@login_required
def sheet(request: HttpRequest) -> HttpResponse:
    org, month = _org(request), _month(request)
    context = {
        "sheet": selectors.month_sheet(request.user, org.pk, month),
        "orgs": selectors.sheet_orgs(request.user),
        "payment_form": PaymentForm(
            initial={"paid_on": timezone.localdate(), "method": Method.CASH}
        ),
        "prev": month - 1,
        "next": month + 1,
        "nav": "dues_sheet",
    }
    return render(request, "dues/sheet.html", context)


@login_required
@require_POST
def generate(request: HttpRequest) -> HttpResponse:
    org, month = _org(request), _month(request)
    result = ledger_generate(actor=request.user, month=month, organization=org)
    messages.success(request, result.summary)
    return redirect(_sheet_url(org, month))


@login_required
@require_POST
def mark_paid(request: HttpRequest) -> HttpResponse:
    org, month = _org(request), _month(request)
    ids = _ids(request.POST.getlist("entry"))
    form = PaymentForm(request.POST)
    if not ids:
        messages.error(request, "请先勾选要登记的党员")
    elif not form.is_valid():
        messages.error(request, "；".join(str(e) for errs in form.errors.values() for e in errs))
    else:
        try:
            done = collection.ledger_mark_paid(
                actor=request.user, entry_ids=ids, payment=form.payment()
            )
        except (InvalidInput, Conflict) as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, f"已登记{len(done)}人交纳党费")
    return redirect(_sheet_url(org, month))


@login_required
@require_POST
def close_month(request: HttpRequest) -> HttpResponse:
    org, month = _org(request), _month(request)
    try:
        collection.month_close(actor=request.user, organization=org, month=month)
    except Conflict as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{org.name}{month.label}已结账；此后只能通过调整记录更正")
    return redirect(_sheet_url(org, month))


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    member_id = scope_for(request.user).own_member_id
    if member_id is None:
        raise Http404("当前账号未关联党员档案")
    return member_page(request, member_id)


@login_required
def member_page(request: HttpRequest, member_id: int) -> HttpResponse:
    year = _year(request)
    data = selectors.member_year(request.user, member_id, year)
    own = is_own_record(request.user, member_id)
    context = {"data": data, "year": year, "own": own, "nav": "dues_mine" if own else "dues_sheet"}
    context["may_manage"] = may_manage_dues(request.user, data.member.organization)
    return render(request, "dues/member.html", context)


@login_required
def summary(request: HttpRequest) -> HttpResponse:
    org, year = _org(request), _year(request)
    rows = selectors.subtree_summary(request.user, org.pk, year)
    context = {
        "org": org,
        "year": year,
        "rows": rows,
        "months": range(1, 13),
        "nav": "dues_summary",
    }
    context["orgs"] = selectors.sheet_orgs(request.user)
    return render(request, "dues/summary.html", context)


@login_required
def arrears(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    upto = selectors.last_complete_month(timezone.localdate())
    cases = selectors.arrears_cases(request.user, org.pk, upto)
    context = {"org": org, "upto": upto, "cases": cases, "nav": "dues_arrears"}
    context["orgs"] = selectors.sheet_orgs(request.user)
    return render(request, "dues/arrears.html", context)


@login_required
def todo(request: HttpRequest) -> HttpResponse:
    """The lists the home page's dues cards open, over everything the user looks after: this
    month's unpaid rows, rows without a base, members with six months unpaid."""
    require(may_manage_some_organization(request.user), "该页面仅供党务工作者使用")
    kind = request.GET.get("kind", "")
    if kind not in selectors.TODO_KINDS:
        kind = "unpaid"
    today = timezone.localdate()
    context: dict[str, Any] = {
        "kind": kind,
        "title": selectors.TODO_KINDS[kind],
        "nav": "dues_sheet",
    }
    context["kinds"] = selectors.TODO_KINDS.items()
    context["rule"] = {"unpaid": "DUES-12", "missing": "DUES-2", "flagged": "DUES-13"}[kind]
    context["citation"] = rule_citation(context["rule"])
    context["month"] = YearMonth.from_date(today)
    if kind == "flagged":
        context["cases"] = selectors.flagged_cases(request.user, today)
        context["count"] = len(context["cases"])
    else:
        rows = selectors.month_todo_rows(request.user, kind, today)
        context["page"] = Paginator(rows, 50).get_page(request.GET.get("page"))
        context["query"] = urlencode({"kind": kind})
        context["count"] = context["page"].paginator.count
    return render(request, "dues/todo.html", context)


@login_required
@require_POST
def remind(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    ids = _ids(request.POST.getlist("member"))
    upto = selectors.last_complete_month(timezone.localdate())
    channel = request.POST.get("channel", "").strip() or "当面提醒"
    try:
        n = collection.reminder_record(
            actor=request.user, member_ids=ids, month=upto, channel=channel
        )
    except InvalidInput as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, f"已记录对{n}名党员的催缴提醒")
    return redirect(f"{reverse('dues:arrears')}?org={org.pk}")


@login_required
def declare(request: HttpRequest, member_id: int) -> HttpResponse:
    member = access_member(request.user, member_id)
    require(may_manage_dues(request.user, member.organization), "无权为该党员申报")
    form = DeclareForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            values = {k: form.cleaned_data[k] for k in ("month", "kind", "amount", "evidence")}
            declared_income_record(actor=request.user, member_id=member.pk, **values)
        except InvalidInput as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "已保存申报；重新生成当月台账后生效")
            return redirect("dues:member", member.pk)
    title = f"手工申报党费基数：{member.name}"
    return render(request, "dues/form.html", {"form": form, "title": title, "nav": "dues_sheet"})


@login_required
def adjust(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = _entry(request, entry_id)
    form = AdjustForm(request.POST or None, initial={"paid_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            _adjust(request, entry, form)
        except (InvalidInput, Conflict) as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, "调整已记录")
            return redirect(_sheet_url(entry.organization, YearMonth.from_date(entry.month)))
    month = YearMonth.from_date(entry.month)
    title = f"调整已结账月份：{entry.member.name} {month.label}"
    return render(request, "dues/form.html", {"form": form, "title": title, "nav": "dues_sheet"})


def _entry(request: HttpRequest, entry_id: int) -> LedgerEntry:
    entry = LedgerEntry.objects.select_related("member", "organization").filter(pk=entry_id).first()
    if entry is None:
        raise Http404("未找到该台账记录")
    access_member(request.user, entry.member_id)
    require(may_manage_dues(request.user, entry.organization), "无权调整该台账")
    return entry


def _adjust(request: HttpRequest, entry: LedgerEntry, form: AdjustForm) -> None:
    data = form.cleaned_data
    payment = None
    if data.get("record_payment"):
        if not data.get("paid_on") or not data.get("method"):
            raise InvalidInput.one("paid_on", "登记补交须填写交纳日期和交纳方式")
        payment = form.payment()
    collection.ledger_adjust(
        actor=request.user,
        entry_id=entry.pk,
        reason=data["reason"],
        due_delta=data.get("due_delta") or Decimal("0.00"),
        payment=payment,
    )


@login_required
def policy(request: HttpRequest) -> HttpResponse:
    require(may_edit_dues_policy(request.user), "只有系统管理员可以修改党费设置")
    current = current_policy()
    initial = {f: getattr(current, f) for f in POLICY_FIELDS}
    form = PolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            policy_update(actor=request.user, values=form.cleaned_data)
        except InvalidInput as exc:
            form.add_service_errors(exc)
        else:
            messages.success(
                request, "党费设置已保存；未交纳且未结账月份的台账在下次生成时按新设置计算"
            )
            return redirect("dues:policy")
    context: dict[str, Any] = {"form": form, "title": "党费设置", "nav": "dues_policy"}
    return render(request, "dues/form.html", context)


def _file(data: bytes, name: str, content_type: str) -> HttpResponse:
    from urllib.parse import quote

    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def sheet_xlsx(request: HttpRequest) -> HttpResponse:
    org, month = _org(request), _month(request)
    data = exports.month_sheet_xlsx(selectors.month_sheet(request.user, org.pk, month))
    return _file(data, f"{org.name}{month.label}党费台账.xlsx", XLSX)


@login_required
def sheet_pdf(request: HttpRequest) -> HttpResponse:
    org, month = _org(request), _month(request)
    data = exports.publicity_pdf(selectors.month_sheet(request.user, org.pk, month))
    return _file(data, f"{org.name}{month.label}党费公示.pdf", "application/pdf")


@login_required
def year_xlsx(request: HttpRequest, member_id: int) -> HttpResponse:
    year = _year(request)
    data = selectors.member_year(request.user, member_id, year)
    return _file(exports.member_year_xlsx(data), f"{data.member.name}{year}年党费.xlsx", XLSX)
