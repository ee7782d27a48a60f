import { expect, test, type APIRequestContext } from '@playwright/test';
import { auth, signIn } from './helpers';

const LIST = '/api/v3/anytime/blockedSenders';

async function clear(request: APIRequestContext) {
  const ids = (await (await request.get(LIST, { headers: auth })).json()).map((b: { id: string }) => b.id);
  if (ids.length) {
    expect((await request.post(`${LIST}/bulk-delete`, { headers: auth, data: { ids } })).status()).toBe(200);
  }
}

/** `n` addresses, user0@bulk.test …, blocked in bulk through the API. */
async function seed(request: APIRequestContext, n: number) {
  for (let from = 0; from < n; from += 5_000) {
    const items = Array.from({ length: Math.min(5_000, n - from) }, (_, i) => ({
      email: `user${from + i}@bulk.test`, blockType: 'rejectEmail',
    }));
    const r = await request.put(`${LIST}/bulk`, { headers: auth, data: { items } });
    expect(r.status()).toBe(200);
  }
}

async function emails(request: APIRequestContext): Promise<Map<string, string>> {
  const list = await (await request.get(LIST, { headers: auth })).json();
  return new Map(list.map((b: { email: string; blockType: string }) => [b.email, b.blockType]));
}

test('10,000 blocked senders: counted, searched, paged, sorted; many selected and removed at once', async ({ page, request }) => {
  test.setTimeout(90_000);
  await clear(request);
  await seed(request, 10_000);
  await request.put(LIST, { headers: auth, data: { email: 'ads.example', blockType: 'blockDomainasJunk' } });
  await request.put(LIST, { headers: auth, data: { email: 'zed@spam.test', blockType: 'blockEmailasJunk' } });

  await signIn(page);
  await page.goto('/blocked-senders');
  const count = page.locator('.at-list-bar__count');
  await expect(count).toHaveText('10,002 blocked');
  const rows = page.getByRole('list', { name: 'Blocked senders' }).getByRole('listitem');
  await expect(rows).toHaveCount(30);
  await expect(rows.first()).toContainText('ads.example');
  await expect(rows.first()).toContainText(/added \d+ \w{3} \d{4}/);

  await page.getByRole('button', { name: 'Show 30 more (of 9,972 not shown)' }).click();
  await expect(rows).toHaveCount(60);

  await page.getByLabel('Search').fill('user99');
  await expect(count).toHaveText('10,002 blocked · 111 match');
  await expect(rows).toHaveCount(30);
  await page.getByLabel('Search').fill('user999');
  await expect(count).toHaveText('10,002 blocked · 11 match');
  await expect(rows).toHaveCount(11);
  await page.getByLabel('Search').fill('nobody-like-this');
  await expect(page.getByText('No blocked sender matches this search.')).toBeVisible();

  await page.getByLabel('Search').fill('');
  await page.getByLabel('Sort by').selectOption({ label: 'Newest first' });
  await expect(rows.first()).toContainText('zed@spam.test');
  await page.getByLabel('Sort by').selectOption({ label: 'What happens, then address' });
  await expect(rows.first()).toContainText('zed@spam.test');
  await expect(rows.nth(1)).toContainText('user0@bulk.test');

  // Select what a search finds, and one more by hand; remove them at once.
  await page.getByLabel('Search').fill('user999');
  await page.getByLabel('Select all 11 matching').check();
  await page.getByLabel('Search').fill('zed@');
  await page.getByLabel('Select zed@spam.test').check();
  await page.getByRole('button', { name: 'Remove selected (12)' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Remove 12 blocked senders?' });
  await expect(dialog).toContainText('Mail from them will arrive again.');
  await dialog.getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByText('Removed 12 blocked senders.')).toBeVisible();
  // The search stays as typed while the list loads again.
  await expect(page.getByLabel('Search')).toHaveValue('zed@');
  await expect(count).toHaveText('9,990 blocked · none match');
  const left = await emails(request);
  expect(left.size).toBe(9_990);
  expect(left.has('user9990@bulk.test') || left.has('zed@spam.test')).toBe(false);
});

test('paste many: each line checked, bad lines listed and kept, a type change only when agreed', async ({ page, request }) => {
  await clear(request);
  await request.put(LIST, { headers: auth, data: { email: 'old@spam.test', blockType: 'blockEmailasJunk' } });
  await request.put(LIST, { headers: auth, data: { email: 'same@spam.test', blockType: 'rejectEmail' } });

  await signIn(page);
  await page.goto('/blocked-senders');
  await page.getByRole('button', { name: 'Paste many…' }).click();
  const box = page.getByLabel('Addresses and domains');
  await box.fill([
    'new@spam.test', 'Ana Costa <ana@spam.test>, @promo.example', 'not an address', 'old@spam.test',
    'same@spam.test', '', 'new@spam.test',
  ].join('\n'));
  await expect(page.locator('#at-paste-summary')).toHaveText(
    '3 to block · 1 blocked another way · 2 blocked already · 1 line cannot be blocked');
  const bad = page.getByRole('group', { name: 'Lines that cannot be blocked' });
  await expect(bad).toContainText("Line 3: 'not an address' — 'not an address' is neither an email address");

  // A reload keeps what was pasted.
  await page.reload();
  await expect(page.getByLabel('Addresses and domains')).toHaveValue(/ana@spam.test/);

  await page.getByRole('button', { name: 'Block 3 senders' }).click();
  await expect(page.getByText('Blocked 3 new, changed 0. 2 left in the box to fix.').first()).toBeVisible();
  // Left: the bad line, and the one blocked another way (not agreed to change).
  await expect(page.getByLabel('Addresses and domains')).toHaveValue('not an address\nold@spam.test');
  let now = await emails(request);
  expect(now.get('ana@spam.test')).toBe('rejectEmail');
  expect(now.get('promo.example')).toBe('rejectDomain');
  expect(now.get('old@spam.test')).toBe('blockEmailasJunk');

  await page.getByLabel('Addresses and domains').fill('old@spam.test');
  await page.getByLabel(/Also change those blocked another way \(old@spam.test: mark mail from this address as junk → reject mail from this address\)/).check();
  await page.getByRole('button', { name: 'Block 1 sender' }).click();
  await expect(page.getByText('Blocked 0 new, changed 1.').first()).toBeVisible();
  await expect(page.getByLabel('Addresses and domains')).toHaveValue('');
  now = await emails(request);
  expect(now.get('old@spam.test')).toBe('rejectEmail');
});

test('blocking one again with another type asks first', async ({ page, request }) => {
  await clear(request);
  await request.put(LIST, { headers: auth, data: { email: 'bob@spam.test', blockType: 'rejectEmail' } });
  await signIn(page);
  await page.goto('/blocked-senders');
  const input = page.getByLabel('Address or domain');

  await input.fill('BOB@spam.test');
  await page.getByRole('button', { name: 'Block', exact: true }).click();
  await expect(page.getByText('bob@spam.test is blocked already: reject mail from this address.')).toBeVisible();

  await page.getByLabel('What happens to their mail').selectOption('junk');
  await page.getByRole('button', { name: 'Block', exact: true }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Change how bob@spam.test is blocked?' });
  await expect(dialog).toContainText('It is blocked already: reject mail from this address. Change it to: mark mail from this address as junk?');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  expect((await emails(request)).get('bob@spam.test')).toBe('rejectEmail');
  await expect(input).toHaveValue('BOB@spam.test');

  await page.getByRole('button', { name: 'Block', exact: true }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Change it' }).click();
  await expect(page.getByText('bob@spam.test: mark mail from this address as junk.')).toBeVisible();
  expect((await emails(request)).get('bob@spam.test')).toBe('blockEmailasJunk');
});
