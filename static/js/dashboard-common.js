// What both dashboards share: fetching the API as the signed-in user, formatting times and
// differences as a coach writes them, building tables from text (never HTML), and saying
// what is happening in the page's status line.
(function () {
  "use strict";

  function getJson(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(
      function (response) {
        return response
          .json()
          .catch(function () { return null; })
          .then(function (body) {
            if (!response.ok) {
              const message = body && body.error && body.error.message;
              throw new Error(message || "the server answered " + response.status);
            }
            return body;
          });
      },
    );
  }

  // 174000 -> "2:54.0", 42400 -> "42.4"
  function time(ms) {
    if (ms === null || ms === undefined) return "—";
    const seconds = Math.round(ms / 100) / 10;
    if (seconds < 60) return seconds.toFixed(1);
    const hours = Math.floor(seconds / 3600);
    const minutes = Math.floor((seconds % 3600) / 60);
    const rest = (seconds - hours * 3600 - minutes * 60).toFixed(1).padStart(4, "0");
    return hours ? hours + ":" + String(minutes).padStart(2, "0") + ":" + rest : minutes + ":" + rest;
  }

  // Race times keep whole seconds when they have no tenths: 870000 -> "14:30"
  function raceTime(ms) {
    const text = time(ms);
    return text.endsWith(".0") && ms >= 60000 ? text.slice(0, -2) : text;
  }

  // -2000 -> "−2.0 s", 1000 -> "+1.0 s"
  function diff(ms) {
    if (ms === null || ms === undefined) return "—";
    const tenths = Math.round(Math.abs(ms) / 100) * Math.sign(ms);  // the sign of what is shown
    const sign = tenths < 0 ? "−" : tenths > 0 ? "+" : "±";
    return sign + (Math.abs(tenths) / 10).toFixed(1) + " s";
  }

  function pct(value) {
    if (value === null || value === undefined) return "—";
    const tenths = Math.round(Math.abs(value) * 10) * Math.sign(value);
    const sign = tenths < 0 ? "−" : tenths > 0 ? "+" : "±";
    return sign + (Math.abs(tenths) / 10).toFixed(1) + " %";
  }

  function day(iso) {
    return new Date(iso + "T00:00:00Z").toLocaleDateString(undefined, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  }

  function shortDay(iso) {
    return new Date(iso + "T00:00:00Z").toLocaleDateString(undefined, { day: "numeric", month: "short", timeZone: "UTC" });
  }

  function el(tag, props, children) {
    const node = document.createElement(tag);
    Object.entries(props || {}).forEach(function (entry) {
      if (entry[0] === "text") node.textContent = entry[1];
      else if (entry[0] === "className") node.className = entry[1];
      else node.setAttribute(entry[0], entry[1]);
    });
    (children || []).forEach(function (child) {
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  // Fill `table` with a head row and body rows; a cell is text or {text, className, header}.
  function fillTable(table, head, rows, caption) {
    table.replaceChildren();
    if (caption) table.append(el("caption", { text: caption }));
    table.append(el("thead", {}, [el("tr", {}, head.map(function (text) { return el("th", { scope: "col", text: text }); }))]));
    const body = el("tbody");
    rows.forEach(function (row) {
      body.append(
        el("tr", {}, row.map(function (cell, index) {
          const spec = typeof cell === "object" && cell !== null ? cell : { text: String(cell) };
          const header = spec.header || index === 0;
          const node = el(header ? "th" : "td", header ? { scope: "row" } : {});
          node.textContent = spec.text;
          if (spec.className) node.className = spec.className;
          return node;
        })),
      );
    });
    if (!rows.length) body.append(el("tr", {}, [el("td", { colspan: String(head.length), text: "Nothing in this window yet." })]));
    table.append(body);
  }

  // Coloured only when the difference shows at a tenth: −0.04 is on target.
  function diffClass(value, unit) {
    if (value === null || value === undefined) return "";
    const tenths = Math.round((value / (unit || 1)) * 10);
    return tenths < 0 ? "diff-fast" : tenths > 0 ? "diff-slow" : "";
  }

  function status(root, text, isError) {
    const line = root.querySelector("[data-status]");
    line.textContent = text;
    line.hidden = !text;
    line.classList.toggle("error", Boolean(isError));
    root.classList.toggle("is-loading", text !== "" && !isError);
  }

  // The page's own ?season=, ?from=, ?to= (and extra names) passed on to the API.
  function apiUrl(base, names, extra) {
    const page = new URLSearchParams(window.location.search);
    const query = new URLSearchParams();
    names.forEach(function (name) { if (page.get(name)) query.set(name, page.get(name)); });
    Object.entries(extra || {}).forEach(function (entry) {
      if (entry[1]) query.set(entry[0], entry[1]); else query.delete(entry[0]);
    });
    const text = query.toString();
    return text ? base + "?" + text : base;
  }

  function windowText(window_) {
    const span = day(window_.start) + " – " + day(window_.end);
    return window_.season ? window_.season.name + " (" + span + ")" : span;
  }

  window.Dashboard = {
    getJson: getJson, time: time, raceTime: raceTime, diff: diff, pct: pct, day: day, shortDay: shortDay,
    el: el, fillTable: fillTable, diffClass: diffClass, status: status, apiUrl: apiUrl, windowText: windowText,
    GOOD: "#1a7f37", BAD: "#b42318", NEUTRAL: "#57606a",
  };
})();
