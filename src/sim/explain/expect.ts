// Request → expected outcome assertions, in the spirit of Envoy's router_check_tool. One matcher
// serves lab goals (checked live in the workbench), `gateway-lab check` in a team's CI, and
// `gateway-lab labs verify`. The reason for a failure comes from the simulator's own trace.
import type { Diagnostic } from '../diagnostics.ts';
import type { RequestResult } from '../traffic/types.ts';

export interface Expectation {
  status?: number | null;
  /** `name.namespace` of the Service the request reached; null = must not reach any. */
  backend?: string | null;
  subset?: string | null;
  error?: string | null;
  /** true: the client must fail (curl exit code or browser error); false: must not. */
  clientError?: boolean;
  exitCode?: number | null;
  reused?: boolean;
  location?: string | null;
  routeConfig?: string;
  virtualHost?: string;
  route?: string;
  cluster?: string;
  listener?: string;
  responseFlags?: string;
  tcpResult?: 'connected' | 'refused' | 'closed';
}

export interface DiagnosticExpectation {
  code: string;
  /** Default true. */
  present?: boolean;
  /** `Kind ns/name` the diagnostic must be on (optional). */
  resource?: string;
}

export interface ExpectationOutcome {
  pass: boolean;
  /** What did not match, in words ("status 404, expected 200"). */
  mismatches: string[];
  /** The trace step that explains the outcome (the first failed step, else the last). */
  because: string;
}

const fmt = (v: unknown) =>
  v === null ? 'none' : v === undefined ? 'unset' : typeof v === 'string' ? v : JSON.stringify(v);

export function explainResult(r: RequestResult): string {
  const failed = r.trace.find((t) => t.outcome === 'failed');
  return (failed ?? r.trace[r.trace.length - 1])?.text ?? '';
}

export function checkExpectation(r: RequestResult | undefined, e: Expectation): ExpectationOutcome {
  if (!r) return { pass: false, mismatches: ['the request produced no result'], because: '' };
  const m: string[] = [];
  const cmp = (label: string, got: unknown, want: unknown) => {
    if (want !== undefined && got !== want) m.push(`${label} ${fmt(got)}, expected ${fmt(want)}`);
  };
  cmp('status', r.status, e.status);
  cmp('backend', r.backend?.service ?? null, e.backend);
  if (e.subset !== undefined) cmp('subset', r.backend?.subset ?? null, e.subset);
  cmp('error', r.error, e.error);
  if (e.clientError !== undefined) {
    const has = !!r.clientError?.message;
    if (has !== e.clientError)
      m.push(
        e.clientError
          ? 'the client succeeded, expected it to fail'
          : `the client failed: ${r.clientError?.message}`,
      );
  }
  if (e.exitCode !== undefined) cmp('curl exit code', r.clientError?.curlExitCode ?? null, e.exitCode);
  if (e.reused !== undefined) {
    const reused = r.connection?.reused ?? false;
    if (reused !== e.reused)
      m.push(
        e.reused
          ? 'a new connection was opened, expected the connection to be reused'
          : 'the connection was reused, expected a new one',
      );
  }
  cmp('location', r.location, e.location);
  cmp('route config', r.routeConfig, e.routeConfig);
  cmp('virtual host', r.virtualHost, e.virtualHost);
  cmp('route', r.route, e.route);
  cmp('cluster', r.cluster, e.cluster);
  cmp('listener', r.listener, e.listener);
  cmp('response flags', r.responseFlags, e.responseFlags);
  cmp('TCP result', r.tcpResult ?? null, e.tcpResult);
  return { pass: m.length === 0, mismatches: m, because: explainResult(r) };
}

export function checkDiagnostic(diagnostics: Diagnostic[], e: DiagnosticExpectation): ExpectationOutcome {
  const hits = diagnostics.filter((d) => d.code === e.code && (!e.resource || d.resource === e.resource));
  const want = e.present ?? true;
  if (want && !hits.length)
    return {
      pass: false,
      mismatches: [`no ${e.code} diagnostic${e.resource ? ` on ${e.resource}` : ''}`],
      because: '',
    };
  if (!want && hits.length)
    return {
      pass: false,
      mismatches: [`${e.code} is still reported: ${hits[0].message}`],
      because: hits[0].fix,
    };
  return { pass: true, mismatches: [], because: hits[0]?.message ?? '' };
}
