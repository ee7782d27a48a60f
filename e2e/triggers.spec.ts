import { expect, test } from '@playwright/test';
import { auth, signIn } from './helpers';

const TRIGGERS = '/api/v3/anytime/triggers';

test('a trigger is written: event, conditions, fields to set, an email previewed by the engine', async ({ page, request }) => {
  for (const t of await (await request.get(TRIGGERS, { headers: auth })).json()) {
    await request.delete(`${TRIGGERS}/${t.id}`, { headers: auth });
  }
  await signIn(page);
  await page.goto('/triggers');
  await page.getByRole('link', { name: '+ New trigger' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('New trigger');

  // Saving an empty trigger says what is missing, on the field.
  // (A new form has no save bar before anything is typed; Enter saves.)
  await page.getByLabel('Name').press('Enter');
  await expect(page.getByText('Enter a name for the trigger.')).toBeVisible();

  await page.getByLabel('Name').fill('Escalate urgent');
  await page.getByLabel('Event').selectOption({ label: 'Status unchanged for a time' });
  await expect(page.getByLabel('For how many minutes')).toBeVisible();
  await page.getByLabel('Event').selectOption({ label: 'Conversation created' });
  await expect(page.getByLabel('For how many minutes')).toBeHidden();
  await page.getByRole('button', { name: '+ Add condition' }).click();
  await page.getByLabel('Condition 1: value').fill('urgent');

  await page.getByRole('switch', { name: 'Set field values' }).click();
  await page.getByRole('button', { name: '+ Add a field to set' }).click();
  await page.getByLabel('Set 1: field').selectOption('priority');
  await page.getByLabel('Set 1: value').selectOption({ label: 'Urgent' });

  await page.getByRole('switch', { name: 'Send an email' }).click();
  await page.getByRole('switch', { name: 'To the contact' }).click();
  // Placeholder chips name their fields and insert where the cursor is,
  // in the subject as in the message.
  const chips = page.getByRole('group', { name: 'Placeholders' });
  const subject = page.getByRole('group', { name: 'Send an email' }).getByLabel('Subject');
  await subject.fill('Re: ');
  await chips.getByRole('button', { name: 'Subject', exact: true }).click();
  await expect(subject).toHaveValue('Re: {{subject}}');
  const message = page.getByLabel('Message (HTML)');
  await message.fill('<p>Hello !</p>');
  await message.evaluate((e: HTMLTextAreaElement) => e.setSelectionRange(9, 9));
  await expect(chips).toContainText('at the cursor in the message');
  await chips.getByRole('button', { name: 'Contact name', exact: true }).click();
  await expect(message).toHaveValue('<p>Hello {{contactName}}!</p>');
  await expect(message).toBeFocused();
  // The engine renders it for a sample conversation, placeholders filled in.
  const preview = page.getByRole('region', { name: 'Email preview' });
  await expect(preview.getByText('Subject: Re: Refund for order 1042')).toBeVisible();
  await expect(preview.getByText('To tom@example.com')).toBeVisible();
  expect(await preview.locator('iframe').getAttribute('srcdoc')).toBe('<p>Hello Tom Baker!</p>');
  // What saving will clean out is said before saving.
  await message.fill('<p style="color: red" onclick="go()">Hello {{contactName}}!</p>');
  await expect(preview.getByText('Saving cleans the message for email: it takes out the style attribute, the onclick attribute.')).toBeVisible();
  await message.fill('<p>Hello {{contactName}}!</p>');
  await expect(preview.getByText('Saving cleans the message')).toHaveCount(0);
  await expect(preview.locator('iframe')).toHaveAttribute('sandbox', '');

  // An attachment: too large is refused with the limit; a small one is kept.
  const attach = page.getByText('Attach a file…').locator('input');
  await attach.setInputFiles({ name: 'big.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(11 * 1024 * 1024) });
  await expect(page.getByText('An attachment can be at most 10 MiB.')).toBeVisible();
  await attach.setInputFiles({ name: 'terms.txt', mimeType: 'text/plain', buffer: Buffer.from('Our terms.\n') });
  await expect(page.getByText('📎 terms.txt (11 bytes)')).toBeVisible();

  // An unknown placeholder is the core's message as it is typed.
  await page.getByLabel('Message (HTML)').fill('<p>Hello {{nickname}}</p>');
  await expect(page.getByText("Unknown placeholder {{nickname}}: no field has the id 'nickname'.")).toBeVisible();
  await page.getByLabel('Message (HTML)').fill('<p>Hello {{contactName}}</p>');

  await page.getByRole('region', { name: 'Unsaved changes' }).getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText("Trigger 'Escalate urgent' saved.")).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Triggers');
  const [saved] = await (await request.get(TRIGGERS, { headers: auth })).json();
  expect(saved).toMatchObject({
    description: 'Escalate urgent', enable: true, event: 1, setValue: true, sendEmail: true, sendToContacts: true,
    subject: 'Re: {{subject}}', htmlText: '<p>Hello {{contactName}}</p>',
    conditions: [{ fieldId: 'subject', matchType: 'contains', value: 'urgent' }],
    autoUpdate: [{ fieldId: 'priority', value: '4' }],
    attachment: { name: 'terms.txt', contentType: 'text/plain', size: 11 },
  });

  // Editing it again loads what was saved; Discard goes back.
  await page.getByRole('link', { name: 'Escalate urgent' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Edit trigger');
  await expect(page.getByLabel('Set 1: value')).toHaveValue('4');
});
