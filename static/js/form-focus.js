// A form answered with errors puts the coach at the first field in error, whether the page was
// posted as a plain form or htmx swapped the answer in: the field gets the focus and is
// scrolled into the middle of the window, with its message beside it.
(function () {
  "use strict";
  const FIELD = ".field.has-error input:not([type=hidden]), .field.has-error select, .field.has-error textarea";

  function focusFirstError(root) {
    const field = (root || document).querySelector(FIELD);
    if (!field) return false;
    const details = field.closest("details");
    if (details) details.open = true;
    field.focus({ preventScroll: true });
    field.scrollIntoView({ block: "center" });
    return true;
  }

  document.addEventListener("DOMContentLoaded", function () { focusFirstError(document); });
  document.body.addEventListener("htmx:afterSwap", function (event) {
    const target = event.detail && event.detail.target;
    if (target && target.id !== "preview") focusFirstError(target);
  });
})();
