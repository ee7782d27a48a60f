// The heavy workload (200 custom rules, 50 triggers, 20 SLA policies; 100,000
// conversations) in headless Chromium, in one page: the engine package as
// built now and as built at the baseline commit (the build before this
// work), side by side — previewMany from JS objects and from JSON text, and
// compareMany (change impact) — each the best of three. Figures only.
//
//   node scripts/bench/engine-chromium.mjs OURS_PKG BASELINE_PKG WORKLOAD.json OUT.json
import { chromium } from 'playwright';
import { createServer } from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';

const [ours, baseline, workload, out] = process.argv.slice(2);
const types = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json', '.html': 'text/html' };
const page = `<!doctype html><meta charset="utf-8"><script type="module">
const { settings, samples } = await (await fetch('/workload.json')).json();
const text = JSON.stringify(samples);
const draft = structuredClone(settings);
draft.routing.rules[0].isEnable = !draft.routing.rules[0].isEnable;
draft.triggers[0].enable = false;
draft.slaPolicies[0].firstRespondWithin += 1;
const best = (f) => {
  let ms = Infinity, answer;
  for (let r = 0; r < 3; r += 1) {
    const started = performance.now();
    answer = f();
    ms = Math.min(ms, performance.now() - started);
  }
  return [ms, answer];
};
const result = {};
try {
  for (const side of ['baseline', 'ours']) {
    const engine = await import('/' + side + '/web/anytime_engine.js');
    await engine.default();
    const evaluator = engine.compile(settings);
    const [objects, a] = best(() => evaluator.previewMany(samples));
    const [fromText, b] = best(() => evaluator.previewMany(text));
    const [impact, c] = best(() => engine.compareMany(settings, draft, samples, { limit: 50 }));
    result[side] = { objects, fromText, impact, total: a.total, sameAnswer: JSON.stringify(a) === JSON.stringify(b), changed: c.changed, summary: a };
    evaluator.free();
  }
  result.sameSummary = JSON.stringify(result.ours.summary) === JSON.stringify(result.baseline.summary);
} catch (e) {
  result.error = e.name + ': ' + e.message;
}
window.result = result;
</script>`;
const roots = { ours, baseline };
const server = createServer((req, res) => {
  const path = req.url.split('?')[0];
  if (path === '/') {
    res.writeHead(200, { 'content-type': 'text/html' });
    return res.end(page);
  }
  try {
    const [, side, ...rest] = path.split('/');
    const file = side === 'workload.json' ? workload : join(roots[side], ...rest);
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  } catch {
    res.writeHead(404);
    res.end();
  }
}).listen(0, '127.0.0.1');
await new Promise((r) => server.on('listening', r));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  const tab = await browser.newPage();
  tab.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  await tab.goto(`http://127.0.0.1:${server.address().port}/`);
  const r = await tab.waitForFunction(() => window.result, null, { timeout: 300_000 }).then((h) => h.jsonValue());
  if (r.error) throw new Error(r.error);
  if (!r.sameSummary) throw new Error('the two builds count differently');
  for (const side of ['baseline', 'ours']) {
    const s = r[side];
    console.log(`${side}: previewMany ${s.total} from objects ${s.objects.toFixed(0)} ms, from JSON text ${s.fromText.toFixed(0)} ms; `
      + `compareMany ${s.impact.toFixed(0)} ms (${s.changed} changed)`);
    delete s.summary;
  }
  r.ratios = {
    objects: r.baseline.objects / r.ours.objects,
    fromText: r.baseline.fromText / r.ours.fromText,
    impact: r.baseline.impact / r.ours.impact,
  };
  console.log(`ours against the baseline: ${r.ratios.objects.toFixed(2)}× from objects, ${r.ratios.fromText.toFixed(2)}× from text, `
    + `${r.ratios.impact.toFixed(2)}× change impact (the same counts)`);
  writeFileSync(out, JSON.stringify(r, null, 2));
} finally {
  await browser.close();
  server.close();
}
