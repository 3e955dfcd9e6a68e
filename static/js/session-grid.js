// The coach's session grid (templates/workouts/session_grid.html).

// A cell's target form is fetched the first time the cell opens, in place of the cell's link
// (which, without JavaScript, opens the grid with that cell's form).
document.addEventListener(
  "toggle",
  (event) => {
    const cell = event.target;
    if (!(cell instanceof HTMLDetailsElement) || !cell.open) return;
    const link = cell.querySelector("a.override-load");
    if (link) {
      htmx.ajax("GET", link.getAttribute("href").split("#")[0], { target: link, swap: "outerHTML" });
    }
  },
  true, // toggle does not bubble
);

// While a target's form is open in a cell, the grid's 5-second poll waits: swapping the grid
// would lose what is typed.
document.addEventListener("htmx:beforeRequest", (event) => {
  const grid = event.detail.elt;
  if (grid.id === "grid" && grid.querySelector("details.override[open]")) {
    event.preventDefault();
  }
});
