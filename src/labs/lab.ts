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
}

export function isDiagnosticGoal(g: Goal): g is DiagnosticGoal {
  return 'diagnostic' in g;
}

export const LAB_DIFFICULTIES = ['beginner', 'intermediate', 'advanced'] as const;

/** Validate a parsed lab; returns problems in words (empty = valid). */
export function labProblems(v: unknown): string[] {
  const p: string[] = [];
  const o = v as Record<string, unknown>;
  if (!o || typeof o !== 'object') return ['a lab must be a YAML mapping'];
  const str = (k: string) => {
    if (typeof o[k] !== 'string' || !(o[k] as string).trim()) p.push(`${k} must be a non-empty string`);
  };
  ['id', 'title', 'chapter', 'summary', 'learned'].forEach(str);
  if (typeof o.id === 'string' && !/^[a-z0-9][a-z0-9-]*$/.test(o.id))
    p.push('id must be lowercase letters, digits and dashes');
  if (!Array.isArray(o.objectives) || !o.objectives.length) p.push('objectives must be a non-empty list');
  if (typeof o.estimatedMinutes !== 'number') p.push('estimatedMinutes must be a number');
  if (!LAB_DIFFICULTIES.includes(o.difficulty as never))
    p.push(`difficulty must be one of ${LAB_DIFFICULTIES.join(', ')}`);
  const files = (k: string, list: unknown) => {
    if (!Array.isArray(list) || !list.length) return p.push(`${k} must be a non-empty list of files`);
    list.forEach((f, i) => {
      const ff = f as Record<string, unknown>;
      if (typeof ff?.name !== 'string' || typeof ff?.content !== 'string')
        p.push(`${k}[${i}] needs name and content`);
    });
  };
  files('files', o.files);
  const sol = o.solution as Record<string, unknown> | undefined;
  if (!sol || typeof sol !== 'object') p.push('solution is required');
  else files('solution.files', sol.files);
  if (!Array.isArray(o.requests)) p.push('requests must be a list');
  if (!Array.isArray(o.goals) || !o.goals.length) p.push('goals must be a non-empty list');
  else
    (o.goals as Record<string, unknown>[]).forEach((g, i) => {
      if (typeof g?.id !== 'string' || typeof g?.description !== 'string')
        p.push(`goals[${i}] needs id and description`);
      if ('diagnostic' in g) {
        if (typeof (g.diagnostic as Record<string, unknown>)?.code !== 'string')
          p.push(`goals[${i}].diagnostic.code must be a string`);
      } else if (typeof g?.request !== 'number' || !g.expect || typeof g.expect !== 'object') {
        p.push(`goals[${i}] needs request (an index into requests) and expect, or diagnostic`);
      } else if (Array.isArray(o.requests) && (g.request as number) >= (o.requests as unknown[]).length) {
        p.push(`goals[${i}].request ${g.request} is not an index into requests`);
      }
    });
  if (!Array.isArray(o.hints) || !o.hints.length) p.push('hints must be a non-empty list');
  if (!o.client || typeof o.client !== 'object') p.push('client is required (kind: browser or curl)');
  return p;
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
