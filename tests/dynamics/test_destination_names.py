"""Branches of one name are told apart by their parent in every organisation choice of 党员动态,
and the member on the phone chooses among them instead of being told none exists; the ledger
page names its own field and keeps its defaults for a wrong query, every table wrapped."""

from __future__ import annotations

import re
from collections.abc import Callable
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.test import Client

from dangjian.dynamics.application_models import TransferApplication
from dangjian.orgs.models import Organization
from tests.factories import make_org


@pytest.fixture
def offices(enterprise: SimpleNamespace) -> tuple[Organization, Organization]:
    """Two 机关党支部: one under 第一党总支, one under the 党委."""
    return (make_org("机关党支部", "branch", enterprise.general),
            make_org("机关党支部", "branch", enterprise.root))  # fmt: skip


def test_the_secretary_sees_each_branch_with_its_parent(
    offices: tuple[Organization, Organization], secretary_a: User,
    login: Callable[[User], Client],
) -> None:  # fmt: skip
    page = login(secretary_a).get("/dynamics/transfers/branches/", {"q": "机关"}).content.decode()
    assert "机关党支部（第一党总支）" in page and "机关党支部（测试公司党委）" in page


def test_the_member_chooses_among_branches_of_one_name(
    offices: tuple[Organization, Organization], member_a_user: User,
    login: Callable[[User], Client],
) -> None:  # fmt: skip
    client = login(member_a_user)
    both = client.post("/dynamics/me/", {"apply-destination": "机关党支部", "apply-reason": "调动"})
    page = both.content.decode()
    assert both.status_code == 400
    assert "有2个名为“机关党支部”的党支部" in page and "未找到" not in page
    assert '<option value="机关党支部（测试公司党委）">' in page
    chosen = client.post("/dynamics/me/", {"apply-destination": "机关党支部（测试公司党委）",
                                           "apply-reason": "工作调动"})  # fmt: skip
    assert chosen.status_code == 302, chosen.content.decode()
    assert TransferApplication.objects.get().to_org == offices[1]


def test_the_ledger_keeps_its_defaults_and_names_its_own_field(
    enterprise: SimpleNamespace, org_admin_general: User, login: Callable[[User], Client]
) -> None:
    client = login(org_admin_general)
    page = client.get("/dynamics/ledger/", {"org": "5"}).content.decode()
    assert "不能为空" not in page and 'id="ledger-summary"' in page
    wrong = client.get("/dynamics/ledger/", {"organization_id": "999999"}).content.decode()
    assert "党组织（含下级）" in wrong and "所在党组织" not in wrong
    tables = re.findall(r"(.{0,40})<table", page)
    assert tables and all('class="table-wrap">' in before for before in tables), tables
