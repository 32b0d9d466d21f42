// Browser and curl sequences from the public client-scenario corpus, with real certificates built at
// test time. Compared per step as acceptance does: status (or delivery to the backend), curl's exit
// code, whether there is a client error, connection reuse for browsers, the backend Service, and the
// route configuration / upstream cluster Envoy used.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { simulate } from '../../src/sim/index.ts';
import { toScenario } from '../support/client-scenarios.ts';
import type { CorpusScenario } from '../support/client-scenarios.ts';

const corpus: CorpusScenario[] = JSON.parse(
  readFileSync(new URL('./data/client-scenarios.json', import.meta.url), 'utf8'),
);

describe('client scenarios corpus', () => {
  for (const c of corpus) {
    it(c.id, async () => {
      const { scenario, stepIndex } = await toScenario(c);
      const out = await simulate(scenario);
      // Results in order; a multi-URL command yields one result per URL.
      const flat = out.results;
      c.requests.forEach((step, i) => {
        const r = flat[i];
        const e = step.expect;
        const why = `${c.id} step ${step.step} (${step.command ?? step.url}): ${JSON.stringify(
          r?.trace.map((t) => `${t.stage}: ${t.text}`),
          null,
          1,
        )}`;
        expect(r, why).toBeDefined();
        expect(stepIndex[i]).toBeGreaterThanOrEqual(0);
        if (!e.statusFromApp) expect(r.status, why).toBe(e.status);
        expect(r.clientError?.curlExitCode ?? null, why).toBe(e.exitCode);
        expect(r.clientError !== null && r.clientError.message !== '', why).toBe(e.clientError !== null);
        if (c.client === 'browser-h2' && e.reusedConnection !== undefined)
          expect(r.connection?.reused ?? false, why).toBe(e.reusedConnection);
        if (e.backend) expect(r.backend?.service ?? null, why).toBe(e.backend);
        if (e.envoy?.routeConfig) expect(r.routeConfig, why).toBe(e.envoy.routeConfig);
        if (e.envoy?.upstreamCluster) expect(r.cluster, why).toBe(e.envoy.upstreamCluster);
      });
    });
  }
});
