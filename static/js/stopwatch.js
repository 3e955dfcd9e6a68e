/* The coach's group stopwatch (templates/workouts/stopwatch.html): one start for the group,
   one tap per finisher on a button with the athlete's name, an "Unknown finisher" button for
   a runner the coach could not see (named afterwards from the list of finishers), undo for
   the last tap, then Save, and the next rep is ready on the same screen.

   Nothing lost with no signal, nothing doubled:
   - The clock runs on the phone: the start is kept as a wall-clock time (Date.now()) in
     localStorage ("breakdown.stopwatch.<user>.<session>") with the taps, so a reload or a
     closed tab comes back to the running clock and its taps. Within a page, elapsed time is
     measured with performance.now(), anchored to that start.
   - Each tap gets a client key made on the phone when it is tapped. Save puts the rep's
     named taps in an outbox ("breakdown.stopwatch-out.<batch>") and posts them in one
     request (workouts.views.session_stopwatch → services.stopwatch_record, one transaction);
     the batch stays in the outbox until the server has answered, and is sent again, with the
     same keys, when the connection returns, every RETRY_MS, and when the page loads.
   - A refusal comes back with its reason; a time no runner runs asks for "Save anyway".

   Without JavaScript none of this runs and the page is a form of one typed time per athlete. */
(function () {
  'use strict';

  const script = document.currentScript;
  const form = document.getElementById('stopwatch');
  if (!form) return;

  const USER = form.dataset.user;
  const SESSION = form.dataset.session;
  const STATE_KEY = `breakdown.stopwatch.${USER}.${SESSION}`;
  const OUT_PREFIX = 'breakdown.stopwatch-out.';
  const RETRY_MS = 5000;

  const live = document.getElementById('sw-live');
  const typed = document.getElementById('sw-typed');
  const clock = document.getElementById('sw-clock');
  const startButton = document.getElementById('sw-start');
  const unknownButton = document.getElementById('sw-unknown');
  const undoButton = document.getElementById('sw-undo');
  const resetButton = document.getElementById('sw-reset');
  const saveButton = document.getElementById('sw-save');
  const finishers = document.getElementById('sw-finishers');
  const status = document.getElementById('sw-status');
  const repSelect = document.getElementById('sw-rep');
  const nameButtons = Array.from(document.querySelectorAll('.sw-name[data-assignment]'));
  const names = new Map(nameButtons.map((b) => [b.dataset.assignment, b.dataset.name]));

  // ------------------------------------------------------------------ storage

  function read(name) {
    try { return JSON.parse(localStorage.getItem(name)); } catch (error) { return null; }
  }

  function write(name, value) {
    try { localStorage.setItem(name, JSON.stringify(value)); } catch (error) { /* full or off */ }
  }

  function drop(name) {
    try { localStorage.removeItem(name); } catch (error) { /* off */ }
  }

  function outbox() {
    const items = [];
    try {
      for (let i = 0; i < localStorage.length; i++) {
        const name = localStorage.key(i);
        if (name && name.startsWith(OUT_PREFIX)) {
          const item = read(name);
          if (item && item.user === USER && item.session === SESSION) items.push(item);
        }
      }
    } catch (error) { /* storage off */ }
    return items.sort((a, b) => a.at - b.at);
  }

  function newKey() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  // ------------------------------------------------------------------ the clock

  const fresh = () => ({ rep: repSelect.value, startedAt: null, taps: [] });
  let state = read(STATE_KEY) || fresh();
  if (!Array.isArray(state.taps)) state = fresh();
  let anchor = null;  // performance.now() at the start, in this page

  function save() { write(STATE_KEY, state); }

  function elapsed() {
    if (state.startedAt === null) return 0;
    if (anchor === null) anchor = performance.now() - (Date.now() - state.startedAt);
    return Math.max(0, performance.now() - anchor);
  }

  // Hundredths, as a hand watch shows them and workouts.splits reads them: 42.37, 2:52.34.
  function watchTime(ms) {
    const hundredths = Math.round(ms / 10);
    const seconds = Math.floor(hundredths / 100);
    const frac = String(hundredths % 100).padStart(2, '0');
    const h = Math.floor(seconds / 3600);
    const m = Math.floor((seconds % 3600) / 60);
    const s = seconds % 60;
    if (h) return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${frac}`;
    if (m) return `${m}:${String(s).padStart(2, '0')}.${frac}`;
    return `${s}.${frac}`;
  }

  function tick() {
    const ms = elapsed();
    const tenths = Math.floor(ms / 100);
    const shown = watchTime(tenths * 100);
    clock.textContent = shown.slice(0, -1);
  }

  // ------------------------------------------------------------------ drawing

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function say(text, { alert = false } = {}) {
    status.replaceChildren(text);
    if (alert) status.setAttribute('role', 'alert');
    else status.setAttribute('role', 'status');
    status.hidden = !text;
  }

  function taken() {
    return new Set(state.taps.filter((tap) => tap.assignment).map((tap) => tap.assignment));
  }

  function draw() {
    const running = state.startedAt !== null;
    const used = taken();
    repSelect.value = state.rep;
    startButton.hidden = running;
    startButton.textContent = `Start rep ${state.rep}`;
    clock.classList.toggle('is-running', running);
    for (const button of nameButtons) {
      const tap = state.taps.find((t) => t.assignment === button.dataset.assignment);
      button.disabled = !running || Boolean(tap);
      button.classList.toggle('is-done', Boolean(tap));
      button.querySelector('.sw-name-time').textContent = tap ? watchTime(tap.ms) : '';
    }
    unknownButton.disabled = !running;
    undoButton.disabled = !state.taps.length;
    resetButton.disabled = !running;
    saveButton.disabled = !state.taps.length;
    saveButton.textContent = `Save rep ${state.rep}`;

    finishers.replaceChildren();
    state.taps.forEach((tap, i) => {
      const item = el('li', tap.assignment ? 'sw-finisher' : 'sw-finisher is-unknown');
      item.append(el('span', 'sw-place', `${i + 1}.`), ' ', el('b', 'sw-time', watchTime(tap.ms)), ' ');
      if (tap.assignment) {
        item.append(el('span', 'sw-who', names.get(tap.assignment) || '?'));
      } else {
        const label = el('label', 'sw-who', 'Who was it? ');
        const select = el('select', 'sw-assign');
        select.dataset.key = tap.key;
        select.append(new Option('Unknown finisher', ''));
        for (const [pk, name] of names) {
          if (!used.has(pk)) select.append(new Option(name, pk));
        }
        label.append(select);
        item.append(label);
      }
      finishers.append(item);
    });
  }

  // ------------------------------------------------------------------ taps

  function tap(assignment) {
    if (state.startedAt === null) return;
    if (assignment && taken().has(assignment)) return;
    state.taps.push({ key: newKey(), ms: Math.round(elapsed()), assignment });
    save();
    draw();
    say('');
  }

  startButton.addEventListener('click', () => {
    if (state.startedAt !== null) return;  // running: a second start would lose the taps
    state.startedAt = Date.now();
    anchor = performance.now();
    state.taps = [];
    save();
    draw();
    say('');
  });

  nameButtons.forEach((button) => {
    button.addEventListener('click', () => tap(button.dataset.assignment));
  });
  unknownButton.addEventListener('click', () => tap(null));

  undoButton.addEventListener('click', () => {
    const last = state.taps.pop();
    save();
    draw();
    if (last) say(`Undone: ${last.assignment ? names.get(last.assignment) : 'unknown finisher'}, ${watchTime(last.ms)}.`);
  });

  resetButton.addEventListener('click', () => {
    if (state.taps.length && !window.confirm('Stop the clock and forget this rep\'s taps?')) return;
    state = { ...fresh(), rep: state.rep };
    anchor = null;
    save();
    draw();
    tick();
  });

  finishers.addEventListener('change', (event) => {
    const select = event.target;
    if (!(select instanceof HTMLSelectElement) || !select.dataset.key) return;
    const named = state.taps.find((t) => t.key === select.dataset.key);
    if (named) named.assignment = select.value || null;
    save();
    draw();
  });

  repSelect.addEventListener('change', () => {
    state.rep = repSelect.value;  // the taps, if any, are for the rep now chosen
    save();
    draw();
  });

  // ------------------------------------------------------------------ saving

  saveButton.addEventListener('click', () => {
    if (state.taps.some((t) => !t.assignment)) {
      say('Name every unknown finisher first (or undo the tap).', { alert: true });
      return;
    }
    const batch = {
      key: newKey(),
      user: USER,
      session: SESSION,
      rep: state.rep,
      taps: state.taps.map((t) => ({ assignment: t.assignment, time: watchTime(t.ms), key: t.key })),
      confirm: false,
      at: Date.now(),
      state: 'waiting',
    };
    write(OUT_PREFIX + batch.key, batch);
    const options = Array.from(repSelect.options).map((option) => option.value);
    const next = options[options.indexOf(state.rep) + 1];
    state = { rep: next || state.rep, startedAt: null, taps: [] };
    anchor = null;
    save();
    draw();
    tick();
    say(navigator.onLine ? `Rep ${batch.rep}: sending…` : `Rep ${batch.rep}: kept on this phone — sends when you're back online.`);
    send(batch);
  });

  const inFlight = new Set();

  async function send(batch) {
    if (inFlight.has(batch.key)) return;
    inFlight.add(batch.key);
    const body = new FormData();
    body.append('csrfmiddlewaretoken', form.querySelector('input[name="csrfmiddlewaretoken"]').value);
    body.append('rep', batch.rep);
    for (const t of batch.taps) {
      body.append(`time_${t.assignment}`, t.time);
      body.append(`key_${t.assignment}`, t.key);
    }
    if (batch.confirm) body.append('confirm', 'on');
    let response;
    try {
      response = await fetch(form.action, {
        method: 'POST', body, credentials: 'same-origin', headers: { Accept: 'application/json' },
      });
    } catch (error) {
      inFlight.delete(batch.key);
      say(`Rep ${batch.rep}: kept on this phone — sends when you're back online.`);
      return;
    }
    inFlight.delete(batch.key);
    if (response.redirected || !(response.headers.get('Content-Type') || '').includes('json')) {
      if (response.ok) {  // the login page: the session ended
        batch.state = 'login';
        write(OUT_PREFIX + batch.key, batch);
        say(`Rep ${batch.rep} is not sent yet: log in again; the times are kept on this phone.`, { alert: true });
        const link = el('a', 'login-link', 'Log in');
        link.href = `${script.dataset.login}?next=${encodeURIComponent(location.pathname + location.search)}`;
        status.append(' ', link);
        return;
      }
      say(`Rep ${batch.rep}: the server failed (${response.status}); trying again.`);
      return;
    }
    const answer = await response.json().catch(() => ({}));
    if (response.ok) {
      drop(OUT_PREFIX + batch.key);
      say(answer.message || `Rep ${batch.rep} saved.`);
      keepPage();
      return;
    }
    // Refused: say why, keep the times; offer "Save anyway" for a time no runner runs.
    batch.state = 'refused';
    batch.errors = (answer.errors || [`the server answered ${response.status}`]).join(' ');
    batch.askConfirm = Boolean(answer.confirm);
    write(OUT_PREFIX + batch.key, batch);
    showRefused(batch);
  }

  // A refused rep, kept on the phone until the coach saves it anyway or discards it.
  function showRefused(batch) {
    say(`Rep ${batch.rep} not saved: ${batch.errors}`, { alert: true });
    if (batch.askConfirm) {
      const again = el('button', 'button confirm', 'Save anyway');
      again.type = 'button';
      again.addEventListener('click', () => {
        batch.confirm = true;
        batch.state = 'waiting';
        write(OUT_PREFIX + batch.key, batch);
        send(batch);
      });
      status.append(' ', again);
    }
    const discard = el('button', 'button', 'Discard these times');
    discard.type = 'button';
    discard.addEventListener('click', () => { drop(OUT_PREFIX + batch.key); say(''); });
    status.append(' ', discard);
  }

  function flush(withLogin) {
    for (const batch of outbox()) {
      if (batch.state === 'refused') {
        if (withLogin) showRefused(batch);  // on load: say again what is waiting for a yes
        continue;
      }
      if (batch.state === 'login' && !withLogin) continue;
      send(batch);
    }
  }

  // ------------------------------------------------------------------ offline copies

  function keepPage() {
    if (!('serviceWorker' in navigator) || !script.dataset.serviceWorker) return;
    navigator.serviceWorker.ready.then((registration) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = (message) => {
        if (message.data && message.data.kept) document.body.dataset.offlineReady = 'true';
      };
      registration.active.postMessage({ type: 'keep', url: location.href }, [channel.port2]);
    });
  }

  // ------------------------------------------------------------------ start

  live.hidden = false;
  typed.hidden = true;
  if (!state.taps.length && state.startedAt === null) state.rep = repSelect.value;
  if (!Array.from(repSelect.options).some((option) => option.value === state.rep)) state = fresh();
  draw();
  tick();
  setInterval(tick, 100);
  window.addEventListener('online', () => flush(true));
  setInterval(() => flush(false), RETRY_MS);
  flush(true);
  if ('serviceWorker' in navigator && script.dataset.serviceWorker) {
    navigator.serviceWorker.register(script.dataset.serviceWorker, { scope: '/' }).catch(() => undefined);
    keepPage();
  }
  form.dataset.ready = 'true';
}());
