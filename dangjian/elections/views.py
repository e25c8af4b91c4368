"""Pages of 班子与换届. Adapters: parse, call a selector or service, render.

The organisation's own secretary (and whoever looks after it) records the term, requests the
election, holds the meeting and reports; the higher organisation approves the request and the
result (``accounts.access.may_run_election`` / ``may_approve_election``). An election outside
the asker's scope answers 404, as a missing one does.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from dangjian.accounts.access import (
    access_organization,
    may_approve_election,
    may_manage_some_organization,
    may_run_election,
    require,
)
from dangjian.core.actor import Actor
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.documents.locate import TemplateMissing
from dangjian.documents.word import DocumentError
from dangjian.elections import services
from dangjian.elections.checks import CHECK_LABELS, committees_in_scope, org_committee
from dangjian.elections.documents import DOC_KINDS, election_document
from dangjian.elections.exports import election_result_xlsx, terms_xlsx
from dangjian.elections.forms import (
    WRITE_IN_ROWS,
    AdjustForm,
    ApproveForm,
    ConfirmForm,
    ReportForm,
    RequestForm,
    SecretariesForm,
    ShortfallForm,
    TermForm,
    _Labelled,
    parse_held_on,
    parse_meeting,
    parse_posts,
    parse_runoff,
    parse_sheets,
)
from dangjian.elections.models import CommitteeTerm, Election, ElectionKind, ElectionStep
from dangjian.elections.rounds import election_rounds
from dangjian.elections.selectors import (
    TERM_ORDERS,
    by_elections_of,
    past_committees,
    term_started_on,
    terms_due,
    terms_overdue,
)
from dangjian.members.choices import COMMITTEE_TITLES, PositionTitle
from dangjian.members.register import register_as_of
from dangjian.orgs.models import Organization
from dangjian.rules.elections import candidates_needed, check_election_quorum, ladder_rung
from dangjian.rules.sources import RULE_SOURCES, readable_source

NAV = "elections"
CHAIN = (
    (ElectionStep.REQUESTED, "请示", "requested_on"),
    (ElectionStep.APPROVED, "批复", "approved_on"),
    (ElectionStep.HELD, "选举大会", "held_on"),
    (ElectionStep.REPORTED, "报告选举结果", "reported_on"),
    (ElectionStep.CONFIRMED, "批准选举结果", "confirmed_on"),
)


TERM_SORT_LABELS = {
    "due": "按届满日期",
    "org": "按党组织",
    "elected": "按选举日期",
    "number": "按届次",
}


def _today() -> date:
    return timezone.localdate()


def _election(user: Actor, election_id: int) -> Election:
    """The election if ``user`` sees its organisation; Http404 otherwise, as for none."""
    election = Election.objects.select_related("organization").filter(pk=election_id).first()
    if election is None:
        raise Http404("未找到该换届选举")
    access_organization(user, election.organization_id)
    return election


def org_panel(user: Actor, org: Organization) -> dict[str, Any]:
    """What the organisation page shows of 班子与换届: the committee with its checks, past terms,
    the open election and past ones, and which actions the asker may take."""
    today = _today()
    committee = org_committee(org, today)
    found = services.vacancy(org, today)
    return {
        "committee": committee,
        # The 补选 of the current term, and the seats vacant today (None: size unknown).
        "by_elections": by_elections_of([committee.term.pk]).get(committee.term.pk, [])
        if committee.term
        else [],
        "vacancies": found.vacancies if found is not None else None,
        "term_started_on": term_started_on(org, today),
        "past_terms": past_committees(user, org),
        "elections": Election.objects.filter(organization=org).order_by("-requested_on", "-pk"),
        "may_run": may_run_election(user, org),
        "may_approve": may_approve_election(user, org),
        "vacant_days": settings.VACANT_POST_DAYS,
    }


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """The 党委's list: terms due or overdue in its subtree, every organisation's checks, and
    the elections under way."""
    require(may_manage_some_organization(request.user), "该页面仅供党务工作者使用")
    today = _today()
    committees = committees_in_scope(request.user, today)
    org_ids = [c.organization.pk for c in committees]
    check = request.GET.get("check", "")
    overdue_only = request.GET.get("due") == "overdue"
    terms = (terms_overdue(request.user, today) if overdue_only
             else terms_due(request.user, today, int(settings.TERM_DUE_MONTHS)))  # fmt: skip
    # The orderings of the API and the export (``?sort=due|org|elected|number``).
    sort = request.GET.get("sort", "due")
    sort = sort if sort in TERM_ORDERS else "due"
    terms = terms.order_by(*TERM_ORDERS[sort])
    ladder = tuple(settings.TERM_REMINDER_MONTHS)
    context = {
        "terms": [(t, ladder_rung(t.ends_on, today, ladder)) for t in terms],
        "overdue_only": overdue_only,
        "sort": sort,
        "sorts": TERM_SORT_LABELS,
        "months": settings.TERM_DUE_MONTHS,
        "failing": [
            c
            for c in committees
            if c.checks and (not check or any(k.kind == check for k in c.checks))
        ],
        "check_label": CHECK_LABELS.get(check, ""),
        "open": Election.objects.filter(
            organization_id__in=org_ids,
            step__in=[ElectionStep.RUNOFF, *(s for s, _l, _f in CHAIN[:-1])],
        )
        .select_related("organization")
        .order_by("requested_on"),
        "today": today,
        "nav": NAV,
    }
    return render(request, "elections/overview.html", context)


def _form_page(request: HttpRequest, form: _Labelled, title: str, org: Organization,
               **extra: Any) -> HttpResponse:  # fmt: skip
    context = {"form": form, "title": title, "org": org, "nav": NAV, **extra}
    return render(request, "elections/form.html", context)


@login_required
def term_form(request: HttpRequest, org_id: int) -> HttpResponse:
    """Enter the current term (e.g. when the platform starts)."""
    org = access_organization(request.user, org_id)
    require(may_run_election(request.user, org), services.NOT_YOURS)
    form = TermForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.term_record(actor=request.user, organization_id=org.pk, **form.cleaned_data)
        except InvalidInput as exc:
            form.add_service_errors(exc)
        except Conflict as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已录入本届班子")
            return redirect("orgs:detail", org.pk)
    return _form_page(request, form, f"录入本届班子：{org.name}", org)


@login_required
def by_election_form(request: HttpRequest, org_id: int) -> HttpResponse:
    """The 请示 of a 补选 in the current term: seats at most the vacancies, candidates from the
    members who may vote and hold no committee post."""
    org = access_organization(request.user, org_id)
    require(may_run_election(request.user, org), services.NOT_YOURS)
    found = services.vacancy(org, _today())
    holders = found.holders if found is not None else frozenset()
    voters = [(e.member_id, e.name) for e in register_as_of(request.user, org, _today()).may_vote
              if e.member_id not in holders]  # fmt: skip
    form = RequestForm(request.POST or None, voters=voters, initial={"requested_on": _today()})
    form.fields["seats"].label = "补选人数"
    if request.method == "POST" and form.is_valid():
        try:
            election = services.by_election_request(
                actor=request.user, organization_id=org.pk, **form.cleaned_data
            )
        except InvalidInput as exc:
            form.add_service_errors(exc)
        except Conflict as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已提交补选请示")
            return redirect("elections:detail", election.pk)
    size = f"本届委员职数{found.size}名，现缺额{found.vacancies}名；" if found is not None else ""
    hint = (f"{size}补选在本届任期内进行，不换届：当选委员自上级批准补选结果之日起任职，"
            f"任期届满日期不变；补选人数不得多于缺额{readable_source(RULE_SOURCES['ORG-3'])}")  # fmt: skip
    return _form_page(request, form, f"补选请示：{org.name}", org, hint=hint)


@login_required
def request_form(request: HttpRequest, org_id: int) -> HttpResponse:
    """The 请示: seats and candidates from the members with the right to vote (ELEC-2, ELEC-4)."""
    org = access_organization(request.user, org_id)
    require(may_run_election(request.user, org), services.NOT_YOURS)
    voters = [(e.member_id, e.name) for e in register_as_of(request.user, org, _today()).may_vote]
    form = RequestForm(request.POST or None, voters=voters, initial={"requested_on": _today()})
    if request.method == "POST" and form.is_valid():
        try:
            election = services.election_request(
                actor=request.user, organization_id=org.pk, **form.cleaned_data
            )
        except InvalidInput as exc:
            form.add_service_errors(exc)
        except Conflict as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已提交换届选举请示")
            return redirect("elections:detail", election.pk)
    hint = (f"差额选举：候选人应多于应选人数的20%（3名需4名，5名需6名，7名需9名）"
            f"{readable_source(RULE_SOURCES['ELEC-2'])}")  # fmt: skip
    return _form_page(request, form, f"换届选举请示：{org.name}", org, hint=hint)


def _chain(election: Election) -> list[dict[str, Any]]:
    order = [s for s, _l, _f in CHAIN]
    step = ElectionStep.APPROVED if election.step == ElectionStep.RUNOFF else election.step
    reached = order.index(ElectionStep(step)) if step in order else -1
    rows = [
        {"label": label, "date": getattr(election, field), "done": i <= reached}
        for i, (_s, label, field) in enumerate(CHAIN)
    ]
    if settings.SECRETARY_APPROVAL or election.secretaries_approved_on is not None:
        # The higher organisation's approval of the 书记 and 副书记, before the result's.
        approved = election.secretaries_approved_on
        rows.insert(
            -1, {"label": "批准书记、副书记", "date": approved, "done": approved is not None}
        )
    return rows


def _arithmetic(election: Election) -> dict[str, Any] | None:
    """ELEC-1 and ELEC-3 as stored with the result: counts, thresholds, who passed."""
    if election.should_attend is None or election.present is None:
        return None
    half = election.present // 2
    quorum = check_election_quorum(election.should_attend, election.present)
    # Each round shows its own outcome: a tie at the cut won in the run-off is 当选 only there.
    rounds = election_rounds(election)
    return {"quorum": quorum.text, "four_fifths": election.should_attend * 4 / 5, "half": half,
            "rows": rounds[0].rows if rounds else (), "runoffs": rounds[1:],
            "sheets": rounds[0].sheets if rounds else None}  # fmt: skip


@login_required
def detail(request: HttpRequest, election_id: int) -> HttpResponse:
    election = _election(request.user, election_id)
    org = election.organization
    context = {
        "election": election,
        "org": org,
        "chain": _chain(election),
        "arithmetic": _arithmetic(election),
        "needed": candidates_needed(election.seats),
        "may_run": may_run_election(request.user, org),
        "may_approve": may_approve_election(request.user, org),
        "verdicts": [v["text"] for v in election.verdicts],
        "posts": [{**p, "label": PositionTitle(p["title"]).label} for p in election.posts],
        # A 补选 that elects no 书记 or 副书记 needs no approval of them.
        "secretary_approval": settings.SECRETARY_APPROVAL
        and (election.kind == ElectionKind.GENERAL
             or any(p["title"] in (PositionTitle.SECRETARY, PositionTitle.DEPUTY_SECRETARY)
                    for p in election.posts)),
        "by_election": election.kind == ElectionKind.BY_ELECTION,
        "nav": NAV,
    }  # fmt: skip
    return render(request, "elections/detail.html", context)


def _step_page(request: HttpRequest, election: Election, form: _Labelled, title: str,
               call: Any, success: str, **extra: Any) -> HttpResponse:  # fmt: skip
    """Run one step's service with the form's values; its refusal goes onto the form."""
    if request.method == "POST" and form.is_valid():
        try:
            call(actor=request.user, election_id=election.pk, **form.cleaned_data)
        except InvalidInput as exc:
            form.add_service_errors(exc)
        except Conflict as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, success)
            return redirect("elections:detail", election.pk)
    return _form_page(request, form, title, election.organization, election=election, **extra)


@login_required
def approve(request: HttpRequest, election_id: int) -> HttpResponse:
    """The higher organisation's 批复 of the request."""
    election = _election(request.user, election_id)
    require(may_approve_election(request.user, election.organization), services.NOT_HIGHER)
    approver = services.approving_organization(request.user, election.organization)
    form = ApproveForm(
        request.POST or None, initial={"approved_on": _today(), "approver": approver}
    )
    return _step_page(request, election, form, f"批复换届选举请示：{election.organization.name}",
                      services.election_approve, "已批复")  # fmt: skip


@login_required
def report(request: HttpRequest, election_id: int) -> HttpResponse:
    election = _election(request.user, election_id)
    require(may_run_election(request.user, election.organization), services.NOT_YOURS)
    form = ReportForm(request.POST or None, initial={"reported_on": _today()})
    return _step_page(request, election, form, f"报告选举结果：{election.organization.name}",
                      services.election_report, "已报告选举结果")  # fmt: skip


_SECRETARIES_HINT = (
    "新一届委员会选举产生的书记、副书记报上级党组织批准；批准后方可批准选举结果，新一届班子任职"
    f"{readable_source(RULE_SOURCES['ORG-5'])}"
)


@login_required
def approve_secretaries(request: HttpRequest, election_id: int) -> HttpResponse:
    """The higher organisation approves the new 书记 and 副书记 (its own dated step)."""
    election = _election(request.user, election_id)
    require(may_approve_election(request.user, election.organization), services.NOT_HIGHER)
    parent = Organization.objects.get_parent(election.organization)
    approver = f"中共{parent.name}" if parent is not None else ""
    form = SecretariesForm(request.POST or None,
                           initial={"approved_on": _today(), "approver": approver})  # fmt: skip

    def call(*, actor: Actor, election_id: int, approved_on: date, approver: str,
             document: str) -> Election:  # fmt: skip
        return services.election_approve_secretaries(
            actor=actor, election_id=election_id,
            approval=services.SecretaryApproval(approved_on, approver, document),
        )  # fmt: skip

    return _step_page(request, election, form, f"批准书记、副书记：{election.organization.name}",
                      call, "已记录上级党组织对书记、副书记的批准", hint=_SECRETARIES_HINT)  # fmt: skip


@login_required
def confirm(request: HttpRequest, election_id: int) -> HttpResponse:
    """The higher organisation approves the result: the next term opens."""
    election = _election(request.user, election_id)
    require(may_approve_election(request.user, election.organization), services.NOT_HIGHER)
    approver = services.approving_organization(request.user, election.organization)
    form = ConfirmForm(
        request.POST or None, initial={"confirmed_on": _today(), "approver": approver}
    )
    return _step_page(request, election, form, f"批准选举结果：{election.organization.name}",
                      services.election_confirm, "选举结果已批准，新一届班子任期开始")  # fmt: skip


@login_required
def hold(request: HttpRequest, election_id: int) -> HttpResponse:
    """The election meeting: who should attend from the register of the day, those left out
    with a reason, present ticks, the tally per candidate, invalid ballots (ELEC-1, ELEC-3)."""
    election = _election(request.user, election_id)
    org = election.organization
    require(may_run_election(request.user, org), services.NOT_YOURS)
    errors: dict[str, list[str]] = {}
    raw = request.POST if request.method == "POST" else request.GET
    try:
        held_on = parse_held_on(raw.get("held_on")) if raw.get("held_on") else _today()
    except InvalidInput as exc:
        errors, held_on = exc.errors, _today()
    register = register_as_of(request.user, org, held_on)
    voters = register.may_vote
    if request.method == "POST" and not errors:
        try:
            typed = parse_meeting(request.POST, [e.member_id for e in voters], election.candidates)
            held = services.election_hold(
                actor=request.user, election_id=election.pk, held_on=typed.held_on,
                present_ids=typed.present_ids, ballots=typed.ballots, left_out=typed.left_out,
                invalid_ballots=typed.invalid_ballots, write_ins=typed.write_ins,
                ballots_issued=typed.ballots_issued, ballots_returned=typed.ballots_returned,
            )  # fmt: skip
        except InvalidInput as exc:
            errors = exc.errors
        except Conflict as exc:
            errors = {"__all__": [str(exc)]}
        else:
            tie = (
                "；得票相等的候选人须就剩余名额另行选举" if held.step == ElectionStep.RUNOFF else ""
            )
            messages.success(request, f"已记录选举大会及计票结果{tie}")
            return redirect("elections:detail", election.pk)
    posted = request.POST if request.method == "POST" else None
    context = {
        "election": election,
        "org": org,
        "held_on": held_on,
        "voters": [
            {
                "entry": e,
                "present": not posted or bool(posted.get(f"present_{e.member_id}")),
                "reason": posted.get(f"reason_{e.member_id}", "") if posted else "",
            }
            for e in voters
        ],
        "candidates": [
            {
                "c": c,
                **{
                    k: posted.get(f"{k}_{c['member_id']}", "") if posted else ""
                    for k in ("yes", "no", "abstain")
                },
            }
            for c in election.candidates
        ],
        "invalid_ballots": posted.get("invalid_ballots", "0") if posted else "0",
        "ballots_issued": posted.get("ballots_issued", "") if posted else "",
        "ballots_returned": posted.get("ballots_returned", "") if posted else "",
        # 另选他人: any member who may be elected that day and is not a candidate.
        "write_in_choices": [
            e
            for e in voters
            if e.member_id not in {int(c["member_id"]) for c in election.candidates}
        ],
        "write_in_rows": [
            {
                "n": n,
                "member": posted.get(f"write_in_{n}", "") if posted else "",
                "yes": posted.get(f"write_in_yes_{n}", "") if posted else "",
            }
            for n in range(1, WRITE_IN_ROWS + 1)
        ],
        "write_in_note": "选举人有另选他人的权利：在候选人以外另选本组织有被选举权的正式党员，"
        f"只计赞成票，与候选人同样按得票过半数当选{readable_source(services.WRITE_IN_SOURCE)}",
        "no_vote": [e for e in register.entries if not e.may_vote],
        "errors": [m for ms in errors.values() for m in ms],
        "error_fields": list(errors),
        "quorum_note": "应到会人数为本组织当日有选举权的党员，减去经批准不列入的党员；"
        "实到人数须超过应到人数的五分之四，候选人赞成票须超过实到人数的一半方可当选"
        f"{readable_source(RULE_SOURCES['ELEC-1'])}",
        "nav": NAV,
    }
    return render(request, "elections/hold.html", context, status=400 if errors else 200)


@login_required
def document(request: HttpRequest, election_id: int, kind: str, fmt: str) -> HttpResponse:
    """The 请示 or the 选举结果报告 as Word or PDF, from the replaceable templates."""
    election = _election(request.user, election_id)
    if kind not in DOC_KINDS or fmt not in ("docx", "pdf"):
        raise Http404("未找到该文书")
    if kind == "result" and election.held_on is None:
        raise Http404("选举大会尚未召开，没有选举结果报告")
    try:
        body = election_document(election, kind, fmt)  # type: ignore[arg-type]
    except (DocumentError, TemplateMissing) as exc:
        messages.error(request, str(exc))
        return redirect("elections:detail", election.pk)
    content_type = (
        "application/pdf" if fmt == "pdf"
        else "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )  # fmt: skip
    response = HttpResponse(body, content_type=content_type)
    name = DOC_KINDS[kind]
    if election.kind == ElectionKind.BY_ELECTION:
        name = name.replace("换届选举", "补选").replace("选举结果", "补选结果")
    filename = f"{election.organization.name}{name}.{fmt}"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def _rows_page(request: HttpRequest, election: Election, template: str, call: Any,
               success: str, **extra: Any) -> HttpResponse:  # fmt: skip
    """Run ``call()`` on POST; its refusal is shown above the form, the typed values kept."""
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        try:
            call()
        except InvalidInput as exc:
            errors = exc.errors
        except Conflict as exc:
            errors = {"__all__": [str(exc)]}
        else:
            messages.success(request, success)
            return redirect("elections:detail", election.pk)
    context = {"election": election, "org": election.organization, "posted": request.POST,
               "errors": [m for ms in errors.values() for m in ms], "nav": NAV, **extra}  # fmt: skip
    return render(request, template, context, status=400 if errors else 200)


@login_required
def runoff(request: HttpRequest, election_id: int) -> HttpResponse:
    """ELEC-3's new vote between the candidates tied at the cut, for the seats left."""
    election = _election(request.user, election_id)
    require(may_run_election(request.user, election.organization), services.NOT_YOURS)
    ids = set(election.runoff_pending.get("member_ids", []))
    tied = [c for c in services.people(election) if c["member_id"] in ids]

    def call() -> None:
        sheets = parse_sheets(request.POST)
        services.election_runoff(actor=request.user, election_id=election.pk,
                                 ballots=parse_runoff(request.POST, tied),
                                 ballots_issued=sheets.issued, ballots_returned=sheets.returned,
                                 invalid_ballots=sheets.invalid)  # fmt: skip

    # A refused tally comes back with what was typed, not blank.
    rows = [{"c": c, **{k: request.POST.get(f"{k}_{c['member_id']}", default)
                        for k, default in (("yes", ""), ("no", "0"), ("abstain", "0"))}}
            for c in tied]  # fmt: skip
    return _rows_page(request, election, "elections/runoff.html", call, "已记录另行选举结果",
                      tied=rows, seats=election.runoff_pending.get("seats"))  # fmt: skip


@login_required
def close_shortfall(request: HttpRequest, election_id: int) -> HttpResponse:
    """Close an election with a shortfall of seats instead of another round, with the reason."""
    election = _election(request.user, election_id)
    require(may_run_election(request.user, election.organization), services.NOT_YOURS)
    form = ShortfallForm(request.POST or None)
    return _step_page(request, election, form, f"缺额不再另行选举：{election.organization.name}",
                      services.election_close_shortfall, "已记录缺额，不再另行选举")  # fmt: skip


@login_required
def posts(request: HttpRequest, election_id: int) -> HttpResponse:
    """The new committee's election of 书记/副书记 and its division of posts."""
    election = _election(request.user, election_id)
    require(may_run_election(request.user, election.organization), services.NOT_YOURS)
    ids = services.elected_ids(election)
    labels = {c["member_id"]: c["name"] for c in services.people(election)}

    def call() -> None:
        services.election_assign_posts(actor=request.user, election_id=election.pk,
                                       posts=parse_posts(request.POST, ids))  # fmt: skip

    return _rows_page(request, election, "elections/posts.html", call, "已记录委员分工",
                      members=[{"member_id": m, "name": labels[m]} for m in ids],
                      titles=[t for t in PositionTitle if t.value in COMMITTEE_TITLES])  # fmt: skip


@login_required
def adjust(request: HttpRequest, org_id: int) -> HttpResponse:
    """The higher organisation records a postponed or advanced election (ORG-5)."""
    org = access_organization(request.user, org_id)
    require(may_approve_election(request.user, org), services.NOT_HIGHER)
    term = CommitteeTerm.objects.filter(organization=org, closed_on__isnull=True).first()
    if term is None:
        raise Http404("该党组织尚未录入本届班子")
    form = AdjustForm(request.POST or None, initial={"approved_on": _today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.term_adjust(actor=request.user, term_id=term.pk,
                                 adjustment=services.Adjustment(**form.cleaned_data))  # fmt: skip
        except InvalidInput as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "已记录延期或提前换届的批准，换届日期已调整")
            return redirect("orgs:detail", org.pk)
    return _form_page(request, form, f"延期或提前换届：{org.name}（第{term.number}届）", org)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@login_required
def terms_export(request: HttpRequest) -> HttpResponse:
    """The term list of the asker's scope as Excel (``?sort=due|org|elected|number``)."""
    require(may_manage_some_organization(request.user), "该页面仅供党务工作者使用")
    today = _today()
    body = terms_xlsx(request.user, today, request.GET.get("sort", "due"))
    return _xlsx(body, f"班子任期表{today.isoformat()}.xlsx")


@login_required
def result_export(request: HttpRequest, election_id: int) -> HttpResponse:
    """One election's result with its arithmetic as Excel."""
    election = _election(request.user, election_id)
    if election.present is None:
        raise Http404("选举大会尚未召开，没有选举结果")
    return _xlsx(election_result_xlsx(election), f"{election.organization.name}选举结果.xlsx")
