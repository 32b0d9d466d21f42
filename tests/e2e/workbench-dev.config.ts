import path from 'node:path';
import base from '../../playwright.config.ts';
import { defineConfig } from '@playwright/test';

// The workbench's editor tests (@editor: markers and schema completion) against the development server,
// where Vite serves Monaco's and monaco-yaml's workers as unbundled module workers. The production build
// is covered by the main config (npm test); this proves the same in `astro dev`:
//
//   npx playwright test -c tests/e2e/workbench-dev.config.ts

const port = Number(process.env.GATEWAY_LAB_E2E_DEV_PORT ?? 4392);

const root = path.resolve(import.meta.dirname, '../..');

export default defineConfig({
  ...base,
  testDir: import.meta.dirname,
  outputDir: path.join(root, 'test-results'),
  testMatch: '**/workbench.spec.ts',
  grep: /@editor/,
  // The first request in dev compiles Monaco on demand: allow for it. On a cold cache Vite may also
  // discover a dependency late, re-optimize and answer the page's stale imports with 504 "Outdated
  // Optimize Dep" (a console error): the global setup visits the playground first to get that over
  // with, and one retry covers a late straggler.
  timeout: 120_000,
  retries: 1,
  globalSetup: path.join(import.meta.dirname, 'workbench-dev.setup.ts'),
  use: { ...base.use, baseURL: `http://localhost:${port}` },
  reporter: [['list']],
  webServer: {
    command: `bash scripts/with-node.sh astro dev --port ${port} --config tests/e2e/workbench-dev.astro.config.mjs`,
    cwd: root,
    url: `http://localhost:${port}/playground/`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
