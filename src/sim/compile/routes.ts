// HTTP route configurations for the gateway (RDS): pilot/pkg/networking/core/gateway.go
// buildGatewayHTTPRouteConfig and route/route.go BuildHTTPRoutesForVirtualService / translateRoute.
import type { Snapshot } from '../cluster/snapshot.ts';
import { selectorMatches } from '../cluster/labels.ts';
import type {
  Destination,
  HTTPMatchRequest,
  HTTPRoute,
  StringMatch,
  VirtualService,
} from '../resources/istio.ts';
import { resourceRef } from '../resources/types.ts';
import type { MergedGateway, MergedServer } from './merge.ts';
import type {
  EnvoyRouteMatch,
  GatewayProxy,
  HeaderMatcher,
  Route,
  RouteConfiguration,
  SourceRef,
  VirtualHost,
  WeightedCluster,
} from './types.ts';
import {
  compareHostNames,
  intersectHosts,
  namesForNamespace,
  resolveGatewayName,
  resolveShortnameToFQDN,
} from './hosts.ts';
import type { DestinationRuleIndex, ServiceRegistry } from './services.ts';
import { buildSubsetKey, lookupService } from './services.ts';

/** A VirtualService with its short names resolved (model.ResolveVirtualServiceShortnames). */
export interface ResolvedVirtualService {
  vs: VirtualService;
  /** `ns/name` */
  name: string;
  hosts: string[];
  gateways: string[];
}

export function resolveVirtualServices(snapshot: Snapshot): ResolvedVirtualService[] {
  return snapshot.virtualServices.map((vs) => ({
    vs,
    name: `${vs.meta.namespace}/${vs.meta.name}`,
    hosts: vs.hosts.map((h) => resolveShortnameToFQDN(h, vs.meta.namespace)),
    gateways: vs.gateways.map((g) => resolveGatewayName(g, vs.meta.namespace)),
  }));
}

/** model.UseGatewaySemantics: Gateway API routes translated into VirtualServices. */
export function useGatewaySemantics(vs: VirtualService): boolean {
  return vs.meta.annotations['internal.istio.io/route-semantics'] === 'gateway';
}

/** model.UseIngressSemantics: Kubernetes Ingress translated into VirtualServices. */
export function useIngressSemantics(vs: VirtualService): boolean {
  return vs.meta.annotations['internal.istio.io/route-semantics'] === 'ingress';
}

/**
 * PushContext.VirtualServicesForGateway over the index built by initVirtualServices. A VirtualService
 * lands in one or more buckets by exportTo (meshConfig.defaultVirtualServiceExportTo is unset, i.e. `*`):
 * - empty, or containing `*`: public;
 * - containing `~` (and no `*`): nowhere;
 * - otherwise, per entry: `.` or its own namespace → private to its namespace, any other namespace →
 *   exported to that namespace (so an entry list naming both `.` and its own namespace lists it twice).
 * The gateway (whose ConfigNamespace is the gateway pod's namespace) gets its namespace's private ones,
 * then those exported to its namespace, then the public ones — Gateway API routes in its own namespace
 * first — each in creation order. A VirtualService without `gateways` binds only to `mesh`.
 */
export function virtualServicesForGateway(
  all: ResolvedVirtualService[],
  gatewayName: string,
  proxyNamespace: string,
): ResolvedVirtualService[] {
  const priv: ResolvedVirtualService[] = [];
  const exported: ResolvedVirtualService[] = [];
  const pub: ResolvedVirtualService[] = [];
  for (const v of all) {
    if (!v.gateways.includes(gatewayName)) continue;
    const e = v.vs.exportTo;
    const ns = v.vs.meta.namespace;
    if (e.length === 0 || e.includes('*')) {
      pub.push(v);
      continue;
    }
    if (e.includes('~')) continue;
    for (const x of new Set(e)) {
      if (x === '.' || x === ns) {
        if (ns === proxyNamespace) priv.push(v);
      } else if (x === proxyNamespace) exported.push(v);
    }
  }
  const own = pub.filter((v) => useGatewaySemantics(v.vs) && v.vs.meta.namespace === proxyNamespace);
  const rest = pub.filter((v) => !(useGatewaySemantics(v.vs) && v.vs.meta.namespace === proxyNamespace));
  return [...priv, ...exported, ...own, ...rest];
}

export interface RouteContext {
  snapshot: Snapshot;
  registry: ServiceRegistry;
  proxy: GatewayProxy;
  /** DestinationRule index (built once per compile; built on demand when absent). */
  drIndex?: DestinationRuleIndex;
}

/** The mesh-wide default retry policy (meshconfig defaultHttpRetryPolicy). */
const DEFAULT_RETRIES = {
  attempts: 2,
  perTryTimeout: '',
  retryOn: 'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes',
};

/**
 * route.GetDestinationCluster: the written port, else the Service's only port, else the *server* port.
 * An ExternalName Service is an alias: the cluster is named after its externalName.
 */
export function destinationCluster(
  ctx: RouteContext,
  vsNamespace: string,
  d: Destination,
  listenerPort: number,
) {
  let host = resolveShortnameToFQDN(d.host, vsNamespace);
  const svc = lookupService(ctx.registry, host, vsNamespace, ctx.proxy.namespace);
  let port = listenerPort;
  if (d.port !== null) port = d.port;
  else if (svc && svc.ports.length === 1) port = svc.ports[0].port;
  if (svc?.externalName) host = svc.externalName;
  return { cluster: buildSubsetKey(port, d.subset, host), host, subset: d.subset, port };
}

function headerMatcher(name: string, m: StringMatch, invert = false): HeaderMatcher {
  // canBeConvertedToPresentMatch: `{}` and the regex `*` mean "present".
  const present =
    m.exact === undefined && m.prefix === undefined && (m.regex === undefined || m.regex === '*');
  return { name: name.toLowerCase(), match: present ? null : m, present, invert };
}

/** route.TranslateRouteMatch */
export function translateRouteMatch(
  match: HTTPMatchRequest | null,
  pathSeparatedPrefixes = false,
): EnvoyRouteMatch {
  const out: EnvoyRouteMatch = {
    path: { kind: 'prefix', value: '/' },
    caseSensitive: true,
    headers: [],
    queryParameters: [],
  };
  if (!match) return out;
  // Istio keeps header names as written and sorts them (Go string order); Envoy matches header names
  // case-insensitively, so they are stored lowercased here after sorting by the written name.
  const written: [string, HeaderMatcher][] = [];
  for (const [name, m] of Object.entries(match.headers)) written.push([name, headerMatcher(name, m)]);
  for (const [name, m] of Object.entries(match.withoutHeaders))
    written.push([name, headerMatcher(name, m, true)]);
  written.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  out.headers.push(...written.map(([, h]) => h));
  if (match.uri) {
    if (match.uri.exact !== undefined) out.path = { kind: 'path', value: match.uri.exact };
    else if (match.uri.prefix !== undefined) {
      // Ingress-translated and Gateway API routes (UseIngressSemantics || UseGatewaySemantics) use Envoy's
      // path_separated_prefix: `/alpha` matches `/alpha` and `/alpha/x` but not `/alphax`. VirtualService
      // prefixes stay plain string prefixes.
      out.path =
        pathSeparatedPrefixes && match.uri.prefix !== '/'
          ? { kind: 'pathSeparatedPrefix', value: match.uri.prefix.replace(/\/+$/, '') }
          : { kind: 'prefix', value: match.uri.prefix };
    } else if (match.uri.regex !== undefined) out.path = { kind: 'regex', value: match.uri.regex };
  }
  out.caseSensitive = !match.ignoreUriCase;
  if (match.method) out.headers.push(headerMatcher(':method', match.method));
  if (match.authority) out.headers.push(headerMatcher(':authority', match.authority));
  if (match.scheme) out.headers.push(headerMatcher(':scheme', match.scheme));
  for (const [name, m] of Object.entries(match.queryParams)) {
    const hm = headerMatcher(name, m);
    out.queryParameters.push({ ...hm, name });
  }
  return out;
}

/** route.IsCatchAllRoute: prefix `/` (or regex `.*`) with no header or query matchers. */
export function isCatchAllRoute(m: EnvoyRouteMatch): boolean {
  const catchall =
    ((m.path.kind === 'prefix' || m.path.kind === 'pathSeparatedPrefix') && m.path.value === '/') ||
    (m.path.kind === 'regex' && m.path.value === '.*');
  return catchall && m.headers.length === 0 && m.queryParameters.length === 0;
}

/** sourceMatchHTTP: match.gateways, else sourceLabels ⊆ gateway pod labels and sourceNamespace. */
function sourceMatchHTTP(
  match: HTTPMatchRequest | null,
  proxy: GatewayProxy,
  gatewayNames: string[],
  vsNs: string,
): boolean {
  if (!match) return true;
  if (match.gateways.length > 0) {
    return match.gateways.some((g) => gatewayNames.includes(resolveGatewayName(g, vsNs)));
  }
  if (selectorMatches(match.sourceLabels, proxy.labels)) {
    return match.sourceNamespace === '' || match.sourceNamespace === proxy.namespace;
  }
  return false;
}

function translateRoute(
  ctx: RouteContext,
  rvs: ResolvedVirtualService,
  http: HTTPRoute,
  match: HTTPMatchRequest | null,
  listenPort: number,
  gatewayNames: string[],
  isTLS: boolean,
): Route | null {
  if (match && match.port !== null && match.port !== 0 && match.port !== listenPort) return null;
  if (!sourceMatchHTTP(match, ctx.proxy, gatewayNames, rvs.vs.meta.namespace)) return null;
  const vs = rvs.vs;
  let name = http.name;
  if (match && match.name) name = `${name}.${match.name}`;
  const path: (string | number)[] = ['spec', 'http', http.index];
  const source: SourceRef = {
    id: vs.meta.id,
    resource: resourceRef(vs.meta),
    path: match ? [...path, 'match', match.index] : path,
  };
  const envoyMatch = translateRouteMatch(match, useIngressSemantics(vs) || useGatewaySemantics(vs));
  const route: Route = {
    name,
    match: envoyMatch,
    action: { kind: 'directResponse', status: 500, body: null },
    fault: null,
    catchAll: isCatchAllRoute(envoyMatch),
    source,
    virtualService: rvs.name,
    httpIndex: http.index,
    matchIndex: match ? match.index : null,
  };
  if (http.redirect) {
    const r = http.redirect;
    let port: number | null = null;
    if (r.derivePort === 'FROM_REQUEST_PORT') port = listenPort;
    else if (r.port !== null) port = r.port;
    const scheme = r.scheme || (isTLS ? 'https' : 'http');
    if ((port === 80 && scheme === 'http') || (port === 443 && scheme === 'https')) port = null;
    route.action = {
      kind: 'redirect',
      scheme: r.scheme,
      host: r.authority,
      port,
      derivePort: r.derivePort,
      path: r.uri,
      responseCode: [301, 302, 303, 307, 308].includes(r.redirectCode) ? r.redirectCode : 301,
    };
  } else if (http.directResponse) {
    route.action = {
      kind: 'directResponse',
      status: http.directResponse.status,
      body: http.directResponse.body,
    };
  } else {
    const mirrors: { cluster: string; percentage: number }[] = [];
    if (http.mirror && http.mirror.host) {
      const pct = http.mirrorPercentage ?? 100;
      if (pct > 0)
        mirrors.push({
          cluster: destinationCluster(ctx, vs.meta.namespace, http.mirror, listenPort).cluster,
          percentage: pct,
        });
    }
    for (const m of http.mirrors) {
      const pct = m.percentage ?? 100;
      if (pct > 0 && m.destination.host)
        mirrors.push({
          cluster: destinationCluster(ctx, vs.meta.namespace, m.destination, listenPort).cluster,
          percentage: pct,
        });
    }
    const setHeaders = (http.headers?.request as Record<string, unknown> | undefined)?.set as
      Record<string, string> | undefined;
    const hostRewrite =
      http.rewrite?.authority ||
      (setHeaders && (setHeaders[':authority'] ?? setHeaders['host'] ?? setHeaders['Host'])) ||
      null;
    let cluster = '';
    let weightedClusters: WeightedCluster[] | null = null;
    let destination: { host: string; subset: string; port: number } | null = null;
    if (http.route.length === 1) {
      const d = destinationCluster(ctx, vs.meta.namespace, http.route[0].destination, listenPort);
      cluster = d.cluster;
      destination = { host: d.host, subset: d.subset, port: d.port };
    } else if (http.route.length > 1) {
      weightedClusters = [];
      for (const rd of http.route) {
        // Zero-weight destinations are left out when there are others (applyHTTPRouteDestination).
        if (!rd.weight) continue;
        const d = destinationCluster(ctx, vs.meta.namespace, rd.destination, listenPort);
        weightedClusters.push({
          cluster: d.cluster,
          weight: rd.weight,
          host: d.host,
          subset: d.subset,
          port: d.port,
        });
      }
    }
    route.action = {
      kind: 'route',
      cluster,
      weightedClusters,
      destination,
      timeout: http.timeout || '0s',
      retries: http.retries
        ? {
            attempts: http.retries.attempts ?? 0,
            perTryTimeout: http.retries.perTryTimeout,
            retryOn: http.retries.retryOn || DEFAULT_RETRIES.retryOn,
          }
        : { ...DEFAULT_RETRIES },
      prefixRewrite:
        http.rewrite && !http.rewrite.uriRegexRewrite && http.rewrite.uri ? http.rewrite.uri : null,
      regexRewrite: http.rewrite?.uriRegexRewrite ?? null,
      hostRewrite,
      mirrors,
    };
  }
  if (http.fault) {
    const abort = http.fault.abort;
    const delay = http.fault.delay;
    route.fault = {
      abort:
        abort && abort.httpStatus !== null
          ? { httpStatus: abort.httpStatus, percentage: abort.percentage ?? 100 }
          : null,
      delay:
        delay && delay.fixedDelay
          ? { fixedDelay: delay.fixedDelay, percentage: delay.percentage ?? delay.percent ?? 100 }
          : null,
    };
    if (!route.fault.abort && !route.fault.delay) route.fault = null;
  }
  return route;
}

/** route.BuildHTTPRoutesForVirtualService: rules in order; nothing after a catch-all is kept. */
export function buildHTTPRoutesForVirtualService(
  ctx: RouteContext,
  rvs: ResolvedVirtualService,
  listenPort: number,
  gatewayNames: string[],
  isTLS: boolean,
): Route[] {
  const out: Route[] = [];
  let catchall = false;
  for (const http of rvs.vs.http) {
    if (http.match.length === 0) {
      const r = translateRoute(ctx, rvs, http, null, listenPort, gatewayNames, isTLS);
      if (r) out.push(r);
      catchall = true;
    } else {
      for (const m of http.match) {
        const r = translateRoute(ctx, rvs, http, m, listenPort, gatewayNames, isTLS);
        if (r) {
          out.push(r);
          if (r.catchAll) {
            catchall = true;
            break;
          }
        }
      }
    }
    if (catchall) break;
  }
  return out;
}

/** gateway.go buildGatewayHTTPRouteConfig, for one RDS name. */
export function buildGatewayHTTPRouteConfig(
  ctx: RouteContext,
  merged: MergedGateway,
  vsAll: ResolvedVirtualService[],
  routeName: string,
): RouteConfiguration {
  const servers: MergedServer[] = merged.serversByRouteName[routeName] ?? [];
  // Routes are built once per (gateway, VirtualService) and shared by every server of that gateway in
  // this route config (gatewayRoutes cache), so vhosts fed by the same VS share the same route list.
  const routeCache = new Map<string, Route[]>();
  const vhosts = new Map<string, VirtualHost & { routeKey: string[] }>();
  for (const ms of servers) {
    const port = ms.server.port.number;
    const serverSource = ms.source;
    for (const rvs of virtualServicesForGateway(vsAll, ms.gatewayName, ctx.proxy.namespace)) {
      const serverHosts = namesForNamespace(ms.hosts, rvs.vs.meta.namespace);
      const intersecting = intersectHosts(serverHosts, rvs.hosts);
      if (intersecting.length === 0) continue;
      const key = `${ms.gatewayName}|${rvs.name}`;
      let routes = routeCache.get(key);
      if (!routes) {
        routes = buildHTTPRoutesForVirtualService(ctx, rvs, port, [ms.gatewayName], !!ms.server.tls);
        // BuildHTTPRoutesForVirtualService errors with "no routes matched" when nothing applies; the
        // VirtualService is then omitted for this gateway.
        if (routes.length === 0) continue;
        routeCache.set(key, routes);
      }
      const vsSource: SourceRef = {
        id: rvs.vs.meta.id,
        resource: resourceRef(rvs.vs.meta),
        path: ['spec', 'hosts'],
      };
      for (const h of intersecting) {
        const hostname = h.toLowerCase();
        const existing = vhosts.get(hostname);
        if (existing) {
          existing.routes.push(...routes);
          existing.routeKey.push(key);
          existing.sources.push(vsSource);
          if (ms.server.tls?.httpsRedirect) existing.requireTls = true;
        } else {
          vhosts.set(hostname, {
            name: `${hostname}:${port}`,
            domains: [hostname],
            requireTls: !!ms.server.tls?.httpsRedirect,
            routes: [...routes],
            routeKey: [key],
            sources: [serverSource, vsSource],
          });
        }
      }
    }
    // Every host of an httpsRedirect server gets require_tls, with or without routes. Istio loops over
    // the raw server hosts here, so an `ns/host` entry makes a vhost whose domain is literally `ns/host`.
    if (ms.server.tls?.httpsRedirect) {
      for (const raw of ms.hosts) {
        const hostname = raw.toLowerCase();
        const existing = vhosts.get(hostname);
        if (existing) {
          existing.requireTls = true;
          continue;
        }
        vhosts.set(hostname, {
          name: `${hostname}:${port}`,
          domains: [hostname],
          requireTls: true,
          routes: [],
          routeKey: [],
          sources: [serverSource],
        });
      }
    }
  }
  let virtualHosts: VirtualHost[];
  if (vhosts.size === 0) {
    const port = servers[0]?.server.port.number ?? 0;
    virtualHosts = [
      {
        name: `blackhole:${port}`,
        domains: ['*'],
        requireTls: false,
        routes: [],
        sources: servers.map((s) => s.source),
      },
    ];
  } else {
    // collapseDuplicateRoutes (ENABLE_ROUTE_COLLAPSE_OPTIMIZATION, on by default): vhosts whose route
    // lists hold the very same route objects, in order (same gateway and VirtualServices — or no routes at
    // all, like redirect-only vhosts), with the same require_tls, merge into the first in host.Names order
    // (concrete before wildcard, longest first, then alphabetical), which gives the merged vhost its name.
    const names = [...vhosts.keys()].sort(compareHostNames);
    const known = new Map<string, VirtualHost & { routeKey: string[] }>();
    const result: (VirtualHost & { routeKey: string[] })[] = [];
    for (const h of names) {
      const vh = vhosts.get(h)!;
      const sig = `${vh.requireTls}|${vh.routeKey.join(',')}`;
      const prev = known.get(sig);
      if (prev) {
        prev.domains.push(...vh.domains);
        for (const s of vh.sources)
          if (!prev.sources.some((p) => p.id === s.id && p.path.join() === s.path.join()))
            prev.sources.push(s);
      } else {
        known.set(sig, vh);
        result.push(vh);
      }
    }
    virtualHosts = result.map(({ routeKey: _k, ...vh }) => ({
      ...vh,
      // route.SortVHostRoutes: catch-all routes to the end, others keep their order.
      routes: [...vh.routes.filter((r) => !r.catchAll), ...vh.routes.filter((r) => r.catchAll)],
    }));
    virtualHosts.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
  return { name: routeName, virtualHosts, ignorePortInHostMatching: true };
}
