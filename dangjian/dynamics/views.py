"""Pages of 组织关系转接 and 介绍信. Adapters: parse, call a selector or service, render.

A transfer or letter outside the asker's organisations is a 404 (its existence is not
disclosed); a button shows only to whoever the service lets through (``queues``)."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.accounts.access import (
    access_member,
    access_organization,
    may_manage_member,
    may_manage_some_organization,
    require,
    scope_for,
)
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.documents.pdf import render_pdf
from dangjian.documents.word import render_docx
from dangjian.dynamics import services
from dangjian.dynamics.display import OrgChoice, org_choices_labelled
from dangjian.dynamics.forms import (
    AcceptForm,
    LetterForm,
    ReasonForm,
    ReceiptForm,
    TransferBatchForm,
    TransferStartForm,
)
from dangjian.dynamics.models import OPEN_STATES, LetterState, Transfer, TransferLetter
from dangjian.dynamics.queues import listed_transfers, transfer_actions, transfers_awaiting
from dangjian.dynamics.selectors import LETTER_LIST_COLUMNS, letters_without_receipt
from dangjian.members.choices import Status
from dangjian.members.forms import ChineseForm
from dangjian.members.models import Member
from dangjian.orgs.models import Organization
from dangjian.rules.organization import OrgKind

BRANCH_KINDS = [k.value for k in OrgKind if k.is_branch]
LETTER_TEMPLATE = "transfer_letter"


def _manager(request: HttpRequest) -> None:
    require(may_manage_some_organization(request.user), "该页面仅供党务工作者使用")


def _service_error(form: ChineseForm, exc: InvalidInput | Conflict) -> None:
    if isinstance(exc, InvalidInput):
        form.add_service_errors(exc)
    else:
        form.add_error(None, str(exc))


# -- 组织关系转接 -----------------------------------------------------------------------------


@login_required
def branch_options(request: HttpRequest) -> HttpResponse:
    """``<option>``s of the deployment's branches whose name holds ``q`` (at most 50): any
    branch may receive a transfer (MEM-2), not only those the asker looks after."""
    _manager(request)
    text = request.GET.get("q", "").strip()[:40]
    branches = Organization.objects.filter(kind__in=BRANCH_KINDS, dissolved_on__isnull=True)
    if text:
        branches = branches.filter(name__contains=text)
    found = org_choices_labelled(branches.order_by("path")[:50])
    return render(request, "dynamics/_branch_options.html", {"branches": found, "q": text})


def _chosen_branch(form: TransferStartForm) -> OrgChoice | None:
    value = form.data.get("to_org_id") if form.is_bound else None
    if value and str(value).isdigit():
        found = org_choices_labelled(Organization.objects.filter(pk=int(value)))
        return found[0] if found else None
    return None


@login_required
def transfer_start(request: HttpRequest, member_id: int) -> HttpResponse:
    member = access_member(request.user, member_id)
    require(may_manage_member(request.user, member), "无权为该党员办理组织关系转接")
    form = TransferStartForm(request.POST or None, initial={"effective_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.member_transfer_start(
                actor=request.user,
                member_id=member.pk,
                to_org_id=form.cleaned_data["to_org_id"],
                effective_on=form.cleaned_data["effective_on"],
                reason=form.cleaned_data["reason"],
            )
        except (InvalidInput, Conflict) as exc:
            _service_error(form, exc)
        else:
            messages.success(request, f"已发起{member.name}的组织关系转接")
            return redirect("dynamics:transfers")
    context = {"form": form, "member": member, "chosen": _chosen_branch(form), "nav": "dynamics"}
    return render(request, "dynamics/transfer_start.html", context)


@login_required
def transfer_batch(request: HttpRequest) -> HttpResponse:
    """Members of one branch the asker manages, to one destination, all or none."""
    _manager(request)
    branch_id = request.GET.get("org", "")
    branch = access_organization(request.user, int(branch_id)) if branch_id.isdigit() else None
    branches = org_choices_labelled(
        Organization.objects.filter(
            scope_for(request.user).org_q(), kind__in=BRANCH_KINDS, dissolved_on__isnull=True
        ).order_by("path")[:500]
    )
    people: list[tuple[int, str]] = []
    if branch is not None:
        people = [
            (m.pk, m.name)
            for m in Member.objects.filter(organization=branch, status=Status.NORMAL).order_by(
                "name_pinyin", "pk"
            )
        ]
    form = TransferBatchForm(
        request.POST or None, members=people, initial={"effective_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            done = services.member_transfer_batch(
                actor=request.user,
                member_ids=form.cleaned_data["member_ids"],
                to_org_id=form.cleaned_data["to_org_id"],
                effective_on=form.cleaned_data["effective_on"],
                reason=form.cleaned_data["reason"],
            )
        except (InvalidInput, Conflict) as exc:
            _service_error(form, exc)
        else:
            messages.success(request, f"已发起{len(done)}名党员的组织关系转接")
            return redirect("dynamics:transfers")
    context = {
        "form": form,
        "branch": branch,
        "branches": branches,
        "chosen": _chosen_branch(form),
        "nav": "dynamics",
    }
    return render(request, "dynamics/transfer_batch.html", context)


@login_required
def transfer_list(request: HttpRequest) -> HttpResponse:
    """Outgoing and incoming transfers of the asker's organisations; ``?waiting=1`` the ones
    waiting for the asker (the home card's list)."""
    _manager(request)
    user = request.user
    waiting = request.GET.get("waiting") == "1"
    rows = transfers_awaiting(user) if waiting else list(listed_transfers(user)[:300])
    scope = scope_for(user)
    lines = [
        {
            "t": t,
            "actions": transfer_actions(user, t),
            "outgoing": scope.covers_org(t.from_org),
            "incoming": scope.covers_org(t.to_org),
        }
        for t in rows
    ]
    context = {"lines": lines, "waiting": waiting, "nav": "dynamics"}
    return render(request, "dynamics/transfers.html", context)


def _visible_transfer(request: HttpRequest, transfer_id: int) -> Transfer:
    transfer = listed_transfers(request.user).filter(pk=transfer_id).first()
    if transfer is None:
        raise Http404("未找到该组织关系转接")
    return transfer


def _groups_of(branch: Organization) -> list[tuple[int, str]]:
    groups = Organization.objects.filter(
        path__startswith=branch.path, depth=branch.depth + 1, kind=OrgKind.GROUP,
        dissolved_on__isnull=True,
    )  # fmt: skip
    return [(g.pk, g.name) for g in groups.order_by("path")]


def _transfer_page(
    request: HttpRequest, transfer: Transfer, forms: dict[str, ChineseForm] | None = None
) -> HttpResponse:
    given = forms or {}
    context = {
        "t": transfer,
        "actions": transfer_actions(request.user, transfer),
        "accept_form": given.get("accept") or AcceptForm(groups=_groups_of(transfer.to_org)),
        "refuse_form": given.get("refuse") or ReasonForm(prefix="refuse"),
        "cancel_form": given.get("cancel") or ReasonForm(prefix="cancel"),
        "approve_form": given.get("approve") or ReasonForm(prefix="approve"),
        "is_open": transfer.state in OPEN_STATES,
        "nav": "dynamics",
    }
    return render(request, "dynamics/transfer_detail.html", context, status=400 if given else 200)


@login_required
def transfer_detail(request: HttpRequest, transfer_id: int) -> HttpResponse:
    return _transfer_page(request, _visible_transfer(request, transfer_id))


@login_required
@require_POST
def transfer_act(request: HttpRequest, transfer_id: int, action: str) -> HttpResponse:
    """approve / accept / refuse / cancel through the services; a fault re-renders the page
    with the field named."""
    transfer = _visible_transfer(request, transfer_id)
    user = request.user
    form: ChineseForm
    try:
        if action == "approve":
            form = ReasonForm(request.POST, prefix="approve")
            if form.is_valid():
                services.transfer_approve(
                    actor=user, transfer_id=transfer.pk, note=form.cleaned_data["reason"] or "",
                    level=request.POST.get("level") or None,
                )  # fmt: skip
                messages.success(request, "已同意")
                return redirect("dynamics:transfer", transfer.pk)
        elif action == "accept":
            form = AcceptForm(request.POST, groups=_groups_of(transfer.to_org))
            if form.is_valid():
                services.transfer_accept(
                    actor=user,
                    transfer_id=transfer.pk,
                    party_group_id=form.cleaned_data["party_group_id"],
                )
                messages.success(request, f"已接收{transfer.member.name}")
                return redirect("dynamics:transfer", transfer.pk)
        elif action in ("refuse", "cancel"):
            form = ReasonForm(request.POST, prefix=action)
            if form.is_valid():
                act = services.transfer_refuse if action == "refuse" else services.transfer_cancel
                act(actor=user, transfer_id=transfer.pk, reason=form.cleaned_data["reason"])
                messages.success(request, "已退回" if action == "refuse" else "已撤销")
                return redirect("dynamics:transfer", transfer.pk)
        else:
            raise Http404("没有这个操作")
    except (InvalidInput, Conflict) as exc:
        _service_error(form, exc)
    transfer.refresh_from_db()
    return _transfer_page(request, transfer, {action: form})


# -- 介绍信 ----------------------------------------------------------------------------------


def _visible_letters(request: HttpRequest) -> Any:
    return TransferLetter.objects.filter(
        scope_for(request.user).org_q("organization__")
    ).select_related("member", "organization")


def _visible_letter(request: HttpRequest, letter_id: int) -> TransferLetter:
    letter = _visible_letters(request).filter(pk=letter_id).first()
    if letter is None:
        raise Http404("未找到该介绍信")
    assert isinstance(letter, TransferLetter)
    return letter


@login_required
def letter_new(request: HttpRequest, member_id: int) -> HttpResponse:
    member = access_member(request.user, member_id)
    require(may_manage_member(request.user, member), "无权为该党员开具介绍信")
    form = LetterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            letter = services.letter_issue(
                actor=request.user,
                member_id=member.pk,
                destination=form.cleaned_data["destination"],
                reason=form.cleaned_data["reason"],
            )
        except (InvalidInput, Conflict) as exc:
            _service_error(form, exc)
        else:
            messages.success(request, f"已开具介绍信{letter.number}")
            return redirect("dynamics:letter", letter.pk)
    context = {"form": form, "member": member, "nav": "dynamics"}
    return render(request, "dynamics/letter_new.html", context)


@login_required
def letter_list(request: HttpRequest) -> HttpResponse:
    """Every letter of the asker's organisations; ``?overdue=1`` those past validity without
    回执 (MEM-7, the home card's list)."""
    _manager(request)
    overdue = request.GET.get("overdue") == "1"
    today = timezone.localdate()
    if overdue:
        letters = letters_without_receipt(request.user, today).order_by("valid_until", "pk")
    else:
        letters = _visible_letters(request).order_by("-issued_on", "-pk")
    # A page at a time (a root scope may hold thousands), with only the columns shown.
    shown = letters.select_related("member", "organization").only(*LETTER_LIST_COLUMNS)
    page = Paginator(shown, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"letters": page.object_list, "page": page, "query": query.urlencode(),
               "overdue": overdue, "today": today, "nav": "dynamics"}  # fmt: skip
    return render(request, "dynamics/letters.html", context)


def _letter_page(
    request: HttpRequest, letter: TransferLetter, forms: dict[str, ChineseForm] | None = None
) -> HttpResponse:
    given = forms or {}
    context = {
        "letter": letter,
        "receipt_form": given.get("receipt") or ReceiptForm(),
        "cancel_form": given.get("cancel") or ReasonForm(prefix="cancel", label="作废原因"),
        "may_act": letter.state == LetterState.ISSUED,
        "overdue": letter.state == LetterState.ISSUED and letter.valid_until < timezone.localdate(),
        "nav": "dynamics",
    }
    return render(request, "dynamics/letter_detail.html", context, status=400 if given else 200)


@login_required
def letter_detail(request: HttpRequest, letter_id: int) -> HttpResponse:
    return _letter_page(request, _visible_letter(request, letter_id))


@login_required
@require_POST
def letter_act(request: HttpRequest, letter_id: int, action: str) -> HttpResponse:
    letter = _visible_letter(request, letter_id)
    form: ChineseForm
    try:
        if action == "receipt":
            form = ReceiptForm(request.POST)
            if form.is_valid():
                services.letter_receipt(
                    actor=request.user,
                    letter_id=letter.pk,
                    receipt_on=form.cleaned_data["receipt_on"],
                    receipt_org=form.cleaned_data["receipt_org"],
                )
                messages.success(request, "已登记回执")
                return redirect("dynamics:letter", letter.pk)
        elif action == "cancel":
            form = ReasonForm(request.POST, prefix="cancel", label="作废原因")
            if form.is_valid():
                services.letter_cancel(
                    actor=request.user, letter_id=letter.pk, reason=form.cleaned_data["reason"]
                )
                messages.success(request, "介绍信已作废")
                return redirect("dynamics:letter", letter.pk)
        else:
            raise Http404("没有这个操作")
    except (InvalidInput, Conflict) as exc:
        _service_error(form, exc)
    letter.refresh_from_db()
    return _letter_page(request, letter, {action: form})


def _written(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def letter_context(letter: TransferLetter) -> dict[str, Any]:
    """The names of ``transfer_letter.docx``/``.html``: ``number``, ``name``, ``gender``,
    ``age``, ``ethnicity``, ``stage`` (正式党员/预备党员), ``id_tail`` (last 4 of the ID
    number), ``organization_name``, ``destination``, ``reason``, ``issued_on``,
    ``valid_until``, ``valid_days`` (the validity as issued, the issue day counted: MEM-7),
    ``dues_paid_to`` (2026年5月, or empty), ``dues_line`` (党费已交到2026年5月, or
    党费尚未交纳) and ``dues_stub`` (the 存根's 党费交到2026年5月, or 党费尚未交纳), dates
    written 2026年6月1日."""
    member = letter.member
    issued = letter.issued_on  # the age the letter states is the age on the day it was issued
    age = (
        issued.year
        - member.birth_date.year
        - ((issued.month, issued.day) < (member.birth_date.month, member.birth_date.day))
    )
    paid = letter.dues_paid_to
    return {
        "number": letter.number,
        "name": member.name,
        "gender": member.get_gender_display(),
        "age": age,
        "ethnicity": member.ethnicity,
        "stage": "预备党员" if member.stage == "probationary" else "正式党员",
        "organization_name": letter.organization.name,
        "destination": letter.destination,
        "reason": letter.reason,
        "issued_on": _written(letter.issued_on),
        "valid_until": _written(letter.valid_until),
        "valid_days": letter.valid_days,
        "dues_paid_to": f"{paid.year}年{paid.month}月" if paid else "",
        "dues_line": f"党费已交到{paid.year}年{paid.month}月" if paid else UNPAID,
        "dues_stub": f"党费交到{paid.year}年{paid.month}月" if paid else UNPAID,
    }


# What the letter says when the ledger has no paid month (a new member, a ledger not kept).
UNPAID = "党费尚未交纳"


@login_required
def letter_download(request: HttpRequest, letter_id: int, kind: str) -> HttpResponse:
    """The letter in the three-part layout (存根, 介绍信, 回执) as Word or PDF."""
    letter = _visible_letter(request, letter_id)
    context = letter_context(letter)
    filename = f"介绍信{letter.year}-{letter.sequence:03d}"
    if kind == "docx":
        body = render_docx(f"{LETTER_TEMPLATE}.docx", context)
        mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    elif kind == "pdf":
        body = render_pdf(f"{LETTER_TEMPLATE}.html", context)
        mime = "application/pdf"
    else:
        raise Http404("没有这种格式")
    response = HttpResponse(body, content_type=mime)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}.{kind}"
    return response
