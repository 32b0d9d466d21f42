// Istio's own gateway simulation cases (pilot/pkg/networking/core/gateway_simulation_test.go), ported
// from the public corpus. Each call compares `error` always and every other field the case asserts;
// `strict` cases compare every field exactly, "" included.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseConfigText } from '../../src/sim/resources/parse.ts';
import { buildSnapshot } from '../../src/sim/cluster/snapshot.ts';
import { resolveGatewayProxy } from '../../src/sim/compile/proxy.ts';
import { compileGateway } from '../../src/sim/compile/index.ts';
import { simulateRaw } from '../../src/sim/traffic/raw.ts';
import type { RawRequest } from '../../src/sim/traffic/types.ts';

interface Call {
  name: string;
  request: RawRequest & { defaulted?: string[] };
  expect: Record<string, unknown> & { error: string | null; strict?: boolean };
  normalized?: { cluster?: string };
}
interface Case {
  id: string;
  gatewayProxy: { namespace: string; labels: Record<string, string>; ipAddresses: string[] };
  config: string;
  calls: Call[];
  requires?: string[];
  knownBug?: string;
}

const cases: Case[] = JSON.parse(
  readFileSync(new URL('./data/istio-gateway-simulation.json', import.meta.url), 'utf8'),
);
const FIELDS = ['listener', 'filterChain', 'routeConfig', 'virtualHost', 'route', 'cluster'] as const;

describe('Istio gateway simulation corpus', () => {
  for (const c of cases) {
    if (c.requires?.includes('internal-tlsroute-annotations')) continue;
    describe(c.id, () => {
      const parsed = parseConfigText(c.config);
      const { snapshot } = buildSnapshot(parsed.resources, 'none');
      const proxy = resolveGatewayProxy(snapshot, c.gatewayProxy);
      const compiled = compileGateway(snapshot, proxy);
      it('parses without syntax errors', () => {
        expect(parsed.diagnostics.filter((d) => d.code === 'GWL0001')).toEqual([]);
      });
      c.calls.forEach((call, i) => {
        it(`${call.name || `call ${i}`}${c.knownBug ? ' (known Istio bug, asserted as Istio behaves)' : ''}`, () => {
          const r = simulateRaw(compiled, snapshot, call.request, i);
          const got: Record<string, unknown> = { error: r.error };
          const want: Record<string, unknown> = { error: call.expect.error };
          for (const f of FIELDS) {
            const exp =
              f === 'cluster' && call.normalized?.cluster ? call.normalized.cluster : call.expect[f];
            if (call.expect.strict || (exp !== undefined && exp !== '')) {
              got[f] = r[f];
              want[f] = exp ?? '';
            }
          }
          expect(
            got,
            JSON.stringify(
              r.trace.map((t) => `${t.stage}: ${t.text}`),
              null,
              1,
            ),
          ).toEqual(want);
        });
      });
    });
  }
});
