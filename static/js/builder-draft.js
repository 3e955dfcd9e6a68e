// The builder never loses what the coach typed: every change is kept as a draft in
// localStorage, keyed by squad, template and version (the form's data-draft-key). A reload, Back
// or a closed tab brings the draft back when it differs from what the server rendered, and says
// so, with a button to discard it. Sending the form ends the draft: a save that fails comes back
// from the server with every field as typed, and one that succeeds needs no draft.
(function () {
  "use strict";
  const form = document.getElementById("builder-form");
  if (!form || !form.dataset.draftKey || !window.localStorage) return;
  const key = form.dataset.draftKey;
  const note = document.getElementById("draft-note");

  function fields() {
    return Array.from(form.elements).filter(function (el) {
      return el.name && el.type !== "hidden" && el.type !== "submit" && el.name !== "csrfmiddlewaretoken"
        && el.name.indexOf("preview_") !== 0;
    });
  }

  function rendered(el) {
    return el.defaultValue;  // what the server rendered, whatever the browser restored since
  }

  function read() {
    try {
      const draft = JSON.parse(localStorage.getItem(key) || "null");
      return draft && typeof draft.fields === "object" ? draft.fields : null;
    } catch (error) {
      return null;
    }
  }

  function save() {
    const values = {};
    let differs = false;
    fields().forEach(function (el) {
      values[el.name] = el.value;
      if (el.value !== rendered(el)) differs = true;
    });
    try {
      if (differs) localStorage.setItem(key, JSON.stringify({ saved: Date.now(), fields: values }));
      else localStorage.removeItem(key);
    } catch (error) { /* storage full or refused: the form still works */ }
  }

  function refreshPreview() {
    form.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function restore() {
    const draft = read();
    if (!draft) return;
    let restored = false;
    fields().forEach(function (el) {
      if (Object.prototype.hasOwnProperty.call(draft, el.name) && draft[el.name] !== rendered(el)) {
        el.value = String(draft[el.name]);
        restored = true;
      }
    });
    if (!restored) {
      localStorage.removeItem(key);
      return;
    }
    if (note) note.hidden = false;
    refreshPreview();
  }

  function discard() {
    fields().forEach(function (el) { el.value = rendered(el); });
    localStorage.removeItem(key);
    if (note) note.hidden = true;
    refreshPreview();
    const first = fields()[0];
    if (first) first.focus();
  }

  form.addEventListener("input", save);
  form.addEventListener("change", save);
  form.addEventListener("submit", function () { localStorage.removeItem(key); });
  if (note) {
    const button = note.querySelector("button");
    if (button) button.addEventListener("click", discard);
  }
  restore();
})();
