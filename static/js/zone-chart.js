// Draws each pace zone over the season from the JSON the page embeds (#zone-chart-data),
// with the vendored Chart.js. Redrawn whenever htmx swaps the athlete's page body.
(function () {
  "use strict";
  const COLOURS = ["#0b5cad", "#b42318", "#1a7f37", "#8250df", "#bc4c00", "#0a7b83", "#57606a", "#d4a72c"];
  const DAY_MS = 86400000;
  let chart = null;

  function lapTime(seconds) {
    if (seconds < 60) return seconds.toFixed(1);
    const minutes = Math.floor(seconds / 60);
    return minutes + ":" + (seconds - minutes * 60).toFixed(1).padStart(4, "0");
  }

  function dayLabel(ms) {
    return new Date(ms).toLocaleDateString(undefined, { day: "numeric", month: "short" });
  }

  function draw() {
    // Found by attribute, not id: htmx copies attributes between old and new elements that
    // share an id, and copying the style Chart.js sets on the canvas would break the CSP.
    const canvas = document.querySelector("canvas[data-zone-chart]");
    const source = document.getElementById("zone-chart-data");
    if (!canvas || !source || typeof Chart === "undefined") return;
    const data = JSON.parse(source.textContent);
    const end = Date.parse(data.end);
    const datasets = data.series.map(function (series, index) {
      const points = series.points.map(function (p) { return { x: Date.parse(p.date), y: p.per400, source: p.source }; });
      if (points.length) points.push({ x: end, y: points[points.length - 1].y, source: points[points.length - 1].source });
      return {
        label: series.label,
        data: points,
        stepped: "before",
        borderColor: COLOURS[index % COLOURS.length],
        backgroundColor: COLOURS[index % COLOURS.length],
        pointRadius: points.map(function (p, i) { return i === points.length - 1 ? 0 : 3; }),
        pointStyle: points.map(function (p) { return p.source === "model" ? "triangle" : "circle"; }),
      };
    });
    if (chart) chart.destroy();
    chart = new Chart(canvas, {
      type: "line",
      data: { datasets: datasets },
      options: {
        maintainAspectRatio: false,
        animation: false,
        parsing: false,
        scales: {
          x: { type: "linear", min: Date.parse(data.start), max: end, ticks: { stepSize: 14 * DAY_MS, callback: dayLabel } },
          y: { reverse: true, title: { display: true, text: "pace per 400 m (faster is higher)" }, ticks: { callback: lapTime } },
        },
        plugins: {
          tooltip: {
            callbacks: {
              title: function (items) { return dayLabel(items[0].parsed.x); },
              label: function (item) {
                const model = item.raw.source === "model" ? " (model-filled)" : "";
                return item.dataset.label + ": " + lapTime(item.parsed.y) + "/400" + model;
              },
            },
          },
        },
      },
    });
  }

  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("htmx:afterSettle", draw);
})();
