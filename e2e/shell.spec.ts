import { expect, test } from '@playwright/test';

const areas = [
  'Email accounts',
  'Routing',
  'Auto allocation',
  'Triggers',
  'SLA policies',
  'Working time & holidays',
  'Blocked senders',
  'Fields & mapping',
  'Preview',
];

test('the release build renders the sidebar and every area page', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('response', (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));
  // Console errors include Content-Security-Policy violations.
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));

  await page.goto('/');
  const nav = page.getByRole('navigation', { name: 'Settings' });
  await expect(nav.getByRole('link')).toHaveText(areas);

  for (const name of areas) {
    await nav.getByRole('link', { name, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
    await expect(nav.getByRole('link', { name, exact: true })).toHaveAttribute('aria-current', 'page');
  }
  expect(errors).toEqual([]);
});

test('deep links load the page and unknown ones say so', async ({ page }) => {
  await page.goto('/sla-policies');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('SLA policies');
  await page.goto('/no-such-page');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
});

test('at 360 px the sidebar is a menu', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto('/');
  const nav = page.getByRole('navigation', { name: 'Settings' });
  await expect(nav).toBeHidden();
  await page.getByRole('button', { name: 'Menu' }).click();
  await expect(nav).toBeVisible();
  await nav.getByRole('link', { name: 'Routing' }).click();
  await expect(nav).toBeHidden();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Routing');
});
