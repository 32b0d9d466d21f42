// Istio's own gateway simulation cases (pilot/pkg/networking/core/gateway_simulation_test.go): the public
// corpus and the rest of the upstream file, ported the same way. Each call compares `error` always and
// every other field the case asserts; `strict` cases compare every field exactly, "" included.
// Every case runs twice: through the compiler and raw traffic directly (with the trace on failure), and
// through the contract path acceptance uses — a scenario {config, baseline: "none", gateway, requests}
// validated and simulated by the same functions `gateway-lab simulate --scenario` calls.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseConfigText } from '../../src/sim/resources/parse.ts';
import { buildSnapshot } from '../../src/sim/cluster/snapshot.ts';
import { resolveGatewayProxy } from '../../src/sim/compile/proxy.ts';
import { compileGateway } from '../../src/sim/compile/index.ts';
import { simulateRaw } from '../../src/sim/traffic/raw.ts';
import { simulate } from '../../src/sim/simulate.ts';
import { validateScenario } from '../../src/sim/scenario.ts';
import type { RawRequest } from '../../src/sim/traffic/types.ts';

interface Call {
  name: string;
  request: RawRequest & { defaulted?: string[] };
  expect: Record<string, unknown> & { error: string | null; strict?: boolean };
  normalized?: { cluster?: string };
}
interface Case {
  id: string;
  source: string;
  gatewayProxy: { namespace: string; labels: Record<string, string>; ipAddresses: string[] };
  config: string;
  notes: string;
  calls: Call[];
  requires?: string[];
  knownBug?: string;
}

const FILES = ['istio-gateway-simulation.json', 'istio-gateway-simulation-upstream.json'];
const load = (f: string): Case[] => JSON.parse(readFileSync(new URL(`./data/${f}`, import.meta.url), 'utf8'));
const FIELDS = ['listener', 'filterChain', 'routeConfig', 'virtualHost', 'route', 'cluster'] as const;

/** The fields a call asserts, from a result: `{got, want}` ready for one `toEqual`. */
function compare(call: Call, r: Record<string, unknown>) {
  const got: Record<string, unknown> = { error: r.error };
  const want: Record<string, unknown> = { error: call.expect.error };
  for (const f of FIELDS) {
    const exp = f === 'cluster' && call.normalized?.cluster ? call.normalized.cluster : call.expect[f];
    if (call.expect.strict || (exp !== undefined && exp !== '')) {
      got[f] = r[f];
      want[f] = exp ?? '';
    }
  }
  return { got, want };
}

/** The request with the fields Istio's simulator would default (SNI, ALPN) left out. */
function withoutDefaults(req: Call['request']): RawRequest {
  const { defaulted, ...rest } = req;
  const out: Record<string, unknown> = { ...rest };
  for (const f of defaulted ?? []) delete out[f];
  return out as unknown as RawRequest;
}

describe('corpus files', () => {
  const all = FILES.flatMap(load);
  it('have unique case ids and cite the upstream test file', () => {
    const ids = all.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of all)
      expect(c.source).toMatch(
        /^istio\/istio pilot\/pkg\/networking\/core\/gateway_simulation_test\.go @[0-9a-f]{40} :: Test\w+ \/ /,
      );
  });
  it('do not port the same upstream subtest twice', () => {
    const subtests = all.map((c) => c.source.split(' :: ')[1]);
    expect(new Set(subtests).size).toBe(subtests.length);
  });
});

for (const file of FILES) {
  const cases = load(file);
  describe(`Istio gateway simulation corpus: ${file}`, () => {
    for (const c of cases) {
      if (c.requires?.includes('internal-tlsroute-annotations')) continue;
      const bug = c.knownBug ? ' (known Istio bug, asserted as Istio behaves)' : '';
      describe(c.id, () => {
        const parsed = parseConfigText(c.config);
        const { snapshot } = buildSnapshot(parsed.resources, 'none');
        const proxy = resolveGatewayProxy(snapshot, c.gatewayProxy);
        const compiled = compileGateway(snapshot, proxy);
        it('parses without syntax errors', () => {
          expect(parsed.diagnostics.filter((d) => d.code === 'GWL0001')).toEqual([]);
        });
        c.calls.forEach((call, i) => {
          it(`${call.name || `call ${i}`}${bug}`, () => {
            const r = simulateRaw(compiled, snapshot, call.request, i);
            const { got, want } = compare(call, r as unknown as Record<string, unknown>);
            const trace = JSON.stringify(
              r.trace.map((t) => `${t.stage}: ${t.text}`),
              null,
              1,
            );
            expect(got, trace).toEqual(want);
            // Istio's simulator fills SNI and ALPN itself: leaving them out changes nothing.
            if (call.request.defaulted?.length) {
              const d = simulateRaw(compiled, snapshot, withoutDefaults(call.request), i);
              expect(compare(call, d as unknown as Record<string, unknown>).got, trace).toEqual(want);
            }
          });
        });
        it(`contract path: gateway-lab simulate --scenario${bug}`, async () => {
          const v = validateScenario({
            config: c.config,
            baseline: 'none',
            gateway: c.gatewayProxy,
            requests: c.calls.map((call) => call.request),
          });
          expect(v.ok).toBe(true);
          if (!v.ok) return;
          // What the CLI prints, read back as acceptance reads it.
          const out = JSON.parse(JSON.stringify(await simulate(v.scenario)));
          expect(out.results).toHaveLength(c.calls.length);
          c.calls.forEach((call, i) => {
            const r = out.results[i];
            for (const f of ['error', ...FIELDS]) expect(r, `${call.name}: ${f} present`).toHaveProperty(f);
            const { got, want } = compare(call, r);
            expect(got, call.name).toEqual(want);
          });
        });
      });
    }
  });
}
