// The console in headless Chromium against the real server (release
// builds): what opening it costs on the wire and in time, with and
// without a throttled network; each page's first render with realistic
// data; 500 triggers reordered by keyboard; search keystrokes over 10,000
// blocked senders; a bulk preview of 100,000 in the worker. Figures only.
// Run by scripts/bench.sh:  node scripts/bench/console.mjs BASE TOKEN OUT.json
import { chromium } from 'playwright';
import { writeFileSync } from 'node:fs';
import { median, searchKeystrokes } from './search.mjs';

const [base, token, out] = process.argv.slice(2);
const headers = { Authorization: `Bearer ${token}`, 'content-type': 'application/json' };
const api = (path, method = 'GET', body) => fetch(`${base}/api/v3/anytime/${path}`, {
  method, headers, body: body && JSON.stringify(body),
}).then(async (r) => { if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`); return r.status === 204 ? null : r.json(); });
const result = {};
const launch = () => chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

// ---- Opening the console -----------------------------------------------------
// Bytes on the wire (what the network layer received, headers aside) and
// times, in a fresh browser each time (nothing cached), no service worker.
const NETWORKS = {
  unthrottled: null,
  '10 Mbit/s, 40 ms': { latency: 40, downloadThroughput: 10e6 / 8, uploadThroughput: 5e6 / 8 },
  'slow 4G (1.6 Mbit/s, 150 ms)': { latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 },
};
const PAGES = { home: ['/', 'Help desk settings'], triggers: ['/triggers', 'Triggers'], routing: ['/routing', 'Routing'], preview: ['/preview', 'Preview'] };

async function open(network, path, heading) {
  const browser = await launch();
  const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  if (network) await cdp.send('Network.emulateNetworkConditions', { offline: false, ...network });
  const sizes = new Map();
  cdp.on('Network.responseReceived', (e) => sizes.set(e.requestId, { url: e.response.url, bytes: 0 }));
  cdp.on('Network.loadingFinished', (e) => { const s = sizes.get(e.requestId); if (s) s.bytes = e.encodedDataLength; });
  const started = Date.now();
  await page.goto(`${base}${path}#token=${token}`);
  // The console's own heading, not the copy its page paints while the module loads.
  await page.locator('.anytime-console:not(#anytime-static-frame) main h1', { hasText: heading }).waitFor({ timeout: 120_000 });
  const shown = Date.now() - started;
  // The page's own data has come when its skeletons are gone.
  await page.waitForFunction(() => !document.querySelector('.at-skeleton'), null, { timeout: 120_000 });
  const ready = Date.now() - started;
  const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null);
  await page.waitForTimeout(300);
  const files = [...sizes.values()];
  const console = files.filter((f) => !new URL(f.url).pathname.startsWith('/api/'));
  await browser.close();
  return {
    consoleBytes: console.reduce((a, f) => a + f.bytes, 0),
    consoleFiles: console.length,
    apiBytes: files.reduce((a, f) => a + f.bytes, 0) - console.reduce((a, f) => a + f.bytes, 0),
    fcp: fcp == null ? null : Math.round(fcp), headingMs: shown, readyMs: ready,
  };
}

result.firstLoad = {};
for (const [network, conditions] of Object.entries(NETWORKS)) {
  result.firstLoad[network] = {};
  for (const [name, [path, heading]] of Object.entries(PAGES)) {
    const runs = [];
    for (let i = 0; i < (conditions ? 1 : 3); i += 1) runs.push(await open(conditions, path, heading));
    const m = (k) => median(runs.map((r) => r[k]).filter((v) => v != null)) ?? null;
    result.firstLoad[network][name] = { consoleBytes: m('consoleBytes'), consoleFiles: m('consoleFiles'), apiBytes: m('apiBytes'), fcp: m('fcp'), headingMs: m('headingMs'), readyMs: m('readyMs') };
    console.log(`open ${name} (${network}): ${(m('consoleBytes') / 1000).toFixed(1)} KB of console in ${m('consoleFiles')} files, `
      + `first content ${m('fcp') ?? '—'} ms, heading ${m('headingMs')} ms, data in ${m('readyMs')} ms`);
  }
}

// ---- Realistic data ----------------------------------------------------------------------
const before = await api('export');
const word = (i) => ['refund', 'invoice', 'login', 'crash', 'upgrade', 'cancel', 'urgent', 'price'][i % 8];
const doc = structuredClone(before);
doc.triggers = Array.from({ length: 500 }, (_, i) => ({
  id: `bench-t${i}`, description: `Trigger ${i}: ${word(i)}`, orderIndex: i, enable: i % 7 !== 0, event: 1 + (i % 3),
  when: 'all', conditions: [{ fieldId: 'subject', matchType: 'contains', value: word(i) }],
}));
const departments = await (await fetch(`${base}/api/v3/departments`, { headers })).json();
doc.routing.rules = Array.from({ length: 200 }, (_, i) => ({
  id: `bench-r${i}`, name: `Rule ${i}`, orderIndex: i, isEnable: true, routeToObject: 'department',
  routeToId: departments[i % departments.length].id,
  conditions: { when: 'all', list: [{ fieldId: 'subject', matchType: 'contains', value: `${word(i)} ${i}` }] },
}));
doc.slaPolicies = Array.from({ length: 50 }, (_, i) => ({
  id: `bench-p${i}`, name: `Policy ${i}`, orderIndex: i, enable: true, firstRespondWithin: 1 + (i % 8),
  operationalHour: 'businessHours', conditions: [{ fieldId: 'subject', matchType: 'contains', value: word(i) }],
}));
doc.holidays = Array.from({ length: 30 }, (_, i) => ({ id: `bench-h${i}`, title: `Holiday ${i}`, date: `2027-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + i).padStart(2, '0')}` }));
await api('import', 'POST', doc);
for (let from = 0; from < 10_000; from += 5_000) {
  await api('blockedSenders/bulk', 'PUT', { items: Array.from({ length: 5_000 }, (_, i) => ({ email: `user${from + i}@bulk.test`, blockType: 'rejectEmail' })) });
}
result.data = '500 triggers, 200 custom rules, 50 SLA policies, 30 holidays, 10,000 blocked senders';

// ---- Each page's first render ------------------------------------------------
const browser = await launch();
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
await page.goto(`${base}/#token=${token}`);
await page.getByText('Signed in', { exact: true }).waitFor();
const AREAS = [['Email accounts', '/email-accounts'], ['Routing', '/routing'], ['Auto allocation', '/auto-allocation'],
  ['Triggers', '/triggers'], ['SLA policies', '/sla-policies'], ['Working time & holidays', '/working-time'],
  ['Blocked senders', '/blocked-senders'], ['Fields & mapping', '/fields'], ['Preview', '/preview'], ['Import & export', '/import']];
result.pages = {};
for (const round of ['first', 'again']) {
  for (const [name, href] of AREAS) {
    await page.evaluate(() => document.querySelector('a[href="/"]')?.click());
    await page.locator('h1', { hasText: 'Help desk settings' }).waitFor();
    const ms = await page.evaluate(async (href) => {
      const t0 = performance.now();
      document.querySelector(`nav a[href="${href}"]`).click();
      const frame = () => new Promise((r) => requestAnimationFrame(r));
      // Drawn with its data: the heading is the page's, no skeleton left.
      const h1 = () => document.querySelector('main h1');
      for (;;) {
        await frame();
        if (h1() && location.pathname === href && !document.querySelector('.at-skeleton') && !h1().textContent.includes('Help desk')) break;
      }
      return performance.now() - t0;
    }, href);
    (result.pages[name] ??= {})[round] = Math.round(ms);
  }
}
for (const [name, t] of Object.entries(result.pages)) console.log(`first render of ${name}: ${t.first} ms (its modules fetched), ${t.again} ms again`);

// ---- 500 triggers reordered by keyboard -----------------------------------------
await page.goto(`${base}/triggers`);
await page.locator('.at-ordered .at-row__name').first().waitFor();
const rows = await page.locator('.at-ordered .at-row__name').count();
const moves = [];
for (let i = 0; i < 9; i += 1) {
  const handle = page.getByRole('button', { name: /^Move Trigger 250: / });
  await handle.focus();
  moves.push(await page.evaluate(async (down) => {
    // The console's own work: until the list's last change to the page.
    let settled = 0;
    const changes = new MutationObserver(() => { settled = performance.now(); });
    changes.observe(document.querySelector('.at-ordered'), { subtree: true, childList: true, attributes: true, characterData: true });
    const t0 = performance.now();
    const saved = new Promise((resolve) => {
      const seen = new PerformanceObserver((list) => {
        if (list.getEntries().some((e) => e.name.includes('/triggers/order') || e.name.endsWith('/sort'))) { seen.disconnect(); resolve(performance.now() - t0); }
      });
      seen.observe({ type: 'resource', buffered: false });
    });
    const before = document.activeElement.closest('[data-position]')?.dataset.position;
    document.activeElement.dispatchEvent(new KeyboardEvent('keydown', { key: down ? 'ArrowDown' : 'ArrowUp', altKey: true, bubbles: true }));
    const frame = () => new Promise((r) => requestAnimationFrame(r));
    while (document.activeElement.closest('[data-position]')?.dataset.position === before) await frame();
    await frame();
    const drawn = performance.now() - t0;
    const savedMs = await Promise.race([saved, new Promise((r) => setTimeout(() => r(null), 5_000))]);
    changes.disconnect();
    return [drawn, savedMs, settled - t0];
  }, i % 2 === 0));
}
result.reorder = {
  rows, drawn: median(moves.map((m) => m[0])), worst: Math.max(...moves.map((m) => m[0])),
  work: median(moves.map((m) => m[2])), saved: median(moves.filter((m) => m[1] != null).map((m) => m[1])),
};
console.log(`reorder among ${rows} triggers (Alt+↓/↑, median of 9): moved on screen in ${result.reorder.drawn.toFixed(1)} ms (worst ${result.reorder.worst.toFixed(1)}; `
  + `the list's work done in ${result.reorder.work.toFixed(1)} ms), saved in ${result.reorder.saved?.toFixed(0)} ms`);

// ---- A keystroke in Preview's sample, with these settings ---------------------------
// The browser's own Event Timing (as INP counts it: from the key to the next
// frame painted after its handlers); a key under 16 ms is not reported and counts as 16.
await page.goto(`${base}/preview`);
const subject = page.getByLabel('Subject', { exact: true });
await subject.waitFor();
await page.evaluate(() => {
  window.__keys = [];
  new PerformanceObserver((l) => window.__keys.push(...l.getEntries().map((e) => e.duration)))
    .observe({ type: 'event', durationThreshold: 16 });
});
await subject.click();
const typed = [];
for (const key of 'refund please'.split('').map((c) => (c === ' ' ? 'Space' : c))) {
  const seen = await page.evaluate(() => window.__keys.length);
  await page.keyboard.press(key);
  await page.waitForTimeout(250);
  typed.push(await page.evaluate((seen) => Math.max(16, ...window.__keys.slice(seen)), seen));
}
result.previewKeystroke = { median: median(typed), worst: Math.max(...typed), n: typed.length };
console.log(`a keystroke in Preview's sample (Event Timing): median ${result.previewKeystroke.median} ms, worst ${result.previewKeystroke.worst} ms`);

// ---- Search keystrokes over 10,000 blocked senders ---------------------------
await page.goto(`${base}/blocked-senders`);
await page.waitForFunction(() => (document.querySelector('.at-list-bar__count')?.textContent ?? '').match(/^10,0\d\d blocked$/));
const keystrokes = await searchKeystrokes(page);
result.keystroke = { median: median(keystrokes), worst: Math.max(...keystrokes), n: keystrokes.length };
console.log(`search keystroke over 10,000 blocked senders until drawn: median ${result.keystroke.median.toFixed(1)} ms, worst ${result.keystroke.worst.toFixed(1)} ms`);

// ---- A bulk preview of 100,000 in the worker ----------------------------------
await api('import', 'POST', before);
await page.goto(`${base}/preview`);
await page.getByLabel('How many').fill('100000');
const bulk = [];
for (let i = 0; i < 3; i += 1) {
  await page.getByRole('button', { name: 'Generate and evaluate' }).click();
  const status = page.getByRole('status').filter({ hasText: '100,000 generated conversations: evaluated in' });
  await status.waitFor({ timeout: 60_000 });
  bulk.push(Number((await status.textContent()).match(/evaluated in ([\d,]+) ms/)[1].replace(/,/g, '')));
}
result.consoleBulk = { ms: median(bulk), runs: bulk };
console.log(`the console's bulk preview of 100,000 generated (in its worker, saved settings): median ${result.consoleBulk.ms} ms [${bulk.join(', ')}]`);
await browser.close();

// Leave the server as found.
await api('import', 'POST', before);
const all = await api('blockedSenders');
for (let from = 0; from < all.length; from += 10_000) {
  await api('blockedSenders/bulk-delete', 'POST', { ids: all.slice(from, from + 10_000).map((b) => b.id) });
}
writeFileSync(out, JSON.stringify(result, null, 2));
