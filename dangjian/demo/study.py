"""The demo's 学习教育, through the services as a 党委 and a secretary would: two study items of
the 党委, a 集中学习 session of the first demo branch, a small question bank, a quiz and a
points scheme. Nothing here changes a member, so every other count of the demo stays as it was.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth.models import User

from dangjian.demo.users import DemoScopes
from dangjian.members.choices import Status
from dangjian.members.models import Member
from dangjian.rules.study import QuestionKind
from dangjian.study import services

_QUESTIONS: tuple[tuple[QuestionKind, str, list[str], str], ...] = (
    (QuestionKind.SINGLE, "党员每年集中学习培训时间一般不少于多少学时？", ["16", "24", "32", "56"], "C"),
    (QuestionKind.SINGLE, "预备党员的预备期为多长时间？", ["半年", "一年", "两年"], "B"),
    (QuestionKind.MULTIPLE, "“三会一课”中的“三会”包括哪些？", ["支部党员大会", "支部委员会", "党小组会", "职工代表大会"], "ABC"),
    (QuestionKind.MULTIPLE, "党员的义务包括哪些？", ["认真学习", "密切联系群众", "无条件享受特权", "自觉遵守党的纪律"], "ABD"),
    (QuestionKind.TRUE_FALSE, "党员应当按月交纳党费。", ["对", "错"], "A"),
    (QuestionKind.TRUE_FALSE, "党支部委员会每届任期为五年。", ["对", "错"], "B"),
)  # fmt: skip


def load_study(*, committee: User, secretary: User, scopes: DemoScopes, today: date) -> int:
    """Assign, record and set up the demo's study; the number of questions in the bank."""
    root = scopes.root
    for title, days in (
        ("学习《中国共产党党员教育管理工作条例》", 30),
        ("学习《中国共产党章程》", 90),
    ):
        services.study_item_assign(actor=committee, data=services.ItemInput(
            organization_id=root.pk, title=title, kind="link", hours="2",
            due_on=today + timedelta(days=days), url="/assistant/"))  # fmt: skip
    members = Member.objects.filter(organization=scopes.branch1, status=Status.NORMAL)
    attendees = tuple(members.order_by("pk").values_list("pk", flat=True)[:12])
    if attendees:
        services.study_session_record(actor=secretary, data=services.SessionInput(
            organization_id=scopes.branch1.pk, topic="集中学习党的二十大精神",
            held_on=today - timedelta(days=20), hours="4", member_ids=attendees))  # fmt: skip
    for kind, stem, options, answer in _QUESTIONS:
        services.question_add(actor=committee, organization=root, kind=kind, stem=stem,
                              options=options, answer=answer)  # fmt: skip
    services.quiz_create(actor=committee, data=services.QuizInput(
        organization_id=root.pk, title="党章党规知识测试", question_count=5, minutes=15,
        due_on=today + timedelta(days=60)))  # fmt: skip
    for source, points, cap in (("item", 1, 20), ("session", 2, 24), ("quiz", 3, 12)):
        services.point_item_set(actor=committee, organization_id=root.pk, source=source,
                                points=points, yearly_cap=cap)  # fmt: skip
    return len(_QUESTIONS)
