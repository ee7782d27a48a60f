import { expect, test } from '@playwright/test';
import { enginePort } from './playwright.config';

const PAGE = `http://127.0.0.1:${enginePort}/examples/portal-preview.html`;
// The page reads "Created" in the browser's zone.
test.use({ timezoneId: 'UTC' });

test('the engine package example works offline: a ticket screen shows routing and SLA live', async ({ page, context }) => {
  const origins = new Set<string>();
  page.on('request', (r) => origins.add(new URL(r.url()).origin));
  await page.goto(PAGE);
  await expect(page.getByText(/^Computed here by the Anytime engine \(\d+ conditions\)\.$/)).toBeVisible();
  // Only the page's own files were loaded: no console, no API server.
  expect([...origins]).toEqual([`http://127.0.0.1:${enginePort}`]);

  await context.setOffline(true);
  const row = (term: string) => page.locator('dt', { hasText: term }).locator('xpath=following-sibling::dd[1]');
  // Monday 7 December 2026, 10:00 UTC = 11:00 in Paris.
  await page.getByLabel('Created').fill('2026-12-07T10:00');
  await page.getByLabel('Subject').fill('URGENT refund');
  await expect(row('Routed to')).toHaveText('Billing (rule “Refunds”)');
  await expect(row('Triggers')).toHaveText('Escalate urgent, Acknowledge every email');
  await expect(row('SLA')).toHaveText('“Urgent”');
  await expect(row('First response')).toHaveText('Mon 7 Dec, 12:00 (Europe/Paris)');

  await page.getByLabel('Subject').fill('Question about pricing');
  await expect(row('Routed to')).toHaveText('Sales (rule “Sales leads”)');
  await expect(row('First response')).toHaveText('Mon 7 Dec, 15:00 (Europe/Paris)');

  await page.getByLabel('From').fill('bot@spam.example');
  await expect(row('Sender')).toHaveText('Blocked (rejected) by spam.example');

  await page.getByLabel('Expression over 3 conditions').fill('1 OR (2');
  await expect(page.getByText("✗ The '(' at 6 is never closed. (position 6)")).toBeVisible();
  await page.getByLabel('Expression over 3 conditions').fill('1 or not (2 and 3)');
  await expect(page.getByText('✓ Reads as 1 OR NOT (2 AND 3)')).toBeVisible();
  await context.setOffline(false);
});
