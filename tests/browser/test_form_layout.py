"""Radio buttons and checkboxes sit beside their labels in every form, on one line."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page

from dangjian.members.models import Member
from tests.browser.conftest import log_in, shot
from tests.factories import Role, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# For each radio button and checkbox of the page's forms (not the tables' row selectors): its
# size, and the box of the label around it.
_MEASURE = """() => Array.from(document.querySelectorAll(
    'form input[type=checkbox], form input[type=radio]'))
  .filter(i => !i.closest('table'))
  .map(i => {
    const box = i.getBoundingClientRect();
    const label = i.closest('label') || document.querySelector(`label[for="${i.id}"]`);
    const text = label ? label.getBoundingClientRect() : null;
    return {name: i.name, width: box.width, height: box.height, top: box.top,
            labelTop: text && text.top, labelHeight: text && text.height,
            labelLeft: text && text.left, labelRight: text && text.right,
            inputLeft: box.left, text: label ? label.textContent.trim() : ''};
  })"""


def _measure(page: Page, path: str) -> list[dict[str, Any]]:
    page.goto(page.base_url + path)  # type: ignore[attr-defined]
    return list(page.evaluate(_MEASURE))


def _beside_its_label(box: dict[str, Any]) -> bool:
    """Small, at the start of the first line of its label, with the label's text to its right
    (a long label may wrap; the box stays beside its first line)."""
    return (
        box["width"] < 30
        and box["text"] != ""
        and box["labelTop"] is not None
        and abs(box["top"] - box["labelTop"]) < 10
        and 0 <= box["inputLeft"] - box["labelLeft"] < 4
        and box["labelRight"] > box["inputLeft"] + box["width"] + 8
    )


@pytest.mark.parametrize(
    ("user", "path", "name"),
    [
        ("sysadmin", "/members/new/", "form-member"),
        ("sysadmin", "/orgs/new/", "form-org"),
        ("sysadmin", "/dues/policy/", "form-dues-policy"),
        ("sysadmin", "/members/import/", "form-import"),
        ("anquan_t", "/account/roles/", "form-roles"),
    ],
)
def test_choices_sit_beside_their_labels(
    page: Page, sysadmin: User, member_a: Member, user: str, path: str, name: str
) -> None:
    make_user("anquan_t", Role.SECURITY_ADMIN, None)
    log_in(page, user)
    boxes = _measure(page, path)
    shot(page, name)
    assert boxes, f"{path}: no radio button or checkbox found"
    assert [b for b in boxes if not _beside_its_label(b)] == []


def test_choices_of_the_dues_declaration_and_adjustment_forms(
    page: Page, sysadmin: User, member_a: Member
) -> None:
    log_in(page, "sysadmin")
    boxes = _measure(page, f"/dues/member/{member_a.pk}/declare/")
    shot(page, "form-dues-declare")
    assert [b for b in boxes if not _beside_its_label(b)] == []
