// Replies of the settings API kept in IndexedDB, so the console answers
// from its last snapshot with the network gone. A failure to keep or read
// (private mode, quota) only means nothing is kept.
const DB = 'anytime-offline';
const STORE = 'replies';

function open() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function run(mode, work) {
  const db = await open();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = work(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

export async function keepReply(key, value) {
  try { await run('readwrite', (s) => s.put(value, key)); } catch (_) { /* not kept */ }
}

export async function keptReply(key) {
  try { return (await run('readonly', (s) => s.get(key))) ?? null; } catch (_) { return null; }
}

// Resolves when the browser has nothing more urgent to do (at the latest
// after half a second), so keeping a reply never delays drawing it.
export function whenIdle() {
  return new Promise((resolve) => {
    if ('requestIdleCallback' in window) requestIdleCallback(() => resolve(), { timeout: 500 });
    else setTimeout(resolve, 0);
  });
}

export async function forgetReplies() {
  try { await run('readwrite', (s) => s.clear()); } catch (_) { /* nothing kept */ }
}

// The service worker: the app shell cached so the console opens again with
// no network. `url` is the worker's script; what the page has loaded so far
// (its scripts, WebAssembly, styles) is handed to it to keep.
export function registerWorker(url) {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register(url).then(() => navigator.serviceWorker.ready).then((reg) => {
    const here = location.origin;
    const urls = [location.href, ...performance.getEntriesByType('resource').map((e) => e.name)]
      .filter((u) => u.startsWith(here) && !new URL(u).pathname.includes('/api/'));
    reg.active?.postMessage({ keep: urls });
  }).catch(() => { /* the console works without it, online */ });
}
