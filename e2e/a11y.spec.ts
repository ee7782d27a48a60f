import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { auth, removeAll, signIn } from './helpers';

// axe-core (a tool nobody on the team wrote) over every page and every
// kind of dialog, in light and dark: no serious or critical violation.
// Then every page at 360 px: nothing wider than the screen.

const A = '/api/v3/anytime';

/** One object of each kind, so lists have rows and editors have values. */
async function seed(request: APIRequestContext): Promise<Record<string, string>> {
  for (const list of [`${A}/triggers`, `${A}/SLAPolicies`, `${A}/routingRules/customRules`, `${A}/holidays`, `${A}/emailAccounts`]) {
    await removeAll(request, list);
  }
  const post = async (path: string, data: object) => {
    const r = await request.post(`${A}/${path}`, { headers: auth, data });
    expect(r.status(), path).toBe(201);
    return (await r.json()).id as string;
  };
  const ids = {
    trigger: await post('triggers', { description: 'Urgent subject', enable: true, event: 1,
      conditions: [{ fieldId: 'subject', matchType: 'contains', value: 'urgent' }] }),
    sla: await post('SLAPolicies', { name: 'Standard', enable: true, firstRespondWithin: 4, resolveRespondWithin: 24,
      operationalHour: 'businessHours' }),
    rule: await post('routingRules/customRules', { name: 'Gold rule', routeToObject: 'agent', routeToId: 'agent-ana',
      conditions: { list: [{ fieldId: 'subject', matchType: 'contains', value: 'gold' }] } }),
    account: await post('emailAccounts', { type: 'IMAP', businessEmail: 'help@acme.example', displayName: 'Help', serverInfo: {
      userName: 'help', password: 'pw', incomingServer: 'imap.acme.example', incomingServerPort: 993, useSSL: true,
      outgoingServer: 'smtp.acme.example', outgoingServerPort: 587, encryptedConnectionType: 'TLS', authentication: true } }),
  };
  await post('holidays', { title: 'Christmas', date: '2026-12-25' });
  await request.put(`${A}/blockedSenders`, { headers: auth, data: { email: 'spam.example', blockType: 'rejectDomain' } });
  return ids;
}

function pages(ids: Record<string, string>): string[] {
  return [
    '/', '/email-accounts', `/email-accounts/${ids.account}`, '/email-accounts/new', '/routing', `/routing/rules/${ids.rule}`,
    '/routing/rules/new', '/auto-allocation', '/triggers', `/triggers/${ids.trigger}`, '/triggers/new', '/sla-policies',
    `/sla-policies/${ids.sla}`, '/sla-policies/new', '/working-time', '/blocked-senders', '/fields', '/fields/new', '/preview', '/import',
    '/audit',
  ];
}

async function open(page: Page, path: string) {
  await page.goto(path);
  // The console's own page, not the copy its HTML paints while it loads.
  await expect(page.locator('#anytime-static-frame')).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('Sign in');
  // Loaded: no skeleton left.
  await expect(page.locator('.at-skeleton')).toHaveCount(0);
}

async function serious(page: Page, where: string) {
  const { violations } = await new AxeBuilder({ page }).include('.anytime-console').analyze();
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const said = bad.map((v) => `${where}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  expect(said, said.join('\n')).toEqual([]);
}

for (const scheme of ['light', 'dark'] as const) {
  test(`axe finds nothing serious on any page or dialog (${scheme})`, async ({ page, request }) => {
    test.setTimeout(120_000);
    const ids = await seed(request);
    await page.emulateMedia({ colorScheme: scheme });

    // The sign-in form, before signing in.
    await page.goto('/');
    await expect(page.getByLabel('API token')).toBeVisible();
    await serious(page, 'sign-in');

    // From another page: a fragment change alone would not load the console again.
    await page.goto('about:blank');
    await signIn(page);
    for (const path of pages(ids)) {
      await open(page, path);
      await serious(page, path);
    }

    // Dialogs: a delete question, the row menu, leaving unsaved changes,
    // pasting many, removing many, and the paste panel's bad lines.
    await open(page, '/triggers');
    await page.getByRole('button', { name: 'Actions for Urgent subject' }).click();
    await expect(page.getByRole('menu')).toBeVisible();
    await serious(page, 'row menu');
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    await expect(page.getByRole('alertdialog')).toBeVisible();
    await serious(page, 'delete dialog');
    await page.getByRole('alertdialog').getByRole('button', { name: 'Cancel' }).click();

    // An editor's History panel, open.
    await open(page, `/triggers/${ids.trigger}`);
    await page.getByRole('button', { name: 'History' }).click();
    await expect(page.getByText('Created by setup')).toBeVisible();
    await serious(page, 'history');

    // Saving over a change made elsewhere: the conflict dialog.
    await open(page, `/sla-policies/${ids.sla}`);
    await page.getByLabel('Name').fill('Standard, edited');
    await serious(page, 'save bar');
    await request.put(`${A}/SLAPolicies/${ids.sla}`, { headers: auth, data: { name: 'Changed elsewhere', enable: true,
      firstRespondWithin: 2, operationalHour: 'businessHours' } });
    await page.getByRole('region', { name: 'Unsaved changes' }).getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('alertdialog')).toBeVisible();
    await serious(page, 'conflict dialog');
    await page.getByRole('alertdialog').getByRole('button', { name: 'Keep editing' }).click();
    page.once('dialog', (d) => void d.accept());

    await open(page, '/blocked-senders');
    await page.getByRole('button', { name: 'Paste many…' }).click();
    await page.getByLabel('Addresses and domains').fill('new@spam.test\nnot an address\nspam.example');
    await page.getByLabel('What happens to mail from these').selectOption('junk');
    await serious(page, 'paste many');
    await page.getByLabel('Select spam.example').check();
    await page.getByRole('button', { name: 'Remove selected (1)' }).click();
    await expect(page.getByRole('alertdialog')).toBeVisible();
    await serious(page, 'remove many dialog');
  });
}

test('at 360 px no page is wider than the screen, buttons fit their words, row names stay readable', async ({ page, request }) => {
  test.setTimeout(120_000);
  const ids = await seed(request);
  await page.setViewportSize({ width: 360, height: 780 });
  await signIn(page);
  const wide: string[] = [];
  for (const path of pages(ids)) {
    await open(page, path);
    const overflow = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const out = [...document.querySelectorAll('.anytime-console *')]
        .filter((e) => {
          const r = e.getBoundingClientRect();
          return r.width > 0 && (r.right > width + 1 || r.left < -1) && !e.closest('[hidden]');
        })
        .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`);
      // Buttons fit their words on one line; a row's name keeps room to be read.
      const squeezed = [...document.querySelectorAll('.anytime-console .at-section__header .at-button, .anytime-console .at-row__main')]
        .filter((e) => {
          const r = e.getBoundingClientRect();
          if (r.width === 0) return false;
          return e.classList.contains('at-button') ? r.height > 44 || e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1 : r.width < 150;
        })
        .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} "${e.textContent}"`);
      return { scroll: document.documentElement.scrollWidth - width, out: [...out, ...squeezed].slice(0, 5) };
    });
    if (overflow.scroll > 0 || overflow.out.length) wide.push(`${path}: ${overflow.scroll} px too wide; ${overflow.out.join(', ')}`);
  }
  expect(wide, wide.join('\n')).toEqual([]);
});
