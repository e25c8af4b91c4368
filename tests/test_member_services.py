"""Creating and editing members: validation in Chinese, naming the field, nothing half-written."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User

from dangjian.core.errors import InvalidInput
from dangjian.core.models import AuditLog
from dangjian.members.inputs import MemberInput
from dangjian.members.models import Member, MemberEvent
from dangjian.members.services import member_create, member_update
from dangjian.orgs.models import Organization
from tests.factories import member_input


def _errors(data: MemberInput) -> dict[str, list[str]]:
    with pytest.raises(InvalidInput) as err:
        member_create(actor=None, data=data)
    return err.value.errors


def test_wrong_check_character_is_rejected(enterprise: SimpleNamespace) -> None:
    """ID-1: the 18th character is the check character."""
    data = member_input(enterprise.branch_a)
    # Never "0": a number ending in "000" is reported as one Excel turned into a number.
    wrong = "1" if data.id_number[-1] != "1" else "2"
    errors = _errors(replace(data, id_number=data.id_number[:-1] + wrong))
    message = errors["id_number"][0]
    assert (
        "校验" in message and message.count("（依据GB 11643-1999）") == 1 and "ID-1" not in message
    )
    assert Member.objects.count() == 0


def test_birth_date_must_agree_with_id_number(enterprise: SimpleNamespace) -> None:
    data = member_input(enterprise.branch_a)
    errors = _errors(replace(data, birth_date=date(1990, 1, 1)))
    assert "birth_date" in errors


def test_gender_must_agree_with_id_number(enterprise: SimpleNamespace) -> None:
    data = member_input(enterprise.branch_a)
    errors = _errors(replace(data, gender="F" if data.gender == "M" else "M"))
    assert "gender" in errors


def test_joined_under_eighteen_is_rejected(enterprise: SimpleNamespace) -> None:
    """DEV-1: at least 18 on the day of the 支部大会."""
    data = member_input(enterprise.branch_a, birth_date=date(2000, 7, 2))
    errors = _errors(replace(data, joined_on=date(2018, 7, 1), confirmed_on=date(2019, 7, 1)))
    assert errors["joined_on"][0].endswith("（依据《中国共产党章程》第一条）")


def test_joined_on_eighteenth_birthday_is_accepted(enterprise: SimpleNamespace) -> None:
    """DEV-1 with DATE-2: the birthday itself counts."""
    data = member_input(enterprise.branch_a, birth_date=date(2000, 7, 1))
    member = member_create(
        actor=None, data=replace(data, joined_on=date(2018, 7, 1), confirmed_on=date(2019, 7, 1))
    )
    assert member.pk


def test_member_must_be_placed_in_a_branch(enterprise: SimpleNamespace) -> None:
    errors = _errors(member_input(enterprise.general))
    assert "党支部" in errors["organization_id"][0]


def _same_person_in(org: Organization, member: Member) -> MemberInput:
    assert member.id_number is not None
    return replace(
        member_input(org),
        id_number=member.id_number,
        birth_date=member.birth_date,
        gender=member.gender,
    )


def test_duplicate_id_number_is_named_to_whoever_may_see_the_record(
    enterprise: SimpleNamespace, member_a: Member
) -> None:
    errors = _errors(_same_person_in(enterprise.branch_b, member_a))  # the system itself
    assert errors["id_number"] == ["该公民身份号码已登记在一支部张三的党员档案中"]


def test_duplicate_id_number_across_scopes_does_not_say_where(
    enterprise: SimpleNamespace, member_a: Member, secretary_b: User
) -> None:
    """A secretary learns the number is on file, not in which branch or whose record."""
    with pytest.raises(InvalidInput) as err:
        member_create(actor=secretary_b, data=_same_person_in(enterprise.branch_b, member_a))
    assert err.value.errors["id_number"] == ["该公民身份号码已登记在其他党员档案中"]


def test_duplicate_id_number_is_named_in_full_to_the_administrator(
    enterprise: SimpleNamespace, member_a: Member, org_admin_general: User
) -> None:
    with pytest.raises(InvalidInput) as err:
        member_create(actor=org_admin_general, data=_same_person_in(enterprise.branch_b, member_a))
    assert err.value.errors["id_number"] == ["该公民身份号码已登记在一支部张三的党员档案中"]


def test_several_errors_are_reported_together(enterprise: SimpleNamespace) -> None:
    data = replace(member_input(enterprise.branch_a), name="", phone="12345", education="小学")
    errors = _errors(data)
    assert {"name", "phone", "education"} <= set(errors)


def test_update_writes_event_and_audit_with_before_and_after(
    enterprise: SimpleNamespace, member_a: Member, sysadmin: User
) -> None:
    data = replace(member_input(enterprise.branch_a), **{
        k: getattr(member_a, k) for k in ("name", "gender", "birth_date", "id_number", "phone", "joined_on", "confirmed_on", "applied_on")
    })  # fmt: skip
    member_update(
        actor=sysadmin,
        member_id=member_a.pk,
        data=replace(data, job_title="高级工程师"),
        reason="职称变化",
    )
    event = MemberEvent.objects.filter(member=member_a, kind="updated").get()
    assert event.changes == {"job_title": ["", "高级工程师"]}
    log = AuditLog.objects.filter(action="member.update").get()
    assert (
        log.actor == sysadmin
        and log.before == {"job_title": ""}
        and log.after == {"job_title": "高级工程师"}
    )


def test_audit_never_holds_personal_numbers(enterprise: SimpleNamespace, member_a: Member) -> None:
    assert member_a.id_number is not None and member_a.phone is not None
    for log in AuditLog.objects.all():
        text = str(log.before) + str(log.after)
        assert member_a.id_number not in text and member_a.phone not in text


def test_pinyin_keys_are_kept_for_search(enterprise: SimpleNamespace, member_a: Member) -> None:
    assert member_a.name_pinyin == "zhangsan" and member_a.name_initials == "zs"
