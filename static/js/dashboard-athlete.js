// The athlete's dashboard: fetches /api/v1/dashboards/athletes/<id>/ (the page's data-api,
// with the page's own ?season=, ?from=, ?to=) and draws the zones over the window, each
// session's average difference from target, one chosen session rep by rep, and the bests.
// Every chart has a table with the same numbers.
(function () {
  "use strict";
  const D = window.Dashboard;
  const charts = {};

  function chart(name, root, config) {
    if (charts[name]) charts[name].destroy();
    charts[name] = new Chart(root.querySelector('[data-chart="' + name + '"]'), config);
    return charts[name];
  }

  function barColours(values) {
    return values.map(function (v) { return v === null ? D.NEUTRAL : v < 0 ? D.GOOD : v > 0 ? D.BAD : D.NEUTRAL; });
  }

  function diffAxis(title) {
    return { title: { display: true, text: title }, ticks: { callback: function (v) { return (v > 0 ? "+" : "") + v; } } };
  }

  function drawZones(root, data) {
    BreakdownZoneChart.draw(root.querySelector('[data-chart="zones"]'), data);
    const rows = [];
    data.zones.forEach(function (zone) {
      zone.points.forEach(function (p) {
        rows.push([
          { text: D.day(p.date), header: true },
          zone.label,
          D.raceTime(p.time_ms),
          BreakdownZoneChart.lapTime(BreakdownZoneChart.per400(zone, p)) + "/400",
          BreakdownZoneChart.sources[p.source] || p.source,
        ]);
      });
    });
    D.fillTable(root.querySelector('[data-table="zones"]'), ["From", "Zone", "Time", "Per 400 m", "Source"], rows);
  }

  function repLabel(rep) {
    if (rep.distance_m) return rep.distance_m >= 1000 && rep.distance_m % 1000 === 0 ? rep.distance_m / 1000 + "K" : rep.distance_m + "m";
    return rep.duration_s ? rep.duration_s + " s" : "rep";
  }

  function drawSessions(root, data) {
    const sessions = data.sessions;
    const values = sessions.map(function (s) { return s.mean_diff_ms === null ? null : Math.round(s.mean_diff_ms) / 1000; });
    chart("sessions", root, {
      type: "bar",
      data: {
        labels: sessions.map(function (s) { return D.shortDay(s.date); }),
        datasets: [{ label: "average difference (s)", data: values, backgroundColor: barColours(values) }],
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: {
            title: function (items) { const s = sessions[items[0].dataIndex]; return s.name + ", " + D.day(s.date); },
            label: function (item) { const s = sessions[item.dataIndex]; return D.diff(s.mean_diff_ms) + " (" + D.pct(s.mean_diff_pct) + ") on average"; },
          } },
        },
        scales: { y: diffAxis("s against target") },
      },
    });
    D.fillTable(
      root.querySelector('[data-table="sessions"]'),
      ["Date", "Session", "Reps in", "Average difference"],
      sessions.slice().reverse().map(function (s) {
        const done = s.reps.filter(function (r) { return r.split_ms !== null; }).length;
        return [{ text: D.day(s.date), header: true }, s.name, done + " of " + s.reps.length,
          { text: D.diff(s.mean_diff_ms) + " (" + D.pct(s.mean_diff_pct) + ")", className: D.diffClass(s.mean_diff_ms, 1000) }];
      }),
    );
    const pick = root.querySelector("[data-session-pick]");
    pick.replaceChildren();
    sessions.slice().reverse().forEach(function (s, index) {
      pick.append(D.el("option", { value: String(sessions.length - 1 - index), text: D.day(s.date) + " · " + s.name }));
    });
    pick.disabled = !sessions.length;
    pick.onchange = function () { drawReps(root, sessions[Number(pick.value)]); };
    drawReps(root, sessions[sessions.length - 1]);
  }

  function drawReps(root, session) {
    const reps = session ? session.reps : [];
    const values = reps.map(function (r) { return r.diff_ms === null ? null : r.diff_ms / 1000; });
    chart("reps", root, {
      type: "bar",
      data: {
        labels: reps.map(function (r) { return r.n + " · " + repLabel(r); }),
        datasets: [{ label: "split − target (s)", data: values, backgroundColor: barColours(values) }],
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: function (item) {
            const r = reps[item.dataIndex];
            return "target " + D.time(r.target_ms) + ", split " + D.time(r.split_ms) + ": " + D.diff(r.diff_ms);
          } } },
        },
        scales: { y: diffAxis("s against target"), x: { ticks: { maxRotation: 0, autoSkip: true } } },
      },
    });
    D.fillTable(
      root.querySelector('[data-table="reps"]'),
      ["#", "Rep", "Target", "Split", "Diff"],
      reps.map(function (r) {
        return [String(r.n), repLabel(r) + (r.target_zone ? " @" + r.target_zone : ""), D.time(r.target_ms), D.time(r.split_ms),
          { text: D.diff(r.diff_ms), className: D.diffClass(r.diff_ms, 1000) }];
      }),
      session ? session.name + ", " + D.day(session.date) : "No session run in this window.",
    );
  }

  function drawBests(root, data) {
    D.fillTable(
      root.querySelector('[data-table="race-bests"]'),
      ["Race", "Personal best", "Season best"],
      data.bests.races.map(function (b) {
        const sb = b.season_best;
        return [b.label, D.raceTime(b.personal_best.time_ms) + " (" + D.day(b.personal_best.date) + ")",
          sb ? D.raceTime(sb.time_ms) + " (" + D.day(sb.date) + ")" : "—"];
      }),
      "Races (voided ones left out); season best: fastest in this window",
    );
    D.fillTable(
      root.querySelector('[data-table="rep-bests"]'),
      ["Rep distance", "Best split", "When"],
      data.bests.reps.map(function (b) { return [b.label, D.time(b.time_ms), D.day(b.date) + ", rep " + b.rep_n]; }),
      "Fastest split at each rep distance in this window",
    );
  }

  function start() {
    const root = document.querySelector('[data-dashboard="athlete"]');
    if (!root) return;
    if (typeof Chart === "undefined") { D.status(root, "The chart library did not load; reload to try again.", true); return; }
    D.getJson(D.apiUrl(root.dataset.api, ["season", "from", "to"]))
      .then(function (data) {
        root.querySelector("[data-window]").textContent = "Window: " + D.windowText(data.window);
        drawZones(root, data);
        drawSessions(root, data);
        drawBests(root, data);
        D.status(root, "");
        root.dataset.loaded = "true";
      })
      .catch(function (error) {
        D.status(root, "The dashboard could not be loaded: " + error.message + ". Reload the page to try again.", true);
      });
  }

  document.addEventListener("DOMContentLoaded", start);
})();
