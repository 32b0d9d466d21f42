import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// The site is bilingual: the entry pages, every chapter, the seed coverage table and the generated codes
// reference have Korean translations at the same path under content/docs/ko, and every Korean page
// translates an English one. (The codes reference translates its prose and table headers; the catalogue's
// per-code names, summaries and fixes stay English, as istioctl and gateway-lab print them.)
const MUST_BE_TRANSLATED = [
  'index.mdx',
  'how-labs-work.mdx',
  'playground.mdx',
  'progress.mdx',
  'ingress-basics.mdx',
  'gateway.mdx',
  'virtualservice.mdx',
  'destinationrule.mdx',
  'tls.mdx',
  'mtls.mdx',
  'tcp-passthrough.mdx',
  'multiple-gateways.mdx',
  'troubleshooting.mdx',
  'egress.mdx',
  'contributing/seed-coverage.mdx',
  'reference/diagnostic-codes.mdx',
];

const docs = path.resolve(import.meta.dirname, '../../content/docs');

function pagesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.mdx?$/.test(file) && !path.basename(file).startsWith('_'))
    .map((file) => file.split(path.sep).join('/'))
    .sort();
}

const all = pagesUnder(docs);
const english = all.filter((file) => !file.startsWith('ko/'));
const korean = all.filter((file) => file.startsWith('ko/')).map((file) => file.slice('ko/'.length));

function frontmatter(file: string): Record<string, unknown> {
  const text = fs.readFileSync(path.join(docs, file), 'utf8');
  const match = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  return match ? (parse(match[1]) as Record<string, unknown>) : {};
}

describe('content/docs', () => {
  it('has pages', () => {
    expect(english).toContain('index.mdx');
    expect(korean).toContain('index.mdx');
  });

  it('the entry pages have Korean translations', () => {
    expect(MUST_BE_TRANSLATED.filter((file) => !korean.includes(file))).toEqual([]);
    expect(MUST_BE_TRANSLATED.every((file) => english.includes(file))).toBe(true);
  });

  it('every Korean page translates an English page', () => {
    expect(korean.filter((file) => !english.includes(file))).toEqual([]);
  });

  it('every page has a title and a description', () => {
    for (const file of all) {
      const data = frontmatter(file);
      expect(typeof data.title === 'string' && data.title.trim() !== '', `${file}: title`).toBe(true);
      expect(
        typeof data.description === 'string' && data.description.trim() !== '',
        `${file}: description`,
      ).toBe(true);
    }
  });

  it('no page is a placeholder', () => {
    for (const file of all) {
      const text = fs.readFileSync(path.join(docs, file), 'utf8');
      expect(text, file).not.toMatch(/coming soon|준비 중/i);
    }
  });
});
