import { expect, seriousAxeViolations, test } from './support/fixtures.ts';
import { builtFileFor, builtPages, decodeHtml, idsIn, readBuiltPage } from './support/site.ts';

// Smoke tests over the production build. The page list comes from dist/ at test time, so a new chapter
// or lab page is covered as soon as it is built. The guard in support/fixtures.ts fails any test whose
// page logs a console error or asks another host for anything.

const pages = builtPages();

test.describe('every built page', () => {
  for (const urlPath of pages) {
    test(`${urlPath} loads with a title, a main landmark and no serious axe violations`, async ({ page }) => {
      const response = await page.goto(urlPath);
      expect(response?.ok(), `HTTP status of ${urlPath}`).toBe(true);
      expect((await page.title()).trim()).not.toBe('');
      await expect(page.getByRole('main')).toHaveCount(1);
      await expect(page.locator('html')).toHaveAttribute('lang', /^(en|ko)$/);
      expect(await seriousAxeViolations(page)).toEqual([]);
    });
  }
});

test('every internal link and asset in the build points at something that exists', () => {
  const broken: string[] = [];
  for (const urlPath of pages) {
    const html = readBuiltPage(urlPath);
    for (const [, attribute, raw] of html.matchAll(/\s(href|src)="([^"]*)"/g)) {
      const value = decodeHtml(raw);
      if (/^[a-z][a-z0-9+.-]*:/i.test(value) || value.startsWith('//')) continue; // absolute: the guard's job
      const target = new URL(value, `http://localhost${urlPath}`);
      const file = builtFileFor(target.pathname);
      if (!file) {
        broken.push(`${urlPath}: ${attribute}="${value}" (no ${target.pathname} in dist/)`);
        continue;
      }
      const fragment = decodeURIComponent(target.hash.slice(1));
      if (fragment && file.endsWith('.html') && !idsIn(readBuiltPage(target.pathname)).has(fragment)) {
        broken.push(`${urlPath}: ${attribute}="${value}" (no id "${fragment}" on ${target.pathname})`);
      }
    }
  }
  expect(broken).toEqual([]);
});

test.describe('search', () => {
  const cases = [
    { home: '/', query: 'filter chain', expectedPath: /^\/(?!ko\/)/ },
    { home: '/ko/', query: '게이트웨이', expectedPath: /^\/ko\// },
  ];
  for (const { home, query, expectedPath } of cases) {
    test(`finds pages from ${home}`, async ({ page }) => {
      await page.goto(home);
      const open = page.locator('site-search button[data-open-modal]');
      await expect(open).toBeEnabled();
      await open.click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('search').getByRole('textbox').fill(query);
      const results = dialog.locator('.pagefind-ui__result-link');
      await expect(results.first()).toBeVisible();
      const hrefs = await results.evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
      for (const href of hrefs) expect(new URL(href, page.url()).pathname).toMatch(expectedPath);
    });
  }

  test('loads the search UI when the dialog first opens; Ctrl+K focuses its input', async ({ page }) => {
    // Pagefind's UI is deferred to the first opening (src/components/search/pagefind-ui-on-open.ts).
    const searchUi: string[] = [];
    page.on('request', (r) => {
      if (/\/_astro\/ui-core\.[\w-]+\.js$/.test(new URL(r.url()).pathname)) searchUi.push(r.url());
    });
    await page.goto('/how-labs-work/');
    await expect(page.locator('site-search button[data-open-modal]')).toBeEnabled();
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(500);
    expect(searchUi).toEqual([]);
    // Keyboard only: no pointer ever reaches the search button.
    await page.keyboard.press('Control+k');
    const dialog = page.getByRole('dialog');
    const input = dialog.getByRole('search').getByRole('textbox');
    await expect(input).toBeFocused();
    await page.keyboard.type('passthrough');
    await expect(dialog.locator('.pagefind-ui__result-link').first()).toBeVisible();
    expect(searchUi).toHaveLength(1);
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
  });
});

test.describe('theme', () => {
  for (const home of ['/', '/ko/']) {
    test(`${home} switches to dark and still passes axe`, async ({ page }) => {
      await page.goto(home);
      await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
      await page.locator('starlight-theme-select select').first().selectOption('dark');
      await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
      expect(await seriousAxeViolations(page)).toEqual([]);
      // The choice survives a reload (Starlight keeps it in localStorage).
      await page.reload();
      await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    });
  }
});
