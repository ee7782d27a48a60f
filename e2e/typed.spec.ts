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

test('a draft restored after someone else saved is a conflict, not saved over theirs; signing out asks, then takes the drafts along', async ({ page, request }) => {
  await removeAll(request, FIELDS);
  const { id } = await (await request.post(FIELDS, { headers: auth, data: { type: 'text', name: 'Tier' } })).json();
  await signIn(page);
  await page.goto(`/fields/${id}`);
  await page.getByLabel('Name').fill('Tier (mine)');
  // Someone else saves the field meanwhile; this admin comes back later.
  const theirs = await request.put(`${FIELDS}/${id}`, { headers: auth, data: { type: 'text', name: 'Tier (theirs)' } });
  expect(theirs.status()).toBe(200);
  await page.reload();
  const offer = page.getByRole('status').filter({ hasText: 'Unsaved changes from' });
  await expect(page.getByLabel('Name')).toHaveValue('Tier (theirs)');
  await offer.getByRole('button', { name: 'Restore' }).click();
  await expect(page.getByLabel('Name')).toHaveValue('Tier (mine)');
  await page.getByRole('region', { name: 'Unsaved changes' }).getByRole('button', { name: 'Save' }).click();
  const conflict = page.getByRole('alertdialog', { name: 'Someone else saved first' });
  await expect(conflict).toBeVisible();
  expect((await (await request.get(`${FIELDS}/${id}`, { headers: auth })).json()).name).toBe('Tier (theirs)');
  await conflict.getByRole('button', { name: 'Keep editing' }).click();
  await expect(page.getByLabel('Name')).toHaveValue('Tier (mine)');

  // Signing out asks first, names what goes, and Cancel keeps it all.
  await page.getByRole('button', { name: 'Sign out' }).click();
  const question = page.getByRole('alertdialog', { name: 'Sign out and discard what is not saved?' });
  await expect(question).toContainText('This browser holds unsaved changes on 1 page.');
  await question.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByText('Signed in', { exact: true })).toBeVisible();
  await expect(page.getByLabel('Name')).toHaveValue('Tier (mine)');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await question.getByRole('button', { name: 'Discard and sign out' }).click();
  await expect(page.getByText('Not signed in', { exact: true })).toBeVisible();
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('anytime.')))).toEqual([]);
  // The next person to sign in here is offered nothing.
  await signIn(page);
  await page.goto(`/fields/${id}`);
  await expect(page.getByLabel('Name')).toHaveValue('Tier (theirs)');
  await expect(page.getByText('Unsaved changes from')).toHaveCount(0);
});

test('on Routing too (saved at another path than its history), a draft restored after someone else saved is a conflict', async ({ page, request }) => {
  const CONFIG = '/api/v3/anytime/routingRules/default';
  const before = { isEnable: false, type: 'rules', matchFailedToObject: 'department', matchFailedrouteToId: 'dept-support' };
  await request.put(CONFIG, { headers: auth, data: before });
  await signIn(page);
  await page.goto('/routing');
  const routing = page.getByRole('switch', { name: 'Route new conversations' });
  await expect(routing).toHaveAttribute('aria-checked', 'false');
  await routing.click();
  await expect(page.getByRole('region', { name: 'Unsaved changes' })).toBeVisible();
  // Someone else sends unmatched conversations elsewhere meanwhile.
  await request.put(CONFIG, { headers: auth, data: { ...before, matchFailedrouteToId: 'dept-billing' } });
  await page.reload();
  await page.getByRole('status').filter({ hasText: 'Unsaved changes from' }).getByRole('button', { name: 'Restore' }).click();
  await expect(routing).toHaveAttribute('aria-checked', 'true');
  await page.getByRole('region', { name: 'Unsaved changes' }).getByRole('button', { name: 'Save' }).click();
  const conflict = page.getByRole('alertdialog', { name: 'Someone else saved first' });
  await expect(conflict).toBeVisible();
  expect(await (await request.get(CONFIG, { headers: auth })).json()).toMatchObject({ isEnable: false, matchFailedrouteToId: 'dept-billing' });
  // Theirs loaded, the dropped draft is not offered back.
  await conflict.getByRole('button', { name: 'Load theirs' }).click();
  await expect(routing).toHaveAttribute('aria-checked', 'false');
  await page.reload();
  await expect(routing).toHaveAttribute('aria-checked', 'false');
  await expect(page.getByText('Unsaved changes from')).toHaveCount(0);
  await request.put(CONFIG, { headers: auth, data: before });
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
