// The console's service worker: its shell (the page, scripts, WebAssembly,
// styles) from the network when there is one, else from this cache, so the
// console opens again offline. The settings API is never cached here: the
// console keeps its own snapshot of it (IndexedDB) and says how old it is.
const CACHE = 'anytime-shell-v1';

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(['./'])).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

// What the page loaded before this worker controlled it.
self.addEventListener('message', (event) => {
  const urls = event.data && Array.isArray(event.data.keep) ? event.data.keep : [];
  event.waitUntil(caches.open(CACHE).then((c) => Promise.all(urls.map((u) => c.add(u).catch(() => {})))));
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== location.origin || url.pathname.includes('/api/')) return;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((c) => c.put(request, copy));
        }
        return response;
      })
      .catch(async () => {
        const cache = await caches.open(CACHE);
        // Any route of the console is its one page.
        return (await cache.match(request, { ignoreSearch: true }))
          ?? (request.mode === 'navigate' ? await cache.match('./') : undefined)
          ?? Response.error();
      }),
  );
});
