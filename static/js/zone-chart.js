// Draws each pace zone over the season with the vendored Chart.js, from the API
// (GET /api/v1/dashboards/athletes/<id>/zones/, the canvas's data-zones-url). Redrawn, and
// fetched again, whenever htmx swaps the athlete's page body. The athlete's dashboard
// (dashboard-athlete.js) draws its zone chart with BreakdownZoneChart.draw too.
(function () {
  "use strict";
  const COLOURS = ["#0b5cad", "#b42318", "#1a7f37", "#8250df", "#bc4c00", "#0a7b83", "#57606a", "#d4a72c"];
  const DAY_MS = 86400000;
  const SOURCES = { race: "race", coach: "coach", estimate: "estimate from workouts", model: "model-filled" };
  const charts = new WeakMap();

  function lapTime(seconds) {
    if (seconds < 60) return seconds.toFixed(1);
    const minutes = Math.floor(seconds / 60);
    return minutes + ":" + (seconds - minutes * 60).toFixed(1).padStart(4, "0");
  }

  function dayLabel(ms) {
    return new Date(ms).toLocaleDateString(undefined, { day: "numeric", month: "short", timeZone: "UTC" });
  }

  function per400(zone, point) {
    return Math.round((point.time_ms / zone.distance_m) * 400) / 1000;
  }

  // The chart's last day: the window's end, or today when the window runs on past it.
  function lastDay(data) {
    const today = Date.parse(new Date().toISOString().slice(0, 10));
    let end = Math.min(Date.parse(data.window.end), today);
    data.zones.forEach(function (zone) {
      zone.points.forEach(function (p) { end = Math.max(end, Date.parse(p.date)); });
    });
    return Math.max(end, Date.parse(data.window.start));
  }

  function draw(canvas, data) {
    const start = Date.parse(data.window.start);
    const end = lastDay(data);
    const datasets = data.zones.map(function (zone, index) {
      const points = zone.points.map(function (p) {
        return { x: Date.parse(p.date), y: per400(zone, p), source: p.source, entry: p.entry_id };
      });
      if (points.length) {
        const last = points[points.length - 1];
        points.push({ x: end, y: last.y, source: last.source, entry: last.entry, carried: true });
      }
      return {
        label: zone.label,
        data: points,
        stepped: "before",
        borderColor: COLOURS[index % COLOURS.length],
        backgroundColor: COLOURS[index % COLOURS.length],
        pointRadius: points.map(function (p) { return p.carried ? 0 : 3; }),
        pointStyle: points.map(function (p) { return p.source === "model" ? "triangle" : "circle"; }),
      };
    });
    const old = charts.get(canvas);
    if (old) old.destroy();
    const chart = new Chart(canvas, {
      type: "line",
      data: { datasets: datasets },
      options: {
        maintainAspectRatio: false,
        animation: false,
        parsing: false,
        scales: {
          x: { type: "linear", min: start, max: end, ticks: { stepSize: 14 * DAY_MS, callback: dayLabel, maxRotation: 0, autoSkipPadding: 12 } },
          y: { reverse: true, title: { display: true, text: "pace per 400 m (faster is higher)" }, ticks: { callback: lapTime } },
        },
        plugins: {
          legend: { labels: { boxWidth: 12 } },
          tooltip: {
            callbacks: {
              title: function (items) { return dayLabel(items[0].parsed.x); },
              label: function (item) {
                const source = SOURCES[item.raw.source] || item.raw.source;
                const since = item.raw.carried ? "still in force" : "from " + source + (item.raw.entry ? " (entry " + item.raw.entry + ")" : "");
                return item.dataset.label + ": " + lapTime(item.parsed.y) + "/400, " + since;
              },
            },
          },
        },
      },
    });
    charts.set(canvas, chart);
    return chart;
  }

  window.BreakdownZoneChart = { draw: draw, lapTime: lapTime, per400: per400, sources: SOURCES };

  function load() {
    // Found by attribute, not id: htmx copies attributes between old and new elements that
    // share an id, and copying the style Chart.js sets on the canvas would break the CSP.
    const canvas = document.querySelector("canvas[data-zone-chart]");
    const status = document.querySelector("[data-zone-chart-status]");
    if (!canvas || typeof Chart === "undefined") return;
    fetch(canvas.dataset.zonesUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("the server answered " + response.status);
        return response.json();
      })
      .then(function (data) {
        draw(canvas, data);
        if (status) {
          status.textContent = data.zones.length ? "" : "No zones set in this window yet.";
          status.hidden = data.zones.length > 0;
        }
      })
      .catch(function (error) {
        if (status) {
          status.hidden = false;
          status.textContent = "The chart could not be loaded (" + error.message + "). The zone history below has the same values; reload to try again.";
          status.classList.add("error");
        }
      });
  }

  document.addEventListener("DOMContentLoaded", load);
  document.addEventListener("htmx:afterSettle", load);
})();
