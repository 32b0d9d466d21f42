// Behaviour checked against upstream code rather than an upstream table (istio/istio, read at the commits
// named in each block): VirtualServicesForGateway visibility and order, the DestinationRule a gateway
// uses, AUTO_PASSTHROUGH chains and clusters, the tls_inspector condition, and ServiceEntry target ports
// for the gateway's own Service instances.
import { describe, expect, it } from 'vitest';
import { compileYaml, TEST_PROXY } from './helpers.ts';

const GW = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*"]
---
`;
const routeVS = (
  name: string,
  ns: string,
  dest: string,
  extra = '',
  ts = '2020-01-01T00:00:00Z',
) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ${name}, namespace: ${ns}, creationTimestamp: "${ts}"}
spec:
  hosts: [example.com]
  gateways: [istio-system/gw]${extra}
  http:
  - match: [{uri: {prefix: /}}]
    route: [{destination: {host: ${dest}, port: {number: 80}}}]
---
`;

describe('VirtualServicesForGateway (pilot/pkg/model/push_context.go @ initVirtualServices / VirtualServicesForGateway)', () => {
  // The gateway proxy's ConfigNamespace is its pod namespace (istio-system here). Istio's simulation
  // harness sets it to "default" instead; no public case depends on it.
  const clusterOf = (yaml: string) => compileYaml(GW + yaml).call({ port: 80, host: 'example.com' }).cluster;

  it('exportTo "." hides a VirtualService from a gateway in another namespace', () => {
    expect(clusterOf(routeVS('v', 'default', 'a', '\n  exportTo: ["."]'))).toBe('');
    expect(clusterOf(routeVS('v', 'istio-system', 'a', '\n  exportTo: ["."]'))).toBe(
      'outbound|80||a.istio-system.svc.cluster.local',
    );
  });

  it('exportTo naming the gateway namespace, "*", or nothing makes it visible; "~" hides it unless "*" is there too', () => {
    expect(clusterOf(routeVS('v', 'default', 'a', '\n  exportTo: [istio-system]'))).toBe(
      'outbound|80||a.default.svc.cluster.local',
    );
    expect(clusterOf(routeVS('v', 'default', 'a', '\n  exportTo: ["*"]'))).toBe(
      'outbound|80||a.default.svc.cluster.local',
    );
    expect(clusterOf(routeVS('v', 'default', 'a', '\n  exportTo: ["~"]'))).toBe('');
    expect(clusterOf(routeVS('v', 'default', 'a', '\n  exportTo: ["~", "*"]'))).toBe(
      'outbound|80||a.default.svc.cluster.local',
    );
    expect(clusterOf(routeVS('v', 'default', 'a', '\n  exportTo: ["~", istio-system]'))).toBe('');
  });

  it('order: private to the gateway namespace, then exported to it, then public — creation time only within a bucket', () => {
    // Three catch-all routes for one host: the first listed wins the request.
    const pub = routeVS('pub', 'default', 'public', '', '2020-01-01T00:00:00Z');
    const exported = routeVS(
      'exp',
      'other',
      'exported',
      '\n  exportTo: [istio-system]',
      '2020-01-02T00:00:00Z',
    );
    const priv = routeVS('priv', 'istio-system', 'private', '\n  exportTo: ["."]', '2020-01-03T00:00:00Z');
    const { compiled } = compileYaml(GW + pub + exported + priv);
    const routes = compiled.routeConfigs['http.80'].virtualHosts[0].routes;
    expect(routes.map((r) => r.virtualService)).toEqual(['istio-system/priv', 'other/exp', 'default/pub']);
    expect(clusterOf(pub + exported + priv)).toBe('outbound|80||private.istio-system.svc.cluster.local');
  });

  it('a VirtualService without gateways binds only to mesh', () => {
    const yaml = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: v, namespace: default}
spec:
  hosts: [example.com]
  http:
  - route: [{destination: {host: a}}]
`;
    expect(compileYaml(GW + yaml).compiled.routeConfigs['http.80'].virtualHosts.map((v) => v.name)).toEqual([
      'blackhole:80',
    ]);
  });
});

const svc = (ns: string, extra = '') => `apiVersion: v1
kind: Service
metadata: {name: reviews, namespace: ${ns}${extra}}
spec:
  selector: {app: reviews}
  ports: [{name: http, port: 80}]
---
`;
const dr = (
  name: string,
  ns: string,
  host: string,
  subset: string,
  extra = '',
  ts = '2020-01-01T00:00:00Z',
) => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: ${name}, namespace: ${ns}, creationTimestamp: "${ts}"}
spec:
  host: ${host}${extra}
  subsets: [{name: ${subset}, labels: {version: ${subset}}}]
---
`;
const subsetsOf = (yaml: string, proxy = TEST_PROXY) =>
  compileYaml(yaml, proxy)
    .compiled.clusters.filter((c) => c.host === 'reviews.default.svc.cluster.local' && c.subset)
    .map((c) => c.subset);

describe('DestinationRule for a gateway (push_context.go @ destinationRule, setDestinationRules, mergeDestinationRule)', () => {
  const FQDN = 'reviews.default.svc.cluster.local';

  it('gateway in the root namespace: the service namespace exports beat the root namespace public rule', () => {
    expect(
      subsetsOf(
        svc('default') + dr('root', 'istio-system', FQDN, 'v1') + dr('own', 'default', 'reviews', 'v2'),
      ),
    ).toEqual(['v2']);
  });

  it("gateway in the root namespace: the root namespace's private rule (exportTo .) comes first", () => {
    expect(
      subsetsOf(
        svc('default') +
          dr('root', 'istio-system', FQDN, 'v1', '\n  exportTo: ["."]') +
          dr('own', 'default', 'reviews', 'v2'),
      ),
    ).toEqual(['v1']);
  });

  it('the root namespace public rule applies when the service namespace has none', () => {
    expect(subsetsOf(svc('default') + dr('root', 'istio-system', '"*.svc.cluster.local"', 'v1'))).toEqual([
      'v1',
    ]);
  });

  it('gateway outside the root namespace: any rule in its own namespace wins, even a wildcard over an exact one elsewhere', () => {
    const proxy = { ...TEST_PROXY, namespace: 'ingress' };
    expect(
      subsetsOf(
        svc('default') +
          dr('wild', 'ingress', '"*.default.svc.cluster.local"', 'v1') +
          dr('own', 'default', 'reviews', 'v2'),
        proxy,
      ),
    ).toEqual(['v1']);
  });

  it('within one namespace the exact host beats a wildcard, and the most specific wildcard beats a broader one', () => {
    expect(
      subsetsOf(
        svc('default') +
          dr('wild', 'default', '"*.svc.cluster.local"', 'v1') +
          dr('exact', 'default', 'reviews', 'v2'),
      ),
    ).toEqual(['v2']);
    expect(
      subsetsOf(
        svc('default') +
          dr('broad', 'default', '"*.svc.cluster.local"', 'v1') +
          dr('narrow', 'default', '"*.default.svc.cluster.local"', 'v2'),
      ),
    ).toEqual(['v2']);
  });

  it('rules exported to another namespace only are not used', () => {
    expect(
      subsetsOf(svc('default') + dr('own', 'default', 'reviews', 'v2', '\n  exportTo: [bookinfo]')),
    ).toEqual([]);
  });

  it('same host, same namespace, same exportTo: merged (subsets concatenated, first definition of a name kept)', () => {
    const yaml =
      svc('default') +
      dr('a', 'default', 'reviews', 'v1', '', '2020-01-01T00:00:00Z') +
      dr('b', 'default', 'reviews', 'v2', '', '2020-01-02T00:00:00Z');
    expect(subsetsOf(yaml)).toEqual(['v1', 'v2']);
    const c = compileYaml(yaml).compiled.clusters.find(
      (x) => x.name === 'outbound|80||reviews.default.svc.cluster.local',
    );
    expect(c?.destinationRule).toBe('DestinationRule default/a, DestinationRule default/b');
  });

  it('same host, same namespace, different exportTo: kept apart, and the last one without a selector is used', () => {
    expect(
      subsetsOf(
        svc('default') +
          dr('a', 'default', 'reviews', 'v1', '', '2020-01-01T00:00:00Z') +
          dr('b', 'default', 'reviews', 'v2', '\n  exportTo: ["*"]', '2020-01-02T00:00:00Z'),
      ),
    ).toEqual(['v2']);
  });
});

describe('AUTO_PASSTHROUGH (core/gateway.go @26ed946a builtAutoPassthroughFilterChains; model BuildDNSSrvSubsetKey)', () => {
  const yaml = (svcExtra = '') => `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: cross-network, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 15443, name: tls, protocol: TLS}
    hosts: ["*.local"]
    tls: {mode: AUTO_PASSTHROUGH}
---
${svc('default', svcExtra)}${dr('r', 'default', 'reviews', 'v1')}`;

  it('one chain per port and subset: SNI and tcp_proxy cluster are outbound_.<port>_.<subset>_.<host>, ALPN Istio mTLS', () => {
    const { compiled, call } = compileYaml(yaml());
    const l = compiled.listeners.find((x) => x.name === '0.0.0.0_15443')!;
    expect(l.tlsInspector).toBe(true);
    expect(l.filterChains.map((c) => [c.match.serverNames, c.tcpProxy?.cluster])).toEqual([
      [
        ['outbound_.80_._.reviews.default.svc.cluster.local'],
        'outbound_.80_._.reviews.default.svc.cluster.local',
      ],
      [
        ['outbound_.80_.v1_.reviews.default.svc.cluster.local'],
        'outbound_.80_.v1_.reviews.default.svc.cluster.local',
      ],
    ]);
    expect(l.filterChains[0].match.applicationProtocols).toEqual([
      'istio',
      'istio-peer-exchange',
      'istio-http/1.0',
      'istio-http/1.1',
      'istio-h2',
    ]);
    // The SNI-DNAT clusters exist (cluster.go buildOutboundSniDnatClusters), with the subset's endpoints.
    expect(compiled.clusters.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        'outbound_.80_._.reviews.default.svc.cluster.local',
        'outbound_.80_.v1_.reviews.default.svc.cluster.local',
      ]),
    );
    const r = call({
      port: 15443,
      protocol: 'tcp',
      tls: 'mtls',
      sni: 'outbound_.80_.v1_.reviews.default.svc.cluster.local',
    });
    expect([r.error, r.cluster]).toEqual([null, 'outbound_.80_.v1_.reviews.default.svc.cluster.local']);
    // A plain TLS client (ALPN h2) matches no chain.
    expect(
      call({
        port: 15443,
        protocol: 'http2',
        tls: 'tls',
        sni: 'outbound_.80_._.reviews.default.svc.cluster.local',
      }).error,
    ).toBe('no-filter-chain');
  });

  it('services not exported to the gateway namespace get no chain', () => {
    const { compiled } = compileYaml(yaml(`, annotations: {networking.istio.io/exportTo: "."}`));
    expect(compiled.listeners.find((x) => x.name === '0.0.0.0_15443')).toBeUndefined();
  });
});

describe('tls_inspector (listener.go buildGatewayListener)', () => {
  it('an HTTPS server for "*" has no server_names but still needs the inspector (SNI host list non-empty, ALPN advertised)', () => {
    const { compiled } = compileYaml(`apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 443, name: https, protocol: HTTPS}
    hosts: ["*"]
    tls: {mode: SIMPLE, credentialName: cert}
`);
    const [l] = compiled.listeners;
    expect(l.filterChains[0].match.serverNames).toEqual([]);
    expect(l.tlsInspector).toBe(true);
  });
});

describe('ServiceEntry instances of the gateway (serviceentry controller GetProxyServiceTargets; model resolvePorts)', () => {
  const gw80 = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*"]
---
`;
  const se = (ns: string, port: string, endpoint: string) => `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: gateway-svc, namespace: ${ns}}
spec:
  hosts: [gateway.example]
  ports: [${port}]
  resolution: STATIC
  endpoints: [${endpoint}]
---
`;
  const listeners = (yaml: string) => compileYaml(gw80 + yaml).compiled.listeners.map((l) => l.name);
  it('the endpoint port for the port name wins, then targetPort, then the port number', () => {
    expect(
      listeners(
        se(
          'istio-system',
          '{number: 80, targetPort: 8080, name: http, protocol: HTTP}',
          '{address: 1.1.1.1, ports: {http: 9090}}',
        ),
      ),
    ).toEqual(['0.0.0.0_9090']);
    expect(
      listeners(
        se(
          'istio-system',
          '{number: 80, targetPort: 8080, name: http, protocol: HTTP}',
          '{address: 1.1.1.1}',
        ),
      ),
    ).toEqual(['0.0.0.0_8080']);
    expect(
      listeners(se('istio-system', '{number: 80, name: http, protocol: HTTP}', '{address: 1.1.1.1}')),
    ).toEqual(['0.0.0.0_80']);
  });
  it('only ServiceEntries in the proxy namespace with an endpoint at the proxy address count', () => {
    expect(
      listeners(
        se('default', '{number: 80, targetPort: 8080, name: http, protocol: HTTP}', '{address: 1.1.1.1}'),
      ),
    ).toEqual(['0.0.0.0_80']);
    expect(
      listeners(
        se(
          'istio-system',
          '{number: 80, targetPort: 8080, name: http, protocol: HTTP}',
          '{address: 2.2.2.2}',
        ),
      ),
    ).toEqual(['0.0.0.0_80']);
  });
});

describe('ExternalName Services are aliases (ENABLE_EXTERNAL_NAME_ALIAS, default on: route.GetDestinationCluster, cluster.go buildOutboundClusters)', () => {
  const yaml = (externalName: string) => `${GW}apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: v, namespace: default}
spec:
  hosts: [example.com]
  gateways: [istio-system/gw]
  http:
  - route: [{destination: {host: ext}}]
---
apiVersion: v1
kind: Service
metadata: {name: ext, namespace: default}
spec:
  type: ExternalName
  externalName: ${externalName}
  ports: [{name: http, port: 80}]
---
apiVersion: v1
kind: Service
metadata: {name: reviews, namespace: default}
spec:
  selector: {app: reviews}
  ports: [{name: http, port: 80}, {name: dns, port: 53, protocol: UDP}]
`;
  it('the route goes to the cluster of the externalName; the alias itself has no cluster', () => {
    const { compiled, call } = compileYaml(yaml('reviews.default.svc.cluster.local'));
    expect(call({ port: 80, host: 'example.com' }).cluster).toBe(
      'outbound|80||reviews.default.svc.cluster.local',
    );
    expect(compiled.clusters.some((c) => c.host === 'ext.default.svc.cluster.local')).toBe(false);
  });
  it('an external name without a Service or ServiceEntry of its own has no cluster at all', () => {
    const { compiled, call } = compileYaml(yaml('httpbin.org'));
    expect(call({ port: 80, host: 'example.com' }).cluster).toBe('outbound|80||httpbin.org');
    expect(compiled.clusters.some((c) => c.host === 'httpbin.org')).toBe(false);
  });
  it('UDP ports get no cluster', () => {
    const { compiled } = compileYaml(yaml('httpbin.org'));
    expect(
      compiled.clusters.filter((c) => c.host === 'reviews.default.svc.cluster.local').map((c) => c.port),
    ).toEqual([80]);
  });
});
