// Listeners and filter chains, ported from istio/istio pilot/pkg/networking/core/gateway_test.go
// @a70cb135: TestBuildGatewayListeners (listener names for server mixes), TestGatewayFilterChainSNIOverlap
// (no two chains with the same match), the chain shapes of TestBuildGatewayListenersFilters, and the ALPN /
// SDS / client-certificate parts of TestBuildGatewayListenerTlsContext. Gateways without a selector apply
// to every gateway workload, as in the Go cases (random uuid names there; fixed names here).
import { describe, expect, it } from 'vitest';
import { compileYaml, listenerNames } from './helpers.ts';
import type { CompiledGateway, FilterChain } from '../../../src/sim/compile/types.ts';

const gw = (name: string, ns: string, servers: string) => `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: ${name}, namespace: ${ns}}
spec:
  servers:
${servers}
---
`;
const server = (o: {
  name: string;
  number: number;
  protocol: string;
  hosts?: string[];
  bind?: string;
  tls?: string;
}) =>
  `  - port: {name: ${o.name}, number: ${o.number}, protocol: ${o.protocol}}
    hosts: ${JSON.stringify(o.hosts ?? ['*'])}${o.bind ? `\n    bind: ${o.bind}` : ''}${o.tls ? `\n    tls: ${o.tls}` : ''}`;
const vs = (name: string, ns: string, body: string) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ${name}, namespace: ${ns}}
spec:
${body}
---
`;
const simple = '{credentialName: test, mode: SIMPLE}';
const tcpVS = (name: string, gateway: string, hosts: string[], port?: number, dest = 'foo.com') =>
  vs(
    name,
    'vsns',
    `  gateways: [${gateway}]
  hosts: ${JSON.stringify(hosts)}
  tcp:
  - ${port ? `match: [{port: ${port}}]\n    ` : ''}route: [{destination: {host: ${dest}}}]`,
  );
const httpVS = (name: string, gateway: string, hosts: string[], dest: string) =>
  vs(
    name,
    'vsns',
    `  gateways: [${gateway}]
  hosts: ${JSON.stringify(hosts)}
  http:
  - route: [{destination: {host: ${dest}, port: {number: 80}}}]`,
  );

/** Envoy rejects a listener whose chains repeat a match (xdstest.ValidateListeners). */
function chainMatchKeys(c: CompiledGateway): string[] {
  return c.listeners.flatMap((l) =>
    l.filterChains.map(
      (f: FilterChain) =>
        `${l.name}|${[...f.match.serverNames].sort().join(',')}|${f.match.transportProtocol}|${f.match.applicationProtocols.join(',')}`,
    ),
  );
}
function expectValidListeners(c: CompiledGateway) {
  const keys = chainMatchKeys(c);
  expect(new Set(keys).size, `duplicate filter chain matches: ${keys.join(' ; ')}`).toBe(keys.length);
}

describe('TestBuildGatewayListeners (pilot/pkg/networking/core/gateway_test.go)', () => {
  const cases: { name: string; yaml: string; expected: string[] }[] = [
    {
      // ServiceTargets with service port 80 → targetPort 8080: modelled as the ServiceEntry in the proxy's
      // namespace with an endpoint at 1.1.1.1 (gateway_simulation_test.go's way to give the proxy Services).
      name: 'targetPort overrides service port',
      yaml:
        gw('g1', 'ns1', server({ name: 'http', number: 80, protocol: 'HTTP' })) +
        `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: test, namespace: istio-system}
spec:
  hosts: [test]
  ports: [{number: 80, targetPort: 8080, name: http, protocol: HTTP}]
  resolution: STATIC
  endpoints: [{address: 1.1.1.1}]
---
`,
      expected: ['0.0.0.0_8080'],
    },
    {
      name: 'multiple ports',
      yaml: gw(
        'g1',
        'ns1',
        `${server({ name: 'http', number: 80, protocol: 'HTTP' })}\n${server({ name: 'http', number: 801, protocol: 'HTTP' })}`,
      ),
      expected: ['0.0.0.0_80', '0.0.0.0_801'],
    },
    {
      name: 'privileged port on privileged pod',
      yaml: gw(
        'g1',
        'ns1',
        `${server({ name: 'http', number: 80, protocol: 'HTTP' })}\n${server({ name: 'http', number: 8080, protocol: 'HTTP' })}`,
      ),
      expected: ['0.0.0.0_80', '0.0.0.0_8080'],
    },
    {
      name: 'gateway with bind',
      yaml: gw(
        'g1',
        'ns1',
        [
          server({ name: 'http', number: 80, protocol: 'HTTP' }),
          server({ name: 'http', number: 8080, protocol: 'HTTP', hosts: ['externalgatewayclient.com'] }),
          server({
            name: 'http',
            number: 8080,
            protocol: 'HTTP',
            bind: '127.0.0.1',
            hosts: ['internalmesh.svc.cluster.local'],
          }),
        ].join('\n'),
      ),
      expected: ['0.0.0.0_80', '0.0.0.0_8080', '127.0.0.1_8080'],
    },
    {
      name: 'gateway with simple and passthrough',
      yaml:
        gw(
          'g1',
          'ns1',
          [
            server({ name: 'http', number: 443, protocol: 'HTTPS', hosts: ['*.example.com'], tls: simple }),
            server({ name: 'http', number: 80, protocol: 'HTTP', hosts: ['foo.example.com'] }),
          ].join('\n'),
        ) +
        gw(
          'passthrough-gateway',
          'testns',
          [
            server({ name: 'http', number: 443, protocol: 'HTTPS', hosts: ['*.example.com'], tls: simple }),
            server({
              name: 'tcp',
              number: 9443,
              protocol: 'TLS',
              hosts: ['barone.example.com'],
              tls: '{credentialName: test, mode: PASSTHROUGH}',
            }),
            server({ name: 'http', number: 80, protocol: 'HTTP', hosts: ['bar.example.com'] }),
          ].join('\n'),
        ) +
        vs(
          'v1',
          'vsns',
          `  gateways: [testns/passthrough-gateway]
  hosts: [barone.example.com]
  tls:
  - match: [{port: 9443, sniHosts: [barone.example.com]}]
    route: [{destination: {host: foo.com}}]`,
        ),
      expected: ['0.0.0.0_443', '0.0.0.0_80', '0.0.0.0_9443'],
    },
    {
      name: 'gateway with multiple http servers',
      yaml:
        gw(
          'gateway1',
          'testns',
          [
            server({ name: 'http', number: 443, protocol: 'HTTPS', hosts: ['*.example.com'], tls: simple }),
            server({ name: 'http', number: 80, protocol: 'HTTP', hosts: ['foo.example.com'] }),
          ].join('\n'),
        ) +
        gw(
          'gateway2',
          'testns',
          [
            server({
              name: 'http',
              number: 443,
              protocol: 'HTTPS',
              hosts: ['*.exampleone.com'],
              tls: simple,
            }),
            server({ name: 'http', number: 80, protocol: 'HTTP', hosts: ['bar.example.com'] }),
          ].join('\n'),
        ),
      expected: ['0.0.0.0_443', '0.0.0.0_80'],
    },
    {
      name: 'gateway with multiple TLS HTTPS TCP servers',
      yaml:
        gw(
          'gateway1',
          'testns',
          [
            server({ name: 'tcp', number: 443, protocol: 'TLS', hosts: ['*.example.com'], tls: simple }),
            server({
              name: 'tcp',
              number: 443,
              protocol: 'HTTPS',
              hosts: ['https.example.com'],
              tls: simple,
            }),
            server({ name: 'tcp', number: 9443, protocol: 'TCP', hosts: ['tcp.example.com'] }),
          ].join('\n'),
        ) +
        gw(
          'gateway2',
          'testns',
          [
            server({
              name: 'http',
              number: 443,
              protocol: 'HTTPS',
              hosts: ['*.exampleone.com'],
              tls: simple,
            }),
            server({ name: 'tcp', number: 443, protocol: 'TLS', hosts: ['*.exampleone.com'], tls: simple }),
          ].join('\n'),
        ) +
        tcpVS('v1', 'testns/gateway1', ['tcp.example.com'], 9443),
      expected: ['0.0.0.0_443', '0.0.0.0_9443'],
    },
    {
      name: 'gateway with multiple TCP/HTTPS servers with bind',
      yaml:
        gw('gateway1', 'testns', server({ name: 'tcp', number: 8000, protocol: 'TCP', bind: '10.0.0.1' })) +
        gw('gateway2', 'testns', server({ name: 'tcp', number: 8000, protocol: 'TCP', bind: '10.0.0.2' })) +
        gw(
          'gateway3',
          'testns',
          server({ name: 'https', number: 8000, protocol: 'HTTPS', bind: '10.0.0.3', tls: simple }),
        ) +
        tcpVS('v1', 'testns/gateway1', ['*'], 8000) +
        tcpVS('v2', 'testns/gateway2', ['*'], 8000) +
        httpVS('v3', 'testns/gateway3', ['*'], 'grpc.example.org'),
      expected: ['10.0.0.1_8000', '10.0.0.2_8000', '10.0.0.3_8000'],
    },
    {
      name: 'gateway with HTTPS/GRPC servers with bind',
      yaml:
        gw(
          'gateway1',
          'testns',
          server({ name: 'https', number: 443, protocol: 'HTTPS', bind: '10.0.0.1', tls: simple }),
        ) +
        gw('gateway2', 'testns', server({ name: 'grpc', number: 443, protocol: 'GRPC', bind: '10.0.0.2' })) +
        gw(
          'gateway3',
          'testns',
          server({ name: 'grpc', number: 443, protocol: 'GRPC', hosts: ['grpc.example.org'] }),
        ) +
        httpVS('v1', 'testns/gateway1', ['*'], 'example.org') +
        httpVS('v2', 'testns/gateway2', ['*'], 'grpc.example.org') +
        httpVS('v3', 'testns/gateway3', ['grpc.example.org'], 'grpc.example.org'),
      expected: ['10.0.0.1_443', '10.0.0.2_443', '0.0.0.0_443'],
    },
    {
      name: 'gateway with HTTPS/TCP invalid configuration',
      yaml:
        gw(
          'gateway1',
          'testns',
          [
            server({
              name: 'https',
              number: 443,
              protocol: 'HTTPS',
              hosts: ['*.1.example.com'],
              tls: simple,
            }),
            server({ name: 'tcp', number: 443, protocol: 'TCP', hosts: ['*.1.example.com'] }),
          ].join('\n'),
        ) +
        gw(
          'gateway2',
          'testns',
          [
            server({
              name: 'https',
              number: 443,
              protocol: 'HTTPS',
              hosts: ['*.2.example.com'],
              tls: simple,
            }),
            server({ name: 'tcp', number: 443, protocol: 'TCP', hosts: ['*.2.example.com'] }),
          ].join('\n'),
        ) +
        tcpVS('v1', 'testns/gateway1', ['*'], undefined, 'example.com') +
        tcpVS('v2', 'testns/gateway2', ['*'], undefined, 'example.com'),
      expected: ['0.0.0.0_443'],
    },
    {
      name: 'gateway with multiple HTTPS servers with bind and same host',
      yaml:
        gw(
          'gateway1',
          'testns',
          server({ name: 'tcp', number: 443, protocol: 'HTTPS', bind: '10.0.0.1', tls: simple }),
        ) +
        gw(
          'gateway2',
          'testns',
          server({ name: 'tcp', number: 443, protocol: 'HTTPS', bind: '10.0.0.2', tls: simple }),
        ) +
        tcpVS('v1', 'testns/gateway1', ['*'], 9443) +
        tcpVS('v2', 'testns/gateway2', ['*'], 9443),
      expected: ['10.0.0.1_443', '10.0.0.2_443'],
    },
    {
      // PILOT_ENABLE_QUIC_LISTENERS is off by default: no udp_ listeners.
      name: 'gateway with multiple QUIC/HTTP3 servers with bind',
      yaml:
        gw(
          'gateway1',
          'testns',
          server({
            name: 'https',
            number: 443,
            protocol: 'HTTPS',
            hosts: ['*.example.com'],
            bind: '10.0.0.1',
            tls: '{credentialName: test1, mode: SIMPLE}',
          }),
        ) +
        gw(
          'gateway2',
          'testns',
          server({
            name: 'https',
            number: 443,
            protocol: 'HTTPS',
            hosts: ['*.example.org'],
            bind: '10.0.0.2',
            tls: '{credentialName: test2, mode: SIMPLE}',
          }),
        ) +
        httpVS('v1', 'testns/gateway1', ['*.example.com'], 'foo.example.com') +
        httpVS('v2', 'testns/gateway2', ['*.example.org'], 'bar.example.org'),
      expected: ['10.0.0.1_443', '10.0.0.2_443'],
    },
  ];
  for (const tt of cases) {
    it(tt.name, () => {
      const { compiled } = compileYaml(tt.yaml);
      expect(listenerNames(compiled)).toEqual([...tt.expected].sort());
      expectValidListeners(compiled);
    });
  }

  it('HTTPS/TCP invalid configuration: the first TCP server joins 0.0.0.0_443 as a match-all chain (new bind), the second is dropped', () => {
    const { compiled } = compileYaml(
      cases.find((c) => c.name === 'gateway with HTTPS/TCP invalid configuration')!.yaml,
    );
    const l = compiled.listeners[0];
    expect(l.filterChains.map((c) => [c.origin, c.match.serverNames])).toEqual([
      // ServerPorts order: {443,HTTPS} (both HTTPS servers) then {443,TCP}.
      ['https-terminate', ['*.1.example.com']],
      ['https-terminate', ['*.2.example.com']],
      ['tcp', []],
    ]);
  });

  it('HTTPS/GRPC with bind: GRPC servers after the HTTPS one keep RouteName "" on their chains (gateway.go @ee3833fe)', () => {
    const { compiled } = compileYaml(
      cases.find((c) => c.name === 'gateway with HTTPS/GRPC servers with bind')!.yaml,
    );
    const rds = Object.fromEntries(
      compiled.listeners.map((l) => [l.name, l.filterChains.map((c) => c.routeConfigName)]),
    );
    expect(rds).toEqual({
      '10.0.0.1_443': ['https.443.https.gateway1.testns.10.0.0.1'],
      '10.0.0.2_443': [''],
      '0.0.0.0_443': [''],
    });
  });
});

describe('TestGatewayFilterChainSNIOverlap (pilot/pkg/networking/core/gateway_test.go)', () => {
  const passthrough = (name: string, protocol: string, hosts: string[]) =>
    server({ name, number: 443, protocol, hosts, tls: '{mode: PASSTHROUGH}' });
  const exampleVS = (gateway: string) =>
    vs(
      'example',
      'testns',
      `  gateways: [${gateway}]
  hosts: [example.com]
  tls:
  - match: [{sniHosts: [example.com]}]
    route: [{destination: {host: example}}]`,
    );
  const cases = [
    {
      name: 'no sni overlap',
      yaml: gw('gw', 'testns', passthrough('example', 'TLS', ['example.com'])) + exampleVS('testns/gw'),
    },
    {
      name: 'sni overlap in one gateway',
      yaml:
        gw(
          'gw',
          'testns',
          `${passthrough('example', 'TLS', ['example.com'])}\n${passthrough('wildcard-tls', 'HTTPS', ['*'])}`,
        ) + exampleVS('testns/gw'),
    },
    {
      name: 'sni overlap in two gateways',
      yaml:
        gw('gw1', 'testns', passthrough('example', 'TLS', ['example.com'])) +
        gw('gw2', 'testns', passthrough('wildcard-tls', 'HTTPS', ['*'])) +
        exampleVS('testns/gw2'),
    },
  ];
  for (const tt of cases) {
    it(`${tt.name}: one chain for SNI example.com, valid listener`, () => {
      const { compiled } = compileYaml(tt.yaml);
      expectValidListeners(compiled);
      expect(compiled.listeners.map((l) => [l.name, l.filterChains.map((c) => c.match.serverNames)])).toEqual(
        [['0.0.0.0_443', [['example.com']]]],
      );
      expect(compiled.listeners[0].tlsInspector).toBe(true);
    });
  }
  it('the dropped duplicate is reported', () => {
    const { compiled } = compileYaml(cases[1].yaml);
    expect(compiled.events.filter((e) => e.kind === 'passthrough-duplicate-sni')).toHaveLength(1);
  });
});

describe('TestBuildGatewayListenersFilters chain shapes (pilot/pkg/networking/core/gateway_test.go)', () => {
  it('http server: one match-all HCM chain, no tls_inspector', () => {
    const { compiled } = compileYaml(
      gw('http-server', 'testns', server({ name: 'http', number: 80, protocol: 'HTTP' })),
    );
    expect(compiled.listeners).toHaveLength(1);
    expect(compiled.listeners[0].filterChains.map((c) => [c.kind, c.match.serverNames, c.tls])).toEqual([
      ['http', [], null],
    ]);
    expect(compiled.listeners[0].tlsInspector).toBe(false);
  });
  it('passthrough server: one tcp_proxy chain on the SNI, no TLS context', () => {
    const { compiled } = compileYaml(
      gw(
        'passthrough-gateway',
        'testns',
        server({
          name: 'tls',
          number: 9443,
          protocol: 'TLS',
          hosts: ['barone.example.com'],
          tls: '{mode: PASSTHROUGH}',
        }),
      ) +
        vs(
          'v',
          'vsns',
          `  gateways: [testns/passthrough-gateway]
  hosts: [barone.example.com]
  tls:
  - match: [{port: 9443, sniHosts: [barone.example.com]}]
    route: [{destination: {host: foo.com}}]`,
        ),
    );
    const [c] = compiled.listeners[0].filterChains;
    expect([c.kind, c.tls, c.match.serverNames, c.tcpProxy?.cluster]).toEqual([
      'tcp',
      null,
      ['barone.example.com'],
      'outbound|9443||foo.com',
    ]);
  });
  it('terminated-tls server: a tcp_proxy chain behind a TLS context', () => {
    const { compiled } = compileYaml(
      gw(
        'terminated-tls-gateway',
        'testns',
        server({ name: 'tls', number: 5678, protocol: 'TLS', hosts: ['barone.example.com'], tls: simple }),
      ) + tcpVS('v', 'testns/terminated-tls-gateway', ['barone.example.com'], 5678),
    );
    const [c] = compiled.listeners[0].filterChains;
    expect([c.kind, c.origin, c.tls?.sdsSecret, c.tcpProxy?.cluster]).toEqual([
      'tcp',
      'tls-terminate',
      'kubernetes://test',
      'outbound|5678||foo.com',
    ]);
  });
  it('http and tcp istio-mtls server on one port: an HCM chain and a tcp_proxy chain', () => {
    const { compiled } = compileYaml(
      gw(
        'gateway',
        'testns',
        [
          server({
            name: 'mtls',
            number: 15443,
            protocol: 'HTTPS',
            hosts: ['www.example.com'],
            tls: '{mode: ISTIO_MUTUAL}',
          }),
          server({
            name: 'mtls',
            number: 15443,
            protocol: 'TLS',
            hosts: ['tcp.example.com'],
            tls: '{mode: ISTIO_MUTUAL}',
          }),
        ].join('\n'),
      ) +
        vs(
          'h',
          'vsns',
          `  gateways: [testns/gateway]
  hosts: [www.example.com]
  http:
  - match: [{port: 15443}]
    route: [{destination: {host: http.com}}]`,
        ) +
        tcpVS('t', 'testns/gateway', ['tcp.example.com'], 15443, 'tcp.com'),
    );
    expect(compiled.listeners.map((l) => l.name)).toEqual(['0.0.0.0_15443']);
    expect(compiled.listeners[0].filterChains.map((c) => [c.kind, c.match.serverNames, c.tls?.alpn])).toEqual(
      [
        ['http', ['www.example.com'], ['h2', 'http/1.1']],
        ['tcp', ['tcp.example.com'], ['istio-peer-exchange', 'h2', 'http/1.1']],
      ],
    );
  });
  it('TCP server: a match-all tcp_proxy chain and no tls_inspector', () => {
    const { compiled } = compileYaml(
      gw(
        'gateway',
        'testns',
        server({ name: 'tcp', number: 100, protocol: 'TCP', hosts: ['www.example.com'] }),
      ) + tcpVS('v', 'testns/gateway', ['www.example.com'], undefined, 'http.com'),
    );
    const l = compiled.listeners[0];
    expect(l.filterChains.map((c) => [c.kind, c.match.serverNames, c.tcpProxy?.cluster])).toEqual([
      ['tcp', [], 'outbound|100||http.com'],
    ]);
    expect(l.tlsInspector).toBe(false);
  });
});

describe('TestBuildGatewayListenerTlsContext (pilot/pkg/networking/core/gateway_test.go): ALPN, SDS names, client certs', () => {
  const tlsOf = (protocol: string, tls: string) => {
    const { compiled } = compileYaml(
      gw('g', 'testns', server({ name: 'p', number: 443, protocol, hosts: ['httpbin.example.com'], tls })) +
        tcpVS('v', 'testns/g', ['httpbin.example.com'], undefined, 'foo.com'),
    );
    return compiled.listeners[0].filterChains[0].tls!;
  };
  const pick = (t: ReturnType<typeof tlsOf>) => ({
    alpn: t.alpn,
    sdsSecret: t.sdsSecret,
    sdsCaSecret: t.sdsCaSecret,
    requireClientCertificate: t.requireClientCertificate,
  });
  const cases: [string, string, string, ReturnType<typeof pick>][] = [
    [
      'mesh SDS enabled, tls mode ISTIO_MUTUAL',
      'HTTPS',
      '{mode: ISTIO_MUTUAL}',
      {
        alpn: ['h2', 'http/1.1'],
        sdsSecret: 'default',
        sdsCaSecret: 'ROOTCA',
        requireClientCertificate: true,
      },
    ],
    [
      'tls mode ISTIO_MUTUAL, with credentialName (ignored)',
      'HTTPS',
      '{mode: ISTIO_MUTUAL, credentialName: ignored}',
      {
        alpn: ['h2', 'http/1.1'],
        sdsSecret: 'default',
        sdsCaSecret: 'ROOTCA',
        requireClientCertificate: true,
      },
    ],
    [
      'no credential name no key no cert tls SIMPLE',
      'HTTPS',
      '{mode: SIMPLE}',
      { alpn: ['h2', 'http/1.1'], sdsSecret: 'default', sdsCaSecret: null, requireClientCertificate: false },
    ],
    [
      'credential name no key no cert tls SIMPLE',
      'HTTPS',
      '{mode: SIMPLE, credentialName: ingress-sds-resource-name}',
      {
        alpn: ['h2', 'http/1.1'],
        sdsSecret: 'kubernetes://ingress-sds-resource-name',
        sdsCaSecret: null,
        requireClientCertificate: false,
      },
    ],
    [
      'no credential name key and cert tls SIMPLE',
      'HTTPS',
      '{mode: SIMPLE, serverCertificate: server-cert.crt, privateKey: private-key.key}',
      {
        alpn: ['h2', 'http/1.1'],
        sdsSecret: 'file-cert:server-cert.crt~private-key.key',
        sdsCaSecret: null,
        requireClientCertificate: false,
      },
    ],
    [
      'credential name tls MUTUAL',
      'HTTPS',
      '{mode: MUTUAL, credentialName: ingress-sds-resource-name}',
      {
        alpn: ['h2', 'http/1.1'],
        sdsSecret: 'kubernetes://ingress-sds-resource-name',
        sdsCaSecret: 'kubernetes://ingress-sds-resource-name-cacert',
        requireClientCertificate: true,
      },
    ],
    [
      'tls OPTIONAL MUTUAL',
      'HTTPS',
      '{mode: OPTIONAL_MUTUAL, credentialName: ingress-sds-resource-name}',
      {
        alpn: ['h2', 'http/1.1'],
        sdsSecret: 'kubernetes://ingress-sds-resource-name',
        sdsCaSecret: 'kubernetes://ingress-sds-resource-name-cacert',
        requireClientCertificate: false,
      },
    ],
    [
      'tcp server with terminating (non-istio)mutual tls',
      'TLS',
      '{mode: MUTUAL, serverCertificate: server-cert.crt, privateKey: private-key.key, caCertificates: ca-cert.crt}',
      {
        alpn: ['h2', 'http/1.1'],
        sdsSecret: 'file-cert:server-cert.crt~private-key.key',
        sdsCaSecret: 'file-root:ca-cert.crt',
        requireClientCertificate: true,
      },
    ],
    [
      'mesh SDS enabled, tcp server, tls mode ISTIO_MUTUAL',
      'TLS',
      '{mode: ISTIO_MUTUAL}',
      {
        alpn: ['istio-peer-exchange', 'h2', 'http/1.1'],
        sdsSecret: 'default',
        sdsCaSecret: 'ROOTCA',
        requireClientCertificate: true,
      },
    ],
    [
      'tcp server, tls SIMPLE',
      'TLS',
      '{mode: SIMPLE, credentialName: ingress-sds-resource-name}',
      {
        alpn: ['h2', 'http/1.1'],
        sdsSecret: 'kubernetes://ingress-sds-resource-name',
        sdsCaSecret: null,
        requireClientCertificate: false,
      },
    ],
  ];
  for (const [name, protocol, tls, want] of cases) {
    it(name, () => {
      expect(pick(tlsOf(protocol, tls))).toEqual(want);
    });
  }
});
