"""Whether a member's record agrees with itself: age, education, post, pay and dues category,
and the standing status of a member who lost contact (MEM-4).

Each check is a finding for the branch to look at, not a refusal: a record can be right and
unusual. Pure: facts in, findings out; the archive (``members.consistency``) and the demo's
generator read the same tables, so generated people pass the platform's own checks.

Sources: the dues categories (DUES-3, DUES-5, DUES-6: 党费规定第三、五、六条); the
retirement ages of 国发〔1978〕104号 (men 60, women cadres 55, women workers 50; at the
earliest, after illness or for arduous posts, men 50 and women 45); the usual length of
schooling (six years of primary school from 6, three each of junior and senior middle school,
three years for 大学专科, four for 大学本科, two or three more for 研究生); MEM-4 (教育管理条例第二十四条).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from dangjian.rules.dates import add_months, age_on

RETIRED = "retired"
STUDENT = "student"
FARMER = "farmer"
ANNUAL_SALARY = "annual_salary"

# The dues categories that fit each occupation (STAT-3 codes -> dues category codes).
CATEGORIES_BY_OCCUPATION: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "worker": frozenset({"salaried"}),
        "professional": frozenset({"salaried"}),
        "manager": frozenset({"salaried", ANNUAL_SALARY}),
        "civil_servant": frozenset({"salaried"}),
        "other": frozenset({"salaried", "self_employed", "unemployed", "relief"}),
        FARMER: frozenset({FARMER, "relief"}),
        STUDENT: frozenset({STUDENT}),
        RETIRED: frozenset({RETIRED}),
    }
)
# Where a category comes from, for the message (RULES.md IDs).
CATEGORY_RULES: Mapping[str, str] = MappingProxyType(
    {ANNUAL_SALARY: "DUES-3", RETIRED: "DUES-5", FARMER: "DUES-6", STUDENT: "DUES-6"}
)

# The youngest age at which each level is normally completed; a student is counted at the
# level being studied, reached two years earlier.
EDUCATION_MIN_AGE: Mapping[str, int] = MappingProxyType(
    {"postgraduate": 24, "bachelor": 21, "college": 20}
)
STUDENT_HEAD_START = 1
# Most educated first, so that a level that does not fit can step down to the next.
EDUCATION_ORDER: tuple[str, ...] = (
    "postgraduate",
    "bachelor",
    "college",
    "secondary_vocational",
    "high_school",
    "junior_or_below",
)

EARLIEST_RETIREMENT = MappingProxyType({"M": 50, "F": 45})
OLDEST_STUDENT = 40
OLDEST_EMPLOYEE = 65
EMPLOYEES = frozenset({"worker", "professional", "manager", "civil_servant"})

# Posts that lead people, and the youngest age at which one is credible.
LEADING_WORDS: tuple[str, ...] = ("主任", "所长", "经理", "部长", "处长", "科长", "董事长")
LEADING_MIN_AGE = 28
LEADING_OCCUPATIONS = frozenset({"manager", "civil_servant", RETIRED})
SENIOR_WORDS: tuple[str, ...] = ("高级工程师", "高级会计师", "高级经济师", "正高级")
SENIOR_MIN_AGE = 30
# A trade (变电运维工, 输电线路工...) is a worker's post; 员工 and 职工 are not trades.
NOT_TRADES: tuple[str, ...] = ("员工", "职工")
TRADE_OCCUPATIONS = frozenset({"worker", RETIRED})

LOST_TO_SUSPEND_MONTHS = 6  # MEM-4: lost contact 6 months -> suspended
SUSPENDED_TO_REMOVE_MONTHS = 24  # MEM-4: suspended 2 years still lost -> removed


@dataclass(frozen=True)
class PersonFacts:
    """The facts of one record the checks read; codes as the archive stores them."""

    birth_date: date
    gender: str  # "M" / "F"
    education: str
    occupation: str
    dues_category: str
    job_title: str = ""
    status: str = "normal"
    lost_contact_since: date | None = None


@dataclass(frozen=True)
class Finding:
    """One disagreement: the field to look at, a Chinese message, and the rule ID (for code
    and tests; "" for a plausibility check that no regulation numbers)."""

    field: str
    message: str
    rule_id: str = ""


def check_person(facts: PersonFacts, today: date) -> list[Finding]:
    """Every finding on one record as of ``today`` ([] when it agrees with itself)."""
    age = age_on(facts.birth_date, today)
    return [
        *_category_findings(facts),
        *_age_findings(facts, age),
        *_education_findings(facts, age),
        *_title_findings(facts.job_title, facts.occupation, age),
        *_lost_contact_findings(facts, today),
    ]


def _category_findings(facts: PersonFacts) -> list[Finding]:
    allowed = CATEGORIES_BY_OCCUPATION.get(facts.occupation)
    if allowed is None or facts.dues_category in allowed:
        return []
    rule = CATEGORY_RULES.get(facts.dues_category) or CATEGORY_RULES.get(facts.occupation, "")
    return [Finding("dues_category", "党费类别与工作岗位类别不符", rule)]


def _age_findings(facts: PersonFacts, age: int) -> list[Finding]:
    earliest = EARLIEST_RETIREMENT.get(facts.gender, 45)
    if facts.occupation == RETIRED and age < earliest:
        return [Finding("occupation", f"离退休人员年龄为{age}岁，低于最早退休年龄{earliest}岁")]
    if facts.occupation == STUDENT and age > OLDEST_STUDENT:
        return [Finding("occupation", f"学生党员年龄为{age}岁，超过{OLDEST_STUDENT}岁")]
    if facts.occupation in EMPLOYEES and age > OLDEST_EMPLOYEE:
        return [Finding("occupation", f"在职人员年龄为{age}岁，已超过退休年龄")]
    return []


def education_min_age(education: str, occupation: str) -> int:
    """The youngest age at which ``education`` is credible (0: any age)."""
    least = EDUCATION_MIN_AGE.get(education, 0)
    return max(least - STUDENT_HEAD_START, 0) if occupation == STUDENT and least else least


def fitting_education(education: str, occupation: str, age: int) -> str:
    """``education`` if credible at ``age``, else the highest lower level that is."""
    start = EDUCATION_ORDER.index(education) if education in EDUCATION_ORDER else 0
    for level in EDUCATION_ORDER[start:]:
        if age >= education_min_age(level, occupation):
            return level
    return EDUCATION_ORDER[-1]


def _education_findings(facts: PersonFacts, age: int) -> list[Finding]:
    least = education_min_age(facts.education, facts.occupation)
    if age >= least:
        return []
    return [Finding("education", f"{age}岁不大可能已具有该学历（通常不早于{least}岁）")]


def title_findings(title: str, occupation: str, age: int) -> list[Finding]:
    """The post (职务/职称) against the occupation and the age; unknown titles pass."""
    found: list[Finding] = []
    if any(word in title for word in LEADING_WORDS):
        if occupation not in LEADING_OCCUPATIONS:
            found.append(Finding("job_title", f"“{title}”是管理岗位，与工作岗位类别不符"))
        if age < LEADING_MIN_AGE:
            found.append(Finding("job_title", f"{age}岁担任“{title}”不合常理"))
    if any(word in title for word in SENIOR_WORDS) and age < SENIOR_MIN_AGE:
        found.append(Finding("job_title", f"{age}岁具有“{title}”职称不合常理"))
    is_trade = title.endswith("工") and not title.endswith(NOT_TRADES)
    if is_trade and occupation not in TRADE_OCCUPATIONS:
        found.append(Finding("job_title", f"“{title}”是工人岗位，与工作岗位类别不符"))
    return found


_title_findings = title_findings


def _lost_contact_findings(facts: PersonFacts, today: date) -> list[Finding]:
    """MEM-4: lost 6 months and not found: suspended; suspended 2 more years: removed."""
    lost = facts.lost_contact_since
    if lost is None:
        return []
    suspend_by = add_months(lost, LOST_TO_SUSPEND_MONTHS)
    remove_by = add_months(suspend_by, SUSPENDED_TO_REMOVE_MONTHS)
    if facts.status == "normal" and suspend_by <= today:
        return [
            Finding(
                "status",
                f"自{lost:%Y年%m月%d日}失去联系已满6个月仍为正常党籍，查找后仍无法取得联系的应停止党籍",
                "MEM-4",
            )
        ]
    if facts.status == "suspended" and remove_by <= today:
        return [
            Finding(
                "status",
                "停止党籍已满2年仍无法取得联系，应按自行脱党予以除名",
                "MEM-4",
            )
        ]
    return []
