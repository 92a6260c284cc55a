// The balance chart on an exchange agreement's page: outgoing and incoming student-months per
// academic year as bars, the cumulative balance as a line. The same numbers are in the table.
(function () {
  "use strict";
  function draw() {
    if (typeof echarts === "undefined") { return; }
    var source = document.getElementById("exchange-charts");
    if (!source) { return; }
    var charts = JSON.parse(source.textContent);
    var drawn = [];
    document.querySelectorAll("[data-chart='exchange-balance']").forEach(function (element) {
      var data = charts[Number(element.dataset.index)];
      if (!data) { return; }
      var chart = echarts.init(element, null, { renderer: "svg" });
      chart.setOption({
        tooltip: { trigger: "axis" },
        legend: { top: 0 },
        grid: { left: 40, right: 16, top: 32, bottom: 24 },
        xAxis: { type: "category", data: data.years },
        yAxis: { type: "value" },
        series: [
          { name: data.labels.outbound, type: "bar", stack: "months", data: data.outbound },
          { name: data.labels.inbound, type: "bar", stack: "months", data: data.inbound },
          { name: data.labels.cumulative, type: "line", data: data.cumulative }
        ]
      });
      drawn.push(chart);
    });
    window.addEventListener("resize", function () { drawn.forEach(function (c) { c.resize(); }); });
  }
  document.addEventListener("DOMContentLoaded", draw);
})();
