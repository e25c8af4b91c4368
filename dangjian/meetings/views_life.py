"""The pages of votes at a meeting (MEET-1/MEET-2), 谈心谈话 (MEET-7), 民主评议 and 整改 (MEET-6)
and the year plan's button. Adapters only: parse, call the service, render; a refusal lands on
the field it names, another branch's secretary gets 404."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.accounts.access import may_manage_some_organization, require
from dangjian.core.errors import Conflict, InvalidInput
from dangjian.meetings import services
from dangjian.meetings.forms_life import (
    CloseForm,
    RectificationForm,
    ReviewForm,
    TalkForm,
    VoteForm,
)
from dangjian.meetings.models import (
    DemocraticReview,
    Meeting,
    Rating,
    Rectification,
    RectificationState,
    Talk,
)
from dangjian.meetings.plans import year_plan_generate
from dangjian.meetings.reviews import (
    ReviewInput,
    democratic_review_record,
    rectification_add,
    rectification_close,
)
from dangjian.meetings.selectors import branch_of, branch_register, committee_on
from dangjian.meetings.talks import offered_people, talk_coverage, talk_record
from dangjian.meetings.views import MEMBER_SCOPE, _chosen, _managed, holders
from dangjian.meetings.votes import meeting_vote_record
from dangjian.meetings.years import answers_bad_year, year_param
from dangjian.members.models import Member
from dangjian.members.register import branch_register_as_of
from dangjian.orgs.models import Organization
from dangjian.rules.meetings.kinds import MeetingKind
from dangjian.rules.organization import OrgKind

VOTING_KINDS = (MeetingKind.BRANCH_ASSEMBLY.value, MeetingKind.BRANCH_COMMITTEE.value)


def _branches(request: HttpRequest) -> tuple[Organization, list[Organization]]:
    """The 党支部 chosen by ``?org=`` among those the user looks after (404 outside them)."""
    require(may_manage_some_organization(request.user), MEMBER_SCOPE)
    options = [o for o in holders(request.user) if o.kind != OrgKind.GROUP]
    return _chosen(request, options), options


def _own_members(org: Organization) -> list[tuple[int, str]]:
    """The members on the branch's own roll (not its 党小组's), by pinyin."""
    rows = Member.objects.filter(organization=org).order_by("name_pinyin", "pk")
    return list(rows.values_list("pk", "name"))


# ---- votes and 整改 at one meeting -------------------------------------------------------


def _vote_people(meeting: Meeting, kinds: list[str]) -> list[tuple[int, str]]:
    """Those who may be ticked present: the voting members of the day's register (党员大会)
    and the committee of the day (支委会), each once."""
    people: dict[int, str] = {}
    if MeetingKind.BRANCH_ASSEMBLY.value in kinds:
        register = branch_register(branch_of(meeting.organization), meeting.held_on)
        people.update((e.member_id, e.name) for e in register.may_vote)
    if MeetingKind.BRANCH_COMMITTEE.value in kinds:
        ids = committee_on(meeting.organization, meeting.held_on)
        committee = Member.objects.filter(pk__in=ids).order_by("name_pinyin", "pk")
        people.update((pk, f"{name}（支委）") for pk, name in committee.values_list("pk", "name"))
    return list(people.items())


@login_required
def meeting_life(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """A meeting's votes (with the stored arithmetic and article) and, for a 组织生活会, its
    整改 items. POST ``action`` = vote, rectify or close."""
    meeting = _managed(request, meeting_id)
    names = services.meeting_kinds()
    kinds = [k.kind for k in meeting.kinds.all()]
    vote_kinds = [(k, names.get(k, k)) for k in kinds if k in VOTING_KINDS]
    people = _own_members(meeting.organization)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    vote_form = VoteForm(request.POST if action == "vote" else None, kinds=vote_kinds,
                         people=_vote_people(meeting, kinds) if vote_kinds else [])  # fmt: skip
    add_form = RectificationForm(request.POST if action == "rectify" else None, people=people)
    close_form = CloseForm(request.POST if action == "close" else None)
    done = False
    if action == "vote" and vote_form.is_valid():
        d = vote_form.cleaned_data
        try:
            vote = meeting_vote_record(actor=request.user, meeting_id=meeting.pk, subject=d["subject"],
                                       kind=d["kind"], present_ids=tuple(d["present"]), yes=d["yes"],
                                       no=d["no"], abstain=d["abstain"])  # fmt: skip
        except InvalidInput as exc:
            vote_form.add_service_errors(exc)
        except Conflict as exc:
            vote_form.add_error(None, str(exc))
        else:
            done = True
            messages.success(
                request, f"已记录表决：{vote.subject}（{'通过' if vote.passed else '未通过'}）"
            )
    elif action == "rectify" and add_form.is_valid():
        d = add_form.cleaned_data
        try:
            rectification_add(actor=request.user, meeting_id=meeting.pk, issue=d["issue"],
                              measure=d["measure"], owner_id=d["owner"], due_on=d["due_on"])  # fmt: skip
        except InvalidInput as exc:
            add_form.add_service_errors(exc)
        else:
            done = True
            messages.success(request, "已添加整改事项")
    elif action == "close" and close_form.is_valid():
        d = close_form.cleaned_data
        if not Rectification.objects.filter(pk=d["item"], meeting=meeting).exists():
            close_form.add_error("item", "未找到该整改事项")
        else:
            try:
                rectification_close(actor=request.user, item_id=d["item"], done_on=d["done_on"],
                                    result=d["result"])  # fmt: skip
            except InvalidInput as exc:
                close_form.add_service_errors(exc)
            except Conflict as exc:
                close_form.add_error(None, str(exc))
            else:
                done = True
                messages.success(request, "整改事项已完成")
    if done:
        return redirect("meetings:life", meeting.pk)
    today = timezone.localdate()
    items = [
        (item, item.state == RectificationState.OPEN and item.due_on < today)
        for item in Rectification.objects.filter(meeting=meeting)
        .select_related("owner")
        .order_by("state", "due_on", "pk")
    ]
    failed = any(f.errors for f in (vote_form, add_form, close_form))
    context = {
        "meeting": meeting, "kinds": [names.get(k, k) for k in kinds], "vote_kinds": vote_kinds,
        "votes": meeting.votes.order_by("recorded_at", "pk"), "vote_form": vote_form,
        "life": MeetingKind.LIFE_MEETING.value in kinds, "items": items, "add_form": add_form,
        "close_form": close_form, "today": today, "nav": "meetings",
    }  # fmt: skip
    return render(request, "meetings/life_meeting.html", context, status=400 if failed else 200)


# ---- 谈心谈话 --------------------------------------------------------------------------


@login_required
@answers_bad_year
def talks(request: HttpRequest) -> HttpResponse:
    """A branch's 谈心谈话 of a year, the record form and who has not been talked with."""
    org, options = _branches(request)
    today = timezone.localdate()
    year = year_param(request.GET.get("year", ""), today)
    # The register of the year's last day (today for this year): no one who left before the
    # year nor joined after it.
    offered = offered_people(org, min(today, date(year, 12, 31)))
    form = TalkForm(
        request.POST or None, people=offered, initial={"held_on": min(today, date(year, 12, 31))}
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            talk_record(actor=request.user, organization_id=org.pk, kind=d["kind"],
                        talker_id=d["talker"], listener_id=d["listener"], held_on=d["held_on"],
                        summary=d["summary"], today=today)  # fmt: skip
        except InvalidInput as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "已记录谈心谈话")
            return redirect(f"{request.path}?org={org.pk}&year={d['held_on'].year}")
    rows = (
        Talk.objects.filter(organization=org, held_on__year=year)
        .select_related("talker", "listener")
        .order_by("-held_on", "-pk")
    )
    coverage = talk_coverage(org, year, min(today, date(year, 12, 31)))
    context = {
        "org": org, "options": options, "year": year, "years": _years(today), "rows": rows,
        "coverage": coverage, "rate": round(coverage.rate * 100), "form": form, "nav": "meetings",
    }  # fmt: skip
    return render(request, "meetings/life_talks.html", context, status=400 if form.errors else 200)


def _years(today: date) -> list[int]:
    return [today.year + 1, today.year, today.year - 1, today.year - 2]


# ---- 民主评议 --------------------------------------------------------------------------


def _review_state(review: DemocraticReview | None) -> str:
    """Where a member's review stands, in the article's order."""
    if review is None:
        return "未开始"
    if review.rating:
        return f"已评定：{review.get_rating_display()}"
    polled = (review.poll_excellent + review.poll_qualified + review.poll_basically
              + review.poll_unqualified)  # fmt: skip
    steps = [("个人自评", review.self_assessment), ("党员互评", review.peer_assessment),
             ("民主测评", polled)]  # fmt: skip
    done = [name for name, value in steps if value]
    return f"已完成{'、'.join(done)}" if done else "未开始"


@login_required
@answers_bad_year
def reviews(request: HttpRequest) -> HttpResponse:
    """A branch's 民主评议 of a year: every member with their state, the form of the member
    chosen by ``?member=``, and how many got each rating."""
    org, options = _branches(request)
    today = timezone.localdate()
    year = year_param(request.GET.get("year", ""), today)
    register = branch_register_as_of(org, min(today, date(year, 12, 31)))
    members = list(register.should_attend)
    year_reviews = DemocraticReview.objects.filter(
        member_id__in=[e.member_id for e in members], year=year
    )
    by_member = {r.member_id: r for r in year_reviews}
    chosen = None
    raw = request.GET.get("member", "").strip()
    if raw:
        chosen = next((e for e in members if str(e.member_id) == raw), None)
        if chosen is None:
            raise Http404("未找到该党员")
    form = None
    if chosen is not None:
        current = by_member.get(chosen.member_id)
        initial: dict[str, object] = {"rated_on": today}
        if current is not None:
            initial.update(self_assessment=current.self_assessment,
                           peer_assessment=current.peer_assessment, rating=current.rating,
                           poll_excellent=current.poll_excellent,
                           poll_qualified=current.poll_qualified,
                           poll_basically=current.poll_basically,
                           poll_unqualified=current.poll_unqualified)  # fmt: skip
        form = ReviewForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            data = ReviewInput(self_assessment=d["self_assessment"],
                               peer_assessment=d["peer_assessment"], poll=form.poll(),
                               rating=d["rating"], rated_on=d["rated_on"])  # fmt: skip
            try:
                democratic_review_record(actor=request.user, member_id=chosen.member_id,
                                         year=year, data=data)  # fmt: skip
            except InvalidInput as exc:
                form.add_service_errors(exc)
            except Conflict as exc:  # already rated this year by the branch they left
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"已保存{chosen.name}的{year}年度民主评议")
                return redirect(f"{request.path}?org={org.pk}&year={year}")
    elif request.method == "POST":
        raise Http404("请选择党员")
    counts = dict(
        year_reviews.exclude(rating="")
        .values_list("rating")
        .annotate(n=Count("pk"))
        .values_list("rating", "n")
    )
    context = {
        "org": org, "options": options, "year": year, "years": _years(today),
        "rows": [(e, _review_state(by_member.get(e.member_id))) for e in members],
        "summary": [(label, counts.get(value, 0)) for value, label in Rating.choices],
        "rated": sum(counts.values()), "chosen": chosen, "form": form, "nav": "meetings",
    }  # fmt: skip
    failed = form is not None and bool(form.errors)
    return render(request, "meetings/life_reviews.html", context, status=400 if failed else 200)


# ---- 年度计划 --------------------------------------------------------------------------


@login_required
@require_POST
def year_plan(request: HttpRequest) -> HttpResponse:
    """Generate the planned meetings of a year the branch (or 党小组) has not covered yet."""
    require(may_manage_some_organization(request.user), MEMBER_SCOPE)
    options = holders(request.user)
    found = next((o for o in options if str(o.pk) == request.POST.get("org", "").strip()), None)
    if found is None:
        raise Http404("未找到该组织")
    back = f"{reverse('meetings:list')}?org={found.pk}"
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        year = 0
    if not 2000 <= year <= 2100:
        messages.error(request, "年度：请选择要生成计划的年度")
        return redirect(back)
    try:
        created = year_plan_generate(actor=request.user, organization_id=found.pk, year=year)
    except InvalidInput as exc:
        for texts in exc.errors.values():
            for text in texts:
                messages.error(request, text)
        return redirect(back)
    if created:
        messages.success(request, f"已生成{year}年度组织生活计划：新增{len(created)}次计划会议")
    else:
        messages.info(request, f"{year}年度应开的会议均已计划或召开，未新增会议")
    return redirect(f"{back}&month={year}-01")
