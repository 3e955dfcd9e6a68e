// The history import's upload (templates/workouts/history_import.html): while htmx sends a
// large file, the <progress> beside the form shows how much has gone. Without JavaScript the
// form posts as a plain multipart form and the page answers the same.
(function () {
  "use strict";
  document.addEventListener("htmx:xhr:progress", function (event) {
    const bar = document.getElementById("upload-progress");
    const said = document.getElementById("upload-percent");
    const detail = event.detail || {};
    if (!bar || !detail.lengthComputable || !detail.total) return;
    const percent = Math.round((detail.loaded / detail.total) * 100);
    bar.hidden = false;
    bar.value = percent;
    if (said) said.textContent = percent < 100 ? "Uploading… " + percent + "%" : "Checking the file…";
  });
  document.addEventListener("htmx:afterRequest", function () {
    const bar = document.getElementById("upload-progress");
    const said = document.getElementById("upload-percent");
    if (bar) { bar.hidden = true; bar.value = 0; }
    if (said) said.textContent = "";
  });
})();
