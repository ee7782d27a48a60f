// The WebAssembly package, loaded as a portal would, gives the native
// core's answers: every fixture suite's previews and summaries, and the
// validations, expressions and SLA due times of tests/cases.json.
// Run after scripts/build-engine.sh and
// `cargo run -p anytime-engine --example native_answers > crates/wasm/pkg/native-answers.json`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = join(here, '..', 'pkg');
const require = createRequire(import.meta.url);
const engine = require(join(pkg, 'node', 'anytime_engine.cjs'));
const native = JSON.parse(readFileSync(join(pkg, 'native-answers.json'), 'utf8'));
const cases = JSON.parse(readFileSync(join(here, 'cases.json'), 'utf8'));
const fixtures = join(here, '..', '..', 'core', 'tests', 'fixtures');
const suites = readdirSync(fixtures).filter((f) => f.endsWith('.json')).sort()
  .map((f) => ({ file: f, ...JSON.parse(readFileSync(join(fixtures, f), 'utf8')) }));

/** What a call answers, in the shape the native answers file uses. */
function result(call) {
  try {
    return { ok: call() };
  } catch (e) {
    assert.ok(e instanceof Error, 'failures are thrown Errors');
    const details = {};
    if (e.errors !== undefined) details.errors = e.errors;
    if (e.position !== undefined) details.position = e.position;
    return { error: { name: e.name, message: e.message, details } };
  }
}

/** `expected` is contained in `actual` (the fixtures' subset rule). */
function contains(actual, expected, path = 'outcome') {
  if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
    for (const [k, v] of Object.entries(expected)) {
      if (v === undefined || (!(k in (actual ?? {})) && v === null)) continue;
      contains(actual?.[k], v, `${path}.${k}`);
    }
  } else if (Array.isArray(expected)) {
    assert.equal(actual?.length, expected.length, `${path}: length`);
    expected.forEach((v, i) => contains(actual[i], v, `${path}[${i}]`));
  } else {
    assert.deepEqual(actual, expected, path);
  }
}

const withNow = (sample) => ({ ...sample, at: sample.at ?? native.now });

test('every fixture case previews as the native core does, and as the suite expects', () => {
  let n = 0;
  for (const suite of suites) {
    const evaluator = engine.compile(suite.settings);
    assert.deepEqual(evaluator.problems, [], suite.file);
    for (const c of suite.cases) {
      const mine = result(() => evaluator.preview(withNow(c.sample)));
      const theirs = native.previews.find((p) => p.suite === suite.file && p.case === c.name);
      assert.ok(theirs, `${suite.file} / ${c.name} has a native answer`);
      assert.deepEqual(mine, theirs.result, `${suite.file} / ${c.name}`);
      // The suite's own expectations hold too; where we filled in "now",
      // the SLA clock has a start the suite's case did not have.
      contains(mine.ok, c.sample.at === undefined ? { ...c.expect, sla: undefined } : c.expect);
      n += 1;
    }
    evaluator.free();
  }
  assert.ok(n >= 30, `only ${n} cases`);
});

test('previewMany counts a suite in one call, as the native core does', () => {
  for (const suite of suites) {
    const evaluator = engine.compile(suite.settings);
    const summary = result(() => evaluator.previewMany(suite.cases.map((c) => withNow(c.sample))));
    assert.deepEqual(summary, native.summaries.find((s) => s.suite === suite.file).result, suite.file);
    assert.equal(summary.ok.total, suite.cases.length);
    evaluator.free();
  }
});

test('validation answers canonical objects or every error with its path', () => {
  cases.validations.forEach((c, i) => {
    assert.deepEqual(result(() => engine.validate(c.kind, c.object, cases.context)), native.validations[i], `${c.kind} #${i}`);
  });
  // Spot checks in words: paths as the API names them.
  assert.throws(() => engine.validate('trigger', cases.validations[4].object), (e) =>
    e.name === 'ValidationError' &&
    e.errors.map((x) => x.field).join() === 'description,event,conditions[0].matchType');
  assert.equal(engine.validate('holiday', { title: 'Christmas', date: '2026-12-25' }).title, 'Christmas');
});

test('expressions answer their canonical form or errors with positions', () => {
  cases.expressions.forEach((c, i) => {
    assert.deepEqual(result(() => engine.parseExpression(c.text, c.count)), native.expressions[i], c.text);
  });
  assert.throws(() => engine.parseExpression('1 OR (2', 2), (e) =>
    e.name === 'ExpressionError' && e.position === 6 && e.message === "The '(' at 6 is never closed.");
});

test('SLA due times in business hours, across holidays and DST', () => {
  cases.sla.forEach((c, i) => {
    const mine = result(() => engine.slaDueTimes(c.policy, c.workingTime, c.holidays, c.createdTime, c.lastContactReplyTime));
    assert.deepEqual(mine, native.sla[i], `sla #${i}`);
  });
  // Thursday 24 Dec 15:00 Paris + 4 business hours, Christmas closed: Monday 28th 11:00.
  assert.equal(native.sla[0].ok.firstResponse.due, '2026-12-28T10:00:00Z');
});

test('compareMany gives the native core\'s impact over the same generated corpus', () => {
  cases.impacts.forEach((c, i) => {
    const saved = suites.find((s) => s.file === c.suite).settings;
    const samples = engine.generateSamples(saved, { ...c.generate, draft: c.draft });
    assert.equal(samples.length, c.generate.count);
    const options = c.limit === undefined ? undefined : { limit: c.limit };
    assert.deepEqual(result(() => engine.compareMany(saved, c.draft, samples, options)), native.impacts[i], `impact #${i}`);
  });
  // Hand-read: the first case moves refunds out of Billing, and lists 5 of them.
  const first = native.impacts[0].ok;
  assert.ok(first.changed > 0 && first.samples.length === 5, JSON.stringify(first.counts));
  assert.ok(first.moves.some((m) => m.aspect === 'routedTo' && m.from === 'department:billing'));
  // A draft the rule route would refuse names its paths; an equal draft changes nothing.
  assert.deepEqual(native.impacts[4].error.details.errors.map((e) => e.field), ['draft.object.name', 'draft.object.routeToId']);
  const saved = suites.find((s) => s.file === 'sla.json').settings;
  const same = engine.compareMany(saved, saved, engine.generateSamples(saved, { count: 500, seed: 3 }));
  assert.deepEqual([same.total, same.changed, same.moves.length], [500, 0, 0]);
  // Files: one reader for JSON and CSV, errors with the sample and its line.
  assert.equal(engine.readSamples('subject,priority\nRefund,4\n').length, 1);
  assert.throws(() => engine.readSamples('[{},\n{"at": "soon"}]'),
    (e) => e.name === 'TypeError' && e.message.startsWith('Sample 2 (line 2) is not usable — at:'));
});

test('the web build (ES module) answers the same', async () => {
  const web = await import(join(pkg, 'web', 'anytime_engine.js'));
  web.initSync({ module: readFileSync(join(pkg, 'web', 'anytime_engine_bg.wasm')) });
  const suite = suites.find((s) => s.file === 'sla.json');
  const c = suite.cases[0];
  assert.deepEqual(web.compile(suite.settings).preview(withNow(c.sample)),
    engine.compile(suite.settings).preview(withNow(c.sample)));
});

test('hostile input is an error with its words, never an abort of the module', () => {
  // What aborted the server (and would kill this module): 3,000 parentheses, 8,000 NOTs.
  for (const text of ['('.repeat(3000) + '1' + ')'.repeat(3000), 'NOT '.repeat(8000) + '1']) {
    assert.throws(() => engine.parseExpression(text, 1), (e) =>
      e.name === 'ExpressionError' && e.errors[0].kind === 'tooDeep' &&
      /^Nested too deeply at \d+: use at most 32 levels of parentheses and NOT\.$/.test(e.message));
  }
  // A condition count from the caller is bounded before anything is sized by it.
  for (const count of [-1, 5e7]) {
    assert.throws(() => engine.parseExpression('1', count), (e) =>
      e.name === 'ExpressionError' && e.errors[0].kind === 'tooManyConditions');
  }
  // The module still answers afterwards.
  assert.equal(engine.parseExpression('1 OR 2', 2).expression, '1 OR 2');
  // An array where an object belongs is refused, not read field by field.
  assert.throws(() => engine.validate('trigger', ['', 'T', true, 1]), (e) =>
    e.name === 'TypeError' && e.message.includes('Expected an object, found an array'));
  // Line breaks in single-line text, http:// for Exchange: the server's words.
  assert.throws(() => engine.validate('trigger', { description: 'A\r\nBcc: x@y.com', event: 1 }), (e) =>
    e.name === 'ValidationError' && e.errors[0].field === 'description' &&
    e.errors[0].message === 'Keep it on one line: remove the line break.');
  // 10,000 conditions: one message on the list.
  const many = Array.from({ length: 10_000 }, () => ({ fieldId: 'priority', matchType: 'is', value: '4' }));
  assert.throws(() => engine.validate('trigger', { description: 'Many', event: 1, conditions: many }), (e) =>
    e.errors.some((x) => x.field === 'conditions' && x.message.startsWith('Use at most 500 conditions')));
  // JSON nested past 128 levels, given as text: a TypeError.
  assert.throws(() => engine.compile('['.repeat(100_000) + ']'.repeat(100_000)), (e) =>
    e.name === 'TypeError' && e.message.includes('nests too deeply'));
  // Many samples are read as the server reads them, even where a key of no
  // interest holds what JSON parsers skip past but refuse to read.
  const evaluator = engine.compile({});
  for (const [text, words] of [
    [`[{"other": ${'['.repeat(10_000)}${']'.repeat(10_000)}}]`, 'nests too deeply'],
    ['[{"other": 1e400}]', 'number out of range'],
    ['[{"other": "\\ud800"}]', 'hex escape'],
    ['[{"agents": [{"agentId": "a1", "x": 1e400}]}]', 'number out of range'],
  ]) {
    assert.throws(() => evaluator.previewMany(text), (e) => e.name === 'TypeError' && e.message.includes(words), text.slice(0, 40));
    assert.throws(() => engine.compareMany({}, {}, text), (e) => e.name === 'TypeError' && e.message.includes(words));
  }
});

test('text crosses into the module whole: non-ASCII, emoji, lone surrogates, ASCII after them', () => {
  const settings = {
    fields: [{ id: 'subject', type: 'text', name: 'Subject' }],
    departments: [{ id: 'd1', name: 'One' }, { id: 'd2', name: 'Two' }],
    routing: { isEnable: true, type: 'rules', matchFailedToObject: 'department', matchFailedrouteToId: 'd1', rules: [
      { id: 'r', name: 'R', orderIndex: 0, isEnable: true, routeToObject: 'department', routeToId: 'd2',
        conditions: { when: 'any', list: [
          { fieldId: 'subject', matchType: 'contains', value: 'naïve café' },
          { fieldId: 'subject', matchType: 'contains', value: 'ticket 🎫 late' },
          { fieldId: 'subject', matchType: 'contains', value: '\ufffd tail' },
        ] } }] },
  };
  const evaluator = engine.compile(settings);
  const at = '2026-12-07T10:00:00Z';
  const subjects = [
    ['A NAÏVE CAFÉ question', 'r'],
    ['ticket 🎫 late again', 'r'],
    ['plain ascii', 'fallback'],
    ['ü'.repeat(5000) + ' naïve café', 'r'], // long, past the short-text scan
  ];
  for (const [subject, expected] of subjects) {
    const sample = { at, fields: { subject } };
    assert.equal(evaluator.preview(sample).routing.ruleId ?? 'fallback', expected, subject.slice(0, 30));
    assert.equal(evaluator.preview(JSON.stringify(sample)).routing.ruleId ?? 'fallback', expected);
  }
  // A lone surrogate in text given as is becomes U+FFFD (as wasm-bindgen's
  // own copy makes it); JSON.stringify escapes it, which JSON refuses: a
  // TypeError with its words.
  const lone = `{"at":"${at}","fields":{"subject":"lone \ud800 tail"}}`;
  assert.equal(evaluator.preview(lone).routing.ruleId, 'r');
  assert.throws(() => evaluator.preview({ at, fields: { subject: 'lone \ud800 tail' } }), (e) =>
    e.name === 'TypeError' && e.message.includes('not valid JSON'));
  // Many at once, as objects and as text: the same counts.
  const samples = Array.from({ length: 4_000 }, (_, i) => ({ at, fields: { subject: subjects[i % subjects.length][0] } }));
  const byText = evaluator.previewMany(JSON.stringify(samples));
  assert.deepEqual(evaluator.previewMany(samples), byText);
  assert.deepEqual(byText.routedBy, { r: 3_000, fallback: 1_000 });
});

test('bad input is a TypeError, not a crash', () => {
  assert.throws(() => engine.compile(3), (e) => e.name === 'TypeError');
  // What JSON.stringify cannot write (undefined, a function, a symbol).
  for (const bad of [undefined, () => 1, Symbol('s')]) {
    assert.throws(() => engine.compile(bad), (e) => e.name === 'TypeError' && e.message === 'settings: expected an object');
  }
  const evaluator = engine.compile({});
  assert.throws(() => evaluator.preview(), (e) => e.name === 'TypeError' && e.message === 'sample: expected an object');
  assert.throws(() => evaluator.previewMany(() => 1), (e) => e.name === 'TypeError' && e.message === 'samples: expected an object');
  // And the same evaluator answers afterwards.
  assert.equal(evaluator.previewMany([]).total, 0);
  assert.throws(() => engine.validate('nope', {}), (e) => e.name === 'TypeError' && e.message.startsWith("Unknown kind 'nope'"));
  assert.throws(() => engine.compile({}).previewMany([{}, { at: 'soon' }]), (e) =>
    e.name === 'ValidationError' && e.errors[0].field === '[1].at');
});

test('bulk: many samples in one crossing (figures printed, not asserted)', () => {
  const suite = suites.find((s) => s.file === 'routing.json');
  const evaluator = engine.compile(suite.settings);
  const samples = Array.from({ length: 100_000 }, (_, i) => withNow(suite.cases[i % suite.cases.length].sample));
  const started = performance.now();
  const summary = evaluator.previewMany(samples);
  const ms = performance.now() - started;
  assert.equal(summary.total, 100_000);
  console.log(`previewMany: 100000 samples in ${ms.toFixed(0)} ms (${(ms * 1000 / 100_000).toFixed(1)} µs each)`);
});
