// The squad's dashboard: fetches /api/v1/dashboards/squads/<id>/ (the page's data-api, with
// the page's own ?season=, ?from=, ?to=, ?template=) and draws who runs ahead of or behind
// their zones, every athlete's current zones, the last sessions' splits against targets and,
// for the template picked, its sessions side by side (picking one fetches again). Every chart
// has a table with the same numbers.
(function () {
  "use strict";
  const D = window.Dashboard;
  const COLOURS = ["#0b5cad", "#b42318", "#1a7f37", "#8250df", "#bc4c00", "#0a7b83", "#57606a", "#d4a72c", "#cf222e", "#1f6feb"];
  const LABEL_COLOURS = { ahead: D.GOOD, behind: D.BAD, on: D.NEUTRAL, "too few reps": "#d0d7de" };
  const charts = {};

  function chart(name, root, config) {
    if (charts[name]) charts[name].destroy();
    charts[name] = new Chart(root.querySelector('[data-chart="' + name + '"]'), config);
    return charts[name];
  }

  function rounded(value) {
    return value === null || value === undefined ? null : Math.round(value * 100) / 100;
  }

  function pctAxis() {
    return { title: { display: true, text: "% against target" }, ticks: { callback: function (v) { return (v > 0 ? "+" : "") + v + " %"; } } };
  }

  function drawForm(root, data) {
    const form = data.form;
    root.querySelector("[data-form-rule]").textContent =
      "Median of each athlete's reps (split − target, % of target) over the window's sessions where they ran at least " +
      form.min_session_reps + " reps against a target; ahead at −" + form.threshold_pct + " % or faster, behind at +" +
      form.threshold_pct + " % or slower, on between; at least " + form.min_reps + " reps to say.";
    const rows = form.athletes;
    chart("form", root, {
      type: "bar",
      data: {
        labels: rows.map(function (r) { return r.athlete.name; }),
        datasets: [{
          label: "median % against target",
          data: rows.map(function (r) { return rounded(r.median_diff_pct); }),
          backgroundColor: rows.map(function (r) { return LABEL_COLOURS[r.label]; }),
        }],
      },
      options: {
        indexAxis: "y",
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: function (item) {
            const r = rows[item.dataIndex];
            return r.label + ": " + D.pct(r.median_diff_pct) + " over " + r.reps + " reps in " + r.sessions + " sessions";
          } } },
        },
        scales: { x: pctAxis() },
      },
    });
    D.fillTable(
      root.querySelector('[data-table="form"]'),
      ["Athlete", "Median", "Reps", "Sessions", "Running"],
      rows.map(function (r) {
        return [r.athlete.name, { text: D.pct(r.median_diff_pct), className: D.diffClass(r.median_diff_pct) }, String(r.reps), String(r.sessions),
          { text: r.label, className: "form-" + r.label.replace(/ /g, "-") }];
      }),
    );
  }

  function drawZones(root, data) {
    const columns = data.zone_columns;
    const rows = data.zones.map(function (row) {
      const byDistance = {};
      row.zones.forEach(function (z) { byDistance[z.distance_m] = z; });
      return [row.athlete.name].concat(columns.map(function (c) {
        const z = byDistance[c.distance_m];
        if (!z) return { text: "—" };
        return { text: D.raceTime(z.time_ms), className: z.source === "model" ? "model-value" : "" };
      }));
    });
    D.fillTable(root.querySelector('[data-table="zones"]'), ["Athlete"].concat(columns.map(function (c) { return c.label; })), rows);
  }

  // A chart and table of sessions side by side: one dataset per session, athletes on the axis.
  function drawSessions(root, name, sessions, athletes) {
    const names = athletes.map(function (a) { return a.name; });
    const datasets = sessions.map(function (s, index) {
      const byAthlete = {};
      s.athletes.forEach(function (a) { byAthlete[a.name] = a; });
      return {
        label: D.shortDay(s.date) + " " + s.name,
        data: names.map(function (n) { return byAthlete[n] ? rounded(byAthlete[n].mean_diff_pct) : null; }),
        backgroundColor: COLOURS[index % COLOURS.length],
        rows: byAthlete,
      };
    });
    chart(name, root, {
      type: "bar",
      data: { labels: names, datasets: datasets },
      options: {
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { labels: { boxWidth: 12 } },
          tooltip: { callbacks: { label: function (item) {
            const a = item.dataset.rows[names[item.dataIndex]];
            if (!a) return item.dataset.label + ": not in this session";
            const inCount = a.reps.filter(function (r) { return r.split_ms !== null; }).length;
            return item.dataset.label + ": " + D.pct(a.mean_diff_pct) + " (" + D.diff(a.mean_diff_ms) + "), " + inCount + " of " + a.reps.length + " splits";
          } } },
        },
        scales: { y: pctAxis() },
      },
    });
    D.fillTable(
      root.querySelector('[data-table="' + name + '"]'),
      ["Athlete"].concat(sessions.map(function (s) { return D.shortDay(s.date) + " · " + s.name + " v" + s.version; })),
      names.map(function (n) {
        return [n].concat(datasets.map(function (d) {
          const a = d.rows[n];
          if (!a) return { text: "—" };
          return { text: D.pct(a.mean_diff_pct) + " (" + D.diff(a.mean_diff_ms) + ")", className: D.diffClass(a.mean_diff_pct) };
        }));
      }),
    );
  }

  function athletesOf(data) {
    return data.zones.map(function (row) { return row.athlete; });
  }

  function drawComparison(root, data) {
    const comparison = data.comparison;
    const line = root.querySelector("[data-compare-status]");
    if (!comparison) {
      line.hidden = false;
      line.textContent = data.templates.length ? "Pick a template to compare its sessions." : "No session run in this window yet.";
      drawSessions(root, "compare", [], athletesOf(data));
      return;
    }
    line.hidden = !(comparison.sessions.length === 0);
    line.textContent = comparison.sessions.length ? "" : "No session of " + comparison.template.name + " in this window.";
    drawSessions(root, "compare", comparison.sessions, athletesOf(data));
  }

  function fillPicker(root, data, chosen) {
    const pick = root.querySelector("[data-template-pick]");
    pick.replaceChildren(D.el("option", { value: "", text: "Choose a template…" }));
    data.templates.forEach(function (t) {
      const option = D.el("option", { value: String(t.id), text: t.name + " (" + t.sessions + " session" + (t.sessions === 1 ? "" : "s") + ")" });
      if (String(t.id) === String(chosen)) option.selected = true;
      pick.append(option);
    });
    pick.disabled = !data.templates.length;
    pick.onchange = function () { compare(root, pick.value); };
  }

  // Most-run template first: the one to compare when the page names none.
  function defaultTemplate(data) {
    const sorted = data.templates.slice().sort(function (a, b) { return b.sessions - a.sessions; });
    return sorted.length ? String(sorted[0].id) : "";
  }

  function compare(root, templateId) {
    const line = root.querySelector("[data-compare-status]");
    line.hidden = false;
    line.classList.remove("error");
    line.textContent = "Loading the comparison…";
    const url = new URL(window.location.href);
    if (templateId) url.searchParams.set("template", templateId); else url.searchParams.delete("template");
    window.history.replaceState(null, "", url);
    D.getJson(D.apiUrl(root.dataset.api, ["season", "from", "to"], { template: templateId }))
      .then(function (data) { drawComparison(root, data); root.dataset.compared = templateId; })
      .catch(function (error) {
        line.textContent = "The comparison could not be loaded: " + error.message + ".";
        line.classList.add("error");
      });
  }

  function start() {
    const root = document.querySelector('[data-dashboard="squad"]');
    if (!root) return;
    if (typeof Chart === "undefined") { D.status(root, "The chart library did not load; reload to try again.", true); return; }
    const asked = new URLSearchParams(window.location.search).get("template");
    D.getJson(D.apiUrl(root.dataset.api, ["season", "from", "to", "template"]))
      .then(function (data) {
        root.querySelector("[data-window]").textContent = "Window: " + D.windowText(data.window);
        drawForm(root, data);
        drawZones(root, data);
        drawSessions(root, "recent", data.recent_sessions.slice().reverse(), athletesOf(data));
        const chosen = asked || defaultTemplate(data);
        fillPicker(root, data, chosen);
        D.status(root, "");
        root.dataset.loaded = "true";
        if (asked || !chosen) drawComparison(root, data);
        else compare(root, chosen);
      })
      .catch(function (error) {
        D.status(root, "The dashboard could not be loaded: " + error.message + ". Reload the page to try again.", true);
      });
  }

  document.addEventListener("DOMContentLoaded", start);
})();
