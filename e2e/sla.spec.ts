import { APIRequestContext, expect, test } from '@playwright/test';
import { auth, signIn } from './helpers';

const A = '/api/v3/anytime';
const day = { isBusinessDay: true, openHour: 9, closeHour: 17 };

async function clear(request: APIRequestContext) {
  for (const p of await (await request.get(`${A}/SLAPolicies`, { headers: auth })).json()) {
    await request.delete(`${A}/SLAPolicies/${p.id}`, { headers: auth });
  }
  for (const h of await (await request.get(`${A}/holidays`, { headers: auth })).json()) {
    await request.delete(`${A}/holidays/${h.id}`, { headers: auth });
  }
}

test('an SLA policy is written, with due times and their business-hours math', async ({ page, request }) => {
  await clear(request);
  const closed = { isBusinessDay: false };
  expect((await request.put(`${A}/workingTime`, { headers: auth, data: {
    timeZone: 'Europe/Paris', mondayBusinessTime: day, tuesdayBusinessTime: day, wednesdayBusinessTime: day,
    thursdayBusinessTime: day, fridayBusinessTime: day, saturdayBusinessTime: closed, sundayBusinessTime: closed,
  } })).status()).toBe(200);
  await request.post(`${A}/holidays`, { headers: auth, data: { title: 'Christmas', date: '2026-12-25' } });

  await signIn(page);
  await page.goto('/sla-policies');
  await page.getByRole('link', { name: '+ New SLA policy' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('New SLA policy');

  await page.getByLabel('Name').fill('Urgent');
  const hours = (measure: string) => page.getByRole('group', { name: measure }).getByLabel('Hours');
  await hours('First response').fill('9000');
  await expect(page.getByText('First response hours must be from 0 to 8760, not 9000.')).toBeVisible();
  await hours('First response').fill('4');
  await hours('Resolution').fill('24');
  await page.getByRole('button', { name: '+ Add condition' }).click();
  await page.getByLabel('Condition 1: field').selectOption('priority');
  await page.getByLabel('Condition 1: value').selectOption({ label: 'Urgent' });

  // Thursday 24 December, 15:00 in Paris: Christmas and the weekend are skipped.
  await page.getByLabel('A conversation arriving').fill('2026-12-24T15:00');
  const readout = page.getByRole('region', { name: 'When targets fall due' });
  await expect(readout.getByText('First response: due Mon 28 Dec 2026, 11:00 — 4 business hours')).toBeVisible();
  await expect(readout.getByText('Resolution: due Wed 30 Dec 2026, 15:00 — 24 business hours')).toBeVisible();
  await expect(readout.locator('li li')).toHaveText([
    'Thu 24 Dec 15:00–17:00 (2 h)', 'Mon 28 Dec 09:00–11:00 (2 h)',
    'Thu 24 Dec 15:00–17:00 (2 h)', 'Mon 28 Dec 09:00–17:00 (8 h)', 'Tue 29 Dec 09:00–17:00 (8 h)', 'Wed 30 Dec 09:00–15:00 (6 h)',
  ]);
  await page.getByLabel('Count').selectOption({ label: 'Around the clock' });
  await expect(readout.getByText('First response: due Thu 24 Dec 2026, 19:00 — 4 hours')).toBeVisible();
  await page.getByLabel('Count').selectOption('businessHours');

  await page.getByRole('region', { name: 'Unsaved changes' }).getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText("SLA policy 'Urgent' saved.")).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('SLA policies');
  const [saved] = await (await request.get(`${A}/SLAPolicies`, { headers: auth })).json();
  expect(saved).toMatchObject({
    name: 'Urgent', enable: true, firstRespondWithin: 4, resolveRespondWithin: 24, operationalHour: 'businessHours',
    conditions: [{ fieldId: 'priority', matchType: 'is', value: '4' }],
  });
});

test('a 30-minute target, a name asked for, and a name used twice refused on its field', async ({ page, request }) => {
  await clear(request);
  expect((await request.put(`${A}/workingTime`, { headers: auth, data: {
    timeZone: 'UTC', mondayBusinessTime: day, tuesdayBusinessTime: day, wednesdayBusinessTime: day,
    thursdayBusinessTime: day, fridayBusinessTime: day, saturdayBusinessTime: { isBusinessDay: false },
    sundayBusinessTime: { isBusinessDay: false },
  } })).status()).toBe(200);
  await request.post(`${A}/SLAPolicies`, { headers: auth, data: { name: 'VIP', enable: true, firstRespondWithin: 1, operationalHour: 'calenderHours' } });

  await signIn(page);
  await page.goto('/sla-policies/new');
  const target = (measure: string) => page.getByRole('group', { name: measure });
  await target('First response').getByLabel('Hours').fill('0');
  await target('First response').getByLabel('Minutes').fill('30');
  await target('Resolution').getByLabel('Minutes').fill('75');
  await expect(page.getByText('Resolution minutes must be from 0 to 59, not 75.')).toBeVisible();
  await target('Resolution').getByLabel('Minutes').fill('0');
  await target('Resolution').getByLabel('Hours').fill('0');

  // Monday 16:45 + 30 business minutes: 15 before closing, 15 on Tuesday.
  await page.getByLabel('A conversation arriving').fill('2026-12-07T16:45');
  const readout = page.getByRole('region', { name: 'When targets fall due' });
  await expect(readout.getByText('First response: due Tue 8 Dec 2026, 09:15 — 30 business minutes')).toBeVisible();
  await expect(readout.locator('li li')).toHaveText(['Mon 7 Dec 16:45–17:00 (15 min)', 'Tue 8 Dec 09:00–09:15 (15 min)']);

  // No name: the console asks for one.
  const save = page.getByRole('region', { name: 'Unsaved changes' }).getByRole('button', { name: 'Save' });
  await save.click();
  await expect(page.getByLabel('Name')).toBeFocused();
  await expect(page.getByText('Give the policy a name: lists and messages call it by it.')).toBeVisible();

  // A name another policy has: the server's 409 lands on the field.
  await page.getByLabel('Name').fill('vip');
  await save.click();
  await expect(page.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText("Another SLA policy already has the name 'vip'.").first()).toBeVisible();
  await page.getByLabel('Name').fill('Quick');
  await save.click();
  await expect(page.getByText("SLA policy 'Quick' saved.")).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: 'Quick' })).toContainText('First response 30 min');
  const saved = (await (await request.get(`${A}/SLAPolicies`, { headers: auth })).json()).find((p: { name: string }) => p.name === 'Quick');
  expect(saved).toMatchObject({ firstRespondWithin: 0, firstRespondWithinMinutes: 30, resolveRespondWithin: 0 });
});
