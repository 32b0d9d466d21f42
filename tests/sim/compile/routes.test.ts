// HTTP route translation, ported from istio/istio pilot/pkg/networking/core/route/route_test.go
// @9befed2f (TestBuildHTTPRoutes: catch-all cut-off, port match, source labels, header / query
// matchers, present matches) with the rules of route/route.go @7021701d (IsCatchAllRoute,
// SortVHostRoutes, applyHTTPRouteDestination's zero-weight rule, ApplyRedirect's port/scheme rules,
// TranslateRouteMatch), checked through our buildHTTPRoutesForVirtualService and Envoy-side matching.
import { describe, expect, it } from 'vitest';
import { compileYaml } from './helpers.ts';
import {
  buildHTTPRoutesForVirtualService,
  isCatchAllRoute,
  resolveVirtualServices,
  translateRouteMatch,
} from '../../../src/sim/compile/routes.ts';
import { buildServiceRegistry } from '../../../src/sim/compile/services.ts';
import { resolveGatewayProxy } from '../../../src/sim/compile/proxy.ts';
import { routeMismatch, selectRoute } from '../../../src/sim/traffic/envoy.ts';
import type { Route } from '../../../src/sim/compile/types.ts';
import { TEST_PROXY } from './helpers.ts';

/** BuildHTTPRoutesForVirtualService for the VS in `httpYaml` (namespace default, gateway some-gateway). */
function routesFor(httpYaml: string, listenPort = 8080, isTLS = false, annotations = ''): Route[] {
  const { snapshot } = compileYaml(`apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: acme
  namespace: default${annotations}
spec:
  hosts: [headers.test.istio.io]
  gateways: [some-gateway]
  http:
${httpYaml}
`);
  const proxy = resolveGatewayProxy(snapshot, TEST_PROXY);
  const ctx = { snapshot, registry: buildServiceRegistry(snapshot), proxy };
  const [rvs] = resolveVirtualServices(snapshot);
  return buildHTTPRoutesForVirtualService(ctx, rvs, listenPort, ['default/some-gateway'], isTLS);
}

const req = (path: string, headers: Record<string, string> = {}) => ({
  method: 'GET',
  path,
  authority: 'headers.test.istio.io',
  scheme: 'http' as const,
  headers,
});

describe('TestBuildHTTPRoutes (route/route_test.go)', () => {
  it('for virtual service with catch all route: routes stop after the catch-all match', () => {
    const routes = routesFor(`  - name: route
    match:
    - name: non-catch-all
      uri: {prefix: /route/v1}
    - name: catch-all
      uri: {prefix: /}
    route: [{destination: {host: "*.example.org", port: {number: 8484}}, weight: 100}]
  - name: never
    route: [{destination: {host: never.example.org}}]`);
    expect(routes.map((r) => r.name)).toEqual(['route.non-catch-all', 'route.catch-all']);
    expect(routes.map((r) => r.catchAll)).toEqual([false, true]);
  });

  it('for virtual service with catch all route：port match (a match with only a port is a catch-all)', () => {
    const routes = routesFor(`  - name: route 1
    match: [{name: catch-all for 8080, port: 8080}]
    route: [{destination: {host: example1.default.svc.cluster.local, port: {number: 8484}}}]
  - name: route 2
    match: [{name: header match, headers: {cookie: {exact: canary}}}]
    route: [{destination: {host: example2.default.svc.cluster.local, port: {number: 8484}}}]
  - name: route 3
    route: [{destination: {host: example1.default.svc.cluster.local, port: {number: 8484}}}]`);
    expect(routes.map((r) => r.name)).toEqual(['route 1.catch-all for 8080']);
  });

  it('a port match for another port drops that match (listener 9090 here)', () => {
    const routes = routesFor(
      `  - name: route 1
    match: [{name: catch-all for 8080, port: 8080}]
    route: [{destination: {host: example1.default.svc.cluster.local, port: {number: 8484}}}]
  - name: route 3
    route: [{destination: {host: example1.default.svc.cluster.local, port: {number: 8484}}}]`,
      9090,
    );
    expect(routes.map((r) => r.name)).toEqual(['route 3']);
  });

  it('for internally generated virtual service with ingress semantics: prefix → path_separated_prefix, / stays prefix', () => {
    const http = `  - name: route
    match:
    - {name: non-catch-all, uri: {prefix: /route/v1}}
    - {name: catch-all, uri: {prefix: /}}
    route: [{destination: {host: "*.example.org", port: {number: 8484}}}]`;
    for (const semantics of ['ingress', 'gateway']) {
      const routes = routesFor(
        http,
        8080,
        false,
        `\n  annotations:\n    internal.istio.io/route-semantics: ${semantics}`,
      );
      expect(routes.map((r) => r.match.path)).toEqual([
        { kind: 'pathSeparatedPrefix', value: '/route/v1' },
        { kind: 'prefix', value: '/' },
      ]);
    }
    expect(routesFor(http).map((r) => r.match.path.kind)).toEqual(['prefix', 'prefix']);
  });

  it('for virtual service with top level catch all route: a match whose sourceLabels miss the gateway is dropped', () => {
    const routes = routesFor(`  - match:
    - name: headers-only
      headers: {version: {exact: v2}}
      sourceLabels: {version: v1}
    route: [{destination: {host: c-weighted.extsvc.com, subset: v2}, weight: 100}]
  - route: [{destination: {host: c-weighted.extsvc.com, subset: v1}, weight: 100}]`);
    expect(routes).toHaveLength(1);
    expect(routes[0].action).toMatchObject({ cluster: 'outbound|8080|v1|c-weighted.extsvc.com' });
  });

  it('for virtual service with multi prefix catch all route: a skipped catch-all does not cut the list', () => {
    const routes = routesFor(`  - match:
    - {name: catch-all, uri: {prefix: /}, sourceLabels: {matchingNoSrc: xxx}}
    - {name: specific match, uri: {prefix: /a}}
    route: [{destination: {host: "*.example.org", port: {number: 8484}}, weight: 100}]`);
    expect(routes.map((r) => r.name)).toEqual(['.specific match']);
  });

  it('for virtual service with regex matching on URI', () => {
    const [r] = routesFor(`  - match: [{uri: {regex: "\\\\/(.?)\\\\/status"}}]
    route: [{destination: {host: "*.example.org", port: {number: 8484}}}]`);
    expect(r.match.path).toEqual({ kind: 'regex', value: '\\/(.?)\\/status' });
  });

  it('for virtual service with regex matching on header', () => {
    const [r] = routesFor(`  - match: [{headers: {Authentication: {regex: "Bearer .+?\\\\..+?\\\\..+?"}}}]
    route: [{destination: {host: "*.example.org", port: {number: 8484}}}]`);
    expect(r.match.headers).toEqual([
      { name: 'authentication', match: { regex: 'Bearer .+?\\..+?\\..+?' }, present: false, invert: false },
    ]);
    expect(routeMismatch(r, req('/', { authentication: 'Bearer a.b.c' }))).toBeNull();
    expect(routeMismatch(r, req('/', { authentication: 'Basic abc' }))).not.toBeNull();
  });

  it('for virtual service with regex matching on without_header: inverted, a missing header counts as empty', () => {
    const [r] = routesFor(`  - match: [{withoutHeaders: {FOO-HEADER: {regex: "BAR .+?\\\\..+?\\\\..+?"}}}]
    route: [{destination: {host: "*.example.org", port: {number: 8484}}}]`);
    expect(r.match.headers).toEqual([
      { name: 'foo-header', match: { regex: 'BAR .+?\\..+?\\..+?' }, present: false, invert: true },
    ]);
    expect(routeMismatch(r, req('/'))).toBeNull();
    expect(routeMismatch(r, req('/', { 'foo-header': 'BAR a.b.c' }))).not.toBeNull();
  });

  it('for virtual service with presence matching on header: {} and regex "*" are present_match', () => {
    for (const m of ['{}', '{regex: "*"}']) {
      const [r] = routesFor(`  - match: [{headers: {FOO-HEADER: ${m}}}]
    route: [{destination: {host: "*.example.org", port: {number: 8484}}}]`);
      expect(r.match.headers).toEqual([{ name: 'foo-header', match: null, present: true, invert: false }]);
      expect(r.catchAll).toBe(false);
      expect(routeMismatch(r, req('/', { 'foo-header': 'anything' }))).toBeNull();
      expect(routeMismatch(r, req('/'))).not.toBeNull();
    }
  });

  it('for virtual service with presence matching on header and without_header: present + invert', () => {
    const [r] = routesFor(`  - match: [{withoutHeaders: {FOO-HEADER: {}}}]
    route: [{destination: {host: "*.example.org", port: {number: 8484}}}]`);
    expect(r.match.headers).toEqual([{ name: 'foo-header', match: null, present: true, invert: true }]);
    expect(routeMismatch(r, req('/'))).toBeNull();
    expect(routeMismatch(r, req('/', { 'foo-header': 'x' }))).not.toBeNull();
  });

  it('query parameters: exact, prefix, regex, and regex "*" as present_match', () => {
    const [exact] = routesFor(`  - match: [{queryParams: {token: {exact: foo}}}]
    route: [{destination: {host: a.example.org}}]`);
    expect(exact.match.queryParameters[0]).toMatchObject({
      name: 'token',
      match: { exact: 'foo' },
      present: false,
    });
    expect(routeMismatch(exact, req('/?token=foo'))).toBeNull();
    expect(routeMismatch(exact, req('/?token=foo-bar'))).not.toBeNull();
    const [prefix] = routesFor(`  - match: [{queryParams: {token: {prefix: foo-}}}]
    route: [{destination: {host: a.example.org}}]`);
    expect(routeMismatch(prefix, req('/?token=foo-bar'))).toBeNull();
    const [regex] = routesFor(`  - match: [{queryParams: {token: {regex: "BAR .+"}}}]
    route: [{destination: {host: a.example.org}}]`);
    expect(regex.match.queryParameters[0].match).toEqual({ regex: 'BAR .+' });
    const [present] = routesFor(`  - match: [{queryParams: {token: {regex: "*"}}}]
    route: [{destination: {host: a.example.org}}]`);
    expect(present.match.queryParameters[0]).toMatchObject({ name: 'token', present: true });
    expect(routeMismatch(present, req('/?token='))).toBeNull();
    expect(routeMismatch(present, req('/'))).not.toBeNull();
  });

  it('header matchers are sorted by name; method, authority and scheme follow unsorted', () => {
    const [r] = routesFor(`  - match:
    - headers: {zeta: {exact: "1"}, Alpha: {exact: "2"}}
      withoutHeaders: {beta: {exact: "3"}}
      method: {exact: GET}
      authority: {prefix: a}
      scheme: {exact: http}
    route: [{destination: {host: a.example.org}}]`);
    // Go sorts "Alpha" < "beta" < "zeta" (byte order, written names).
    expect(r.match.headers.map((h) => h.name)).toEqual([
      'alpha',
      'beta',
      'zeta',
      ':method',
      ':authority',
      ':scheme',
    ]);
  });
});

describe('IsCatchAllRoute (route/route.go)', () => {
  const m = (match: Parameters<typeof translateRouteMatch>[0]) => isCatchAllRoute(translateRouteMatch(match));
  const base = {
    index: 0,
    name: '',
    uri: null,
    scheme: null,
    method: null,
    authority: null,
    headers: {},
    withoutHeaders: {},
    queryParams: {},
    port: null,
    gateways: [],
    ignoreUriCase: false,
    sourceLabels: {},
    sourceNamespace: '',
  };
  it('no match, prefix /, regex .* are catch-alls', () => {
    expect(isCatchAllRoute(translateRouteMatch(null))).toBe(true);
    expect(m({ ...base, uri: { prefix: '/' } })).toBe(true);
    expect(m({ ...base, uri: { regex: '.*' } })).toBe(true);
    expect(m(base)).toBe(true);
  });
  it('other paths, exact /, or any header / query / method matcher are not', () => {
    expect(m({ ...base, uri: { prefix: '/a' } })).toBe(false);
    expect(m({ ...base, uri: { exact: '/' } })).toBe(false);
    expect(m({ ...base, uri: { regex: '/.*' } })).toBe(false);
    expect(m({ ...base, headers: { a: { exact: 'b' } } })).toBe(false);
    expect(m({ ...base, queryParams: { a: { exact: 'b' } } })).toBe(false);
    expect(m({ ...base, method: { exact: 'GET' } })).toBe(false);
  });
});

describe('SortVHostRoutes (route/route.go) in a gateway route configuration', () => {
  it('catch-all routes of earlier VirtualServices move behind the others; the rest keep their order', () => {
    const { compiled, call } = compileYaml(`apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: gw, namespace: default}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: [example.com]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: a, namespace: default, creationTimestamp: "2020-01-01T00:00:00Z"}
spec:
  hosts: [example.com]
  gateways: [gw]
  http:
  - match: [{uri: {prefix: /a}}]
    route: [{destination: {host: a}}]
  - route: [{destination: {host: catchall}}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: b, namespace: default, creationTimestamp: "2020-01-02T00:00:00Z"}
spec:
  hosts: [example.com]
  gateways: [gw]
  http:
  - match: [{uri: {prefix: /b}}]
    route: [{destination: {host: b}}]
`);
    const vh = compiled.routeConfigs['http.80'].virtualHosts[0];
    expect(vh.routes.map((r) => r.action.kind === 'route' && r.action.cluster)).toEqual([
      'outbound|80||a.default.svc.cluster.local',
      'outbound|80||b.default.svc.cluster.local',
      'outbound|80||catchall.default.svc.cluster.local',
    ]);
    expect(selectRoute(vh, req('/b')).route?.virtualService).toBe('default/b');
    expect(call({ port: 80, host: 'example.com', path: '/b' }).cluster).toBe(
      'outbound|80||b.default.svc.cluster.local',
    );
  });
});

describe('applyHTTPRouteDestination (route/route.go): single vs weighted destinations', () => {
  it('one destination is a plain cluster even with a weight', () => {
    const [r] = routesFor(`  - route: [{destination: {host: a.example.org, port: {number: 80}}, weight: 0}]`);
    expect(r.action).toMatchObject({
      kind: 'route',
      cluster: 'outbound|80||a.example.org',
      weightedClusters: null,
    });
  });
  it('several destinations become weighted clusters; zero weights are left out', () => {
    const [r] = routesFor(`  - route:
    - {destination: {host: a.example.org, port: {number: 80}}, weight: 0}
    - {destination: {host: b.example.org, port: {number: 80}}, weight: 30}
    - {destination: {host: c.example.org, port: {number: 80}, subset: v2}, weight: 70}`);
    expect(r.action.kind === 'route' && r.action.cluster).toBe('');
    expect(r.action.kind === 'route' && r.action.weightedClusters?.map((w) => [w.cluster, w.weight])).toEqual(
      [
        ['outbound|80||b.example.org', 30],
        ['outbound|80|v2|c.example.org', 70],
      ],
    );
  });
  it('GetDestinationCluster: no port and an unknown service → the listener (server) port', () => {
    const [r] = routesFor(`  - route: [{destination: {host: unknown.example.org}}]`, 8443);
    expect(r.action).toMatchObject({ cluster: 'outbound|8443||unknown.example.org' });
  });
});

describe('ApplyRedirect (route/route.go): port and scheme rules', () => {
  const redirect = (r: string, port = 8080, isTLS = false) => {
    const [route] = routesFor(`  - redirect: ${r}`, port, isTLS);
    return route.action;
  };
  it('an explicit port is kept', () => {
    expect(redirect('{uri: /new, port: 8443}')).toMatchObject({ kind: 'redirect', port: 8443, path: '/new' });
  });
  it(':80 with (default) http and :443 with https are dropped', () => {
    expect(redirect('{port: 80}')).toMatchObject({ port: null });
    expect(redirect('{port: 443, scheme: https}')).toMatchObject({ port: null, scheme: 'https' });
  });
  it('the default scheme follows the server: http, or https when the server has a tls block', () => {
    expect(redirect('{port: 443}')).toMatchObject({ port: 443 });
    expect(redirect('{port: 443}', 443, true)).toMatchObject({ port: null });
    expect(redirect('{port: 80}', 80, true)).toMatchObject({ port: 80 });
  });
  it('derivePort FROM_REQUEST_PORT uses the listener port (then the same :80/:443 rule)', () => {
    expect(redirect('{derivePort: FROM_REQUEST_PORT}', 8080)).toMatchObject({ port: 8080 });
    expect(redirect('{derivePort: FROM_REQUEST_PORT}', 80)).toMatchObject({ port: null });
  });
  it('redirectCode 0 means 301; 302, 303, 307 and 308 are kept', () => {
    expect(redirect('{uri: /x}')).toMatchObject({ responseCode: 301 });
    for (const code of [302, 303, 307, 308]) {
      expect(redirect(`{uri: /x, redirectCode: ${code}}`)).toMatchObject({ responseCode: code });
    }
  });
});
