// The builder never loses what the coach typed: every change is kept as a draft in
// localStorage, keyed by squad, template and version (the form's data-draft-key). A reload, Back
// or a closed tab brings the draft back when it differs from what the server rendered, and says
// so, with a button to discard it. Sending the form marks the draft sent: the next page with
// this form ends it when the save went through (no errors shown), and keeps it when the server
// refused the save (which comes back with every field as typed), so that a later reload of the
// page still finds what was typed.
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

  // A page answering a refused save shows what was typed; it is worth keeping as it stands.
  const refused = !!form.querySelector(".has-error, .form-errors");

  function read() {
    try {
      const draft = JSON.parse(localStorage.getItem(key) || "null");
      return draft && draft.fields && typeof draft.fields === "object" ? draft : null;
    } catch (error) {
      return null;
    }
  }

  function write(values, sent) {
    try {
      localStorage.setItem(key, JSON.stringify({ saved: Date.now(), sent: sent, fields: values }));
    } catch (error) { /* storage full or refused: the form still works */ }
  }

  function save(sent) {
    const values = {};
    let differs = refused || sent === true;
    fields().forEach(function (el) {
      values[el.name] = el.value;
      if (el.value !== rendered(el)) differs = true;
    });
    if (differs) write(values, sent === true);
    else localStorage.removeItem(key);
  }

  function refreshPreview() {
    form.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function restore() {
    const draft = read();
    if (!draft) return;
    if (draft.sent) {
      if (refused) save(false);  // the save failed: keep what was typed, no longer "sent"
      else localStorage.removeItem(key);  // the save went through
      return;
    }
    const values = draft.fields;
    let restored = false;
    fields().forEach(function (el) {
      if (Object.prototype.hasOwnProperty.call(values, el.name) && values[el.name] !== rendered(el)) {
        el.value = String(values[el.name]);
        restored = true;
      }
    });
    if (!restored) {
      if (!refused) localStorage.removeItem(key);
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

  form.addEventListener("input", function () { save(false); });
  form.addEventListener("change", function () { save(false); });
  form.addEventListener("submit", function () { save(true); });
  if (note) {
    const button = note.querySelector("button");
    if (button) button.addEventListener("click", discard);
  }
  function forgetSentVersions() {
    // A saved edit is a new version, with a key of its own: the earlier version's sent draft
    // has done its job.
    const prefix = key.replace(/:[^:]*$/, ":");
    for (let i = localStorage.length - 1; i >= 0; i--) {
      const other = localStorage.key(i);
      if (!other || other === key || other.indexOf(prefix) !== 0) continue;
      try {
        if (JSON.parse(localStorage.getItem(other) || "null").sent) localStorage.removeItem(other);
      } catch (error) { localStorage.removeItem(other); }
    }
  }

  if (form.dataset.draftKey.split(":").length > 4) forgetSentVersions();
  restore();
})();
// The preview's "Read it as: …" buttons (name="other_notation") put the other reading's notation
// in the textarea as if the coach had typed it: the change event that typing sends saves the
// draft above (so a reload keeps it) and makes htmx refresh the preview. Without JavaScript the
// button sends the builder form and the server answers with the builder, that notation filled in.
(function () {
  "use strict";
  const form = document.getElementById("builder-form");
  if (!form) return;
  document.addEventListener("click", function (event) {
    const button = event.target.closest && event.target.closest("button[name=other_notation]");
    const textarea = form.elements.namedItem("notation");
    if (!button || button.form !== form || !textarea) return;
    event.preventDefault();
    textarea.value = button.value;
    textarea.dispatchEvent(new Event("change", { bubbles: true }));
    textarea.focus();  // the button goes with the preview it was in; the coach is back at the text
  });
})();
