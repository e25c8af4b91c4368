"""民主评议 for the annual statistics (STAT-7 table 8): members who took part and their grades,
counted for the organisation that held the review (STAT-5), per subtree and year; the page for
the 党委 and its Excel export. Boundaries: a member rated before a transfer, a review begun in
one branch and rated in the next, a review of another year, one still in progress."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from dangjian.core.errors import Conflict
from dangjian.meetings.models import DemocraticReview
from dangjian.meetings.review_stats import review_table
from dangjian.meetings.reviews import ReviewInput, democratic_review_record
from dangjian.members.models import Member
from dangjian.members.services import member_change
from dangjian.orgs.models import Organization
from dangjian.rules.sources import rule_citation
from tests.factories import Role, make_member, make_user

Login = Callable[[User], Client]
RATED = date(2025, 6, 20)


def parts(rating: str = "", on: date = RATED) -> ReviewInput:
    """Self-assessment, peer assessment and poll, and ``rating`` if given."""
    return ReviewInput(self_assessment="自评", peer_assessment="互评", poll=(1, 0, 0, 0),
                       rating=rating, rated_on=on if rating else None)  # fmt: skip


def rate(actor: User | None, member: Member, rating: str, year: int = 2025) -> DemocraticReview:
    return democratic_review_record(actor=actor, member_id=member.pk, year=year,
                                    data=parts(rating, RATED.replace(year=year)))  # fmt: skip


def transfer(member: Member, to_org_id: int, on: date) -> None:
    member_change(actor=None, member_id=member.pk, changes={"organization_id": to_org_id},
                  effective_on=on, reason="工作调动", transfer_accepted=True)  # fmt: skip


@pytest.fixture
def root_admin(enterprise: SimpleNamespace) -> User:
    return make_user("dangwei_reviews", Role.ORG_ADMIN, enterprise.root)


@pytest.fixture
def year_2025(enterprise: SimpleNamespace) -> SimpleNamespace:
    """Branch A: 优秀, 合格, 不合格 and one in progress; B: 合格; C: 基本合格; and a review of
    2024 in A that does not count for 2025."""
    a = [make_member(enterprise.branch_a, name=f"一支部{i}") for i in range(4)]
    for member, rating in zip(a[:3], ("excellent", "qualified", "unqualified"), strict=True):
        rate(None, member, rating)
    democratic_review_record(actor=None, member_id=a[3].pk, year=2025,
                             data=ReviewInput(self_assessment="只写了自评"))  # fmt: skip
    rate(None, make_member(enterprise.branch_b, name="二支部0"), "qualified")
    rate(None, make_member(enterprise.branch_c, name="三支部0"), "basically_qualified")
    rate(None, a[0], "qualified", year=2024)
    return SimpleNamespace(a=a)


def counts(user: User, root_org: Organization, year: int = 2025) -> dict[str, list[int]]:
    table = review_table(user, root_org, year)
    found = {x.organization_name: x.cells() for x in table.lines}
    found["合计"] = table.total.cells()
    return found


def test_table_8_counts_the_grades_per_organisation_that_held_the_review(
    enterprise: SimpleNamespace, year_2025: SimpleNamespace, root_admin: User
) -> None:
    # columns: took part, 优秀, 合格, 基本合格, 不合格, in progress
    assert counts(root_admin, enterprise.root) == {
        "一支部": [3, 1, 1, 0, 1, 1],
        "二支部": [1, 0, 1, 0, 0, 0],
        "三支部": [1, 0, 0, 1, 0, 0],
        "合计": [5, 1, 2, 1, 1, 1],
    }
    assert counts(root_admin, enterprise.root, 2024)["合计"] == [1, 0, 1, 0, 0, 0]
    assert counts(root_admin, enterprise.general)["合计"] == [4, 1, 2, 0, 1, 1]
    assert counts(root_admin, enterprise.root, 2023) == {"合计": [0, 0, 0, 0, 0, 0]}


def test_a_member_rated_before_a_transfer_counts_where_rated_and_only_once(
    enterprise: SimpleNamespace, root_admin: User, secretary_a: User, secretary_b: User
) -> None:
    """STAT-5: 民主评议 for the organisation that held it. Rated 合格 in A in June, moved to B
    in September: B may not rate the year again (the refusal names A), and the year counts
    the member in A, not in B, whichever subtree is asked."""
    moved = make_member(enterprise.branch_a, name="调动党员")
    rate(secretary_a, moved, "qualified")
    transfer(moved, enterprise.branch_b.pk, date(2025, 9, 1))
    with pytest.raises(Conflict, match="2025年已在一支部参加民主评议（评定为合格）"):
        rate(secretary_b, moved, "excellent")
    review = DemocraticReview.objects.get(member=moved, year=2025)
    assert (review.organization_id, review.rating) == (enterprise.branch_a.pk, "qualified")
    assert counts(root_admin, enterprise.root) == {
        "一支部": [1, 0, 1, 0, 0, 0], "合计": [1, 0, 1, 0, 0, 0],
    }  # fmt: skip
    assert counts(root_admin, enterprise.branch_b)["合计"][0] == 0


def test_a_review_begun_before_a_transfer_is_held_by_the_branch_that_rates_it(
    enterprise: SimpleNamespace, root_admin: User, secretary_a: User, secretary_b: User
) -> None:
    moved = make_member(enterprise.branch_a, name="调动党员")
    democratic_review_record(actor=secretary_a, member_id=moved.pk, year=2025,
                             data=ReviewInput(self_assessment="在一支部写的自评"))  # fmt: skip
    assert counts(root_admin, enterprise.root)["一支部"] == [0, 0, 0, 0, 0, 1]
    transfer(moved, enterprise.branch_b.pk, date(2025, 9, 1))
    review = democratic_review_record(actor=secretary_b, member_id=moved.pk, year=2025,
                                      data=parts("excellent", date(2025, 12, 10)))  # fmt: skip
    assert review.self_assessment == "自评" and review.organization_id == enterprise.branch_b.pk
    assert counts(root_admin, enterprise.root) == {
        "二支部": [1, 1, 0, 0, 0, 0], "合计": [1, 1, 0, 0, 0, 0],
    }  # fmt: skip


def test_the_page_is_scoped_and_exports_the_same_figures(
    enterprise: SimpleNamespace, year_2025: SimpleNamespace, root_admin: User,
    org_admin_general: User, member_a_user: User, login: Login,
) -> None:  # fmt: skip
    client = login(root_admin)
    matrix = client.get(reverse("meetings:matrix"), {"org": enterprise.root.pk, "year": 2025})
    assert reverse("meetings:review_statistics") in matrix.content.decode()
    page = client.get(reverse("meetings:review_statistics"),
                      {"org": enterprise.root.pk, "year": 2025})  # fmt: skip
    html = page.content.decode()
    assert page.status_code == 200 and "三支部" in html and "基本合格" in html
    assert rule_citation("MEET-6") in html
    data = client.get(reverse("meetings_doors:reviews_xlsx"),
                      {"org": enterprise.root.pk, "year": 2025}).content  # fmt: skip
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = next(r for r in rows if r[0] == "党组织")
    assert header == [
        "党组织",
        "参加评议的党员",
        "优秀",
        "合格",
        "基本合格",
        "不合格",
        "评议未完成",
    ]
    assert next(r for r in rows if r[0] == "合计")[1:] == [5, 1, 2, 1, 1, 1]
    # the 党总支's administrator: A and B only; the 党委 is not theirs to ask for
    client = login(org_admin_general)
    html = client.get(reverse("meetings:review_statistics"), {"year": 2025}).content.decode()
    assert "一支部" in html and "三支部" not in html
    assert client.get(reverse("meetings_doors:reviews_xlsx"),
                      {"org": enterprise.root.pk}).status_code == 404  # fmt: skip
    outside = client.get(reverse("meetings:review_statistics"), {"org": enterprise.root.pk})
    assert outside.status_code == 400 and "三支部" not in outside.content.decode()
    assert login(member_a_user).get(reverse("meetings:review_statistics")).status_code == 403
