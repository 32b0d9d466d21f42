import { test as base, expect } from '@playwright/test';
import type { ConsoleMessage, Page } from '@playwright/test';
import { AxeBuilder } from '@axe-core/playwright';

// A `test` whose page is guarded: any console error, uncaught exception or request to a host other than
// the site's own fails the test. Import `test` and `expect` from here in every end-to-end spec, so that
// new pages and new islands are held to the same rules (the site must work offline: no CDN, no fonts,
// no analytics).

/** URLs the page may load: the preview server on this machine, and in-memory data/blob URLs. */
export function isOwnUrl(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (protocol === 'data:' || protocol === 'blob:' || protocol === 'about:') return true;
  return ['localhost', '127.0.0.1', '[::1]', '::1'].includes(hostname);
}

type Guard = {
  /** Console errors and uncaught exceptions seen so far. */
  consoleErrors: string[];
  /** Requests to other hosts; they are aborted, and the test fails at its end. */
  offsiteRequests: string[];
};

export const test = base.extend<{ guard: Guard }>({
  guard: [
    async ({ page }, use) => {
      const guard: Guard = { consoleErrors: [], offsiteRequests: [] };
      page.on('console', (message: ConsoleMessage) => {
        if (message.type() !== 'error') return;
        const { url, lineNumber } = message.location();
        guard.consoleErrors.push(`${message.text()} (${url || page.url()}:${lineNumber})`);
      });
      page.on('pageerror', (error) => guard.consoleErrors.push(`uncaught: ${error.message}`));
      // Route at the context so requests from workers and iframes are seen too.
      await page.context().route('**/*', async (route) => {
        const url = route.request().url();
        if (isOwnUrl(url)) return route.continue();
        guard.offsiteRequests.push(url);
        return route.abort('blockedbyclient');
      });
      await use(guard);
      expect(guard.offsiteRequests, 'requests to hosts other than the site').toEqual([]);
      expect(guard.consoleErrors, 'console errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** The serious and critical accessibility violations axe-core finds on the page, one line each. */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  // Expressive Code makes a code block that scrolls sideways keyboard-focusable (tabindex="0") from a
  // ResizeObserver, some 250 ms after layout plus an idle callback. Let it finish before axe looks, so
  // scrollable-region-focusable reports real problems, not the race. (If it never happens, axe says so.)
  await page
    .waitForFunction(
      () =>
        [...document.querySelectorAll<HTMLElement>('.expressive-code pre')].every(
          (pre) => pre.scrollWidth <= pre.clientWidth || pre.hasAttribute('tabindex'),
        ),
      null,
      { timeout: 5_000 },
    )
    .catch(() => undefined);
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) =>
      violation.nodes.map(
        (node) =>
          `${violation.id} (${violation.impact}): ${node.target.join(' ')}: ${node.failureSummary ?? ''}`,
      ),
    );
}
