// The workbench in a real browser, against the production build (astro preview of dist/):
//
//   labPageJsGzip       JS transferred on a page with a workbench, workers included, gzip-compressed
//                       (gzip -6 of every JavaScript response; astro preview itself does not compress),
//                       once the editor is ready and the first result is on screen. Goal ≤ 1.0 MB. For
//                       comparison, a naive `import * as monaco from 'monaco-editor'` page transfers
//                       about 1.36 MB.
//   labPageJsAfterEditGzip  the same after the learner clicks into the editor and types (monaco-yaml's
//                       language service loads on that first interaction).
//   chapterPageJsGzip   the same for a chapter page without a lab. Goal ≤ 60 KB.
//   editorReadyMs       navigation start → the editor accepts typing. Goal ≤ 1.0 s.
//   keystrokeToResultMs the last keystroke of a burst → the updated result on screen (debounce, the
//                       worker's simulation and rendering). Goal ≤ 200 ms.
//
// Each number is the median of 5 cold loads (a fresh browser context: empty cache and storage).
//
//   node scripts/bench-browser.ts [--json] [--dist DIR] [--runs N] [--url PATH] [--chapter PATH]
//
// It builds nothing: run `astro build` first. The workbench page is the first built page with a lab
// workbench (opened at the lab's anchor, so the island is on screen at once), else /playground/.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright';
import type { Browser, Page } from 'playwright';

const { values: opts } = parseArgs({
  options: {
    json: { type: 'boolean' },
    dist: { type: 'string' },
    runs: { type: 'string' },
    url: { type: 'string' },
    chapter: { type: 'string' },
    port: { type: 'string' },
  },
});

const root = new URL('..', import.meta.url).pathname;
const dist = opts.dist ?? join(root, 'dist');
const runs = Number(opts.runs ?? 5);
const port = Number(opts.port ?? 4377);
const base = `http://localhost:${port}`;

function fail(message: string): never {
  process.stderr.write(`bench-browser: ${message}\n`);
  process.exit(1);
}

if (!existsSync(join(dist, 'index.html'))) fail(`no build in ${dist}: run astro build first`);

function htmlPages(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...htmlPages(p));
    else if (name === 'index.html') out.push(p);
  }
  return out;
}

function urlOf(file: string): string {
  return `/${relative(dist, file).replace(/index\.html$/, '')}`;
}

/** The seed lab's page (at the lab's anchor, so its island starts at once), else any lab, else the playground. */
function workbenchUrl(): string {
  if (opts.url) return opts.url;
  const pages = htmlPages(dist).filter((p) => !relative(dist, p).startsWith('ko/'));
  const seed = pages.find((p) =>
    readFileSync(p, 'utf8').includes('data-wb-key="lab:seed-shared-certificate-404"'),
  );
  if (seed) return `${urlOf(seed)}#lab-seed-shared-certificate-404`;
  for (const p of pages) {
    const m = /data-wb-key="lab:([a-z0-9-]+)"/.exec(readFileSync(p, 'utf8'));
    if (m) return `${urlOf(p)}#lab-${m[1]}`;
  }
  return '/playground/';
}

/** A content page without a workbench (How the labs work, else the first such page). */
function chapterUrl(): string {
  if (opts.chapter) return opts.chapter;
  if (existsSync(join(dist, 'how-labs-work/index.html'))) return '/how-labs-work/';
  const pages = htmlPages(dist).filter(
    (p) => !relative(dist, p).startsWith('ko/') && !p.endsWith('/dist/index.html'),
  );
  const plain = pages.find((p) => !readFileSync(p, 'utf8').includes('data-wb-root'));
  return plain ? urlOf(plain) : '/';
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

async function up(): Promise<boolean> {
  try {
    return (await fetch(base)).ok;
  } catch {
    return false;
  }
}

/**
 * astro preview on dist/. Astro allows one preview server per project; when another one is running
 * (someone's end-to-end tests), the same files are served by a minimal static server instead, with
 * preview's rules (directory → index.html, unknown path → 404.html), uncompressed like preview.
 */
async function startServer(): Promise<{ stop: () => void; server: string }> {
  const bin = join(root, 'node_modules/.bin/astro');
  let exited = false;
  const child = spawn(bin, ['preview', '--port', String(port), '--outDir', dist], {
    cwd: root,
    stdio: 'ignore',
    detached: true,
  });
  child.on('exit', () => (exited = true));
  const stop = () => {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  for (let i = 0; i < 100 && !exited; i++) {
    if (await up()) return { stop, server: 'astro preview' };
    await new Promise((r) => setTimeout(r, 200));
  }
  stop();
  const types: Record<string, string> = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript',
    '.mjs': 'text/javascript',
    '.css': 'text/css',
    '.json': 'application/json',
    '.svg': 'image/svg+xml',
    '.ttf': 'font/ttf',
    '.woff2': 'font/woff2',
    '.wasm': 'application/wasm',
    '.xml': 'application/xml',
  };
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', base).pathname);
    let file = normalize(join(dist, path));
    if (!file.startsWith(dist)) file = join(dist, '404.html');
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    const found = existsSync(file);
    if (!found) file = join(dist, '404.html');
    res.writeHead(found ? 200 : 404, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(port, r));
  return { stop: () => server.close(), server: 'static server (astro preview was busy)' };
}

/** What the last jsBytes() call transferred, per file (content hash removed from the name). */
let lastChunks: Record<string, number> = {};

/** Loads `url` in a fresh context and returns the gzip size of every JS response, workers included. */
async function jsBytes(
  browser: Browser,
  url: string,
  settle: (page: Page) => Promise<void>,
): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const sizes = new Map<string, number>();
  const pending: Promise<void>[] = [];
  context.on('response', (res) => {
    const type = res.headers()['content-type'] ?? '';
    if (!/javascript/.test(type) && !res.url().split('?')[0].endsWith('.js')) return;
    pending.push(
      res
        .body()
        .then((b) => void sizes.set(res.url(), gzipSync(b, { level: 6 }).length))
        .catch(() => undefined),
    );
  });
  const page = await context.newPage();
  await page.goto(base + url);
  await settle(page);
  await page.waitForTimeout(1000);
  await Promise.all(pending);
  await context.close();
  lastChunks = Object.fromEntries(
    [...sizes]
      .sort((a, b) => b[1] - a[1])
      .map(([u, n]) => [
        new URL(u).pathname
          .split('/')
          .pop()!
          .replace(/[.-][\w-]{8}\.js$/, '.js'),
        n,
      ]),
  );
  return [...sizes.values()].reduce((a, b) => a + b, 0);
}

async function workbenchSettled(page: Page) {
  await page.waitForSelector('[data-wb-editor-ready][data-wb-applied]', {
    state: 'attached',
    timeout: 30_000,
  });
}

/** After the page settles, the learner clicks into the editor and types: the language service loads. */
async function afterFirstEdit(page: Page) {
  await workbenchSettled(page);
  await page.locator('.wb .monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\n# edit', { delay: 30 });
  await page.waitForSelector('.wb .monaco-editor', { state: 'attached' });
  await page.waitForTimeout(1500);
}

async function editorReady(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  await page.goto(base + url);
  await page.waitForSelector('[data-wb-editor-ready]', { state: 'attached', timeout: 30_000 });
  // performance.now() counts from the navigation's time origin.
  const ms = await page.evaluate(
    () => performance.getEntriesByName('gateway-lab:editor-ready')[0]?.startTime ?? NaN,
  );
  await context.close();
  return ms;
}

/** Types a short burst in the editor and times the last keystroke → the result of that edit on screen. */
async function keystrokeToResult(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  await page.goto(base + url);
  await workbenchSettled(page);
  await page.waitForTimeout(300);
  await page.locator('.wb .monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+End');
  await page.evaluate(() => {
    const w = window as unknown as { __lastKey: number };
    document.addEventListener('keydown', () => (w.__lastKey = performance.now()), true);
  });
  const before = Number(
    await page.locator('[data-wb-root][data-wb-editor-ready]').first().getAttribute('data-wb-applied'),
  );
  await page.keyboard.type('\n# bench', { delay: 30 });
  // The result of the last edit: a request sent after the last keystroke, applied.
  await page.waitForFunction(
    (prev) => {
      const el = document.querySelector('[data-wb-root][data-wb-editor-ready]') as HTMLElement;
      const applied = Number(el.dataset.wbApplied);
      return applied > prev && applied === Number(el.dataset.wbPending);
    },
    before,
    { timeout: 10_000 },
  );
  const ms = await page.evaluate(() => {
    const w = window as unknown as { __lastKey: number };
    const marks = performance.getEntriesByName('gateway-lab:result');
    return marks[marks.length - 1].startTime - w.__lastKey;
  });
  await context.close();
  return ms;
}

const { stop, server } = await startServer();
let result: Record<string, unknown>;
try {
  const browser = await chromium.launch({
    executablePath: existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const wb = workbenchUrl();
  const chapter = chapterUrl();
  const lab: number[] = [];
  const labEdited: number[] = [];
  const chap: number[] = [];
  const ready: number[] = [];
  const keys: number[] = [];
  let labChunks: Record<string, number> = {};
  for (let i = 0; i < runs; i++) {
    lab.push(await jsBytes(browser, wb, workbenchSettled));
    labChunks = lastChunks;
    labEdited.push(await jsBytes(browser, wb, afterFirstEdit));
    chap.push(await jsBytes(browser, chapter, async () => undefined));
    ready.push(await editorReady(browser, wb));
    keys.push(await keystrokeToResult(browser, wb));
  }
  await browser.close();
  result = {
    server,
    workbenchPage: wb,
    chapterPage: chapter,
    labPageJsGzip: median(lab),
    // Where the lab page's bytes go (files of at least 1 kB gzipped).
    labPageJsByFile: Object.fromEntries(Object.entries(labChunks).filter(([, n]) => n >= 1000)),
    labPageJsAfterEditGzip: median(labEdited),
    chapterPageJsGzip: median(chap),
    editorReadyMs: Math.round(median(ready)),
    keystrokeToResultMs: Math.round(median(keys)),
    runs,
    // Timings depend on the machine: the load average says how busy it was.
    loadAverage: loadavg()[0].toFixed(1),
    cpus: cpus().length,
  };
} finally {
  stop();
}

if (opts.json) console.log(JSON.stringify(result));
else {
  const kb = (n: unknown) => `${((n as number) / 1000).toFixed(1)} kB`;
  console.log(
    `${result.server}: workbench page ${result.workbenchPage}, chapter page ${result.chapterPage}; median of ${runs} cold loads (${result.cpus} CPUs, load average ${result.loadAverage})`,
  );
  console.log(`  JS on the workbench page (gzip)   ${kb(result.labPageJsGzip)}   (goal ≤ 1000 kB)`);
  for (const [file, n] of Object.entries(result.labPageJsByFile as Record<string, number>))
    console.log(`      ${file.padEnd(30)} ${kb(n)}`);
  console.log(
    `    … after the first edit          ${kb(result.labPageJsAfterEditGzip)}   (+ the YAML language service)`,
  );
  console.log(`  JS on a chapter page (gzip)       ${kb(result.chapterPageJsGzip)}   (goal ≤ 60 kB)`);
  console.log(`  navigation → editable editor      ${result.editorReadyMs} ms   (goal ≤ 1000 ms)`);
  console.log(`  last keystroke → updated result   ${result.keystrokeToResultMs} ms   (goal ≤ 200 ms)`);
}
