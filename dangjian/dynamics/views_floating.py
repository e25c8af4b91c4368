"""Pages of 流动党员 (MEM-3, MEM-9): the register per branch (流出 and 流入), the record form,
contacts, return; members abroad to study whose contact is overdue are highlighted."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Max, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.accounts.access import (
    access_organization,
    may_manage_some_organization,
    member_scope_q,
    require,
    scope_for,
)
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.dynamics.display import contact_shown, org_choices_labelled
from dangjian.dynamics.floating import (
    FloatingInput,
    abroad_contact_overdue,
    floating_contact,
    floating_record,
    floating_return,
)
from dangjian.dynamics.forms import ContactForm, FloatingForm, ReturnForm
from dangjian.dynamics.models import FloatingRecord
from dangjian.dynamics.selectors import open_floating
from dangjian.members.choices import Status
from dangjian.members.forms import ChineseForm
from dangjian.members.models import Member
from dangjian.orgs.selectors import org_choices
from dangjian.rules.membership import abroad_contact_due


def _records(request: HttpRequest) -> QuerySet[FloatingRecord]:
    return FloatingRecord.objects.filter(
        scope_for(request.user).org_q("organization__")
    ).select_related("organization", "member")


@login_required
def floating_list(request: HttpRequest) -> HttpResponse:
    """Open records (流出 and 流入) of the asker's branches, ``?org=`` one branch;
    ``?overdue=1`` only members abroad to study whose contact is overdue (MEM-9)."""
    require(may_manage_some_organization(request.user), "该页面仅供党务工作者使用")
    today = timezone.localdate()
    overdue = dict((record.pk, due) for record, due in abroad_contact_overdue(request.user, today))
    records = open_floating(request.user)
    org_id = request.GET.get("org", "")
    branch = None
    if org_id.isdigit():
        branch = access_organization(request.user, int(org_id))
        records = records.filter(organization=branch)
    if request.GET.get("overdue") == "1":
        records = records.filter(pk__in=list(overdue))
    rows = list(
        records.annotate(last_contact=Max("contacts__contacted_on")).order_by("since", "pk")[:500]
    )
    for row in rows:
        row.contact_shown = contact_shown(request.user, row)  # type: ignore[attr-defined]
    context = {
        "outflow": [r for r in rows if r.direction == "out"],
        "inflow": [r for r in rows if r.direction == "in"],
        "overdue": overdue,
        "only_overdue": request.GET.get("overdue") == "1",
        "branch": branch,
        "branches": org_choices_labelled(org_choices(request.user, branches_only=True)[:500]),
        "nav": "dynamics",
    }
    return render(request, "dynamics/floating.html", context)


def _member_choices(request: HttpRequest) -> list[tuple[int, str]]:
    members = Member.objects.filter(member_scope_q(request.user), status=Status.NORMAL)
    return [
        (m.pk, f"{m.name}（{m.organization.name}）")
        for m in members.select_related("organization").order_by("name_pinyin", "pk")[:2000]
    ]


@login_required
def floating_new(request: HttpRequest) -> HttpResponse:
    require(may_manage_some_organization(request.user), "无权登记流动党员")
    initial: dict[str, object] = {"since": timezone.localdate()}
    if request.GET.get("member", "").isdigit():
        initial["member_id"] = int(request.GET["member"])
    form = FloatingForm(request.POST or None, members=_member_choices(request), initial=initial)
    org_id = request.POST.get("organization_id", "") if request.method == "POST" else ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record = floating_record(
                actor=request.user,
                data=FloatingInput(
                    direction=data["direction"], place=data["place"], since=data["since"],
                    member_id=data["member_id"] if data["direction"] == "out" else None,
                    organization_id=int(org_id) if org_id.isdigit() else None,
                    name=data["name"], contact=data["contact"],
                    certificate_number=data["certificate_number"],
                    abroad_study=data["abroad_study"],
                ),
            )  # fmt: skip
        except InvalidInput as exc:
            form.add_service_errors(exc)
            for field, texts in exc.errors.items():
                if field == "organization_id":
                    for text in texts:
                        form.add_error(None, f"参加组织生活的党支部：{text}")
        except Conflict as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已登记{record.get_direction_display()}党员{record.name}")
            return redirect("dynamics:floating_record", record.pk)
    context = {
        "form": form,
        "branches": org_choices_labelled(org_choices(request.user, branches_only=True)[:500]),
        "chosen_org": org_id,
        "nav": "dynamics",
    }
    return render(request, "dynamics/floating_new.html", context)


def _visible_record(request: HttpRequest, record_id: int) -> FloatingRecord:
    record = _records(request).filter(pk=record_id).first()
    if record is None:
        raise Http404("未找到该流动党员记录")
    return record


def _record_page(
    request: HttpRequest, record: FloatingRecord, forms: dict[str, ChineseForm] | None = None
) -> HttpResponse:
    given = forms or {}
    contacts = list(record.contacts.all())
    last = contacts[-1].contacted_on if contacts else record.since
    context = {
        "record": record,
        "contact_shown": contact_shown(request.user, record),
        "contacts": contacts,
        "next_due": abroad_contact_due(last) if record.abroad_study else None,
        "contact_form": given.get("contact") or ContactForm(),
        "return_form": given.get("return") or ReturnForm(),
        "today": timezone.localdate(),
        "nav": "dynamics",
    }
    return render(request, "dynamics/floating_record.html", context, status=400 if given else 200)


@login_required
def floating_detail(request: HttpRequest, record_id: int) -> HttpResponse:
    return _record_page(request, _visible_record(request, record_id))


@login_required
@require_POST
def floating_act(request: HttpRequest, record_id: int, action: str) -> HttpResponse:
    record = _visible_record(request, record_id)
    form: ChineseForm
    try:
        if action == "contact":
            form = ContactForm(request.POST)
            if form.is_valid():
                floating_contact(
                    actor=request.user, record_id=record.pk,
                    contacted_on=form.cleaned_data["contacted_on"],
                    way=form.cleaned_data["way"], summary=form.cleaned_data["summary"],
                )  # fmt: skip
                messages.success(request, "已记录联系")
                return redirect("dynamics:floating_record", record.pk)
        elif action == "return":
            form = ReturnForm(request.POST)
            if form.is_valid():
                floating_return(
                    actor=request.user,
                    record_id=record.pk,
                    returned_on=form.cleaned_data["returned_on"],
                )
                messages.success(request, f"{record.name}已返回")
                return redirect("dynamics:floating_record", record.pk)
        else:
            raise Http404("没有这个操作")
    except InvalidInput as exc:
        form.add_service_errors(exc)
    except Conflict as exc:
        form.add_error(None, str(exc))
    return _record_page(request, record, {action: form})
