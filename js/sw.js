// The console's service worker: its shell (the page, scripts, WebAssembly,
// styles) from the network when there is one, else from this cache, so the
// console opens again offline. The settings API is never cached here: the
// console keeps its own snapshot of it (IndexedDB) and says how old it is.
const CACHE = 'anytime-shell-v1';

self.addEventListener('install', (event) => {
  // The bulk worker's script is kept too, so bulk runs work offline before
  // any ran online (a portal's copy of the console may not have it).
  event.waitUntil(caches.open(CACHE)
    .then((c) => c.addAll(['./']).then(() => c.add('./bulk-worker.js').catch(() => {})))
    .then(() => keepConsoleFiles())
    .then(() => self.skipWaiting()));
});

// Every page's modules (the build lists them in console-files.json), so a
// page never opened before opens offline too. The modules of the build
// before are kept as well: a tab opened on it (offline, or before a deploy)
// may still ask for one of its pages. Older ones are let go.
const MODULE = /\.[0-9a-f]{16}\.wasm$/;
const BUILDS = './.anytime-kept-builds.json';
// One run at a time (install and the pages' messages each start one): a
// run reads which builds are kept, fetches, then lets go of the rest, and
// another run's write in between would make it let go of the wrong ones.
let keeping = Promise.resolve();
function keepConsoleFiles() {
  const run = keeping.then(keepOnce);
  keeping = run;
  return run;
}
async function keepOnce() {
  try {
    const response = await fetch('./console-files.json', { cache: 'no-cache' });
    if (!response.ok) return;
    const files = await response.json();
    const wanted = new Set([...files.shell, ...Object.values(files.pages).flat()]
      .map((f) => new URL(f, self.registration.scope).href));
    const cache = await caches.open(CACHE);
    // What is kept, read before which builds are: a module put in after
    // this (by a page, before its build's list) is not let go by this run.
    const have = new Set((await cache.keys()).map((r) => r.url));
    const builds = await keptBuilds(cache, [...wanted].filter((u) => MODULE.test(u)).sort());
    await Promise.all([...wanted].filter((u) => !have.has(u)).map((u) => cache.add(u).catch(() => {})));
    const kept = new Set([...builds.current, ...builds.previous]);
    await Promise.all([...have].filter((u) => MODULE.test(u) && !kept.has(u)).map((u) => cache.delete(u)));
  } catch (_) { /* kept as they come instead */ }
}

// The module lists of this build and the one before, kept in the cache.
async function keptBuilds(cache, current) {
  const stored = await cache.match(BUILDS).then((r) => (r ? r.json() : null)).catch(() => null);
  const same = (a, b) => Array.isArray(b) && a.length === b.length && a.every((u, i) => u === b[i]);
  if (stored && same(current, stored.current)) {
    return { current, previous: Array.isArray(stored.previous) ? stored.previous : [] };
  }
  const builds = { current, previous: stored && Array.isArray(stored.current) ? stored.current : [] };
  await cache.put(BUILDS, new Response(JSON.stringify(builds), { headers: { 'content-type': 'application/json' } }));
  return builds;
}

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

// What the page loaded before this worker controlled it, and, as a page
// of a newer build may have come since this worker was installed, that
// build's modules.
self.addEventListener('message', (event) => {
  const urls = event.data && Array.isArray(event.data.keep) ? event.data.keep : [];
  event.waitUntil(caches.open(CACHE)
    .then((c) => Promise.all(urls.map((u) => c.add(u).catch(() => {}))))
    .then(() => keepConsoleFiles())
    // A sender that passed a port hears when its run (and those before it) ended.
    .then(() => event.ports[0]?.postMessage('kept')));
});

// A server that takes the connection but does not answer (a proxy with its
// upstream gone, a captive portal) is as good as none: after this long
// without the response's headers, the kept shell answers. The body, once
// it comes, is never cut short.
const ANSWER_WITHIN_MS = 5000;

// After one such wait, the shell's other files (asked for right after)
// come from the cache at once for a while instead of waiting again each.
const TRUST_THE_CACHE_MS = 30000;
let unresponsiveUntil = 0;

function fromNetwork(request) {
  const controller = new AbortController();
  const timer = setTimeout(() => {
    unresponsiveUntil = Date.now() + TRUST_THE_CACHE_MS;
    controller.abort();
  }, ANSWER_WITHIN_MS);
  return fetch(request, { signal: controller.signal })
    .then((response) => {
      unresponsiveUntil = 0;
      return response;
    })
    .finally(() => clearTimeout(timer));
}

async function fromCache(request) {
  const cache = await caches.open(CACHE);
  // Any route of the console is its one page.
  return (await cache.match(request, { ignoreSearch: true }))
    ?? (request.mode === 'navigate' ? await cache.match('./') : undefined);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== location.origin || url.pathname.includes('/api/')) return;
  if (Date.now() < unresponsiveUntil) {
    event.respondWith(fromCache(request).then((kept) => kept ?? fromNetwork(request)));
    return;
  }
  event.respondWith(
    fromNetwork(request)
      .then(async (response) => {
        // A module of the build before, gone from the server since a
        // deploy: the kept copy lets an open tab go on.
        if (!response.ok && MODULE.test(url.pathname)) return (await fromCache(request)) ?? response;
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((c) => c.put(request, copy));
        }
        return response;
      })
      .catch(async () => (await fromCache(request)) ?? Response.error()),
  );
});
