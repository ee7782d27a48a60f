// Figures, not assertions (issue 13): the blocked-senders page with N
// entries in headless Chromium — first rows after opening the page, each
// search keystroke until it is drawn, the page's height — and the bulk
// endpoints' times. Run by scripts/bench-blocked-senders.sh.
import { chromium } from 'playwright';
import { median, searchKeystrokes } from './search.mjs';

const [base, token, n] = [process.env.BASE, process.env.TOKEN, Number(process.env.N ?? 10_000)];
const headers = { Authorization: `Bearer ${token}`, 'content-type': 'application/json' };
const list = `${base}/api/v3/anytime/blockedSenders`;

let started = performance.now();
for (let from = 0; from < n; from += 5_000) {
  const items = Array.from({ length: Math.min(5_000, n - from) }, (_, i) => ({
    email: `user${from + i}@bulk.test`, blockType: i % 3 ? 'rejectEmail' : 'blockEmailasJunk',
  }));
  const r = await fetch(`${list}/bulk`, { method: 'PUT', headers, body: JSON.stringify({ items }) });
  if (!r.ok) throw new Error(`bulk add: ${r.status}`);
}
console.log(`bulk add of ${n} (parts of 5,000): ${(performance.now() - started).toFixed(0)} ms`);

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: process.env.NO_SW ? 'block' : 'allow' })).newPage();
await page.goto(`${base}/routing#token=${token}`);
await page.getByText('Signed in').waitFor();
await page.locator('h1').waitFor();

const opens = [];
for (let round = 0; round < 9; round++) {
  if (round > 0) {
    await page.getByRole('link', { name: 'Routing', exact: true }).click();
    await page.locator('h1', { hasText: 'Routing' }).waitFor();
  }
  opens.push(await page.evaluate(async () => {
    const t0 = performance.now();
    document.querySelector('a[href$="/blocked-senders"]').click();
    const frame = () => new Promise((r) => requestAnimationFrame(r));
    while (!document.querySelector('.at-row__name')) await frame();
    const first = performance.now() - t0;
    // The whole list in: the count line stops saying the rest is loading.
    while (!document.querySelector('.at-list-bar__count') || document.querySelector('.at-list-bar__count').textContent.includes('loading')) await frame();
    return [first, performance.now() - t0];
  }));
}
const line = (xs) => `median of 9: ${median(xs).toFixed(0)} ms [${xs.map((x) => x.toFixed(0)).join(', ')}]`;
console.log(`first rows after opening the page, ${line(opens.map((o) => o[0]))}`);
console.log(`the whole list of ${n} loaded and searchable, ${line(opens.map((o) => o[1]))}`);
const loads = await page.evaluate(() => performance.getEntriesByType('resource')
  .filter((e) => new URL(e.name).pathname.endsWith('/blockedSenders') && !e.name.includes('limit='))
  .map((e) => [e.duration, e.encodedBodySize]));
if (loads.length) {
  console.log(`  of which the whole list's request: median ${median(loads.map((l) => l[0])).toFixed(0)} ms, ${(loads[0][1] / 1024).toFixed(0)} KiB`);
}

const keystrokes = await searchKeystrokes(page);
console.log(`search keystroke until drawn, median of ${keystrokes.length}: ${median(keystrokes).toFixed(1)} ms, worst ${Math.max(...keystrokes).toFixed(1)} ms`);
const height = await page.evaluate(() => document.documentElement.scrollHeight);
const rows = await page.locator('.at-row__name').count();
console.log(`rows drawn: ${rows}; page height: ${height} px; count line: "${await page.locator('.at-list-bar__count').textContent()}"`);
await browser.close();

const ids = (await (await fetch(list, { headers })).json()).map((b) => b.id);
started = performance.now();
for (let from = 0; from < ids.length; from += 10_000) {
  const r = await fetch(`${list}/bulk-delete`, { method: 'POST', headers, body: JSON.stringify({ ids: ids.slice(from, from + 10_000) }) });
  if (!r.ok) throw new Error(`bulk delete: ${r.status}`);
}
console.log(`bulk remove of ${ids.length}: ${(performance.now() - started).toFixed(0)} ms`);
