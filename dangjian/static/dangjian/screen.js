// 党建一张屏: draws every panel from the screen's JSON (one request per refresh) with ECharts
// served from the platform's own static files. Clicking a child organisation or a bar of the
// organisations makes every panel that subtree's; clicking a number or a bar opens the list of
// people or organisations behind it (not on a kiosk link, which shows the screen only).
(function () {
  "use strict";
  var root, state, charts = {}, dark;

  function qs(params) {
    return Object.keys(params).filter(function (k) { return params[k]; })
      .map(function (k) { return encodeURIComponent(k) + "=" + encodeURIComponent(params[k]); }).join("&");
  }
  function listUrl(panel, key) {
    if (!root.dataset.list) { return ""; }
    return root.dataset.list + panel + "/" + encodeURIComponent(key) + "/?" + qs({ org: state.org, on: state.on });
  }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function status(text) { document.getElementById("screen-status").textContent = text || ""; }

  function load() {
    fetch(root.dataset.url + "?" + qs({ org: state.org, on: state.on }), { credentials: "same-origin" })
      .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (res) {
        if (!res.ok) { status(res.body.detail || "数据加载失败"); return; }
        status("");
        render(res.body);
      })
      .catch(function () { status("数据加载失败，稍后自动重试"); });
  }

  function render(d) {
    state.org = String(d.organization_id);
    state.on = d.on;
    document.getElementById("screen-org").textContent = d.organization_name;
    document.getElementById("screen-on").value = d.on;
    var total = document.getElementById("screen-total");
    total.textContent = d.total;
    if (root.dataset.membersOn) {
      total.href = root.dataset.membersOn + d.organization_id + "/members-on/?date=" + d.on;
    } else { total.removeAttribute("href"); }
    var up = document.getElementById("screen-up");
    up.hidden = !d.parent_id;
    up.onclick = function () { drillTo(d.parent_id); };
    renderChildren(d.children);
    d.panels.forEach(renderPanel);
  }

  function drillTo(orgId) {
    state.org = String(orgId);
    if (!root.dataset.kiosk || root.dataset.kiosk === "0") {
      history.replaceState(null, "", "?" + qs({ org: state.org, on: state.on }));
    }
    load();
  }

  function renderChildren(children) {
    var list = document.getElementById("screen-children");
    list.textContent = "";
    if (!children.length) { list.appendChild(el("li", "muted", "没有下级党组织")); return; }
    children.forEach(function (c) {
      var li = el("li");
      li.dataset.org = c.id;
      li.appendChild(el("span", "name", c.name));
      li.appendChild(el("span", "count", c.members + "人"));
      li.addEventListener("click", function () { drillTo(c.id); });
      list.appendChild(li);
    });
  }

  function panelBox(p) {
    var box = document.querySelector('.screen-panel[data-panel="' + p.code + '"]');
    if (box) { return box; }
    box = el("section", "screen-panel");
    box.dataset.panel = p.code;
    box.appendChild(el("h2", "", p.title));
    if (p.note) { box.appendChild(el("p", "note", p.note)); }
    var body = el("div", p.chart === "numbers" ? "screen-numbers" : "screen-chart");
    box.appendChild(body);
    document.getElementById("screen-grid").appendChild(box);
    return box;
  }

  function renderPanel(p) {
    var box = panelBox(p);
    box.querySelector("h2").textContent = p.title;
    var body = box.querySelector(".screen-numbers, .screen-chart");
    box.dataset.filled = p.bars.length ? "1" : "0";
    if (p.chart === "numbers") { return renderNumbers(p, body); }
    var chart = charts[p.code] || (charts[p.code] = window.echarts.init(body, dark ? "dark" : null));
    chart.setOption(option(p), true);
    chart.off("click");
    chart.on("click", function (ev) {
      var bar = p.bars[ev.dataIndex];
      if (!bar) { return; }
      if (p.code === "trend") {
        if (root.dataset.membersOn) { window.location = root.dataset.membersOn + state.org + "/members-on/?date=" + bar.key; }
        return;
      }
      var url = listUrl(p.code, bar.key);
      if (url) { window.location = url; }
    });
    box.dataset.rendered = "1";
  }

  function renderNumbers(p, body) {
    body.textContent = "";
    p.bars.forEach(function (b) {
      var cell = el("div", "screen-number");
      var url = listUrl(p.code, b.key);
      var value = url ? el("a", "", String(b.count)) : el("span", "value", String(b.count));
      if (url) { value.href = url; }
      value.dataset.key = b.key;
      cell.appendChild(value);
      cell.appendChild(el("span", "label", b.label));
      body.appendChild(cell);
    });
    body.parentNode.dataset.rendered = "1";
  }

  function rotate(labels) {
    var longest = Math.max.apply(null, labels.map(function (l) { return l.length; }));
    return labels.length > 5 || longest > 8 ? 35 : 0;
  }

  function option(p) {
    var labels = p.bars.map(function (b) { return b.label; });
    var values = p.bars.map(function (b) { return b.count; });
    // No animation: a display refreshes on its own, and a half-drawn chart is never shown.
    var base = { animation: false, backgroundColor: "transparent", tooltip: { trigger: p.chart === "pie" || p.chart === "funnel" ? "item" : "axis" } };
    var big = dark ? 16 : 11;
    if (p.chart === "pie") {
      base.series = [{ type: "pie", radius: ["35%", "65%"], label: { fontSize: big, formatter: "{b}\n{c}" },
        data: p.bars.map(function (b) { return { name: b.label, value: b.count }; }) }];
      return base;
    }
    if (p.chart === "funnel") {
      // Widths against the largest stage (at least 1): a year without steps draws no bands.
      base.series = [{ type: "funnel", sort: "none", top: 10, bottom: 10, min: 0, max: Math.max.apply(null, values.concat([1])), label: { fontSize: big, formatter: "{b} {c}" },
        data: p.bars.map(function (b) { return { name: b.label, value: b.count }; }) }];
      return base;
    }
    base.grid = { left: 44, right: 12, top: 24, bottom: 8, containLabel: true };
    base.xAxis = { type: "category", data: labels, axisLabel: { interval: 0, rotate: rotate(labels), fontSize: big - 2 } };
    if (p.chart === "rate") {
      base.yAxis = { type: "value", max: 100, axisLabel: { formatter: "{value}%" } };
      base.series = [{ type: "bar", itemStyle: { color: "#c8102e" }, label: { show: true, position: "top", fontSize: big - 4, formatter: "{c}%" },
        data: p.bars.map(function (b) { return b.total ? Math.round(b.count * 1000 / b.total) / 10 : 0; }) }];
      return base;
    }
    if (p.chart === "hbar") {  // long category names (入党时间 periods): read across, two lines
      base.yAxis = { type: "category", inverse: true, data: labels, axisLabel: { fontSize: big - 3,
        formatter: function (v) { return v.replace("至", "至\n"); } } };
      base.xAxis = { type: "value", minInterval: 1 };
      base.series = [{ type: "bar", data: values, itemStyle: { color: dark ? "#ffd56b" : "#c8102e" },
        label: { show: true, position: "right", fontSize: big - 2 } }];
      return base;
    }
    base.yAxis = { type: "value", minInterval: 1 };
    base.series = [{ type: p.chart === "line" ? "line" : "bar", data: values, itemStyle: { color: dark ? "#ffd56b" : "#c8102e" },
      label: { show: true, position: "top", fontSize: big - 2 } }];
    return base;
  }

  function start() {
    root = document.getElementById("screen");
    if (!root || typeof window.echarts === "undefined") { return; }
    dark = document.body.classList.contains("screen-display");
    state = { org: root.dataset.org || "", on: root.dataset.on || "" };
    document.getElementById("screen-on").addEventListener("change", function (ev) {
      state.on = ev.target.value;
      load();
    });
    window.addEventListener("resize", function () {
      Object.keys(charts).forEach(function (k) { charts[k].resize(); });
    });
    load();
    var seconds = parseInt(root.dataset.refresh, 10) || 300;
    window.setInterval(load, seconds * 1000);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
