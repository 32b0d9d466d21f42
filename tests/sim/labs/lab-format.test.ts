// The lab format's rules (labProblems, shared by the CLI, the workbench and the build) and the content
// collection's schema that mirrors them: a broken lab is reported in words, by both, with the same words.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { labProblems, localizeLab, parseLab } from '../../../src/labs/lab.ts';
import type { Lab } from '../../../src/labs/lab.ts';
import { labSchema, labStructure } from '../../../src/labs/schema.ts';

const dir = join(import.meta.dirname, '../../../labs');
const firstRoute = parse(readFileSync(join(dir, 'first-route.yaml'), 'utf8')) as Record<string, unknown>;
const clone = () => structuredClone(firstRoute) as Record<string, unknown> & Lab;

function schemaMessages(v: unknown): string[] {
  const r = labSchema.safeParse(v);
  return r.success ? [] : r.error.issues.map((i) => i.message);
}

describe('every lab in labs/', () => {
  for (const file of readdirSync(dir).filter((n) => /\.ya?ml$/.test(n))) {
    it(`${file} passes labProblems and the collection schema`, () => {
      const v = parse(readFileSync(join(dir, file), 'utf8'));
      expect(labProblems(v)).toEqual([]);
      const r = labSchema.safeParse(v);
      expect(r.success ? [] : r.error.issues).toEqual([]);
    });
  }
});

describe('broken labs', () => {
  const cases: [string, (l: Record<string, unknown> & Lab) => void, RegExp][] = [
    [
      'a typo in a field name',
      (l) => ((l.hint = l.hints), delete (l as Partial<Lab>).hints),
      /hint is not a lab field/,
    ],
    ['no goals', (l) => (l.goals = []), /goals must be a non-empty list/],
    [
      'a goal pointing past the requests',
      (l) => ((l.goals[0] as { request: number }).request = 9),
      /not an index/,
    ],
    [
      'an unknown expectation',
      (l) => ((l.goals[0] as { expect: object }).expect = { statuz: 200 }),
      /expect\.statuz/,
    ],
    ['two goals with one id', (l) => (l.goals[1].id = l.goals[0].id), /two goals have the id/],
    ['a bad difficulty', (l) => (l.difficulty = 'easy' as never), /difficulty must be one of/],
    ['a bad client kind', (l) => (l.client = { kind: 'wget' as never }), /client\.kind must be one of/],
    [
      'a solution that edits a read-only file',
      (l) => l.solution.files.push({ name: 'services.yaml', content: '' }),
      /services\.yaml, which is read-only/,
    ],
    ['an unparseable now', (l) => (l.now = 'tomorrow'), /now must be an ISO 8601 time/],
    [
      'a translation with the wrong number of hints',
      (l) => (l.translations = { ko: { hints: ['하나'] } }),
      /translations\.ko\.hints has 1 entries, the lab has 3/,
    ],
    [
      'a translation of a goal that does not exist',
      (l) => (l.translations = { ko: { goals: { nope: '없음' } } }),
      /the lab has no goal nope/,
    ],
  ];
  for (const [name, breakIt, message] of cases) {
    it(`reports ${name}, in labProblems and in the build schema alike`, () => {
      const l = clone();
      breakIt(l);
      const problems = labProblems(l);
      expect(problems.join('\n')).toMatch(message);
      expect(schemaMessages(l)).toEqual(problems);
    });
  }

  it('the structural schema alone also rejects what labProblems does not look into', () => {
    const l = clone();
    (l as Record<string, unknown>).gateway = { labels: { istio: 7 } };
    expect(labProblems(l)).toEqual([]);
    expect(labSchema.safeParse(l).success).toBe(false);
    expect(labStructure.safeParse(clone()).success).toBe(true);
  });

  it('parseLab names the file in every problem and rejects bad YAML', () => {
    expect(parseLab('id: [', 'x.yaml').problems[0]).toMatch(/^x\.yaml: not valid YAML/);
    expect(parseLab('id: x', 'x.yaml').problems.every((p) => p.startsWith('x.yaml: '))).toBe(true);
  });
});

describe('localizeLab', () => {
  const lab = clone();
  lab.translations = {
    ko: {
      title: '첫 번째 라우트',
      hints: ['힌트 1', '힌트 2', '힌트 3'],
      goals: { 'webapp-routed': 'webapp이 200을 받는다' },
    },
  };
  it('replaces the words it has, keeps the rest', () => {
    const ko = localizeLab(lab, 'ko-KR');
    expect(ko.title).toBe('첫 번째 라우트');
    expect(ko.summary).toBe(lab.summary);
    expect(ko.hints).toEqual(['힌트 1', '힌트 2', '힌트 3']);
    expect(ko.goals[0].description).toBe('webapp이 200을 받는다');
    expect(ko.goals[1].description).toBe(lab.goals[1].description);
    // Checks never change with the language.
    expect(ko.goals.map((g) => g.id)).toEqual(lab.goals.map((g) => g.id));
    expect(ko.files).toBe(lab.files);
  });
  it('is the lab itself for a language without a translation', () => {
    expect(localizeLab(lab, 'en')).toBe(lab);
  });
});
