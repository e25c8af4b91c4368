"""The printed 介绍信 reads right: its validity in days is the validity it was issued with (the
issue day counted), the same on the page, in Word, in the PDF's HTML and in the API; a member
with no paid month is "党费尚未交纳", never "已交到未交"."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.test import Client
from docx import Document

from dangjian.documents.pdf import render_html
from dangjian.documents.word import render_docx
from dangjian.dynamics.services import letter_issue
from dangjian.dynamics.views import letter_context
from dangjian.members.models import Member
from dangjian.rules.membership import letter_valid_until, letter_validity_days


def test_the_validity_in_days_is_the_inverse_of_the_last_valid_day() -> None:
    issued = date(2026, 9, 1)
    assert letter_valid_until(issued, 90) == date(2026, 11, 29)
    assert letter_validity_days(issued, date(2026, 11, 29)) == 90


@pytest.mark.parametrize("days", [90, 30])
def test_page_word_pdf_and_api_state_the_same_validity_and_dues(
    secretary_a: User, member_a: Member, login: Callable[[User], Client],
    settings: object, days: int,
) -> None:  # fmt: skip
    setattr(settings, "TRANSFER_LETTER_DAYS", days)  # noqa: B010  (pytest-django settings)
    letter = letter_issue(actor=secretary_a, member_id=member_a.pk, destination="外省某公司党委",
                          reason="调往外省")  # fmt: skip
    assert letter.dues_paid_to is None
    until = letter.valid_until
    stated = f"有效期{days}天，至{until.year}年{until.month}月{until.day}日"
    context = letter_context(letter)
    html = render_html("transfer_letter.html", context)
    word = Document(io.BytesIO(render_docx("transfer_letter.docx", context)))
    text = "".join(p.text for p in word.paragraphs)
    for printed in (html, text):
        assert stated in printed
        assert "该同志党费尚未交纳。" in printed and "未交。" not in printed.replace(
            "尚未交纳。", ""
        )
    client = login(secretary_a)
    assert client.get(f"/api/dynamics/letters/{letter.pk}").json()["valid_days"] == days
    page = client.get(f"/dynamics/letters/{letter.pk}/").content.decode()
    assert f"{days}天，至{until.year}年{until.month}月{until.day}日" in page and "尚未交纳" in page
