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

  // A kiosk link revoked or expired answers 404 marked "link": "gone"; a session ended
  // answers 401/403 or sends the login page. Retrying cannot help: the display says so and
  // stops. Only the answer to the latest request is drawn: one for an earlier day, slower to
  // come, would put its figures under the day asked after it.
  var timer = null, shownOn = null, asked = 0, stopped = false;

  function load() {
    if (stopped) { return; }
    var mine = ++asked;
    fetch(root.dataset.url + "?" + qs({ org: state.org, on: state.on }), { credentials: "same-origin" })
      .then(function (r) {
        if (r.status === 401 || r.status === 403 || (r.redirected && r.url.indexOf("/login") >= 0)) {
          return { gone: true };
        }
        return r.json().then(function (body) {
          return { ok: r.ok, body: body, gone: r.status === 404 && body.link === "gone" };
        });
      })
      .then(function (res) {
        if (mine !== asked || stopped) { return; }
        if (res.gone) { return stop(); }
        if (!res.ok) { return failed(res.body.detail || "数据加载失败"); }
        status("");
        render(res.body);
      })
      .catch(function () { if (mine === asked) { failed("数据加载失败，稍后自动重试"); } });
  }

  // The figures on screen stay under the date they are for: a day that failed to load puts
  // the date box back to the figures' day (or empties it when none were shown).
  function failed(text) {
    status(text);
    state.on = shownOn || "";
    document.getElementById("screen-on").value = shownOn || "";
  }

  function stop() {
    stopped = true;
    if (timer !== null) { window.clearInterval(timer); timer = null; }
    Object.keys(charts).forEach(function (k) { charts[k].dispose(); delete charts[k]; });
    document.querySelectorAll('.screen-panel:not([data-panel="children"])').forEach(function (n) { n.remove(); });
    document.getElementById("screen-children").textContent = "";
    document.getElementById("screen-total").textContent = "–";
    document.getElementById("screen-total").removeAttribute("href");
    document.getElementById("screen-on").value = "";
    document.getElementById("screen-on").disabled = true;
    document.getElementById("screen-up").hidden = true;
    shownOn = null;
    status(root.dataset.kiosk === "1" ? "展示链接已失效或已撤销，请联系管理员" : "登录已失效或无权查看，请重新登录后再打开一张屏");
  }

  function render(d) {
    state.org = String(d.organization_id);
    state.on = d.on;
    shownOn = d.on;
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

  // Room left of the plot for the first category label when the labels are rotated: ECharts'
  // containLabel measures the value axis, not a slanted name reaching left past the first bar.
  function leftRoom(labels, angle, size) {
    if (!angle || !labels.length) { return 8; }
    var chars = Math.min(labels[0].length, LABEL_CHARS);
    return Math.min(Math.round(chars * size * Math.cos(angle * Math.PI / 180)), 120);
  }
  var LABEL_CHARS = 9;  // a category name longer than this ends in "…" (the tooltip has it whole)

  function option(p) {
    var labels = p.bars.map(function (b) { return b.label; });
    var values = p.bars.map(function (b) { return b.count; });
    // No animation: a display refreshes on its own, and a half-drawn chart is never shown.
    var base = { animation: false, backgroundColor: "transparent", tooltip: { trigger: p.chart === "pie" || p.chart === "funnel" ? "item" : "axis", confine: true } };
    var big = dark ? 16 : 11;
    if (p.chart === "pie") {
      base.series = [{ type: "pie", radius: ["28%", "50%"], center: ["50%", "55%"],
        label: { fontSize: big - 2, formatter: "{b}\n{c}" }, labelLayout: { hideOverlap: true },
        data: p.bars.map(function (b) { return { name: b.label, value: b.count }; }) }];
      return base;
    }
    if (p.chart === "funnel") {
      // Widths against the largest stage (at least 1): a year without steps draws no bands.
      // The bands take the left half; the names and numbers read to their right, inside.
      base.series = [{ type: "funnel", sort: "none", top: 10, bottom: 10, left: 8, width: "48%",
        min: 0, max: Math.max.apply(null, values.concat([1])),
        label: { position: "right", fontSize: big - 2, formatter: "{b} {c}", width: 0, overflow: "none" },
        data: p.bars.map(function (b) { return { name: b.label, value: b.count }; }) }];
      return base;
    }
    var angle = rotate(labels);
    base.grid = { left: leftRoom(labels, angle, big - 2), right: 16, top: 28, bottom: 8, containLabel: true };
    base.xAxis = { type: "category", data: labels, axisLabel: { interval: 0, rotate: angle, fontSize: big - 2,
      width: angle ? (big - 2) * LABEL_CHARS : undefined, overflow: angle ? "truncate" : "none" } };
    var valueLabels = { fontSize: big - 3, hideOverlap: true };
    if (p.chart === "rate") {
      // Twelve months of percentages: whole numbers, and a label that would touch its
      // neighbour is left to the tooltip.
      var many = p.bars.length > 6;
      base.yAxis = { type: "value", max: 100, splitNumber: 4, axisLabel: { formatter: "{value}%", fontSize: big - 3, hideOverlap: true } };
      base.series = [{ type: "bar", itemStyle: { color: "#c8102e" }, labelLayout: { hideOverlap: true },
        label: { show: true, position: "top", fontSize: big - 4,
          formatter: function (v) { return (many ? Math.round(v.value) : v.value) + "%"; } },
        data: p.bars.map(function (b) { return b.total ? Math.round(b.count * 1000 / b.total) / 10 : 0; }) }];
      return base;
    }
    if (p.chart === "hbar") {  // long category names (入党时间 periods): read across, two lines
      base.grid.left = 8;
      base.grid.right = (big - 2) * 4;  // the count right of the longest bar, and "1,000" below it
      base.yAxis = { type: "category", inverse: true, data: labels, axisLabel: { fontSize: big - 3,
        formatter: function (v) { return v.replace("至", "至\n"); } } };
      base.xAxis = { type: "value", minInterval: 1, splitNumber: 3, axisLabel: valueLabels };
      base.series = [{ type: "bar", data: values, itemStyle: { color: dark ? "#ffd56b" : "#c8102e" },
        label: { show: true, position: "right", fontSize: big - 2 } }];
      return base;
    }
    base.yAxis = { type: "value", minInterval: 1, splitNumber: 3, axisLabel: valueLabels };
    base.series = [{ type: p.chart === "line" ? "line" : "bar", data: values, itemStyle: { color: dark ? "#ffd56b" : "#c8102e" },
      labelLayout: { hideOverlap: true }, label: { show: true, position: "top", fontSize: big - 2 } }];
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
    timer = window.setInterval(load, seconds * 1000);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
