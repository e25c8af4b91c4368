"""The screen's charts keep every label inside the chart and apart, with counts in the
hundreds (入党时间 971, an axis at 1,000) and the longest category names (工人（工勤技能人员）,
预备党员（无党龄）), at 1920x1080 and on a phone (390x844). The figures are scaled up in the
browser (the data request answered with each count times 97): what is checked is the drawing."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Route, expect
from pytest_django.live_server_helper import LiveServer

from tests.browser.conftest import log_in, shot
from tests.browser.test_screen_flow import PANELS, _people
from tests.browser_support import chinese_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Each chart's text pieces (axis and series labels, drawn as "tspan") that leave the chart's
# box, and the pairs of series labels (a text with a host: a bar's, a sector's) that overlap:
# ECharts' own scene graph, after drawing. A label hidden as overlapping is not drawn.
_CLIPPED = """() => {
  const found = [];
  document.querySelectorAll('.screen-chart').forEach((div) => {
    const chart = echarts.getInstanceByDom(div);
    if (!chart) { return; }
    const code = div.closest('.screen-panel').dataset.panel;
    const w = chart.getWidth(), h = chart.getHeight(), boxes = [];
    chart.getZr().storage.getDisplayList(true).forEach((el) => {
      if (el.type !== 'tspan' || el.ignore || el.invisible || !el.style.text) { return; }
      const r = el.getBoundingRect().clone();
      const m = el.getComputedTransform();
      if (m) { r.applyTransform(m); }
      if (r.x < -1 || r.y < -1 || r.x + r.width > w + 1 || r.y + r.height > h + 1) {
        found.push(code + ' clipped ' + el.style.text);
      }
      if (el.parent && el.parent.__hostTarget) { boxes.push([el.style.text, r]); }
    });
    boxes.forEach(([a, ra], i) => boxes.slice(i + 1).forEach(([b, rb]) => {
      if (ra.intersect(rb) && ra.width > 0 && rb.width > 0) {
        const overlap = Math.min(ra.x + ra.width, rb.x + rb.width) - Math.max(ra.x, rb.x);
        const high = Math.min(ra.y + ra.height, rb.y + rb.height) - Math.max(ra.y, rb.y);
        if (overlap > 2 && high > 2) { found.push(code + ' overlap ' + a + ' / ' + b); }
      }
    }));
  });
  return found;
}"""


def _scaled(route: Route) -> None:
    response = route.fetch()
    data: dict[str, Any] = response.json()
    for panel in data["panels"]:
        for bar in panel["bars"]:
            if panel["chart"] == "rate":
                bar["total"], bar["count"] = 1000, 975 - 3 * len(bar["label"])
            else:
                bar["count"] = bar["count"] * 97 + 2
    route.fulfill(response=response, body=json.dumps(data))


def _open(page: Page, live_server: LiveServer, url: str) -> list[str]:
    log_in(page, "screen_admin")
    page.route("**/screen/data?*", _scaled)
    page.goto(live_server.url + url)
    expect(page.locator(".screen-panel[data-rendered='1']")).to_have_count(PANELS - 1)
    return list(page.evaluate(_CLIPPED))


def test_labels_fit_at_1920(
    browser: Browser, live_server: LiveServer, enterprise: SimpleNamespace
) -> None:
    _people(enterprise)
    context = chinese_context(browser, viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.base_url = live_server.url  # type: ignore[attr-defined]
    problems = _open(page, live_server, "/screen/")
    shot(page, "screen-labels-1920")
    context.close()
    assert problems == []


def test_labels_fit_on_a_phone(phone_page: Page, enterprise: SimpleNamespace) -> None:
    _people(enterprise)
    server: Any = SimpleNamespace(url=phone_page.base_url)  # type: ignore[attr-defined]
    problems = _open(phone_page, server, "/screen/dashboard/")
    shot(phone_page, "screen-labels-phone")
    assert problems == []
