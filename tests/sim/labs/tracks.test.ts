import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLab } from '../../../src/labs/lab.ts';
import type { Lab } from '../../../src/labs/lab.ts';
import {
  embeddedLabs,
  formatMinutes,
  onboardingTrack,
  orderLabs,
  resolveTrack,
  tracks,
} from '../../../src/labs/tracks.ts';
import type { Track } from '../../../src/labs/tracks.ts';

function lab(id: string, chapter: string, extra: Partial<Lab> = {}): Lab {
  return {
    id,
    title: `Title ${id}`,
    chapter,
    summary: 's',
    objectives: ['o'],
    estimatedMinutes: 10,
    difficulty: 'beginner',
    client: { kind: 'curl' },
    files: [],
    requests: [],
    goals: [],
    hints: [],
    solution: { files: [] },
    learned: 'l',
    ...extra,
  };
}

const track: Track = {
  id: 't',
  title: { en: 'T', ko: '티' },
  chapters: [
    { slug: 'intro', title: { en: 'Intro', ko: '소개' }, readingMinutes: 5 },
    {
      slug: 'gw',
      title: { en: 'Gateways', ko: '게이트웨이' },
      readingMinutes: 15,
      after: ['intro'],
      labs: ['gw-b'],
    },
    { slug: 'unwritten', title: { en: 'Later', ko: '나중' }, readingMinutes: 10, after: ['gw'] },
  ],
};

describe('resolveTrack', () => {
  const labs = [
    lab('gw-a', 'gw', { prerequisites: ['gw-c'], difficulty: 'beginner' }),
    lab('gw-b', 'gw', { difficulty: 'advanced', estimatedMinutes: 20 }),
    lab('gw-c', 'gw', { difficulty: 'intermediate' }),
    lab('later-1', 'unwritten'),
    lab('stray', 'elsewhere', { estimatedMinutes: 7 }),
  ];
  const pages = [
    { slug: 'intro', title: 'Introduction', labs: [] },
    { slug: 'gw', title: 'The Gateway', labs: ['gw-a', 'gw-b'] },
    { slug: 'extra', title: 'Extra', labs: ['gw-c', 'stray'] },
  ];
  const r = resolveTrack(track, labs, pages, 'en', '');

  it('orders chapters as given and labs explicit first, then prerequisites first', () => {
    expect(r.chapters.map((c) => c.slug)).toEqual(['intro', 'gw', 'unwritten', 'more-practice']);
    expect(r.chapters[1].labs.map((l) => l.id)).toEqual(['gw-b', 'gw-c', 'gw-a']);
  });

  it('uses page titles and links, and no link for a chapter that is not written', () => {
    expect(r.chapters[1]).toMatchObject({ title: 'The Gateway', href: '/gw/' });
    expect(r.chapters[2]).toMatchObject({ title: 'Later', href: null });
    expect(r.chapters[2].after).toEqual([{ slug: 'gw', title: 'The Gateway' }]);
  });

  it('links a lab to its chapter page when it is there, else to any page that embeds it, else nowhere', () => {
    const byId = new Map(r.chapters.flatMap((c) => c.labs).map((l) => [l.id, l]));
    expect(byId.get('gw-a')?.href).toBe('/gw/#lab-gw-a');
    expect(byId.get('gw-c')?.href).toBe('/extra/#lab-gw-c');
    expect(byId.get('later-1')?.href).toBeNull();
    expect(byId.get('gw-a')?.prerequisites).toEqual([{ id: 'gw-c', title: 'Title gw-c' }]);
  });

  it('adds the minutes up, leaving the optional group out of the total and of the counted labs', () => {
    expect(r.chapters[1].minutes).toBe(15 + 20 + 10 + 10);
    expect(r.minutes).toBe(5 + 55 + 20);
    expect(r.chapters[3]).toMatchObject({ optional: true, title: 'More practice' });
    expect(r.chapters[3].labs.map((l) => l.id)).toEqual(['stray']);
    expect(r.labIds).toEqual(['gw-b', 'gw-c', 'gw-a', 'later-1']);
  });

  it('prefixes links with the language and translates fallback titles', () => {
    const ko = resolveTrack(track, labs, pages, 'ko', '/ko');
    expect(ko.title).toBe('티');
    expect(ko.chapters[1].href).toBe('/ko/gw/');
    expect(ko.chapters[2].title).toBe('나중');
    expect(ko.chapters[3].title).toBe('더 해 볼 실습');
  });
});

describe('orderLabs', () => {
  it('never puts a lab before its prerequisite, even in a cycle it does not loop', () => {
    const l = orderLabs([lab('b', 'x', { prerequisites: ['a'] }), lab('a', 'x', { prerequisites: ['b'] })]);
    expect(l.map((x) => x.id).sort()).toEqual(['a', 'b']);
  });
});

describe('embeddedLabs', () => {
  it('finds <Lab id> in MDX, in order, once each, but not in code', () => {
    const mdx = [
      '<Lab id="one" level={3} />',
      "<Lab level={2} id='two' />",
      '<Lab id={"three"} />',
      'Use `<Lab id="not-this" />` in a chapter.',
      '```mdx',
      '<Lab id="nor-this" />',
      '```',
      '   ```',
      '   <Lab id="nor-indented" />',
      '   ```',
      '<Lab id="one" />',
    ].join('\n');
    expect(embeddedLabs(mdx)).toEqual(['one', 'two', 'three']);
  });
});

describe('formatMinutes', () => {
  it('in English and Korean', () => {
    expect(formatMinutes('en', 45)).toBe('45 min');
    expect(formatMinutes('en', 85)).toBe('1 h 25 min');
    expect(formatMinutes('ko', 85)).toBe('1시간 25분');
  });
});

describe('the onboarding track', () => {
  const dir = join(import.meta.dirname, '../../../labs');
  const ids = new Set(
    readdirSync(dir)
      .filter((n) => n.endsWith('.yaml'))
      .map((n) => parseLab(readFileSync(join(dir, n), 'utf8'), n).lab?.id),
  );
  it('names existing labs, unique chapters, and prerequisites that come earlier', () => {
    expect(tracks).toContain(onboardingTrack);
    const seen: string[] = [];
    for (const c of onboardingTrack.chapters) {
      expect(seen, `duplicate chapter ${c.slug}`).not.toContain(c.slug);
      for (const a of c.after ?? []) expect(seen, `${c.slug} comes after ${a}`).toContain(a);
      for (const id of c.labs ?? []) expect(ids.has(id), `${c.slug} lists unknown lab ${id}`).toBe(true);
      seen.push(c.slug);
    }
  });
  it('starts with the three engine labs in their chapters', () => {
    const flat = onboardingTrack.chapters.flatMap((c) => c.labs ?? []);
    expect(flat).toEqual(['first-route', 'mutual-tls-at-the-gateway', 'seed-shared-certificate-404']);
  });
});
