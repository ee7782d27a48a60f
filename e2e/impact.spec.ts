import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { auth, TOKEN } from './helpers';

const A = '/api/v3/anytime';
const settings = JSON.parse(readFileSync(join(__dirname, '..', 'crates', 'wasm', 'examples', 'portal-settings.json'), 'utf8'));

/** Midnight UTC of this week's Monday: where the console's generated week starts. */
function weekStart(): string {
  const day = Math.floor(Date.now() / 86_400_000);
  const monday = day - ((day + 3) % 7);
  return new Date(monday * 86_400_000).toISOString().replace('.000Z', 'Z');
}

test.describe.configure({ mode: 'serial' });

let original: unknown;
test.beforeAll(async ({ request }) => {
  original = await (await request.get(`${A}/export`, { headers: auth })).json();
});
test.afterAll(async ({ request }) => {
  await request.post(`${A}/import`, { headers: auth, data: original });
});

test.beforeEach(async ({ request }) => {
  expect((await request.post(`${A}/import`, { headers: auth, data: settings })).status()).toBe(200);
});

test('a rule edit shows what changes, the same as POST preview/impact and offline, and opens a conversation in Preview', async ({ page, request, context }) => {
  const rules = await (await request.get(`${A}/routingRules/customRules`, { headers: auth })).json();
  const refunds = rules.find((r: { name: string }) => r.name === 'Refunds');
  await page.goto(`/#token=${TOKEN}`);
  await expect(page.getByText('Signed in')).toBeVisible();
  await page.goto(`/routing/rules/${refunds.id}`);
  await expect(page.getByLabel('Name')).toHaveValue('Refunds');
  // Invoices no longer count as refunds.
  await page.getByLabel('Condition 2: value').fill('bill');

  const panel = page.getByRole('region', { name: 'What changes?' });
  await panel.getByLabel('How many').fill('2000');
  await panel.getByLabel('Seed').fill('7');
  await panel.getByRole('button', { name: 'Show what changes' }).click();
  const headline = panel.getByRole('status').filter({ hasText: 'of 2,000 conversations change' });
  await expect(headline).toBeVisible();
  const text = await headline.innerText();
  expect(text).toMatch(/^[\d,]+ of 2,000 conversations change: [\d,]+ routed to .+ instead of Billing/);
  const changed = Number(text.split(' of ')[0].replace(/,/g, ''));
  expect(changed).toBeGreaterThan(100);

  // The server, asked the same, counts the same.
  const edited = structuredClone(refunds);
  edited.conditions.list[1].value = 'bill';
  const served = await request.post(`${A}/preview/impact`, {
    headers: auth,
    data: { draft: { kind: 'customRule', object: edited }, generate: { count: 2000, seed: 7, start: weekStart() }, limit: 50 },
  });
  expect(served.status()).toBe(200);
  const impact = await served.json();
  expect(impact.changed).toBe(changed);
  expect(impact.moves[0]).toMatchObject({ aspect: 'routedTo', from: 'department:dept-billing' });

  // Offline, the browser gives the same answer.
  await context.setOffline(true);
  await panel.getByRole('button', { name: 'Compare again' }).click();
  await expect(panel.getByRole('progressbar')).toHaveCount(0);
  await expect(headline).toHaveText(text);
  await context.setOffline(false);

  // One changed conversation: before → after, then open in Preview with that sample.
  const table = panel.locator('table', { has: page.locator('caption', { hasText: 'changed conversations' }) });
  const first = table.locator('tbody tr').first();
  await expect(first).toContainText('Routed to: Billing → ');
  await expect(first.locator('td').first()).toHaveText(String(impact.samples[0].index + 1));
  const subject = (await first.locator('td').nth(1).innerText()).split(' — ')[0];
  expect(subject).toMatch(/^Invoice question/);
  // The rule has unsaved changes: leaving asks first (the draft stays kept in the browser).
  page.once('dialog', (d) => d.accept());
  await first.getByRole('link', { name: /^Open in Preview/ }).click();
  await expect(page).toHaveURL(/\/preview\?sample=/);
  await expect(page.getByLabel('Subject', { exact: true })).toHaveValue(subject);
  // Preview uses the draft it was compared under: no rule takes it now …
  await expect(page.getByText('Using the draft compared in “What changes?” (not saved).')).toBeVisible();
  const routing = page.getByRole('region', { name: 'What the settings do' }).getByRole('region', { name: 'Routing' });
  await expect(routing.locator('.at-outcome__headline')).toHaveText(/^No rule matched: routed to /);
  // … and under the saved settings, the rule still does.
  await page.getByRole('button', { name: 'Use the saved settings' }).click();
  await expect(page.getByText('Using the saved settings.')).toBeVisible();
  await expect(routing.locator('.at-outcome__headline')).toHaveText(/by rule 'Refunds'\.$/);
  // The sample can be kept for the panels, and compared there.
  await page.getByRole('button', { name: 'Keep this sample' }).click();
  await expect(page.getByText('Kept. 1 sample is kept for the “What changes?” panels.')).toBeVisible();
  await page.goto('/routing');
  const routingPanel = page.getByRole('region', { name: 'What changes?' });
  await routingPanel.getByLabel('Conversations').selectOption({ label: 'The samples kept on the Preview page' });
  await expect(routingPanel.getByText('1 kept sample.')).toBeVisible();
  await routingPanel.getByRole('button', { name: 'Show what changes' }).click();
  await expect(routingPanel.getByRole('status')).toHaveText('The one conversation does not change.');
  // Routing turned off: the kept conversation no longer goes to Billing.
  await page.getByRole('switch', { name: 'Route new conversations' }).click();
  await expect(routingPanel.getByText('The draft has changed since: compare again to see its effect.')).toBeVisible();
  await routingPanel.getByRole('button', { name: 'Compare again' }).click();
  await expect(routingPanel.getByRole('status')).toHaveText(/^1 of 1 conversation changes: 1 routed to nowhere instead of Billing/);
  await page.getByRole('region', { name: 'Unsaved changes' }).getByRole('button', { name: 'Discard' }).click();
  await page.goto('/preview');
  await page.getByRole('button', { name: 'Forget kept samples' }).click();
  await expect(page.getByText('No samples are kept now.')).toBeVisible();

  // Nothing was saved by looking.
  const after = await (await request.get(`${A}/routingRules/customRules/${refunds.id}`, { headers: auth })).json();
  expect(after.conditions.list[1].value).toBe('invoice');
});

test('a settings file with one bad object is refused here with its path; nothing is applied', async ({ page, request }) => {
  const before = await (await request.get(`${A}/export`, { headers: auth })).json();
  const file = structuredClone(before);
  file.triggers[1].event = 9;
  file.triggers[0].description = 'Renamed by the file';
  await page.goto(`/#token=${TOKEN}`);
  await expect(page.getByText('Signed in')).toBeVisible();
  await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Import & export' }).click();
  await page.locator('input[type=file]').first().setInputFiles({
    name: 'settings.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)),
  });
  const alert = page.getByRole('alert').filter({ hasText: "'settings.json' cannot be imported: 1 problem to fix." });
  await expect(alert).toBeVisible();
  await expect(alert.getByText('triggers[1].event')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Import', exact: true })).toHaveCount(0);
  expect(await (await request.get(`${A}/export`, { headers: auth })).json()).toEqual(before);

  // Fixed, it says what it replaces and what it does to conversations; Import applies it.
  file.triggers[1].event = before.triggers[1].event;
  await page.locator('input[type=file]').first().setInputFiles({
    name: 'settings.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)),
  });
  await expect(page.getByText("'settings.json' is a valid settings file")).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: /^Triggers: / })).toHaveText('Triggers: 1 changed');
  const panel = page.getByRole('region', { name: 'What changes?' });
  await panel.getByRole('button', { name: 'Show what changes' }).click();
  // A renamed trigger does the same: nothing changes for any conversation.
  await expect(panel.getByRole('status')).toHaveText('None of the 5,000 conversations change.');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByText('Imported: every setting is now the file\'s.')).toBeVisible();
  const now = await (await request.get(`${A}/export`, { headers: auth })).json();
  expect(now.triggers[0].description).toBe('Renamed by the file');
});

test('bulk preview of 100,000 runs in a worker: progress shows and the page keeps taking input', async ({ page }) => {
  await page.goto(`/#token=${TOKEN}`);
  await expect(page.getByText('Signed in')).toBeVisible();
  await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Preview' }).click();
  await expect(page.getByText('Using the saved settings.')).toBeVisible();
  await page.getByLabel('How many').fill('100000');
  await page.getByRole('button', { name: 'Generate and evaluate' }).click();
  const progress = page.getByRole('progressbar', { name: 'Evaluating the conversations' });
  await expect(progress).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: '100,000 generated conversations: evaluated in' })).toBeVisible({ timeout: 60_000 });
  await expect(progress).toHaveCount(0);

  // A run of 1,000,000 takes seconds (100,000 can end within the typing
  // below): while it runs, typing into the sample form is answered at once,
  // and the bar is part way; Cancel stops it: no result, the button is back.
  await page.getByLabel('How many').fill('1000000');
  await page.getByRole('button', { name: 'Generate and evaluate' }).click();
  await expect(progress).toBeVisible();
  const subject = page.getByLabel('Subject', { exact: true });
  await subject.fill('');
  await subject.pressSequentially('typed while it runs', { delay: 10 });
  await expect(subject).toHaveValue('typed while it runs');
  expect(await progress.isVisible()).toBe(true);
  const seen = Number(await progress.getAttribute('value', { timeout: 2_000 }));
  expect(seen).toBeLessThan(100);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(progress).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Generate and evaluate' })).toBeEnabled();
});
