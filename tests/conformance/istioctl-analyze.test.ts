// Conformance with `istioctl analyze`'s own analyzer tests (istio/istio
// pkg/config/analysis/analyzers/analyzers_test.go): the public part of the corpus
// (data/istioctl-analyze.json) and the other rows of the same table we ported
// (data/istioctl-analyze-upstream.json, same format). Each case ran one analyzer, so our output is
// restricted to the case's codes (and, for IST0101, to the reference types that analyzer reports) before
// the (code, resource) multiset is compared exactly. Cases go through the contract path acceptance uses:
// `gateway-lab analyze --scenario` validates the scenario and calls analyzeScenario.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeScenario, validateScenario } from '../../src/sim/index.ts';
import type { Diagnostic } from '../../src/sim/diagnostics.ts';

interface Expected {
  code: string;
  resourceNormalized: string;
  args?: Record<string, unknown>;
}

interface Case {
  id: string;
  analyzer: string;
  codesInScope: string[];
  meshConfig: string | null;
  config: string;
  expect: Expected[];
  hasUnnamespacedResources?: boolean;
}

const corpora: { file: string; minCases: number }[] = [
  { file: 'istioctl-analyze.json', minCases: 30 },
  { file: 'istioctl-analyze-upstream.json', minCases: 30 },
];
const NOW = '2026-11-23T00:00:00Z';

/** The IST0101 reference types each analyzer reports (the acceptance rule). */
const REFTYPES: Record<string, string[]> = {
  'gateway.IngressGatewayPortAnalyzer': ['selector'],
  'gateway.ConflictingGatewayAnalyzer': ['selector'],
  'gateway.SecretAnalyzer': ['selector', 'credentialName'],
  'virtualservice.GatewayAnalyzer': ['gateway'],
  'virtualservice.DestinationHostAnalyzer': ['host', 'mirror host', 'host:port'],
  'virtualservice.DestinationRuleAnalyzer': [
    'host+subset in destinationrule',
    'mirror+subset in destinationrule',
  ],
};

function inScope(c: Case, d: Diagnostic): boolean {
  if (!c.codesInScope.includes(d.code)) return false;
  if (d.code !== 'IST0101') return true;
  const allowed = REFTYPES[c.analyzer];
  return !allowed || allowed.includes(String(d.args?.reftype));
}

/**
 * The harness leaves a missing namespace empty, so Istio prints `name` where we print `default/name`
 * and "" where we print "default"; compare both sides in that normal form.
 */
function normalizeArg(v: unknown, unnamespaced: boolean): unknown {
  if (!unnamespaced) return v;
  if (Array.isArray(v)) return v.map((x) => normalizeArg(x, true));
  if (typeof v !== 'string') return v;
  if (v === 'default') return '';
  return v.replace(/(^|,\s*)default\//g, '$1');
}

async function analyze(c: Case, baseline: 'none' | 'istio-default'): Promise<Diagnostic[]> {
  const v = validateScenario({ config: c.config, baseline, meshConfig: c.meshConfig ?? undefined, now: NOW });
  if (!v.ok) throw new Error(`malformed scenario: ${v.error}`);
  const all = await analyzeScenario(v.scenario);
  return all.filter((d) => inScope(c, d));
}

for (const corpus of corpora) {
  const cases: Case[] = JSON.parse(readFileSync(new URL(`./data/${corpus.file}`, import.meta.url), 'utf8'));

  describe(`istioctl analyze corpus ${corpus.file}`, () => {
    it('has its cases, with unique ids', () => {
      expect(cases.length).toBeGreaterThanOrEqual(corpus.minCases);
      expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    });

    for (const baseline of ['none', 'istio-default'] as const) {
      describe(`baseline ${baseline}`, () => {
        for (const c of cases) {
          it(`${c.id} (${c.analyzer})`, async () => {
            const got = await analyze(c, baseline);
            const gotPairs = got.map((d) => `${d.code} ${d.resource}`).sort();
            const wantPairs = c.expect.map((e) => `${e.code} ${e.resourceNormalized}`).sort();
            expect(gotPairs, got.map((d) => `${d.code} ${d.resource}: ${d.message}`).join('\n')).toEqual(
              wantPairs,
            );

            const unnamespaced = !!c.hasUnnamespacedResources;
            for (const e of c.expect) {
              if (!e.args) continue;
              const wanted = Object.fromEntries(
                Object.entries(e.args)
                  // IST0129's port is protobuf text with unstable whitespace: the corpus describes it instead.
                  .filter(([, v]) => !(typeof v === 'string' && v.startsWith('<')))
                  .map(([k, v]) => [k, normalizeArg(v, unnamespaced)]),
              );
              const candidates = got
                .filter((d) => d.code === e.code && d.resource === e.resourceNormalized)
                .map((d) =>
                  Object.fromEntries(
                    Object.keys(wanted).map((k) => [k, normalizeArg(d.args?.[k], unnamespaced)]),
                  ),
                );
              expect(candidates, `args of ${e.code} on ${e.resourceNormalized}`).toContainEqual(wanted);
            }
            for (const d of got) {
              expect(d.message.length, `${d.code} message`).toBeGreaterThan(0);
              expect(d.fix.length, `${d.code} fix`).toBeGreaterThan(0);
              expect(d.range, `${d.code} range`).not.toBeNull();
            }
          });
        }
      });
    }
  });
}
