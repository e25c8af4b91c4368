"""Question shapes answered without a language model: data questions routed to a tool, and
deadline and threshold questions that the rules layer computes. Everything else is retrieval."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dangjian.accounts.access import visible_organizations
from dangjian.assistant.kb.normalize import normalize_text
from dangjian.assistant.kb.numerals import find_amounts
from dangjian.core.actor import Actor
from dangjian.rules.dates import add_months, add_years, format_cn_date
from dangjian.rules.dues import DuesCategory, DuesSettings, compute_dues
from dangjian.rules.sources import readable_citations, rule_citations
from dangjian.rules.statistics import party_standing_years, probation_end

_DATE = re.compile(r"(\d{4})\s*(?:年|-|/|\.)\s*(\d{1,2})\s*(?:月|-|/|\.)\s*(\d{1,2})\s*日?")
_AGE = re.compile(r"(\d{2})\s*岁(?:及)?以下")


@dataclass(frozen=True)
class ToolIntent:
    tool: str
    arguments: dict[str, Any]


@dataclass(frozen=True)
class Computed:
    """A computed answer. ``rule_ids`` are for code and the log; ``citations`` are what the
    asker reads (《…》第X条). ``clarify``: the question could not be computed as asked and the
    text asks for what is missing, instead of guessing."""

    text: str
    rule_ids: tuple[str, ...]
    citations: tuple[str, ...] = field(default=())
    clarify: bool = False

    @classmethod
    def of(cls, text: str, rule_ids: tuple[str, ...]) -> Computed:
        return cls(readable_citations(text), rule_ids, rule_citations(rule_ids))


def compact(question: str) -> str:
    """The question as the patterns read it: normalised (full-width digits, traditional
    characters) and without spaces."""
    return normalize_text(question).replace(" ", "")


def _first_date(text: str) -> date | None:
    match = _DATE.search(text)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def parse_data_intent(user: Actor, question: str, today: date | None = None) -> ToolIntent | None:
    """ "我们支部有多少预备党员" -> count_members(category=probationary); "我的党龄" ->
    my_party_standing. A dues question with an amount is computed, never counted."""
    q = compact(question)
    if is_dues_question(q):
        return None
    moving = _dynamics_intent(user, q, today or date.today())
    if moving is not None:
        return moving
    personal = _personal_intent(q, today or date.today())
    if personal is not None:
        return personal
    developing = _development_intent(user, q, today or date.today())
    if developing is not None:
        return developing
    if _risk_question(q):
        return ToolIntent("riskiest_branches", {})
    meeting = _meeting_intent(q)
    if meeting is not None:
        return meeting
    election = _election_intent(q)
    if election is not None:
        return election
    cadre = _cadre_intent(q)
    if cadre is not None:
        return cadre
    category = _category(q)
    if category is None and not _AGE.search(q):
        return None
    organization = _mentioned_organization(user, q)
    age = _AGE.search(q)
    if age is not None and re.search(r"占比|比例|百分|多少", q):
        return ToolIntent("age_share", {"organization": organization, "max_age": int(age[1])})
    if category is None:
        return None
    if _LIST_WORDS.search(q):
        return ToolIntent("list_members", {"organization": organization, "category": category})
    if _COUNT_WORDS.search(q):
        return ToolIntent("count_members", {"organization": organization, "category": category})
    return None


# "我的党龄", "我这个月党费交了吗", "我在哪个支部": the asker's own record ("我们" is not "我").
_ME = r"我(?!们)"
_MY_STANDING = re.compile(
    rf"{_ME}(?:的|现在的?|目前的?)?党龄|{_ME}入党(?:多少|几)年|{_ME}(?:是|当)?党员(?:多少|几)年"
)
_MY_MONTH = r"(?:这个?月|本月|上个?月|今年|每个?月)?的?"
_MY_DUES = re.compile(rf"{_ME}{_MY_MONTH}党费|{_ME}{_MY_MONTH}(?:交|缴)(?:了|过|没)?党费")
_MY_DUES_PAID = re.compile(
    r"交了|缴了|交没交|缴没缴|交过|交清|欠|补交|有没有交|交上|交齐|了吗|了没|没交|没缴"
)
_MY_ORGANIZATION = re.compile(
    rf"{_ME}.{{0,4}}(?:在|是|属于|归)哪(?:个|一个)?(?:党)?(?:支部|党小组|组织|党组织|总支|党委)|"
    rf"{_ME}的?(?:党)?(?:组织关系|所在支部|支部|党组织)(?:在|是)(?:哪|什么)"
)
_LAST_MONTH = re.compile(r"上个?月")


def _personal_intent(q: str, today: date) -> ToolIntent | None:
    if _MY_ORGANIZATION.search(q):
        return ToolIntent("my_organization", {})
    if _MY_STANDING.search(q) and _first_date(q) is None:  # with a date it is computed
        return ToolIntent("my_party_standing", {"on": today.isoformat()})
    if _MY_DUES.search(q) and not find_amounts(q):
        month = add_months(today.replace(day=1), -1) if _LAST_MONTH.search(q) else today
        detail = "paid" if _MY_DUES_PAID.search(q) else "amount"
        return ToolIntent("my_dues", {"month": f"{month:%Y-%m}", "detail": detail})
    return None


# 党员动态: "我们支部有几个流动党员", "李四的组织关系转到哪了". Asked before the person and
# category questions: "李四的组织关系转到哪了" is not a 发展党员 progress question, and a count
# of 流动党员 reads the floating register, not the archive's old flag.
_FLOATING = re.compile(r"流动党员|流出党员|流入党员|外出流动")
_RELATION_WHO = re.compile(
    r"^(?P<who>我(?!们)|[\u4e00-\u9fff·]{2,12}?)(?:同志)?的?(?:党的)?(?:组织关系|党组织关系|关系)"
    r"(?:转接)?(?:现在|目前)?(?:转到|转去|转往|转至|转入|转哪|迁到|办到|到|在|进展|进度|怎么样|办得|是否)"
)
_RELATION_WHERE = re.compile(r"哪|进展|进度|怎么样|如何|什么|是否|了吗|了没|没有")


# "有哪些党员待停止党籍", "哪些失联党员可以除名": the proposals of MEM-4, not the archive's flag.
_PROPOSAL = re.compile(
    r"(?:待|应当?|应该|可以|可|需要|需|该)(?:被)?(?P<kind>停止党籍|除名)|(?P<kind2>停止党籍|除名)(?:的)?(?:建议|提议|到期)"
)
_LOST = re.compile(r"失联党员|失联的党员|失去联系的党员|失联")


def _standing_intent(user: Actor, q: str, today: date) -> ToolIntent | None:
    proposal = _PROPOSAL.search(q)
    if proposal is not None and (_LIST_WORDS.search(q) or _COUNT_WORDS.search(q) or "有" in q):
        kind = {"停止党籍": "suspension", "除名": "removal"}[proposal["kind"] or proposal["kind2"]]
        return ToolIntent("standing_proposals", {"organization": _mentioned_organization(user, q),
                                                 "kind": kind, "on": today.isoformat()})  # fmt: skip
    if _LOST.search(q) and (_COUNT_WORDS.search(q) or _LIST_WORDS.search(q)):
        return ToolIntent("count_lost_contact", {"organization": _mentioned_organization(user, q),
                                                 "listed": bool(_LIST_WORDS.search(q)),
                                                 "on": today.isoformat()})  # fmt: skip
    return None


def _dynamics_intent(user: Actor, q: str, today: date) -> ToolIntent | None:
    standing = _standing_intent(user, q, today)
    if standing is not None:
        return standing
    if _FLOATING.search(q) and (_COUNT_WORDS.search(q) or _LIST_WORDS.search(q)):
        listed = bool(_LIST_WORDS.search(q))
        return ToolIntent("count_floating", {"organization": _mentioned_organization(user, q),
                                             "listed": listed})  # fmt: skip
    match = _RELATION_WHO.match(_ASKING_LEAD.sub("", q))
    if match is None or not _RELATION_WHERE.search(q[match.end() - 2 :]):
        return None
    name = match["who"]
    if name == "我" and "转" not in q:
        return None  # "我的组织关系在哪里": the asker's branch today (my_organization)
    if name != "我" and _NOT_A_PERSON.search(name):
        return None
    return ToolIntent("transfer_whereabouts", {"name": name, "on": today.isoformat()})


# 发展党员: "我们支部有几个发展对象", "张三的入党流程到哪一步了", "张三什么时候可以确定为
# 发展对象". A stage word with a count or list word is counted from the pipeline; a person's
# name before a progress or deadline phrase is answered from their dossier.
_DEVELOPMENT_STAGES = (
    ("发展对象", "candidate"), ("入党积极分子", "activist"), ("积极分子", "activist"),
    ("入党申请人", "applicant"), ("申请入党的人", "applicant"), ("递交入党申请", "applicant"),
)  # fmt: skip
# "预备党员" alone is the member archive's count; within the process it is the pipeline's.
_IN_PROCESS = re.compile(r"发展党员流程|入党流程|发展流程|流程中|考察期|发展中")
_PROGRESS = re.compile(
    r"哪一步|哪步|哪个阶段|什么阶段|哪一阶段|入党进度|发展进度|流程进度|到哪了|进展到|进行到|走到哪"
)
_WHEN = re.compile(r"什么时候|啥时候|何时|哪天|哪一天|最早|多久")
_TO_CANDIDATE = re.compile(r"发展对象")
_TO_FULL = re.compile(r"转正|转为正式党员|成为正式党员")
_ASKING_LEAD = re.compile(
    r"^(?:请问|请|帮我|帮忙|麻烦|查一下|查查|查询|看看|看一下|我想知道|想知道|问一下|问问|一下|了解一下)+"
)
# The name is what comes before the first word of the question proper.
_WHO = re.compile(
    r"^(?P<who>我(?!们)|[\u4e00-\u9fff·]{2,12}?)(?:同志)?的?"
    r"(?:入党|发展|流程|进度|现在|目前|什么时候|啥时候|何时|哪天|哪一天|最早|多久|还要|已经|到|"
    r"走到|进行到|进展|处于|在|可以|能|是|转正)"
)
# What reads as a name but is a kind of person or a question word ("积极分子什么时候…").
_NOT_A_PERSON = re.compile(
    r"积极分子|申请人|发展对象|党员|支部|党委|总支|党小组|我们|大家|他们|她们|入党|发展|谁|什么|"
    r"怎么|如何|一般|通常|个人|多少|几|哪"
)


def _development_intent(user: Actor, q: str, today: date) -> ToolIntent | None:
    person = _person_question(q)
    if person is not None:
        name, target = person
        return ToolIntent(
            "applicant_progress", {"name": name, "target": target, "on": today.isoformat()}
        )
    stage = next((code for word, code in _DEVELOPMENT_STAGES if word in q), None)
    if stage is None and "预备党员" in q and _IN_PROCESS.search(q):
        stage = "probationary"
    if stage is None:
        return None
    arguments = {"organization": _mentioned_organization(user, q), "stage": stage,
                 "on": today.isoformat()}  # fmt: skip
    if _LIST_WORDS.search(q):
        return ToolIntent("list_applicants", arguments)
    if _COUNT_WORDS.search(q):
        return ToolIntent("count_applicants", arguments)
    return None


def _person_question(q: str) -> tuple[str, str] | None:
    """(name, "progress" | "candidate" | "full") when ``q`` asks about one named person; a
    question with a date is a computation on that date, not about a person's record."""
    if _first_date(q) is not None:
        return None
    if _PROGRESS.search(q):
        target = "progress"
    elif _WHEN.search(q) and _TO_CANDIDATE.search(q):
        target = "candidate"
    elif _WHEN.search(q) and _TO_FULL.search(q):
        target = "full"
    else:
        return None
    match = _WHO.match(_ASKING_LEAD.sub("", q))
    if match is None:
        return None
    name = match["who"]
    if name != "我" and _NOT_A_PERSON.search(name):
        return None
    if name == "我" and target == "full":
        return None  # a member's own probation is in the member archive, not always here
    return name, target


def _meeting_intent(q: str) -> ToolIntent | None:
    """组织生活: "本季度我们支部开党员大会了吗" -> meeting_held; "哪些支部本月没开支委会" ->
    meetings_missing (before the member categories: "党员大会" is not a count of 党员)."""
    from dangjian.assistant.meeting_questions import parse_meeting_question

    asked = parse_meeting_question(q)
    if asked is None:
        return None
    tool = "meetings_missing" if asked.ask == "missing" else "meeting_held"
    span = asked.span.value if asked.span else None
    return ToolIntent(tool, {"kind": asked.kind.value, "span": span, "offset": asked.offset,
                             "organization": asked.organization})  # fmt: skip


def _risk_question(q: str) -> bool:
    """智能研判: "哪些支部风险最高" -> riskiest_branches (the health scores)."""
    from dangjian.assistant.alert_questions import is_risk_question

    return is_risk_question(q)


def _election_intent(q: str) -> ToolIntent | None:
    """班子与换届: "哪些支部今年要换届" -> terms_due_in_year; "二支部的书记是谁" -> post_holder."""
    from dangjian.assistant.election_questions import parse_election_question

    asked = parse_election_question(q)
    return None if asked is None else ToolIntent(asked.tool, dict(asked.arguments))


def _cadre_intent(q: str) -> ToolIntent | None:
    """干部信息库: "近三年到龄退休的干部有多少" -> cadres_retiring (before "领导干部" counts)."""
    from dangjian.assistant.cadre_questions import parse_cadre_question

    years = parse_cadre_question(q)
    return None if years is None else ToolIntent("cadres_retiring", {"years": years})


_LIST_WORDS = re.compile(r"哪些|名单|名册|有谁|是谁|列出|列一下|列个|列举")
_COUNT_WORDS = re.compile(r"多少|几名|几个|几人|人数|统计")
# "二支部都有谁", "我们支部有多少人": people of an organisation, without the word 党员.
_PEOPLE_WORDS = re.compile(r"有谁|哪些人|多少人|几个人|几人|名单|名册")
_ORGANIZATION_WORDS = re.compile(r"党委|党总支|总支|支部|党小组")

_CATEGORY_WORDS = [
    ("预备党员", "probationary"), ("正式党员", "full"), ("流动党员", "floating"),
    ("失联", "lost_contact"), ("困难党员", "difficulty"), ("领导干部", "cadre"),
    ("女党员", "women"), ("离退休党员", "retired"), ("退休党员", "retired"), ("党员", "all"),
]  # fmt: skip


# What reads like an organisation name: a few characters ending in a kind of organisation.
_ORG_NAME = re.compile(
    r"[\u4e00-\u9fffA-Za-z0-9（）()·]{1,30}?(?:党委|党总支|总支|党支部|支部|党小组)"
)
# Words before a name that are not part of it ("请问二支部", "列出我们支部", "给我看看二支部"):
# the name starts after the last of them.
_LEAD_WORDS = re.compile(
    r"^.*(?:请问|请|帮我|帮忙|给我|告诉我|查询|查一下|查查|统计|看看|看一下|一下|想知道|知道|"
    r"了解|问一下|问问|列出|列一下|列举|显示|说说|的|在|和|与|及|或|、|,)"
)
# "我们支部", "本党委", "各支部": the asker's own organisation or all of them, not a name.
_NOT_A_NAME = re.compile(r"^(?:我们|我|本|各|全|所有|每个|哪个|哪些)")


def _category(q: str) -> str | None:
    # "党员" alone is a data question only with our-organisation words, not "党员的权利".
    for word, code in _CATEGORY_WORDS:
        if word in q and (
            code != "all" or re.search(r"我们|本支部|我支部|支部|党委|总支|多少|几名", q)
        ):
            return code
    if _ORGANIZATION_WORDS.search(q) and _PEOPLE_WORDS.search(q):
        return "all"
    return None


def _mentioned_organization(user: Actor, q: str) -> str | None:
    """The organisation the question names: the longest of the asker's own in it, unless
    the question also names one outside them ("二支部", "十一支部" beside the asker's "一支部"),
    which is returned so that it leads to a refusal, not to the asker's own data. Names
    outside the asker's scope are never looked up: whether such an organisation exists is not
    the asker's to learn."""
    visible = [compact(n) for n in visible_organizations(user).values_list("name", flat=True)]
    best = max((n for n in visible if n in q), key=len, default=None)
    for match in _ORG_NAME.finditer(q):
        name = _LEAD_WORDS.sub("", match[0])
        if not name or _NOT_A_NAME.match(name) or name in visible:
            continue
        if best is None or name not in best:
            return name
    return best


def computed_answer(
    question: str, today: date, dues_settings: DuesSettings | None = None
) -> Computed | None:
    """Deadlines, thresholds and dues amounts the rules layer computes, with the rules that say
    so. ``dues_settings``: the deployment's (rounding, cap); the national defaults when None."""
    q = compact(question)
    if is_dues_question(q):  # first: an amount with a dues word is a dues question
        return _dues(q, dues_settings or DuesSettings())
    for matches, compute in _COMPUTED:
        if matches(q):
            result = compute(q, today)
            if result is not None:
                return result
    return None


def _probation(q: str, today: date) -> Computed | None:
    start = _first_date(q)
    if start is None:
        return None
    end = probation_end(start)
    text = (f"预备期自{format_cn_date(start)}（支部大会通过之日）起算，{format_cn_date(end)}期满；"
            f"期满后支部应及时讨论转正，转正时间为{format_cn_date(end)}，党龄自该日起算。")  # fmt: skip
    return Computed.of(text, ("DEV-15", "DEV-19", "MEM-1"))


def _activist_year(q: str, today: date) -> Computed | None:
    start = _first_date(q)
    if start is None:
        return None
    end = add_years(start, 1)
    text = (f"自{format_cn_date(start)}确定为入党积极分子，满一年之日为{format_cn_date(end)}（当日即满足），"
            "此后经支部委员会讨论、上级党委同意并公示，方可列为发展对象。")  # fmt: skip
    return Computed.of(text, ("DEV-7", "DATE-2", "DEV-20"))


def _application_talk(q: str, today: date) -> Computed | None:
    start = _first_date(q)
    if start is None:
        return None
    text = f"党组织应在收到入党申请书后一个月内派人谈话，即不晚于{format_cn_date(add_months(start, 1))}。"
    return Computed.of(text, ("DEV-2", "DATE-1"))


def _party_years(q: str, today: date) -> Computed | None:
    confirmed = _first_date(q)
    if confirmed is None:
        return None
    years = party_standing_years(confirmed, today)
    text = f"自转正时间{format_cn_date(confirmed)}起算，截至{format_cn_date(today)}党龄为{years}年（整年计算）。"
    return Computed.of(text, ("MEM-1",))


# Words that say which income the amount is: the dues base of a category (DUES-2..DUES-6).
_BASE_WORDS = re.compile(
    r"工资|薪|收入|基数|养老金|退休|离休|月入|到手|挣|农民|学生|失业|下岗|低保"
)
_DUES_ASK = re.compile(
    r"(?:交|缴)纳?(?:多少|几)|多少党费|党费(?:是|为|应|该|要|得)?(?:交|缴)?多少|应交|该交|要交|得交|"
    r"怎么算|算多少"
)
# Category words, most specific first (a retired member's 养老金 is not a wage).
_DUES_CATEGORIES: tuple[tuple[str, DuesCategory], ...] = (
    (r"退休|离休|养老金", DuesCategory.RETIRED),
    (r"年薪", DuesCategory.ANNUAL_SALARY),
    (r"个体|灵活就业|自由职业|纯收入|自雇", DuesCategory.SELF_EMPLOYED),
    (r"农民|务农", DuesCategory.FARMER),
    (r"学生", DuesCategory.STUDENT),
    (r"失业|下岗", DuesCategory.UNEMPLOYED),
    (r"低保|救济", DuesCategory.RELIEF),
)
_ASK_AMOUNT = "请告诉我确切的每月党费基数，例如“8500元”“8,500.00元”或“八千五百元”"
# An amount for a whole year is not a month's base: an annual-salary member's base is what is
# actually paid in each month (DUES-3), so the answer asks for that rather than divide by 12.
_YEARLY = re.compile(r"年薪|年收入|年工资|全年|每年|一年|年终|年度")
_MONTHLY = re.compile(r"每月|每个月|月薪|当月|本月|这个月|上个月|月发|月实发|月工资")


def is_dues_question(q: str) -> bool:
    """A question with an amount of money and a dues word: 退休党员养老金5000元交多少党费."""
    if not find_amounts(q):
        return False
    base_word, ask = _BASE_WORDS.search(q), _DUES_ASK.search(q)
    return bool(("党费" in q and (base_word or ask)) or (base_word and ask))


def dues_category(q: str) -> DuesCategory:
    """The dues category the question speaks of; a wage earner's when it names none."""
    for pattern, category in _DUES_CATEGORIES:
        if re.search(pattern, q):
            return category
    return DuesCategory.SALARIED


def _dues(q: str, settings: DuesSettings) -> Computed:
    """DUES-1..DUES-6, DUES-10, DUES-15 on the amount the question gives; an amount that cannot
    be read exactly, or two different ones, are asked for again."""
    readings = find_amounts(q)
    unreadable = next((r for r in readings if r.value is None), None)
    if unreadable is not None:
        text = f"没能确定党费基数：{unreadable.problem}。{_ASK_AMOUNT}。"
        return Computed(text, (), clarify=True)
    values = list(dict.fromkeys(r.value for r in readings if r.value is not None))
    if len(values) != 1:
        written = "、".join(r.text for r in readings)
        text = f"问题中有不止一个金额（{written}），不知道哪个是党费基数。{_ASK_AMOUNT}。"
        return Computed(text, (), clarify=True)
    category = dues_category(q)
    if _YEARLY.search(q) and not _MONTHLY.search(q):
        text = (
            "党费按月计算：实行年薪制的党员，以每月实际发放的工资（年终兑现的部分计入发放当月）"
            "为党费基数（DUES-3），不能用全年的金额直接计算。"
            "请告诉我每月实际发放的金额，例如“每月发放15000元交多少党费”。"
        )
        return Computed(readable_citations(text), ("DUES-3",), rule_citations(("DUES-3",)), True)
    amount = compute_dues(category, values[0], settings)
    text = f"按{category.label}党员计算：" + "；".join(amount.lines) + "。"
    return Computed.of(text, amount.rule_ids)


_COMPUTED: list[tuple[Callable[[str], bool], Callable[[str, date], Computed | None]]] = [
    (lambda q: "预备期" in q or ("转正" in q and "党龄" not in q), _probation),
    (lambda q: "积极分子" in q and bool(re.search(r"发展对象|满一年|一年", q)), _activist_year),
    (lambda q: "申请" in q and "谈话" in q, _application_talk),
    (lambda q: "党龄" in q, _party_years),
]
