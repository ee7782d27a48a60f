import { expect, test } from '@playwright/test';
import { auth, removeAll, signIn } from './helpers';

// Issue 13, "never drop what was typed": what is typed stays until it is a
// value or the admin changes it, drafts outlive a reload, and a duplicate
// lands on its field.

const ACCOUNTS = '/api/v3/anytime/emailAccounts';
const FIELDS = '/api/v3/anytime/fields';

test('a typed port that is not a port yet is kept across other edits, and Save is refused', async ({ page, request }) => {
  await removeAll(request, ACCOUNTS);
  await signIn(page);
  await page.goto('/email-accounts/new');
  const bar = page.getByRole('region', { name: 'Unsaved changes' });
  // A new form offers no save bar before anything is typed.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('New email account');
  await expect(bar).toBeHidden();

  const port = page.getByLabel('Port').first();
  await port.fill('70000');
  await expect(page.getByText('Port must be from 1 to 65535, not 70000.')).toBeVisible();
  // Only the port was typed, and it is not a value yet: the save bar shows all the same.
  await expect(bar).toBeVisible();
  await page.getByLabel('Display name').fill('Kept');
  await page.getByLabel('Business email').fill('kept@acme.example');
  await page.getByLabel('IMAP server').fill('imap.acme.example');
  await expect(port).toHaveValue('70000');

  await bar.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Some fields need attention.')).toBeVisible();
  await expect(port).toHaveValue('70000');
  await expect(port).toHaveAttribute('aria-invalid', 'true');
  expect(await (await request.get(ACCOUNTS, { headers: auth })).json()).toEqual([]);
});

test('an unsaved draft outlives a reload until it is saved or discarded', async ({ page, request }) => {
  await removeAll(request, FIELDS);
  await signIn(page);
  await page.goto('/fields/new');
  await page.getByLabel('Name').fill('Plan tier');
  await page.reload();
  const offer = page.getByRole('status').filter({ hasText: 'Unsaved changes from' });
  await expect(offer).toBeVisible();
  await expect(page.getByLabel('Name')).toHaveValue('');
  await offer.getByRole('button', { name: 'Restore' }).click();
  await expect(page.getByLabel('Name')).toHaveValue('Plan tier');
  await expect(offer).toBeHidden();
  const bar = page.getByRole('region', { name: 'Unsaved changes' });
  await expect(bar).toBeVisible();

  // Discarded, it is gone for good.
  await bar.getByRole('button', { name: 'Discard' }).click();
  await page.goto('/fields/new');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('New field');
  await expect(page.getByText('Unsaved changes from')).toHaveCount(0);

  // Saved, it is not offered again.
  await page.getByLabel('Name').fill('Plan tier');
  await page.getByRole('region', { name: 'Unsaved changes' }).getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText("Field 'Plan tier' saved.")).toBeVisible();
  await page.goto('/fields/new');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('New field');
  await expect(page.getByText('Unsaved changes from')).toHaveCount(0);
});

test('a duplicate name lands on its field, which gets the focus', async ({ page, request }) => {
  await removeAll(request, FIELDS);
  await request.post(FIELDS, { headers: auth, data: { type: 'text', name: 'Tier' } });
  await signIn(page);
  await page.goto('/fields/new');
  const name = page.getByLabel('Name');
  await name.fill('tier');
  await page.getByRole('region', { name: 'Unsaved changes' }).getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText("Another field already has the name 'tier'.")).toBeVisible();
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await expect(name).toBeFocused();
  await expect(name).toHaveValue('tier');
});
