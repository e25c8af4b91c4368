"""A year of hand-counted history for the annual tables (2024, enterprise fixture).

On 2023-12-31: 张三, 李四 (一支部), 王五 (预备, 二支部), 赵六 (二支部), 钱七 (三支部) = 5.
During 2024: 王五 confirmed 08-01; 赵六 transferred 二支部 -> 三支部 06-10; 钱七 除名 09-01;
孙八 admitted (发展) in 一支部 06-01. On 2024-12-31: 张三, 李四, 孙八 (A), 王五 (B), 赵六 (C) = 5.
In 2025: 张三 died 03-01 (for the second year's reconciliation).
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from django.contrib.auth.models import User

from dangjian.development.services import applicant_register
from dangjian.meetings.reviews import ReviewInput, democratic_review_record
from dangjian.members.choices import Status
from dangjian.members.models import Member
from dangjian.members.services import member_change, member_confirm
from tests.development.support import applicant_input
from tests.factories import make_member

YEAR = 2024


def history(enterprise: SimpleNamespace) -> dict[str, Member]:
    """The members above, with their history written through the services."""
    e = enterprise
    people = {
        "张三": make_member(e.branch_a, name="张三", gender="F", birth_date=date(1990, 5, 1),
                          occupation="worker", education="bachelor"),
        "李四": make_member(e.branch_a, name="李四", gender="M", birth_date=date(1955, 1, 1),
                          occupation="retired", education="high_school", ethnicity="回族",
                          joined_on=date(1975, 6, 1), confirmed_on=date(1976, 6, 1)),
        "王五": make_member(e.branch_b, name="王五", gender="M", birth_date=date(1995, 2, 1),
                          occupation="professional", education="postgraduate",
                          stage="probationary", joined_on=date(2023, 8, 1), confirmed_on=None),
        "赵六": make_member(e.branch_b, name="赵六", gender="M", birth_date=date(1980, 3, 1),
                          occupation="manager", education="college"),
        "钱七": make_member(e.branch_c, name="钱七", gender="F", birth_date=date(1975, 4, 1),
                          occupation="worker", education="secondary_vocational"),
        "孙八": make_member(e.branch_a, name="孙八", gender="F", birth_date=date(1998, 1, 1),
                          occupation="worker", education="bachelor", stage="probationary",
                          joined_on=date(2024, 6, 1), confirmed_on=None),
    }  # fmt: skip
    member_confirm(actor=None, member_id=people["王五"].pk, confirmed_on=date(2024, 8, 1),
                   reason="支部大会讨论通过，按期转正")  # fmt: skip
    member_change(actor=None, member_id=people["赵六"].pk,
                  changes={"organization_id": e.branch_c.pk}, effective_on=date(2024, 6, 10),
                  reason="工作调动", transfer_accepted=True)  # fmt: skip
    member_change(actor=None, member_id=people["钱七"].pk, changes={"status": Status.LEFT},
                  effective_on=date(2024, 9, 1), reason="经支部大会讨论，予以除名")  # fmt: skip
    return people


def second_year(people: dict[str, Member]) -> None:
    member_change(actor=None, member_id=people["张三"].pk, changes={"status": Status.DECEASED},
                  effective_on=date(2025, 3, 1), reason="病故")  # fmt: skip


def reviews_and_applicants(
    enterprise: SimpleNamespace, people: dict[str, Member], actor: User
) -> None:
    """民主评议 2024: 张三 优秀, 李四 合格 (一支部), 王五 in progress (二支部); two applications
    received in 2024 and one in 2023 (一支部)."""
    for name, rating in (("张三", "excellent"), ("李四", "qualified"), ("王五", "")):
        data = ReviewInput(self_assessment="自评", peer_assessment="互评", poll=(1, 0, 0, 0),
                           rating=rating, rated_on=date(2024, 12, 20) if rating else None)  # fmt: skip
        democratic_review_record(actor=actor, member_id=people[name].pk, year=YEAR, data=data)
    for applied in (date(2024, 3, 1), date(2024, 5, 1), date(2023, 3, 1)):
        application = applicant_input(enterprise.branch_a, applied_on=applied, received_on=applied)
        applicant_register(actor=actor, data=application)
