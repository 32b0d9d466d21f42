// The simulator never throws: bad input becomes diagnostics with a location inside the text, and
// requests still get results. A property test feeds thousands of mutated configs.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { prepare, simulate } from '../../src/sim/index.ts';

const SEED = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: gw
  namespace: a
spec:
  selector:
    istio: ingressgateway
  servers:
  - port:
      number: 80
      name: http
      protocol: HTTP
    hosts:
    - a.example.com
  - port:
      number: 443
      name: https
      protocol: HTTPS
    hosts:
    - "*.example.com"
    tls:
      mode: SIMPLE
      credentialName: cert
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: vs
  namespace: a
spec:
  hosts:
  - a.example.com
  gateways:
  - gw
  http:
  - match:
    - uri:
        prefix: /api
      headers:
        x-v:
          exact: "2"
    route:
    - destination:
        host: api
        subset: v2
      weight: 50
    - destination:
        host: api
      weight: 50
  - route:
    - destination:
        host: web
        port:
          number: 80
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: api
  namespace: a
spec:
  host: api
  subsets:
  - name: v2
    labels:
      version: v2
`;

function inRange(
  text: string,
  d: { range: { line: number; column: number; endLine: number; endColumn: number } | null; file: string },
) {
  if (!d.range || d.file !== 'config') return true;
  const lines = text.split('\n');
  const { line, column, endLine } = d.range;
  return (
    line >= 1 &&
    endLine >= line &&
    endLine <= lines.length + 1 &&
    column >= 1 &&
    column <= (lines[line - 1]?.length ?? 0) + 2
  );
}

const requests = [
  { port: 8080, protocol: 'http' as const, tls: 'none' as const, host: 'a.example.com', path: '/api' },
  { url: 'https://a.example.com/' },
  { command: 'curl -k https://b.example.com/api -H "x-v: 2"' },
];

describe('robustness', () => {
  it('a YAML syntax error, a port given as a string and a Gateway without a name each give a located diagnostic', async () => {
    const broken = SEED.replace('number: 80\n', 'number: "80"\n')
      .replace('  name: gw\n', '')
      .replace('kind: DestinationRule\n', 'kind: DestinationRule\nbad: "unclosed\n');
    const out = await simulate({ config: broken, requests });
    const codes = out.diagnostics.map((d) => d.code);
    expect(codes).toContain('GWL0001');
    expect(codes).toContain('GWL0003');
    expect(out.diagnostics.every((d) => inRange(broken, d))).toBe(true);
    const syntax = out.diagnostics.find((d) => d.code === 'GWL0001')!;
    expect(syntax.range!.line).toBeGreaterThan(30);
    expect(out.results).toHaveLength(3);
    // The port-as-string case on its own (the VS document intact):
    const portString = SEED.replace('number: 80\n', 'number: "80"\n');
    const d2 = (await simulate({ config: portString })).diagnostics.find((d) => d.code === 'IST0106');
    expect(d2?.range?.line).toBe(SEED.split('\n').findIndex((l) => l.includes('number: 80')) + 1);
  });

  it('never throws on mutated configs, and every diagnostic range lies inside the text', () => {
    const lines = SEED.split('\n');
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('delete' as const), at: fc.nat(lines.length - 1) }),
      fc.record({ kind: fc.constant('dup' as const), at: fc.nat(lines.length - 1) }),
      fc.record({
        kind: fc.constant('indent' as const),
        at: fc.nat(lines.length - 1),
        by: fc.integer({ min: -3, max: 3 }),
      }),
      fc.record({
        kind: fc.constant('replace' as const),
        at: fc.nat(lines.length - 1),
        with: fc.string({ maxLength: 12 }),
      }),
      fc.record({ kind: fc.constant('swap' as const), at: fc.nat(lines.length - 2) }),
    );
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (ms) => {
        const l = [...lines];
        for (const m of ms) {
          const i = Math.min(m.at, l.length - 1);
          if (m.kind === 'delete') l.splice(i, 1);
          else if (m.kind === 'dup') l.splice(i, 0, l[i]);
          else if (m.kind === 'indent') l[i] = m.by >= 0 ? ' '.repeat(m.by) + l[i] : l[i].slice(-m.by);
          else if (m.kind === 'replace') l[i] = l[i].replace(/:.*$/, `: ${m.with}`);
          else if (i + 1 < l.length) [l[i], l[i + 1]] = [l[i + 1], l[i]];
        }
        const text = l.join('\n');
        const p = prepare({ config: text });
        for (const d of p.diagnostics) expect(inRange(text, d), JSON.stringify(d)).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const p = prepare({ config: text });
        for (const d of p.diagnostics) expect(inRange(text, d)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
