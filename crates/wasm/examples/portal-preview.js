// A portal's ticket screen using the engine package: no console, no server.
// The settings snapshot is a file (what `GET …/export` returns).
import init, { compile, parseExpression } from '../pkg/web/anytime_engine.js';

const $ = (id) => document.getElementById(id);

function localInputValue(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

async function main() {
  await init();
  const settings = await (await fetch('./portal-settings.json')).json();
  const evaluator = compile(settings);
  const zone = settings.workingTime?.timeZone || 'UTC';
  const when = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit',
  });
  const due = (d) => (d?.due ? `${when.format(new Date(d.due))} (${zone})` : d?.note ?? 'No target');
  $('created').value = localInputValue(new Date());

  function update() {
    const form = new FormData($('ticket'));
    const fields = {};
    for (const key of ['subject', 'senderEmail', 'contactName', 'priority', 'channel']) {
      if (form.get(key)) fields[key] = form.get(key);
    }
    const created = form.get('created') ? new Date(form.get('created')) : new Date();
    const outcome = evaluator.preview({ fields, at: created.toISOString() });
    const b = outcome.blocked;
    $('blocked').textContent = b.verdict === 'allowed'
      ? 'Allowed'
      : `Blocked (${b.verdict === 'junk' ? 'marked as junk' : 'rejected'}) by ${b.entry?.email}`;
    $('blocked').className = b.verdict === 'allowed' ? '' : 'bad';
    const r = outcome.routing;
    $('routing').textContent = !r
      ? '—'
      : r.target
        ? `${r.target.name}${r.ruleName ? ` (rule “${r.ruleName}”)` : r.status === 'fallback' ? ' (no rule matched)' : ''}`
        : r.status === 'disabled' ? 'Routing is off' : 'Nowhere';
    const fired = outcome.triggers.filter((t) => t.fired);
    $('triggers').textContent = fired.length ? fired.map((t) => t.description).join(', ') : 'None';
    $('sla').textContent = outcome.sla?.policyName ? `“${outcome.sla.policyName}”` : 'No policy';
    $('first-response').textContent = due(outcome.sla?.firstResponse);
    $('resolution').textContent = due(outcome.sla?.resolution);
    $('allocation').textContent = outcome.allocation?.agentName ?? outcome.allocation?.reason ?? '—';
    $('result').hidden = false;
    $('status').textContent = `Computed here by the Anytime engine (${evaluator.conditionCount} conditions).`;
  }

  function checkExpression() {
    try {
      const { expression } = parseExpression($('expression').value, 3);
      $('expression-result').textContent = `✓ Reads as ${expression}`;
      $('expression-result').className = 'muted';
    } catch (e) {
      $('expression-result').textContent = `✗ ${e.message}${e.position ? ` (position ${e.position})` : ''}`;
      $('expression-result').className = 'bad';
    }
  }

  $('ticket').addEventListener('input', update);
  $('expression').addEventListener('input', checkExpression);
  update();
  checkExpression();
}

main().catch((e) => {
  $('status').textContent = `The rule engine could not start: ${e.message}`;
  $('status').className = 'bad';
});
