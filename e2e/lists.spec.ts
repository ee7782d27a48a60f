import { expect, test } from '@playwright/test';

const TOKEN = 'e2e-token';
const auth = { Authorization: `Bearer ${TOKEN}` };

test('triggers reorder by keyboard and by drag and drop, saved on the server', async ({ page, request }) => {
  // Start from three triggers, A B C.
  for (const t of await (await request.get('/api/v3/anytime/triggers', { headers: auth })).json()) {
    await request.delete(`/api/v3/anytime/triggers/${t.id}`, { headers: auth });
  }
  for (const name of ['A', 'B', 'C']) {
    const r = await request.post('/api/v3/anytime/triggers', { headers: auth, data: { description: name, enable: true, event: 1 } });
    expect(r.status()).toBe(201);
  }
  const serverOrder = async () =>
    (await (await request.get('/api/v3/anytime/triggers', { headers: auth })).json()).map((t: { description: string }) => t.description);

  await page.goto(`/#token=${TOKEN}`);
  await page.goto('/triggers');
  const rows = page.locator('.at-ordered .at-row__name');
  await expect(rows).toHaveText(['A', 'B', 'C']);

  // Keyboard: Alt+↑ on B's handle; focus follows the row.
  await page.getByRole('button', { name: /^Move B\./ }).focus();
  await page.keyboard.press('Alt+ArrowUp');
  await expect(rows).toHaveText(['B', 'A', 'C']);
  await expect(page.getByRole('button', { name: /^Move B\./ })).toBeFocused();
  await expect.poll(serverOrder).toEqual(['B', 'A', 'C']);

  // Drag C onto the first row.
  await page.getByRole('button', { name: /^Move C\./ }).dragTo(page.locator('.at-ordered [data-position="0"]'));
  await expect(rows).toHaveText(['C', 'B', 'A']);
  await expect.poll(serverOrder).toEqual(['C', 'B', 'A']);

  // The order survives a reload.
  await page.reload();
  await expect(rows).toHaveText(['C', 'B', 'A']);

  for (const t of await (await request.get('/api/v3/anytime/triggers', { headers: auth })).json()) {
    await request.delete(`/api/v3/anytime/triggers/${t.id}`, { headers: auth });
  }
});
