// Gateway merging, ported from istio/istio pilot/pkg/model/gateway_test.go (the version with
// TestMergeGatewaysHttpsFirstBug and TestFilterStrictGatewayMerging; the merge code it exercises was read
// at pilot/pkg/model/gateway.go @ee3833fe): TestMergeGateways, TestMergeGatewaysHttpsFirstBug,
// TestParseGatewayRDSRouteName.
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../src/sim/resources/parse.ts';
import { buildSnapshot } from '../../../src/sim/cluster/snapshot.ts';
import { mergeGateways, parseGatewayRDSRouteName } from '../../../src/sim/compile/merge.ts';
import type { MergedGateway } from '../../../src/sim/compile/merge.ts';

/**
 * gateway_test.go makeConfig: one server with one host and a `tls` block of the given mode (every
 * TestMergeGateways config has one, even plain HTTP servers).
 */
function makeConfig(
  name: string,
  namespace: string,
  host: string,
  portName: string,
  protocol: string,
  port: number,
  gw: string,
  bind: string,
  mode = 'SIMPLE',
): string {
  return `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  selector: {istio: ${gw}}
  servers:
  - hosts: ["${host}"]
    port: {name: ${portName}, number: ${port}, protocol: ${protocol}}${bind ? `\n    bind: ${bind}` : ''}
    tls: {mode: ${mode}}
`;
}

const gw = {
  HTTPFoo: makeConfig('foo1', 'not-default', 'foo.bar.com', 'name1', 'http', 7, 'ingressgateway', ''),
  HTTPbar: makeConfig('bar1', 'not-default', 'bar.foo.com', 'bname1', 'http', 7, 'ingressgateway', ''),
  HTTPlocalbar: makeConfig(
    'lcoalbar1',
    'not-default',
    'localbar.foo.com',
    'bname1',
    'http',
    7,
    'ingressgateway',
    '127.0.0.1',
  ),
  HTTP2Wildcard: makeConfig('foo5', 'not-default', '*', 'name5', 'http2', 8, 'ingressgateway', ''),
  HTTPWildcard: makeConfig('foo3', 'not-default', '*', 'name3', 'http', 8, 'ingressgateway', ''),
  TCPWildcard: makeConfig('foo4', 'not-default-2', '*', 'name4', 'tcp', 8, 'ingressgateway', ''),
  HTTPWildcardAlternate: makeConfig('foo2', 'not-default', '*', 'name2', 'http', 7, 'ingressgateway2', ''),
  Simple: makeConfig(
    'foo-simple',
    'not-default-2',
    '*.example.com',
    'https',
    'HTTPS',
    443,
    'ingressgateway',
    '',
  ),
  Passthrough: makeConfig(
    'foo-passthrough',
    'not-default-2',
    'foo.example.com',
    'tls-foo',
    'TLS',
    443,
    'ingressgateway',
    '',
    'PASSTHROUGH',
  ),
};

/**
 * The Go tests call mergeGateways with gatewayWithInstances{config, legacySelector: true, instances: nil}
 * in the listed order, without selecting by labels: do the same.
 */
function merge(...configs: string[]): MergedGateway {
  const gateways = configs.map((yaml) => {
    const parsed = parseConfigText(yaml);
    const { snapshot } = buildSnapshot(parsed.resources, 'none');
    return snapshot.gateways[0];
  });
  return mergeGateways(gateways.map((gateway) => ({ gateway, legacySelector: true, instances: [] })));
}

function summary(m: MergedGateway) {
  return {
    mergedServers: m.serverPorts.length,
    servers: m.serverPorts.reduce((n, p) => n + p.servers.length, 0),
    serversForRoute: Object.fromEntries(Object.entries(m.serversByRouteName).map(([k, v]) => [k, v.length])),
  };
}

describe('TestMergeGateways (pilot/pkg/model/gateway_test.go)', () => {
  // [name, configs, mergedServersNum, serverNum, serversForRouteNum]. The gatewaysNum and
  // verifiedCertNum columns are not ported (the first counts the input; the second needs a proxy's
  // verified SPIFFE identity and kubernetes-gateway:// credentials), nor the credential-only cases.
  const cases: [string, string[], number, number, Record<string, number>][] = [
    ['single-server-config', [gw.HTTPFoo], 1, 1, { 'http.7': 1 }],
    ['two servers on the same port', [gw.HTTPFoo, gw.HTTPbar], 1, 2, { 'http.7': 2 }],
    [
      'two servers on the same port with different bind',
      [gw.HTTPbar, gw.HTTPlocalbar],
      2,
      2,
      { 'http.7': 1, 'http.7.127.0.0.1': 1 },
    ],
    ['same-server-config', [gw.HTTPFoo, gw.HTTPWildcardAlternate], 1, 2, { 'http.7': 2 }],
    [
      'multi-server-config',
      [gw.HTTPFoo, gw.HTTPWildcardAlternate, gw.HTTPWildcard],
      2,
      3,
      { 'http.7': 2, 'http.8': 1 },
    ],
    ['http-tcp-wildcard-server-config', [gw.HTTPFoo, gw.TCPWildcard], 2, 2, { 'http.7': 1 }],
    ['tcp-http-server-config', [gw.TCPWildcard, gw.HTTPWildcard], 1, 1, {}],
    ['tcp-tcp-server-config', [gw.HTTPWildcard, gw.TCPWildcard], 1, 1, { 'http.8': 1 }],
    // Both servers carry a tls block with host `*` on port 8: the second is a duplicate host.
    ['http-http2-server-config', [gw.HTTPWildcard, gw.HTTP2Wildcard], 1, 1, { 'http.8': 1 }],
    [
      'simple-passthrough',
      [gw.Simple, gw.Passthrough],
      2,
      2,
      { 'https.443.https.foo-simple.not-default-2': 1 },
    ],
  ];
  cases.forEach(([name, configs, mergedServers, servers, serversForRoute], i) => {
    it(`[${i}] ${name}`, () => {
      expect(summary(merge(...configs))).toEqual({ mergedServers, servers, serversForRoute });
    });
  });
});

describe('TestMergeGatewaysHttpsFirstBug (pilot/pkg/model/gateway_test.go)', () => {
  const https = makeConfig(
    'foo-https',
    'not-default',
    '*.example.com',
    'https-port',
    'HTTPS',
    443,
    'ingressgateway',
    '10.0.0.1',
  );
  const http = makeConfig(
    'foo-http',
    'not-default',
    '*.example.com',
    'http-port',
    'HTTP',
    443,
    'ingressgateway',
    '10.0.0.2',
  );
  const httpsRoute = 'https.443.https-port.foo-https.not-default.10.0.0.1';
  const httpRoute = 'http.443.10.0.0.2';

  it('https-first-then-http: two merged servers, both route names, both server ports', () => {
    const m = merge(https, http);
    expect(m.serverPorts).toHaveLength(2);
    expect(Object.keys(m.serversByRouteName)).toEqual(expect.arrayContaining([httpsRoute, httpRoute]));
    expect(m.serverPorts.map((p) => p.key)).toEqual(
      expect.arrayContaining([
        { number: 443, protocol: 'HTTPS', bind: '10.0.0.1' },
        { number: 443, protocol: 'HTTP', bind: '10.0.0.2' },
      ]),
    );
  });

  it('http-first-then-https: two merged servers and both route names', () => {
    const m = merge(http, https);
    expect(m.serverPorts).toHaveLength(2);
    expect(Object.keys(m.serversByRouteName)).toEqual(expect.arrayContaining([httpRoute, httpsRoute]));
  });

  it('https first: the HTTP server joins through the TLS branch, whose MergedServers keep RouteName "" (gateway.go @ee3833fe)', () => {
    const m = merge(https, http);
    const plain = m.serverPorts.find((p) => p.key.protocol === 'HTTP')!;
    expect(plain.routeName).toBe('');
    // http first: the HTTP server opened the port, so its MergedServers carry the route name.
    const m2 = merge(http, https);
    expect(m2.serverPorts.find((p) => p.key.protocol === 'HTTP')!.routeName).toBe(httpRoute);
  });
});

describe('TestParseGatewayRDSRouteName (pilot/pkg/model/gateway_test.go)', () => {
  const cases: [string, string, number, string, string][] = [
    ['invalid rds name', 'https.scooby.dooby.doo', 0, '', ''],
    ['gateway http rds name', 'http.80', 80, '', ''],
    ['https rds name', 'https.443.app1.gw1.ns1', 443, 'app1', 'ns1/gw1'],
  ];
  for (const [name, rds, portNumber, portName, gatewayName] of cases) {
    it(name, () => {
      expect(parseGatewayRDSRouteName(rds)).toEqual({ portNumber, portName, gatewayName });
    });
  }
});
