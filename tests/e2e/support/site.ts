import fs from 'node:fs';
import path from 'node:path';

// What the production build in dist/ contains, read at test time so that every page added later is
// covered without touching the tests.

export const distDir = path.resolve(import.meta.dirname, '../../../dist');

function walk(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory() ? walk(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
    );
}

/** Every built HTML file, as the URL path a browser would request (`/`, `/ko/how-labs-work/`, `/404.html`). */
export function builtPages(): string[] {
  if (!fs.existsSync(path.join(distDir, 'index.html'))) {
    throw new Error(`No production build in ${distDir}: run \`npm run build\` before the end-to-end tests.`);
  }
  return walk(distDir)
    .filter((file) => file.endsWith('.html'))
    .map((file) => {
      const rel = path.relative(distDir, file).split(path.sep).join('/');
      if (rel === 'index.html') return '/';
      if (rel.endsWith('/index.html')) return `/${rel.slice(0, -'index.html'.length)}`;
      return `/${rel}`;
    })
    .sort();
}

/** The HTML of a built page, by URL path. */
export function readBuiltPage(urlPath: string): string {
  return fs.readFileSync(builtFileFor(urlPath) ?? '', 'utf8');
}

/**
 * The file in dist/ that `astro preview` serves for a URL path, or undefined if there is none. Follows
 * the static server's rules: `/a/` is `a/index.html`, `/a` is `a`, `a.html` or `a/index.html`.
 */
export function builtFileFor(urlPath: string): string | undefined {
  const clean = decodeURIComponent(urlPath.split(/[?#]/)[0]);
  const base = path.join(distDir, clean);
  const candidates = clean.endsWith('/')
    ? [path.join(base, 'index.html')]
    : [base, `${base}.html`, path.join(base, 'index.html')];
  return candidates.find(
    (file) => file.startsWith(distDir) && fs.existsSync(file) && fs.statSync(file).isFile(),
  );
}

/** The element ids in a page's HTML, for checking `#fragment` links. */
export function idsIn(html: string): Set<string> {
  return new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => decodeHtml(m[1])));
}

export function decodeHtml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
