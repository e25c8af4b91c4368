"""Each panel of the big screen: its figures and the list behind each figure, from the same
query of the capability's own selector (the count counts what the list lists).

Every function takes a ``Frame`` (asker, subtree, day). Figures read the history of the day
where the capability keeps one: membership periods (members), the tree's path history
(organisations), dated steps (development), held meetings (compliance), the ledger's payment
dates (dues), the 增减台账's transfers (``dynamics.ledger``), dated floating and lost-contact records.

A past day is counted by the rule of a past register (``members.selectors.register_members``):
for whoever looks after the subtree, everyone who belonged that day, a member who has left
since included.
"""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlencode

from django.db.models import Count, F, Q, QuerySet
from django.urls import reverse

from dangjian.accounts.access import scope_for, visible_members
from dangjian.development.models import DevelopmentStep
from dangjian.development.selectors import visible_applicants
from dangjian.dues.collection import managed_entries
from dangjian.dues.models import LedgerEntry
from dangjian.dynamics.ledger import LedgerEntry as Move
from dangjian.dynamics.ledger import ledger_of
from dangjian.dynamics.models import FloatingDirection, FloatingRecord
from dangjian.dynamics.selectors import visible_floating
from dangjian.dynamics.standing_models import LostContact
from dangjian.dynamics.standing_selectors import lost_contact_records
from dangjian.elections.models import CommitteeTerm
from dangjian.elections.selectors import terms_due
from dangjian.meetings.selectors import compliance
from dangjian.members.models import Member
from dangjian.members.selectors import organization_today, period_on_q, register_members
from dangjian.orgs.models import Organization, in_subtree, valid_on
from dangjian.orgs.selectors import path_on
from dangjian.rules.dates import add_months
from dangjian.rules.development.process import Stage as DevStage
from dangjian.rules.membership_ledger import Change
from dangjian.rules.organization import OrgKind
from dangjian.screen.frames import Bar, DrillRow, Frame, Panel
from dangjian.screen.slices import (
    MEMBER_PANELS,
    PERIOD,
    count_on,
    member_slices,
    with_fields_on,
)

# ---- members (STAT-1..3, MEM-1): one aggregate over the day's register -------------------


def _register(frame: Frame, extra: Q | None = None) -> QuerySet[Member]:
    """``members_as_of``'s members (``register_members``, subtree of the day, good standing
    that day), with ``extra`` in the same ``filter`` so that a condition on the period is on
    the day's one, and the member's fields as they stood that day (``with_fields_on``)."""
    q = period_on_q(frame.root, frame.on)
    members = with_fields_on(register_members(frame.user, frame.root), frame.on)
    return members.filter(q & extra if extra is not None else q)


def _day_register(frame: Frame) -> QuerySet[Member]:
    """The same members without the fields of the day, for ``count_on``."""
    return register_members(frame.user, frame.root).filter(period_on_q(frame.root, frame.on))


def member_panels(frame: Frame) -> list[Panel]:
    """The seven member panels: a filtered count per slice (``count_on``)."""
    slices = {panel: member_slices(panel, frame.on) for panel in MEMBER_PANELS}
    counts = count_on(
        _day_register(frame),
        frame.on,
        {f"{p}__{s.key}": Count("pk", filter=s.q) for p, group in slices.items() for s in group},
    )
    charts = {"gender": "pie", "stage": "pie", "education": "pie", "joined": "hbar"}
    return [
        Panel(p, title, charts.get(p, "bar"),
              tuple(Bar(s.key, s.label, counts[f"{p}__{s.key}"]) for s in slices[p]))
        for p, title in MEMBER_PANELS.items()
    ]  # fmt: skip


def member_rows(frame: Frame, panel: str, key: str) -> list[DrillRow]:
    """The members behind one member figure, in the order of that day's tree."""
    chosen = next((s for s in member_slices(panel, frame.on) if s.key == key), None)
    if chosen is None:
        raise KeyError(key)
    return register_rows(frame, chosen.q)


def register_rows(frame: Frame, q: Q) -> list[DrillRow]:
    """The members of the day's register meeting ``q`` (a figure's own condition), in the
    order of that day's tree, each with their stage that day."""
    rows = (
        _register(frame, q)
        .order_by(f"{PERIOD}organization__path", "name_pinyin", "pk")
        .values_list("pk", "name", f"{PERIOD}organization__name", f"{PERIOD}stage",
                     organization_today(frame.user))
    )  # fmt: skip
    labels = {"probationary": "预备党员", "full": "正式党员"}
    # A member who has left the asker's care since is listed, without a link to a record the
    # asker may no longer open.
    return [DrillRow(name, org, labels.get(stage, ""),
                     reverse("members:detail", args=[pk]) if now_in else "")
            for pk, name, org, stage, now_in in rows]  # fmt: skip


# ---- organisations by type, as the tree stood that day ---------------------------------


def organizations_on(frame: Frame) -> QuerySet[Organization]:
    """Organisations of the subtree on the day: placed there by the path history, founded by
    then (or undated) and not yet dissolved."""
    history = "path_history__"
    return Organization.objects.filter(
        scope_for(frame.user).org_q(),
        in_subtree(path_on(frame.root, frame.on), f"{history}path"),
        valid_on(frame.on, history),
        Q(founded_on__isnull=True) | Q(founded_on__lte=frame.on),
        Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=frame.on),
    )


def organization_panel(frame: Frame) -> Panel:
    found = dict(organizations_on(frame).values_list("kind").annotate(n=Count("pk")).order_by())
    bars = tuple(Bar(k.value, k.label, found.get(k.value, 0)) for k in OrgKind)
    return Panel("orgs", "党组织（按类别）", "bar", bars)


def organization_rows(frame: Frame, key: str) -> list[DrillRow]:
    orgs = organizations_on(frame).filter(kind=key).order_by("path_history__path")
    return [DrillRow(o.name, o.kind_label, o.code, reverse("orgs:detail", args=[o.pk]))
            for o in orgs]  # fmt: skip


# ---- development funnel of the year (the dated steps) -------------------------------------

FUNNEL = (DevStage.APPLICANT, DevStage.ACTIVIST, DevStage.CANDIDATE, DevStage.PROBATIONARY,
          DevStage.FULL)  # fmt: skip


def _steps(frame: Frame, stage: str | None = None) -> QuerySet[DevelopmentStep]:
    """Steps of this year up to the day that brought someone of the subtree into a stage."""
    steps = DevelopmentStep.objects.filter(
        applicant__in=visible_applicants(frame.user).filter(
            in_subtree(frame.root.path, "organization__path")
        ),
        happened_on__range=(date(frame.on.year, 1, 1), frame.on),
        stage_after__in=[s.value for s in FUNNEL],
    ).exclude(stage_before=F("stage_after"))  # a correction inside a stage is no entry
    return steps.filter(stage_after=stage) if stage else steps


def development_panel(frame: Frame) -> Panel:
    found = dict(
        _steps(frame).values_list("stage_after").annotate(n=Count("applicant", distinct=True))
        .order_by()
    )  # fmt: skip
    bars = tuple(Bar(s.value, s.label, found.get(s.value, 0)) for s in FUNNEL)
    # The annual tables 13 and 14 count from the register (入党、转正 as recorded on members,
    # those handled outside the platform included); this panel counts the recorded steps.
    return Panel("development", f"{frame.on.year}年发展党员进度", "funnel", bars,
                 "本年在发展流程中进入各阶段的人数（年报表第13、14表按党员名册统计，含平台外办理的）")  # fmt: skip


def development_rows(frame: Frame, key: str) -> list[DrillRow]:
    steps = _steps(frame, key).select_related("applicant__organization").order_by("happened_on")
    seen: dict[int, DrillRow] = {}
    for step in steps:
        a = step.applicant
        seen.setdefault(a.pk, DrillRow(a.name, a.organization.name, f"{step.happened_on} {step.label}",
                                       reverse("development:dossier", args=[a.pk])))  # fmt: skip
    return list(seen.values())


# ---- meetings compliance of the quarter (MEET-8, the meetings' own compliance selector) ---


def _quarter(on: date) -> tuple[date, date]:
    first = date(on.year, (on.month - 1) // 3 * 3 + 1, 1)
    return first, add_months(first, 3) - timedelta(days=1)


def _compliance(frame: Frame) -> list[tuple[Organization, str]]:
    """Each branch and 党小组 of the subtree with what it missed this quarter ("" if none),
    judged on the day (a meeting still due later in the quarter is not missed yet)."""
    first, last = _quarter(frame.on)
    found = compliance(frame.user, frame.root, first, last, frame.on)
    missing = [(c.organization, "；".join(k.missing_text for k in c.kinds if k.missing))
               for c in found]  # fmt: skip
    return [(o, text) for o, text in missing if o.founded_on is None or o.founded_on <= frame.on]


def meetings_panel(frame: Frame) -> Panel:
    rows = _compliance(frame)
    bad = sum(1 for _o, text in rows if text)
    first, _last = _quarter(frame.on)
    title = f"{first.year}年第{(first.month - 1) // 3 + 1}季度三会一课"
    bars = (
        Bar("ok", "按期召开", len(rows) - bad, len(rows)),
        Bar("missing", "有缺项", bad, len(rows)),
    )
    return Panel(
        "meetings",
        title,
        "pie",
        bars,
        "支部和党小组，依据《中国共产党支部工作条例（试行）》第十一条",
    )


def meetings_rows(frame: Frame, key: str) -> list[DrillRow]:
    wanted = key == "missing"
    return [DrillRow(o.name, o.kind_label, text or "按期召开",
                     reverse("meetings:matrix") + f"?org={o.pk}&year={frame.on.year}")
            for o, text in _compliance(frame) if bool(text) == wanted]  # fmt: skip


# ---- dues collection by month (the ledger; paid = paid on or before the day) -------------


def _months(on: date) -> list[date]:
    start = add_months(date(on.year, on.month, 1), -11)
    return [add_months(start, i) for i in range(12)]


def _ledger(frame: Frame) -> QuerySet[LedgerEntry]:
    return managed_entries(frame.user).filter(
        in_subtree(frame.root.path, "organization__path"), due__isnull=False
    )


def dues_panel(frame: Frame) -> Panel:
    months = _months(frame.on)
    paid = Q(paid_on__isnull=False, paid_on__lte=frame.on)
    rows = (
        _ledger(frame).filter(month__range=(months[0], months[-1])).values_list("month")
        .annotate(n=Count("pk"), paid=Count("pk", filter=paid)).order_by()
    )  # fmt: skip
    found: dict[date, tuple[int, int]] = {month: (paid_n, n) for month, n, paid_n in rows}
    bars = tuple(
        Bar(m.strftime("%Y-%m"), f"{m.year}年{m.month}月", *found.get(m, (0, 0))) for m in months
    )
    return Panel("dues", "党费收缴率（按月）", "rate", bars, "已交人次 / 应交人次")


def dues_rows(frame: Frame, key: str) -> list[DrillRow]:
    """The month's whole ledger (the rate's ``total`` rows), each marked 已交 or 未交 by the
    day, those not yet paid first."""
    month = date.fromisoformat(f"{key}-01")
    entries = _ledger(frame).filter(month=month).select_related("member", "organization")
    ordered = entries.order_by("organization__path", "member__name_pinyin")
    rows = [(bool(e.paid_on and e.paid_on <= frame.on), e) for e in ordered]
    return [
        DrillRow(e.member.name, e.organization.name, f"应交{e.due}元，" + ("已交" if paid else "未交"),
                 reverse("members:detail", args=[e.member_id]))
        for paid, e in sorted(rows, key=lambda row: row[0])
    ]  # fmt: skip


# ---- transfers, floating and lost contact (the dynamics registers, dated) -----------------


def _subtree(frame: Frame, prefix: str) -> Q:
    return in_subtree(frame.root.path, f"{prefix}path")


# 本年转入 / 本年转出 are the 增减台账's kinds: inside the system and by 介绍信, each way.
_MOVES = {"in": (Change.TRANSFER_IN, Change.TRANSFER_IN_LETTER),
          "out": (Change.TRANSFER_OUT, Change.TRANSFER_OUT_LETTER)}  # fmt: skip


def _moves(frame: Frame) -> dict[str, list[Move]]:
    """The ledger's transfers into and out of the subtree this year up to the day
    (``ledger_of``, the 增减台账 itself: a move inside the subtree is no change of it)."""
    start = date(frame.on.year, 1, 1)
    entries = ledger_of(frame.root, start, frame.on).entries
    return {key: [e for e in entries if e.change in kinds] for key, kinds in _MOVES.items()}


def _move_rows(frame: Frame, moves: list[Move]) -> list[DrillRow]:
    """The ledger's entries as list lines, each opening the member's record when the asker
    still looks after it, else the 增减台账 of the subtree and year."""
    seen = set(
        visible_members(frame.user)
        .filter(pk__in={m.member_id for m in moves})
        .values_list("pk", flat=True)
    )
    query = urlencode({"organization_id": frame.root.pk,
                       "start": date(frame.on.year, 1, 1), "end": frame.on})  # fmt: skip
    ledger = f"{reverse('dynamics:ledger')}?{query}"
    return [DrillRow(m.name, m.organization_name, f"{m.day} {m.kind_label}",
                     reverse("members:detail", args=[m.member_id]) if m.member_id in seen
                     else ledger)
            for m in moves]  # fmt: skip


def _floating(frame: Frame, direction: str) -> QuerySet[FloatingRecord]:
    """Floating records of the subtree open on the day (started, not yet returned)."""
    return visible_floating(frame.user).filter(
        _subtree(frame, "organization__"), Q(returned_on__isnull=True) | Q(returned_on__gt=frame.on),
        since__lte=frame.on, direction=direction,
    )  # fmt: skip


def _lost(frame: Frame) -> QuerySet[LostContact]:
    """Lost-contact records of the subtree open on the day (lost, not yet found), kept with
    the organisation the member was lost from. Counted like a past register: for whoever
    looks after the subtree every record of it, a member who has left since included (the
    capability's selector scopes by where the member is today)."""
    if scope_for(frame.user).covers_org(frame.root):
        records = LostContact.objects.select_related("member", "organization")
    else:
        records = lost_contact_records(frame.user)
    return records.filter(
        _subtree(frame, "organization__"), Q(found_on__isnull=True) | Q(found_on__gt=frame.on),
        lost_since__lte=frame.on,
    )  # fmt: skip


DYNAMICS = (("in", "本年转入"), ("out", "本年转出"), ("floating_out", "流出党员"),
            ("floating_in", "流入党员"), ("lost", "失联党员"))  # fmt: skip
_FLOATING = {"floating_out": FloatingDirection.OUT, "floating_in": FloatingDirection.IN}


def dynamics_panel(frame: Frame) -> Panel:
    moves = _moves(frame)  # the year's ledger, read once for both figures
    counts = {key: len(found) for key, found in moves.items()}
    bars = tuple(Bar(k, label, counts[k] if k in counts else len(dynamics_rows(frame, k)))
                 for k, label in DYNAMICS)  # fmt: skip
    return Panel("dynamics", "党员动态", "numbers", bars, "本年转入、转出与党员增减台账一致")


def dynamics_rows(frame: Frame, key: str) -> list[DrillRow]:
    """The transfers, floating or lost-contact records behind one dynamics figure."""
    if key in _MOVES:
        return _move_rows(frame, _moves(frame)[key])
    if key == "lost":
        return [DrillRow(r.member.name, r.organization.name, f"{r.lost_since}起失联",
                         reverse("dynamics:lost_record", args=[r.pk]))
                for r in _lost(frame)]  # fmt: skip
    return [DrillRow(r.name, r.organization.name, f"{r.since}起，{r.place}",
                     reverse("dynamics:floating_record", args=[r.pk]))
            for r in _floating(frame, _FLOATING[key])]  # fmt: skip


# ---- terms due (ORG-5, the elections' own selector) ---------------------------------------


def _terms(frame: Frame, key: str) -> QuerySet[CommitteeTerm]:
    due = terms_due(frame.user, frame.on).filter(_subtree(frame, "organization__"))
    return (
        due.filter(ends_on__lt=frame.on) if key == "overdue" else due.filter(ends_on__gte=frame.on)
    )


def terms_panel(frame: Frame) -> Panel:
    bars = (Bar("overdue", "已超期", _terms(frame, "overdue").count()),
            Bar("due", "6个月内到期", _terms(frame, "due").count()))  # fmt: skip
    return Panel("terms", "换届提醒", "numbers", bars, "《中国共产党章程》第三十条")


def terms_rows(frame: Frame, key: str) -> list[DrillRow]:
    return [DrillRow(t.organization.name, f"第{t.number}届", f"{t.ends_on}届满",
                     reverse("orgs:detail", args=[t.organization_id]))
            for t in _terms(frame, key)]  # fmt: skip
