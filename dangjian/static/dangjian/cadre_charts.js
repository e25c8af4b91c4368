// 干部队伍智能研判: draws each chart of the page with ECharts (served from the platform's own
// static files) from the counts the page carries as JSON (no inline script: the CSP forbids it).
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("cadre-charts");
    if (!source || typeof window.echarts === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    document.querySelectorAll(".cadre-chart").forEach(function (box) {
      var counts = data[box.dataset.chart] || {};
      var labels = Object.keys(counts);
      var values = labels.map(function (k) { return counts[k]; });
      var chart = window.echarts.init(box);
      var option = box.dataset.kind === "pie" ? {
        tooltip: { trigger: "item" },
        series: [{ type: "pie", radius: "65%", data: labels.map(function (k, i) {
          return { name: k, value: values[i] }; }) }]
      } : {
        tooltip: { trigger: "axis" },
        grid: { left: 40, right: 10, top: 20, bottom: 40 },
        xAxis: { type: "category", data: labels, axisLabel: { interval: 0, fontSize: 11 } },
        yAxis: { type: "value", minInterval: 1 },
        series: [{ type: "bar", data: values, itemStyle: { color: "#c8102e" }, label: { show: true, position: "top" } }]
      };
      chart.setOption(option);
      box.dataset.rendered = "1";
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
