import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { auth, TOKEN } from './helpers';

const A = '/api/v3/anytime';
// The same help desk the engine package's portal example uses.
const settings = JSON.parse(readFileSync(join(__dirname, '..', 'crates', 'wasm', 'examples', 'portal-settings.json'), 'utf8'));

test('preview computes in the browser what the server computes, offline too, one and many', async ({ page, request, context }) => {
  const before = await (await request.get(`${A}/export`, { headers: auth })).json();
  expect((await request.post(`${A}/import`, { headers: auth, data: settings })).status()).toBe(200);
  try {
    await page.goto(`/#token=${TOKEN}`);
    await expect(page.getByText('Signed in')).toBeVisible();
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Preview' }).click();
    await expect(page.getByText('Using the saved settings. Times are in Europe/Paris.')).toBeVisible();

    // Monday 7 December, 11:00 in Paris; an urgent refund.
    await page.getByLabel('Now').fill('2026-12-07T11:00');
    await page.getByLabel('Subject').fill('URGENT refund');
    const result = page.getByRole('region', { name: 'What the settings do' });
    await expect(result.getByText("Routed to Billing (department), High priority by rule 'Refunds'.")).toBeVisible();
    await expect(result.getByText('2 of 2 triggers fire.')).toBeVisible();
    await expect(result.getByText("Sets Priority: 'High' → 'Urgent'")).toBeVisible();
    // Routing made it high, the trigger urgent, so the Urgent policy's 1 business hour applies.
    await expect(result.getByText("SLA policy 'Urgent' applies; targets count in business hours.")).toBeVisible();
    await expect(result.getByText('First response: due Mon 7 Dec 2026, 12:00 — 1 business hour after Mon 7 Dec 2026, 11:00.')).toBeVisible();
    await expect(result.getByText(/^Allocated to Ana Costa\./)).toBeVisible();
    // With Ana busy, load balancing picks someone else, and says so.
    await page.getByText("Agents' open conversations").click();
    await page.getByLabel('Ana Costa (online)').fill('4');
    await expect(result.getByText(/^Allocated to Cai Lin\./)).toBeVisible();
    await page.getByLabel('Ana Costa (online)').fill('0');

    // The server, asked the same, answers exactly the same.
    await result.getByText('Sample and answer as JSON').click();
    const shown = JSON.parse(await result.locator('pre').innerText());
    expect(shown.sample.at).toBe('2026-12-07T10:00:00Z');
    const served = await (await request.post(`${A}/preview`, { headers: auth, data: shown.sample })).json();
    expect(served).toEqual(shown.outcome);

    // With the network gone, it still answers.
    await context.setOffline(true);
    await page.getByLabel('Sender email').fill('x@spam.example');
    await expect(result.getByText("✗ x@spam.example is blocked by 'spam.example': the conversation is rejected.")).toBeVisible();
    await page.getByLabel('Sender email').fill('tom@example.com');
    await page.getByLabel('Subject').fill('Question about pricing');
    await expect(result.getByText("Routed to Sales (department), Normal priority by rule 'Sales leads'.")).toBeVisible();
    await expect(result.getByText('First response: due Mon 7 Dec 2026, 15:00 — 4 business hours after Mon 7 Dec 2026, 11:00.')).toBeVisible();

    // Typed inputs say what is wrong as it is typed.
    await page.getByLabel('To email').fill('ana@');
    await expect(page.getByText("'ana@' is not an email address. Use the form support@example.com.")).toBeVisible();
    await page.getByLabel('To email').fill('');
    await expect(page.getByText("'ana@' is not an email address.", { exact: false })).toHaveCount(0);

    // Many at once, still offline.
    await page.getByLabel('How many').fill('5000');
    await page.getByRole('button', { name: 'Generate and evaluate' }).click();
    await expect(page.getByRole('status').filter({ hasText: '5,000 generated conversations: evaluated in' })).toBeVisible();
    const routedTo = page.locator('table', { has: page.locator('caption', { hasText: 'Routed to' }) });
    await expect(routedTo.getByRole('rowheader', { name: 'Technical support' })).toBeVisible();
    // Every conversation is either routed somewhere or stopped as a blocked sender.
    const sum = async (caption: string) => {
      const table = page.locator('table', { has: page.locator('caption', { hasText: caption }) });
      const counts = await table.locator('td.at-num:not(:has-text("%"))').allInnerTexts();
      // Counts are written with thousands separated ("1,234").
      return counts.map((c) => Number(c.replace(/,/g, ''))).reduce((a, b) => a + b, 0);
    };
    const blocked = await sum('Blocked senders');
    expect(blocked).toBeGreaterThan(0);
    expect((await sum('Routed to')) + blocked).toBe(5000);

    // A draft from a file: routing turned off there, not on the server.
    const draft = { ...settings, routing: { ...settings.routing, isEnable: false } };
    await page.getByText('Use settings from an export file…').locator('input').setInputFiles({
      name: 'draft.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(draft)),
    });
    await expect(page.getByText("Using the settings in 'draft.json' (not saved).")).toBeVisible();
    await expect(result.getByText('Routing is off: the conversation stays where it arrived.')).toBeVisible();
    // The server is back: the shell's watch finds it within seconds and
    // fresh saved settings come, while the page keeps its work — the file
    // in use, the sample typed.
    const unreachable = page.locator('.at-banner--network');
    await expect(unreachable).toBeVisible();
    // Meanwhile the saved settings change: example.com is blocked.
    const blocking = { ...settings, blockedSenders: [...settings.blockedSenders, { email: 'example.com', blockType: 'rejectDomain' }] };
    expect((await request.post(`${A}/import`, { headers: auth, data: blocking })).status()).toBe(200);
    const fresh = page.waitForResponse((r) => r.url().endsWith(`${A}/export`) && r.status() === 200, { timeout: 15_000 });
    await context.setOffline(false);
    await fresh;
    await expect(unreachable).toBeHidden();
    await expect(page.getByText("Using the settings in 'draft.json' (not saved).")).toBeVisible();
    await expect(page.getByLabel('Subject')).toHaveValue('Question about pricing');
    await expect(result.getByText('Routing is off: the conversation stays where it arrived.')).toBeVisible();
    // The saved settings are the fresh ones.
    await page.getByRole('button', { name: 'Use the saved settings' }).click();
    await expect(result.getByText("✗ tom@example.com is blocked by 'example.com': the conversation is rejected.")).toBeVisible();

    // A trigger on an event that does not exist: said, as POST preview says it.
    // It keeps time in another zone than the saved settings (Paris).
    const typo = { ...settings, workingTime: { ...settings.workingTime, timeZone: 'America/New_York' },
      triggers: [...settings.triggers, { id: 'typo', description: 'Typo', enable: true, event: 42, orderIndex: 99 }] };
    await page.getByText('Use settings from an export file…').locator('input').setInputFiles({
      name: 'typo.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(typo)),
    });
    const warning = "Trigger 'Typo' never fires: its event '42' is unknown (use '1', '2', '3', '4', '5' or '6').";
    // New York's rules are read too, so a missing zone is not among what
    // is said: the browser says what the server says.
    await expect(page.getByText("Using the settings in 'typo.json' (not saved). Times are in America/New_York.")).toBeVisible();
    await expect(page.locator('.at-banner--warning li')).toHaveText([warning]);
    const answered = await request.post(`${A}/preview`, { headers: auth, data: { settings: typo, fields: {} } });
    expect((await answered.json()).problems).toEqual([warning]);

    // A conversation opened from "What changes?" with a draft in New York's
    // time: its "now" is read in New York from the first paint (15:00 UTC
    // on 10 March is 11:00 there), nothing said missing, the same instant.
    const newYork = { ...settings, workingTime: { ...settings.workingTime, timeZone: 'America/New_York' } };
    await page.evaluate((draft) => sessionStorage.setItem('anytime.preview-draft:e2e', draft), JSON.stringify(newYork));
    const sample = encodeURIComponent(JSON.stringify({ at: '2026-03-10T15:00:00Z', fields: { subject: 'Refund' } }));
    await page.goto(`/preview?sample=${sample}&draft=e2e`);
    await expect(page.getByText('Using the draft compared in “What changes?” (not saved). Times are in America/New_York.')).toBeVisible();
    await expect(page.getByLabel('Now')).toHaveValue('2026-03-10T11:00');
    await expect(page.locator('.at-banner--warning li')).toHaveCount(0);
    await result.getByText('Sample and answer as JSON').click();
    expect(JSON.parse(await result.locator('pre').innerText()).sample.at).toBe('2026-03-10T15:00:00Z');
  } finally {
    await context.setOffline(false);
    expect((await request.post(`${A}/import`, { headers: auth, data: before })).status()).toBe(200);
  }
});
