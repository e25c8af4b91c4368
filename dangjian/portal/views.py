"""Pages of 党员服务: the member's phone home, notices for members and for their authors, and
correction requests. Adapters: parse, call one selector or service, render."""

from __future__ import annotations

from typing import IO, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.accounts.access import (
    may_manage_some_organization,
    may_publish_bulletin,
    may_reveal,
    require,
    visible_organizations,
)
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.documents.selectors import owner_attachments
from dangjian.documents.services import attachment_add
from dangjian.portal import selectors, services
from dangjian.portal.corrections import CORRECTABLE, shown_to
from dangjian.portal.forms import BulletinForm, CorrectionForm, RefuseForm
from dangjian.portal.home import NoOwnRecord, portal_home
from dangjian.rules.organization import OrgKind

AUTHORS_ONLY = "只有党组织书记和管理员可以发布通知公告"
DECIDERS_ONLY = "只有党组织书记和管理员可以审核档案更正申请"


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The member's home on the phone: to-dos, notices, dues, meetings, 政治生日, record."""
    try:
        data = portal_home(request.user, timezone.localdate())
    except NoOwnRecord:
        raise Http404("当前账号未关联党员档案，党员服务仅供党员使用") from None
    context = {"data": data, "nav": "portal", "form": CorrectionForm(),
               "fields": CORRECTABLE, "record": _record_rows(data.member)}  # fmt: skip
    return render(request, "portal/home.html", context)


def _record_rows(member: object) -> list[tuple[str, str]]:
    """(label, value) of the correctable fields of the member's archive, the phone masked as
    on every screen by default."""
    return [
        (spec.label, shown_to(name, getattr(member, name), reveal=False))
        for name, spec in CORRECTABLE.items()
    ]


@login_required
def bulletins(request: HttpRequest) -> HttpResponse:
    """The notices the member receives, pinned first, unread marked."""
    rows = selectors.member_bulletins(request.user, timezone.localdate())[:200]
    return render(request, "portal/bulletins.html", {"rows": rows, "nav": "portal_bulletins"})


@login_required
def bulletin(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    """One notice; opening it marks it read for a member of its audience."""
    found = selectors.access_bulletin(request.user, bulletin_id, timezone.localdate())
    receipt = services.bulletin_read(actor=request.user, bulletin_id=found.pk)
    context = {
        "b": found,
        "receipt": receipt,
        "attachments": owner_attachments(request.user, "bulletin", found.pk),
        "author": may_publish_bulletin(request.user, found.organization),
        "nav": "portal_bulletins",
    }
    return render(request, "portal/bulletin.html", context)


def _author_orgs(request: HttpRequest) -> object:
    require(may_manage_some_organization(request.user), AUTHORS_ONLY)
    return visible_organizations(request.user).exclude(kind=OrgKind.GROUP).order_by("path")


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    """The author's notices with their read counts."""
    _author_orgs(request)
    rows = selectors.authored_with_counts(request.user)[:200]
    return render(request, "portal/manage.html", {"rows": rows, "nav": "portal_manage"})


@login_required
def new(request: HttpRequest) -> HttpResponse:
    """Write a notice to an organisation the author looks after."""
    orgs = _author_orgs(request)
    initial = {"published_on": timezone.localdate()}
    form = BulletinForm(request.POST or None, organizations=orgs, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = services.BulletinInput(
            organization_id=form.cleaned_data["organization"].pk, title=form.cleaned_data["title"],
            body=form.cleaned_data["body"], published_on=form.cleaned_data["published_on"],
            pinned=form.cleaned_data["pinned"],
        )  # fmt: skip
        try:
            created = services.bulletin_publish(actor=request.user, data=data)
        except InvalidInput as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"已发布：{created.title}")
            return redirect("portal:receipts", created.pk)
    return render(request, "portal/new.html", {"form": form, "nav": "portal_manage"})


@login_required
def receipts(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    """Who read the notice and when; who has not (list and count); the reminder button."""
    found = selectors.access_authored_bulletin(request.user, bulletin_id)
    context = {
        "b": found,
        "r": selectors.bulletin_receipts(request.user, found.pk),
        "attachments": owner_attachments(request.user, "bulletin", found.pk),
        "nav": "portal_manage",
    }
    return render(request, "portal/receipts.html", context)


@login_required
@require_POST
def remind(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    try:
        done = services.bulletin_remind_unread(actor=request.user, bulletin_id=bulletin_id)
    except Conflict as exc:
        messages.error(request, str(exc))
    else:
        (messages.success if done.reminded else messages.info)(request, done.summary)
    return redirect("portal:receipts", bulletin_id)


@login_required
@require_POST
def attach(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    """A file of the notice (type and size checked by the documents service)."""
    found = selectors.access_authored_bulletin(request.user, bulletin_id)
    upload = request.FILES.get("file")
    if upload is None or upload.file is None:
        messages.error(request, "请选择要上传的附件")
        return redirect("portal:receipts", found.pk)
    try:
        attachment_add(actor=request.user, owner_kind="bulletin", owner_id=found.pk,
                       upload=cast(IO[bytes], upload.file), name=upload.name or "")  # fmt: skip
    except InvalidInput as exc:
        messages.error(request, "；".join(t for texts in exc.errors.values() for t in texts))
    else:
        messages.success(request, f"已上传附件：{upload.name}")
    return redirect("portal:receipts", found.pk)


@login_required
def correction_new(request: HttpRequest) -> HttpResponse:
    """The member's request to correct one field of their archive."""
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.correction_request(actor=request.user, **form.cleaned_data)
        except InvalidInput as exc:
            form.add_service_errors(exc)
        except Conflict as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "更正申请已提交，等待党支部审核")
            return redirect("portal:home")
    status = 400 if form.errors else 200
    return render(request, "portal/correction_new.html", {"form": form, "nav": "portal"},
                  status=status)  # fmt: skip


@login_required
def corrections(request: HttpRequest) -> HttpResponse:
    """The open requests of the members whose records the user keeps."""
    require(may_manage_some_organization(request.user), DECIDERS_ONLY)
    rows = []
    for c in selectors.corrections_to_decide(request.user)[:200]:
        reveal = may_reveal(request.user, c.member)
        rows.append((c, shown_to(c.field, c.recorded_value, reveal=reveal),
                     shown_to(c.field, c.proposed_value, reveal=reveal), c.field_label))  # fmt: skip
    context = {"rows": rows, "refuse": RefuseForm(), "nav": "portal_corrections"}
    return render(request, "portal/corrections.html", context)


@login_required
@require_POST
def approve(request: HttpRequest, request_id: int) -> HttpResponse:
    try:
        services.correction_approve(actor=request.user, request_id=request_id,
                                    note=request.POST.get("note", ""))  # fmt: skip
    except InvalidInput as exc:
        messages.error(request, "无法按申请更正档案：" + "；".join(
            t for texts in exc.errors.values() for t in texts))  # fmt: skip
    except Conflict as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已同意，档案已更正并记入变动记录")
    return redirect("portal:corrections")


@login_required
@require_POST
def refuse(request: HttpRequest, request_id: int) -> HttpResponse:
    reason = request.POST.get("reason", "")
    try:
        services.correction_refuse(actor=request.user, request_id=request_id, reason=reason)
    except InvalidInput as exc:
        messages.error(request, "；".join(t for texts in exc.errors.values() for t in texts))
    except Conflict as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已退回该申请，并通知了党员")
    return redirect("portal:corrections")
