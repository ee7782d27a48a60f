import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { auth } from './helpers';

const A = '/api/v3/anytime';
const TRIGGERS = `${A}/triggers`;

/** A named token made with the server's own command, beside the running server. */
function token(name: string, role: 'viewer' | 'editor' | 'admin'): string {
  const server = join(__dirname, '..', 'target', 'debug', 'anytime-server');
  const db = join(process.env.E2E_DB_DIR!, 'e2e.db');
  return execFileSync(server, ['token', 'create', '--name', name, '--role', role, '--db', db], { stdio: ['ignore', 'pipe', 'ignore'] })
    .toString()
    .trim();
}

async function signInAs(page: Page, t: string, who: string) {
  await page.goto(`/#token=${t}`);
  await expect(page.getByText('Signed in', { exact: true })).toBeVisible();
  await expect(page.getByText(who, { exact: true })).toBeVisible();
}

async function freshTrigger(request: import('@playwright/test').APIRequestContext, name: string) {
  for (const t of await (await request.get(TRIGGERS, { headers: auth })).json()) {
    await request.delete(`${TRIGGERS}/${t.id}`, { headers: auth });
  }
  const created = await request.post(TRIGGERS, {
    headers: auth,
    data: { description: name, enable: true, event: 1, conditions: [{ fieldId: 'subject', matchType: 'contains', value: 'refund' }] },
  });
  expect(created.status()).toBe(201);
  return (await created.json()).id as string;
}

test('a viewer sees everything read-only, and Preview still answers', async ({ page, request }) => {
  const id = await freshTrigger(request, 'Refunds');
  const name = `vera-${Date.now()}`;
  await signInAs(page, token(name, 'viewer'), `${name} · viewer`);

  await page.goto(`/triggers/${id}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Edit trigger');
  await expect(page.locator('.at-readonly')).toContainText('You are signed in as a viewer');
  // A viewer may try a change (for Preview and impact) but not save it.
  await page.getByLabel('Name').fill('Refunds (tried)');
  const bar = page.getByRole('region', { name: 'Unsaved changes' });
  await expect(bar).toContainText('your role cannot save them');
  await expect(bar.getByRole('button', { name: 'Save' })).toBeDisabled();
  await bar.getByRole('button', { name: 'Discard' }).click();

  // Switches in lists show their state and cannot be moved.
  await page.goto('/triggers');
  await expect(page.getByRole('switch', { name: 'Refunds' })).toBeDisabled();
  await expect(page.locator('.at-readonly')).toContainText('You are signed in as a viewer');
  await page.getByRole('button', { name: 'Actions for Refunds' }).click();
  await expect(page.getByRole('menuitem', { name: 'Delete…' })).toBeDisabled();
  await expect(page.getByRole('menuitem', { name: 'Duplicate' })).toBeDisabled();
  await page.keyboard.press('Escape');
  await page.goto('/working-time');
  await expect(page.getByRole('button', { name: 'Add holiday' })).toBeDisabled();
  await page.goto('/blocked-senders');
  await expect(page.getByRole('button', { name: 'Block', exact: true })).toBeDisabled();
  await page.goto('/triggers');
  // No Audit page for viewers.
  await expect(page.getByRole('link', { name: 'Audit trail' })).toBeHidden();

  // Preview works.
  await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Preview' }).click();
  await page.getByLabel('Subject').fill('A refund please');
  const result = page.getByRole('region', { name: 'What the settings do' });
  await expect(result.getByText('1 of 1 triggers fire.')).toBeVisible();
});

test('an editor changes a trigger twice, reads its history in words, restores the first version; the Audit page filters by person', async ({ page, request }) => {
  const id = await freshTrigger(request, 'Refunds');
  const name = `ed-${Date.now()}`;
  await signInAs(page, token(name, 'editor'), `${name} · editor`);
  await page.goto(`/triggers/${id}`);
  const bar = page.getByRole('region', { name: 'Unsaved changes' });

  // First change: the condition's value.
  await page.getByLabel('Condition 1: value').fill('refund or return');
  await bar.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText("Trigger 'Refunds' saved.")).toBeVisible();
  // Second: its name.
  await page.goto(`/triggers/${id}`);
  await page.getByLabel('Name').fill('Refunds and returns');
  await bar.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText("Trigger 'Refunds and returns' saved.")).toBeVisible();

  await page.goto(`/triggers/${id}`);
  await page.getByRole('button', { name: 'History' }).click();
  const history = page.getByRole('region', { name: /history/i });
  const items = history.getByRole('listitem').filter({ has: page.locator('strong') });
  await expect(items).toHaveCount(3);
  await expect(items.nth(0)).toContainText(`Changed by ${name}`);
  await expect(items.nth(0)).toContainText("Name: 'Refunds' → 'Refunds and returns'");
  await expect(items.nth(1)).toContainText("Conditions: 'Subject contains refund' → 'Subject contains refund or return'");
  await expect(items.nth(2)).toContainText('Created by setup');

  // The first version goes into the form, and is saved as any edit is.
  await items.nth(2).getByRole('button', { name: 'Restore this version' }).click();
  await expect(page.getByText('That version is in the form now')).toBeVisible();
  await expect(page.getByLabel('Name')).toHaveValue('Refunds');
  await expect(page.getByLabel('Condition 1: value')).toHaveValue('refund');
  await bar.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText("Trigger 'Refunds' saved.")).toBeVisible();
  const saved = await (await request.get(`${TRIGGERS}/${id}`, { headers: auth })).json();
  expect(saved.description).toBe('Refunds');
  expect(saved.conditions[0].value).toBe('refund');

  // The restore is a new entry of the trail, by the editor.
  const trail = await (await request.get(`${A}/audit?kind=trigger&id=${id}`, { headers: auth })).json();
  expect(trail.items[0].actor.id).toBe(name);
  expect(trail.items.length).toBe(4);

  // An admin's Audit page: filtered by that person, only their changes.
  const admin = `ada-${Date.now()}`;
  await signInAs(page, token(admin, 'admin'), `${admin} · admin`);
  await page.getByRole('link', { name: 'Audit trail' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Audit trail');
  await page.getByLabel('Person').fill(name);
  await page.getByLabel('Person').press('Tab');
  const rows = page.locator('.at-audit__item');
  await expect(rows).toHaveCount(3);
  for (const row of await rows.all()) await expect(row).toContainText(`by ${name}`);
  await expect(rows.first()).toContainText("Name: 'Refunds and returns' → 'Refunds'");
  // Each opens its object's page and history.
  await rows.first().getByRole('link', { name: 'Open its page and history' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Edit trigger');
});

test('the embedding demo signs a portal user in with a signed token', async ({ page, request }) => {
  await freshTrigger(request, 'Refunds');
  const root = join(__dirname, '..');
  const jwt = execFileSync('node', ['scripts/portal-token.mjs', '--key', 'embed/portal-demo.key', '--sub', 'u-42',
    '--name', 'Pat Portal', '--role', 'editor'], { cwd: root }).toString().trim();
  await page.goto(`/embed.html#token=${jwt}`);
  await expect(page.getByText('Pat Portal · editor', { exact: true })).toBeVisible();
  // Their change is theirs in the trail.
  await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Triggers' }).click();
  await page.getByRole('switch', { name: 'Refunds' }).click();
  await expect(page.getByRole('switch', { name: 'Refunds' })).toHaveAttribute('aria-checked', 'false');
  await expect.poll(async () => {
    const trail = await (await request.get(`${A}/audit?kind=trigger&limit=1`, { headers: auth })).json();
    return trail.items[0]?.actor;
  }).toEqual({ id: 'u-42', name: 'Pat Portal', via: 'portal' });
  // An expired or badly signed token is refused with its reason.
  const bad = await request.get(`${A}/me`, { headers: { Authorization: `Bearer ${jwt.slice(0, -2)}xx` } });
  expect(bad.status()).toBe(401);
  expect((await bad.json()).detail).toContain('bad signature');
});

test('the Audit page brings a deleted trigger back, and older pages add to the list without redrawing it', async ({ page, request }) => {
  const id = await freshTrigger(request, 'Gone for now');
  expect((await request.delete(`${TRIGGERS}/${id}`, { headers: auth })).status()).toBe(204);
  // More than a page (50) of holiday changes.
  const stamp = Date.now();
  for (let i = 0; i < 52; i++) {
    const day = new Date(Date.UTC(2040, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
    const r = await request.post(`${A}/holidays`, { headers: auth, data: { title: `Day ${stamp}-${i}`, date: day } });
    expect(r.status()).toBe(201);
  }
  const admin = `ada-${Date.now()}`;
  await signInAs(page, token(admin, 'admin'), `${admin} · admin`);
  await page.goto('/audit');
  const rows = page.locator('.at-audit__item');

  await page.getByLabel('Area').selectOption({ label: 'Triggers' });
  const deleted = rows.filter({ hasText: "Deleted" }).filter({ hasText: "'Gone for now'" }).first();
  await deleted.getByRole('button', { name: 'Restore its last version' }).click();
  await expect(page.getByText("Restored 'Gone for now'.")).toBeVisible();
  const back = await request.get(`${TRIGGERS}/${id}`, { headers: auth });
  expect(back.status()).toBe(200);
  expect((await back.json()).description).toBe('Gone for now');
  await expect(rows.first()).toContainText('Restored');

  await page.getByLabel('Area').selectOption({ label: 'Holidays' });
  await expect(rows).toHaveCount(50);
  // Marked, to tell a kept row from a redrawn one.
  await rows.first().evaluate((li) => li.setAttribute('data-kept', 'yes'));
  const before = (await request.get(`${A}/audit?kind=holiday&limit=500`, { headers: auth }));
  const total = (await before.json()).items.length;
  await page.getByRole('button', { name: 'Older changes' }).click();
  await expect(rows).toHaveCount(Math.min(total, 100));
  await expect(rows.first()).toHaveAttribute('data-kept', 'yes');
  if (total <= 100) {
    // The pager is gone: focus is on the first entry it brought.
    await expect(page.getByRole('button', { name: 'Older changes' })).toBeHidden();
    await expect(rows.nth(50)).toBeFocused();
  } else {
    await expect(page.getByRole('button', { name: 'Older changes' })).toBeFocused();
  }
});
