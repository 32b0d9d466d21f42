// The machine interface acceptance drives: `gateway-lab simulate|analyze --scenario`, run as a real
// process exactly as documented.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = new URL('../../bin/gateway-lab.js', import.meta.url).pathname;
const run = (args: string[], input?: string) =>
  spawnSync(process.execPath, [bin, ...args], { input, encoding: 'utf8' });

interface Case {
  id: string;
  config: string;
  gatewayProxy: Record<string, unknown>;
  calls: {
    request: Record<string, unknown>;
    expect: Record<string, unknown>;
    normalized?: { cluster?: string };
  }[];
  requires?: string[];
}

describe('gateway-lab CLI contract', () => {
  it('simulate --scenario - prints one JSON document with the contract fields (public Istio cases)', () => {
    const cases: Case[] = JSON.parse(
      readFileSync(new URL('../conformance/data/istio-gateway-simulation.json', import.meta.url), 'utf8'),
    );
    for (const c of cases.filter((x) => !x.requires?.includes('internal-tlsroute-annotations')).slice(0, 3)) {
      const scenario = {
        config: c.config,
        baseline: 'none',
        gateway: c.gatewayProxy,
        requests: c.calls.map((k) => k.request),
      };
      const p = run(['simulate', '--scenario', '-'], JSON.stringify(scenario));
      expect(p.status, p.stderr).toBe(0);
      const out = JSON.parse(p.stdout);
      expect(Array.isArray(out.diagnostics)).toBe(true);
      c.calls.forEach((call, i) => {
        const r = out.results[i];
        for (const f of [
          'error',
          'status',
          'responseFlags',
          'clientError',
          'listener',
          'filterChain',
          'serverNames',
          'routeConfig',
          'virtualHost',
          'route',
          'cluster',
          'backend',
          'connection',
          'trace',
          'accessLog',
        ]) {
          expect(r, `${c.id} ${f}`).toHaveProperty(f);
        }
        expect(r.error, c.id).toBe(call.expect.error);
        if (call.normalized?.cluster) expect(r.cluster).toBe(call.normalized.cluster);
      });
    }
  });

  it('analyze --scenario <file> prints {"diagnostics": [...]}', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gwl-'));
    const f = join(dir, 's.json');
    writeFileSync(
      f,
      JSON.stringify({
        config:
          'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: g}\nspec:\n  selector: {istio: nope}\n  servers: []\n',
      }),
    );
    const p = run(['analyze', '--scenario', f]);
    expect(p.status, p.stderr).toBe(0);
    const out = JSON.parse(p.stdout);
    const d = out.diagnostics.find((x: { code: string }) => x.code === 'IST0101');
    expect(d).toMatchObject({
      name: 'ReferencedResourceNotFound',
      level: 'Error',
      resource: 'Gateway default/g',
    });
    expect(d.range.line).toBeGreaterThan(0);
  });

  it('a malformed scenario exits 2 with one line on stderr', () => {
    for (const bad of ['not json', '{"config": 5}', '{"requests": [{"port": "x"}]}', '[]']) {
      const p = run(['simulate', '--scenario', '-'], bad);
      expect(p.status).toBe(2);
      expect(p.stdout).toBe('');
      expect(p.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('bad YAML inside config is not a malformed scenario: diagnostics, and requests still get results', () => {
    const p = run(
      ['simulate', '--scenario', '-'],
      JSON.stringify({ config: 'kind: [', requests: [{ port: 80, host: 'a' }] }),
    );
    expect(p.status).toBe(0);
    const out = JSON.parse(p.stdout);
    expect(out.diagnostics[0].code).toBe('GWL0001');
    expect(out.results[0].error).toBe('no-listener');
  });

  it('check prints N passed, N failed and exits 1 on a failure', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gwl-'));
    writeFileSync(
      join(dir, 'gw.yaml'),
      'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: gw, namespace: a}\nspec:\n  selector: {istio: ingressgateway}\n  servers:\n  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: [a.example.com]\n',
    );
    writeFileSync(
      join(dir, 'tests.yaml'),
      'tests:\n- name: blackhole 404\n  request: {url: http://a.example.com/}\n  expect: {status: 404}\n- name: wrong\n  request: {url: http://a.example.com/}\n  expect: {status: 200}\n',
    );
    const p = run(['check', '-f', join(dir, 'gw.yaml'), '--tests', join(dir, 'tests.yaml')]);
    expect(p.stdout).toMatch(/1 passed, 1 failed/);
    expect(p.status).toBe(1);
  });
});
