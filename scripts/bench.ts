// `npm run bench`: how much work one keystroke costs in the workbench, and how the simulator scales.
//
//   pipelineVsParse  the whole pipeline for a lab-sized scenario (parse, snapshot, compile, simulate all
//                    requests, analyze, certificates included) ÷ bare `parseAllDocuments` of the same
//                    text. Goal ≤ 2.
//   scale16x         pipeline time for a synthetic config 16× the base size (≈ 200 Gateways, 800
//                    VirtualServices) ÷ time at 1×. Goal ≤ 20 (roughly linear).
//
// `npm run bench -- --json` prints one JSON line. `--browser` also runs scripts/bench-browser.ts when it
// exists (JS transferred, editor ready, keystroke → result; needs a production build).
import { parseAllDocuments } from 'yaml';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { simulate } from '../src/sim/index.ts';
import type { Scenario } from '../src/sim/index.ts';
import { makeCA, makeLeaf } from '../tests/support/certs.ts';

const json = process.argv.includes('--json');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function timeIt(fn: () => unknown | Promise<unknown>, minRuns = 15, minMs = 1500): Promise<number> {
  for (let i = 0; i < 3; i++) await fn(); // warm up (JIT, caches a keystroke would find warm)
  const samples: number[] = [];
  const start = performance.now();
  while (samples.length < minRuns || performance.now() - start < minMs) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
    if (samples.length > 2000) break;
  }
  return median(samples);
}

async function labScenario(): Promise<Scenario> {
  const ca = await makeCA('Sample Test CA');
  const leaf = await makeLeaf({
    sans: ['*.sample.com', 'sample.com'],
    issuer: ca,
    commonName: '*.sample.com',
  });
  const indent = (pem: string) =>
    pem
      .trim()
      .split('\n')
      .map((l) => `    ${l}`)
      .join('\n');
  const ns = ['a', 'b', 'c'];
  const docs: string[] = [
    `apiVersion: v1\nkind: Secret\nmetadata:\n  name: star-sample-com\n  namespace: istio-system\ntype: kubernetes.io/tls\nstringData:\n  tls.crt: |\n${indent(leaf.certPem)}\n  tls.key: |\n${indent(leaf.keyPem)}`,
  ];
  for (const n of ns) {
    docs.push(`apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: gateway
  namespace: ${n}
spec:
  selector:
    istio: ingressgateway
  servers:
  - port: {number: 443, name: https, protocol: HTTPS}
    hosts: [${n}.sample.com]
    tls: {mode: SIMPLE, credentialName: star-sample-com}
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: [${n}.sample.com]
    tls: {httpsRedirect: true}`);
    docs.push(`apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: app
  namespace: ${n}
spec:
  hosts: [${n}.sample.com]
  gateways: [gateway]
  http:
  - match:
    - uri: {prefix: /api}
      headers: {x-canary: {exact: "true"}}
    route:
    - destination: {host: server, subset: v2, port: {number: 80}}
  - match:
    - uri: {prefix: /api}
    route:
    - destination: {host: server, subset: v1, port: {number: 80}}
      weight: 90
    - destination: {host: server, subset: v2, port: {number: 80}}
      weight: 10
  - route:
    - destination: {host: webapp, port: {number: 80}}`);
    docs.push(`apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: server, namespace: ${n}}
spec:
  host: server
  subsets:
  - {name: v1, labels: {version: v1}}
  - {name: v2, labels: {version: v2}}`);
    for (const app of ['server', 'webapp']) {
      docs.push(`apiVersion: v1
kind: Service
metadata: {name: ${app}, namespace: ${n}}
spec:
  selector: {app: ${app}}
  ports:
  - {name: http, port: 80, targetPort: 8080}`);
      docs.push(`apiVersion: apps/v1
kind: Deployment
metadata: {name: ${app}, namespace: ${n}}
spec:
  replicas: 2
  selector: {matchLabels: {app: ${app}}}
  template:
    metadata: {labels: {app: ${app}, version: v1}}
    spec:
      containers:
      - name: ${app}
        image: example/${app}
        ports: [{containerPort: 8080}]`);
    }
  }
  const config = docs.join('\n---\n');
  return {
    config,
    client: { kind: 'browser' },
    requests: [
      { url: 'https://a.sample.com/' },
      { url: 'https://a.sample.com/api/items' },
      { url: 'https://b.sample.com/' },
      { url: 'https://b.sample.com/api/x', headers: { 'x-canary': 'true' } },
      { url: 'http://c.sample.com/x' },
      { url: 'https://c.sample.com/', browser: 'fresh' },
      { command: 'curl -v https://b.sample.com/' },
      { command: 'curl -k https://a.sample.com/ https://b.sample.com/' },
      { port: 8443, protocol: 'http', tls: 'tls', host: 'a.sample.com' },
      { port: 8080, protocol: 'http', tls: 'none', host: 'b.sample.com', path: '/api' },
    ],
    now: '2026-11-23T00:00:00Z',
  };
}

function syntheticScenario(scale: number): Scenario {
  // 1× ≈ 12 Gateways and 50 VirtualServices over 6 namespaces; 16× ≈ 200 Gateways, 800 VirtualServices.
  const docs: string[] = [];
  const gateways = Math.round(12.5 * scale);
  const perGw = 4;
  for (let g = 0; g < gateways; g++) {
    const n = `ns-${g % (6 * scale)}`;
    docs.push(`apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw-${g}, namespace: ${n}}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*.g${g}.example.com"]`);
    for (let v = 0; v < perGw; v++) {
      docs.push(`apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: vs-${g}-${v}, namespace: ${n}}
spec:
  hosts: [app${v}.g${g}.example.com]
  gateways: [gw-${g}]
  http:
  - match: [{uri: {prefix: /api}}]
    route: [{destination: {host: api-${v}, port: {number: 80}}}]
  - route: [{destination: {host: web-${v}, port: {number: 80}}}]`);
    }
  }
  return {
    config: docs.join('\n---\n'),
    client: { kind: 'curl' },
    requests: Array.from({ length: 10 }, (_, i) => ({
      port: 8080,
      protocol: 'http' as const,
      tls: 'none' as const,
      host: `app${i % perGw}.g${i}.example.com`,
      path: i % 2 ? '/api' : '/',
    })),
    now: '2026-11-23T00:00:00Z',
  };
}

const lab = await labScenario();
const labLines = lab.config.split('\n').length;
const parseMs = await timeIt(() => parseAllDocuments(lab.config));
const pipelineMs = await timeIt(() => simulate(lab));
const s1 = syntheticScenario(1);
const s16 = syntheticScenario(16);
const t1 = await timeIt(() => simulate(s1), 10, 1500);
const t16 = await timeIt(() => simulate(s16), 3, 3000);
const result: Record<string, unknown> = {
  labConfigLines: labLines,
  labRequests: lab.requests!.length,
  parseMs: Number(parseMs.toFixed(3)),
  pipelineMs: Number(pipelineMs.toFixed(3)),
  pipelineVsParse: Number((pipelineMs / parseMs).toFixed(2)),
  scale1xMs: Number(t1.toFixed(2)),
  scale16xMs: Number(t16.toFixed(2)),
  scale16x: Number((t16 / t1).toFixed(2)),
  scale16xObjects: s16.config.split('\n---\n').length,
};

if (process.argv.includes('--browser') && existsSync(new URL('./bench-browser.ts', import.meta.url))) {
  const r = spawnSync(process.execPath, [new URL('./bench-browser.ts', import.meta.url).pathname, '--json'], {
    encoding: 'utf8',
  });
  const line = r.stdout.trim().split('\n').at(-1);
  try {
    Object.assign(result, JSON.parse(line ?? '{}'));
  } catch {
    result.browserError = (r.stderr || r.stdout).trim().split('\n').at(-1);
  }
}

if (json) console.log(JSON.stringify(result));
else {
  console.log(`lab-sized scenario: ${labLines} lines, ${lab.requests!.length} requests`);
  console.log(`  parseAllDocuments          ${result.parseMs} ms`);
  console.log(
    `  whole pipeline             ${result.pipelineMs} ms   (pipelineVsParse ${result.pipelineVsParse}, goal ≤ 2)`,
  );
  console.log(
    `synthetic config: 1× ${result.scale1xMs} ms, 16× (${result.scale16xObjects} objects) ${result.scale16xMs} ms   (scale16x ${result.scale16x}, goal ≤ 20)`,
  );
  for (const [k, v] of Object.entries(result))
    if (
      ![
        'labConfigLines',
        'labRequests',
        'parseMs',
        'pipelineMs',
        'pipelineVsParse',
        'scale1xMs',
        'scale16xMs',
        'scale16x',
        'scale16xObjects',
      ].includes(k)
    )
      console.log(`  ${k}: ${v}`);
}
