"""The demo's cadre database: the company's leaders and middle managers (the members marked
领导干部), with their posts, education, titles, training, assessments, reserves and reports,
written through the cadre services by the 党委's organisation administrator, who holds the
cadre permission (zuzhibu)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.contrib.auth.models import User

from dangjian.accounts.models import RoleGrant
from dangjian.cadres import services
from dangjian.cadres.models import AssessmentResult, Cadre, CadreAccess, PostKind, PostLevel
from dangjian.members.choices import Education, Status
from dangjian.members.models import Member
from dangjian.rules.dates import add_years

UNITS = ("运维检修部", "营销部", "财务资产部", "发展策划部", "安全监察部", "党委组织部",
         "调度控制中心", "物资供应中心", "供电服务指挥中心", "办公室")  # fmt: skip
LEADERS = ("总经理", "党委书记", "副总经理", "党委副书记", "纪委书记", "总工程师", "总会计师")
TITLES = ("高级工程师", "工程师", "高级经济师", "经济师", "高级会计师")
MAX_CADRES = 60


def load_cadres(*, actor: User, today: date, seed: int) -> int:
    """Grant ``actor``'s role the cadre permission and file the demo's cadres; how many."""
    for grant in RoleGrant.objects.filter(user=actor):
        CadreAccess.objects.get_or_create(grant=grant)
    actor = User.objects.get(pk=actor.pk)  # a fresh object: its scope now holds the grant
    rng = random.Random(seed * 7919)
    people = list(Member.objects.filter(is_leading_cadre=True, status=Status.NORMAL)
                  .exclude(id_number=None).order_by("pk")[:MAX_CADRES])  # fmt: skip
    for n, member in enumerate(people):
        _file(actor, member, n, rng, today)
    return len(people)


def _file(actor: User, member: Member, n: int, rng: random.Random, today: date) -> Cadre:
    data = services.CadreInput(name=member.name, id_number=member.id_number or "",
                               organization_id=member.organization_id,
                               work_started_on=min(add_years(member.birth_date, 22), today))  # fmt: skip
    cadre = services.cadre_create(actor=actor, data=data, source="system")
    level, unit, title = _post(n)
    # In post from 30 at the earliest, never after today (a young cadre took it up this year).
    started = min(
        max(add_years(member.birth_date, 30), today - timedelta(days=rng.randint(200, 4000))),
        today,
    )
    earlier = _earlier_title(level, title)
    if earlier and rng.random() < 0.6 and started > add_years(member.birth_date, 33):
        first = services.PostInput(PostKind.ADMINISTRATIVE, unit, earlier, PostLevel.MIDDLE_DEPUTY,
                                   add_years(started, -3))  # fmt: skip
        services.cadre_post_assign(actor=actor, cadre=cadre, post=first, source="system")
    post = services.PostInput(PostKind.ADMINISTRATIVE, unit, title, level, started)
    services.cadre_post_assign(actor=actor, cadre=cadre, post=post, source="system")
    _records(actor, cadre, member, n, rng, today)
    return cadre


def _earlier_title(level: str, title: str) -> str:
    """The deputy post held before ``title`` ("" when ``title`` is itself a deputy's: the same
    post twice is refused)."""
    if level == PostLevel.LEADERSHIP:
        return "" if title == "副总经理" else "副总经理"
    return "" if title == "副主任" else "副主任"


def _post(n: int) -> tuple[str, str, str]:
    if n < len(LEADERS):
        return PostLevel.LEADERSHIP, "公司领导班子", LEADERS[n]
    unit = UNITS[(n - len(LEADERS)) % len(UNITS)]
    chief = (n - len(LEADERS)) < len(UNITS)
    return (
        (PostLevel.MIDDLE_CHIEF, unit, "主任")
        if chief
        else (PostLevel.MIDDLE_DEPUTY, unit, "副主任")
    )


def _records(
    actor: User, cadre: Cadre, member: Member, n: int, rng: random.Random, today: date
) -> None:
    add = services.cadre_record_add
    level = member.education if member.education in Education.values else Education.BACHELOR
    add(actor=actor, cadre=cadre, kind="education", source="system", values={
        "level": level, "degree": "学士" if level == Education.BACHELOR else "",
        "school": rng.choice(("东北电力大学", "沈阳工程学院", "华北电力大学")),
        "major": "电气工程及其自动化", "full_time": True,
        "graduated_on": min(date(member.birth_date.year + 22, 7, 1), today)})  # fmt: skip
    # The services refuse a record of something yet to happen: a young cadre has no title yet.
    if (obtained := date(member.birth_date.year + 33, 12, 1)) <= today:
        add(actor=actor, cadre=cadre, kind="title", source="system", values={
            "name": TITLES[n % len(TITLES)], "grade": "副高级" if "高级" in TITLES[n % len(TITLES)] else "中级",
            "obtained_on": obtained})  # fmt: skip
    for year in (today.year - 3, today.year - 2, today.year - 1):
        result = AssessmentResult.EXCELLENT if rng.random() < 0.2 else AssessmentResult.COMPETENT
        add(actor=actor, cadre=cadre, kind="assessment", source="system",
            values={"year": year, "result": result})  # fmt: skip
    start = date(today.year - 1, 4, 8)
    add(actor=actor, cadre=cadre, kind="training", source="system", values={
        "name": "党性教育专题培训班", "organiser": "国网辽宁省电力有限公司党校",
        "started_on": start, "ended_on": start + timedelta(days=4), "hours": 40})  # fmt: skip
    due = date(today.year, 3, 31)
    add(actor=actor, cadre=cadre, kind="matter_report", source="system", values={
        "year": today.year, "due_on": due,
        "reported_on": None if n % 9 == 4 or due - timedelta(days=10) > today
        else due - timedelta(days=10)})  # fmt: skip
    if n % 3 == 1 and n >= len(LEADERS):
        unit = UNITS[n % len(UNITS)]
        add(actor=actor, cadre=cadre, kind="reserve", source="system", values={
            "unit": unit, "title": "主任", "since": date(today.year - 1, 1, 1), "until": None})  # fmt: skip
