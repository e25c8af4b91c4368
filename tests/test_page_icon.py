"""The icon: every page a browser shows names it, and /favicon.ico (asked for by a browser on
its own, before or without a page) leads to the same file, so no request ends in a 404."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

TEMPLATES = Path(__file__).resolve().parent.parent / "dangjian" / "templates"
# Printed documents are rendered to PDF by WeasyPrint, never shown by a browser.
PRINTED = {"dues/publicity.html", "reports/annual_pdf.html"}


def _pages() -> list[str]:
    return sorted(
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if "<html" in path.read_text(encoding="utf-8")
    )


@pytest.mark.parametrize("name", [name for name in _pages() if name not in PRINTED])
def test_every_page_names_the_icon(name: str) -> None:
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    assert '<link rel="icon"' in text, f"{name} 未指明图标，浏览器会另行请求 /favicon.ico"


@pytest.mark.django_db
def test_favicon_leads_to_the_icon(client: Client) -> None:
    answer = client.get("/favicon.ico")
    assert answer.status_code == 301
    icon = client.get(answer["Location"])
    assert icon.status_code == 200
    assert b"".join(icon.streaming_content).startswith(b"\x89PNG")  # type: ignore[attr-defined]
