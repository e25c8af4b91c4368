"""The applicant's own page (/development/me/): their stage, what comes next with its date,
their contact persons and sponsors, their steps; nothing of anyone else. And the login that
reaches it, linked by the branch."""

from __future__ import annotations

import io
from collections.abc import Callable
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.http import Http404
from django.test import Client

from dangjian.accounts.services import FIRST_LOGIN, password_change_due
from dangjian.core.errors import InvalidInput
from dangjian.core.models import AuditLog
from dangjian.development.account_services import applicant_account_link
from dangjian.development.models import Applicant
from tests.development.committee_support import register, to_activist, to_committee_review
from tests.development.support import voters
from tests.factories import Role, make_user


@pytest.fixture
def committee_admin(enterprise: SimpleNamespace) -> User:
    return make_user("dangwei_admin", Role.ORG_ADMIN, enterprise.root)


@pytest.fixture
def candidate(enterprise: SimpleNamespace, secretary_a: User, committee_admin: User) -> Applicant:
    """A candidate of branch A with two contact persons and two sponsors, and a login."""
    members = voters(enterprise.branch_a, 5)
    person = register(enterprise.branch_a, secretary_a, "王小明")
    to_committee_review(secretary_a, committee_admin, person, members)
    user = make_user("wangxm")
    return applicant_account_link(actor=secretary_a, applicant_id=person.pk, user_id=user.pk)


def _login_as(client: Client, person: Applicant) -> Client:
    assert person.user is not None
    client.force_login(person.user)
    return client


def test_own_page_shows_stage_next_step_people_and_steps(
    candidate: Applicant, client: Client
) -> None:
    """发展对象 after the 支部委员会: the 党委's pre-review is next; contacts and sponsors named."""
    page = _login_as(client, candidate).get("/development/me/").content.decode()
    assert "当前阶段：发展对象" in page
    assert "接下来：第13步 上级党委预审" in page
    contacts = [s.name for s in candidate.steps.get(code="assign_contacts").people.all()]
    sponsors = [s.name for s in candidate.steps.get(code="name_sponsors").people.all()]
    assert len(contacts) == 2 and len(sponsors) == 2
    for name in contacts + sponsors:
        assert name in page
    assert "第12步 支部委员会审查" in page and "2024年8月15日" in page
    assert "第1步 递交入党申请书" in page


def test_own_page_names_no_one_else(
    candidate: Applicant, enterprise: SimpleNamespace, secretary_a: User, client: Client
) -> None:
    other = register(enterprise.branch_a, secretary_a, "李别人")
    to_activist(secretary_a, other)
    page = _login_as(client, candidate).get("/development/me/").content.decode()
    assert "李别人" not in page
    # The branch's other members (voters who are not this person's contacts or sponsors).
    named = {p.name for s in candidate.steps.all() for p in s.people.all()}
    for member in enterprise.branch_a.members.exclude(name__in=named):
        assert member.name not in page
    assert "王书记" not in page  # the talker is not a contact person


def test_next_step_in_plain_words_with_its_date(
    enterprise: SimpleNamespace, secretary_a: User, client: Client
) -> None:
    """DEV-5/DEV-7: an activist of 2023-04-10 reads the assessment due and the year's end."""
    person = register(enterprise.branch_a, secretary_a, "赵积极")
    to_activist(secretary_a, person)
    applicant_account_link(actor=secretary_a, applicant_id=person.pk,
                           user_id=make_user("zhaojj").pk)  # fmt: skip
    person.refresh_from_db()
    page = _login_as(client, person).get("/development/me/").content.decode()
    assert "考察入党积极分子" in page and "应在2023年10月10日前完成" in page
    assert "确定为发展对象" in page and "2024年4月10日起可以进行" in page


def test_others_get_404_on_the_own_page_and_on_other_dossiers(
    candidate: Applicant, enterprise: SimpleNamespace, secretary_a: User,
    login: Callable[[User], Client],
) -> None:  # fmt: skip
    assert login(secretary_a).get("/development/me/").status_code == 404
    other = register(enterprise.branch_a, secretary_a, "李别人")
    client = login(candidate.user)  # type: ignore[arg-type]  # linked by the fixture
    # the staff dossier is for those who look after the branch: the applicant, whoever's
    # record they ask for, is sent to their own page, which says nothing of anyone else
    for asked in (other, candidate):
        response = client.get(f"/development/{asked.pk}/")
        assert (response.status_code, response["Location"]) == (302, "/development/me/")
    assert client.get(f"/api/development/{candidate.pk}").status_code == 403
    assert client.get("/development/committee/").status_code == 403
    assert client.get("/development/plan/").status_code == 403


def test_home_shows_the_applicant_a_card_to_their_page(
    candidate: Applicant, client: Client
) -> None:
    page = _login_as(client, candidate).get("/").content.decode()
    assert 'href="/development/me/"' in page and "当前阶段：发展对象" in page
    assert "尚未分配角色" not in page


def test_link_refuses_by_field_and_by_scope(
    enterprise: SimpleNamespace, secretary_a: User, secretary_b: User
) -> None:
    person = register(enterprise.branch_a, secretary_a, "钱申请")
    free = make_user("qiansq")
    with pytest.raises(Http404):
        applicant_account_link(actor=secretary_b, applicant_id=person.pk, user_id=free.pk)
    with pytest.raises(InvalidInput) as bad:
        applicant_account_link(actor=secretary_a, applicant_id=person.pk, user_id=secretary_b.pk)
    assert list(bad.value.errors) == ["user_id"]
    with pytest.raises(InvalidInput) as bad:
        applicant_account_link(actor=secretary_a, applicant_id=person.pk, user_id=10**9)
    assert list(bad.value.errors) == ["user_id"]
    applicant_account_link(actor=secretary_a, applicant_id=person.pk, user_id=free.pk)
    with pytest.raises(InvalidInput) as bad:
        applicant_account_link(actor=secretary_a, applicant_id=person.pk,
                               user_id=make_user("another").pk)  # fmt: skip
    assert list(bad.value.errors) == ["applicant_id"]
    assert AuditLog.objects.filter(action="development.account_link").count() == 1


def test_command_makes_a_login_that_must_change_its_password(
    enterprise: SimpleNamespace, secretary_a: User
) -> None:
    person = register(enterprise.branch_a, secretary_a, "孙申请")
    out = io.StringIO()
    call_command("applicant_login", str(person.pk), "sunsq", stdout=out, stderr=io.StringIO())
    user = User.objects.get(username="sunsq")
    assert user.check_password(out.getvalue().strip())
    assert user.first_name == "孙申请"
    assert Applicant.objects.get(pk=person.pk).user_id == user.pk
    assert password_change_due(user) == FIRST_LOGIN
    with pytest.raises(CommandError, match="已有登录账户"):
        call_command("applicant_login", str(person.pk), "sunsq2", stderr=io.StringIO())
    assert not User.objects.filter(username="sunsq2").exists()


def test_secretary_makes_the_login_on_a_page_shown_once(
    enterprise: SimpleNamespace, secretary_a: User, secretary_b: User,
    login: Callable[[User], Client],
) -> None:  # fmt: skip
    person = register(enterprise.branch_a, secretary_a, "周申请")
    url = f"/development/{person.pk}/login/"
    assert login(secretary_b).post(url, {"username": "zhousq"}).status_code == 404
    client = login(secretary_a)
    taken = client.post(url, {"username": "shuji_b"}).content.decode()
    assert 'data-field="username"' in taken and "已被使用" in taken
    response = client.post(url, {"username": "zhousq"})
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    password = page.split('id="initial-password">')[1].split("<")[0]
    user = User.objects.get(username="zhousq")
    assert user.check_password(password) and Applicant.objects.get(pk=person.pk).user == user
    assert "已有登录账户" in client.get(url).content.decode()
