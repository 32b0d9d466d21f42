// `gateway-lab check`: a team's routing tests for CI. A tests file lists requests and what must happen;
// everything runs as one simulation in order (so browser connection reuse is part of what is tested).
import { simulate } from '../sim/simulate.ts';
import type { ConfigFile } from '../sim/resources/types.ts';
import { validateScenario } from '../sim/scenario.ts';
import type { ScenarioRequest } from '../sim/scenario.ts';
import { checkDiagnostic, checkExpectation } from '../sim/explain/expect.ts';
import type { DiagnosticExpectation, Expectation } from '../sim/explain/expect.ts';

interface CheckTest {
  name?: string;
  request?: ScenarioRequest;
  expect?: Expectation;
  diagnostic?: DiagnosticExpectation;
}

export async function runCheck(
  spec: unknown,
  files: ConfigFile[],
  baseline: 'istio-default' | 'none',
  out: (s: string) => void,
  fail: (message: string) => never,
): Promise<number> {
  const s = (spec ?? {}) as Record<string, unknown>;
  const tests = (Array.isArray(spec) ? spec : s.tests) as CheckTest[] | undefined;
  if (!Array.isArray(tests) || !tests.length) fail('expected a list under "tests:"');
  const requests: ScenarioRequest[] = [];
  const index: number[] = [];
  for (const [i, t] of tests.entries()) {
    if (t.request) {
      index.push(requests.length);
      requests.push(t.request);
    } else if (t.diagnostic) index.push(-1);
    else fail(`tests[${i}] needs request + expect, or diagnostic`);
  }
  const v = validateScenario({
    config: '',
    baseline,
    client: s.client ?? { kind: 'curl' },
    dns: s.dns,
    gateway: s.gateway,
    files: s.files,
    requests,
    now: s.now,
  });
  if (!v.ok) fail(v.error);
  const output = await simulate(v.scenario, files);
  let passed = 0;
  let failed = 0;
  tests.forEach((t, i) => {
    const name = t.name ?? (t.request ? JSON.stringify(t.request) : `diagnostic ${t.diagnostic?.code}`);
    const o = t.diagnostic
      ? checkDiagnostic(output.diagnostics, t.diagnostic)
      : checkExpectation(output.results.filter((r) => r.request === index[i]).at(-1), t.expect ?? {});
    if (o.pass) {
      passed++;
      out(`✓ ${name}`);
    } else {
      failed++;
      out(`✗ ${name}: ${o.mismatches.join('; ')}${o.because ? `\n    because: ${o.because}` : ''}`);
    }
  });
  out(`${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}
