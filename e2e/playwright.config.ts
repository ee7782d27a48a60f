import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The real server (debug build) serving the release build of the console,
// on its own port with a throw-away database. Browsers: Debian's Chromium,
// never a downloaded one.
const port = Number(process.env.E2E_PORT ?? 18_080);
// The engine package's example page, from a plain static server.
export const enginePort = Number(process.env.E2E_ENGINE_PORT ?? 18_081);
// Made once by the runner; its workers read the same folder from the
// environment (the admins' tests make tokens in this database).
process.env.E2E_DB_DIR ??= mkdtempSync(join(tmpdir(), 'anytime-e2e-'));
const dbDir = process.env.E2E_DB_DIR;
export const token = 'e2e-token';

export default defineConfig({
  testDir: '.',
  outputDir: 'results',
  timeout: 30_000,
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        // The email previews are sandboxed iframes; Chromium moves those to
        // a process of their own and Playwright 1.65 sometimes fails an
        // internal assertion ("Assertion error") on that frame swap.
        '--disable-features=IsolateSandboxedIframes',
      ],
    },
  },
  webServer: [{
    command:
      `target/debug/anytime-server --bind 127.0.0.1:${port} --db ${dbDir}/e2e.db ` +
      `--token ${token} --static-dir dist --portal-jwt-key embed/portal-demo.key`,
    cwd: '..',
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'pipe',
  }, {
    command: `node e2e/static-server.mjs crates/wasm ${enginePort}`,
    cwd: '..',
    url: `http://127.0.0.1:${enginePort}/health`,
    reuseExistingServer: false,
    timeout: 10_000,
    stdout: 'ignore',
    stderr: 'pipe',
  }],
});
