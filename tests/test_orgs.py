"""The organisation tree: create, move a subtree, dissolve, structure checks (ORG-1..4)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from dangjian.core.errors import Conflict, InvalidInput
from dangjian.members.models import Member
from dangjian.members.services import member_change
from dangjian.orgs.models import Organization
from dangjian.orgs.selectors import org_facts, structure_report, tree_children
from dangjian.orgs.services import OrgInput, org_create, org_dissolve, org_move
from tests.factories import make_member, make_org


def test_group_only_inside_a_branch(enterprise: SimpleNamespace) -> None:
    with pytest.raises(InvalidInput) as err:
        org_create(
            actor=None,
            data=OrgInput(
                name="错误小组", code="G-X", kind="group", parent_id=enterprise.general.pk
            ),
        )
    assert "党小组不能设在党总支之下" in err.value.errors["parent_id"][0]


def test_duplicate_code_is_rejected(enterprise: SimpleNamespace) -> None:
    with pytest.raises(InvalidInput) as err:
        org_create(
            actor=None,
            data=OrgInput(
                name="重复",
                code=enterprise.branch_a.code,
                kind="branch",
                parent_id=enterprise.root.pk,
            ),
        )
    assert "已被使用" in err.value.errors["code"][0]


def test_move_subtree_keeps_members_and_children(
    enterprise: SimpleNamespace, member_a: Member, sysadmin: User
) -> None:
    other = make_org("第二党总支", "general_branch", enterprise.root)
    org_move(actor=sysadmin, org_id=enterprise.branch_a.pk, new_parent_id=other.pk)
    branch = Organization.objects.get(pk=enterprise.branch_a.pk)
    group = Organization.objects.get(pk=enterprise.group_a.pk)
    assert Organization.objects.get_parent(branch) == other
    assert Organization.objects.get_parent(group) == branch
    assert org_facts(Organization.objects.get(pk=other.pk)).all_members == 1
    assert org_facts(Organization.objects.get(pk=enterprise.general.pk)).all_members == 0


def test_cannot_move_under_own_descendant(enterprise: SimpleNamespace) -> None:
    with pytest.raises(InvalidInput):
        org_move(actor=None, org_id=enterprise.general.pk, new_parent_id=enterprise.branch_a.pk)


def test_dissolve_refused_while_members_remain(
    enterprise: SimpleNamespace, member_a: Member
) -> None:
    with pytest.raises(Conflict) as err:
        org_dissolve(
            actor=None,
            org_id=enterprise.branch_a.pk,
            dissolved_on=date(2024, 1, 1),
            reason="机构调整",
        )
    assert "1名党员" in str(err.value)


def test_dissolve_after_members_moved_never_deletes(
    enterprise: SimpleNamespace, member_a: Member
) -> None:
    member_change(
        actor=None,
        member_id=member_a.pk,
        changes={"organization_id": enterprise.branch_b.pk},
        effective_on=date(2023, 12, 1),
        reason="支部合并",
        transfer_accepted=True,
    )
    org_dissolve(
        actor=None,
        org_id=enterprise.branch_a.pk,
        dissolved_on=date(2024, 1, 1),
        reason="组织〔2024〕1号",
    )
    branch = Organization.objects.get(pk=enterprise.branch_a.pk)
    assert branch.dissolved_on == date(2024, 1, 1)
    assert Organization.objects.get(pk=enterprise.group_a.pk).dissolved_on == date(2024, 1, 1)


def test_structure_report_flags_small_branch(
    enterprise: SimpleNamespace, member_a: Member, sysadmin: User
) -> None:
    """ORG-1: a branch with fewer than 3 full members."""
    make_member(enterprise.branch_b)
    for _ in range(3):
        make_member(enterprise.branch_c)
    flagged = {
        org.pk: [w.rule_id for w in warnings]
        for org, _facts, warnings in structure_report(sysadmin)
    }
    assert "ORG-1" in flagged[enterprise.branch_a.pk]
    assert "ORG-1" not in flagged.get(enterprise.branch_c.pk, [])


def test_structure_report_flags_big_branch_without_committee(
    enterprise: SimpleNamespace, sysadmin: User
) -> None:
    """ORG-2 and ORG-3: over 50 members; 7+ full members without a committee."""
    for _ in range(51):
        make_member(enterprise.branch_c)
    rules = next(w for org, _f, w in structure_report(sysadmin) if org.pk == enterprise.branch_c.pk)
    assert {"ORG-2", "ORG-3"} <= {w.rule_id for w in rules}


def test_structure_report_is_scoped(
    enterprise: SimpleNamespace, member_a: Member, member_c: Member, secretary_a: User
) -> None:
    assert {org.pk for org, _f, _w in structure_report(secretary_a)} <= {enterprise.branch_a.pk}


def test_tree_counts_members_of_whole_subtree(
    enterprise: SimpleNamespace,
    member_a: Member,
    member_b: Member,
    member_c: Member,
    sysadmin: User,
) -> None:
    (root,) = tree_children(sysadmin, None)
    assert root.org == enterprise.root and root.members == 3
    children = {n.org.pk: n.members for n in tree_children(sysadmin, enterprise.root)}
    assert children == {enterprise.general.pk: 2, enterprise.branch_c.pk: 1}


def test_tree_roots_of_org_admin_start_at_their_subtree(
    enterprise: SimpleNamespace, member_a: Member, org_admin_general: User
) -> None:
    assert [n.org for n in tree_children(org_admin_general, None)] == [enterprise.general]


def test_tree_page_and_children_fragment(
    login: Callable[[User], Client],
    org_admin_general: User,
    enterprise: SimpleNamespace,
    member_a: Member,
) -> None:
    client = login(org_admin_general)
    page = client.get(reverse("orgs:tree")).content.decode()
    assert "第一党总支" in page and "测试公司党委" not in page
    fragment = client.get(reverse("orgs:children", args=[enterprise.general.pk])).content.decode()
    assert "一支部" in fragment and "二支部" in fragment and "三支部" not in fragment


def test_org_page_shows_structure_warnings(
    login: Callable[[User], Client], sysadmin: User, enterprise: SimpleNamespace, member_a: Member
) -> None:
    body = (
        login(sysadmin).get(reverse("orgs:detail", args=[enterprise.branch_a.pk])).content.decode()
    )
    assert "ORG-1" in body


def test_org_create_form_reports_field_errors(
    login: Callable[[User], Client], sysadmin: User, enterprise: SimpleNamespace
) -> None:
    form = {
        "name": "",
        "code": "NEW-1",
        "kind": "branch",
        "parent_id": enterprise.root.pk,
        "unit_count": 1,
        "sort_order": 0,
    }
    response = login(sysadmin).post(reverse("orgs:create"), form)
    assert response.status_code == 200 and "名称不能为空" in response.content.decode()
    form.update(name="新支部", code=enterprise.branch_a.code)
    response = login(sysadmin).post(reverse("orgs:create"), form)
    assert response.status_code == 200 and "已被使用" in response.content.decode()
    assert not Organization.objects.filter(name="新支部").exists()


def test_secretary_cannot_create_or_move_orgs(
    login: Callable[[User], Client], secretary_a: User, enterprise: SimpleNamespace
) -> None:
    client = login(secretary_a)
    assert client.get(reverse("orgs:create")).status_code == 403
    assert client.get(reverse("orgs:move", args=[enterprise.branch_a.pk])).status_code == 403


def test_small_branch_with_only_a_secretary_is_fine(
    enterprise: SimpleNamespace, sysadmin: User
) -> None:
    """ORG-3: fewer than 7 full members: a secretary (and a deputy if needed), no committee."""
    from dangjian.members.models import Position

    members = [make_member(enterprise.branch_c) for _ in range(4)]
    Position.objects.create(
        member=members[0],
        organization=enterprise.branch_c,
        title="secretary",
        started_on=date(2023, 1, 1),
    )
    Position.objects.create(
        member=members[1],
        organization=enterprise.branch_c,
        title="deputy_secretary",
        started_on=date(2023, 1, 1),
    )
    assert org_facts(enterprise.branch_c).committee_size == 0
    assert enterprise.branch_c.pk not in {org.pk for org, _f, _w in structure_report(sysadmin)}
    Position.objects.create(
        member=members[2],
        organization=enterprise.branch_c,
        title="organization",
        started_on=date(2023, 1, 1),
    )
    assert org_facts(enterprise.branch_c).committee_size == 3
    rules = next(w for org, _f, w in structure_report(sysadmin) if org.pk == enterprise.branch_c.pk)
    assert [w.rule_id for w in rules] == ["ORG-3"]


def test_move_page_records_the_effective_date(
    login: Callable[[User], Client], sysadmin: User, enterprise: SimpleNamespace
) -> None:
    from dangjian.orgs.models import OrganizationPath

    client = login(sysadmin)
    url = reverse("orgs:move", args=[enterprise.branch_c.pk])
    page = client.get(url).content.decode()
    assert "生效日期" in page
    bad = client.post(url, {"new_parent_id": enterprise.general.pk, "effective_on": "2099-01-01"})
    assert bad.status_code == 200 and "生效日期不能晚于今天" in bad.content.decode()
    done = client.post(url, {"new_parent_id": enterprise.general.pk, "effective_on": "2025-07-01"})
    assert done.status_code == 302
    rows = OrganizationPath.objects.filter(organization=enterprise.branch_c).order_by("id")
    assert [(r.valid_from, r.valid_to) for r in rows] == [
        (None, date(2025, 7, 1)),
        (date(2025, 7, 1), None),
    ]


def test_subtree_end_raises_the_last_character_with_carry() -> None:
    from dangjian.orgs.models import subtree_end

    assert subtree_end("0001001T") == "0001001U"
    assert subtree_end("00010009") == "0001000A"
    assert subtree_end("000Z") == "001"
    assert subtree_end("0ZZZ") == "1"
    assert subtree_end("ZZZZ") is None
    with pytest.raises(ValueError):
        subtree_end("0001~")


def _collations() -> list[str]:
    """The database's own collation, plus on PostgreSQL the C and ICU root collations (a DBA's
    zh_CN or en_US database orders like ICU)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return [""]
    with connection.cursor() as cursor:
        cursor.execute("SELECT collname FROM pg_collation WHERE collname IN ('C', 'und-x-icu')")
        return ["", *(f' COLLATE "{name}"' for (name,) in cursor.fetchall())]


@pytest.mark.django_db
def test_subtree_range_holds_under_every_collation() -> None:
    """in_subtree's range contains exactly the paths with the prefix, whatever the collation
    ("0001001T5" sorts after "0001001T~" under ICU: a "~" bound would lose it)."""
    from django.db import connection

    from dangjian.orgs.models import subtree_end

    prefix = "0001001T"
    inside = ["0001001T", "0001001T0001", "0001001T5ZZZ", "0001001TZZZZ0001"]
    outside = ["0001001S", "0001001SZZZZ", "0001001U", "0001001U0001", "00010020", "0002"]
    end = subtree_end(prefix)
    collations = _collations()
    for collation in collations:
        sql = f"SELECT %s >= %s{collation} AND %s < %s{collation}"
        with connection.cursor() as cursor:
            for path in inside + outside:
                cursor.execute(sql, [path, prefix, path, end])
                assert bool(cursor.fetchone()[0]) == (path in inside), (collation, path)
    assert len(collations) == (3 if connection.vendor == "postgresql" else 1)


def test_historical_roll_page_lists_that_days_members(
    login: Callable[[User], Client],
    org_admin_general: User,
    secretary_b: User,
    enterprise: SimpleNamespace,
    member_a: Member,
    member_b: Member,
) -> None:
    member_change(actor=None, member_id=member_a.pk, changes={"organization_id": enterprise.branch_b.pk},
                  effective_on=date(2020, 5, 1), reason="工作调动", transfer_accepted=True)  # fmt: skip
    url = reverse("orgs:members_on", args=[enterprise.general.pk])
    page = login(org_admin_general).get(url, {"date": "2020-04-30"}).content.decode()
    assert '共 <span id="as-of-count">2</span> 名' in page
    assert "一支部" in page  # where 张三 was that day
    bad = login(org_admin_general).get(url, {"date": "2020-02-30"}).content.decode()
    assert "查询日期格式不正确" in bad and "as-of-count" not in bad
    branch_a = reverse("orgs:members_on", args=[enterprise.branch_a.pk])
    assert login(secretary_b).get(branch_a, {"date": "2020-04-30"}).status_code == 404
