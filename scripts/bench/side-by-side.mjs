// The engine side by side with two rule engines from npm on the same rules
// and samples: 200 routing rules of 3 conditions (all / any mixed), the
// first matching rule decides; 100,000 conversations. Ours is the engine
// package (WebAssembly, in Node); json-logic-js finds the first match by
// applying the rules in order; json-rules-engine by priority, stopping at
// the first success. Every answer is checked equal, sample by sample,
// before anything is timed. Prints figures and writes them as JSON for
// docs/BENCHMARKS.md; asserts nothing but the agreement.
//
//   node scripts/bench/side-by-side.mjs PKG OUT.json [WORKLOAD.json]
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const [pkg, out, workloadOut] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const peers = join(import.meta.dirname, 'peers', 'node_modules');
const engine = require(join(pkg, 'node', 'anytime_engine.cjs'));
const jsonLogic = require(join(peers, 'json-logic-js'));
const { Engine: RulesEngine } = require(join(peers, 'json-rules-engine'));

// ---- The workload, the same on every run --------------------------------
let state = 42n;
const next = (n) => {
  state = (state * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn;
  return Number((state >> 33n) % BigInt(n));
};
const WORDS = ['refund', 'invoice', 'login', 'crash', 'upgrade', 'cancel', 'urgent', 'hello', 'price', 'bug'];
const TIERS = ['gold', 'silver', 'bronze'];
// Text is lower case throughout: ours compares text case-insensitively,
// the others as written. Rules are selective, so first matches spread over
// the list: an "all" rule asks a word, a tier and a score range; an "any"
// rule one of a two-word phrase, a high score or a low one.
const word = () => WORDS[next(10)];
const allRule = () => [
  { fieldId: 'subject', matchType: next(4) ? 'contains' : 'notContains', value: word() },
  { fieldId: 'tier', matchType: next(4) ? 'is' : 'isNot', value: TIERS[next(3)] },
  { fieldId: 'score', matchType: next(2) ? 'isMoreThan' : 'isLessThan', value: String(20 + next(80)) },
];
const anyRule = () => [
  { fieldId: 'subject', matchType: 'contains', value: `${word()} ${word()}` },
  { fieldId: 'score', matchType: 'isMoreThan', value: String(110 + next(10)) },
  { fieldId: 'score', matchType: 'isLessThan', value: String(next(4)) },
];
const rules = Array.from({ length: 200 }, (_, i) => ({
  id: `r${i}`, name: `Rule ${i}`, orderIndex: i, isEnable: true,
  routeToObject: 'department', routeToId: i % 2 ? 'd1' : 'd2',
  conditions: i % 3 === 0 ? { when: 'any', list: anyRule() } : { when: 'all', list: allRule() },
}));
const fields = [{ id: 'subject', type: 'text', name: 'Subject' }, { id: 'tier', type: 'dropdownList', name: 'Tier',
  options: TIERS.map((t) => ({ name: t, value: t })) }, { id: 'score', type: 'integer', name: 'Score' }];
const settings = {
  fields,
  departments: [{ id: 'd1', name: 'One' }, { id: 'd2', name: 'Two' }],
  routing: { isEnable: true, type: 'rules', matchFailedToObject: 'department', matchFailedrouteToId: 'd1', rules },
};
const samples = Array.from({ length: 100_000 }, (_, i) => ({
  at: '2026-12-07T10:00:00Z',
  fields: {
    subject: `${WORDS[next(10)]} ${WORDS[next(10)]} ${WORDS[next(10)]} #${i}`,
    tier: TIERS[next(3)],
    score: next(120),
  },
}));
const text = JSON.stringify(samples);
if (workloadOut) writeFileSync(workloadOut, JSON.stringify({ settings, samples }));

// ---- The same rules for the others ---------------------------------------
const logic = (c) => {
  const v = { var: c.fieldId };
  switch (c.matchType) {
    case 'contains': return { in: [c.value, v] };
    case 'notContains': return { '!': { in: [c.value, v] } };
    case 'is': return { '==': [v, c.value] };
    case 'isNot': return { '!=': [v, c.value] };
    case 'isMoreThan': return { '>': [v, Number(c.value)] };
    default: return { '<': [v, Number(c.value)] };
  }
};
const logicRules = rules.map((r) => ({ id: r.id, test: { [r.conditions.when === 'any' ? 'or' : 'and']: r.conditions.list.map(logic) } }));
const firstByLogic = (data) => {
  for (const r of logicRules) if (jsonLogic.apply(r.test, data)) return r.id;
  return 'fallback';
};

const rulesEngine = new RulesEngine([], { allowUndefinedFacts: true });
rulesEngine.addOperator('stringContains', (a, b) => typeof a === 'string' && a.includes(b));
rulesEngine.addOperator('stringNotContains', (a, b) => typeof a === 'string' && !a.includes(b));
const operator = { contains: 'stringContains', notContains: 'stringNotContains', is: 'equal', isNot: 'notEqual',
  isMoreThan: 'greaterThan', isLessThan: 'lessThan' };
rules.forEach((r, i) => rulesEngine.addRule({
  priority: 1000 - i,
  conditions: { [r.conditions.when]: r.conditions.list.map((c) => ({ fact: c.fieldId, operator: operator[c.matchType],
    value: c.matchType.startsWith('isM') || c.matchType.startsWith('isL') ? Number(c.value) : c.value })) },
  event: { type: r.id },
  onSuccess: (_event, almanac) => { almanac.addRuntimeFact('decided', r.id); rulesEngine.stop(); },
}));
const firstByRulesEngine = async (data) => {
  const { events } = await rulesEngine.run({ ...data });
  return events.length ? events[0].type : 'fallback';
};

// ---- Agreement, sample by sample -----------------------------------------
const evaluator = engine.compile(settings);
const ours = (s) => evaluator.preview(s).routing.ruleId ?? 'fallback';
const checked = 20_000;
for (let i = 0; i < checked; i += 1) {
  const [a, b] = [ours(samples[i]), firstByLogic(samples[i].fields)];
  if (a !== b) throw new Error(`sample ${i}: ours ${a}, json-logic-js ${b}`);
}
const slow = 1_000;
for (let i = 0; i < slow; i += 1) {
  const [a, b] = [ours(samples[i]), await firstByRulesEngine(samples[i].fields)];
  if (a !== b) throw new Error(`sample ${i}: ours ${a}, json-rules-engine ${b}`);
}
// And over all of them, as counts.
const counts = {};
for (const s of samples) { const id = firstByLogic(s.fields); counts[id] = (counts[id] ?? 0) + 1; }
const summary = evaluator.previewMany(text);
for (const [id, n] of Object.entries(counts)) {
  if (summary.routedBy[id] !== n) throw new Error(`rule ${id}: ours ${summary.routedBy[id]}, json-logic-js ${n}`);
}
console.log(`agreement: ${checked} samples one by one with json-logic-js, ${slow} with json-rules-engine, `
  + `all ${samples.length} as counts per deciding rule (${Object.keys(counts).length} rules decide)`);

// ---- Timing ---------------------------------------------------------------
const best = (runs, f) => {
  let ms = Infinity;
  for (let r = 0; r < runs; r += 1) {
    const started = performance.now();
    f();
    ms = Math.min(ms, performance.now() - started);
  }
  return ms;
};
const usPer = (ms, n) => (ms * 1000) / n;
const result = { samples: samples.length, rules: rules.length };
result.oursText = usPer(best(5, () => evaluator.previewMany(text)), samples.length);
result.oursObjects = usPer(best(5, () => evaluator.previewMany(samples)), samples.length);
result.jsonLogic = usPer(best(5, () => { for (const s of samples) firstByLogic(s.fields); }), samples.length);
// Asynchronous, so timed here rather than by `best`; best of 5 as well.
let bestRE = Infinity;
for (let r = 0; r < 5; r += 1) {
  const startedRE = performance.now();
  for (let i = 0; i < 2_000; i += 1) await firstByRulesEngine(samples[i].fields);
  bestRE = Math.min(bestRE, performance.now() - startedRE);
}
result.jsonRulesEngine = usPer(bestRE, 2_000);
result.vsJsonLogic = result.jsonLogic / result.oursText;
result.vsJsonRulesEngine = result.jsonRulesEngine / result.oursText;
console.log(`ours (engine package, from JSON text):   ${result.oursText.toFixed(2)} µs per conversation`);
console.log(`ours (engine package, from JS objects):  ${result.oursObjects.toFixed(2)} µs per conversation (JSON.stringify included)`);
console.log(`json-logic-js 2.0.5, first match:         ${result.jsonLogic.toFixed(2)} µs per conversation`);
console.log(`json-rules-engine 7.3.1, first success:   ${result.jsonRulesEngine.toFixed(1)} µs per conversation (2,000 timed, best of 5)`);
console.log(`ours is ${result.vsJsonLogic.toFixed(2)}× json-logic-js and ${result.vsJsonRulesEngine.toFixed(0)}× json-rules-engine`);
evaluator.free();
if (out) writeFileSync(out, JSON.stringify(result, null, 2));
