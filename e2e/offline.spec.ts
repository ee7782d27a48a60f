import { expect, test, type Page } from '@playwright/test';
import { auth, removeAll, signIn, TOKEN } from './helpers';

const A = '/api/v3/anytime';

/** Waits until the console has kept the reply to `path` in IndexedDB. */
async function kept(page: Page, path: string) {
  await expect.poll(() => page.evaluate((key) => new Promise<boolean>((resolve) => {
    const open = indexedDB.open('anytime-offline', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('replies');
    open.onsuccess = () => {
      const get = open.result.transaction('replies').objectStore('replies').get(key);
      get.onsuccess = () => { resolve(get.result != null); open.result.close(); };
      get.onerror = () => resolve(false);
    };
    open.onerror = () => resolve(false);
  }), path), { timeout: 10_000 }).toBe(true);
}

test('offline: Preview answers from the kept settings after navigating and reloading; back online, saving finds the change made elsewhere', async ({ page, context, request }) => {
  test.setTimeout(90_000);
  await removeAll(request, `${A}/SLAPolicies`);
  const created = await request.post(`${A}/SLAPolicies`, { headers: auth, data: {
    name: 'Standard', enable: true, firstRespondWithin: 4, operationalHour: 'calenderHours' } });
  const id = (await created.json()).id;

  // A time zone other than UTC, so that its rules are read too (put back
  // once they are kept: other tests read the working time).
  const working = await request.get(`${A}/workingTime`, { headers: auth });
  const workingTime = await working.json();
  const set = (timeZone: string, etag: string) => request.put(`${A}/workingTime`, {
    headers: { ...auth, 'If-Match': etag }, data: { ...workingTime, timeZone } });
  const berlin = await set('Europe/Berlin', working.headers().etag);
  expect(berlin.ok()).toBe(true);
  try {
    await signIn(page);
    // On the home page, which reads none of it: what Preview and the rule
    // editors' Test panels need is read in the background and kept.
    for (const path of [`${A}/export`, `${A}/timeZones/Europe%2FBerlin`, `${A}/fields`, '/api/v3/agents', '/api/v3/departments']) {
      await kept(page, path);
    }
  } finally {
    expect((await set(workingTime.timeZone, berlin.headers().etag)).ok()).toBe(true);
  }
  // Opened once online: the policy's editor.
  await page.goto(`/sla-policies/${id}`);
  await expect(page.getByLabel('Name')).toHaveValue('Standard');
  await kept(page, `${A}/SLAPolicies/${id}`);
  // The shell is kept by the service worker, and every page's modules
  // (the build lists them), opened or not.
  await expect.poll(() => page.evaluate(async () => {
    const keys = (await (await caches.open('anytime-shell-v1')).keys()).map((r) => new URL(r.url).pathname);
    const files = await (await fetch('/console-files.json')).json();
    const modules = Object.values(files.pages as Record<string, string[]>).flat();
    return modules.length > 0 && modules.every((m) => keys.includes(`/${m}`))
      && keys.includes('/anytime-admin_bg.wasm') && keys.includes('/');
  }), { timeout: 10_000 }).toBe(true);

  await context.setOffline(true);
  // Never opened before: Preview, from the kept snapshot, with its age.
  await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Preview' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Preview');
  const result = page.getByRole('region', { name: 'What the settings do' });
  await expect(result.getByText(/^Offline · settings as of \d\d:\d\d$/)).toBeVisible();
  await expect(result).toContainText('Standard');
  await expect(page.getByRole('alert').filter({ hasText: 'Offline · settings as of' })).toBeVisible();

  // A reload with no network: the shell from the service worker, the
  // settings from IndexedDB.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Preview');
  await expect(page.getByRole('region', { name: 'What the settings do' })).toContainText('Standard');
  await expect(page.getByText(/^Offline · settings as of/).first()).toBeVisible();
  // Who is signed in is not kept offline, but this tab knows whose its
  // token is: still named, with the role (the editor below keeps drafts).
  await expect(page.locator('.at-header__who')).toHaveText('setup · admin');
  expect(await page.evaluate(() => sessionStorage.getItem('anytime.me'))).toContain('"role":"admin"');

  // Editing offline: the draft stays, Save waits for the connection.
  await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'SLA policies' }).click();
  await page.goto(`/sla-policies/${id}`);
  await expect(page.getByLabel('Name')).toHaveValue('Standard');
  await page.getByLabel('Name').fill('Standard (offline edit)');
  const bar = page.getByRole('region', { name: 'Unsaved changes' });
  await expect(bar).toContainText('offline: Save waits for the connection');
  await expect(bar.getByRole('button', { name: 'Save' })).toBeDisabled();
  await expect.poll(() => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('anytime.draft:')).length)).toBe(1);

  // A second tab signed in with a token while offline knows nobody (its
  // session is new): what this browser holds for the admin is neither shown
  // nor written to until the server says whose the token is — the draft is
  // not offered, Preview keeps no sample.
  const other = await context.newPage();
  await other.goto(`/#token=${TOKEN}`);
  await other.goto(`/sla-policies/${id}`);
  await expect(other.getByLabel('Name')).toHaveValue('Standard');
  await expect(other.getByText(/^Unsaved changes from/)).toHaveCount(0);
  await other.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Preview' }).click();
  await expect(other.getByRole('heading', { level: 1 })).toHaveText('Preview');
  await other.getByRole('button', { name: 'Keep this sample' }).click();
  await expect(other.getByText(/^Not now: the samples kept here are each admin's own/)).toBeVisible();
  expect(await other.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('anytime.samples:')))).toEqual([]);
  await other.close();

  // Meanwhile someone else changes it.
  await request.put(`${A}/SLAPolicies/${id}`, { headers: auth, data: {
    name: 'Standard', enable: true, firstRespondWithin: 2, operationalHour: 'calenderHours' } });

  // Back online: the banner goes by itself; saving brings the conflict.
  await context.setOffline(false);
  await expect(page.getByRole('alert').filter({ hasText: 'Offline' })).toBeHidden({ timeout: 10_000 });
  await expect(bar.getByRole('button', { name: 'Save' })).toBeEnabled();
  await expect(page.getByLabel('Name')).toHaveValue('Standard (offline edit)');
  await bar.getByRole('button', { name: 'Save' }).click();
  const conflict = page.getByRole('alertdialog');
  await expect(conflict).toBeVisible();
  await expect(conflict).toContainText('changed');
});

test('offline: the modules of the build before stay kept for tabs still on it; older ones go', async ({ page }) => {
  await signIn(page);
  await page.waitForFunction(() => navigator.serviceWorker.controller != null, null, { timeout: 10_000 });
  const kept = () => page.evaluate(async () => {
    const keys = (await (await caches.open('anytime-shell-v1')).keys()).map((r) => new URL(r.url).pathname);
    return keys.filter((k) => k.startsWith('/old-'));
  });
  // The worker's own runs (install, the page's message) end first: the
  // state planted below must not meet a run that read the cache before it.
  await page.evaluate(() => new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve(null);
    navigator.serviceWorker.controller!.postMessage({ keep: [] }, [channel.port2]);
  }));
  // As if this worker had seen two builds before this one: A, then B.
  await page.evaluate(async () => {
    const cache = await caches.open('anytime-shell-v1');
    const url = (name: string) => new URL(`/old-${name}.0123456789abcdef.wasm`, location.href).href;
    // The list first, as a worker of build B would have written it before
    // keeping B's modules: a run of this worker that sees the modules sees it.
    await cache.put('/.anytime-kept-builds.json', new Response(JSON.stringify({ current: [url('b')], previous: [url('a')] })));
    for (const name of ['a', 'b', 'gone']) await cache.put(url(name), new Response('module'));
    navigator.serviceWorker.controller!.postMessage({ keep: [] });
  });
  // This build is now current, B the one before: A and the stray module go.
  await expect.poll(kept, { timeout: 10_000 }).toEqual(['/old-b.0123456789abcdef.wasm']);
  const record = await page.evaluate(async () =>
    (await (await caches.open('anytime-shell-v1')).match('/.anytime-kept-builds.json'))!.json());
  expect(record.previous.map((u: string) => new URL(u).pathname)).toEqual(['/old-b.0123456789abcdef.wasm']);
  expect(record.current.length).toBeGreaterThan(0);
});
