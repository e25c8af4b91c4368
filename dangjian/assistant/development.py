"""发展党员 questions: how many people of a stage, where a person stands, when they may go on.

"我们支部有几个发展对象", "张三的入党流程到哪一步了", "张三什么时候可以确定为发展对象". Every
answer reads ``development.selectors`` from the asker's scope (``pipeline``,
``visible_applicants``, ``dossier``): a person of another branch is answered exactly as a name
nobody bears, so a question cannot learn whether someone is in the process elsewhere. Each
deadline cites its regulation and article (rule IDs stay in code).
"""

from __future__ import annotations

from datetime import date

from dangjian.core.actor import Actor
from dangjian.development.models import Applicant, DevelopmentDue
from dangjian.development.progress import is_overdue, progress_of
from dangjian.development.selectors import (
    Dossier,
    PipelineFilters,
    dossier,
    own_applicant,
    pipeline,
    visible_applicants,
)
from dangjian.orgs.models import Organization
from dangjian.rules.dates import format_cn_date
from dangjian.rules.development.deadlines import candidate_earliest
from dangjian.rules.development.designation import NOTICE_WORKING_DAYS
from dangjian.rules.development.process import Deadline, Stage
from dangjian.rules.sources import rule_citations

# The stages a question may count, as it names them.
STAGE_NAMES: dict[str, str] = {
    "applicant": "入党申请人",
    "activist": "入党积极分子",
    "candidate": "发展对象",
    "probationary": "预备党员（发展党员流程中）",
}
# How many people one answer names (several of one name, or a stage's list).
MAX_NAMED = 5
MAX_LISTED = 50
ME = "我"


class NobodyOfThatName(Exception):
    """No person of that name in the asker's scope (the same whether one exists elsewhere)."""


def _cite(*rule_ids: str) -> str:
    return f"（依据{'、'.join(rule_citations(rule_ids))}）"


def count_in_stage(user: Actor, organization: Organization, stage: str, today: date) -> int:
    """People of ``stage`` in ``organization``'s subtree: the pipeline's rows, same filter."""
    return pipeline(user, organization, PipelineFilters(stage=stage), today).count()


def names_in_stage(
    user: Actor, organization: Organization, stage: str, today: date
) -> list[tuple[str, str]]:
    """(name, branch) of up to ``MAX_LISTED`` + 1 people of ``stage``, in pipeline order."""
    rows = pipeline(user, organization, PipelineFilters(stage=stage), today)[: MAX_LISTED + 1]
    return [(a.name, a.organization.name) for a in rows]


def people_named(user: Actor, name: str) -> list[Dossier]:
    """The dossiers of the people called ``name`` the asker may see ("我": their own record).

    Raises ``NobodyOfThatName`` when there is none in scope."""
    if name == ME:
        own = own_applicant(user)
        found = [own] if own is not None else []
    else:
        found = list(
            visible_applicants(user).filter(name=name).order_by("-stage_since", "pk")[:MAX_NAMED]
        )
    if not found:
        if name == ME:
            raise NobodyOfThatName(
                "没有查到您本人的入党申请记录；如已递交入党申请书，请联系所在党支部"
            )
        raise NobodyOfThatName(
            f"您的管理范围内没有名为“{name}”的入党申请人、入党积极分子、发展对象或预备党员"
        )
    return [dossier(user, a.pk) for a in found]


def _who(applicant: Applicant, name: str, several: bool) -> str:
    if name == ME:
        return "您"
    return f"{applicant.name}（{applicant.organization.name}）" if several else applicant.name


def _due_text(due: DevelopmentDue, today: date) -> str:
    """ "考察入党积极分子，应不晚于2023年10月10日（已超期）（依据…）"."""
    parts = [due.what]
    if due.due_on is not None and due.not_before == due.due_on:
        # Probation's end: the meeting is held from that day on, never before (DEV-17).
        late = "（已到期，应及时办理）" if due.due_on <= today else ""
        parts.append(f"自{format_cn_date(due.due_on)}起办理，不得提前{late}")
    elif due.due_on is not None:
        late = "（已超期）" if is_overdue(due, today) else ""
        parts.append(f"应不晚于{format_cn_date(due.due_on)}{late}")
    elif due.not_before is not None:
        parts.append(f"自{format_cn_date(due.not_before)}起可以办理")
    if due.hard_limit is not None and due.hard_limit != due.due_on:
        parts.append(f"最迟不得超过{format_cn_date(due.hard_limit)}")
    return "，".join(parts) + _cite(due.rule_id)


def progress_text(found: Dossier, name: str, today: date, several: bool = False) -> str:
    """Stage and since when, the last step with its date, the next step with its deadline,
    and every other open deadline, each citing its article."""
    applicant = found.applicant
    who = _who(applicant, name, several)
    stage = Stage(applicant.stage)
    text = f"{who}目前是{stage.label}（自{format_cn_date(applicant.stage_since)}起）。"
    if stage.is_end:
        text = (
            f"{who}的发展党员流程已结束：{stage.label}（{format_cn_date(applicant.stage_since)}）。"
        )
    progress = progress_of(found)
    if progress.last is not None:
        number = f"第{progress.last.step_number}步" if progress.last.step_number else ""
        text += f"最近一步：{number}“{progress.last.label}”（{format_cn_date(progress.last.happened_on)}）。"
    if progress.next is not None:
        text += f"下一步：第{progress.next.step}步“{progress.next.label}”"
        text += (
            ("；" + "；".join(_due_text(d, today) for d in progress.dues)) if progress.dues else ""
        )
        text += "。"
    others = [d for d in found.dues if d not in progress.dues]
    if others:
        text += "其他期限：" + "；".join(_due_text(d, today) for d in others) + "。"
    return text


def _activist_on(found: Dossier) -> date | None:
    steps = [s for s in found.steps if s.code == "designate_activist"]
    if steps:
        return steps[-1].happened_on
    transfer = next((s for s in found.steps if s.code == "transfer_in"), None)
    value = transfer.details.get("activist_on") if transfer is not None else None
    return date.fromisoformat(value) if isinstance(value, str) else None


def _candidate_on(found: Dossier) -> date | None:
    steps = [s for s in found.steps if s.code == "designate_candidate"]
    return steps[-1].happened_on if steps else None


def candidate_text(found: Dossier, name: str, today: date, several: bool = False) -> str:
    """DEV-7/DEV-20: when a person may be designated as candidate: one full year as activist
    (DATE-2, from the open deadline or ``candidate_earliest``), then the higher 党委's consent
    and a public notice of at least 5 working days."""
    applicant = found.applicant
    who = _who(applicant, name, several)
    stage = Stage(applicant.stage)
    rules = _cite("DEV-7", "DEV-20")
    if stage is Stage.APPLICANT:
        return (f"{who}目前是入党申请人，尚未确定为入党积极分子。确定为入党积极分子后经过一年以上"
                f"培养教育和考察，方可确定为发展对象{rules}。")  # fmt: skip
    if stage is Stage.ACTIVIST:
        activist_on = _activist_on(found)
        year = next((d for d in found.dues if d.deadline == Deadline.ACTIVIST_YEAR), None)
        earliest = year.not_before if year is not None else None
        if earliest is None and activist_on is not None:
            earliest = candidate_earliest(activist_on).not_before
        if earliest is None:
            return f"{who}的档案中没有确定为入党积极分子的日期，无法计算{rules}。"
        since = f"于{format_cn_date(activist_on)}确定为入党积极分子，" if activist_on else ""
        reached = "已满一年" if earliest <= today else "满一年之日为" + format_cn_date(earliest)
        text = (f"{who}{since}{reached}，最早可在{format_cn_date(earliest)}确定为发展对象"
                f"{_cite('DEV-7')}。确定前须听取党小组、培养联系人、党员和群众意见，经支部委员会"
                f"讨论、报上级党委同意，并公示不少于{NOTICE_WORKING_DAYS}个工作日{_cite('DEV-20')}。")  # fmt: skip
        notice = next((d for d in found.dues if d.deadline == Deadline.NOTICE), None)
        if notice is not None and notice.not_before is not None:
            text += f"公示期满后自{format_cn_date(notice.not_before)}起可以确定。"
        return text
    if stage in (Stage.CANDIDATE, Stage.PROBATIONARY, Stage.FULL):
        on = _candidate_on(found)
        when = f"已于{format_cn_date(on)}" if on else "已"
        return f"{who}{when}确定为发展对象，目前是{stage.label}。"
    return f"{who}的发展党员流程已结束（{stage.label}），不再确定为发展对象。"


def confirmation_text(found: Dossier, name: str, today: date, several: bool = False) -> str:
    """DEV-17: a probationary member's confirmation is discussed when probation ends."""
    applicant = found.applicant
    who = _who(applicant, name, several)
    stage = Stage(applicant.stage)
    if stage is Stage.FULL:
        return f"{who}已转为正式党员（{format_cn_date(applicant.stage_since)}记录）。"
    if stage is not Stage.PROBATIONARY:
        return f"{who}目前是{stage.label}，尚未接收为预备党员，还谈不上转正。"
    end = next((d for d in found.dues if d.deadline == Deadline.PROBATION_END), None)
    if end is None or end.due_on is None:
        return progress_text(found, name, today, several)
    return (f"{who}的预备期至{format_cn_date(end.due_on)}期满，期满后由支部大会讨论能否按期"
            f"转为正式党员，转正时间为预备期满之日{_cite('DEV-17', 'DEV-19')}。")  # fmt: skip
