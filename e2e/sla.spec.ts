import { expect, test } from '@playwright/test';
import { auth, signIn } from './helpers';

const A = '/api/v3/anytime';
const day = { isBusinessDay: true, openHour: 9, closeHour: 17 };

test('an SLA policy is written, with due times and their business-hours math', async ({ page, request }) => {
  for (const p of await (await request.get(`${A}/SLAPolicies`, { headers: auth })).json()) {
    await request.delete(`${A}/SLAPolicies/${p.id}`, { headers: auth });
  }
  for (const h of await (await request.get(`${A}/holidays`, { headers: auth })).json()) {
    await request.delete(`${A}/holidays/${h.id}`, { headers: auth });
  }
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
  await page.getByLabel('First response').fill('9000');
  await expect(page.getByText('First response must be from 0 to 8760, not 9000.')).toBeVisible();
  await page.getByLabel('First response').fill('4');
  await page.getByLabel('Resolution').fill('24');
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
