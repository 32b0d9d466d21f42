import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures.ts';
import { parseLab } from '../../src/labs/lab.ts';
import type { Lab } from '../../src/labs/lab.ts';
import { embeddedLabs } from '../../src/labs/tracks.ts';
import { PROGRESS_KEY } from '../../src/labs/progress.ts';
import en from '../../src/translations/en.json' with { type: 'json' };

// Every lab, solved in a real browser: load the page that embeds it, apply the reference solution
// through the workbench (show the solution, confirm, use it, confirm), see every goal pass and the lab
// marked complete, reload and find it still complete. Then the progress tools: export, reset, import;
// the recovery notice; the track, the report, the sidebar marks and a chapter quiz.

const root = path.resolve(import.meta.dirname, '../..');
const labs: Lab[] = fs
  .readdirSync(path.join(root, 'labs'))
  .filter((n) => /\.ya?ml$/.test(n))
  .sort()
  .map((n) => parseLab(fs.readFileSync(path.join(root, 'labs', n), 'utf8'), n).lab)
  .filter((l): l is Lab => l !== null);

/** English pages (slug → the labs they embed), read from the sources the build was made from. */
const docs = path.join(root, 'content/docs');
const pages = new Map<string, string[]>(
  fs
    .readdirSync(docs, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.mdx?$/.test(f) && !f.startsWith('ko/') && !f.startsWith(`ko${path.sep}`))
    .map((f) => [
      f
        .replace(/\.mdx?$/, '')
        .split(path.sep)
        .join('/'),
      embeddedLabs(fs.readFileSync(path.join(docs, f), 'utf8')),
    ]),
);

/** The page a learner does the lab on: its chapter if the chapter embeds it, else any page that does. */
function pageOf(lab: Lab): string | null {
  const hosts = [...pages].filter(([, ids]) => ids.includes(lab.id)).map(([slug]) => slug);
  const slug = hosts.includes(lab.chapter) ? lab.chapter : hosts[0];
  return slug === undefined ? null : `/${slug === 'index' ? '' : `${slug}/`}`;
}

async function storedStatus(page: Page, id: string): Promise<string> {
  return page.evaluate(
    ([key, lab]) => {
      try {
        return JSON.parse(localStorage.getItem(key) ?? '{}').labs?.[lab]?.status ?? 'not-started';
      } catch {
        return 'unreadable';
      }
    },
    [PROGRESS_KEY, id],
  );
}

/** Open a lab's workbench and wait for its first simulation (the goals list). */
async function openLab(page: Page, lab: Lab) {
  const where = pageOf(lab);
  if (!where) throw new Error(`no page embeds <Lab id="${lab.id}" />`);
  await page.goto(`${where}#lab-${lab.id}`);
  const section = page.locator(`section.gl-lab[data-lab="${lab.id}"]`);
  await section.scrollIntoViewIfNeeded();
  await expect(section.locator('[data-wb-mounted]')).toBeAttached({ timeout: 30_000 });
  await expect(section.locator('.wb-goal')).toHaveCount(lab.goals.length, { timeout: 30_000 });
  return section;
}

/** Show the solution and use it, confirming both dialogs, as a learner would. */
async function applySolution(page: Page, section: ReturnType<Page['locator']>) {
  await section.getByRole('button', { name: en['lab.solution.show'], exact: true }).click();
  await page.locator('dialog[open]').getByRole('button', { name: en['lab.solution.show'] }).click();
  await section.getByRole('button', { name: en['workbench.solution.use'] }).click();
  await page.locator('dialog[open]').getByRole('button', { name: en['workbench.solution.use'] }).click();
}

test.describe('every lab, solved in the browser', () => {
  for (const lab of labs) {
    test(`${lab.id}: the reference solution passes every goal and completes the lab`, async ({ page }) => {
      test.setTimeout(90_000);
      test.skip(pageOf(lab) === null, `no page embeds <Lab id="${lab.id}" /> yet`);
      const section = await openLab(page, lab);

      // The starting files fail at least one goal, and say why.
      await expect(section.locator('.wb-goal-fail').first()).toBeVisible();
      expect(await storedStatus(page, lab.id)).not.toBe('complete');

      await applySolution(page, section);
      await expect(section.locator('.wb-goal-pass')).toHaveCount(lab.goals.length, { timeout: 30_000 });
      await expect(section.locator('.wb-goal-fail')).toHaveCount(0);
      await expect(section.getByRole('heading', { name: en['lab.completed'] })).toBeVisible();
      await expect.poll(() => storedStatus(page, lab.id)).toBe('complete');

      // Still complete on the next page load and after a reload: the progress page says so.
      await page.goto('/progress/');
      const row = page.locator(`tr[data-lab-row="${lab.id}"]`);
      await expect(row).toHaveAttribute('data-status', 'complete');
      await page.reload();
      await expect(row).toHaveAttribute('data-status', 'complete');
      expect(await storedStatus(page, lab.id)).toBe('complete');
    });
  }
});

test.describe('progress', () => {
  const firstRoute = labs.find((l) => l.id === 'first-route');

  test('export, reset (after confirming) and import restore a completed lab', async ({ page }, info) => {
    test.setTimeout(90_000);
    test.skip(!firstRoute || pageOf(firstRoute) === null, 'first-route is not on a page');
    const section = await openLab(page, firstRoute!);
    await applySolution(page, section);
    await expect.poll(() => storedStatus(page, 'first-route')).toBe('complete');

    await page.goto('/progress/');
    const row = page.locator('tr[data-lab-row="first-route"]');
    await expect(row).toHaveAttribute('data-status', 'complete');
    const completedAt = await row.locator('[data-cell="completed"]').textContent();

    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: en['progress.export'] }).click();
    const file = info.outputPath('progress.json');
    await (await downloading).saveAs(file);
    const exported = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(exported).toMatchObject({ format: 'gateway-lab-progress', version: 1 });
    expect(exported.labs['first-route'].status).toBe('complete');

    // Reset asks first: cancelling keeps everything.
    await page.getByRole('button', { name: en['progress.reset'] }).click();
    await page.getByRole('dialog').getByRole('button', { name: en['progress.reset.cancel'] }).click();
    await expect(row).toHaveAttribute('data-status', 'complete');
    await page.getByRole('button', { name: en['progress.reset'] }).click();
    await page.getByRole('dialog').getByRole('button', { name: en['progress.reset.confirmButton'] }).click();
    await expect(row).toHaveAttribute('data-status', 'not-started');
    await expect(page.getByRole('status').filter({ hasText: en['progress.reset.done'] })).toBeVisible();
    expect(await storedStatus(page, 'first-route')).toBe('not-started');

    await page.getByLabel(en['progress.import']).setInputFiles(file);
    await expect(row).toHaveAttribute('data-status', 'complete');
    await expect(row.locator('[data-cell="completed"]')).toHaveText(completedAt ?? '');
    await expect(page.getByText(en['progress.import.ok'].replace('{count}', '1'))).toBeVisible();
    await page.reload();
    await expect(row).toHaveAttribute('data-status', 'complete');
  });

  test('a file that is not a progress export is refused and changes nothing', async ({ page }, info) => {
    await page.goto('/progress/');
    const file = info.outputPath('bad.json');
    fs.writeFileSync(file, '{"hello": "world"}');
    await page.getByLabel(en['progress.import']).setInputFiles(file);
    await expect(page.getByText(en['progress.import.notProgress'])).toBeVisible();
  });

  test('a corrupted store shows a notice, never a broken page, until dismissed', async ({ page }) => {
    await page.goto('/progress/');
    await page.evaluate((key) => localStorage.setItem(key, '{"version":1,"labs":'), PROGRESS_KEY);
    await page.goto('/tracks/onboarding/');
    const notice = page.locator('.gl-progress-notice');
    await expect(notice).toBeVisible();
    await expect(notice).toContainText(en['progress.notice.corrupted']);
    // The page still works: the track is there with empty progress.
    await expect(page.locator('[data-track] progress').first()).toHaveJSProperty('value', 0);
    await notice.getByRole('button', { name: en['progress.notice.dismiss'] }).click();
    await expect(notice).toBeHidden();
    await page.reload();
    await expect(notice).toBeHidden();
    // The unreadable text was kept aside.
    expect(await page.evaluate(() => localStorage.getItem('gateway-lab:progress:backup'))).toBe(
      '{"version":1,"labs":',
    );
  });

  test('the track, the report and the sidebar show completed labs', async ({ page }) => {
    test.skip(!firstRoute || pageOf(firstRoute) === null, 'first-route is not on a page');
    // Every lab on first-route's page is complete, so that page gets the sidebar's ✓.
    const host = pageOf(firstRoute!)!;
    const onHost = pages.get(host.replace(/^\/|\/$/g, '') || 'index') ?? ['first-route'];
    const labsDone = Object.fromEntries(
      onHost.map((id) => [
        id,
        {
          status: 'complete',
          startedAt: '2026-11-20T09:00:00.000Z',
          completedAt: '2026-11-20T09:30:00.000Z',
        },
      ]),
    );
    await page.goto('/tracks/onboarding/');
    await page.evaluate(
      ([key, done]) =>
        localStorage.setItem(
          key,
          JSON.stringify({
            version: 1,
            labs: {
              ...done,
              'mutual-tls-at-the-gateway': { status: 'in-progress', startedAt: '2026-11-21T09:00:00.000Z' },
            },
          }),
        ),
      [PROGRESS_KEY, labsDone] as const,
    );
    await page.reload();
    await expect(page.locator('[data-track-lab="first-route"]')).toHaveAttribute('data-status', 'complete');
    await expect(page.locator('[data-track-lab="mutual-tls-at-the-gateway"]')).toHaveAttribute(
      'data-status',
      'in-progress',
    );
    const overall = page.locator('[data-track] progress').first();
    const counted: string[] = JSON.parse((await overall.getAttribute('data-labs')) ?? '[]');
    await expect(overall).toHaveJSProperty('value', onHost.filter((id) => counted.includes(id)).length);

    // The page whose labs are all complete gets a ✓ in the sidebar, with words for screen readers.
    const link = page.locator(`#starlight__sidebar a[href="${host}"]`);
    if (await link.count())
      await expect(link.locator('.gl-sidebar-done')).toHaveText(`✓ (${en['progress.sidebar.complete']})`);

    await page.getByRole('link', { name: en['track.report'] }).click();
    await expect(page).toHaveURL(/\/tracks\/onboarding-report\/$/);
    const row = page.locator('tr[data-report-row="first-route"]');
    await expect(row).toHaveAttribute('data-status', 'complete');
    await expect(row.locator('[data-cell="completed"]')).not.toHaveText(en['report.notYet']);
    await page.getByLabel(en['report.learner']).fill('Kim Minji');
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: en['report.exportJson'] }).click();
    const report = JSON.parse(fs.readFileSync((await (await downloading).path()) ?? '', 'utf8'));
    expect(report).toMatchObject({
      format: 'gateway-lab-completion-report',
      track: 'onboarding',
      learner: 'Kim Minji',
    });
    expect(report.labs.find((l: { id: string }) => l.id === 'first-route')).toMatchObject({
      status: 'complete',
      completedAt: '2026-11-20T09:30:00.000Z',
    });
  });
});

test('a chapter quiz checks answers and explains them', async ({ page }) => {
  const withQuiz = [...fs.readdirSync(docs)].find(
    (f) => f.endsWith('.mdx') && fs.readFileSync(path.join(docs, f), 'utf8').includes('<Quiz'),
  );
  test.skip(!withQuiz, 'no chapter has a quiz');
  await page.goto(`/${withQuiz!.replace(/\.mdx$/, '')}/`);
  const question = page.locator('.gl-quiz form.gl-quiz-question').first();
  const result = question.locator('[data-quiz-result]');
  await expect(result).toHaveAttribute('aria-live', 'polite');
  await question.getByRole('button', { name: en['quiz.check'] }).click();
  await expect(result).toHaveText(en['quiz.noAnswer']);
  const answer: number[] = JSON.parse((await question.getAttribute('data-answer')) ?? '[]');
  const options = question.locator('input');
  const count = await options.count();
  const wrong = [...Array(count).keys()].find((i) => !answer.includes(i));
  if (wrong !== undefined) {
    await options.nth(wrong).check();
    await question.getByRole('button', { name: en['quiz.check'] }).click();
    await expect(result).toHaveAttribute('data-outcome', 'incorrect');
    await expect(result).toContainText(en['quiz.incorrect']);
    if (answer.length > 1) await options.nth(wrong).uncheck();
  }
  for (const i of answer) await options.nth(i).check();
  await question.getByRole('button', { name: en['quiz.check'] }).click();
  await expect(result).toHaveAttribute('data-outcome', 'correct');
  await expect(result).toContainText(en['quiz.correct']);
  await expect(result).toContainText((await question.getAttribute('data-explain')) ?? '');
});
