// The lab schema for Astro's content collection (src/content.config.ts), so that `astro build` fails on
// an invalid labs/*.yaml with the same words `gateway-lab labs verify` prints. It runs labProblems first
// (the one source of the rules, shared with the CLI and the workbench) and only then the structural
// schema below, which types every field, including the optional ones labProblems does not look into.
import { z } from 'astro/zod';
import { CLIENT_KINDS, LAB_DIFFICULTIES, labProblems } from './lab.ts';

const text = z.string().trim().min(1);

const file = z.strictObject({
  name: text,
  readOnly: z.boolean().optional(),
  content: z.string(),
});

const expectation = z.strictObject({
  status: z.number().int().nullable().optional(),
  backend: z.string().nullable().optional(),
  subset: z.string().nullable().optional(),
  error: z.string().nullable().optional(),
  clientError: z.boolean().optional(),
  exitCode: z.number().int().nullable().optional(),
  reused: z.boolean().optional(),
  location: z.string().nullable().optional(),
  routeConfig: z.string().optional(),
  virtualHost: z.string().optional(),
  route: z.string().optional(),
  cluster: z.string().optional(),
  listener: z.string().optional(),
  responseFlags: z.string().optional(),
  tcpResult: z.enum(['connected', 'refused', 'closed']).optional(),
});

const requestGoal = z.strictObject({
  id: text,
  description: text,
  request: z.number().int().min(0),
  expect: expectation,
});

const diagnosticGoal = z.strictObject({
  id: text,
  description: text,
  diagnostic: z.strictObject({
    code: text,
    present: z.boolean().optional(),
    resource: z.string().optional(),
  }),
});

// Requests are checked in depth by the simulator's scenario validator when the lab runs; here they only
// need to be one of the three forms.
const request = z.union([
  z.looseObject({ url: z.string() }),
  z.looseObject({ command: z.string() }),
  z.looseObject({ port: z.number().int() }),
]);

const client = z.strictObject({
  kind: z.enum(CLIENT_KINDS).optional(),
  http: z.enum(['1.1', '2']).optional(),
  trust: z.array(z.string()).optional(),
  insecure: z.boolean().optional(),
  certificate: z.strictObject({ cert: z.string(), key: z.string() }).optional(),
});

const translation = z.strictObject({
  title: text.optional(),
  summary: text.optional(),
  objectives: z.array(text).optional(),
  hints: z.array(text).optional(),
  learned: text.optional(),
  goals: z.record(z.string(), text).optional(),
});

/** The structure of a lab (see Lab in src/labs/lab.ts). */
export const labStructure = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  title: text,
  chapter: text,
  summary: text,
  objectives: z.array(text).min(1),
  estimatedMinutes: z.number().positive(),
  difficulty: z.enum(LAB_DIFFICULTIES),
  prerequisites: z.array(text).optional(),
  client,
  baseline: z.enum(['istio-default', 'none']).optional(),
  gateway: z
    .strictObject({
      namespace: z.string().optional(),
      labels: z.record(z.string(), z.string()).optional(),
      ipAddresses: z.array(z.string()).optional(),
    })
    .optional(),
  dns: z.record(z.string(), z.array(z.string())).optional(),
  clientFiles: z.record(z.string(), z.string()).optional(),
  whatIf: z.strictObject({ misdirected421: z.boolean().optional() }).optional(),
  files: z.array(file).min(1),
  requests: z.array(request),
  goals: z.array(z.union([requestGoal, diagnosticGoal])).min(1),
  hints: z.array(text).min(1),
  solution: z.strictObject({ files: z.array(file).min(1), requests: z.array(request).optional() }),
  learned: text,
  now: z
    .string()
    .refine((s) => !Number.isNaN(Date.parse(s)), 'now must be an ISO 8601 time')
    .optional(),
  translations: z.record(z.string(), translation).optional(),
});

/**
 * The content collection's schema: labProblems' rules (clear messages, the same as the CLI's), then the
 * structure. A lab that breaks a rule reports only labProblems' messages, one issue each.
 */
export const labSchema = z
  .unknown()
  .superRefine((value, ctx) => {
    for (const message of labProblems(value)) ctx.addIssue({ code: 'custom', message });
  })
  .pipe(labStructure);
