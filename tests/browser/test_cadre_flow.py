"""干部信息库 in a real browser: the list, a cadre's file, and the analysis page whose charts
ECharts draws from the platform's own static files, without a console error."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import ConsoleMessage, Page, expect

from dangjian.cadres.models import PostKind, PostLevel
from dangjian.cadres.services import CadreInput, PostInput, cadre_create, cadre_post_assign
from tests.browser.conftest import log_in, shot
from tests.cadres.conftest import grant_cadre_access, person_number
from tests.factories import Role, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_list_file_and_analysis_with_charts(page: Page, enterprise: SimpleNamespace) -> None:
    cadre_admin: User = make_user("ganbu_admin", Role.ORG_ADMIN, enterprise.root)
    grant_cadre_access(cadre_admin)
    for n, (name, birth) in enumerate((("周建国", date(1966, 9, 1)), ("吴晓燕", date(1985, 2, 3)))):
        cadre = cadre_create(actor=cadre_admin, source="page", data=CadreInput(
            name=name, id_number=person_number(n, "M" if n == 0 else "F", birth),
            organization_id=enterprise.branch_a.pk))  # fmt: skip
        post = PostInput(PostKind.ADMINISTRATIVE, "运检部", "主任" if n == 0 else "副主任",
                         PostLevel.MIDDLE_CHIEF if n == 0 else PostLevel.MIDDLE_DEPUTY,
                         date(2021, 3, 1))  # fmt: skip
        cadre_post_assign(actor=cadre_admin, cadre=cadre, post=post, source="page")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if _is_error(m) else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    log_in(page, "ganbu_admin")
    page.click("nav.sidebar >> text=干部信息库")
    expect(page.locator("#cadre-list")).to_contain_text("周建国")
    page.click("#cadre-list >> text=周建国")
    expect(page.locator("#posts")).to_contain_text("运检部")
    expect(page.locator("#changes")).to_contain_text("新增干部")
    # Each label of the header sits beside its own value, on the same line.
    for label, value in (("性别", "男"), ("出生日期", "1966-09-01"), ("所在党组织", "一支部")):
        pair = page.locator("#basic dl.facts > div", has=page.locator(f"dt:text-is('{label}')"))
        expect(pair.locator("dd")).to_have_text(value)
        dt, dd = pair.locator("dt").bounding_box(), pair.locator("dd").bounding_box()
        assert dt is not None and dd is not None and abs(dt["y"] - dd["y"]) < 4
        assert dt["x"] < dd["x"]
    shot(page, "cadre-file")
    page.goto(page.base_url + "/cadres/analysis/")  # type: ignore[attr-defined]
    charts = page.locator(".cadre-chart[data-rendered='1'] canvas")
    expect(charts).to_have_count(6)
    expect(page.locator("#cadre-total")).to_have_text("2")
    shot(page, "cadre-analysis")
    assert errors == []


def _is_error(message: ConsoleMessage) -> bool:
    # The browser asks for /favicon.ico by itself on every site; the platform has none.
    return message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico")
