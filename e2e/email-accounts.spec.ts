import { expect, test } from '@playwright/test';
import { auth, signIn } from './helpers';

const ACCOUNTS = '/api/v3/anytime/emailAccounts';

test('an email account is written, tested before saving, and saved without showing its password', async ({ page, request }) => {
  for (const a of await (await request.get(ACCOUNTS, { headers: auth })).json()) {
    await request.delete(`${ACCOUNTS}/${a.id}`, { headers: auth });
  }
  await signIn(page);
  await page.goto('/email-accounts');
  await page.getByRole('link', { name: '+ New account' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('New email account');

  await page.getByLabel('Display name').fill('Acme Support');
  await page.getByLabel('Business email').fill('support@');
  await expect(page.getByText("'support@' is not an email address. Use the form support@example.com.")).toBeVisible();
  await page.getByLabel('Business email').fill('support@acme.example');

  // Testing first shows what is missing, on the fields.
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByText('Fix the fields marked above first.')).toBeVisible();
  await expect(page.getByText('Enter the outgoing (SMTP) server, like mail.example.com.')).toBeVisible();

  await page.getByLabel('IMAP server').fill('127.0.0.1');
  await page.getByLabel('User name').fill('support');
  await page.getByLabel('Password').fill('s3cret-pw');
  await page.getByLabel('SMTP server').fill('127.0.0.1');
  // A real probe: this server refuses private addresses unless allowed.
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByText(/^✗ Incoming: 127\.0\.0\.1 resolves to a private or local address/)).toBeVisible();
  await expect(page.getByText(/^✗ Outgoing: 127\.0\.0\.1 resolves to a private or local address/)).toBeVisible();

  await page.getByLabel('Department').selectOption({ label: 'Billing' });
  await expect(page.getByLabel('Agent').locator('option')).toHaveText(['No agent', 'Ana Costa (online)', 'Ben Okafor (away)']);
  await page.getByRole('region', { name: 'Unsaved changes' }).getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText("Account 'Acme Support' saved.")).toBeVisible();
  await expect(page.getByRole('link', { name: 'Acme Support' })).toBeVisible();
  const [saved] = await (await request.get(ACCOUNTS, { headers: auth })).json();
  expect(saved).toMatchObject({
    displayName: 'Acme Support', businessEmail: 'support@acme.example', type: 'IMAP', assignedDepartment: 'dept-billing',
    serverInfo: { incomingServer: '127.0.0.1', incomingServerPort: 993, useSSL: true, hasPassword: true },
  });
  expect(JSON.stringify(saved)).not.toContain('s3cret-pw');

  // Editing: the password field is empty and says one is saved.
  await page.getByRole('link', { name: 'Acme Support' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Edit email account');
  await expect(page.getByLabel('Password')).toHaveValue('');
  await expect(page.getByText('A password is saved for this server.', { exact: false })).toBeVisible();

  // Pointed at another server, the saved password is not reused: it is asked for, as typed.
  await page.getByLabel('IMAP server').fill('imap.elsewhere.example');
  const asked = page.getByText('Enter the password to use it with the changed server.');
  await expect(asked).toBeVisible();
  await expect(page.getByLabel('Password')).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('Password').fill('new-pw');
  await expect(asked).toBeHidden();
  // The draft is kept in the browser for a reload, without the password.
  const kept = () => page.evaluate(() => Object.keys(localStorage)
    .filter((k) => k.startsWith('anytime.draft:')).map((k) => localStorage.getItem(k)).join('\n'));
  await expect.poll(kept).toContain('imap.elsewhere.example');
  expect(await kept()).not.toContain('new-pw');
  // Exchange takes https:// only, said as typed.
  await page.getByLabel('Connect with').selectOption('exchange');
  await page.getByLabel('EWS URL').fill('http://mail.acme.example/EWS/Exchange.asmx');
  await expect(page.getByText('Use https://', { exact: false })).toBeVisible();
});

test('the default account: made default from the list; deleting it says which one takes over', async ({ page, request }) => {
  for (const a of await (await request.get(ACCOUNTS, { headers: auth })).json()) {
    await request.delete(`${ACCOUNTS}/${a.id}`, { headers: auth });
  }
  const imap = (n: string) => ({ type: 'IMAP', businessEmail: `${n}@acme.example`, displayName: n, serverInfo: {
    userName: n, password: 'pw', incomingServer: 'imap.acme.example', incomingServerPort: 993, useSSL: true,
    outgoingServer: 'smtp.acme.example', outgoingServerPort: 587, encryptedConnectionType: 'TLS', authentication: true } });
  for (const n of ['First', 'Second']) {
    expect((await request.post(ACCOUNTS, { headers: auth, data: imap(n) })).status()).toBe(201);
  }
  await signIn(page);
  await page.goto('/email-accounts');
  const defaultRow = page.locator('.at-row', { has: page.locator('.at-badge', { hasText: 'Default' }) });
  await expect(defaultRow.locator('.at-row__name')).toHaveText('First');
  await page.getByRole('button', { name: 'Make default: Second' }).click();
  await expect(page.getByText("'Second' is now the default account.")).toBeVisible();
  await expect(defaultRow.locator('.at-row__name')).toHaveText('Second');
  await page.getByRole('button', { name: 'Delete Second' }).click();
  const dialog = page.getByRole('alertdialog', { name: "Delete the email account 'Second'?" });
  await expect(dialog.getByText("Mail stops arriving from it. 'First' becomes the default account.")).toBeVisible();
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByText("Email account 'Second' deleted.")).toBeVisible();
  await expect(defaultRow.locator('.at-row__name')).toHaveText('First');
});
