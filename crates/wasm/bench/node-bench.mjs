// The engine package in Node on the native benchmark's workload (200 custom
// rules, 50 triggers, 20 SLA policies; 100,000 conversations). Prints
// figures; asserts nothing. Run scripts/bench-engine.sh.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..', 'pkg');
const engine = createRequire(import.meta.url)(join(pkg, 'node', 'anytime_engine.cjs'));
const { settings, samples } = JSON.parse(readFileSync(join(pkg, 'bench-workload.json'), 'utf8'));

const time = (f) => {
  const started = performance.now();
  const result = f();
  return [result, performance.now() - started];
};

const [evaluator, compileMs] = time(() => engine.compile(settings));
console.log(`compile: ${compileMs.toFixed(2)} ms, ${evaluator.conditionCount} conditions`);
for (let run = 1; run <= 3; run += 1) {
  const [summary, ms] = time(() => evaluator.previewMany(samples));
  console.log(`previewMany run ${run}: ${summary.total} conversations in ${ms.toFixed(0)} ms, ` +
    `${(ms * 1e6 / summary.total).toFixed(0)} ns per conversation (one call, JSON across the boundary included)`);
}
const text = JSON.stringify(samples);
const [, textMs] = time(() => evaluator.previewMany(text));
console.log(`previewMany from JSON text: ${textMs.toFixed(0)} ms`);
const one = samples[0];
evaluator.preview(one);
const n = 1000;
const [, explainedMs] = time(() => { for (let i = 0; i < n; i += 1) evaluator.preview(one); });
console.log(`one explained preview: ${(explainedMs * 1000 / n).toFixed(1)} µs`);
evaluator.free();
