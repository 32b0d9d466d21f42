// A translated chapter keeps the English page's anchors. The simulator's "learn more" links
// (/multiple-gateways/#the-connection-reuse-404 ...), links between chapters and bookmarks point at heading
// ids; on a Korean page a heading's own slug would be Korean, so translated headings carry the English id
// explicitly: `## 연결 재사용 404 { #the-connection-reuse-404 }` (Sätteri's heading attributes, enabled in
// astro.config.mjs). This checks the ids at the source, the way Astro derives them: an explicit id, else
// github-slugger over the heading's text, in document order.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { headingIds } from '../support/headings.ts';

const docs = path.resolve(import.meta.dirname, '../../content/docs');

/** The chapters: every one that has a Korean translation must keep every English anchor. */
const CHAPTERS = [
  'ingress-basics',
  'gateway',
  'virtualservice',
  'destinationrule',
  'tls',
  'mtls',
  'tcp-passthrough',
  'multiple-gateways',
  'troubleshooting',
  'egress',
];

const read = (file: string) => fs.readFileSync(path.join(docs, file), 'utf8');

describe('translated chapters keep the English anchors', () => {
  const translated = CHAPTERS.filter((c) => fs.existsSync(path.join(docs, `ko/${c}.mdx`)));

  it('knows every chapter', () => {
    for (const c of CHAPTERS) expect(fs.existsSync(path.join(docs, `${c}.mdx`)), c).toBe(true);
  });

  for (const chapter of translated) {
    it(`ko/${chapter}.mdx has the headings of ${chapter}.mdx, with their ids`, () => {
      const english = headingIds(read(`${chapter}.mdx`)).map((h) => h.id);
      const korean = headingIds(read(`ko/${chapter}.mdx`));
      const notExplicit = korean.filter((h) => !h.explicit && !english.includes(h.id));
      expect(notExplicit.map((h) => `line ${h.line}: ${h.id}`)).toEqual([]);
      expect(korean.map((h) => h.id)).toEqual(english);
    });
  }
});
