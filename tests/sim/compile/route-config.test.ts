// Virtual hosts per route configuration, ported from istio/istio
// pilot/pkg/networking/core/gateway_test.go @a70cb135 TestGatewayHTTPRouteConfig: the expected vhost
// name -> domains map, the route count per vhost and require_tls on every vhost. The stateful-session and
// request-attempt-count columns are not modelled.
import { describe, expect, it } from 'vitest';
import { compileYaml, vhostTables } from './helpers.ts';

const gw = (name: string, servers: string) => `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: ${name}, namespace: default}
spec:
  selector: {istio: ingressgateway}
  servers:
${servers}
---
`;
const http80 = (host: string, redirect = false) =>
  `  - hosts: ["${host}"]
    port: {name: http, number: 80, protocol: HTTP}${redirect ? '\n    tls: {httpsRedirect: true}' : ''}`;

const gateways = {
  httpRedirectGateway: gw('gateway-redirect', http80('example.org', true)),
  httpRedirectGatewayWithoutVS: gw('gateway-redirect-noroutes', http80('example.org', true)),
  httpGateway: gw('gateway', http80('example.org')),
  httpCaseInSensitiveGateway: gw('case-insensitive-gateway', http80('Example.org')),
  httpsGateway: gw(
    'gateway-https',
    `${http80('Example.org', true)}
  - hosts: ["example.org"]
    port: {name: https, number: 443, protocol: HTTPS}
    tls: {mode: SIMPLE}`,
  ),
  httpsGatewayRedirect: gw(
    'gateway-https',
    `${http80('example.org', true)}
  - hosts: ["example.org"]
    port: {name: https, number: 443, protocol: HTTPS}
    tls: {httpsRedirect: true, mode: SIMPLE}`,
  ),
  httpGatewayWildcard: gw('gateway', http80('*')),
};

const vs = (
  name: string,
  hosts: string[],
  gateways: string[],
  http: string,
) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ${name}, namespace: default}
spec:
  hosts: ${JSON.stringify(hosts)}
  gateways: ${JSON.stringify(gateways)}
  http:
${http}
---
`;
const toExample80 = `  - route:
    - destination: {host: example.org, port: {number: 80}}`;

const virtualServices = {
  virtualService: vs('virtual-service', ['example.org'], ['gateway', 'gateway-redirect'], toExample80),
  virtualServiceCaseInsensitive: vs(
    'virtual-service-case-insensitive',
    ['Example.org'],
    ['case-insensitive-gateway', 'gateway-redirect'],
    toExample80,
  ),
  virtualServiceHTTPS: vs(
    'virtual-service-https',
    ['example.org'],
    ['gateway-https'],
    `  - match: [{port: 443}]
    route:
    - destination: {host: example.default.svc.cluster.local, port: {number: 8080}}`,
  ),
  virtualServiceCopy: vs(
    'virtual-service-copy',
    ['example.org'],
    ['gateway', 'gateway-redirect'],
    toExample80,
  ),
  virtualServiceWildcard: vs(
    'virtual-service-wildcard',
    ['*.org'],
    ['gateway', 'gateway-redirect'],
    toExample80,
  ),
};
type G = keyof typeof gateways;
type V = keyof typeof virtualServices;

const cases: {
  name: string;
  virtualServices: V[];
  gateways: G[];
  routeName: string;
  expectedVirtualHosts: Record<string, string[]>;
  expectedHTTPRoutes: Record<string, number>;
  redirect?: boolean;
}[] = [
  {
    name: '404 when no services',
    virtualServices: [],
    gateways: ['httpGateway'],
    routeName: 'http.80',
    expectedVirtualHosts: { 'blackhole:80': ['*'] },
    expectedHTTPRoutes: { 'blackhole:80': 0 },
  },
  {
    name: 'tls redirect without virtual services',
    virtualServices: ['virtualService'],
    gateways: ['httpRedirectGatewayWithoutVS'],
    routeName: 'http.80',
    expectedVirtualHosts: { 'example.org:80': ['example.org'] },
    expectedHTTPRoutes: { 'example.org:80': 0 },
    redirect: true,
  },
  {
    name: 'virtual services with tls redirect',
    virtualServices: ['virtualService'],
    gateways: ['httpRedirectGateway'],
    routeName: 'http.80',
    expectedVirtualHosts: { 'example.org:80': ['example.org'] },
    expectedHTTPRoutes: { 'example.org:80': 1 },
    redirect: true,
  },
  {
    name: 'merging of virtual services when tls redirect is set',
    virtualServices: ['virtualService', 'virtualServiceCopy'],
    gateways: ['httpRedirectGateway', 'httpGateway'],
    routeName: 'http.80',
    expectedVirtualHosts: { 'example.org:80': ['example.org'] },
    expectedHTTPRoutes: { 'example.org:80': 4 },
    redirect: true,
  },
  {
    name: 'reverse merging of virtual services when tls redirect is set',
    virtualServices: ['virtualService', 'virtualServiceCopy'],
    gateways: ['httpGateway', 'httpRedirectGateway'],
    routeName: 'http.80',
    expectedVirtualHosts: { 'example.org:80': ['example.org'] },
    expectedHTTPRoutes: { 'example.org:80': 4 },
    redirect: true,
  },
  {
    name: 'merging of virtual services when tls redirect is set without VS',
    virtualServices: ['virtualService', 'virtualServiceCopy'],
    gateways: ['httpGateway', 'httpRedirectGatewayWithoutVS'],
    routeName: 'http.80',
    expectedVirtualHosts: { 'example.org:80': ['example.org'] },
    expectedHTTPRoutes: { 'example.org:80': 2 },
    redirect: true,
  },
  {
    name: 'reverse merging of virtual services when tls redirect is set without VS',
    virtualServices: ['virtualService', 'virtualServiceCopy'],
    gateways: ['httpRedirectGatewayWithoutVS', 'httpGateway'],
    routeName: 'http.80',
    expectedVirtualHosts: { 'example.org:80': ['example.org'] },
    expectedHTTPRoutes: { 'example.org:80': 2 },
    redirect: true,
  },
  {
    name: 'add a route for a virtual service',
    virtualServices: ['virtualService'],
    gateways: ['httpGateway'],
    routeName: 'http.80',
    expectedVirtualHosts: { 'example.org:80': ['example.org'] },
    expectedHTTPRoutes: { 'example.org:80': 1 },
  },
  {
    name: 'duplicate virtual service should merge',
    virtualServices: ['virtualService', 'virtualServiceCopy'],
    gateways: ['httpGateway'],
    routeName: 'http.80',
    expectedVirtualHosts: { 'example.org:80': ['example.org'] },
    expectedHTTPRoutes: { 'example.org:80': 2 },
  },
  {
    name: 'duplicate virtual service case insensitive',
    virtualServices: ['virtualService', 'virtualServiceCaseInsensitive'],
    gateways: ['httpGateway', 'httpCaseInSensitiveGateway'],
    routeName: 'http.80',
    expectedVirtualHosts: { 'example.org:80': ['example.org'] },
    expectedHTTPRoutes: { 'example.org:80': 2 },
  },
  {
    name: 'duplicate by wildcard should merge',
    virtualServices: ['virtualService', 'virtualServiceWildcard'],
    gateways: ['httpGateway'],
    routeName: 'http.80',
    expectedVirtualHosts: { 'example.org:80': ['example.org'] },
    expectedHTTPRoutes: { 'example.org:80': 2 },
  },
  {
    name: 'wildcard virtual service',
    virtualServices: ['virtualServiceWildcard'],
    gateways: ['httpGatewayWildcard'],
    routeName: 'http.80',
    expectedVirtualHosts: { '*.org:80': ['*.org'] },
    expectedHTTPRoutes: { '*.org:80': 1 },
  },
  {
    name: 'http redirection not working when virtualservice not match http port (https route config)',
    virtualServices: ['virtualServiceHTTPS'],
    gateways: ['httpsGateway'],
    routeName: 'https.443.https.gateway-https.default',
    expectedVirtualHosts: { 'example.org:443': ['example.org'] },
    expectedHTTPRoutes: { 'example.org:443': 1 },
  },
  {
    name: 'http redirection not working when virtualservice not match http port (http route config)',
    virtualServices: ['virtualServiceHTTPS'],
    gateways: ['httpsGateway'],
    routeName: 'http.80',
    expectedVirtualHosts: { 'example.org:80': ['example.org'] },
    expectedHTTPRoutes: { 'example.org:80': 0 },
    redirect: true,
  },
  {
    name: 'http & https redirection not working when virtualservice not match http port (https route config)',
    virtualServices: ['virtualServiceHTTPS'],
    gateways: ['httpsGatewayRedirect'],
    routeName: 'https.443.https.gateway-https.default',
    expectedVirtualHosts: { 'example.org:443': ['example.org'] },
    expectedHTTPRoutes: { 'example.org:443': 1 },
    redirect: true,
  },
  {
    name: 'http & https redirection not working when virtualservice not match http port (http route config)',
    virtualServices: ['virtualServiceHTTPS'],
    gateways: ['httpsGatewayRedirect'],
    routeName: 'http.80',
    expectedVirtualHosts: { 'example.org:80': ['example.org'] },
    expectedHTTPRoutes: { 'example.org:80': 0 },
    redirect: true,
  },
];

describe('TestGatewayHTTPRouteConfig (pilot/pkg/networking/core/gateway_test.go)', () => {
  for (const tt of cases) {
    it(tt.name, () => {
      const yaml = [
        ...tt.gateways.map((g) => gateways[g]),
        ...tt.virtualServices.map((v) => virtualServices[v]),
      ].join('');
      const { compiled } = compileYaml(yaml);
      const t = vhostTables(compiled, tt.routeName);
      expect(t.domains).toEqual(tt.expectedVirtualHosts);
      expect(t.routes).toEqual(tt.expectedHTTPRoutes);
      for (const [name, requireTls] of Object.entries(t.redirect)) {
        expect(requireTls, `require_tls on ${name}`).toBe(tt.redirect ?? false);
      }
      expect(compiled.routeConfigs[tt.routeName].ignorePortInHostMatching).toBe(true);
    });
  }
});

describe('collapseDuplicateRoutes (gateway.go), beyond the upstream table', () => {
  it('vhosts fed by the same routes collapse under the first name in host.Names order (longest first)', () => {
    const { compiled } = compileYaml(
      gw(
        'gateway',
        `  - hosts: ["a.org", "bbb.org", "*.org"]\n    port: {name: http, number: 80, protocol: HTTP}`,
      ) + vs('v', ['a.org', 'bbb.org', '*.org'], ['gateway'], toExample80),
    );
    const t = vhostTables(compiled, 'http.80');
    expect(t.domains).toEqual({ 'bbb.org:80': ['bbb.org', 'a.org', '*.org'] });
  });

  it('route-less redirect vhosts collapse too, but never with vhosts that have routes', () => {
    const { compiled } = compileYaml(
      gw(
        'gateway',
        `  - hosts: ["a.org", "bb.org", "c.org"]\n    port: {name: http, number: 80, protocol: HTTP}\n    tls: {httpsRedirect: true}`,
      ) + vs('v', ['c.org'], ['gateway'], toExample80),
    );
    const t = vhostTables(compiled, 'http.80');
    expect(t.domains).toEqual({ 'bb.org:80': ['bb.org', 'a.org'], 'c.org:80': ['c.org'] });
    expect(t.routes).toEqual({ 'bb.org:80': 0, 'c.org:80': 1 });
  });
});
