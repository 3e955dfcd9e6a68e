/* Breakdown's service worker: a page the athlete has opened can be opened again with no
   signal at the track. Served by coaching.views.service_worker, which fills in CONFIG.

   - Same-origin GET navigations go to the network first; a good answer the server marked with
     workouts.views.OFFLINE_HEADER (the athlete's home and session pages) is kept, and when the network
     fails the kept copy is shown, marked so the page can say it is a copy.
   - The static files those pages use are kept too (network first, kept copy when offline).
   - POSTs are never answered here: they go to the network as if there were no worker. The
     split queue lives in the page (static/js/split-entry.js), not here.
   - Signing in or out forgets every kept page: they belonged to the last user. */
{% autoescape off %}const CONFIG = {{ config }};{% endautoescape %}

self.addEventListener('install', (event) => {
  // One file missing must not stop the worker: keep what can be kept.
  event.waitUntil(
    caches.open(CONFIG.staticCache).then((cache) =>
      Promise.all(CONFIG.precache.map((url) => cache.add(url).catch(() => undefined))))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener('activate', (event) => {
  // Drop the static files of earlier deploys, then take charge of pages already open, so the
  // page that registered the worker can be reloaded offline.
  event.waitUntil(
    caches.keys().then((names) => Promise.all(names
      .filter((name) => name.startsWith('breakdown-static-') && name !== CONFIG.staticCache)
      .map((name) => caches.delete(name))))
      .then(() => self.clients.claim())
  );
});

const pending = new Map();  // url -> the cache.put still under way for it

function keep(url, response) {
  const put = caches.open(CONFIG.pagesCache).then((cache) => cache.put(url, response));
  pending.set(url, put);
  return put.finally(() => { if (pending.get(url) === put) pending.delete(url); });
}

function keepable(url) {
  return !CONFIG.neverKeep.some((path) => url.pathname.startsWith(path));
}

function isPage(response) {
  // Only the pages the server marks for it (an athlete's sessions) are kept on the phone;
  // a redirect (to the login page, say) arrives as an opaque redirect and is not ok.
  return response.ok && response.type === 'basic' &&
    response.headers.get(CONFIG.keepHeader) === 'keep' &&
    (response.headers.get('Content-Type') || '').startsWith('text/html');
}

async function page(event) {
  const url = new URL(event.request.url);
  url.hash = '';
  try {
    const response = await fetch(event.request);
    if (isPage(response)) event.waitUntil(keep(url.href, response.clone()));
    return response;
  } catch (error) {
    const kept = await caches.match(url.href, { cacheName: CONFIG.pagesCache, ignoreVary: true });
    return kept ? markedCopy(kept) : notKept();
  }
}

async function markedCopy(kept) {
  // The page reads data-offline-copy to say it is showing the session as last loaded. The
  // kept headers go with it, Content-Security-Policy and its nonce included.
  const html = (await kept.text()).replace('<body', '<body data-offline-copy');
  const headers = new Headers(kept.headers);
  headers.delete('Content-Length');  // the body is longer now, and no longer encoded
  headers.delete('Content-Encoding');
  return new Response(html, { status: 200, statusText: 'OK', headers });
}

function notKept() {
  const html = '<!doctype html><html lang="en"><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<link rel="stylesheet" href="${CONFIG.stylesheet}"><title>No signal · Breakdown</title>` +
    '<main><h1>No signal</h1><p>There is no copy of this page on this phone: it was not ' +
    'opened here with signal. Splits you typed are still kept on this phone. Try again ' +
    `when you have signal, or go back to <a href="${CONFIG.home}">your sessions</a>.</p></main></html>`;
  return new Response(html, { status: 503, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
}

async function staticFile(request) {
  try {
    const response = await fetch(request);
    if (response.ok) {
      const copy = response.clone();
      caches.open(CONFIG.staticCache).then((cache) => cache.put(request, copy));
    }
    return response;
  } catch (error) {
    const kept = await caches.match(request, { cacheName: CONFIG.staticCache, ignoreSearch: true });
    if (kept) return kept;
    throw error;
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method !== 'GET') {
    // Watched, never answered: the request goes to the network untouched.
    if (request.method === 'POST' && CONFIG.forgetOn.includes(url.pathname)) {
      event.waitUntil(caches.delete(CONFIG.pagesCache));
    }
    return;
  }
  if (request.mode === 'navigate') {
    if (keepable(url)) event.respondWith(page(event));
    return;
  }
  if (url.pathname.startsWith(CONFIG.staticPrefix)) event.respondWith(staticFile(request));
});

// The page asks for itself to be kept: when it was loaded before this worker took charge (the
// first visit), and again ("fresh") after splits were saved on it, so a reload with no signal
// shows them. It is told when the copy is in the cache.
self.addEventListener('message', (event) => {
  const message = event.data || {};
  const port = event.ports[0];
  if (message.type !== 'keep' || !port) return;
  const url = new URL(message.url, self.location.origin);
  url.hash = '';
  if (url.origin !== self.location.origin || !keepable(url)) {
    port.postMessage({ kept: false });
    return;
  }
  event.waitUntil((async () => {
    await (pending.get(url.href) || Promise.resolve()).catch(() => undefined);
    let kept = !message.fresh &&
      await caches.match(url.href, { cacheName: CONFIG.pagesCache, ignoreVary: true });
    if (!kept) {
      try {
        const response = await fetch(url.href, { credentials: 'same-origin', cache: 'no-store' });
        if (isPage(response) && !response.redirected) {
          await keep(url.href, response);
          kept = true;
        }
      } catch (error) { /* no signal: the copy there is stays */ }
    }
    port.postMessage({ kept: Boolean(kept) });
  })());
});
