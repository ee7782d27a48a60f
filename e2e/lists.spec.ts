import { expect, test } from '@playwright/test';
import { auth, signIn } from './helpers';


test('triggers reorder by keyboard and by drag and drop, saved on the server', async ({ page, request }) => {
  // Start from three triggers, A B C.
  for (const t of await (await request.get('/api/v3/anytime/triggers', { headers: auth })).json()) {
    await request.delete(`/api/v3/anytime/triggers/${t.id}`, { headers: auth });
  }
  for (const name of ['A', 'B', 'C']) {
    const r = await request.post('/api/v3/anytime/triggers', { headers: auth, data: { description: name, enable: true, event: 1 } });
    expect(r.status()).toBe(201);
  }
  const serverOrder = async () =>
    (await (await request.get('/api/v3/anytime/triggers', { headers: auth })).json()).map((t: { description: string }) => t.description);

  await signIn(page);
  await page.goto('/triggers');
  const rows = page.locator('.at-ordered .at-row__name');
  await expect(rows).toHaveText(['A', 'B', 'C']);

  // Keyboard: Alt+↑ on B's handle; focus follows the row.
  await page.getByRole('button', { name: /^Move B\./ }).focus();
  await page.keyboard.press('Alt+ArrowUp');
  await expect(rows).toHaveText(['B', 'A', 'C']);
  await expect(page.getByRole('button', { name: /^Move B\./ })).toBeFocused();
  await expect.poll(serverOrder).toEqual(['B', 'A', 'C']);

  // Drag C onto the first row.
  await page.getByRole('button', { name: /^Move C\./ }).dragTo(page.locator('.at-ordered [data-position="0"]'));
  await expect(rows).toHaveText(['C', 'B', 'A']);
  await expect.poll(serverOrder).toEqual(['C', 'B', 'A']);

  // The order survives a reload.
  await page.reload();
  await expect(rows).toHaveText(['C', 'B', 'A']);

  // Switching B off is saved.
  const b = page.getByRole('switch', { name: 'B', exact: true });
  await expect(b).toHaveAttribute('aria-checked', 'true');
  await b.click();
  await expect(b).toHaveAttribute('aria-checked', 'false');
  await expect
    .poll(async () => (await (await request.get('/api/v3/anytime/triggers', { headers: auth })).json()).find((t: { description: string }) => t.description === 'B').enable)
    .toBe(false);

  for (const t of await (await request.get('/api/v3/anytime/triggers', { headers: auth })).json()) {
    await request.delete(`/api/v3/anytime/triggers/${t.id}`, { headers: auth });
  }
});

test('a row action on a list someone else changed is refused and says so, then reloads', async ({ page, request }) => {
  for (const t of await (await request.get('/api/v3/anytime/triggers', { headers: auth })).json()) {
    await request.delete(`/api/v3/anytime/triggers/${t.id}`, { headers: auth });
  }
  const made = [];
  for (const name of ['Keep', 'Other']) {
    const r = await request.post('/api/v3/anytime/triggers', { headers: auth, data: { description: name, enable: true, event: 1 } });
    made.push(await r.json());
  }
  await signIn(page);
  await page.goto('/triggers');
  await expect(page.locator('.at-ordered .at-row__name')).toHaveText(['Keep', 'Other']);

  // Meanwhile another admin renames 'Other' through the API.
  const renamed = await request.put(`/api/v3/anytime/triggers/${made[1].id}`, {
    headers: auth, data: { ...made[1], description: 'Renamed elsewhere' },
  });
  expect(renamed.status()).toBe(200);

  // Our switch on 'Keep' carried the list's old ETag: refused, put back, explained.
  const keep = page.getByRole('switch', { name: 'Keep', exact: true });
  await keep.click();
  const dialog = page.getByRole('alertdialog', { name: 'Changed by someone else' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('The triggers changed since this page loaded them, so your change was not made.');
  await expect(keep).toHaveAttribute('aria-checked', 'true');
  expect((await (await request.get(`/api/v3/anytime/triggers/${made[0].id}`, { headers: auth })).json()).enable).toBe(true);

  // Reload shows what is saved now; the same action then goes through.
  await dialog.getByRole('button', { name: 'Reload' }).click();
  await expect(page.locator('.at-ordered .at-row__name')).toHaveText(['Keep', 'Renamed elsewhere']);
  await page.getByRole('switch', { name: 'Keep', exact: true }).click();
  await expect.poll(async () =>
    (await (await request.get(`/api/v3/anytime/triggers/${made[0].id}`, { headers: auth })).json()).enable).toBe(false);

  // A delete that lost the race is refused too.
  await request.put(`/api/v3/anytime/triggers/${made[1].id}`, { headers: auth, data: { ...made[1], description: 'Again' } });
  await page.getByRole('button', { name: 'Actions for Renamed elsewhere' }).click();
  await page.getByRole('menuitem', { name: 'Delete…' }).click();
  await page.getByRole('alertdialog', { name: "Delete the trigger 'Renamed elsewhere'?" }).getByRole('button', { name: 'Delete' }).click();
  await expect(dialog).toBeVisible();
  expect((await request.get(`/api/v3/anytime/triggers/${made[1].id}`, { headers: auth })).status()).toBe(200);
  await dialog.getByRole('button', { name: 'Reload' }).click();
  await expect(page.locator('.at-ordered .at-row__name')).toHaveText(['Keep', 'Again']);

  for (const t of await (await request.get('/api/v3/anytime/triggers', { headers: auth })).json()) {
    await request.delete(`/api/v3/anytime/triggers/${t.id}`, { headers: auth });
  }
});

test('blocked senders: add with inline validation, search, remove after confirming', async ({ page, request }) => {
  for (const b of await (await request.get('/api/v3/anytime/blockedSenders', { headers: auth })).json()) {
    await request.delete(`/api/v3/anytime/blockedSenders/${b.id}`, { headers: auth });
  }
  await signIn(page);
  await page.goto('/blocked-senders');
  await expect(page.getByText('Nobody is blocked.', { exact: false })).toBeVisible();

  const input = page.getByLabel('Address or domain');
  await input.fill('not an address');
  await input.blur();
  await expect(page.getByText('is neither an email address', { exact: false })).toBeVisible();
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  await input.fill('@Spam.Example');
  await expect(input).toHaveAttribute('aria-invalid', 'false');
  await page.getByRole('button', { name: 'Block', exact: true }).click();
  await expect(page.getByText('spam.example: reject mail from this domain.')).toBeVisible();
  await expect(input).toHaveValue('');

  await input.fill('bob@mail.example');
  await page.getByLabel('What happens to their mail').selectOption('junk');
  await input.press('Enter');
  // Sorted by address unless asked otherwise.
  const names = page.locator('.at-row__name');
  await expect(names).toHaveText(['bob@mail.example', 'spam.example']);
  await expect(page.locator('.at-row__facts').getByText('Mark mail from this address as junk · added')).toBeVisible();

  await page.getByLabel('Search').fill('MAIL');
  await expect(names).toHaveText(['bob@mail.example']);
  await page.getByLabel('Search').fill('');

  await page.getByRole('button', { name: 'Remove spam.example' }).click();
  const dialog = page.getByRole('alertdialog', { name: "Remove the blocked sender 'spam.example'?" });
  await expect(dialog).toContainText('Mail from it will arrive again.');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(names).toHaveText(['bob@mail.example', 'spam.example']);
  await page.getByRole('button', { name: 'Remove spam.example' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByText("Blocked sender 'spam.example' removed.")).toBeVisible();
  await expect(names).toHaveText(['bob@mail.example']);
  const left = await (await request.get('/api/v3/anytime/blockedSenders', { headers: auth })).json();
  expect(left.map((b: { email: string }) => b.email)).toEqual(['bob@mail.example']);
});

test('SLA policies and custom rules reorder and switch on the server too', async ({ page, request }) => {
  const SLA = '/api/v3/anytime/SLAPolicies';
  const RULES = '/api/v3/anytime/routingRules/customRules';
  for (const p of await (await request.get(SLA, { headers: auth })).json()) await request.delete(`${SLA}/${p.id}`, { headers: auth });
  for (const r of await (await request.get(RULES, { headers: auth })).json()) await request.delete(`${RULES}/${r.id}`, { headers: auth });
  for (const name of ['Gold', 'Silver']) {
    await request.post(SLA, { headers: auth, data: { name, enable: true, firstRespondWithin: 4, operationalHour: 'businessHours' } });
    await request.post(RULES, { headers: auth, data: { name, isEnable: true, routeToObject: 'agent', routeToId: 'agent-ana' } });
  }
  const names = async (path: string) => (await (await request.get(path, { headers: auth })).json()).map((x: { name: string }) => x.name);

  await signIn(page);
  await page.goto('/sla-policies');
  await page.getByRole('button', { name: /^Move Gold\./ }).focus();
  await page.keyboard.press('Alt+ArrowDown');
  await expect.poll(() => names(SLA)).toEqual(['Silver', 'Gold']);
  await page.getByRole('switch', { name: 'Silver', exact: true }).click();
  await expect.poll(async () => (await (await request.get(SLA, { headers: auth })).json())[0].enable).toBe(false);

  await page.goto('/routing');
  await page.getByRole('button', { name: /^Move Silver\./ }).focus();
  await page.keyboard.press('Alt+ArrowUp');
  await expect.poll(() => names(RULES)).toEqual(['Silver', 'Gold']);
  await expect(page.getByRole('link', { name: 'Gold' })).toHaveAttribute('href', /\/routing\/rules\//);

  for (const p of await (await request.get(SLA, { headers: auth })).json()) await request.delete(`${SLA}/${p.id}`, { headers: auth });
  for (const r of await (await request.get(RULES, { headers: auth })).json()) await request.delete(`${RULES}/${r.id}`, { headers: auth });
});

test('a row menu edits, duplicates, moves and deletes, saved on the server', async ({ page, request }) => {
  for (const t of await (await request.get('/api/v3/anytime/triggers', { headers: auth })).json()) {
    await request.delete(`/api/v3/anytime/triggers/${t.id}`, { headers: auth });
  }
  for (const name of ['A', 'B']) {
    await request.post('/api/v3/anytime/triggers', { headers: auth, data: { description: name, enable: true, event: 1,
      conditions: [{ fieldId: 'subject', matchType: 'contains', value: name }] } });
  }
  const server = async () => (await (await request.get('/api/v3/anytime/triggers', { headers: auth })).json())
    .map((t: { description: string; enable: boolean }) => `${t.description}:${t.enable ? 'on' : 'off'}`);
  await signIn(page);
  await page.goto('/triggers');
  const rows = page.locator('.at-ordered .at-row__name');
  await expect(rows).toHaveText(['A', 'B']);

  // Keyboard: open A's menu, the first item has focus, arrows move, Escape returns.
  await page.getByRole('button', { name: 'Actions for A' }).click();
  await expect(page.getByRole('menuitem', { name: 'Edit' })).toBeFocused();
  await expect(page.getByRole('menuitem', { name: 'Move up' })).toBeDisabled();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('menuitem', { name: 'Duplicate' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('menuitem', { name: 'Move down' })).toBeFocused();
  // Home and End go to the first and last item.
  await page.keyboard.press('End');
  await expect(page.getByRole('menuitem', { name: 'Delete…' })).toBeFocused();
  await page.keyboard.press('Home');
  await expect(page.getByRole('menuitem', { name: 'Edit' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toBeHidden();
  await expect(page.getByRole('button', { name: 'Actions for A' })).toBeFocused();
  // Tab leaves the menu closed.
  await page.getByRole('button', { name: 'Actions for A' }).click();
  await expect(page.getByRole('menuitem', { name: 'Edit' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('menu')).toBeHidden();

  // Duplicate: a copy at the end, off, with its conditions.
  await page.getByRole('button', { name: 'Actions for A' }).click();
  await page.getByRole('menuitem', { name: 'Duplicate' }).click();
  await expect(page.getByText("Added 'A (copy)' at the end; it is off until you turn it on.")).toBeVisible();
  await expect(rows).toHaveText(['A', 'B', 'A (copy)']);
  await expect.poll(server).toEqual(['A:on', 'B:on', 'A (copy):off']);
  const copy = (await (await request.get('/api/v3/anytime/triggers', { headers: auth })).json())[2];
  expect(copy.conditions[0]).toMatchObject({ fieldId: 'subject', matchType: 'contains', value: 'A' });

  // Move down from the menu: one PUT …/order.
  await page.getByRole('button', { name: 'Actions for A', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Move down' }).click();
  await expect(rows).toHaveText(['B', 'A', 'A (copy)']);
  await expect.poll(server).toEqual(['B:on', 'A:on', 'A (copy):off']);

  // Delete asks once, naming it; Cancel keeps it.
  await page.getByRole('button', { name: 'Actions for B' }).click();
  await page.getByRole('menuitem', { name: 'Delete…' }).click();
  const confirm = page.getByRole('alertdialog', { name: "Delete the trigger 'B'?" });
  await expect(confirm).toBeVisible();
  // Focus starts on Cancel and Tab stays inside the dialog.
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(confirm.getByRole('button', { name: 'Delete' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('alertdialog')).toBeHidden();
  await expect(rows).toHaveText(['B', 'A', 'A (copy)']);
  // The keyboard is back on the row's menu button.
  await expect(page.getByRole('button', { name: 'Actions for B' })).toBeFocused();
  await page.getByRole('button', { name: 'Actions for B' }).click();
  await page.getByRole('menuitem', { name: 'Delete…' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByText("Trigger 'B' deleted.")).toBeVisible();
  // The deleted row had the focus: it goes to the page's heading, not to nowhere.
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  await expect(rows).toHaveText(['A', 'A (copy)']);
  await expect.poll(server).toEqual(['A:on', 'A (copy):off']);
});
