import { expect, test } from '@playwright/test';
import { auth, signIn } from './helpers';

const FIELDS = '/api/v3/anytime/fields';

test('a custom field with options is written, used by a trigger, and deleted only when unused', async ({ page, request }) => {
  for (const t of await (await request.get('/api/v3/anytime/triggers', { headers: auth })).json()) {
    await request.delete(`/api/v3/anytime/triggers/${t.id}`, { headers: auth });
  }
  for (const f of await (await request.get(FIELDS, { headers: auth })).json()) {
    if (!f.isSystemField) await request.delete(`${FIELDS}/${f.id}`, { headers: auth });
  }
  await signIn(page);
  await page.goto('/fields');
  await page.getByRole('link', { name: '+ New field' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('New field');
  await page.getByLabel('Name').fill('Plan');
  await page.getByLabel('Type').selectOption({ label: 'Drop-down list' });
  await page.getByRole('region', { name: 'Unsaved changes' }).getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Add at least one option.')).toBeVisible();
  for (const [name, value] of [['Gold', 'gold'], ['Silver', 'gold']]) {
    await page.getByRole('button', { name: '+ Add option' }).click();
    const n = await page.locator('.at-condition').count();
    await page.getByLabel(`Option ${n}: name`).fill(name);
    await page.getByLabel(`Option ${n}: value`).fill(value);
  }
  await expect(page.getByText("Another option already has the value 'gold'.")).toBeVisible();
  await page.getByLabel('Option 2: value').fill('silver');
  // The options' columns are named; the default is one of them.
  await expect(page.locator('.at-option--head')).toHaveText(/Name\s*Value/);
  await page.getByLabel('Default value').selectOption({ label: 'Silver' });
  await page.getByLabel('Chat field').fill('plan');
  await page.getByRole('region', { name: 'Unsaved changes' }).getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText("Field 'Plan' saved.")).toBeVisible();
  await expect(page.getByRole('link', { name: 'Plan' })).toBeVisible();
  await expect(page.getByText('Drop-down list · 2 options · filled from chat field plan')).toBeVisible();
  const plan = (await (await request.get(FIELDS, { headers: auth })).json()).find((f: { name: string }) => f.name === 'Plan');
  expect(plan).toMatchObject({ type: 'dropdownList', chatFieldMapping: 'plan', defaultValue: 'silver', options: [{ name: 'Gold', value: 'gold' }, { name: 'Silver', value: 'silver' }] });

  // In use by a trigger: the server refuses and says by what.
  await request.post('/api/v3/anytime/triggers', { headers: auth, data: { description: 'Gold plan', enable: true, event: 1,
    conditions: [{ fieldId: plan.id, matchType: 'is', value: 'gold' }] } });
  await page.getByRole('button', { name: 'Delete Plan' }).click();
  await page.getByRole('alertdialog', { name: "Delete the field 'Plan'?" }).getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByText(/^Field 'Plan' was not deleted\. .*Gold plan/)).toBeVisible();
  // One user: said in the singular.
  await expect(page.getByText(/Gold plan'\. Remove it there first\./)).toBeVisible();
  await expect(page.getByRole('link', { name: 'Plan' })).toBeVisible();
  // Search narrows the list by name or type.
  await page.getByLabel('Search').fill('drop-down');
  await expect(page.locator('.at-list .at-row__name')).toHaveText(['Status', 'Priority', 'Channel', 'Plan']);
  await page.getByLabel('Search').fill('nothing like this');
  await expect(page.getByText('No field matches this search.')).toBeVisible();
  await page.getByLabel('Search').fill('');
  // System fields have no delete.
  await expect(page.getByRole('button', { name: 'Delete Subject' })).toHaveCount(0);
});
