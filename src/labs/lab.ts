// Labs are data (like levels in Learn Git Branching): a YAML file in labs/ gives the files a learner
// starts with, the requests, the goals (request → expected outcome, or a diagnostic present/absent),
// tiered hints and a reference solution. This module is pure: the CLI, the build-time content
// collection, the Web Worker and the tests share it.
import { parse as parseYaml } from 'yaml';
import type { Scenario, ScenarioClient, ScenarioRequest } from '../sim/scenario.ts';
import type { DiagnosticExpectation, Expectation } from '../sim/explain/expect.ts';

export interface LabFile {
  name: string;
  /** Read-only context (Services, Deployments) the learner is not meant to change. */
  readOnly?: boolean;
  content: string;
}

export interface RequestGoal {
  id: string;
  description: string;
  /** Index into `requests`; the goal checks that request's (last) result. */
  request: number;
  expect: Expectation;
}

export interface DiagnosticGoal {
  id: string;
  description: string;
  diagnostic: DiagnosticExpectation;
}

export type Goal = RequestGoal | DiagnosticGoal;

/**
 * A lab's text in another language (the site's Korean pages show it). Only the words are translated:
 * files, requests and goals stay the same. Anything left out falls back on the lab's own (English) text.
 */
export interface LabTranslation {
  title?: string;
  summary?: string;
  objectives?: string[];
  /** As many hints as the lab has, in the same order. */
  hints?: string[];
  learned?: string;
  /** Goal id → description. */
  goals?: Record<string, string>;
}

export interface Lab {
  id: string;
  title: string;
  /** Slug of the chapter page that teaches it. */
  chapter: string;
  summary: string;
  objectives: string[];
  estimatedMinutes: number;
  difficulty: 'beginner' | 'intermediate' | 'advanced';
  /** Other lab ids to do first. */
  prerequisites?: string[];
  client: ScenarioClient;
  baseline?: 'istio-default' | 'none';
  gateway?: Scenario['gateway'];
  dns?: Record<string, string[]>;
  /** Files curl's --cacert/--cert/--key may name. */
  clientFiles?: Record<string, string>;
  whatIf?: Scenario['whatIf'];
  files: LabFile[];
  requests: ScenarioRequest[];
  goals: Goal[];
  hints: string[];
  solution: { files: LabFile[]; requests?: ScenarioRequest[] };
  learned: string;
  /** Scenario time for certificate validity (labs pin it so they never expire). */
  now?: string;
  /** The lab's text in other languages, by language code (`ko`). */
  translations?: Record<string, LabTranslation>;
}

export function isDiagnosticGoal(g: Goal): g is DiagnosticGoal {
  return 'diagnostic' in g;
}

export const LAB_DIFFICULTIES = ['beginner', 'intermediate', 'advanced'] as const;

/** Every field a lab may have; anything else is reported (usually a typo such as `hint:`). */
export const LAB_FIELDS = [
  'id',
  'title',
  'chapter',
  'summary',
  'objectives',
  'estimatedMinutes',
  'difficulty',
  'prerequisites',
  'client',
  'baseline',
  'gateway',
  'dns',
  'clientFiles',
  'whatIf',
  'files',
  'requests',
  'goals',
  'hints',
  'solution',
  'learned',
  'now',
  'translations',
] as const;

/** The fields of a request goal's `expect` (see Expectation in src/sim/explain/expect.ts). */
export const EXPECT_FIELDS = [
  'status',
  'backend',
  'subset',
  'error',
  'clientError',
  'exitCode',
  'reused',
  'location',
  'routeConfig',
  'virtualHost',
  'route',
  'cluster',
  'listener',
  'responseFlags',
  'tcpResult',
] as const;

export const DIAGNOSTIC_FIELDS = ['code', 'present', 'resource'] as const;
export const CLIENT_KINDS = ['browser', 'curl', 'raw'] as const;
const TRANSLATION_FIELDS = ['title', 'summary', 'objectives', 'hints', 'learned', 'goals'];
const FILE_FIELDS = ['name', 'readOnly', 'content'];

const isStringList = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'string' && x.trim() !== '');

/** Keys of `o` that are not in `known`, as a problem naming where they are. */
function unknownKeys(o: Record<string, unknown>, known: readonly string[], at: string): string[] {
  return Object.keys(o)
    .filter((k) => !known.includes(k))
    .map((k) => `${at}${at ? '.' : ''}${k} is not a lab field (known: ${known.join(', ')})`);
}

/** Validate a parsed lab; returns problems in words (empty = valid). */
export function labProblems(v: unknown): string[] {
  const p: string[] = [];
  const o = v as Record<string, unknown>;
  if (!o || typeof o !== 'object' || Array.isArray(o)) return ['a lab must be a YAML mapping'];
  p.push(...unknownKeys(o, LAB_FIELDS, ''));
  const str = (k: string) => {
    if (typeof o[k] !== 'string' || !(o[k] as string).trim()) p.push(`${k} must be a non-empty string`);
  };
  ['id', 'title', 'chapter', 'summary', 'learned'].forEach(str);
  if (typeof o.id === 'string' && !/^[a-z0-9][a-z0-9-]*$/.test(o.id))
    p.push('id must be lowercase letters, digits and dashes');
  if (!isStringList(o.objectives) || !o.objectives.length)
    p.push('objectives must be a non-empty list of strings');
  if (typeof o.estimatedMinutes !== 'number' || !(o.estimatedMinutes > 0))
    p.push('estimatedMinutes must be a positive number');
  if (!LAB_DIFFICULTIES.includes(o.difficulty as never))
    p.push(`difficulty must be one of ${LAB_DIFFICULTIES.join(', ')}`);
  if (o.prerequisites !== undefined) {
    if (!isStringList(o.prerequisites)) p.push('prerequisites must be a list of lab ids');
    else if (o.prerequisites.includes(o.id as string)) p.push('a lab cannot be its own prerequisite');
  }
  if (o.now !== undefined && (typeof o.now !== 'string' || Number.isNaN(Date.parse(o.now))))
    p.push('now must be an ISO 8601 time (quote it: now: "2026-11-23T00:00:00Z")');
  const files = (k: string, list: unknown) => {
    if (!Array.isArray(list) || !list.length) return p.push(`${k} must be a non-empty list of files`);
    const names = new Set<string>();
    list.forEach((f, i) => {
      const ff = f as Record<string, unknown>;
      if (typeof ff?.name !== 'string' || typeof ff?.content !== 'string') {
        p.push(`${k}[${i}] needs name and content`);
        return;
      }
      p.push(...unknownKeys(ff, FILE_FIELDS, `${k}[${i}]`));
      if (ff.readOnly !== undefined && typeof ff.readOnly !== 'boolean')
        p.push(`${k}[${i}].readOnly must be true or false`);
      if (names.has(ff.name)) p.push(`${k}[${i}]: two files are named ${ff.name}`);
      names.add(ff.name);
    });
  };
  files('files', o.files);
  const sol = o.solution as Record<string, unknown> | undefined;
  if (!sol || typeof sol !== 'object') p.push('solution is required');
  else {
    files('solution.files', sol.files);
    p.push(...unknownKeys(sol, ['files', 'requests'], 'solution'));
    // The solution may only change what the learner can change: a read-only file is context.
    if (Array.isArray(o.files) && Array.isArray(sol.files)) {
      const readOnly = new Set(
        (o.files as LabFile[]).filter((f) => f?.readOnly && typeof f.name === 'string').map((f) => f.name),
      );
      (sol.files as LabFile[]).forEach((f, i) => {
        if (readOnly.has(f?.name)) p.push(`solution.files[${i}] changes ${f.name}, which is read-only`);
      });
    }
  }
  if (!Array.isArray(o.requests)) p.push('requests must be a list');
  if (!Array.isArray(o.goals) || !o.goals.length) p.push('goals must be a non-empty list');
  else {
    const ids = new Set<string>();
    (o.goals as Record<string, unknown>[]).forEach((g, i) => {
      if (!g || typeof g !== 'object') return p.push(`goals[${i}] must be a mapping`);
      if (typeof g.id !== 'string' || typeof g.description !== 'string')
        p.push(`goals[${i}] needs id and description`);
      else if (ids.has(g.id)) p.push(`goals[${i}]: two goals have the id ${g.id}`);
      else ids.add(g.id);
      if ('diagnostic' in g) {
        p.push(...unknownKeys(g, ['id', 'description', 'diagnostic'], `goals[${i}]`));
        const d = g.diagnostic as Record<string, unknown>;
        if (typeof d?.code !== 'string') p.push(`goals[${i}].diagnostic.code must be a string`);
        else p.push(...unknownKeys(d, DIAGNOSTIC_FIELDS, `goals[${i}].diagnostic`));
      } else if (typeof g.request !== 'number' || !g.expect || typeof g.expect !== 'object') {
        p.push(`goals[${i}] needs request (an index into requests) and expect, or diagnostic`);
      } else {
        p.push(...unknownKeys(g, ['id', 'description', 'request', 'expect'], `goals[${i}]`));
        p.push(...unknownKeys(g.expect as Record<string, unknown>, EXPECT_FIELDS, `goals[${i}].expect`));
        if (!Number.isInteger(g.request) || (g.request as number) < 0)
          p.push(`goals[${i}].request must be a whole number (0 is the first request)`);
        else if (Array.isArray(o.requests) && (g.request as number) >= (o.requests as unknown[]).length)
          p.push(`goals[${i}].request ${g.request} is not an index into requests`);
      }
    });
  }
  if (!isStringList(o.hints) || !o.hints.length) p.push('hints must be a non-empty list of strings');
  if (!o.client || typeof o.client !== 'object') p.push('client is required (kind: browser or curl)');
  else {
    const kind = (o.client as Record<string, unknown>).kind;
    if (kind !== undefined && !CLIENT_KINDS.includes(kind as never))
      p.push(`client.kind must be one of ${CLIENT_KINDS.join(', ')}`);
  }
  if (o.clientFiles !== undefined) {
    const cf = o.clientFiles as Record<string, unknown>;
    if (!cf || typeof cf !== 'object' || Object.values(cf).some((x) => typeof x !== 'string'))
      p.push('clientFiles must map file names (ca.crt, client.crt, client.key) to their text');
  }
  if (o.translations !== undefined) {
    const tr = o.translations as Record<string, unknown>;
    if (!tr || typeof tr !== 'object' || Array.isArray(tr))
      p.push('translations must map a language to text');
    else
      for (const [lang, t] of Object.entries(tr)) {
        const at = `translations.${lang}`;
        if (!t || typeof t !== 'object' || Array.isArray(t)) {
          p.push(`${at} must be a mapping`);
          continue;
        }
        const tt = t as Record<string, unknown>;
        p.push(...unknownKeys(tt, TRANSLATION_FIELDS, at));
        for (const k of ['title', 'summary', 'learned'])
          if (tt[k] !== undefined && (typeof tt[k] !== 'string' || !(tt[k] as string).trim()))
            p.push(`${at}.${k} must be a non-empty string`);
        for (const k of ['objectives', 'hints'])
          if (tt[k] !== undefined) {
            if (!isStringList(tt[k])) p.push(`${at}.${k} must be a list of strings`);
            else if (Array.isArray(o[k]) && (tt[k] as string[]).length !== (o[k] as unknown[]).length)
              p.push(
                `${at}.${k} has ${(tt[k] as string[]).length} entries, the lab has ${(o[k] as unknown[]).length}`,
              );
          }
        if (tt.goals !== undefined) {
          const goalIds = Array.isArray(o.goals) ? (o.goals as { id?: unknown }[]).map((g) => g?.id) : [];
          if (!tt.goals || typeof tt.goals !== 'object' || Array.isArray(tt.goals))
            p.push(`${at}.goals must map goal ids to descriptions`);
          else
            for (const [id, d] of Object.entries(tt.goals)) {
              if (!goalIds.includes(id)) p.push(`${at}.goals.${id}: the lab has no goal ${id}`);
              if (typeof d !== 'string' || !d.trim()) p.push(`${at}.goals.${id} must be a non-empty string`);
            }
        }
      }
  }
  return p;
}

/**
 * The lab with its words in `lang` where it has a translation (`ko`, or a tag such as `ko-KR`), else
 * the lab as written. Files, requests and goal checks are never translated.
 */
export function localizeLab(lab: Lab, lang: string): Lab {
  const tr = lab.translations?.[lang.toLowerCase().split('-')[0]];
  if (!tr) return lab;
  return {
    ...lab,
    title: tr.title ?? lab.title,
    summary: tr.summary ?? lab.summary,
    objectives: tr.objectives ?? lab.objectives,
    hints: tr.hints?.length === lab.hints.length ? tr.hints : lab.hints,
    learned: tr.learned ?? lab.learned,
    goals: lab.goals.map((g) => (tr.goals?.[g.id] ? { ...g, description: tr.goals[g.id] } : g)),
  };
}

export function parseLab(text: string, source = 'lab'): { lab: Lab | null; problems: string[] } {
  let v: unknown;
  try {
    v = parseYaml(text);
  } catch (e) {
    return {
      lab: null,
      problems: [`${source}: not valid YAML: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`],
    };
  }
  const problems = labProblems(v).map((m) => `${source}: ${m}`);
  return { lab: problems.length ? null : (v as Lab), problems };
}

/** The scenario a lab runs: the learner's (or the solution's) files, requests and client. */
export function labScenario(lab: Lab, requests?: ScenarioRequest[]): Scenario {
  return {
    config: '',
    baseline: lab.baseline ?? 'istio-default',
    gateway: lab.gateway,
    dns: lab.dns,
    client: lab.client,
    files: lab.clientFiles,
    whatIf: lab.whatIf,
    requests: requests ?? lab.requests,
    now: lab.now ?? '2026-11-23T00:00:00Z',
  };
}
