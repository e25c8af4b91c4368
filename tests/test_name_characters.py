"""Names with invisible characters (zero-width space and joiners, word joiner, byte-order mark,
line and paragraph separators, soft hyphen) are refused at every door, naming the field and
where the character is: refused rather than removed, as direction controls are."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from dangjian.core.text import NAME_PATTERN, TextError, TextKind, clean_text
from dangjian.members.excel.cells import CellError, read_clean_text
from dangjian.members.models import Member
from dangjian.orgs.models import Organization
from dangjian.rules.idcard import make_id_number

JSON = "application/json"
BIRTH = date(1985, 3, 1)


def _form(org: Organization, **values: Any) -> dict[str, Any]:
    joined = timezone.localdate() - timedelta(days=400)
    return {
        "name": "周九", "gender": "F", "ethnicity": "汉族", "birth_date": BIRTH.isoformat(),
        "id_number": make_id_number("110101", BIRTH, 3, "F"), "education": "bachelor",
        "occupation": "professional", "stage": "full", "dues_category": "salaried",
        "organization_id": org.pk, "joined_on": joined.isoformat(),
        "confirmed_on": (joined + timedelta(days=366)).isoformat(), **values,
    }  # fmt: skip


INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u2028", "\u2029", "\u00ad"]


@pytest.mark.parametrize("char", INVISIBLE)
def test_a_name_with_an_invisible_character_is_refused_at_the_form(
    login: Any, secretary_a: Any, enterprise: Any, char: str
) -> None:
    data = _form(enterprise.branch_a, name=f"周{char}九")
    body = login(secretary_a).post(reverse("members:create"), data).content.decode()
    assert "姓名含有看不见的字符" in body and f"U+{ord(char):04X}" in body
    assert not Member.objects.exists()


@pytest.mark.parametrize("char", INVISIBLE)
def test_a_name_with_an_invisible_character_is_refused_at_the_api(
    login: Any, secretary_a: Any, enterprise: Any, char: str
) -> None:
    payload = {k: v for k, v in _form(enterprise.branch_a, name=f"周九{char}").items()}
    payload.pop("ethnicity")
    response = login(secretary_a).post("/api/members", payload, content_type=JSON)
    assert response.status_code == 422, response.content
    assert [e["field"] for e in response.json()["errors"]] == ["name"]
    assert not Member.objects.exists()


def test_a_name_cell_with_an_invisible_character_is_refused_naming_where() -> None:
    with pytest.raises(CellError, match=r"零宽空格，U\+200B，在第1个字符之后"):
        read_clean_text("周\u200b九", TextKind.NAME)
    assert read_clean_text("周\u200b九", TextKind.TEXT) == "周\u200b九"  # free text keeps it


@pytest.mark.parametrize("char", INVISIBLE)
def test_the_api_schema_states_the_same_rule(char: str) -> None:
    """The OpenAPI pattern of a name refuses what the normaliser refuses."""
    import re

    assert re.match(NAME_PATTERN, "周九")
    assert not re.match(NAME_PATTERN, f"周{char}九")
    with pytest.raises(TextError):
        clean_text(f"周{char}九", TextKind.NAME)


def test_free_text_and_trimmed_ends_are_unchanged() -> None:
    """Addresses and notes keep what they hold; a byte-order mark before free text is trimmed
    as before."""
    assert clean_text("\ufeff北京市\u200b东城区", TextKind.TEXT) == "北京市\u200b东城区"
