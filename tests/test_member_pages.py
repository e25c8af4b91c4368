"""The member pages: list with search and filters, detail with timeline, forms with errors."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from types import SimpleNamespace
from typing import Any

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from dangjian.members.models import Member
from tests.factories import make_member


def test_list_filters_by_stage_and_age_band(
    login: Callable[[User], Client], sysadmin: User, enterprise: SimpleNamespace
) -> None:
    young = make_member(
        enterprise.branch_a,
        name="年轻人",
        birth_date=date(2000, 1, 5),
        joined_on=date(2024, 1, 1),
        confirmed_on=None,
        stage="probationary",
    )
    old = make_member(
        enterprise.branch_a,
        name="老同志",
        birth_date=date(1950, 1, 5),
        joined_on=date(1975, 1, 1),
        confirmed_on=date(1976, 1, 1),
    )
    client = login(sysadmin)
    body = client.get(reverse("members:list"), {"stage": "probationary"}).content.decode()
    assert young.name in body and old.name not in body
    body = client.get(reverse("members:list"), {"age_band": "61岁及以上"}).content.decode()
    assert old.name in body and young.name not in body


def test_pinyin_initials_find_the_member(
    login: Callable[[User], Client], sysadmin: User, member_a: Member, member_b: Member
) -> None:
    body = login(sysadmin).get(reverse("members:list"), {"q": "zs"}).content.decode()
    assert reverse("members:detail", args=[member_a.pk]) in body
    assert reverse("members:detail", args=[member_b.pk]) not in body


def test_list_htmx_returns_fragment(
    login: Callable[[User], Client], sysadmin: User, member_a: Member
) -> None:
    response = login(sysadmin).get(reverse("members:list"), {"q": "张"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body and "张三" in body


def test_list_query_count_does_not_grow_with_rows(
    login: Callable[[User], Client],
    sysadmin: User,
    enterprise: SimpleNamespace,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    for _ in range(12):
        make_member(enterprise.branch_b)
    client = login(sysadmin)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("members:list")).status_code == 200


def test_list_rows_leave_the_encrypted_numbers_unread(
    sysadmin: User, member_a: Member, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    from dangjian.members.selectors import MemberFilters, member_rows

    rows = member_rows(sysadmin, MemberFilters(), date(2026, 1, 1))
    with django_assert_num_queries(1) as sent:
        [row] = rows[:30]
    assert (row.pk, row.name, row.organization_name) == (member_a.pk, "张三", "一支部")
    assert row.get_gender_display() == member_a.get_gender_display()
    assert row.get_status_display() == "正常"
    assert 'id_number"' not in sent.captured_queries[0]["sql"]
    assert '"phone"' not in sent.captured_queries[0]["sql"]


def test_detail_shows_timeline_in_chinese(
    login: Callable[[User], Client], sysadmin: User, member_a: Member, enterprise: SimpleNamespace
) -> None:
    from dangjian.members.services import member_change

    member_change(
        actor=sysadmin,
        member_id=member_a.pk,
        changes={"organization_id": enterprise.branch_b.pk},
        effective_on=date(2021, 3, 1),
        reason="岗位调整",
        transfer_accepted=True,
    )
    body = login(sysadmin).get(reverse("members:detail", args=[member_a.pk])).content.decode()
    assert "所在党组织：一支部 → 二支部" in body and "岗位调整" in body


def _form(member: Member, **overrides: Any) -> dict[str, Any]:
    assert member.joined_on is not None
    data = {
        "name": member.name, "gender": member.gender, "ethnicity": member.ethnicity,
        "birth_date": member.birth_date.isoformat(), "id_number": member.id_number, "phone": member.phone,
        "education": member.education, "occupation": member.occupation, "joined_on": member.joined_on.isoformat(),
        "confirmed_on": member.confirmed_on.isoformat() if member.confirmed_on else "", "stage": member.stage,
        "dues_category": member.dues_category, "organization_id": member.organization_id,
    }  # fmt: skip
    data.update(overrides)
    return data


def test_edit_with_bad_id_number_shows_chinese_error_and_writes_nothing(
    login: Callable[[User], Client], sysadmin: User, member_a: Member
) -> None:
    response = login(sysadmin).post(
        reverse("members:edit", args=[member_a.pk]),
        _form(member_a, id_number="11010119900307457", job_title="新职称"),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "公民身份号码" in body and "18" in body
    member_a.refresh_from_db()
    assert member_a.job_title == ""


def test_edit_with_missing_name_names_the_field(
    login: Callable[[User], Client], sysadmin: User, member_a: Member
) -> None:
    body = (
        login(sysadmin)
        .post(reverse("members:edit", args=[member_a.pk]), _form(member_a, name=""))
        .content.decode()
    )
    assert "姓名不能为空" in body


def test_create_member_through_the_form(
    login: Callable[[User], Client], secretary_a: User, enterprise: SimpleNamespace
) -> None:
    from tests.factories import member_input

    data = member_input(enterprise.branch_a, name="新党员")
    form = {
        k: (v.isoformat() if isinstance(v, date) else v)
        for k, v in data.__dict__.items()
        if v not in (None, False)
    }
    response = login(secretary_a).post(reverse("members:create"), form)
    assert response.status_code == 302
    assert Member.objects.get(name="新党员").organization == enterprise.branch_a


def test_home_shows_attention_items_for_manager(
    login: Callable[[User], Client], secretary_a: User, enterprise: SimpleNamespace
) -> None:
    make_member(
        enterprise.branch_a, stage="probationary", joined_on=date(2020, 1, 1), confirmed_on=None
    )
    body = login(secretary_a).get(reverse("home")).content.decode()
    assert "待讨论转正的预备党员" in body


def test_garbage_ids_do_not_500(login: Callable[[User], Client], sysadmin: User) -> None:
    client = login(sysadmin)
    assert client.get("/members/999999/").status_code == 404
    assert client.get("/members/9223372036854775808/").status_code == 404
    assert client.get("/members/?organization_id=abc").status_code in (200, 403)
    assert client.get("/members/?page=xyz").status_code == 200
