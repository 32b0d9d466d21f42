// Istio's rules beyond the public corpus: the examples of analyzers.md, suppression, ignored namespaces,
// the webhook checks, and certificate validity for IST0161.
import { beforeAll, describe, expect, it } from 'vitest';
import { makeCA, makeLeaf } from '../../support/certs.ts';
import type { CA } from '../../support/certs.ts';
import { analyzeYaml, block, codes, tlsSecret } from './helpers.ts';

const join = (...docs: string[]) => docs.join('\n---\n');

function gateway(
  servers: string,
  meta = 'name: web\n  namespace: istio-system',
  selector = 'istio: ingressgateway',
): string {
  return `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  ${meta}
spec:
  selector:
    ${selector}
  servers:
${servers}`;
}

const https = (credential: string, mode = 'SIMPLE') => `  - port:
      number: 443
      name: https
      protocol: HTTPS
    hosts:
    - "app.example.com"
    tls:
      mode: ${mode}
      credentialName: ${credential}`;

let ca: CA;
beforeAll(async () => {
  ca = await makeCA('Test CA');
});

describe('gateway Secrets (IST0101 credentialName, IST0161)', () => {
  it('looks for the Secret in the gateway pods namespace, not the Gateway namespace', async () => {
    const leaf = await makeLeaf({ sans: ['app.example.com'], issuer: ca });
    const ds = await analyzeYaml(
      join(
        tlsSecret('app-cert', 'a', leaf.certPem, leaf.keyPem),
        gateway(https('app-cert'), 'name: web\n  namespace: a'),
      ),
    );
    const [d] = codes(ds, 'IST0101');
    expect(d.message).toBe('Referenced credentialName not found: "app-cert"');
    expect(d.args).toEqual({ reftype: 'credentialName', refval: 'app-cert' });
    expect(d.fix).toContain('istio-system');
  });

  it('fires IST0161 for an expired certificate, and not before it expires', async () => {
    const leaf = await makeLeaf({
      sans: ['app.example.com'],
      issuer: ca,
      notBefore: new Date('2024-01-01T00:00:00Z'),
      notAfter: new Date('2025-01-01T00:00:00Z'),
    });
    const yaml = join(
      tlsSecret('app-cert', 'istio-system', leaf.certPem, leaf.keyPem),
      gateway(https('app-cert')),
    );
    const [d] = codes(await analyzeYaml(yaml), 'IST0161');
    expect(d.message).toBe(
      'The credential referenced by the Gateway web in namespace istio-system is invalid, which can cause the traffic not to work as expected.',
    );
    expect(d.fix).toContain('expired on 2025-01-01');
    expect(codes(await analyzeYaml(yaml, { now: new Date('2024-06-01T00:00:00Z') }), 'IST0161')).toEqual([]);
  });

  it('fires IST0161 for a misspelt key and for text that is not PEM', async () => {
    const leaf = await makeLeaf({ sans: ['app.example.com'], issuer: ca });
    const misspelt = `apiVersion: v1
kind: Secret
metadata:
  name: app-cert
  namespace: istio-system
stringData:
  tls.cert: ${block(leaf.certPem, 2)}
  tls.key: ${block(leaf.keyPem, 2)}`;
    expect(codes(await analyzeYaml(join(misspelt, gateway(https('app-cert')))), 'IST0161')).toHaveLength(1);
    const garbage = tlsSecret('app-cert', 'istio-system', 'hush hush', leaf.keyPem);
    expect(codes(await analyzeYaml(join(garbage, gateway(https('app-cert')))), 'IST0161')).toHaveLength(1);
  });
});

describe('suppression, ignored namespaces and baseline objects', () => {
  const badSelector = (annotations: string, ns = 'istio-system') =>
    gateway(
      '  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: ["*"]',
      `name: web\n  namespace: ${ns}${annotations}`,
      'istio: ingresstypo',
    );

  it('honours galley.istio.io/analyze-suppress', async () => {
    expect(codes(await analyzeYaml(badSelector('')), 'IST0101')).toHaveLength(1);
    const one = await analyzeYaml(
      badSelector('\n  annotations:\n    galley.istio.io/analyze-suppress: "IST0101"'),
    );
    expect(codes(one, 'IST0101')).toEqual([]);
    const all = await analyzeYaml(badSelector('\n  annotations:\n    galley.istio.io/analyze-suppress: "*"'));
    expect(all).toEqual([]);
  });

  it('ignores kube-system and friends', async () => {
    expect(await analyzeYaml(badSelector('', 'kube-system'))).toEqual([]);
    expect(await analyzeYaml(badSelector('', 'local-path-storage'))).toEqual([]);
  });

  it('never reports on the baseline objects', async () => {
    const ds = await analyzeYaml('');
    expect(ds).toEqual([]);
  });
});

describe('virtual service destinations', () => {
  const svc = (name: string, ns: string, ports: number[]) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  selector: {app: ${name}}
  ports:
${ports.map((p) => `  - {name: http-${p}, port: ${p}, protocol: TCP}`).join('\n')}`;
  const vs = (dest: string, ns = 'default') => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: ${ns}
spec:
  hosts: ["reviews"]
  http:
  - route:
    - destination:
${dest}`;

  it('reports host:port with the Service port list, and IST0112 for a multi-port Service', async () => {
    const wrongPort = await analyzeYaml(
      join(svc('reviews', 'default', [42]), vs('        host: reviews\n        port: {number: 999}')),
    );
    expect(codes(wrongPort, 'IST0101').map((d) => d.message)).toEqual([
      'Referenced host:port not found: "reviews:999"',
    ]);
    const noPort = await analyzeYaml(
      join(svc('reviews', 'default', [80, 9090]), vs('        host: reviews')),
    );
    expect(codes(noPort, 'IST0112').map((d) => d.message)).toEqual([
      'This VirtualService routes to a service "reviews" that exposes multiple ports [80 9090]. Specifying a port in the destination is required to disambiguate.',
    ]);
  });

  it('takes reviews.default literally (not found), and a short name in the VirtualService namespace', async () => {
    const ds = await analyzeYaml(join(svc('reviews', 'default', [80]), vs('        host: reviews.default')));
    expect(codes(ds, 'IST0101').map((d) => d.args?.refval)).toEqual(['reviews.default']);
    const other = await analyzeYaml(
      join(svc('reviews', 'default', [80]), vs('        host: reviews', 'shop')),
    );
    expect(codes(other, 'IST0101').map((d) => d.resource)).toEqual(['VirtualService shop/reviews']);
    expect(codes(other, 'IST0101')[0].fix).toContain('reviews.default.svc.cluster.local');
  });

  it('reports a subset no DestinationRule defines, and a DestinationRule with a short host in another namespace does not count', async () => {
    const dr = (ns: string, host: string) => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
  namespace: ${ns}
spec:
  host: ${host}
  subsets:
  - {name: v1, labels: {version: v1}}`;
    const ds = await analyzeYaml(
      join(
        svc('reviews', 'default', [80]),
        dr('other', 'reviews'),
        vs('        host: reviews\n        subset: v1'),
      ),
    );
    expect(codes(ds, 'IST0101').map((d) => d.message)).toEqual([
      'Referenced host+subset in destinationrule not found: "reviews+v1"',
    ]);
    const fqdn = await analyzeYaml(
      join(
        svc('reviews', 'default', [80]),
        dr('other', 'reviews.default.svc.cluster.local'),
        vs('        host: reviews\n        subset: v1'),
      ),
    );
    expect(codes(fqdn, 'IST0101')).toEqual([]);
  });

  it('hides a Service exported to its own namespace from other namespaces (IST0101)', async () => {
    const hidden = svc('reviews', 'default', [80]).replace(
      'namespace: default',
      'namespace: default\n  annotations:\n    networking.istio.io/exportTo: "."',
    );
    const ds = await analyzeYaml(join(hidden, vs('        host: reviews.default.svc.cluster.local', 'shop')));
    expect(codes(ds, 'IST0101')).toHaveLength(1);
  });
});

describe('IST0109 mesh host conflicts', () => {
  it('matches the example: foo/ratings and bar/ratings bound to mesh', async () => {
    const vs = (ns: string, host: string, gateways = '') => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ratings
  namespace: ${ns}
spec:
  hosts: ["${host}"]
${gateways}  http:
  - route:
    - destination: {host: ratings.foo.svc.cluster.local}`;
    const ds = await analyzeYaml(
      join(vs('foo', 'ratings'), vs('bar', 'ratings.foo.svc.cluster.local', '  gateways: [ingress, mesh]\n')),
    );
    const hits = codes(ds, 'IST0109');
    expect(hits.map((d) => d.resource).sort()).toEqual([
      'VirtualService bar/ratings',
      'VirtualService foo/ratings',
    ]);
    expect(hits[0].args).toEqual({
      virtualServices: 'bar/ratings,foo/ratings',
      host: '*/ratings.foo.svc.cluster.local',
    });
    // Bound to an ingress gateway only: not compared (Istio's blind spot).
    const ingress = await analyzeYaml(
      join(
        vs('foo', 'ratings.foo.svc.cluster.local', '  gateways: [gw]\n'),
        vs('bar', 'ratings.foo.svc.cluster.local', '  gateways: [gw]\n'),
      ),
    );
    expect(codes(ingress, 'IST0109')).toEqual([]);
  });
});

describe('webhook validation of Gateways (IST0106 / IST0133)', () => {
  it("uses Istio's texts for the common mistakes", async () => {
    const ds = await analyzeYaml(
      gateway(`  - port: {number: 443, name: web, protocol: HTTPS}
    hosts: ["app.example.com"]
  - port: {number: 8443, name: web, protocol: HTTPS}
    hosts: ["b.example.com"]
    tls:
      mode: SIMPLE
      httpsRedirect: true
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: []
  - port: {number: 81, name: http2, protocol: HTTP}
    hosts: ["shortname"]
    tls:
      mode: ISTIO_MUTUAL
      credentialName: x`),
    );
    const errors = codes(ds, 'IST0106').map((d) => d.message);
    expect(errors).toEqual(
      expect.arrayContaining([
        'Schema validation error: server must have TLS settings for HTTPS/TLS protocols',
        'Schema validation error: port names in servers must be unique: duplicate name web',
        'Schema validation error: SIMPLE TLS requires a server certificate',
        'Schema validation error: SIMPLE TLS requires a private key',
        'Schema validation error: server config must contain at least one host',
        'Schema validation error: short names (non FQDN) are not allowed',
        'Schema validation error: ISTIO_MUTUAL TLS cannot have associated credentialName',
        'Schema validation error: server cannot have TLS settings for plain text HTTP ports',
      ]),
    );
    expect(codes(ds, 'IST0133').map((d) => d.message)).toEqual([
      'Schema validation warning: tls.httpsRedirect should only be used with http servers',
    ]);
    for (const d of ds) expect(d.fix.length).toBeGreaterThan(0);
  });
});

describe('VirtualService rules (IST0130 / IST0131)', () => {
  it('reports a rule after a catch-all, once', async () => {
    const ds = await analyzeYaml(`apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: scout
  namespace: default
spec:
  hosts: ["scout"]
  http:
  - route:
    - destination: {host: scout}
  - match:
    - headers:
        end-user: {exact: jason}
    - uri: {prefix: /x}
    route:
    - destination: {host: scout}`);
    expect(codes(ds, 'IST0130').map((d) => d.message)).toEqual([
      'VirtualService rule #1 not used (route without matches defined before).',
    ]);
  });
});

describe('IST0134 and mesh config', () => {
  const se = `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: db
  namespace: default
spec:
  hosts: ["db.example.com"]
  ports:
  - {number: 5432, name: tcp, protocol: TCP}
  resolution: DNS`;
  it('needs addresses unless DNS capture and auto-allocation are on', async () => {
    expect(codes(await analyzeYaml(se), 'IST0134')).toHaveLength(1);
    const on = {
      defaultConfig: {
        proxyMetadata: { ISTIO_META_DNS_CAPTURE: 'true', ISTIO_META_DNS_AUTO_ALLOCATE: 'true' },
      },
    };
    expect(codes(await analyzeYaml(se, { meshConfig: on }), 'IST0134')).toEqual([]);
    const captureOnly = { defaultConfig: { proxyMetadata: { ISTIO_META_DNS_CAPTURE: 'true' } } };
    expect(codes(await analyzeYaml(se, { meshConfig: captureOnly }), 'IST0134')).toHaveLength(1);
  });
});

describe('IST0149 JWT claim routing', () => {
  const vs = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: admin
  namespace: default
spec:
  hosts: ["app.example.com"]
  gateways: ["istio-system/web"]
  http:
  - match:
    - headers:
        "@request.auth.claims.group": {exact: admin}
    route:
    - destination: {host: admin}`;
  const gw = gateway('  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: ["app.example.com"]');
  it('fires per gateway pod without a RequestAuthentication', async () => {
    const [d] = codes(await analyzeYaml(join(gw, vs)), 'IST0149');
    expect(d.args).toEqual({
      key: '@request.auth.claims.group',
      gateway: 'istio-system/web',
      pod: 'istio-ingressgateway-0',
    });
    const ra = `apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata:
  name: jwt
  namespace: istio-system
spec:
  selector:
    matchLabels: {istio: ingressgateway}
  jwtRules:
  - issuer: https://issuer.example.com`;
    expect(codes(await analyzeYaml(join(gw, vs, ra)), 'IST0149')).toEqual([]);
  });

  it("names the config's own gateway pod, not the baseline replica as well", async () => {
    const pod = `apiVersion: v1
kind: Pod
metadata:
  name: istio-ingressgateway-dummypod
  namespace: istio-system
  labels: {istio: ingressgateway}
spec:
  containers:
  - name: istio-proxy`;
    for (const baseline of ['none', 'istio-default'] as const) {
      const hits = codes(await analyzeYaml(join(gw, vs, pod), { baseline }), 'IST0149');
      expect(hits.map((d) => d.args?.pod)).toEqual(['istio-ingressgateway-dummypod']);
    }
  });
});

describe('IST0116 / IST0137 Services sharing a mesh Deployment', () => {
  const deployment = (
    templateMeta: string,
    containers = '      - name: api\n        image: api:1',
  ) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
${templateMeta}
    spec:
      containers:
${containers}`;
  const service = (name: string, ports: string) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: shop
spec:
  selector: {app: api}
  ports:
${ports}`;
  const injected =
    'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels: {istio-injection: enabled}';
  const tcp = service('api-tcp', '  - {port: 9080, name: tcp, protocol: TCP}');
  const udp = service('api-udp', '  - {port: 9080, name: udp, protocol: UDP}');

  it('flags one port with two protocols, only for Deployments in the mesh', async () => {
    const [d, ...rest] = codes(await analyzeYaml(join(injected, deployment(''), tcp, udp)), 'IST0116');
    expect(rest).toEqual([]);
    expect(d.resource).toBe('Deployment shop/api');
    expect(d.message).toBe(
      'This deployment api is associated with multiple services using port 9080 but different protocols: [shop/api-tcp shop/api-udp]',
    );
    // No injection label on a Namespace that exists, no namespace object at all, or opted out: not in the mesh.
    const plain = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop';
    expect(codes(await analyzeYaml(join(plain, deployment(''), tcp, udp)), 'IST0116')).toEqual([]);
    expect(codes(await analyzeYaml(join(deployment(''), tcp, udp)), 'IST0116')).toEqual([]);
    const optOut = '      annotations: {sidecar.istio.io/inject: "false"}';
    expect(codes(await analyzeYaml(join(injected, deployment(optOut), tcp, udp)), 'IST0116')).toEqual([]);
    // An istio-proxy container with an image puts it in the mesh whatever the labels say.
    const proxy = '      - name: istio-proxy\n        image: proxyv2:1.26';
    expect(codes(await analyzeYaml(join(deployment(optOut, proxy), tcp, udp)), 'IST0116')).toHaveLength(1);
  });

  it('flags one targetPort reached from two port numbers', async () => {
    const a = service('api-a', '  - {port: 9080, targetPort: 8080, name: http}');
    const b = service('api-b', '  - {port: 9090, targetPort: 8080, name: http}');
    const [d] = codes(await analyzeYaml(join(injected, deployment(''), a, b)), 'IST0137');
    expect(d.args).toEqual({
      deployment: 'api',
      services: ['shop/api-a', 'shop/api-b'],
      targetPort: '8080',
      ports: [9080, 9090],
    });
    const same = service('api-b', '  - {port: 9080, targetPort: 8080, name: http}');
    expect(codes(await analyzeYaml(join(injected, deployment(''), a, same)), 'IST0137')).toEqual([]);
  });
});

describe('IST0002 deprecated and ignored fields', () => {
  const sidecar = (otp: string) => `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  name: default
  namespace: shop
spec:
  egress:
  - hosts: ["./*"]
${otp}`;

  it("flags a Sidecar's egressProxy (ignored by Istio), even an empty one, at that field", async () => {
    const yaml = sidecar(
      '  outboundTrafficPolicy:\n    mode: ALLOW_ANY\n    egressProxy:\n      host: egress.example\n      port: {number: 9080}',
    );
    const [d, ...rest] = codes(await analyzeYaml(yaml), 'IST0002');
    expect(rest).toEqual([]);
    expect(d.resource).toBe('Sidecar shop/default');
    expect(d.message).toBe('Deprecated: OutboundTrafficPolicy.EgressProxy ignored');
    expect(d.range?.line).toBe(11);
    expect(
      codes(await analyzeYaml(sidecar('  outboundTrafficPolicy:\n    egressProxy: {}')), 'IST0002'),
    ).toHaveLength(1);
  });

  it('leaves a Sidecar without egressProxy alone', async () => {
    expect(
      codes(await analyzeYaml(sidecar('  outboundTrafficPolicy:\n    mode: REGISTRY_ONLY')), 'IST0002'),
    ).toEqual([]);
    expect(codes(await analyzeYaml(sidecar('')), 'IST0002')).toEqual([]);
  });
});

describe("de-duplication like istioctl's (printed text, including the line an analyzer points at)", () => {
  it('keeps two routes to the same missing host, collapses the three "selector not found"', async () => {
    const vs = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: app
  namespace: default
spec:
  hosts: ["app"]
  http:
  - match:
    - uri: {prefix: /a}
    route:
    - destination: {host: missing}
  - route:
    - destination: {host: missing}`;
    const hosts = codes(await analyzeYaml(vs), 'IST0101');
    expect(hosts.map((d) => d.message)).toEqual([
      'Referenced host not found: "missing"',
      'Referenced host not found: "missing"',
    ]);
    expect(hosts[0].range!.line).not.toBe(hosts[1].range!.line);

    const badSelector = gateway(
      '  - port: {number: 80, name: http, protocol: HTTP}\n    hosts: ["*"]',
      'name: web\n  namespace: default',
      'istio: nope',
    );
    expect(codes(await analyzeYaml(badSelector), 'IST0101')).toHaveLength(1);
  });
});
