"""The documents of 发展党员, filled from the records: the public notice (公示, DEV-20), the
全程纪实表 of a person, the 支部大会's resolution for the 入党志愿书 (DEV-24), and the pipeline and
annual statistics as .xlsx.

Each builder reads what a selector already scoped (``dossier``, ``pipeline``...) and hands a plain
context to ``dangjian.documents`` (docxtpl for Word, WeasyPrint for PDF, the one xlsx writer), so
a deployment's template of the same name replaces the package's (``DOCUMENT_TEMPLATE_DIR``).
The names each template receives are listed in ``documents/doc_templates/README.md``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from dangjian.core.actor import Actor
from dangjian.core.errors import Conflict
from dangjian.core.workdays import holiday_calendar
from dangjian.development.models import Applicant, DevelopmentStep, PersonRole
from dangjian.development.selectors import (
    Dossier,
    PipelineFilters,
    pipeline,
    visible_applicants,
)
from dangjian.documents.excel import Table, tables_xlsx
from dangjian.documents.notices import DevelopmentNotice, NoticePerson
from dangjian.documents.pdf import render_pdf
from dangjian.documents.word import render_docx
from dangjian.members.choices import Stage as MemberStage
from dangjian.members.register import branch_register_as_of
from dangjian.orgs.models import Organization, in_subtree
from dangjian.rules.dates import format_cn_date
from dangjian.rules.development.designation import NoticePlace, notice_last_day
from dangjian.rules.development.process import Body, Stage
from dangjian.rules.sources import rule_citation
from dangjian.rules.verdicts import Outcome
from dangjian.rules.workdays import CalendarYearUnknown

RECORD = "development_record"
RESOLUTION = "development_resolution"
NO_ACTIVIST_DATE = "尚未确定为入党积极分子，不能生成拟确定为发展对象的公示"
NO_MEETING = "尚未记录支部大会讨论接收预备党员，不能生成支部大会决议"
# ORG-3: a branch of 7 or more full members has a committee, which designates candidates.
COMMITTEE_SIZE = 7

_d = format_cn_date


# -- the public notice (DEV-20, 细则第十三条) --------------------------------------------------


@dataclass(frozen=True)
class NoticeRequest:
    """What the secretary chooses when printing a notice before it is posted: the first day,
    the place (a ``NoticePlace`` code), whom to contact, and the day it is issued. A notice
    already recorded with the designation takes its days and place from the record."""

    starts_on: date
    place: str = NoticePlace.WORK.value
    contact: str = ""
    contact_phone: str = ""
    issued_on: date | None = None


def development_notice(found: Dossier, request: NoticeRequest) -> DevelopmentNotice:
    """The 公示 of the person of ``found`` (an activist to be designated, or a candidate whose
    designation recorded its notice). The last day runs 5 working days on the holiday calendar
    (both ends count, 调休 included).

    Raises ``Conflict`` (Chinese) before the person is an activist, or when the calendar does
    not know the year (the deployment's holiday setting must add it)."""
    applicant = found.applicant
    activist_on = _activist_on(found.steps)
    if activist_on is None:
        raise Conflict(NO_ACTIVIST_DATE)
    starts_on, ends_on, place = _notice_days(found.steps, request)
    calendar = holiday_calendar()
    try:
        if ends_on is None:
            ends_on = notice_last_day(starts_on, calendar)
        working_days = calendar.count_working_days(starts_on, ends_on)
    except CalendarYearUnknown as unknown:
        raise Conflict(str(unknown)) from None
    person = NoticePerson(
        name=applicant.name, gender=applicant.get_gender_display(),
        birth_date=applicant.birth_date, education=applicant.get_education_display(),
        work_unit=applicant.work_unit, applied_on=applicant.applied_on, activist_on=activist_on,
    )  # fmt: skip
    return DevelopmentNotice(
        organization_name=applicant.organization.name, people=(person,), starts_on=starts_on,
        ends_on=ends_on, working_days=working_days, contact=request.contact,
        contact_phone=request.contact_phone, issued_on=request.issued_on or starts_on,
        decided_by=_deciding_body(applicant.organization, starts_on), place=place,
    )  # fmt: skip


def _activist_on(steps: Sequence[DevelopmentStep]) -> date | None:
    """The first designation as activist, here or (transferred in) where it was made."""
    for step in steps:
        if step.code == "designate_activist":
            return step.happened_on
        if step.code == "transfer_in" and step.details.get("activist_on"):
            return date.fromisoformat(step.details["activist_on"])
    return None


def _notice_days(
    steps: Sequence[DevelopmentStep], request: NoticeRequest
) -> tuple[date, date | None, str]:
    """(first day, last day or ``None`` to compute, place label) of the notice."""
    designation = next((s for s in reversed(steps) if s.code == "designate_candidate"), None)
    recorded = designation.details.get("notices") if designation else None
    if recorded:
        first = recorded[0]
        places = "、".join(NoticePlace(n["place"]).label for n in recorded)
        return date.fromisoformat(first["starts_on"]), date.fromisoformat(first["ends_on"]), places
    try:
        place = NoticePlace(request.place).label
    except ValueError:
        place = NoticePlace.WORK.label
    return request.starts_on, None, place


def _deciding_body(branch: Organization, on: date) -> str:
    """党支部委员会, or 党支部党员大会 for a branch too small to have a committee (ORG-3)."""
    register = branch_register_as_of(branch, on)
    full = sum(1 for e in register.should_attend if e.stage == MemberStage.FULL)
    return (Body.BRANCH_COMMITTEE if full >= COMMITTEE_SIZE else Body.BRANCH_ASSEMBLY).label


# -- the 全程纪实表 -------------------------------------------------------------------------------


def record_context(found: Dossier, printed_on: date) -> dict[str, Any]:
    """The names of ``development_record.docx``/``.html``: the person, then ``steps`` (each:
    ``number``, ``label``, ``date``, ``body``, ``people``, ``checks``, ``remarks``)."""
    applicant = found.applicant
    return {
        "name": applicant.name,
        "gender": applicant.get_gender_display(),
        "birth": _d(applicant.birth_date),
        "ethnicity": applicant.ethnicity,
        "education": applicant.get_education_display(),
        "work_unit": applicant.work_unit or "—",
        "organization_name": applicant.organization.name,
        "stage": Stage(applicant.stage).label,
        "applied_on": _d(applicant.applied_on),
        "form_number": applicant.form_number or "—",
        "steps": [_step_line(s) for s in found.steps],
        "printed_on": _d(printed_on),
    }


def _step_line(step: DevelopmentStep) -> dict[str, str]:
    return {
        "number": str(step.step_number or "—"),
        "label": step.label,
        "date": _d(step.happened_on),
        "body": _body_label(step.body),
        "people": _people(step),
        "checks": "\n".join(_check_line(v) for v in step.verdicts) or "—",
        "remarks": _remarks(step) or "—",
    }


def _body_label(body: str) -> str:
    try:
        return Body(body).label
    except ValueError:
        return body


def _people(step: DevelopmentStep) -> str:
    """谈话人：王书记；入党介绍人：甲、乙 (each role once, in the order recorded)."""
    by_role: dict[str, list[str]] = defaultdict(list)
    for person in step.people.all():
        by_role[person.role].append(person.name)
    parts = [f"{PersonRole(role).label}：{'、'.join(names)}" for role, names in by_role.items()]
    return "；".join(parts) or "—"


def _check_line(verdict: dict[str, Any]) -> str:
    outcome = Outcome(verdict.get("outcome", "pass"))
    return f"【{outcome.label}】{verdict.get('text') or verdict.get('message', '')}"


def _remarks(step: DevelopmentStep) -> str:
    # The rule ID is for code; a reader sees the regulation and article it stands for.
    lines = [
        f"破例通过（{rule_citation(rule)}）：{reason}" for rule, reason in step.overrides.items()
    ]
    if step.note:
        lines.append(f"说明：{step.note}")
    return "\n".join(lines)


def record_docx(found: Dossier, printed_on: date) -> bytes:
    """The 全程纪实表 as Word."""
    return render_docx(f"{RECORD}.docx", record_context(found, printed_on))


def record_pdf(found: Dossier, printed_on: date) -> bytes:
    """The 全程纪实表 as PDF."""
    return render_pdf(f"{RECORD}.html", record_context(found, printed_on))


# -- the 支部大会's resolution (DEV-24, 细则第二十一条) ---------------------------------------------


def admission_meeting(found: Dossier) -> DevelopmentStep:
    """The 支部大会 that discussed the person's admission; ``Conflict`` when none is recorded."""
    step = next((s for s in reversed(found.steps) if s.code == "admission_meeting"), None)
    if step is None:
        raise Conflict(NO_MEETING)
    return step


def resolution_text(applicant: Applicant, meeting: DevelopmentStep) -> str:
    """The resolution as the 入党志愿书 asks for it: the main performance, the entitled and
    present voting members, the tally (written votes counted with the yes votes, DEV-13), the
    result and the date. The step exists only when DEV-12/13 let it through, so its result is
    the admission."""
    tally = meeting.details.get("tally") or {}
    entitled, present = int(tally.get("entitled", 0)), int(tally.get("present", 0))
    yes, written_yes = int(tally.get("yes", 0)), int(tally.get("written_yes", 0))
    written_other = int(tally.get("written_other", 0))
    performance = str(meeting.details.get("performance") or "").strip().rstrip("。")
    name = applicant.name
    written = written_yes + written_other
    written_text = f"，未到会的有表决权的党员中{written}人会前提交了书面意见" if written else ""
    yes_text = (
        f"赞成{yes}票，书面赞成{written_yes}票，合计{yes + written_yes}票"
        if written_yes
        else f"赞成{yes}票"
    )
    return (
        f"{_d(meeting.happened_on)}，{applicant.organization.name}召开党员大会，讨论{name}同志的"
        f"入党问题。支部大会认为，{name}同志{performance or '（主要表现未记录）'}。"
        f"应到会有表决权的党员{entitled}人，实到会有表决权的党员{present}人{written_text}。"
        f"经表决，{yes_text}，反对{int(tally.get('no', 0))}票，"
        f"弃权{int(tally.get('abstain', 0))}票，赞成票超过应到会有表决权的党员的半数。"
        f"支部大会同意接收{name}同志为中国共产党预备党员。"
    )


def resolution_context(found: Dossier) -> dict[str, str]:
    """The names of ``development_resolution.docx``: ``text``, ``name``,
    ``organization_name``, ``resolved_on``."""
    meeting = admission_meeting(found)
    return {
        "text": resolution_text(found.applicant, meeting),
        "name": found.applicant.name,
        "organization_name": found.applicant.organization.name,
        "resolved_on": _d(meeting.happened_on),
    }


def resolution_docx(found: Dossier) -> bytes:
    """The resolution as Word, for copying into the 入党志愿书."""
    return render_docx(f"{RESOLUTION}.docx", resolution_context(found))


# -- spreadsheets --------------------------------------------------------------------------------

PIPELINE_HEADERS = ("姓名", "性别", "所在党支部", "发展阶段", "进入本阶段日期", "入党申请书日期",
                    "下一期限事项", "期限日期", "是否逾期", "依据")  # fmt: skip


def pipeline_xlsx(user: Actor, organization: Organization | None, today: date) -> bytes:
    """The people in the process of ``organization``'s subtree (``None``: the whole scope of
    ``user``), overdue first, as the pipeline page lists them."""
    rows = [_pipeline_row(a, today) for a in pipeline(user, organization, PipelineFilters(), today)]
    where = organization.name if organization else "全部"
    title = f"发展党员工作进度（{where}，{_d(today)}）"
    return tables_xlsx([Table("发展党员进度", title, PIPELINE_HEADERS, rows)])


def _pipeline_row(applicant: Applicant, today: date) -> list[Any]:
    due = next((d for d in applicant.dues.all() if d.due_on is not None), None)
    return [
        applicant.name, applicant.get_gender_display(), applicant.organization.name,
        Stage(applicant.stage).label, applicant.stage_since, applicant.applied_on,
        due.what if due else "", due.due_on if due else None,
        bool(due and due.due_on and due.due_on < today),
        rule_citation(due.rule_id) if due else "",
    ]  # fmt: skip


# What the annual statistics count, in order: (column, step code).
COUNTED = (
    ("收到入党申请", "apply"),
    ("确定入党积极分子", "designate_activist"),
    ("确定发展对象", "designate_candidate"),
    ("接收预备党员（党委审批）", "approve_admission"),
    ("预备党员转正（党委审批）", "confirm"),
)


@dataclass(frozen=True)
class Counted:
    """One person counted in one column: the list behind a number."""

    organization: str
    column: str
    name: str
    on: date


def annual_counts(user: Actor, organization: Organization | None, year: int) -> list[Counted]:
    """Everyone counted in ``year`` in ``organization``'s subtree (``None``: the whole scope):
    an application received (the day the branch received it), a designation as activist or
    candidate, an admission or a confirmation (the day the 党委 approved), in the scope of
    ``user``. One ``Counted`` per person and column."""
    people = visible_applicants(user)
    if organization is not None:
        people = people.filter(in_subtree(organization.path, "organization__path"))
    labels = dict((code, column) for column, code in COUNTED)
    found: list[Counted] = []
    for applicant in people.filter(received_on__year=year).select_related("organization"):
        found.append(Counted(applicant.organization.name, labels["apply"], applicant.name,
                             applicant.received_on))  # fmt: skip
    steps = (
        DevelopmentStep.objects.filter(
            applicant__in=people, happened_on__year=year, code__in=list(labels)
        )
        .exclude(code="apply")
        .select_related("applicant__organization")
        .order_by("applicant__organization__path", "happened_on", "applicant__name")
    )
    for step in steps:
        found.append(Counted(step.applicant.organization.name, labels[step.code],
                             step.applicant.name, step.happened_on))  # fmt: skip
    return found


def statistics_tables(counted: Iterable[Counted], year: int, where: str) -> list[Table]:
    """The summary (one row per organisation and a total) and the lists behind it."""
    columns = [column for column, _code in COUNTED]
    items = sorted(counted, key=lambda c: (c.organization, columns.index(c.column), c.on, c.name))
    per_org: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(columns, 0))
    for item in items:
        per_org[item.organization][item.column] += 1
    summary: list[list[Any]] = [[org, *counts.values()] for org, counts in per_org.items()]
    summary.append(["合计", *(sum(r[i + 1] for r in summary) for i in range(len(columns)))])
    title = f"{year}年度发展党员工作统计（{where}）"
    lists = [[c.organization, c.column, c.name, c.on] for c in items]
    return [
        Table("统计", title, ("党组织", *columns), summary),
        Table("名单", f"{title}：名单", ("党组织", "项目", "姓名", "日期"), lists),
    ]


def statistics_xlsx(user: Actor, organization: Organization | None, year: int) -> bytes:
    """The annual development statistics of the subtree (the scope without one) as .xlsx."""
    where = organization.name if organization else "全部"
    counted = annual_counts(user, organization, year)
    return tables_xlsx(statistics_tables(counted, year, where))
