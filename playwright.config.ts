import fs from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

// End-to-end tests run against `astro preview` of the production build in dist/ (scripts/test.sh builds
// it first). The browser is a real Chromium: PLAYWRIGHT_CHROMIUM_PATH if set, else Debian's
// /usr/bin/chromium if present, else Playwright's own download (scripts/ensure-chromium.sh makes sure one
// of these exists).

// A random port, chosen once in the main process and inherited by the workers through the environment,
// so that two test runs on one machine (or a dev server on 4321) do not collide.
process.env.GATEWAY_LAB_E2E_PORT ??= String(20_000 + Math.floor(Math.random() * 20_000));
const port = Number(process.env.GATEWAY_LAB_E2E_PORT);
const baseURL = `http://localhost:${port}`;

function chromiumExecutable(): string | undefined {
  const fromEnv = process.env.PLAYWRIGHT_CHROMIUM_PATH;
  if (fromEnv) return fromEnv;
  if (fs.existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  return undefined;
}

// Chromium refuses to run as root without --no-sandbox. The other flags stop it from calling Google's
// services at start-up, which fail on a machine with a closed network and only slow the tests down.
const rootArgs =
  process.getuid?.() === 0
    ? [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ]
    : [];

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  fullyParallel: true,
  workers: 2,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: '.cache/reports/playwright.json' }]],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    serviceWorkers: 'block',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: { executablePath: chromiumExecutable(), args: rootArgs },
      },
    },
  ],
  webServer: {
    // with-node.sh puts Node >= 22.12 and node_modules/.bin on PATH, so this also works from a bare
    // `npx playwright test` on a machine whose system Node is older.
    command: `bash scripts/with-node.sh astro preview --port ${port}`,
    url: baseURL,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
