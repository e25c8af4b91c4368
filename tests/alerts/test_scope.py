"""Scoping: a secretary sees their own branch's alerts and scores, by the page, the export,
the API, the home card and the assistant, and nothing of another branch."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from io import BytesIO
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.test import Client
from python_calamine import CalamineWorkbook

from dangjian.alerts.models import Alert
from dangjian.alerts.services import scan_alerts
from dangjian.assistant.answering import Answer, answer_stream
from dangjian.assistant.intents import parse_data_intent
from dangjian.core.actor import Actor
from dangjian.home.cards import attention_items
from dangjian.members.models import Member
from tests.factories import make_member

Login = Callable[[User], Client]


def _ask(user: Actor, question: str) -> Answer:
    answer: Answer = list(answer_stream(user, question))[-1][1]
    return answer


@pytest.fixture
def scanned(enterprise: SimpleNamespace) -> SimpleNamespace:
    """One record without an ID number in branch A (赵甲) and one in branch B (钱乙), scanned."""
    a = make_member(enterprise.branch_a, name="赵甲")
    b = make_member(enterprise.branch_b, name="钱乙")
    Member.objects.filter(pk__in=[a.pk, b.pk]).update(id_number=None, id_number_hash=None)
    scan_alerts(on=date(2026, 11, 2))
    return SimpleNamespace(a=a, b=b)


def test_the_page_lists_only_the_secretarys_branch(
    scanned: SimpleNamespace, secretary_b: User, login: Login
) -> None:
    page = login(secretary_b).get("/alerts/?kind=missing_id_number").content.decode()
    assert "钱乙" in page and "赵甲" not in page and "一支部" not in page.split("alert-table")[1]


def test_a_branch_outside_the_scope_answers_like_a_missing_one(
    scanned: SimpleNamespace, enterprise: SimpleNamespace, secretary_b: User, login: Login
) -> None:
    client = login(secretary_b)
    assert client.get(f"/alerts/?org={enterprise.branch_a.pk}").status_code == 404
    assert client.get(f"/alerts/scores/?org={enterprise.branch_a.pk}").status_code == 404
    assert client.get(f"/api/alerts/scores/{enterprise.branch_a.pk}").status_code == 404


def test_bad_filters_are_named_in_chinese_not_a_500(
    scanned: SimpleNamespace, secretary_b: User, login: Login
) -> None:
    client = login(secretary_b)
    for query in ("kind=nonsense", "severity=urgent", "state=x", "org=abc", "org=0"):
        response = client.get(f"/alerts/?{query}")
        assert response.status_code == 400 and "无法识别" in response.content.decode(), query
    assert client.get("/alerts/scores/?org=abc").status_code == 400
    assert client.get("/alerts/export.xlsx?kind=nonsense").status_code == 400
    assert client.get("/api/alerts?kind=nonsense").status_code in (400, 422)


def test_the_export_holds_only_the_secretarys_branch(
    scanned: SimpleNamespace, secretary_b: User, login: Login
) -> None:
    response = login(secretary_b).get("/alerts/export.xlsx?state=all")
    rows = CalamineWorkbook.from_filelike(BytesIO(response.content)).get_sheet_by_name("预警清单").to_python()  # fmt: skip
    cells = {str(c) for row in rows for c in row}
    assert "钱乙" in cells and "赵甲" not in cells and "一支部" not in cells
    assert rows[1][0] == "预警类型"


def test_the_api_lists_only_the_secretarys_branch(
    scanned: SimpleNamespace, secretary_b: User, login: Login
) -> None:
    client = login(secretary_b)
    items = client.get("/api/alerts?state=all").json()["items"]
    assert items and {i["organization"] for i in items} == {"二支部"}
    scores = client.get("/api/alerts/scores").json()["items"]
    assert [s["organization"] for s in scores] == ["二支部"]


def test_a_member_without_a_role_sees_no_alerts(
    scanned: SimpleNamespace, member_a_user: User, login: Login
) -> None:
    client = login(member_a_user)
    assert client.get("/alerts/").status_code == 403
    assert client.get("/api/alerts").status_code == 403
    assert attention_items(member_a_user, date(2026, 11, 2)) == [] or all(
        i.key != "alerts.open" for i in attention_items(member_a_user, date(2026, 11, 2))
    )


def test_the_home_card_counts_the_open_alerts_the_list_shows(
    scanned: SimpleNamespace, secretary_b: User
) -> None:
    card = next(
        i for i in attention_items(secretary_b, date(2026, 11, 2)) if i.key == "alerts.open"
    )
    visible = Alert.objects.filter(organization__name="二支部", resolved_on__isnull=True).count()
    assert card.count == visible and card.url == "/alerts/?state=open"


def test_the_assistant_names_the_riskiest_branches_of_the_askers_scope_only(
    scanned: SimpleNamespace, secretary_b: User, sysadmin: User
) -> None:
    question = "哪些支部风险最高"
    intent = parse_data_intent(secretary_b, question)
    assert intent is not None and intent.tool == "riskiest_branches"
    own = _ask(secretary_b, question).summary
    assert "二支部" in own and "一支部" not in own and "三支部" not in own
    everyone = _ask(sysadmin, question).summary
    assert "一支部" in everyone and "二支部" in everyone and "健康分" in everyone


def test_the_assistant_gives_the_share_of_members_aged_35_or_under(
    enterprise: SimpleNamespace, sysadmin: User, secretary_b: User
) -> None:
    """Age as of today in whole years: born 35 years ago today counts, a day earlier does not."""
    from django.utils import timezone

    from dangjian.rules.dates import add_years

    today = timezone.localdate()
    people = ((enterprise.branch_a, "青年一", -35), (enterprise.branch_b, "青年二", -30),
              (enterprise.branch_c, "年长一", -36), (enterprise.branch_c, "年长二", -56))  # fmt: skip
    for branch, name, years in people:
        born = add_years(today, years)
        make_member(branch, name=name, birth_date=born, joined_on=add_years(born, 20),
                    confirmed_on=add_years(born, 21))  # fmt: skip
    answer = _ask(sysadmin, "全公司35岁及以下党员占比多少").summary
    assert "35岁及以下党员2名" in answer and "全部4名" in answer and "50.0%" in answer
    own = _ask(secretary_b, "全公司35岁及以下党员占比多少").summary
    assert "二支部" in own and "全部1名" in own and "100.0%" in own


def test_the_share_of_the_whole_company_covers_every_subtree_the_asker_looks_after(
    enterprise: SimpleNamespace,
) -> None:
    """An administrator of two subtrees (二支部 and 三支部) hears of both, not only the first."""
    from dangjian.accounts.models import Role, RoleGrant
    from tests.factories import make_user

    admin = make_user("two_roots", Role.ORG_ADMIN, enterprise.branch_b)
    RoleGrant.objects.create(user=admin, role=Role.ORG_ADMIN, organization=enterprise.branch_c)
    make_member(enterprise.branch_a, name="甲外", birth_date=date(1970, 1, 1))
    make_member(enterprise.branch_b, name="乙老", birth_date=date(1970, 1, 1))
    make_member(enterprise.branch_c, name="丙老", birth_date=date(1971, 1, 1))
    answer = _ask(admin, "全公司35岁及以下党员占比多少").summary
    assert "二支部、三支部" in answer and "全部2名" in answer and "0名" in answer


def test_the_apis_kinds_are_the_rules_kinds() -> None:
    from typing import get_args

    from dangjian.alerts.api import KindCode
    from dangjian.rules.alerts import ALERT_KINDS

    assert set(get_args(KindCode)) == set(ALERT_KINDS)


def test_an_organisation_id_of_any_size_answers_404_not_a_refusal(
    scanned: SimpleNamespace, secretary_b: User, login: Login
) -> None:
    """The API's id type takes any bigint: one beyond every table is missing, not malformed."""
    client = login(secretary_b)
    assert client.get("/api/alerts?organization_id=9223372036854775806").status_code == 404
    assert client.get("/alerts/?org=9223372036854775806").status_code == 404
