// Change impact over 100,000 conversations on the heavy workload (200
// custom rules, 50 triggers, 20 SLA policies) in headless Chromium: the
// engine package's compareMany, as the console's worker runs it. Prints
// figures; asserts nothing. Run scripts/bench-impact.sh.
import { chromium } from '@playwright/test';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';

const pkg = process.argv[2];
const types = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json', '.html': 'text/html' };
const page = `<!doctype html><meta charset="utf-8"><script type="module">
import init, * as engine from '/web/anytime_engine.js';
await init();
const { settings, samples } = await (await fetch('/bench-workload.json')).json();
// The draft: the first rule turned off, a trigger off, an SLA target longer.
const draft = structuredClone(settings);
draft.routing.rules[0].isEnable = !draft.routing.rules[0].isEnable;
draft.triggers[0].enable = false;
draft.slaPolicies[0].firstRespondWithin += 1;
const runs = [];
try {
for (let run = 1; run <= 3; run += 1) {
  const started = performance.now();
  const impact = engine.compareMany(settings, draft, samples, { limit: 50 });
  runs.push({ ms: performance.now() - started, total: impact.total, changed: impact.changed, counts: impact.counts });
}
const same = performance.now();
engine.compareMany(settings, settings, samples, { limit: 50 });
window.result = { runs, sameMs: performance.now() - same };
} catch (e) {
  window.result = { error: e.name + ': ' + e.message + ' ' + JSON.stringify(e.errors ?? []).slice(0, 500) };
}
</script>`;
const server = createServer((req, res) => {
  if (req.url === '/') {
    res.writeHead(200, { 'content-type': 'text/html' });
    return res.end(page);
  }
  try {
    const body = readFileSync(join(pkg, req.url.split('?')[0]));
    res.writeHead(200, { 'content-type': types[extname(req.url)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404);
    res.end();
  }
}).listen(0, '127.0.0.1');
await new Promise((r) => server.on('listening', r));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium' });
try {
  const tab = await browser.newPage();
  await tab.goto(`http://127.0.0.1:${server.address().port}/`);
  tab.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  const result = await tab.waitForFunction(() => window.result, null, { timeout: 120_000 }).then((h) => h.jsonValue());
  if (result.error) throw new Error(result.error);
  for (const [i, r] of result.runs.entries()) {
    console.log(`compareMany run ${i + 1}: ${r.total} conversations, ${r.changed} changed, ${r.ms.toFixed(0)} ms ` +
      `(${(r.ms * 1000 / r.total).toFixed(1)} µs per conversation, both sides, JSON across the boundary included)`);
  }
  console.log(`counts: ${JSON.stringify(result.runs[0].counts)}`);
  console.log(`compareMany with the draft equal to the saved settings: ${result.sameMs.toFixed(0)} ms`);
} finally {
  await browser.close();
  server.close();
}
