"""Named fixtures: an enterprise with two branches, and a person for every role."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.test import Client
from hypothesis import settings as hypothesis_settings
from pytest_django import DjangoDbBlocker

from dangjian.demo import DemoSummary
from dangjian.members.models import Member
from tests.demo_support import demo_for_the_class
from tests.factories import Role, make_member, make_org, make_user

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Property tests check results, never time: on a loaded CI machine an example taking longer than
# hypothesis's default 200 ms is no failure.
hypothesis_settings.register_profile("suite", deadline=None)
hypothesis_settings.load_profile("suite")

# One set of Playwright fixtures (a session-wide chromium) for every folder of browser tests.
pytest_plugins = ["tests.browser_support"]


@pytest.fixture
def enterprise(db: None) -> SimpleNamespace:
    """测试公司党委 > 第一党总支 > 一支部 (A) and 二支部 (B); 三支部 (C) directly under the 党委."""
    root = make_org("测试公司党委", "committee")
    general = make_org("第一党总支", "general_branch", root)
    branch_a = make_org("一支部", "branch", general)
    branch_b = make_org("二支部", "branch", general)
    branch_c = make_org("三支部", "branch", root)
    group_a = make_org("一支部第一党小组", "group", branch_a)
    return SimpleNamespace(
        root=root,
        general=general,
        branch_a=branch_a,
        branch_b=branch_b,
        branch_c=branch_c,
        group_a=group_a,
    )


@pytest.fixture
def member_a(enterprise: SimpleNamespace) -> Member:
    return make_member(enterprise.branch_a, name="张三")


@pytest.fixture
def member_b(enterprise: SimpleNamespace) -> Member:
    return make_member(enterprise.branch_b, name="李四")


@pytest.fixture
def member_c(enterprise: SimpleNamespace) -> Member:
    return make_member(enterprise.branch_c, name="王五")


@pytest.fixture
def audit_admin(db: None) -> User:
    """The audit administrator (三员分立): reads the audit log and nothing else."""
    return make_user("shenji_t", Role.AUDIT_ADMIN, None)


@pytest.fixture
def sysadmin(db: None) -> User:
    return make_user("sysadmin", Role.SYSTEM_ADMIN, None, may_reveal=True)


@pytest.fixture
def org_admin_general(enterprise: SimpleNamespace) -> User:
    """Organisation administrator of 第一党总支 (branches A and B, not C)."""
    return make_user("zongzhi_admin", Role.ORG_ADMIN, enterprise.general, may_reveal=True)


@pytest.fixture
def secretary_a(enterprise: SimpleNamespace) -> User:
    return make_user("shuji_a", Role.SECRETARY, enterprise.branch_a)


@pytest.fixture
def secretary_b(enterprise: SimpleNamespace) -> User:
    return make_user("shuji_b", Role.SECRETARY, enterprise.branch_b)


@pytest.fixture
def member_a_user(member_a: Member) -> User:
    return make_user("dangyuan_a", member=member_a)


@pytest.fixture
def login(client: Client) -> Callable[[User], Client]:
    """Log a user in with the test client and return the client."""

    def _login(user: User) -> Client:
        client.force_login(user)
        return client

    return _login


@pytest.fixture(autouse=True)
def _tasks_run_in_process() -> Iterator[None]:
    """Jobs run in the test's process unless a test starts a real worker; config restored."""
    from dangjian.celery import app

    saved = {k: app.conf.get(k) for k in ("task_always_eager", "broker_url")}
    app.conf.task_always_eager = True
    yield
    app.conf.update(saved)


@pytest.fixture(scope="class")
def small_demo(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[DemoSummary]:
    """The demo at 200 members in 20 organisations (seed 7), loaded once for a test class whose
    tests request `db` and only read it (tests/demo_support.py)."""
    yield from demo_for_the_class(django_db_blocker, members=200, organisations=20, seed=7)
