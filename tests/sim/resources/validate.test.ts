import { describe, expect, it } from 'vitest';
import { SEED_REST } from '../../support/seed-config.ts';
import Ajv from 'ajv';
import { parseConfigText } from '../../../src/sim/resources/parse.ts';
import { closest, displayPath, validateResources } from '../../../src/sim/resources/validate.ts';
import { SCHEMA_KINDS, schemaFor } from '../../../src/sim/resources/schemas/index.ts';
import { codeInfo } from '../../../src/sim/codes.ts';
import type { Diagnostic } from '../../../src/sim/diagnostics.ts';
import type { Resource } from '../../../src/sim/resources/types.ts';
import simulationCases from './fixtures/istio-gateway-simulation.json' with { type: 'json' };
import analyzeCases from './fixtures/istioctl-analyze.json' with { type: 'json' };

function validate(text: string): Diagnostic[] {
  const parsed = parseConfigText(text);
  expect(parsed.diagnostics).toEqual([]);
  return validateResources(parsed.resources);
}

const schemaErrors = (ds: Diagnostic[]) => ds.filter((d) => d.code === 'IST0106');
const unknownFields = (ds: Diagnostic[]) => ds.filter((d) => d.code === 'GWL0007');

function gateway(server: string): string {
  return [
    'apiVersion: networking.istio.io/v1',
    'kind: Gateway',
    'metadata:',
    '  name: web',
    '  namespace: istio-system',
    'spec:',
    '  selector:',
    '    istio: ingressgateway',
    '  servers:',
    server,
  ].join('\n');
}

describe('schemas', () => {
  it('every kind has a draft-07 schema that ajv compiles', () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    for (const k of SCHEMA_KINDS) {
      const schema = schemaFor(k.group, k.kind);
      expect(schema, k.kind).not.toBeNull();
      expect(schema!.$schema).toBe('http://json-schema.org/draft-07/schema#');
      expect(() => ajv.compile(schema!), k.kind).not.toThrow();
    }
    expect(schemaFor('networking.istio.io', 'Sidecar')).toBeNull();
    expect(schemaFor('', 'Node')).toBeNull();
  });

  it('the same Istio schema serves v1, v1beta1 and v1alpha3', () => {
    for (const version of ['v1', 'v1beta1', 'v1alpha3']) {
      const ds = validate(
        gateway('  - port: {number: "80", name: http, protocol: HTTP}\n    hosts: ["*"]').replace(
          'networking.istio.io/v1',
          `networking.istio.io/${version}`,
        ),
      );
      expect(schemaErrors(ds).map((d) => d.message)).toEqual([
        'Schema validation error: spec.servers[0].port.number must be an integer (got the string "80")',
      ]);
    }
  });
});

describe('IST0106 SchemaValidationError', () => {
  it('points at a port number written as a string, at its exact line and column', () => {
    const text = gateway(
      [
        '  - port:',
        '      number: "443"', // line 11
        '      name: https',
        '      protocol: HTTPS',
        '    hosts:',
        '    - web.example.com',
        '    tls:',
        '      mode: SIMPLE',
        '      credentialName: web-tls',
      ].join('\n'),
    );
    const ds = validate(text);
    expect(ds).toHaveLength(1);
    const [d] = ds;
    expect(d).toMatchObject({
      code: 'IST0106',
      name: 'SchemaValidationError',
      level: 'Error',
      resource: 'Gateway istio-system/web',
      file: 'config',
      message:
        'Schema validation error: spec.servers[0].port.number must be an integer (got the string "443")',
      range: { line: 11, column: 7, endLine: 11, endColumn: 20 },
    });
    expect(d.fix).toBe('Remove the quotes around 443 so YAML reads it as a number.');
    expect(text.split('\n')[d.range!.line - 1].slice(d.range!.column - 1, d.range!.endColumn - 1)).toBe(
      'number: "443"',
    );
  });

  it('reports a route destination without host at the destination', () => {
    const text = [
      'apiVersion: networking.istio.io/v1',
      'kind: VirtualService',
      'metadata:',
      '  name: app',
      'spec:',
      '  hosts: [app.example.com]',
      '  gateways: [istio-system/web]',
      '  http:',
      '  - route:',
      '    - destination:', // line 10
      '        port:',
      '          number: 80',
    ].join('\n');
    const ds = validate(text);
    expect(ds).toHaveLength(1);
    expect(ds[0].message).toBe(
      'Schema validation error: spec.http[0].route[0].destination is missing the required field host',
    );
    expect(ds[0].range).toMatchObject({ line: 10, column: 7 });
    expect(ds[0].fix).toMatch(/^Add host:/);
  });

  it('reports every missing field of an object', () => {
    const ds = validate(gateway('  - port: {number: 80}\n    hosts: ["*"]'));
    expect(ds.map((d) => d.message)).toEqual([
      'Schema validation error: spec.servers[0].port is missing the required field protocol',
      'Schema validation error: spec.servers[0].port is missing the required field name',
    ]);
    expect(ds[0].range).toEqual(ds[1].range);
  });

  it('reports a required field written with no value at the field itself', () => {
    const ds = validate(
      [
        'apiVersion: networking.istio.io/v1',
        'kind: VirtualService',
        'metadata: {name: app}',
        'spec:',
        '  http:',
        '  - route:',
        '    - destination:',
        '        host:', // line 8
      ].join('\n'),
    );
    expect(ds.map((d) => d.message)).toEqual([
      'Schema validation error: spec.http[0].route[0].destination.host is empty, but it is required',
    ]);
    expect(ds[0].range).toMatchObject({ line: 8, column: 9 });
  });

  // Istio's CRD declares ServerTLSSettings.mode as a string enum (PASSTHROUGH, SIMPLE, ...): the API server
  // rejects any other spelling (istio/istio manifests/charts/base/files/crd-all.gen.yaml), and istioctl's
  // decoder (pkg/util/protomarshal, legacy jsonpb) looks enum names up case-sensitively too. So `simple` is
  // an error, even though our typed reader upper-cases it to keep simulating.
  it('rejects a tls.mode that is not in the enum, and lower-case simple', () => {
    const wrong = validate(
      gateway(
        '  - port: {number: 443, name: https, protocol: HTTPS}\n    hosts: ["*"]\n    tls:\n      mode: SIMPEL\n      credentialName: c',
      ),
    );
    expect(wrong.map((d) => d.message)).toEqual([
      'Schema validation error: spec.servers[0].tls.mode must be one of PASSTHROUGH, SIMPLE, MUTUAL, AUTO_PASSTHROUGH, ISTIO_MUTUAL, OPTIONAL_MUTUAL (got the string "SIMPEL")',
    ]);
    expect(wrong[0].fix).toBe('Did you mean SIMPLE?');
    expect(wrong[0].range).toMatchObject({ line: 13, column: 7, endLine: 13, endColumn: 19 });

    const lower = validate(
      gateway(
        '  - port: {number: 443, name: https, protocol: HTTPS}\n    hosts: ["*"]\n    tls:\n      mode: simple\n      credentialName: c',
      ),
    );
    expect(lower).toHaveLength(1);
    expect(lower[0].message).toContain('(got the string "simple")');
    expect(lower[0].fix).toBe('Write it exactly as SIMPLE: these values are case-sensitive.');
  });

  it('rejects a DestinationRule tls.mode in lower case and a wrong loadBalancer', () => {
    const ds = validate(
      [
        'apiVersion: networking.istio.io/v1',
        'kind: DestinationRule',
        'metadata: {name: backend}',
        'spec:',
        '  host: backend',
        '  trafficPolicy:',
        '    loadBalancer: {simple: ROUNDROBIN}',
        '    tls: {mode: simple}',
      ].join('\n'),
    );
    expect(ds.map((d) => d.message)).toEqual([
      'Schema validation error: spec.trafficPolicy.loadBalancer.simple must be one of UNSPECIFIED, LEAST_REQUEST, ROUND_ROBIN, RANDOM, PASSTHROUGH, LEAST_CONN (got the string "ROUNDROBIN")',
      'Schema validation error: spec.trafficPolicy.tls.mode must be one of DISABLE, SIMPLE, MUTUAL, ISTIO_MUTUAL (got the string "simple")',
    ]);
    expect(ds[0].fix).toBe('Did you mean ROUND_ROBIN?');
  });

  // The CRD declares Port.protocol as a plain string and istiod parses it with protocol.Parse, which
  // lower-cases first (istio/istio pkg/config/protocol/instance.go): `https` is accepted, `htps` is not
  // (validateServerPort: "invalid protocol").
  it('accepts a protocol in any letter case but rejects an unknown one', () => {
    expect(validate(gateway('  - port: {number: 80, name: http, protocol: http}\n    hosts: ["*"]'))).toEqual(
      [],
    );
    const ds = validate(gateway('  - port: {number: 80, name: http, protocol: htp}\n    hosts: ["*"]'));
    expect(ds.map((d) => d.message)).toEqual([
      'Schema validation error: spec.servers[0].port.protocol must be one of HTTP, HTTPS, HTTP2, GRPC, GRPC-WEB, TCP, TLS, MONGO, REDIS, MYSQL (got the string "htp")',
    ]);
    expect(ds[0].fix).toBe('Did you mean HTTP?');
  });

  it("applies istiod's server checks: HTTPS needs tls, plain HTTP cannot terminate TLS", () => {
    const noTls = validate(
      gateway('  - port: {number: 443, name: https, protocol: HTTPS}\n    hosts: ["*"]'),
    );
    expect(noTls.map((d) => d.message)).toEqual([
      'Schema validation error: spec.servers[0]: a server with protocol HTTPS or TLS needs a tls block',
    ]);
    const httpSimple = validate(
      gateway(
        '  - port: {number: 443, name: http, protocol: HTTP}\n    hosts: ["*"]\n    tls: {mode: SIMPLE, credentialName: c}',
      ),
    );
    expect(httpSimple.map((d) => d.message)).toEqual([
      'Schema validation error: spec.servers[0].tls.mode: a plain-text HTTP server cannot terminate TLS (got the string "SIMPLE")',
    ]);
    expect(httpSimple[0].fix).toBe(
      'Change the port protocol to HTTPS, or keep only httpsRedirect: true under tls.',
    );
    const redirect = validate(
      gateway(
        '  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: ["*"]\n    tls: {httpsRedirect: true}',
      ),
    );
    expect(redirect).toEqual([]);
    const tcpTls = validate(
      gateway(
        '  - port: {number: 31400, name: tcp, protocol: TCP}\n    hosts: ["*"]\n    tls: {mode: SIMPLE}',
      ),
    );
    expect(tcpTls.map((d) => d.message)).toEqual([
      'Schema validation error: spec.servers[0].tls: only HTTPS and TLS servers can have TLS settings',
    ]);
  });

  it('explains wrong shapes, durations, one-of fields and ranges', () => {
    const ds = validate(
      [
        'apiVersion: networking.istio.io/v1',
        'kind: VirtualService',
        'metadata: {name: app}',
        'spec:',
        '  hosts: app.example.com',
        '  http:',
        '  - match:',
        '    - uri: {prefix: /api, exact: /api}',
        '    route:',
        '    - destination: {host: api}',
        '      weight: "50"',
        '    timeout: 5',
        '    retries: {attempts: 3, perTryTimeout: 2sec}',
        '    fault: {abort: {httpStatus: 503, percentage: {value: 150}}}',
        '  - redirect: {uri: /new}',
        '    route:',
        '    - destination: {host: web}',
      ].join('\n'),
    );
    expect(ds.map((d) => [d.message, d.fix])).toEqual([
      [
        'Schema validation error: spec.hosts must be a list (got the string "app.example.com")',
        'Write hosts as a list: put each item on its own line, indented and starting with "- ".',
      ],
      [
        'Schema validation error: spec.http[0].match[0].uri sets exact and prefix, but only one of exact, prefix or regex may be set',
        'Keep one of exact or prefix and delete the other.',
      ],
      [
        'Schema validation error: spec.http[0].route[0].weight must be an integer (got the string "50")',
        'Remove the quotes around 50 so YAML reads it as a number.',
      ],
      [
        'Schema validation error: spec.http[0].timeout must be a duration with a unit, such as "5s" or "250ms" (got the number 5)',
        'Add a unit: 5s for seconds or 5ms for milliseconds.',
      ],
      [
        'Schema validation error: spec.http[0].retries.perTryTimeout must be a duration with a unit, such as "5s", "250ms" or "1m30s" (got the string "2sec")',
        'Write a number followed by h, m, s or ms.',
      ],
      [
        'Schema validation error: spec.http[0].fault.abort.percentage.value must be between 0 and 100 (got the number 150)',
        'Use a value between 0 and 100.',
      ],
      [
        'Schema validation error: spec.http[1] sets route and redirect, but only one of route, redirect or directResponse may be set',
        'Keep one of route or redirect and delete the other.',
      ],
    ]);
  });

  it('checks Kubernetes kinds: replicas, label values, Secret data', () => {
    const ds = validate(
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: web, labels: {version: 2}}',
        'spec:',
        '  replicas: "2"',
        '  selector: {matchLabels: {app: web}}',
        '  template:',
        '    metadata: {labels: {app: web}}',
        '    spec:',
        '      containers:',
        '      - name: web',
        '        ports:',
        '        - containerPort: "8080"',
        '---',
        'apiVersion: v1',
        'kind: Secret',
        'metadata: {name: web-tls, namespace: istio-system}',
        'type: kubernetes.io/tls',
        'data:',
        '  tls.crt: "-----BEGIN CERTIFICATE-----"',
        '  tls.key: LS0tLS1CRUdJTg==',
      ].join('\n'),
    );
    expect(ds.map((d) => d.message)).toEqual([
      'Schema validation error: metadata.labels.version must be a string (got the number 2)',
      'Schema validation error: spec.replicas must be an integer (got the string "2")',
      'Schema validation error: spec.template.spec.containers[0].ports[0].containerPort must be an integer (got the string "8080")',
      'Schema validation error: data["tls.crt"] is not base64 (it looks like PEM text)',
    ]);
    expect(ds[0].fix).toBe('Quote the value ("2"): YAML reads an unquoted 2 as a number.');
    expect(ds[3].fix).toMatch(/stringData/);
  });
});

describe('GWL0007 UnknownField', () => {
  it('is in the code catalogue', () => {
    expect(codeInfo('GWL0007')).toMatchObject({ name: 'UnknownField', level: 'Warning' });
  });

  it('warns about a misspelt field and suggests the right one', () => {
    const text = gateway(
      '  - port: {number: 443, name: https, protocol: HTTPS}\n    hosts: ["*"]\n    tls:\n      mode: SIMPLE\n      credentialname: web-tls',
    );
    const ds = validate(text);
    expect(schemaErrors(ds)).toEqual([]);
    expect(unknownFields(ds)).toEqual([
      {
        code: 'GWL0007',
        name: 'UnknownField',
        level: 'Warning',
        resource: 'Gateway istio-system/web',
        message:
          'Unknown field spec.servers[0].tls.credentialname: kubectl would warn and drop the field, so it has no effect.',
        fix: 'Did you mean credentialName? Rename credentialname to credentialName.',
        range: { line: 14, column: 7, endLine: 14, endColumn: 30 },
        file: 'config',
        args: { field: 'spec.servers[0].tls.credentialname' },
      },
    ]);
  });

  it('finds a transposed typo and a field at the wrong level', () => {
    const ds = validate(
      gateway(
        '  - prot: {number: 80, name: http, protocol: HTTP}\n    hosts: ["*"]\n  - port: {number: 443, name: https, protocol: HTTPS}\n    hosts: ["*"]\n    credentialName: web-tls\n    tls: {mode: SIMPLE}',
      ),
    );
    expect(unknownFields(ds).map((d) => d.fix)).toEqual([
      'Did you mean port? Rename prot to port.',
      'credentialName belongs under tls: move it there.',
    ]);
    // The misspelt port is also a missing one.
    expect(schemaErrors(ds).map((d) => d.message)).toEqual([
      'Schema validation error: spec.servers[0] is missing the required field port',
    ]);
  });

  it('treats tls.crt at the top of a Secret as data put in the wrong place, but never warns about data keys', () => {
    const ds = validate(
      [
        'apiVersion: v1',
        'kind: Secret',
        'metadata: {name: web-tls, namespace: istio-system}',
        'type: kubernetes.io/tls',
        'tls.crt: abc',
        'stringData:',
        '  tls.cert: some text',
        '  anything-else: some text',
      ].join('\n'),
    );
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ code: 'GWL0007', range: { line: 5, column: 1 } });
    expect(ds[0].message).toBe(
      'Unknown field ["tls.crt"]: kubectl would warn and drop the field, so it has no effect.',
    );
    expect(ds[0].fix).toMatch(/under stringData \(plain text\) or data \(base64\)/);
  });

  it('has no suggestion when nothing is close', () => {
    const ds = validate(
      gateway('  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: ["*"]\n    banana: 1'),
    );
    expect(ds).toHaveLength(1);
    expect(ds[0].code).toBe('GWL0007');
    expect(ds[0].fix).toMatch(/^Remove it, or use one of the fields this object has: port, hosts, tls/);
  });
});

describe('robustness', () => {
  it('skips synthetic resources and kinds without a schema', () => {
    const { resources } = parseConfigText(
      gateway('  - port: {number: "80", name: http, protocol: HTTP}\n    hosts: ["*"]') +
        '\n---\napiVersion: v1\nkind: Node\nmetadata: {name: n}\nbogus: 1\n',
    );
    expect(validateResources(resources)).toHaveLength(1);
    const synthetic: Resource[] = resources.map((r) => ({ ...r, synthetic: true }));
    expect(validateResources(synthetic)).toEqual([]);
  });

  it('never throws on odd shapes', () => {
    const texts = [
      'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: g}\nspec: [1, 2]',
      'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: v}\nspec: {http: [null, 3, "x", [], {route: 5}]}',
      'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: {port: 80}}',
      'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: d}\nspec: "text"',
      'apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: s}\nspec:\n  hosts: [a]\n  ports: [{number: 1e9, name: 5, protocol: {}}]',
    ];
    for (const text of texts) {
      const { resources } = parseConfigText(text);
      let ds: Diagnostic[] = [];
      expect(() => (ds = validateResources(resources))).not.toThrow();
      expect(ds.length).toBeGreaterThan(0);
      for (const d of ds) expect(d.range).not.toBeNull();
    }
  });

  it('does not report an unsupported Istio apiVersion twice (parse gives GWL0005)', () => {
    const text = gateway('  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: ["*"]').replace(
      'networking.istio.io/v1',
      'networking.istio.io/v2',
    );
    const parsed = parseConfigText(text);
    expect(parsed.diagnostics.map((d) => d.code)).toEqual(['GWL0005']);
    expect(validateResources(parsed.resources)).toEqual([]);
  });
});

describe('helpers', () => {
  it('closest() finds typos but not unrelated words', () => {
    expect(closest('credentialname', ['mode', 'credentialName'])).toBe('credentialName');
    expect(closest('prot', ['port', 'hosts'])).toBe('port');
    expect(closest('hostss', ['hosts', 'tls'])).toBe('hosts');
    expect(closest('banana', ['port', 'hosts', 'tls'])).toBeNull();
  });

  it('displayPath() quotes keys that are not plain words', () => {
    expect(displayPath(['spec', 'servers', 0, 'port'])).toBe('spec.servers[0].port');
    expect(displayPath(['data', 'tls.crt'])).toBe('data["tls.crt"]');
  });
});

// The first client scenario's config (shared/conformance/client-scenarios.json,
// seed-two-gateways-shared-wildcard), copied verbatim: Secret, Gateways, VirtualServices, Services and
// Deployments. That scenario has no DestinationRule; the corpora below cover DestinationRules.
const SEED_CONFIG = `apiVersion: v1
kind: Secret
metadata:
  name: star-sample-com-tls-chain
  namespace: istio-system
type: kubernetes.io/tls
stringData:
  tls.crt: FAKE-CERT-SEE-certificates-FIELD
  tls.key: FAKE-KEY
---
${SEED_REST.trimEnd()}`;

describe('valid configurations', () => {
  it('the seed scenario gives no diagnostics', () => {
    const parsed = parseConfigText(SEED_CONFIG);
    expect(parsed.resources.map((r) => r.kind)).toEqual(
      expect.arrayContaining(['Secret', 'Gateway', 'VirtualService', 'Service', 'Deployment']),
    );
    expect(validateResources(parsed.resources)).toEqual([]);
  });

  it('a DestinationRule with subsets and a traffic policy gives no diagnostics', () => {
    expect(
      validate(
        [
          'apiVersion: networking.istio.io/v1',
          'kind: DestinationRule',
          'metadata: {name: webapp, namespace: a}',
          'spec:',
          '  host: webapp',
          '  trafficPolicy:',
          '    loadBalancer: {simple: ROUND_ROBIN}',
          '    connectionPool: {tcp: {maxConnections: 100, connectTimeout: 30ms}, http: {http1MaxPendingRequests: 10}}',
          '    outlierDetection: {consecutive5xxErrors: 5, interval: 10s, baseEjectionTime: 1m30s}',
          '    portLevelSettings:',
          '    - port: {number: 443}',
          '      tls: {mode: SIMPLE, sni: webapp.example.com}',
          '  subsets:',
          '  - name: v1',
          '    labels: {version: v1}',
          '  - name: v2',
          '    labels: {version: v2}',
          '    trafficPolicy: {loadBalancer: {consistentHash: {httpCookie: {name: user, ttl: 0s}}}}',
        ].join('\n'),
      ),
    ).toEqual([]);
  });

  // Istio's own test configs (copied into ./fixtures from shared/conformance). None of these cases expects
  // a schema validation error. One analyzer fixture, conflicting-gateways-invalid-port.yaml, deliberately
  // has servers without `port`: the CRD (and istiod's validateServerPort, "port is required") rejects that,
  // so IST0106 is expected there and only there.
  const EXPECTED: Record<string, string[]> = {
    'conflicting-gateways-no-port': [
      'Gateway default/beta: Schema validation error: spec.servers[0] is missing the required field port',
      'Gateway default/alpha: Schema validation error: spec.servers[0] is missing the required field port',
    ],
  };
  const corpus = [
    ...(simulationCases as { id: string; config: string }[]),
    ...(analyzeCases as { id: string; config: string }[]),
  ];

  it.each(corpus.map((c) => [c.id, c.config]))('%s: no schema errors or unknown fields', (id, config) => {
    const ds = validateResources(parseConfigText(config).resources);
    expect(ds.map((d) => `${d.resource}: ${d.message}`)).toEqual(EXPECTED[id] ?? []);
  });

  it('the duplicate/overlapping matches analyzer case is schema-valid', () => {
    const c = corpus.find((x) => x.id === 'vs-dup-and-overlapping-matches');
    expect(c).toBeDefined();
    const parsed = parseConfigText(c!.config);
    expect(parsed.resources.filter((r) => r.kind === 'VirtualService').length).toBeGreaterThan(5);
    expect(validateResources(parsed.resources).filter((d) => d.code === 'IST0106')).toEqual([]);
  });
});
