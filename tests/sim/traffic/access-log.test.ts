// The gateway access log: the seed case's telltale line, redirects, missing clusters and listener-level
// lines, in Istio's default TEXT format and as JSON records.
import { describe, expect, it, beforeAll } from 'vitest';
import { simulate } from '../../../src/sim/index.ts';
import type { SimulationOutput } from '../../../src/sim/index.ts';
import { makeCA, makeLeaf } from '../../support/certs.ts';

const gateway = (ns: string, host: string) => `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gateway, namespace: ${ns}}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 443, name: https, protocol: HTTPS}
    hosts: [${host}]
    tls: {mode: SIMPLE, credentialName: star-sample-com}
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: [${host}]
    tls: {httpsRedirect: true}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: app, namespace: ${ns}}
spec:
  hosts: [${host}]
  gateways: [gateway]
  http:
  - match: [{uri: {prefix: /missing}}]
    route: [{destination: {host: nothing-here, port: {number: 80}}}]
  - route: [{destination: {host: webapp, port: {number: 80}}}]
---
apiVersion: v1
kind: Service
metadata: {name: webapp, namespace: ${ns}}
spec:
  selector: {app: webapp}
  ports: [{name: http, port: 80, targetPort: 8080}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: webapp, namespace: ${ns}}
spec:
  selector: {matchLabels: {app: webapp}}
  template:
    metadata: {labels: {app: webapp}}
    spec: {containers: [{name: webapp, image: x, ports: [{containerPort: 8080}]}]}`;

let out: SimulationOutput;

beforeAll(async () => {
  const ca = await makeCA('Sample Test CA');
  const leaf = await makeLeaf({ sans: ['*.sample.com', 'sample.com'], issuer: ca });
  const secret = `apiVersion: v1
kind: Secret
metadata: {name: star-sample-com, namespace: istio-system}
type: kubernetes.io/tls
stringData:
  tls.crt: ${JSON.stringify(leaf.certPem)}
  tls.key: ${JSON.stringify(leaf.keyPem)}`;
  out = await simulate({
    config: [secret, gateway('a', 'a.sample.com'), gateway('b', 'b.sample.com')].join('\n---\n'),
    client: { kind: 'browser', trust: [ca.certPem] },
    dns: {
      'a.sample.com': ['203.0.113.10'],
      'b.sample.com': ['203.0.113.10'],
      'c.sample.com': ['203.0.113.10'],
    },
    now: '2026-11-23T00:00:00Z',
    requests: [
      { url: 'https://a.sample.com/' },
      { url: 'https://a.sample.com/api/x' },
      { url: 'https://b.sample.com/' },
      { url: 'http://a.sample.com/x' },
      { url: 'https://a.sample.com/missing' },
      { command: 'curl https://c.sample.com/' },
    ],
  });
});

describe('access log', () => {
  it('the reused connection logs 404 NR route_not_found with authority b and SNI a', () => {
    const r = out.results[2];
    expect(r.status).toBe(404);
    expect(r.connection?.reused).toBe(true);
    const rec = r.accessLogRecord!;
    expect(rec.response_code).toBe(404);
    expect(rec.response_flags).toBe('NR');
    expect(rec.response_code_details).toBe('route_not_found');
    expect(rec.authority).toBe('b.sample.com');
    expect(rec.requested_server_name).toBe('a.sample.com');
    expect(r.accessLog).toMatch(
      /"GET \/ HTTP\/2" 404 NR route_not_found .* "b\.sample\.com" .* a\.sample\.com -$/,
    );
  });

  it('a successful request logs the upstream host and cluster', () => {
    const rec = out.results[0].accessLogRecord!;
    expect(rec.response_code).toBe(200);
    expect(rec.response_flags).toBe('-');
    expect(rec.response_code_details).toBe('via_upstream');
    expect(rec.upstream_cluster).toBe('outbound|80||webapp.a.svc.cluster.local');
    expect(String(rec.upstream_host)).toMatch(/:8080$/);
  });

  it('a plain-HTTP request to an httpsRedirect server logs a 301', () => {
    const r = out.results[3];
    expect(r.status).toBe(301);
    expect(r.location).toBe('https://a.sample.com/x');
    expect(r.accessLog).toMatch(/"GET \/x HTTP\/1\.1" 301 /);
  });

  it('a route to a Service that does not exist logs 503 NC cluster_not_found', () => {
    const r = out.results[4];
    expect(r.status).toBe(503);
    expect(r.accessLogRecord).toMatchObject({
      response_code: 503,
      response_flags: 'NC',
      response_code_details: 'cluster_not_found',
    });
  });

  it('an SNI that matches no filter chain logs a listener-level NR filter_chain_not_found line', () => {
    const r = out.results[5];
    expect(r.clientError?.curlExitCode).toBe(35);
    expect(r.accessLog).toMatch(/^\[[^\]]+\] "- - -" 0 NR filter_chain_not_found /);
    expect(r.accessLogRecord?.requested_server_name).toBe('c.sample.com');
  });

  it('every line has the 24 fields of the TEXT format', () => {
    for (const r of out.results) {
      if (!r.accessLogRecord) continue;
      expect(Object.keys(r.accessLogRecord)).toHaveLength(24);
    }
  });
});
