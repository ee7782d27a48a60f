import { expect, type APIRequestContext, type Page } from '@playwright/test';

/** The token the e2e server is started with (playwright.config.ts). */
export const TOKEN = 'e2e-token';
export const auth = { Authorization: `Bearer ${TOKEN}` };

/** Signs in through `#token=` and waits until the console says so. */
export async function signIn(page: Page) {
  await page.goto(`/#token=${TOKEN}`);
  await expect(page.getByText('Signed in', { exact: true })).toBeVisible();
}

/** Removes every member of a list through the API (system fields stay). */
export async function removeAll(request: APIRequestContext, list: string) {
  for (const item of await (await request.get(list, { headers: auth })).json()) {
    if (!item.isSystemField) await request.delete(`${list}/${item.id}`, { headers: auth });
  }
}
