import { expect, test } from '@playwright/test';
import { auth, signIn } from './helpers';

const PATH = '/api/v3/anytime/workingTime';

test.beforeEach(async ({ request, page }) => {
  // Monday to Friday 09:00–17:00 UTC.
  const week = (open: boolean) => ({ isBusinessDay: open, openHour: 9, openMin: 0, closeHour: 17, closeMin: 0 });
  await request.put(PATH, {
    headers: auth,
    data: {
      timeZone: 'UTC', sundayBusinessTime: week(false), mondayBusinessTime: week(true), tuesdayBusinessTime: week(true),
      wednesdayBusinessTime: week(true), thusdayBusinessTime: week(true), fridayBusinessTime: week(true), saturdayBusinessTime: week(false),
    },
  });
  await signIn(page);
  await page.goto('/working-time');
});

test('edit, see the save bar, save, and the server has it', async ({ page, request }) => {
  const close = page.getByLabel('Monday: closes at');
  await expect(close).toHaveValue('17:00');
  await expect(page.getByRole('region', { name: 'Unsaved changes' })).toBeHidden();
  await close.fill('18:30');
  await page.getByLabel('Time zone').selectOption('Europe/Paris');
  const bar = page.getByRole('region', { name: 'Unsaved changes' });
  await expect(bar).toBeVisible();
  await bar.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Working time saved.')).toBeVisible();
  await expect(bar).toBeHidden();
  const saved = await (await request.get(PATH, { headers: auth })).json();
  expect(saved.mondayBusinessTime).toMatchObject({ closeHour: 18, closeMin: 30 });
  expect(saved.timeZone).toBe('Europe/Paris');
});

test('mistakes show on the day as you type, and nothing typed is lost', async ({ page }) => {
  await page.getByLabel('Tuesday: opens at').fill('17:00');
  await page.getByLabel('Tuesday: closes at').fill('09:00');
  await expect(page.getByRole('alert').filter({ hasText: 'Closing time must be after opening time.' })).toBeVisible();
  await page.getByLabel('Wednesday: closes at').fill('5pm');
  await expect(page.getByRole('alert').filter({ hasText: "'5pm' is not a time. Write HH:MM" })).toBeVisible();
  // 24:00 closes a day but never opens one: the core says so as it is typed.
  await page.getByLabel('Thursday: opens at').fill('24:00');
  await expect(page.getByRole('alert').filter({ hasText: 'A day cannot open at 24:00' })).toBeVisible();
  await page.getByRole('region', { name: 'Unsaved changes' }).getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Fix the highlighted days first.')).toBeVisible();
  await expect(page.getByLabel('Wednesday: closes at')).toHaveValue('5pm');
  // Discard brings back what is saved.
  await page.getByRole('button', { name: 'Discard' }).click();
  await expect(page.getByLabel('Tuesday: opens at')).toHaveValue('09:00');
  await expect(page.getByLabel('Wednesday: closes at')).toHaveValue('17:00');
});

test('someone else saved first: the conflict dialog, then overwrite', async ({ page, request }) => {
  await page.getByLabel('Friday: closes at').fill('16:00');
  // Another admin saves meanwhile.
  await request.put(PATH, { headers: auth, data: { timeZone: 'Asia/Tokyo' } });
  await page.getByRole('region', { name: 'Unsaved changes' }).getByRole('button', { name: 'Save' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Someone else saved first' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Overwrite with mine' }).click();
  await expect(page.getByText('Working time saved.')).toBeVisible();
  const saved = await (await request.get(PATH, { headers: auth })).json();
  expect(saved.fridayBusinessTime).toMatchObject({ closeHour: 16, closeMin: 0 });
  expect(saved.timeZone).toBe('UTC');
});

test('leaving with unsaved changes asks first', async ({ page }) => {
  await page.getByLabel('Monday: opens at').fill('08:00');
  let asked = '';
  page.once('dialog', (d) => { asked = d.message(); void d.dismiss(); });
  await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Triggers' }).click();
  expect(asked).toContain('unsaved changes');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Working time & holidays');
  await expect(page.getByLabel('Monday: opens at')).toHaveValue('08:00');
  page.once('dialog', (d) => void d.accept());
  await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Triggers' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Triggers');
});

test('holidays: added with the core checking the date, listed by date, removed after confirming', async ({ page, request }) => {
  const HOLIDAYS = '/api/v3/anytime/holidays';
  for (const h of await (await request.get(HOLIDAYS, { headers: auth })).json()) {
    await request.delete(`${HOLIDAYS}/${h.id}`, { headers: auth });
  }
  await signIn(page);
  await page.goto('/working-time');
  const form = page.getByRole('form', { name: 'Add a holiday' });
  await form.getByRole('button', { name: 'Add holiday' }).click();
  await expect(form.getByText('Enter a title.')).toBeVisible();
  await expect(form.getByText('Choose the date.')).toBeVisible();
  await form.getByLabel('Holiday').fill('New Year');
  await form.getByLabel('Date').fill('2027-01-01');
  await form.getByRole('button', { name: 'Add holiday' }).click();
  await expect(page.getByText('New Year added: Friday, 1 January 2027.')).toBeVisible();
  await form.getByLabel('Holiday').fill('Christmas');
  await form.getByLabel('Date').fill('2026-12-25');
  await form.getByRole('button', { name: 'Add holiday' }).click();
  const names = page.locator('.at-list .at-row__name');
  await expect(names).toHaveText(['Christmas', 'New Year']);
  // The same day again: said as the list says dates; what was typed stays.
  await form.getByLabel('Holiday').fill('Xmas');
  await form.getByLabel('Date').fill('2026-12-25');
  await form.getByRole('button', { name: 'Add holiday' }).click();
  await expect(form.getByText('Friday, 25 December 2026 is a holiday already: Christmas.')).toBeVisible();
  await expect(form.getByLabel('Holiday')).toHaveValue('Xmas');
  await form.getByLabel('Holiday').fill('');
  await form.getByLabel('Date').fill('');
  await page.getByRole('button', { name: 'Remove New Year' }).click();
  await page.getByRole('alertdialog', { name: "Remove the holiday 'New Year'?" }).getByRole('button', { name: 'Remove' }).click();
  await expect(names).toHaveText(['Christmas']);
  const saved = await (await request.get(HOLIDAYS, { headers: auth })).json();
  expect(saved.map((h: { title: string; date: string }) => `${h.title} ${h.date}`)).toEqual(['Christmas 2026-12-25']);
});

test('at 360 px the week fits without scrolling sideways', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await signIn(page);
  await page.goto('/working-time');
  await expect(page.getByLabel('Monday: closes at')).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
});
