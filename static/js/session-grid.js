// The coach's session grid (templates/workouts/session_grid.html). While a target's form is
// open in a cell, the grid's 5-second poll waits: swapping the grid would lose what is typed.
document.addEventListener("htmx:beforeRequest", (event) => {
  const grid = event.detail.elt;
  if (grid.id === "grid" && grid.querySelector("details.override[open]")) {
    event.preventDefault();
  }
});
