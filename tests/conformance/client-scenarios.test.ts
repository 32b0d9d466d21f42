// Browser and curl sequences from the client-scenario corpora (the public file and our own extra
// scenarios of the facts sheet), with real certificates built at test time. Compared per step as
// acceptance does: status (or delivery to the backend), curl's exit code, whether there is a client
// error, connection reuse for browsers, the backend Service (null included), and the route
// configuration / upstream cluster Envoy used. On top of that, the connection labels (C1, C2, …)
// must map one-to-one onto the simulator's connection ids.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { simulate } from '../../src/sim/index.ts';
import { toScenario } from '../support/client-scenarios.ts';
import type { CorpusScenario } from '../support/client-scenarios.ts';

const load = (file: string): CorpusScenario[] =>
  JSON.parse(readFileSync(new URL(`./data/${file}`, import.meta.url), 'utf8'));

const corpora: [string, CorpusScenario[]][] = [
  ['client-scenarios.json', load('client-scenarios.json')],
  ['client-scenarios-extra.json', load('client-scenarios-extra.json')],
];

for (const [file, corpus] of corpora) {
  describe(`client scenarios corpus ${file}`, () => {
    it('has unique ids and numbered steps', () => {
      const ids = corpus.map((c) => c.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const c of corpus) expect(c.requests.map((s) => s.step)).toEqual(c.requests.map((_s, i) => i + 1));
    });
    for (const c of corpus) {
      it(c.id, async () => {
        const { scenario } = await toScenario(c);
        const out = await simulate(scenario);
        // Results in order; a multi-URL command yields one result per URL, i.e. one per step.
        const flat = out.results;
        expect(flat.length, `${c.id}: one result per step`).toBe(c.requests.length);
        const idOfLabel = new Map<string, number>();
        const labelOfId = new Map<number, string>();
        c.requests.forEach((step, i) => {
          const r = flat[i];
          const e = step.expect;
          const why = `${c.id} step ${step.step} (${step.command ?? step.url}): ${JSON.stringify(
            {
              clientError: r?.clientError,
              connection: r?.connection,
              trace: r?.trace.map((t) => `${t.stage}: ${t.text}`),
            },
            null,
            1,
          )}`;
          expect(r, why).toBeDefined();
          if (!e.statusFromApp) expect(r.status, why).toBe(e.status);
          expect(r.clientError?.curlExitCode ?? null, why).toBe(e.exitCode);
          expect(r.clientError !== null && r.clientError.message !== '', why).toBe(e.clientError !== null);
          if (!step.command && e.reusedConnection !== undefined)
            expect(r.connection?.reused ?? false, why).toBe(e.reusedConnection);
          expect(r.backend?.service ?? null, why).toBe(e.backend);
          if (e.envoy?.routeConfig) expect(r.routeConfig, why).toBe(e.envoy.routeConfig);
          if (e.envoy?.upstreamCluster) expect(r.cluster, why).toBe(e.envoy.upstreamCluster);
          const label = typeof e.connection === 'string' ? e.connection : null;
          if (label && r.connection) {
            const known = idOfLabel.get(label);
            if (known === undefined) {
              expect(labelOfId.get(r.connection.id), `${why}: connection ${label} is new`).toBeUndefined();
              idOfLabel.set(label, r.connection.id);
              labelOfId.set(r.connection.id, label);
            } else expect(r.connection.id, `${why}: connection ${label}`).toBe(known);
          }
        });
      });
    }
  });
}
