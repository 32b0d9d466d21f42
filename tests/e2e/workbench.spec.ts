import type { Page } from '@playwright/test';
import { expect, seriousAxeViolations, test } from './support/fixtures.ts';
import { readFileSync } from 'node:fs';
import en from '../../src/translations/en.json' with { type: 'json' };
import ko from '../../src/translations/ko.json' with { type: 'json' };
import { parseLab } from '../../src/labs/lab.ts';

// The lab workbench in a real Chromium: the editor (markers, schema completion), the seed scenario and
// its fix, curl transcripts, share links, autosave, untrusted text, keyboard use and accessibility. The
// guard in support/fixtures.ts fails any test that logs a console error or asks another host for
// anything (Monaco, its workers and the simulator are all bundled).
//
// Tests tagged @editor also run against `astro dev` (tests/e2e/workbench-dev.config.ts), so the
// editor's workers are proven in development and in the production build.

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

const PLAYGROUND = '/playground/';
const SEED_LAB = 'seed-shared-certificate-404';

/** Opens a page and waits until the (first) workbench's editor is ready and a first result is shown. */
async function openWorkbench(page: Page, url = PLAYGROUND) {
  await page.goto(url);
  // A lab page holds several labs: the one at the URL's anchor, else the first workbench.
  const anchor = new URL(url, 'http://x').hash.slice(1);
  const root = page.locator(anchor ? `#${anchor} [data-wb-root]` : '[data-wb-root]').first();
  await root.scrollIntoViewIfNeeded();
  await expect(root).toHaveAttribute('data-wb-editor-ready', '', { timeout: 30_000 });
  await expect(root).toHaveAttribute('data-wb-applied', /\d+/, { timeout: 30_000 });
  return root;
}

/** Waits until the result of the latest edit is on screen. */
async function settled(page: Page) {
  await page.waitForFunction(() => {
    const el = document.querySelector<HTMLElement>('[data-wb-root][data-wb-mounted]');
    return !!el && el.dataset.wbApplied === el.dataset.wbPending;
  });
}

async function selectFile(page: Page, name: string) {
  await page.locator('.wb-filetabs').getByRole('tab', { name }).click();
}

/** Replaces the active file's text the way a learner pastes it (a paste is not re-indented). */
async function pasteIntoEditor(page: Page, text: string, { replace = true } = {}) {
  await page.locator('.wb .monaco-editor .view-lines').first().click();
  if (replace) await page.keyboard.press('ControlOrMeta+A');
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.keyboard.press('ControlOrMeta+V');
}

async function replaceFile(page: Page, name: string, text: string) {
  await selectFile(page, name);
  await pasteIntoEditor(page, text);
}

/** The outcome badges of the results, in order. */
function outcomes(page: Page) {
  return page.locator('.wb-results [data-outcome]');
}

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: extra
  namespace: a
spec:
  `;

test.describe('editor @editor', () => {
  test('typing an invalid field shows a marker in the editor and in the problems list', async ({ page }) => {
    await openWorkbench(page);
    await page.getByRole('button', { name: en['workbench.file.add'] }).click();
    await pasteIntoEditor(page, `${SERVICE}ports:\n    - port: 80\n`);
    await settled(page);
    const squiggles = page.locator(
      '.wb .monaco-editor .squiggly-error, .wb .monaco-editor .squiggly-warning',
    );
    await expect(squiggles).toHaveCount(0);

    // A field a Service does not have, typed key by key.
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.type('  selectr:\n  app: web');
    await expect(squiggles.first()).toBeVisible({ timeout: 15_000 });
    await settled(page);
    await expect(page.locator('.wb-problems-host')).toContainText('selectr');
  });

  test('completion offers SIMPLE, MUTUAL and PASSTHROUGH for tls.mode', async ({ page }) => {
    await openWorkbench(page);
    await page.getByRole('button', { name: en['workbench.file.add'] }).click();
    await pasteIntoEditor(
      page,
      [
        'apiVersion: networking.istio.io/v1',
        'kind: Gateway',
        'metadata:',
        '  name: extra',
        '  namespace: a',
        'spec:',
        '  selector:',
        '    istio: ingressgateway',
        '  servers:',
        '    - port:',
        '        number: 443',
        '        name: https',
        '        protocol: HTTPS',
        '      hosts:',
        '        - x.sample.com',
        '      tls:',
        '        mode: ',
      ].join('\n'),
    );
    await page.keyboard.press('Control+Space');
    const widget = page.locator('.wb .suggest-widget');
    await expect(widget).toBeVisible({ timeout: 15_000 });
    for (const mode of ['SIMPLE', 'MUTUAL', 'PASSTHROUGH'])
      await expect(widget.locator('.monaco-list-row', { hasText: new RegExp(`^${mode}`) })).toHaveCount(1);
  });
});

test.describe('the seed scenario', () => {
  test('the browser gets a 404 on the reused connection, and 200 after the single-Gateway fix', async ({
    page,
  }) => {
    await openWorkbench(page);
    await settled(page);
    const results = page.locator('.wb-result');
    const a = results.filter({ hasText: 'browser: GET https://a.sample.com/' });
    const b = results.filter({ hasText: 'browser: GET https://b.sample.com/' });
    await expect(a.locator('[data-outcome]')).toHaveText(/^200/);
    await expect(b.locator('[data-outcome]')).toHaveText(/^404 NR route_not_found/);
    // The reuse is explained: the connection, and why the browser reused it.
    await expect(b).toContainText('reused connection #1');
    await expect(b.locator('.wb-conn-reason')).toContainText('covers b.sample.com, so the browser reuses it');
    await expect(b.locator('.wb-node-stop')).toContainText(en['workbench.path.stopped']);
    await page.getByRole('tab', { name: en['workbench.tab.connections'] }).click();
    await expect(page.locator('.wb-timeline li').nth(1)).toContainText(
      en['workbench.connection.reusedShort'],
    );

    // The fix: one Gateway in a common namespace for *.sample.com, and both VirtualServices bound to it.
    await replaceFile(
      page,
      'gateways.yaml',
      `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: gateway
  namespace: common
spec:
  selector:
    istio: ingressgateway
  servers:
    - port:
        number: 443
        name: https
        protocol: HTTPS
      hosts:
        - "*.sample.com"
        - sample.com
      tls:
        mode: SIMPLE
        credentialName: star-sample-com-tls-chain
`,
    );
    await selectFile(page, 'virtual-services.yaml');
    await pasteIntoEditor(
      page,
      ['a', 'b']
        .map(
          (ns) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: app
  namespace: ${ns}
spec:
  hosts:
    - ${ns}.sample.com
  gateways:
    - common/gateway
  http:
    - route:
        - destination:
            host: webapp
            port:
              number: 80
`,
        )
        .join('---\n'),
    );
    await settled(page);
    await expect(b.locator('[data-outcome]')).toHaveText(/^200/);
    await expect(b).toContainText('webapp.b');
  });
});

test.describe('requests', () => {
  test('a curl command in the terminal shows its -v transcript', async ({ page }) => {
    await openWorkbench(page);
    await page.getByRole('tab', { name: en['workbench.terminal'], exact: true }).click();
    await page.getByLabel(en['workbench.terminal.label']).fill('curl -v https://a.sample.com/api/x');
    await settled(page);
    const result = page.locator('.wb-result').filter({ hasText: 'curl -v https://a.sample.com/api/x' });
    await expect(result.locator('[data-outcome]')).toHaveText(/^200/);
    const transcript = result.locator('.wb-transcript');
    await expect(transcript).toContainText('> GET /api/x HTTP/2');
    await expect(transcript).toContainText('< HTTP/2 200');
  });

  test('the playground can switch the browser to HTTP/1.1, which opens a connection per host', async ({
    page,
  }) => {
    await openWorkbench(page);
    await page.getByLabel(en['workbench.browser.protocol']).selectOption('1.1');
    await settled(page);
    const b = page.locator('.wb-result').filter({ hasText: 'browser: GET https://b.sample.com/' });
    await expect(b.locator('[data-outcome]')).toHaveText(/^200/);
    await expect(b).toContainText('new connection #2');
  });

  test('Ctrl+Enter runs the requests', async ({ page }) => {
    const root = await openWorkbench(page);
    await settled(page);
    const before = Number(await root.getAttribute('data-wb-applied'));
    await page.getByLabel(en['workbench.browser.label']).focus();
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect.poll(async () => Number(await root.getAttribute('data-wb-applied'))).toBeGreaterThan(before);
  });

  test('the proxy-config tables link back to the YAML', async ({ page }) => {
    await openWorkbench(page);
    await page.getByRole('tab', { name: en['workbench.tab.config'] }).click();
    const listeners = page.locator('.wb-table').first();
    await expect(listeners).toContainText('SNI: a.sample.com');
    await listeners
      .getByRole('button', { name: /Gateway a\/gateway · gateways\.yaml:\d+/ })
      .first()
      .click();
    await expect(page.locator('.wb-filetabs [aria-selected="true"]')).toHaveText('gateways.yaml');
    await expect(page.locator('.wb .monaco-editor .wb-highlight').first()).toBeAttached();
  });

  test('the gateway logs explain the highlighted fields', async ({ page }) => {
    await openWorkbench(page);
    await page.getByRole('tab', { name: en['workbench.tab.logs'] }).click();
    const flags = page.locator('.wb-logs li').nth(1).locator('.wb-log-response_flags');
    await expect(flags).toHaveText('NR');
    await expect(flags).toHaveAttribute('title', /NR: no route/);
  });
});

test.describe('never lose work', () => {
  test('a share link carries the files and requests, and restores them elsewhere', async ({
    page,
    browser,
  }) => {
    await openWorkbench(page);
    await page
      .getByLabel(en['workbench.browser.label'])
      .fill('https://a.sample.com/\nhttps://c.sample.com/shared');
    await replaceFile(page, 'virtual-services.yaml', '# shared through a link\n');
    await settled(page);
    await page.getByRole('button', { name: en['workbench.share'] }).click();
    const url = await page.locator('[data-share-url]').inputValue();
    expect(url).toMatch(/#share=playground\.[\w-]+$/);

    // A fresh browser profile (nothing saved) opens the link.
    const other = await browser.newContext();
    const page2 = await other.newPage();
    await page2.goto(url);
    const root = page2.locator('[data-wb-root]');
    await expect(root).toHaveAttribute('data-wb-editor-ready', '', { timeout: 30_000 });
    await expect(page2.getByLabel(en['workbench.browser.label'])).toHaveValue(
      'https://a.sample.com/\nhttps://c.sample.com/shared',
    );
    await expect(page2.locator('.wb-notice-area')).toContainText(en['workbench.share.loaded']);
    await page2.locator('.wb-filetabs').getByRole('tab', { name: 'virtual-services.yaml' }).click();
    await expect(page2.locator('.wb .monaco-editor .view-lines')).toContainText('# shared through a link');
    // The link applies once: the address no longer carries it.
    expect(new URL(page2.url()).hash).toBe('');
    await other.close();
  });

  test('a reload keeps edits, and reset asks first', async ({ page }) => {
    await openWorkbench(page);
    await page.getByRole('tab', { name: en['workbench.terminal'], exact: true }).click();
    await page.getByLabel(en['workbench.terminal.label']).fill('nc -vz a.sample.com 443');
    await selectFile(page, 'gateways.yaml');
    await page.locator('.wb .monaco-editor .view-lines').first().click();
    await page.keyboard.press('ControlOrMeta+Home');
    await page.keyboard.type('# kept across reloads\n');
    await settled(page);
    await page.waitForTimeout(500); // autosave is debounced

    await page.reload();
    await openWorkbench(page);
    await expect(page.getByLabel(en['workbench.terminal.label'])).toHaveValue('nc -vz a.sample.com 443');
    await expect(page.locator('.wb .monaco-editor .view-lines')).toContainText('# kept across reloads');

    // Reset asks; cancelling keeps the edits, confirming restores the starting files.
    await page.getByRole('button', { name: en['workbench.resetPlayground'] }).click();
    await page.locator('dialog[open]').getByRole('button', { name: en['workbench.cancel'] }).click();
    await expect(page.locator('.wb .monaco-editor .view-lines')).toContainText('# kept across reloads');
    await page.getByRole('button', { name: en['workbench.resetPlayground'] }).click();
    await page.locator('dialog[open]').getByRole('button', { name: en['workbench.reset.yes'] }).click();
    await expect(page.locator('.wb .monaco-editor .view-lines')).not.toContainText('# kept across reloads');
    await page.reload();
    await openWorkbench(page);
    await expect(page.locator('.wb .monaco-editor .view-lines')).not.toContainText('# kept across reloads');
  });

  test('a playground file can be renamed; bad names are refused with a reason', async ({ page }) => {
    const root = await openWorkbench(page);
    await selectFile(page, 'virtual-services.yaml');
    const before = await page.locator('.wb .monaco-editor .view-lines').innerText();
    await page.getByRole('button', { name: en['workbench.file.rename'] }).click();
    const dialog = page.locator('dialog[open]');
    const name = dialog.getByRole('textbox', { name: 'New name for virtual-services.yaml' });
    await expect(name).toBeFocused();
    for (const [bad, reason] of [
      ['gateways.yaml', 'There is already a file named gateways.yaml'],
      ['routes', 'End the name with .yaml or .yml'],
      ['my routes.yaml', 'Use letters, digits'],
    ]) {
      await name.fill(bad);
      await page.keyboard.press('Enter');
      await expect(dialog.getByRole('alert')).toContainText(reason);
      await expect(name).toHaveAttribute('aria-invalid', 'true');
    }
    expect(await seriousAxeViolations(page)).toEqual([]);
    await name.fill('routes.yaml');
    await page.keyboard.press('Enter');
    await expect(dialog).toHaveCount(0);
    const tabs = page.locator('.wb-filetabs').getByRole('tab');
    await expect(tabs.nth(1)).toHaveText('routes.yaml');
    await expect(page.locator('.wb-filetabs').getByRole('tab', { name: 'routes.yaml' })).toBeFocused();
    await expect.poll(() => page.locator('.wb .monaco-editor .view-lines').innerText()).toBe(before);
    // The simulator sees the new name: trace steps link to routes.yaml.
    await settled(page);
    await expect(root.locator('.wb-results')).toContainText(/routes\.yaml:\d+/);
    await expect(root.locator('.wb-results')).not.toContainText('virtual-services.yaml');
    // Renamed files survive a reload.
    await page.reload();
    await openWorkbench(page);
    await expect(page.locator('.wb-filetabs').getByRole('tab', { name: 'routes.yaml' })).toBeVisible();
    await expect(
      page.locator('.wb-filetabs').getByRole('tab', { name: 'virtual-services.yaml' }),
    ).toHaveCount(0);
  });

  test('download gives one YAML file ready for kubectl apply', async ({ page }) => {
    await openWorkbench(page);
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: en['workbench.download'] }).click();
    const file = await downloading;
    expect(file.suggestedFilename()).toBe('playground.yaml');
    const text = await (
      await file.createReadStream()
    )
      .toArray()
      .then((c) => Buffer.concat(c).toString('utf8'));
    expect(text).toContain('# Source: gateways.yaml');
    expect(text).toContain('kind: VirtualService');
    expect(text.split(/^---$/m).length).toBeGreaterThan(4);
  });
});

test.describe('bad input', () => {
  test('broken YAML gives markers and a clear message, never a blank panel', async ({ page }) => {
    await openWorkbench(page);
    await replaceFile(
      page,
      'virtual-services.yaml',
      'apiVersion: networking.istio.io/v1\nkind: [VirtualService\n',
    );
    await settled(page);
    await expect(page.locator('.wb-banner-warn')).toContainText('GWL0001');
    await expect(page.locator('.wb .monaco-editor .squiggly-error').first()).toBeVisible({ timeout: 15_000 });
    // The requests still run against what could be read.
    await expect(outcomes(page).first()).toBeVisible();
  });

  test('an unknown kind and a wrong type are marked and explained', async ({ page }) => {
    await openWorkbench(page);
    await page.getByRole('button', { name: en['workbench.file.add'] }).click();
    await pasteIntoEditor(
      page,
      `apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
---
${SERVICE}ports:
    - port: eighty
`,
    );
    await settled(page);
    await expect(page.locator('.wb-banner-warn')).toContainText('IST0106');
    const problems = page.locator('.wb-problems-host');
    await expect(problems).toContainText('GWL0002');
    await expect(problems).toContainText('must be an integer (got the string "eighty")');
    await expect(page.locator('.wb .monaco-editor .squiggly-error').first()).toBeVisible({ timeout: 15_000 });
  });

  test('strings from the YAML and the requests are shown as text, never as HTML', async ({ page }) => {
    const evil = '<img src=x onerror=alert(1)>';
    page.on('dialog', (d) => {
      throw new Error(`a dialog opened: ${d.message()}`);
    });
    await openWorkbench(page);
    await replaceFile(
      page,
      'virtual-services.yaml',
      `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: app
  namespace: a
spec:
  hosts:
    - "${evil}"
  gateways:
    - gateway
  http:
    - route:
        - destination:
            host: webapp
`,
    );
    await page.getByLabel(en['workbench.browser.label']).fill(`https://a.sample.com/${evil}`);
    await settled(page);
    await expect(page.locator('.wb-problems-host')).toContainText(evil);
    await expect(page.locator('.wb-results')).toContainText('https://a.sample.com/');
    await expect(page.locator('.wb img')).toHaveCount(0);
  });
});

test.describe('a lab', () => {
  test('shows live goals, hints one at a time, and the solution as a diff', async ({ page }) => {
    await openWorkbench(page, `/multiple-gateways/#lab-${SEED_LAB}`);
    const lab = page.locator(`section.gl-lab[data-lab="${SEED_LAB}"]`);
    await expect(lab.locator('.wb-goal-fail').first()).toBeVisible();
    await expect(lab.locator('.wb-goal-fail').first()).toContainText(/status 404, expected 200|expected/);
    // The first editable file is open; read-only context is marked.
    await expect(lab.locator('.wb-filetabs [aria-selected="true"]')).toHaveText('gateway.yaml');
    await expect(
      lab
        .locator('.wb-filetabs')
        .getByRole('tab', { name: /read-only/ })
        .first(),
    ).toBeVisible();

    const hint = lab.getByRole('button', { name: /^Show hint 1 of \d+/ });
    await hint.click();
    await expect(lab.locator('.wb-hints li')).toHaveCount(1);
    await lab.getByRole('button', { name: /^Show hint 2 of \d+/ }).click();
    await expect(lab.locator('.wb-hints li')).toHaveCount(2);

    // The solution asks first; cancelling shows nothing.
    await lab.getByRole('button', { name: en['lab.solution.show'], exact: true }).click();
    await page.locator('dialog[open]').getByRole('button', { name: en['workbench.cancel'] }).click();
    await expect(lab.locator('.wb-diff')).toHaveCount(0);
    await lab.getByRole('button', { name: en['lab.solution.show'], exact: true }).click();
    await page.locator('dialog[open]').getByRole('button', { name: en['lab.solution.show'] }).click();
    await expect(lab.locator('.wb-diff ins').first()).toBeVisible();
    await expect(lab.locator('.wb-solution')).toContainText('common/gateway');
  });

  test('on a Korean page it speaks Korean: title, live goals and hints', async ({ page }) => {
    const seed = parseLab(
      readFileSync(new URL(`../../labs/${SEED_LAB}.yaml`, import.meta.url), 'utf8'),
      SEED_LAB,
    ).lab!;
    const koLab = seed.translations!.ko;
    await openWorkbench(page, `/ko/multiple-gateways/#lab-${SEED_LAB}`);
    const lab = page.locator(`section.gl-lab[data-lab="${SEED_LAB}"]`);
    await expect(lab.getByRole('heading', { level: 3 }).first()).toContainText(koLab.title!);
    const firstGoal = seed.goals[0];
    await expect(lab.locator(`.wb-goal[data-goal="${firstGoal.id}"]`)).toContainText(
      koLab.goals![firstGoal.id],
    );
    await lab
      .getByRole('button', {
        name: ko['workbench.hint.next'].replace('{n}', '1').replace('{total}', String(seed.hints.length)),
      })
      .click();
    await expect(lab.locator('.wb-hints li').first()).toHaveText(koLab.hints![0].trim());
  });

  test('renders its text statically for search and readers without JavaScript', async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto('/multiple-gateways/');
    const lab = page.locator(`section.gl-lab[data-lab="${SEED_LAB}"]`);
    await expect(lab.getByRole('heading', { name: /The shared-certificate 404/ })).toBeVisible();
    await expect(lab.locator('[data-lab-static-goals] li').first()).toBeVisible();
    await lab.locator('[data-lab-static-files] summary').click();
    await expect(lab.locator('[data-lab-static-files] pre').first()).toContainText('kind: Gateway');
    await expect(lab.getByText(en['workbench.keyboardHelp'])).toBeVisible();
    await context.close();
  });
});

test.describe('keyboard and accessibility', () => {
  test('Ctrl+M lets Tab leave the editor', async ({ page }) => {
    await openWorkbench(page);
    await page.locator('.wb .monaco-editor .view-lines').first().click();
    const inEditor = () => page.evaluate(() => !!document.activeElement?.closest('.monaco-editor'));
    expect(await inEditor()).toBe(true);
    await page.keyboard.press('Tab'); // indents: the editor keeps focus
    expect(await inEditor()).toBe(true);
    await page.keyboard.press('Control+M');
    await page.keyboard.press('Tab');
    expect(await inEditor()).toBe(false);
  });

  for (const theme of ['light', 'dark']) {
    test(`the mounted workbench has no serious axe violations (${theme})`, async ({ page }) => {
      await page.addInitScript((t) => localStorage.setItem('starlight-theme', t), theme);
      await openWorkbench(page);
      await settled(page);
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.getByRole('tab', { name: en['workbench.tab.config'] }).click();
      await page.getByRole('tab', { name: en['workbench.tab.logs'] }).click();
      expect(await seriousAxeViolations(page)).toEqual([]);
    });
  }
});
