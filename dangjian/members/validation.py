"""Checks of a member record against ID-1, DEV-1, DEV-15/19 and the archive's own consistency."""

from __future__ import annotations

from datetime import date

from dangjian.members.choices import (
    ETHNICITIES,
    DuesCategory,
    Education,
    Gender,
    Occupation,
    Stage,
)
from dangjian.members.inputs import MemberInput
from dangjian.orgs.models import Organization
from dangjian.rules.citations import cite
from dangjian.rules.dates import age_on
from dangjian.rules.idcard import IdNumberError, check_against, parse_id_number
from dangjian.rules.numbers import PhoneError, parse_phone
from dangjian.rules.statistics import probation_end

Errors = dict[str, list[str]]

_ALLOWED: dict[str, frozenset[str]] = {
    "gender": frozenset(Gender.values),
    "education": frozenset(Education.values),
    "occupation": frozenset(Occupation.values),
    "stage": frozenset(Stage.values),
    "dues_category": frozenset(c.value for c in DuesCategory),
    "ethnicity": frozenset(ETHNICITIES),
}


def _add(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def check_member_input(data: MemberInput, today: date) -> Errors:
    """Every check of one member record; the placement check reads the database."""
    errors = check_member_fields(data, today)
    for field, messages in check_placement(data).items():
        errors.setdefault(field, []).extend(messages)
    return errors


def check_member_fields(data: MemberInput, today: date) -> Errors:
    """The checks that read only the record itself (identity, choices, party dates)."""
    errors: Errors = {}
    _check_identity(data, today, errors)
    _check_choices(data, errors)
    _check_party_dates(data, today, errors)
    return errors


def check_placement(data: MemberInput) -> Errors:
    """The organisation and 党小组 exist, take members, and agree; a floating member says where."""
    errors: Errors = {}
    _check_placement(data, errors)
    return errors


# ID-1's citation: the id-number checks' own messages carry it already.
_ID_CITE = cite("ID-1", "GB 11643-1999")


def _cited(message: str, citation: str) -> str:
    """``message`` ending with ``citation``, added once."""
    return message if citation in message else f"{message}{citation}"


def _check_identity(data: MemberInput, today: date, errors: Errors) -> None:
    if not data.name.strip():
        _add(errors, "name", "姓名不能为空")
    elif len(data.name) > 40:
        _add(errors, "name", "姓名不能超过40个字")
    if data.birth_date > today:
        _add(errors, "birth_date", "出生日期不能晚于今天")
    try:
        idn = parse_id_number(data.id_number)
    except IdNumberError as exc:
        _add(errors, "id_number", _cited(str(exc), _ID_CITE))
    else:
        for message in check_against(idn, data.birth_date, data.gender):
            field = "gender" if "性别" in message else "birth_date"
            _add(errors, field, _cited(message, _ID_CITE))
    if data.phone and data.phone.strip():  # a stored record without a phone holds None
        try:
            parse_phone(data.phone)
        except PhoneError as exc:
            _add(errors, "phone", str(exc))


def _check_choices(data: MemberInput, errors: Errors) -> None:
    for field, allowed in _ALLOWED.items():
        value = getattr(data, field)
        if value not in allowed:
            _add(errors, field, f"“{value}”不是有效的选项")


def _check_party_dates(data: MemberInput, today: date, errors: Errors) -> None:
    for field in ("applied_on", "joined_on", "confirmed_on", "lost_contact_since"):
        value = getattr(data, field)
        if value is not None and value > today:
            _add(errors, field, "日期不能晚于今天")
    if data.joined_on is None:
        _add(errors, "joined_on", "入党时间不能为空（支部大会通过之日）")
        return
    if data.joined_on < data.birth_date:
        _add(errors, "joined_on", "入党时间不能早于出生日期")
    elif age_on(data.birth_date, data.joined_on) < 18:
        _add(errors, "joined_on", f"入党时未满18周岁{cite('DEV-1', '党章第一条')}")
    if data.applied_on and data.applied_on > data.joined_on:
        _add(errors, "applied_on", "申请入党日期不能晚于入党时间")
    _check_confirmation(data, errors)


def _check_confirmation(data: MemberInput, errors: Errors) -> None:
    assert data.joined_on is not None
    if data.stage == Stage.FULL and data.confirmed_on is None:
        _add(errors, "confirmed_on", "正式党员必须填写转正时间")
    if data.stage == Stage.PROBATIONARY and data.confirmed_on is not None:
        _add(errors, "confirmed_on", "预备党员不应有转正时间")
    earliest = probation_end(data.joined_on)
    if data.confirmed_on is not None and data.confirmed_on < earliest:
        _add(
            errors,
            "confirmed_on",
            f"转正时间早于预备期满之日{earliest:%Y年%m月%d日}：预备期一年，自支部大会通过之日起算"
            f"{cite('DEV-15')}",
        )


def _check_placement(data: MemberInput, errors: Errors) -> None:
    org = Organization.objects.filter(pk=data.organization_id).first()
    if org is None:
        _add(errors, "organization_id", "所选党组织不存在")
        return
    if not org.org_kind.is_branch:
        _add(errors, "organization_id", f"党员应编入党支部，“{org.name}”是{org.kind_label}")
    if org.dissolved_on is not None:
        _add(errors, "organization_id", f"“{org.name}”已于{org.dissolved_on}撤销")
    if data.party_group_id is not None:
        group = Organization.objects.filter(pk=data.party_group_id).first()
        if group is None or not group.path.startswith(org.path) or group.pk == org.pk:
            _add(errors, "party_group_id", "党小组必须属于所在党支部")
    if data.is_floating and not data.floating_to.strip():
        _add(errors, "floating_to", f"流动党员须填写流动去向{cite('MEM-3')}")
