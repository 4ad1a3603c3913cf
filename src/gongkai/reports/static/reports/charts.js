// Draws the report page's charts from the JSON beside them (charts.py); the tables above
// carry the same figures, so a reader without JavaScript or sight loses nothing.
(function () {
  "use strict";
  var source = document.getElementById("report-charts");
  if (!source || typeof echarts === "undefined") return;
  var data = JSON.parse(source.textContent);

  function draw(id, series, type) {
    var element = document.getElementById(id);
    if (!element || series.empty) return;
    var chart = echarts.init(element);
    var categories = { type: "category", data: series.labels };
    var values = { type: "value", minInterval: 1 };
    var horizontal = type === "bar";
    chart.setOption({
      aria: { enabled: true },
      tooltip: { trigger: "axis" },
      grid: { containLabel: true, left: 8, right: 24 },
      xAxis: horizontal ? values : categories,
      yAxis: horizontal ? categories : values,
      series: [{ type: type, data: series.values, label: { show: true } }]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  draw("chart-outcomes", data.outcomes, "bar");
  draw("chart-applicants", data.applicants, "bar");
  draw("chart-trend", data.trend, "line");
})();
