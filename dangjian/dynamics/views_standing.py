"""Pages of lost contact (MEM-4), decisions on standing and exits (MEM-8), 限期改正, the MEM-5
flags and the sanctions register. Adapters: parse, call a selector or a service, render.

A record or member outside the asker's organisations is a 404 (its existence is not
disclosed); a decision form shows only to whoever the service lets through (the services
check again)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.accounts.access import (
    access_member,
    may_decide_standing,
    may_manage_some_organization,
    may_read_sanctions_register,
    may_restore_membership,
    member_scope_q,
    require,
)
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.development.organizations import approving_committee
from dangjian.dynamics import standing
from dangjian.dynamics.forms_standing import (
    CorrectionCloseForm,
    CorrectionForm,
    DecisionForm,
    ExitForm,
    FoundForm,
    LostContactForm,
    RestoreForm,
    SearchForm,
)
from dangjian.dynamics.inactivity import inactive_members
from dangjian.dynamics.standing_models import DecisionKind, LostContact
from dangjian.dynamics.standing_selectors import (
    Proposal,
    correction_terms,
    evidence_of,
    expelled_without_exit,
    flagged_without_record,
    last_attended,
    lost_contact_records,
    open_lost_contacts,
    removal_proposal_of,
    removal_proposals,
    sanctions_register,
    standing_decisions,
    suspension_proposals,
)
from dangjian.members.choices import Status
from dangjian.members.forms import ChineseForm
from dangjian.members.models import Member
from dangjian.rules.membership import suspension_proposal_due


def _manager(request: HttpRequest) -> None:
    require(may_manage_some_organization(request.user), "该页面仅供党务工作者使用")


def _failed(form: ChineseForm, exc: InvalidInput | Conflict) -> None:
    if isinstance(exc, InvalidInput):
        form.add_service_errors(exc)
    else:
        form.add_error(None, str(exc))


# -- the lost-contact register -----------------------------------------------------------------


@login_required
def lost_list(request: HttpRequest) -> HttpResponse:
    """The register: proposals due (停止党籍, 除名), open records with their due dates, archive
    flags without a record, and ended records."""
    _manager(request)
    today = timezone.localdate()
    due = request.GET.get("due", "")  # the home cards open one kind: suspension or removal
    proposals: list[Proposal] = [
        *(suspension_proposals(request.user, today) if due != "removal" else []),
        *(removal_proposals(request.user, today) if due != "suspension" else []),
    ]
    attended = last_attended({p.member_id for p in proposals})
    rows = [(p, attended.get(p.member_id)) for p in proposals]
    open_rows = [
        (r, suspension_proposal_due(r.lost_since)) for r in open_lost_contacts(request.user)[:500]
    ]
    context = {
        "proposals": rows,
        "open_rows": open_rows,
        "unrecorded": list(flagged_without_record(request.user)[:200]),
        "ended": list(lost_contact_records(request.user).filter(found_on__isnull=False)[:200]),
        "only_due": bool(due),
        "may_sanctions": may_read_sanctions_register(request.user),
        "today": today,
        "nav": "dynamics",
    }
    return render(request, "dynamics/lost_list.html", context)


def _member_choices(request: HttpRequest) -> list[tuple[int, str]]:
    members = Member.objects.filter(
        member_scope_q(request.user), status__in=[Status.NORMAL, Status.SUSPENDED]
    )
    return [
        (m.pk, f"{m.name}（{m.organization.name}）")
        for m in members.select_related("organization").order_by("name_pinyin", "pk")[:2000]
    ]


@login_required
def lost_new(request: HttpRequest) -> HttpResponse:
    _manager(request)
    initial: dict[str, Any] = {"lost_since": timezone.localdate()}
    chosen = request.GET.get("member", "")
    if chosen.isdigit():
        initial["member_id"] = int(chosen)
    form = LostContactForm(request.POST or None, members=_member_choices(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record = standing.lost_contact_open(
                actor=request.user, member_id=data["member_id"], lost_since=data["lost_since"],
                circumstances=data["circumstances"],
            )  # fmt: skip
        except (InvalidInput, Conflict) as exc:
            _failed(form, exc)
        else:
            messages.success(request, f"已登记{record.member.name}失联")
            return redirect("dynamics:lost_record", record.pk)
    context = {"form": form, "nav": "dynamics"}
    return render(request, "dynamics/lost_new.html", context, status=_status(request, form))


def _visible_record(request: HttpRequest, record_id: int) -> LostContact:
    record = lost_contact_records(request.user).filter(pk=record_id).first()
    if record is None:
        raise Http404("未找到该失联记录")
    return record


def _record_page(
    request: HttpRequest, record: LostContact, forms: dict[str, ChineseForm] | None = None
) -> HttpResponse:
    today = timezone.localdate()
    given = forms or {}
    member = record.member
    context = {
        "record": record,
        "member": member,
        "evidence": evidence_of(record),
        "suspension_due": suspension_proposal_due(record.lost_since),
        "removal": removal_proposal_of(record, today),
        "may_decide": may_decide_standing(request.user, member),
        "search_form": given.get("search") or SearchForm(initial={"searched_on": today}),
        "found_form": given.get("found") or FoundForm(initial={"found_on": today}),
        "suspend_form": given.get("suspend")
        or DecisionForm(prefix="suspend", initial={"decided_on": today}),
        "remove_form": given.get("remove")
        or DecisionForm(prefix="remove", initial={"decided_on": today}),
        "decisions": list(record.decisions.order_by("decided_on", "pk")),
        "today": today,
        "nav": "dynamics",
    }
    return render(request, "dynamics/lost_record.html", context, status=400 if given else 200)


@login_required
def lost_detail(request: HttpRequest, record_id: int) -> HttpResponse:
    _manager(request)
    return _record_page(request, _visible_record(request, record_id))


@login_required
@require_POST
def lost_act(request: HttpRequest, record_id: int, action: str) -> HttpResponse:
    """search / found / suspend / remove on one record, each through its service."""
    _manager(request)
    record = _visible_record(request, record_id)
    acts = {"search": _search, "found": _found, "suspend": _suspend, "remove": _remove}
    if action not in acts:
        raise Http404("没有这个操作")
    form, done = acts[action](request, record)
    if done:
        messages.success(request, done)
        return redirect("dynamics:lost_record", record.pk)
    return _record_page(request, record, {action: form})


def _search(request: HttpRequest, record: LostContact) -> tuple[ChineseForm, str]:
    form = SearchForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            standing.search_attempt_add(actor=request.user, record_id=record.pk,
                                        searched_on=d["searched_on"], way=d["way"], result=d["result"])  # fmt: skip
            return form, "已记录查找情况"
        except (InvalidInput, Conflict) as exc:
            _failed(form, exc)
    return form, ""


def _found(request: HttpRequest, record: LostContact) -> tuple[ChineseForm, str]:
    form = FoundForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            standing.lost_contact_found(actor=request.user, record_id=record.pk,
                                        found_on=d["found_on"], note=d["found_note"])  # fmt: skip
            return form, f"{record.member.name}已恢复联系"
        except (InvalidInput, Conflict) as exc:
            _failed(form, exc)
    return form, ""


def _suspend(request: HttpRequest, record: LostContact) -> tuple[ChineseForm, str]:
    form = DecisionForm(request.POST, prefix="suspend")
    if form.is_valid():
        try:
            standing.membership_suspend(
                actor=request.user, member_id=record.member_id, data=form.decision()
            )
            return form, f"已记录{record.member.name}停止党籍的决定"
        except (InvalidInput, Conflict) as exc:
            _failed(form, exc)
    return form, ""


def _remove(request: HttpRequest, record: LostContact) -> tuple[ChineseForm, str]:
    form = DecisionForm(request.POST, prefix="remove")
    if form.is_valid():
        data = form.decision()
        data = standing.DecisionInput(**{**data.__dict__, "ground": "left_by_absence"})
        try:
            standing.member_exit(actor=request.user, member_id=record.member_id,
                                 kind=DecisionKind.REMOVAL, data=data)  # fmt: skip
            return form, f"已记录{record.member.name}按自行脱党除名的决定"
        except (InvalidInput, Conflict) as exc:
            _failed(form, exc)
    return form, ""


# -- exits, restoration, 限期改正 -----------------------------------------------------------------


def _managed_member(request: HttpRequest, member_id: int) -> Member:
    member = access_member(request.user, member_id)
    require(may_decide_standing(request.user, member), "无权办理该党员的党籍事项")
    return member


@login_required
def exit_new(request: HttpRequest, member_id: int) -> HttpResponse:
    """出党 of one member (MEM-8): death, 退党, 除名 by its ground, 开除党籍."""
    member = _managed_member(request, member_id)
    form = ExitForm(request.POST or None, initial={"decided_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            decision = standing.member_exit(actor=request.user, member_id=member.pk,
                                            kind=form.cleaned_data["kind"], data=form.decision())  # fmt: skip
        except (InvalidInput, Conflict) as exc:
            _failed(form, exc)
        else:
            messages.success(request, f"已记录{member.name}{decision.get_kind_display()}")
            return redirect("dynamics:exits")
    context = {"form": form, "member": member, "title": "出党", "nav": "dynamics"}
    return render(request, "dynamics/member_form.html", context, status=_status(request, form))


@login_required
def restore_new(request: HttpRequest, member_id: int) -> HttpResponse:
    """恢复党籍 (MEM-4): the 支部党员大会, then the 党委's approval, recorded by the 党委."""
    member = access_member(request.user, member_id)
    committee = approving_committee(member.organization)
    require(
        committee is not None and may_restore_membership(request.user, committee),
        "恢复党籍须经上级党委批准，由上级党委办理",
    )
    form = RestoreForm(request.POST or None, initial={"decided_on": timezone.localdate(),
                                                      "deciding_org": committee.name if committee else ""})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            standing.membership_restore(
                actor=request.user, member_id=member.pk, data=form.decision()
            )
        except (InvalidInput, Conflict) as exc:
            _failed(form, exc)
        else:
            messages.success(request, f"已记录{member.name}恢复党籍")
            return redirect("members:detail", member.pk)
    context = {"form": form, "member": member, "title": "恢复党籍", "nav": "dynamics"}
    return render(request, "dynamics/member_form.html", context, status=_status(request, form))


@login_required
def correction_new(request: HttpRequest, member_id: int) -> HttpResponse:
    """限期改正 (MEM-8): at most one year."""
    member = _managed_member(request, member_id)
    form = CorrectionForm(request.POST or None, initial={"starts_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            standing.correction_start(actor=request.user, member_id=member.pk, starts_on=d["starts_on"],
                                      ends_on=d["ends_on"], deciding_org=d["deciding_org"], reason=d["reason"])  # fmt: skip
        except (InvalidInput, Conflict) as exc:
            _failed(form, exc)
        else:
            messages.success(request, f"已记录{member.name}限期改正")
            return redirect("dynamics:exits")
    context = {"form": form, "member": member, "title": "限期改正", "nav": "dynamics"}
    return render(request, "dynamics/member_form.html", context, status=_status(request, form))


def _status(request: HttpRequest, form: ChineseForm) -> int:
    return 400 if request.method == "POST" and form.errors else 200


@login_required
def exit_list(request: HttpRequest) -> HttpResponse:
    """Decisions on standing (出党, 停止党籍, 恢复党籍), 限期改正 and members expelled by a
    sanction whose exit is still to be recorded."""
    _manager(request)
    context = {
        "decisions": list(standing_decisions(request.user)[:500]),
        "corrections": list(correction_terms(request.user)[:500]),
        "close_form": CorrectionCloseForm(initial={"outcome_on": timezone.localdate()}),
        "expelled": list(expelled_without_exit(request.user)[:200]),
        "may_sanctions": may_read_sanctions_register(request.user),
        "nav": "dynamics",
    }
    return render(request, "dynamics/exits.html", context)


@login_required
@require_POST
def correction_close(request: HttpRequest, term_id: int) -> HttpResponse:
    _manager(request)
    term = correction_terms(request.user).filter(pk=term_id).first()
    if term is None:
        raise Http404("未找到该限期改正记录")
    form = CorrectionCloseForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            standing.correction_close(actor=request.user, term_id=term.pk, outcome=d["outcome"],
                                      outcome_on=d["outcome_on"], note=d["outcome_note"])  # fmt: skip
        except (InvalidInput, Conflict) as exc:
            _failed(form, exc)
        else:
            messages.success(request, f"已认定{term.member.name}的限期改正结果")
            return redirect("dynamics:exits")
    context = {"form": form, "member": term.member, "title": "限期改正结果", "nav": "dynamics"}
    return render(request, "dynamics/member_form.html", context, status=400)


# -- MEM-5 and the sanctions register ----------------------------------------------------------


@login_required
def inactive_list(request: HttpRequest) -> HttpResponse:
    """MEM-5: members six months without organisational life or dues, with the evidence."""
    _manager(request)
    today = timezone.localdate()
    context = {"flags": inactive_members(request.user, today), "today": today, "nav": "dynamics",
               "may_sanctions": may_read_sanctions_register(request.user)}  # fmt: skip
    return render(request, "dynamics/inactive.html", context)


@login_required
def sanction_list(request: HttpRequest) -> HttpResponse:
    """The Party sanctions of the asker's subtree (DISC-1), for organisation administrators."""
    require(may_read_sanctions_register(request.user), "党纪处分登记仅供党委（党总支）组织部门查看")
    context = {"sanctions": list(sanctions_register(request.user)[:1000]), "nav": "dynamics"}
    return render(request, "dynamics/sanctions.html", context)
