// Every lab in labs/ is sound, in the simulator (the browser-level proof is tests/e2e/labs.spec.ts):
// it follows the schema, its starting files fail at least one goal and its reference solution passes
// all of them, like Learn Git Branching's test that solves every level.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLab } from '../../../src/labs/lab.ts';
import type { Lab } from '../../../src/labs/lab.ts';
import { runLab, solutionFiles, verifyLab } from '../../../src/labs/goals.ts';

const dir = join(import.meta.dirname, '../../../labs');
const names = readdirSync(dir)
  .filter((n) => /\.ya?ml$/.test(n))
  .sort();
const labs: { file: string; lab: Lab | null; problems: string[] }[] = names.map((file) => ({
  file,
  ...parseLab(readFileSync(join(dir, file), 'utf8'), file),
}));
const byId = new Map(labs.filter((l) => l.lab).map((l) => [l.lab!.id, l.lab!]));

describe('labs/', () => {
  it('has the three labs that prove the engine', () => {
    for (const id of ['first-route', 'seed-shared-certificate-404', 'mutual-tls-at-the-gateway'])
      expect(byId.has(id), id).toBe(true);
  });

  it('ids are unique and match their file names (pages and SimOutput find a lab by file name)', () => {
    const ids = labs.map((l) => l.lab?.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { file, lab } of labs) if (lab) expect(file.replace(/\.ya?ml$/, '')).toBe(lab.id);
  });

  it('prerequisites name existing labs and form no cycle', () => {
    const visiting = new Set<string>();
    const done = new Set<string>();
    const visit = (id: string, path: string[]): void => {
      if (done.has(id)) return;
      expect(visiting.has(id), `prerequisite cycle: ${[...path, id].join(' → ')}`).toBe(false);
      visiting.add(id);
      for (const p of byId.get(id)?.prerequisites ?? []) {
        expect(byId.has(p), `${id} requires unknown lab ${p}`).toBe(true);
        visit(p, [...path, id]);
      }
      visiting.delete(id);
      done.add(id);
    };
    for (const id of byId.keys()) visit(id, []);
  });
});

describe.each(labs)('lab $file', ({ file, lab, problems }) => {
  it('follows the lab schema', () => {
    expect(problems, `${file}`).toEqual([]);
  });

  it('starting files fail at least one goal; the reference solution passes every goal', async () => {
    const v = await verifyLab(lab!);
    expect(v.problems).toEqual([]);
    expect(v.start.some((g) => !g.pass)).toBe(true);
    expect(v.solution.every((g) => g.pass)).toBe(true);
    // Every failing goal says why, from the simulator's trace or the analyzer, so the workbench can show it.
    for (const g of v.start.filter((x) => !x.pass)) {
      expect(g.mismatches.length, `${g.id} mismatches`).toBeGreaterThan(0);
    }
  });

  it('pins the scenario time, so its certificates never expire under it', () => {
    expect(lab!.now).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('keeps read-only files out of the solution and has tiered hints', () => {
    const readOnly = new Set(lab!.files.filter((f) => f.readOnly).map((f) => f.name));
    for (const f of lab!.solution.files) expect(readOnly.has(f.name), f.name).toBe(false);
    expect(
      lab!.files.some((f) => !f.readOnly),
      'at least one editable file',
    ).toBe(true);
    expect(lab!.hints.length).toBeGreaterThanOrEqual(2);
  });
});

// The three engine labs, outcome by outcome: these pin the teaching points, not just pass/fail.
describe('first-route', () => {
  const lab = byId.get('first-route')!;
  it('starts with the blackhole virtual host and ends with a bound route', async () => {
    const start = await runLab(lab, lab.files);
    expect(start.output.results[0]).toMatchObject({
      status: 404,
      responseFlags: 'NR',
      virtualHost: 'blackhole:80',
    });
    const sol = await runLab(lab, solutionFiles(lab));
    expect(sol.output.results[0]).toMatchObject({
      status: 200,
      routeConfig: 'http.8080',
      virtualHost: 'webapp.istioinaction.io:80',
      cluster: 'outbound|80||webapp.istioinaction.svc.cluster.local',
    });
  });

  it('rejects a "fix" that routes every host to webapp', async () => {
    const files = solutionFiles(lab).map((f) =>
      f.name === 'virtualservice.yaml' || f.name === 'gateway.yaml'
        ? { ...f, content: f.content.replace(/- webapp\.istioinaction\.io/g, "- '*'") }
        : f,
    );
    const { goals } = await runLab(lab, files);
    expect(goals.find((g) => g.id === 'webapp-routed')?.pass).toBe(true);
    expect(goals.find((g) => g.id === 'catalog-not-exposed')?.pass).toBe(false);
  });
});

describe('seed-shared-certificate-404', () => {
  const lab = byId.get('seed-shared-certificate-404')!;
  it('reproduces the seed: b.sample.com on the reused connection of a gets 404 NR, and IST0138', async () => {
    const { output } = await runLab(lab, lab.files);
    expect(output.results[1]).toMatchObject({
      status: 404,
      responseFlags: 'NR',
      connection: { id: 1, reused: true },
      routeConfig: 'https.443.https.gateway.a',
    });
    expect(output.diagnostics.filter((d) => d.code === 'IST0138').map((d) => d.resource)).toEqual(
      expect.arrayContaining(['Gateway a/gateway', 'Gateway b/gateway']),
    );
  });

  it('the common gateway serves b on the same reused connection', async () => {
    const { output } = await runLab(lab, solutionFiles(lab));
    expect(output.results[1]).toMatchObject({
      status: 200,
      connection: { id: 1, reused: true },
      routeConfig: 'https.443.https.gateway.common',
      virtualHost: 'b.sample.com:443',
      backend: { service: 'webapp.b' },
    });
    expect(output.diagnostics.map((d) => d.code)).not.toContain('IST0138');
  });

  it('goes through the Helm-installed gateway (istio: ingress), not the default one', async () => {
    const { output } = await runLab(lab, solutionFiles(lab));
    expect(output.results[0].listener).toBe('0.0.0.0_443');
  });
});

describe('mutual-tls-at-the-gateway', () => {
  const lab = byId.get('mutual-tls-at-the-gateway')!;
  it('MUTUAL: no client certificate is curl exit 56, with one it is a 200', async () => {
    const { output } = await runLab(lab, solutionFiles(lab));
    expect(output.results[0].clientError?.curlExitCode).toBe(56);
    expect(output.results[0].clientError?.message).toMatch(/certificate required/);
    expect(output.results[1]).toMatchObject({ status: 200, backend: { service: 'webapp.istioinaction' } });
  });

  it('MUTUAL with the tls-only credential (no ca.crt) fails the certificate goal', async () => {
    const wrong = lab.files.map((f) =>
      f.name === 'gateway.yaml' ? { ...f, content: f.content.replace('mode: SIMPLE', 'mode: MUTUAL') } : f,
    );
    const { goals, output } = await runLab(lab, wrong);
    // Without a CA istiod never serves the `-cacert` secret, so the chain is never ready and every
    // handshake on it is reset (curl 35), with or without a client certificate.
    expect(output.results.map((r) => r.clientError?.curlExitCode)).toEqual([35, 35]);
    expect(goals.find((g) => g.id === 'certificate-accepted')?.pass).toBe(false);
  });
});
