// Charts on the public pages. Every chart has a table with the same numbers next to it,
// so the page reads fully without JavaScript; this only draws on top.
(function () {
  "use strict";

  function readData(element) {
    var source = document.getElementById(element.dataset.source);
    return source ? JSON.parse(source.textContent) : null;
  }

  var ACCENT = "#a6192e";

  // Labels go to the right of a city's mark, except where a neighbour sits there: Foshan's
  // would run into Guangzhou's mark, and Zhuhai and Macao are a few kilometres apart.
  var LABEL_SIDE = { FS: "bottom", JM: "left", ZH: "left", MO: "bottom" };

  function drawGbaMap(element, data) {
    var chart = echarts.init(element, null, { renderer: "svg" });
    var cities = data.cities.filter(function (c) { return c.lon !== null && c.lat !== null; });
    var hub = cities.find(function (c) { return c.code === "HK"; });
    var max = Math.max.apply(null, cities.map(function (c) { return c.partners; }).concat([1]));
    var points = cities.map(function (c) {
      var point = { name: c.name, value: [c.lon, c.lat, c.partners], code: c.code };
      if (LABEL_SIDE[c.code]) { point.label = { position: LABEL_SIDE[c.code] }; }
      return point;
    });
    var links = hub ? cities.filter(function (c) { return c !== hub && c.partners > 0; }).map(function (c) {
      return { coords: [[hub.lon, hub.lat], [c.lon, c.lat]] };
    }) : [];
    chart.setOption({
      animation: false,
      grid: { left: 10, right: 10, top: 10, bottom: 10 },
      // Longitude and latitude on plain axes, scaled alike: points only, no borders drawn.
      xAxis: { type: "value", min: 112.2, max: 114.8, show: false },
      yAxis: { type: "value", min: 21.9, max: 23.5, show: false },
      tooltip: {
        trigger: "item",
        formatter: function (p) { return p.data && p.data.value ? p.name + ": " + p.data.value[2] : ""; }
      },
      series: [
        { type: "lines", coordinateSystem: "cartesian2d", data: links, silent: true,
          lineStyle: { color: ACCENT, opacity: 0.25, width: 1.5, curveness: 0.2 } },
        { type: "scatter", data: points,
          symbolSize: function (v) { return 10 + 34 * Math.sqrt(v[2] / max); },
          itemStyle: { color: ACCENT, opacity: 0.85 },
          label: { show: true, position: "right", formatter: function (p) { return p.name + " " + p.data.value[2]; },
                   color: "#212529", fontSize: 13 },
          // Any labels that still meet (on a narrow phone) are moved apart, not drawn over.
          labelLayout: { moveOverlap: "shiftY" } }
      ]
    });
    chart.on("click", function (params) {
      if (params.data && params.data.code) {
        var list = document.querySelector('a[href*="?city=' + params.data.code + '"]');
        if (list) { window.location.href = list.href; }
      }
    });
    return chart;
  }

  function drawFigureSeries(element, data) {
    var chart = echarts.init(element, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { type: "scroll", top: 0 },
      grid: { left: 50, right: 70, top: 64, bottom: 30, containLabel: true },
      xAxis: { type: "category", data: data.years },
      // Counts on the left; Hong Kong dollars on the right, so that neither flattens the other.
      yAxis: [
        { type: "value" },
        { type: "value", name: data.money_axis, position: "right", splitLine: { show: false } }
      ],
      series: data.series.map(function (s) {
        // Dashed for dollars: the palette has fewer colours than there are figures.
        var line = s.axis ? { type: "dashed" } : {};
        return { name: s.label, type: "line", data: s.values, symbolSize: 6, yAxisIndex: s.axis, lineStyle: line };
      })
    });
    return chart;
  }

  var DRAW = { "gba-map": drawGbaMap, "figure-series": drawFigureSeries };

  function drawAll() {
    if (typeof echarts === "undefined") { return; }
    var charts = [];
    document.querySelectorAll("[data-chart]").forEach(function (element) {
      var draw = DRAW[element.dataset.chart];
      var data = readData(element);
      if (draw && data) {
        charts.push(draw(element, data));
        element.classList.add("is-drawn");
        element.dataset.drawn = "true";
      }
    });
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
