"""The fixed set of data tools the assistant may call. Each goes through the scoped selectors
of the pages (never raw SQL), so an answer can only contain what the asker could open."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone

from dangjian.accounts.access import may_manage_some_organization, visible_organizations
from dangjian.assistant import development, personal
from dangjian.core.actor import Actor
from dangjian.members.models import Member
from dangjian.members.selectors import MemberFilters, member_search
from dangjian.orgs.models import Organization
from dangjian.rules.dates import YearMonth, latest_birth_for_age

MAX_LISTED = 50

CATEGORIES: dict[str, tuple[str, dict[str, str]]] = {
    "all": ("党员", {}),
    "probationary": ("预备党员", {"stage": "probationary"}),
    "full": ("正式党员", {"stage": "full"}),
    "floating": ("流动党员", {"flag": "floating"}),
    "lost_contact": ("失联党员", {"flag": "lost_contact"}),
    "difficulty": ("困难党员", {"flag": "difficulty"}),
    "cadre": ("领导干部党员", {"flag": "cadre"}),
    "women": ("女党员", {"gender": "F"}),
    "retired": ("离退休党员", {"dues_category": "retired"}),
}


class ToolRefused(Exception):
    """The asker may not have this data; the message says so and nothing more."""


@dataclass(frozen=True)
class ToolResult:
    name: str
    arguments: dict[str, Any]
    text: str  # the answer in Chinese, as shown and as given back to a language model
    data: dict[str, Any]


# Ways of saying "the asker's own organisation" instead of naming it.
OWN_ORGANIZATION_WORDS = frozenset(
    {"我们支部", "本支部", "我支部", "我们", "本单位", "我们党委", "我们总支", "本党委"}
)


def resolve_organization(user: Actor, name: str | None) -> Organization:
    """The organisation a question is about: a named one in scope, or the asker's own."""
    if not may_manage_some_organization(user):
        raise ToolRefused("党员账号只能查询本人信息，组织的统计数据请向党支部书记或组织部门了解")
    if name and name not in OWN_ORGANIZATION_WORDS:
        found = visible_organizations(user).filter(name=name).first() or (
            visible_organizations(user).filter(short_name=name).first()
        )
        if found is None:
            # The same answer whether or not it exists elsewhere: existence is not disclosed.
            raise ToolRefused(f"无权查询“{name}”的数据：您的管理范围内没有这个党组织")
        return found
    return _own_organization(user)


def _roots(user: Actor) -> list[Organization]:
    from dangjian.orgs.selectors import tree_roots

    return tree_roots(user)


def _own_organization(user: Actor) -> Organization:
    from dangjian.orgs.selectors import tree_roots

    roots = tree_roots(user)
    if not roots:
        raise ToolRefused("您的账号没有可查询的党组织")
    return roots[0]


def _members(user: Actor, org: Organization, category: str) -> QuerySet[Member]:
    if category not in CATEGORIES:
        raise ToolRefused(f"不支持的党员类别“{category}”")
    filters = MemberFilters(organization_id=org.pk, **CATEGORIES[category][1])  # type: ignore[arg-type]
    return member_search(user, filters, date.today())


def count_members(
    user: Actor, organization: str | None = None, category: str = "all"
) -> ToolResult:
    org = resolve_organization(user, organization)
    n = _members(user, org, category).filter(status="normal").count()
    label = CATEGORIES[category][0]
    args = {"organization": organization, "category": category}
    return ToolResult(
        "count_members",
        args,
        f"{org.name}（含下级）共有{label}{n}名。",
        {"organization": org.name, "count": n},
    )


def age_share(
    user: Actor, organization: str | None = None, max_age: int = 35, on: date | None = None
) -> ToolResult:
    """Share of members aged at most ``max_age`` (STAT-1 bands use whole years, DATE-3). With
    no organisation named ("全公司"), the whole of the asker's scope: every subtree they look
    after, not only the first."""
    org = resolve_organization(user, organization)
    today = on or date.today()
    members = _members(user, org, "all").filter(status="normal")
    if organization is None and len(roots := _roots(user)) > 1:
        members = member_search(user, MemberFilters(), today).filter(status="normal")
        org = Organization(name="、".join(r.name for r in roots))
    total = members.count()
    young = members.filter(birth_date__gt=latest_birth_for_age(today, max_age + 1)).count()
    share = round(young * 100 / total, 1) if total else 0.0
    text = f"{org.name}（含下级）{max_age}岁及以下党员{young}名，占全部{total}名党员的{share}%（按{today:%Y年%m月%d日}的周岁计算）。"
    args = {"organization": organization, "max_age": max_age}
    return ToolResult("age_share", args, text, {"young": young, "total": total, "share": share})


def list_members(
    user: Actor, organization: str | None = None, category: str = "floating"
) -> ToolResult:
    org = resolve_organization(user, organization)
    members = list(
        _members(user, org, category)
        .filter(status="normal")
        .select_related("organization")[: MAX_LISTED + 1]
    )
    label = CATEGORIES[category][0]
    if not members:
        text = f"{org.name}（含下级）目前没有{label}。"
    else:
        names = "、".join(f"{m.name}（{m.organization.name}）" for m in members[:MAX_LISTED])
        more = f"等（仅列出前{MAX_LISTED}名）" if len(members) > MAX_LISTED else ""
        text = f"{org.name}（含下级）的{label}：{names}{more}。"
    args = {"organization": organization, "category": category}
    return ToolResult("list_members", args, text, {"names": [m.name for m in members[:MAX_LISTED]]})


def my_party_standing(user: Actor, on: str | None = None) -> ToolResult:
    """MEM-1: the asker's own 党龄, from their own record."""
    member = personal.own_member(user)
    day = date.fromisoformat(on) if on else timezone.localdate()
    text = personal.standing_text(member, day)
    return ToolResult("my_party_standing", {"on": on}, text, {"confirmed_on": member.confirmed_on})


def my_dues(user: Actor, month: str | None = None, detail: str = "amount") -> ToolResult:
    """The asker's own dues of a month (this month when none is given): due, paid, how."""
    member = personal.own_member(user)
    when = YearMonth.parse(month) if month else YearMonth.from_date(timezone.localdate())
    text = personal.dues_text(user, member, when, detail)
    return ToolResult("my_dues", {"month": str(when), "detail": detail}, text, {})


def my_organization(user: Actor) -> ToolResult:
    """The organisation the asker's own record belongs to."""
    member = personal.own_member(user)
    text = personal.organization_text(member)
    return ToolResult("my_organization", {}, text, {"organization": member.organization.name})


def _day(on: str | None) -> date:
    return date.fromisoformat(on) if on else timezone.localdate()


def _stage(stage: str) -> str:
    if stage not in development.STAGE_NAMES:
        raise ToolRefused(f"不支持的发展阶段“{stage}”")
    return stage


def count_applicants(
    user: Actor, organization: str | None = None, stage: str = "candidate", on: str | None = None
) -> ToolResult:
    """People of a stage of 发展党员 in an organisation: the rows of its pipeline."""
    org = resolve_organization(user, organization)
    n = development.count_in_stage(user, org, _stage(stage), _day(on))
    label = development.STAGE_NAMES[stage]
    args = {"organization": organization, "stage": stage}
    text = f"{org.name}（含下级）共有{label}{n}名。"
    return ToolResult("count_applicants", args, text, {"organization": org.name, "count": n})


def list_applicants(
    user: Actor, organization: str | None = None, stage: str = "candidate", on: str | None = None
) -> ToolResult:
    """The names of a stage of 发展党员 in an organisation, in the pipeline's order."""
    org = resolve_organization(user, organization)
    rows = development.names_in_stage(user, org, _stage(stage), _day(on))
    label = development.STAGE_NAMES[stage]
    shown = rows[: development.MAX_LISTED]
    if not rows:
        text = f"{org.name}（含下级）目前没有{label}。"
    else:
        names = "、".join(f"{name}（{branch}）" for name, branch in shown)
        more = f"等（仅列出前{development.MAX_LISTED}名）" if len(rows) > len(shown) else ""
        text = f"{org.name}（含下级）的{label}：{names}{more}。"
    args = {"organization": organization, "stage": stage}
    return ToolResult("list_applicants", args, text, {"names": [n for n, _ in shown]})


_PERSON_ANSWERS = {
    "progress": development.progress_text,
    "candidate": development.candidate_text,
    "full": development.confirmation_text,
}


def applicant_progress(
    user: Actor, name: str = "", target: str = "progress", on: str | None = None
) -> ToolResult:
    """Where a person in the process stands (``target`` "progress"), or when they may be
    designated as candidate ("candidate") or confirmed ("full"), from their dossier."""
    answer = _PERSON_ANSWERS.get(target)
    if answer is None or not name:
        raise ToolRefused("请说明要查询的人员姓名和事项")
    found = development.people_named(user, name)
    several = len(found) > 1
    text = "".join(answer(d, name, _day(on), several) for d in found)
    if several:
        text = f"名为“{name}”的有{len(found)}人：" + text
    args = {"name": name, "target": target}
    return ToolResult("applicant_progress", args, text, {"ids": [d.applicant.pk for d in found]})


TOOLS: dict[str, Callable[..., ToolResult]] = {
    "count_members": count_members,
    "age_share": age_share,
    "list_members": list_members,
    "my_party_standing": my_party_standing,
    "my_dues": my_dues,
    "my_organization": my_organization,
    "count_applicants": count_applicants,
    "list_applicants": list_applicants,
    "applicant_progress": applicant_progress,
}
_ARGUMENTS = frozenset(
    {"organization", "category", "max_age", "on", "month", "detail", "stage", "name", "target"}
)

_ORG_PARAM = {"type": "string", "description": "党组织名称；省略表示提问人所在或所管理的组织"}
_CATEGORY_PARAM = {"type": "string", "enum": list(CATEGORIES), "description": "党员类别"}
_STAGE_PARAM = {"type": "string", "enum": list(development.STAGE_NAMES),
                "description": "发展阶段：applicant 入党申请人，activist 入党积极分子，candidate 发展对象，probationary 预备党员"}  # fmt: skip
TOOL_SCHEMAS: list[dict[str, Any]] = [
    {"type": "function", "function": {"name": "count_members", "description": "统计某党组织（含下级）某类党员的人数",
     "parameters": {"type": "object", "properties": {"organization": _ORG_PARAM, "category": _CATEGORY_PARAM}}}},
    {"type": "function", "function": {"name": "age_share", "description": "某党组织（含下级）某年龄及以下党员的人数和占比",
     "parameters": {"type": "object", "properties": {"organization": _ORG_PARAM, "max_age": {"type": "integer"}}}}},
    {"type": "function", "function": {"name": "list_members", "description": "列出某党组织（含下级）某类党员的名单",
     "parameters": {"type": "object", "properties": {"organization": _ORG_PARAM, "category": _CATEGORY_PARAM}}}},
    {"type": "function", "function": {"name": "my_party_standing", "description": "提问人本人的党龄",
     "parameters": {"type": "object", "properties": {}}}},
    {"type": "function", "function": {"name": "my_dues", "description": "提问人本人某月的应交党费、已交金额和计算方法",
     "parameters": {"type": "object", "properties": {"month": {"type": "string", "description": "年月，如2026-11；省略表示本月"}}}}},
    {"type": "function", "function": {"name": "my_organization", "description": "提问人本人组织关系所在的党组织",
     "parameters": {"type": "object", "properties": {}}}},
    {"type": "function", "function": {"name": "count_applicants", "description": "统计某党组织（含下级）发展党员流程中某阶段的人数",
     "parameters": {"type": "object", "properties": {"organization": _ORG_PARAM, "stage": _STAGE_PARAM}}}},
    {"type": "function", "function": {"name": "list_applicants", "description": "列出某党组织（含下级）发展党员流程中某阶段的人员",
     "parameters": {"type": "object", "properties": {"organization": _ORG_PARAM, "stage": _STAGE_PARAM}}}},
    {"type": "function", "function": {"name": "applicant_progress", "description": "某人的入党流程进度，或何时可以确定为发展对象、何时转正",
     "parameters": {"type": "object", "properties": {
         "name": {"type": "string", "description": "姓名；“我”表示提问人本人"},
         "target": {"type": "string", "enum": ["progress", "candidate", "full"],
                    "description": "progress 到哪一步，candidate 何时可确定为发展对象，full 何时转正"}},
         "required": ["name"]}}},
]  # fmt: skip


def call_tool(user: Actor, name: str, arguments: dict[str, Any]) -> ToolResult:
    """Run one tool for ``user``; a refusal comes back as a result saying so, never as data."""
    tool = TOOLS.get(name)
    if tool is None:
        return ToolResult(name, arguments, f"没有名为“{name}”的工具", {"refused": True})
    allowed = {k: v for k, v in arguments.items() if k in _ARGUMENTS}
    try:
        return tool(user, **allowed)
    except (ToolRefused, personal.NoOwnRecord, development.NobodyOfThatName,
            PermissionDenied) as exc:  # fmt: skip
        return ToolResult(name, arguments, str(exc), {"refused": True})
    except (TypeError, ValueError):
        return ToolResult(name, arguments, "工具参数不正确", {"refused": True})


# 组织生活: whether a meeting was held, and who has not held it (through the meetings' selectors).
def _meeting_organization(user: Actor, organization: str | None) -> Organization:
    """A manager's named or own organisation; a member's own branch (nothing else)."""
    if may_manage_some_organization(user):
        return resolve_organization(user, organization)
    own = personal.own_member(user).organization
    if organization and organization not in OWN_ORGANIZATION_WORDS and organization != own.name:
        raise ToolRefused(f"无权查询“{organization}”的数据：党员账号只能查询本人所在党支部的会议")
    return own


def meeting_held(
    user: Actor, kind: str = "branch_assembly", span: str | None = None, offset: int = 0,
    organization: str | None = None,
) -> ToolResult:  # fmt: skip
    """Whether the organisation held ``kind`` in the period asked (this one by default)."""
    from dangjian.assistant import meeting_questions as mq
    from dangjian.rules.meetings.kinds import MeetingKind

    meeting_kind, today = MeetingKind(kind), timezone.localdate()
    period = mq.period_asked(meeting_kind, span, int(offset), today)
    org = _meeting_organization(user, organization)
    if mq.is_holder(org):
        text = mq.held_text(user, org, meeting_kind, period)
    else:
        text = mq.missing_text(user, org, meeting_kind, period, today)
    args = {"kind": kind, "span": span, "offset": offset, "organization": organization}
    return ToolResult(
        "meeting_held", args, text, {"organization": org.name, "period": period.label}
    )


def meetings_missing(
    user: Actor, kind: str = "branch_committee", span: str | None = None, offset: int = 0,
    organization: str | None = None,
) -> ToolResult:  # fmt: skip
    """Which branches (or 党小组) under the organisation have not held ``kind`` in the period."""
    from dangjian.assistant import meeting_questions as mq
    from dangjian.rules.meetings.kinds import MeetingKind

    meeting_kind, today = MeetingKind(kind), timezone.localdate()
    period = mq.period_asked(meeting_kind, span, int(offset), today)
    org = resolve_organization(user, organization)
    text = mq.missing_text(user, org, meeting_kind, period, today)
    args = {"kind": kind, "span": span, "offset": offset, "organization": organization}
    return ToolResult(
        "meetings_missing", args, text, {"organization": org.name, "period": period.label}
    )


TOOLS.update({"meeting_held": meeting_held, "meetings_missing": meetings_missing})
_ARGUMENTS = _ARGUMENTS | {"kind", "span", "offset"}
_KIND_PARAM = {
    "type": "string",
    "enum": [
        "branch_assembly",
        "branch_committee",
        "group_meeting",
        "party_lecture",
        "theme_day",
        "life_meeting",
        "democratic_review",
    ],
    "description": "会议类型",
}
_SPAN_PARAM = {
    "type": "string",
    "enum": ["month", "quarter", "year"],
    "description": "期间：月、季度、年；省略按该类会议的频次",
}
_OFFSET_PARAM = {"type": "integer", "description": "0 本期，-1 上一期"}
TOOL_SCHEMAS += [
    {"type": "function", "function": {"name": "meeting_held", "description": "某党支部某期间是否召开了某类会议（三会一课等）",
     "parameters": {"type": "object", "properties": {"kind": _KIND_PARAM, "span": _SPAN_PARAM, "offset": _OFFSET_PARAM, "organization": _ORG_PARAM}}}},
    {"type": "function", "function": {"name": "meetings_missing", "description": "某党组织下哪些支部或党小组某期间没有召开某类会议",
     "parameters": {"type": "object", "properties": {"kind": _KIND_PARAM, "span": _SPAN_PARAM, "offset": _OFFSET_PARAM, "organization": _ORG_PARAM}}}},
]  # fmt: skip


# 党员动态: floating members of a branch, where a person's relation went (the registers' selectors).
def count_floating(
    user: Actor, organization: str | None = None, listed: bool = False
) -> ToolResult:
    """Open floating records (流出 and 流入) of an organisation in scope, with its subtree."""
    from dangjian.assistant.dynamics import floating_text

    org = resolve_organization(user, organization)
    text = floating_text(user, org, listed)
    args = {"organization": organization, "listed": listed}
    return ToolResult("count_floating", args, text, {"organization": org.name})


def transfer_whereabouts(user: Actor, name: str = "", on: str | None = None) -> ToolResult:
    """Where ``name``'s organisational relation went ("我": the asker's own)."""
    from dangjian.assistant.dynamics import NoTransferOfThatName, whereabouts_text

    if not name:
        raise ToolRefused("请说明要查询的党员姓名")
    if name != "我" and not may_manage_some_organization(user):
        raise ToolRefused("党员账号只能查询本人的组织关系转接")
    try:
        text = whereabouts_text(user, name, _day(on))
    except NoTransferOfThatName as exc:
        raise ToolRefused(str(exc)) from None
    return ToolResult("transfer_whereabouts", {"name": name}, text, {"name": name})


TOOLS.update({"count_floating": count_floating, "transfer_whereabouts": transfer_whereabouts})
_ARGUMENTS = _ARGUMENTS | {"listed"}
TOOL_SCHEMAS += [
    {"type": "function", "function": {"name": "count_floating", "description": "某党组织（含下级）的流动党员（流出、流入）人数，出国（境）学习研究逾期未联系的人员",
     "parameters": {"type": "object", "properties": {"organization": _ORG_PARAM, "listed": {"type": "boolean", "description": "是否列出姓名"}}}}},
    {"type": "function", "function": {"name": "transfer_whereabouts", "description": "某党员的组织关系转到哪里了（转接进度、介绍信及回执）",
     "parameters": {"type": "object", "properties": {"name": {"type": "string", "description": "姓名；“我”表示提问人本人"}}, "required": ["name"]}}},
]  # fmt: skip


# 班子与换届: which terms end this year, who holds a post (through the elections' selectors).
def terms_due_in_year(
    user: Actor, organization: str | None = None, year_offset: int = 0
) -> ToolResult:
    """The organisations under the named (or own) one whose term ends this (or next) year."""
    from dangjian.assistant.election_questions import terms_answer

    org = resolve_organization(user, organization)
    text, data = terms_answer(user, org, int(year_offset))
    args = {"organization": organization, "year_offset": year_offset}
    return ToolResult("terms_due_in_year", args, text, data)


def post_holder(
    user: Actor, organization: str | None = None, title: str = "secretary"
) -> ToolResult:
    """Who holds a committee post: a manager's named or own organisation, a member's own branch."""
    from dangjian.assistant.election_questions import post_answer

    if may_manage_some_organization(user):
        org = resolve_organization(user, organization)
    else:
        org = personal.own_member(user).organization
        if organization and organization not in OWN_ORGANIZATION_WORDS and organization != org.name:
            raise ToolRefused(
                f"无权查询“{organization}”的数据：党员账号只能查询本人所在党支部的班子"
            )
    text, data = post_answer(user, org, title)
    return ToolResult("post_holder", {"organization": organization, "title": title}, text, data)


TOOLS.update({"terms_due_in_year": terms_due_in_year, "post_holder": post_holder})
_ARGUMENTS = _ARGUMENTS | {"year_offset", "title"}
_POST_TITLES = [
    "secretary",
    "deputy_secretary",
    "organization",
    "propaganda",
    "discipline",
    "youth",
    "women",
]
TOOL_SCHEMAS += [
    {"type": "function", "function": {"name": "terms_due_in_year", "description": "某党组织（含下级）哪些班子今年（或明年）任期届满需要换届",
     "parameters": {"type": "object", "properties": {"organization": _ORG_PARAM,
                    "year_offset": {"type": "integer", "description": "0 今年，1 明年"}}}}},
    {"type": "function", "function": {"name": "post_holder", "description": "某党组织的书记（或副书记、组织委员等）是谁",
     "parameters": {"type": "object", "properties": {"organization": _ORG_PARAM,
                    "title": {"type": "string", "enum": _POST_TITLES, "description": "职务"}}}}},
]  # fmt: skip


# 干部信息库: only for users holding the cadre permission (cadres.selectors, scoped).
def cadres_retiring(user: Actor, years: int = 3) -> ToolResult:
    """How many cadres in the asker's cadre scope reach retirement age within ``years``."""
    from dangjian.assistant.cadre_questions import CADRE_PERMISSION_NEEDED, retiring_text

    span = min(max(int(years), 1), 3)
    text = retiring_text(user, span)
    if text is None:
        raise ToolRefused(CADRE_PERMISSION_NEEDED)
    return ToolResult("cadres_retiring", {"years": span}, text, {"years": span})


TOOLS["cadres_retiring"] = cadres_retiring
_ARGUMENTS = _ARGUMENTS | {"years"}
TOOL_SCHEMAS.append(
    {"type": "function", "function": {"name": "cadres_retiring", "description": "今后1至3年内到龄退休的干部人数（需干部信息查看权限）",
     "parameters": {"type": "object", "properties": {"years": {"type": "integer", "enum": [1, 2, 3]}}}}}
)  # fmt: skip


# 失联 and the proposals due on it (MEM-4): the lost-contact register's selectors.
def count_lost_contact(
    user: Actor, organization: str | None = None, listed: bool = False, on: str | None = None
) -> ToolResult:
    """Open lost-contact records of an organisation in scope, with its subtree."""
    from dangjian.assistant.dynamics import lost_contact_text

    org = resolve_organization(user, organization)
    text = lost_contact_text(user, org, listed, _day(on))
    args = {"organization": organization, "listed": listed}
    return ToolResult("count_lost_contact", args, text, {"organization": org.name})


def standing_proposals(
    user: Actor, organization: str | None = None, kind: str = "suspension", on: str | None = None
) -> ToolResult:
    """Members whose 停止党籍 (or 除名) proposal is due, as the register lists them."""
    from dangjian.assistant.dynamics import standing_proposals_text

    if kind not in ("suspension", "removal", "all"):
        raise ToolRefused("请说明查询停止党籍还是除名的建议")
    org = resolve_organization(user, organization)
    text = standing_proposals_text(user, org, kind, _day(on))
    args = {"organization": organization, "kind": kind}
    return ToolResult("standing_proposals", args, text, {"organization": org.name})


TOOLS.update({"count_lost_contact": count_lost_contact, "standing_proposals": standing_proposals})
TOOL_SCHEMAS += [
    {"type": "function", "function": {"name": "count_lost_contact", "description": "某党组织（含下级）的失联党员人数、已停止党籍人数，及失联满6个月可提出停止党籍的人员",
     "parameters": {"type": "object", "properties": {"organization": _ORG_PARAM, "listed": {"type": "boolean", "description": "是否列出姓名"}}}}},
    {"type": "function", "function": {"name": "standing_proposals", "description": "某党组织（含下级）到期待提出停止党籍（失联满6个月）或除名（停止党籍满2年）的失联党员",
     "parameters": {"type": "object", "properties": {"organization": _ORG_PARAM, "kind": {"type": "string", "enum": ["suspension", "removal", "all"], "description": "suspension 停止党籍，removal 除名"}}}}},
]  # fmt: skip


# 智能研判: which branches most need attention (through the alerts' score selector).
def riskiest_branches(user: Actor) -> ToolResult:
    """The ten branches of the asker's scope with the lowest health score."""
    from django.conf import settings

    from dangjian.assistant.alert_questions import riskiest_text

    if not may_manage_some_organization(user):
        raise ToolRefused("党员账号只能查询本人信息，党支部的风险研判请向党支部书记或组织部门了解")
    text, names = riskiest_text(user, settings.ALERT_WEIGHTS)
    return ToolResult("riskiest_branches", {}, text, {"branches": names})


TOOLS["riskiest_branches"] = riskiest_branches
TOOL_SCHEMAS.append(
    {"type": "function", "function": {"name": "riskiest_branches",
     "description": "提问人管理范围内健康分最低（风险最高、最需关注）的十个党支部及其未解除预警数",
     "parameters": {"type": "object", "properties": {}}}}
)  # fmt: skip
