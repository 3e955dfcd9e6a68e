/* Split entry on the athlete's session page (templates/workouts/session_athlete.html), and the
   offline pieces every athlete page shares (templates/workouts/_split_entry_script.html).

   Enter (the keypad's Go) saves a rep through htmx and moves straight on to the next rep's
   box without waiting for the answer; the card shows the time against its target at once.

   Nothing lost, nothing doubled. Every split goes out with the client_key made for it, and
   stays in localStorage ("breakdown.split.<client_key>": assignment, rep, time as typed, key,
   state) until the server has answered for it. A queued split is, on its card:
     sending  a request is out (known to this tab only);
     waiting  no answer (no signal, or the answer was lost; or a server error, up to
              MAX_TRIES): "Saved on this phone — sends when you're back online". Sent again
              when the connection returns, every RETRY_MS while anything waits, and when
              its session's page loads;
     login    the answer was the login page (the session ended): kept, not swapped in, sent
              again from the page the athlete comes back to after logging in.
   It leaves the queue once the server has answered for it: saved (200, the card swapped in),
   refused with its reason (422, swapped in), or refused outright (403, 404, …; or 5xx
   MAX_TRIES times): the reason goes on the card and the typed time stays in its box to copy.
   A resend reuses the key, so a retry after a lost answer, or two tabs sending the same
   queue, records the split once (workouts.services.split_record).

   The requests go through htmx (the form's own submit, or htmx.ajax from the form), so there
   is one path for a split with or without signal. Without JavaScript the forms post as
   plain forms and nothing here runs. */
(function () {
  'use strict';

  const script = document.currentScript;
  const URLS = {
    serviceWorker: script.dataset.serviceWorker,
    home: script.dataset.home,
    login: script.dataset.login,
    logout: script.dataset.logout,
  };
  // Splits queued by whoever is signed in now: a phone passed to a teammate (or a coach who
  // signs in on it) never sends the last user's splits as their own.
  const USER = script.dataset.user;
  const PREFIX = 'breakdown.split.';
  const RETRY_MS = 5000;
  const MAX_TRIES = 5;  // server errors (5xx) in a row before a split is given up

  const NOTES = {
    sending: 'Sending…',
    waiting: 'Saved on this phone — sends when you\'re back online',
    retrying: 'Saved on this phone — the server had a problem; trying again',
    login: 'Not sent yet: log in again; your splits are kept on this phone.',
  };

  const entry = document.getElementById('split-entry');
  const assignment = entry ? entry.dataset.assignment : null;
  const onTargetMs = entry ? Number(entry.dataset.onTargetMs) : 500;
  const inFlight = new Set();  // client_keys with a request out from this tab

  // ------------------------------------------------------------------ the queue

  const queue = {
    all() {
      const items = [];
      try {
        for (let i = 0; i < localStorage.length; i++) {
          const name = localStorage.key(i);
          if (name && name.startsWith(PREFIX)) {
            const item = parse(localStorage.getItem(name));
            if (item) items.push(item);
          }
        }
      } catch (error) { /* storage switched off: nothing is queued */ }
      return items.sort((a, b) => a.at - b.at);
    },
    get(key) {
      try { return parse(localStorage.getItem(PREFIX + key)); } catch (error) { return null; }
    },
    put(item) {
      try { localStorage.setItem(PREFIX + item.key, JSON.stringify(item)); } catch (error) { /* full or off */ }
    },
    drop(key) {
      try { localStorage.removeItem(PREFIX + key); } catch (error) { /* off */ }
    },
  };

  function parse(text) {
    try {
      const item = JSON.parse(text);
      return item && item.key && item.assignment && item.rep ? item : null;
    } catch (error) {
      return null;
    }
  }

  const ours = (item) => item.user === USER;
  const mine = (item) => ours(item) && item.assignment === assignment;

  function newKey() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  // ------------------------------------------------------------------ reading a split

  // The forms workouts/splits.py reads, for showing a split before the server has answered.
  // Anything doubtful (1.15, 5012, 43.926.4) gets no early reading: the server decides.
  const FORMS = [
    [/^(\d+):(\d{2}):(\d{2})(?:\.(\d+))?["”″“]?$/, ['h', 'm', 's', 'frac']],
    [/^(\d+):(\d{2})(?:\.(\d+))?["”″“]?$/, ['m', 's', 'frac']],
    [/^(\d+)['’′‘](?:(\d{2})(?:\.(\d+))?["”″“]?)?$/, ['m', 's', 'frac']],
    [/^([1-5]?\d)\.(\d{2})\.(\d+)$/, ['m', 's', 'frac']],
    [/^(\d+)(?:\.(\d+))?(?:["”″“]|s|sec|secs)?$/, ['secs', 'frac']],
  ];

  function splitMs(text) {
    if (/^[1-9]\.[0-5]\d$/.test(text) || /^\d{4,}$/.test(text)) return null;
    for (const [pattern, names] of FORMS) {
      const match = pattern.exec(text);
      if (!match) continue;
      const part = {};
      names.forEach((name, i) => { part[name] = match[i + 1]; });
      const h = Number(part.h || 0);
      const m = Number(part.m || 0);
      const s = Number(part.s || part.secs || 0);
      const frac = part.frac || '';
      if ((part.s !== undefined && s >= 60) || (part.h !== undefined && m >= 60) || frac.length > 3) return null;
      return ((h * 60 + m) * 60 + s) * 1000 + Math.round(Number(`0.${frac || 0}`) * 1000);
    }
    return null;
  }

  // As athletes.paces.format_time: 42.4, 2:54.0, 14:30.
  function raceTime(ms) {
    const tenths = Math.round(ms / 100);
    if (tenths < 600) return (tenths / 10).toFixed(1);
    if (tenths < 6000) {
      return `${Math.floor(tenths / 600)}:${((tenths % 600) / 10).toFixed(1).padStart(4, '0')}`;
    }
    const total = Math.round(ms / 1000);
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = String(total % 60).padStart(2, '0');
    return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
  }

  // As the diff and diff_class filters in workouts/templatetags/sessions.py.
  function diffText(diff) {
    const shown = raceTime(Math.abs(diff));
    return shown === '0.0' ? '±0.0' : `${diff > 0 ? '+' : '−'}${shown}`;
  }

  function diffClass(diff) {
    if (Math.abs(diff) <= onTargetMs) return 'on';
    return diff > 0 ? 'slow' : 'fast';
  }

  // ------------------------------------------------------------------ cards

  const cardFor = (rep) => document.getElementById(`rep-${rep}`);
  const formOf = (card) => card && card.querySelector('form.split-form');
  const inputOf = (form) => form.querySelector('.split-input');
  const DIFF_CLASSES = ['on', 'slow', 'fast'];

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // Show a queued split on its card: the time and its difference from target, coloured as the
  // coach's grid colours it, with a note saying where the split is.
  function showQueued(card, item, state) {
    if (!card) return;
    if (card.dataset.serverClass === undefined) {
      card.dataset.serverClass = DIFF_CLASSES.filter((name) => card.classList.contains(name)).join(' ');
    }
    card.classList.remove(...DIFF_CLASSES, 'is-refused');
    const result = card.querySelector('.rep-result');
    const saved = result.querySelector('.saved-result');
    if (saved) saved.hidden = true;
    let early = result.querySelector('.early-result');
    if (!early) {
      early = el('span', 'early-result');
      result.insertBefore(early, result.querySelector('.pending-note'));
    }
    early.replaceChildren();
    const ms = splitMs(item.time);
    const target = card.dataset.targetMs;
    if (ms === null) {
      early.append(el('b', 'split', item.time));
    } else {
      early.append(el('b', 'split', raceTime(ms)));
      if (target !== undefined) {
        const diff = ms - Number(target);
        card.classList.add(diffClass(diff));
        early.append(' ', el('span', 'diff', diffText(diff)));
      }
    }
    card.classList.add('is-pending');
    card.dataset.pending = state;
    card.dataset.key = item.key;
    note(card, NOTES[state], { login: state === 'login' });
  }

  // Back to what the server last showed for the card.
  function clearQueued(card) {
    if (!card || !card.classList.contains('is-pending')) return;
    const result = card.querySelector('.rep-result');
    const early = result.querySelector('.early-result');
    if (early) early.remove();
    const saved = result.querySelector('.saved-result');
    if (saved) saved.hidden = false;
    card.classList.remove('is-pending', ...DIFF_CLASSES);
    if (card.dataset.serverClass) card.classList.add(...card.dataset.serverClass.split(' '));
    delete card.dataset.pending;
    delete card.dataset.key;
    note(card, '');
  }

  function note(card, text, { login = false, alert = false } = {}) {
    const line = card.querySelector('.pending-note');
    line.replaceChildren(text);
    if (alert) line.setAttribute('role', 'alert');
    else line.removeAttribute('role');
    if (login) {
      const link = el('a', 'login-link', 'Log in');
      link.href = `${URLS.login}?next=${encodeURIComponent(location.pathname)}`;
      line.append(' ', link);
    }
    line.hidden = !text;
  }

  function refuse(card, time, reason) {
    clearQueued(card);
    card.classList.add('is-refused');
    const input = inputOf(formOf(card));
    if (!input.value.trim()) input.value = time;
    note(card, `Not saved: ${reason}. The time you typed is still in the box.`, { alert: true });
  }

  function refusal(status) {
    if (status === 404) return 'this session is no longer there (404) — your coach may have removed it';
    if (status === 403) return 'the server refused it (403) — reload the page and save it again';
    if (status >= 500) return `the server failed (${status}) — try again later`;
    return `the server answered ${status}`;
  }

  // ------------------------------------------------------------------ the page's header

  function updateCount() {
    const count = document.getElementById('splits-in');
    if (!entry || !count) return;
    const total = entry.querySelectorAll('.rep-card').length;
    const done = entry.querySelectorAll('.rep-card.has-split, .rep-card.is-pending').length;
    count.textContent = `${done} of ${total}`;
  }

  let lastSaid = { text: '', rep: null };
  function say(text, rep = null) {
    lastSaid = { text, rep };
    updateStatus();
  }

  function updateStatus() {
    const status = document.getElementById('sync-status');
    if (!status) return;
    const items = queue.all().filter(mine);
    const waiting = items.filter((item) => item.state !== 'login').length;
    const login = items.length - waiting;
    const parts = [];
    if (waiting) {
      parts.push(`${waiting} split${waiting === 1 ? '' : 's'} kept on this phone, ` +
        (navigator.onLine ? 'sending…' : 'not sent yet.'));
    }
    if (login) parts.push('Log in again to send your splits.');
    status.replaceChildren(parts.length ? parts.join(' ') : lastSaid.text);
    if (!parts.length && lastSaid.rep) {
      const link = el('a', '', `Go to rep ${lastSaid.rep}`);
      link.href = `#rep-${lastSaid.rep}`;
      status.append(' ', link);
    }
    status.hidden = !status.textContent;
    status.classList.toggle('is-waiting', parts.length > 0);
  }

  // ------------------------------------------------------------------ entering splits

  // Keep the typed split before htmx sends it, and move on at once.
  function remember(form, submitter) {
    const input = inputOf(form);
    if (submitter && submitter.name === 'time') input.value = submitter.value;  // "Use 43.9"
    const keyInput = form.querySelector('input[name="client_key"]');
    const item = {
      user: USER,
      assignment,
      rep: form.querySelector('input[name="rep"]').value,
      time: input.value.trim(),
      key: keyInput.value,
      confirm: Boolean(submitter && submitter.name === 'confirm'),
      state: 'waiting',
      tries: 0,
      at: Date.now(),
      page: location.pathname,  // where it can be sent from, for the other pages to link to
      title: document.querySelector('h1').textContent.trim(),
    };
    for (const other of queue.all().filter(mine)) {
      if (other.key === item.key && other.time !== item.time) {
        // This key may already have reached the server with the earlier time: a different
        // time needs a key of its own, or the server would answer with the earlier split.
        item.key = newKey();
        keyInput.value = item.key;
        queue.drop(other.key);
      } else if (other.key !== item.key && other.rep === item.rep) {
        queue.drop(other.key);  // the newer time for the rep is the one to send
      }
    }
    if (item.confirm || (queue.get(item.key) || {}).confirm) item.confirm = true;
    queue.put(item);
    return item;
  }

  function moveOn(form) {
    const inputs = Array.from(entry.querySelectorAll('.split-input'));
    const next = inputs[inputs.indexOf(inputOf(form)) + 1];
    if (next) {
      next.focus();
      if (next.value) next.select();
      return;
    }
    const report = document.getElementById('report');
    const first = report && report.querySelector('select, textarea, input:not([type="hidden"])');
    if (first) {
      first.focus({ preventScroll: true });
      report.scrollIntoView({ block: 'start' });
    }
  }

  if (entry) {
    // Capture: runs before htmx's own submit listener on the form, so the key can still be
    // changed and the split is in the queue before the request is made.
    document.addEventListener('submit', (event) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement) || !form.matches('#split-entry form.split-form')) return;
      const submitter = event.submitter;
      if (!inputOf(form).value.trim() && !(submitter && submitter.name === 'time')) return;
      const item = remember(form, submitter);
      showQueued(form.closest('.rep-card'), item, navigator.onLine ? 'sending' : 'waiting');
      updateCount();
      updateStatus();
      moveOn(form);
    }, true);

    // Enter in an empty box moves on without saving (the box is required, so the browser
    // would otherwise stop and complain).
    entry.addEventListener('keydown', (event) => {
      const input = event.target;
      if (event.key !== 'Enter' || !input.classList || !input.classList.contains('split-input')) return;
      if (input.value.trim()) return;
      event.preventDefault();
      moveOn(input.form);
    });
  }

  // ------------------------------------------------------------------ answers

  const isSplitRequest = (config) => config && config.elt instanceof Element &&
    config.elt.matches('form.split-form');

  function isLoginPage(xhr) {
    if (!xhr.responseURL) return false;
    return new URL(xhr.responseURL).pathname === URLS.login;
  }

  // The athlete's yes to an implausible time travels with the queued split: htmx forgets which
  // button was pressed once focus has moved on to the next rep.
  document.addEventListener('htmx:configRequest', (event) => {
    if (!isSplitRequest(event.detail)) return;
    const item = queue.get(event.detail.parameters.client_key);
    if (item && item.confirm) event.detail.parameters.confirm = 'on';
  });

  document.addEventListener('htmx:beforeRequest', (event) => {
    const config = event.detail.requestConfig;
    if (isSplitRequest(config)) inFlight.add(config.formData.get('client_key'));
  });

  // A session that ended answers every request with the login page: never swap it into a card.
  document.addEventListener('htmx:beforeSwap', (event) => {
    if (isLoginPage(event.detail.xhr)) event.detail.shouldSwap = false;
  });

  // The count again once a swapped card has settled: a refused card (422) can settle after
  // htmx:afterRequest, still marked pending there.
  document.addEventListener('htmx:afterSettle', updateCount);

  // Fires once per request, whatever became of it (htmx:sendError, htmx:responseError and a
  // swap all come through here), after any swap.
  document.addEventListener('htmx:afterRequest', (event) => {
    const { xhr, requestConfig: config } = event.detail;
    if (!isSplitRequest(config)) {
      if (isLoginPage(xhr)) say('Your session has ended: log in again.');
      else if (xhr.status === 200) keepFreshCopy();  // the report, a removal
      updateCount();
      return;
    }
    const key = config.formData.get('client_key');
    const rep = config.formData.get('rep');
    inFlight.delete(key);
    const item = queue.get(key);
    const card = cardFor(rep);
    const status = xhr.status;
    if (isLoginPage(xhr)) {
      if (item) {
        item.state = 'login';
        queue.put(item);
        showQueued(card, item, 'login');
      }
    } else if (status === 200 || status === 422) {
      queue.drop(key);  // the server's card is in place
      if (status === 200) {
        const shown = card && card.querySelector('.saved-result');
        say(`Rep ${rep} saved${shown ? `: ${shown.textContent.trim().replace(/\s+/g, ' ')}` : ''}.`);
      } else {
        say(`Rep ${rep} is not saved yet.`, rep);
      }
      restore(rep);  // a newer time typed for the rep meanwhile
      keepFreshCopy();
      setTimeout(() => flush(false), 0);  // and anything still waiting, now there is signal
    } else if (status === 0 || ((status >= 500 || status === 408 || status === 429) &&
        item && ++item.tries < MAX_TRIES)) {
      if (item) {
        item.state = 'waiting';
        queue.put(item);
        showQueued(card, item, status ? 'retrying' : 'waiting');
      }
    } else {
      queue.drop(key);
      if (card) refuse(card, item ? item.time : '', refusal(status));
      say(`Rep ${rep} was not saved.`, rep);
    }
    updateCount();
    updateStatus();
  });

  // Put queued splits back on their cards (after a reload, or over a card just swapped in).
  function restore(onlyRep) {
    for (const item of queue.all().filter(mine)) {
      if (onlyRep !== undefined && item.rep !== onlyRep) continue;
      const card = cardFor(item.rep);
      const form = formOf(card);
      if (!form) continue;
      inputOf(form).value = item.time;
      form.querySelector('input[name="client_key"]').value = item.key;
      showQueued(card, item, inFlight.has(item.key) ? 'sending' : item.state);
    }
  }

  // Send what is queued for this page, each with its own key, through htmx.
  function flush(withLogin) {
    if (!entry || !window.htmx) return;
    for (const item of queue.all().filter(mine)) {
      if (inFlight.has(item.key) || (item.state === 'login' && !withLogin)) continue;
      const card = cardFor(item.rep);
      const form = formOf(card);
      if (!form) continue;
      const input = inputOf(form);
      if (input.value.trim() !== item.time) {
        if (document.activeElement === input) continue;  // being edited: next time
        input.value = item.time;  // htmx checks the form's own fields before sending
      }
      const values = { rep: item.rep, time: item.time, client_key: item.key };
      showQueued(card, item, navigator.onLine ? 'sending' : 'waiting');
      window.htmx.ajax('POST', form.getAttribute('hx-post'), {
        source: form, target: card, swap: 'outerHTML', values,
      }).catch(() => undefined);  // a failed send is handled in htmx:afterRequest
    }
    updateStatus();
  }

  // ------------------------------------------------------------------ other tabs

  window.addEventListener('storage', (event) => {
    if (!event.key || !event.key.startsWith(PREFIX)) return;
    const old = event.newValue === null && parse(event.oldValue);
    if (old && mine(old)) {
      const card = cardFor(old.rep);
      if (card && card.dataset.key === old.key) {
        clearQueued(card);
        note(card, 'Sent from another tab or window: reload to see it here.');
      }
    }
    updateCount();
    updateStatus();
  });

  // ------------------------------------------------------------------ logging out

  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || new URL(form.action).pathname !== URLS.logout) return;
    const waiting = queue.all().filter(ours);
    if (!waiting.length) return;
    const one = waiting.length === 1;
    const question = `${waiting.length} split${one ? ' is' : 's are'} saved on this phone but ` +
      `not sent yet. Log out and lose ${one ? 'it' : 'them'}?`;
    if (!window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
      return;
    }
    waiting.forEach((item) => queue.drop(item.key));
  }, true);

  // ------------------------------------------------------------------ offline copies

  // The service worker marks a page it answered from its copy (templates/coaching/sw.js).
  const offlineCopy = document.body.hasAttribute('data-offline-copy');

  function offlineBanner() {
    if (!offlineCopy) return;
    let banner = document.getElementById('offline-copy');
    if (!banner) {
      banner = el('p', 'offline-copy');
      banner.id = 'offline-copy';
      banner.setAttribute('role', 'status');
      const bar = document.querySelector('.entry-bar');
      if (bar) bar.prepend(banner);
      else document.getElementById('main').prepend(banner);
    }
    const what = entry ? 'this session' : 'this page';
    if (navigator.onLine) {
      banner.replaceChildren(`Showing ${what} as last loaded. `);
      const reload = el('a', '', 'Reload');
      reload.href = location.href;
      banner.append(reload, ' for the latest.');
    } else {
      banner.replaceChildren(`Offline: showing ${what} as last loaded.`);
    }
  }

  if (offlineCopy) {
    // The keys in a kept copy may have been used since it was kept: make new ones, or a new
    // time would come back as the split saved with the old key. Queued splits keep theirs.
    document.querySelectorAll('input[name="client_key"]').forEach((input) => { input.value = newKey(); });
  }

  // Tell the athlete, on pages without the reps, that splits are waiting for their session.
  function waitingElsewhere() {
    if (entry) return;
    const items = queue.all().filter(ours);
    if (!items.length) return;
    const one = items.length === 1;
    const box = el('p', 'waiting-elsewhere');
    box.setAttribute('role', 'status');
    box.append(`${items.length} split${one ? '' : 's'} saved on this phone ${one ? 'is' : 'are'} not sent yet.`);
    const pages = new Map(items.filter((item) => item.page).map((item) => [item.page, item.title || 'the session']));
    Array.from(pages).forEach(([page, title], i) => {
      box.append(i ? ', ' : ' Open ');
      const link = el('a', '', title);
      link.href = page;
      box.append(link);
    });
    if (pages.size) box.append(` to send ${one ? 'it' : 'them'}.`);
    document.getElementById('main').prepend(box);
  }

  // Ask the service worker to keep this page (and the athlete's home, to go back to) for a
  // reload without signal, and say when it has: the browser tests wait for
  // data-offline-ready. `fresh`: fetch the page again, as it is now.
  function keepThisPage(fresh) {
    if (!('serviceWorker' in navigator) || !URLS.serviceWorker) return;
    navigator.serviceWorker.ready.then((registration) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = (message) => {
        if (message.data && message.data.kept) document.body.dataset.offlineReady = 'true';
      };
      registration.active.postMessage({ type: 'keep', url: location.href, fresh }, [channel.port2]);
      if (URLS.home && !fresh) {
        registration.active.postMessage({ type: 'keep', url: URLS.home }, [new MessageChannel().port2]);
      }
    });
  }

  // After saves, once the athlete pauses: the kept copy should show what the server now has.
  let keepTimer = null;
  function keepFreshCopy() {
    clearTimeout(keepTimer);
    keepTimer = setTimeout(() => keepThisPage(true), 1500);
  }

  // ------------------------------------------------------------------ start

  window.addEventListener('online', () => { offlineBanner(); flush(true); });
  window.addEventListener('offline', () => { offlineBanner(); updateStatus(); });
  window.addEventListener('pageshow', (event) => { if (event.persisted) flush(true); });
  setInterval(() => {
    if (queue.all().some((item) => mine(item) && item.state === 'waiting' && !inFlight.has(item.key))) {
      flush(false);
    }
  }, RETRY_MS);

  function start() {
    waitingElsewhere();
    offlineBanner();  // prepended after, so above it
    if (entry) {
      restore();
      updateCount();
      updateStatus();
      flush(true);
    }
    if ('serviceWorker' in navigator && URLS.serviceWorker) {
      navigator.serviceWorker.register(URLS.serviceWorker, { scope: '/' }).catch(() => undefined);
      keepThisPage(false);
    }
  }

  // htmx reads its configuration (which answers to swap) when the document is ready; this
  // script runs just before that, so the first sends wait for it too.
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
}());
