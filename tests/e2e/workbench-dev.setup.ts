import { chromium } from '@playwright/test';
import type { FullConfig } from '@playwright/test';

// Warms the development server before the @editor tests: the first visit makes Vite discover and
// pre-bundle Monaco, monaco-yaml and the workers (which can answer stale imports with 504 "Outdated
// Optimize Dep" while it happens). Errors here are expected and ignored; the tests then run warm.
export default async function warmUp(config: FullConfig): Promise<void> {
  const { baseURL, launchOptions } = config.projects[0].use;
  const browser = await chromium.launch(launchOptions);
  try {
    for (let round = 0; round < 2; round++) {
      const page = await browser.newPage();
      await page.goto(`${baseURL}/playground/`, { timeout: 120_000 }).catch(() => undefined);
      await page
        .waitForSelector('[data-wb-editor-ready]', { state: 'attached', timeout: 60_000 })
        .then(() => page.locator('.wb .monaco-editor .view-lines').first().click())
        .catch(() => undefined);
      await page.waitForTimeout(3000);
      await page.close();
    }
  } finally {
    await browser.close();
  }
}
