// One HTTP request on a connection whose filter chain is already chosen: route configuration → virtual
// host → route → action (redirect, direct response, fault, cluster) → upstream.
import type { Snapshot } from '../cluster/snapshot.ts';
import type { CompiledGateway, FilterChain, Route } from '../compile/types.ts';
import {
  backendOf,
  backendOfCluster,
  bucketOf,
  describeRouteMatch,
  pickWeighted,
  selectRoute,
  selectVirtualHost,
  traceSource,
  upstream,
} from './envoy.ts';
import type { HttpRequestFacts } from './envoy.ts';
import type { Backend, RequestResult, SimError, TraceStep } from './types.ts';

export interface HttpOutcome {
  error: SimError | null;
  status: number | null;
  responseFlags: string;
  responseCodeDetails: string | null;
  routeConfig: string;
  virtualHost: string;
  route: string;
  /** Istio's simulator's view: the single cluster, "" for weighted/redirect/direct response. */
  cluster: string;
  upstreamCluster: string;
  backend: Backend | null;
  location: string | null;
  responseHeaders: Record<string, string>;
  trace: TraceStep[];
  matchedRoute: Route | null;
}

export interface HttpContext {
  compiled: CompiledGateway;
  snapshot: Snapshot;
  /** Seed for deterministic weighted picks and fault percentages. */
  seed: string;
  /** Answer 421 when the authority has no vhost in this route config (the what-if switch). */
  misdirected421?: boolean;
}

export function handleHttpRequest(
  ctx: HttpContext,
  chain: FilterChain,
  req: HttpRequestFacts,
  tlsConnection: boolean,
): HttpOutcome {
  const { compiled, snapshot } = ctx;
  const out: HttpOutcome = {
    error: null,
    status: null,
    responseFlags: '-',
    responseCodeDetails: null,
    routeConfig: chain.routeConfigName ?? '',
    virtualHost: '',
    route: '',
    cluster: '',
    upstreamCluster: '',
    backend: null,
    location: null,
    responseHeaders: { server: 'istio-envoy' },
    trace: [],
    matchedRoute: null,
  };
  const rc = chain.routeConfigName ? compiled.routeConfigs[chain.routeConfigName] : undefined;
  if (!rc) {
    out.error = 'no-route';
    out.status = 404;
    out.responseFlags = 'NR';
    out.responseCodeDetails = 'route_not_found';
    out.trace.push({
      stage: 'route-config',
      outcome: 'failed',
      text: `route configuration ${chain.routeConfigName} is empty.`,
      source: null,
    });
    return out;
  }
  out.trace.push({
    stage: 'route-config',
    outcome: 'matched',
    text: `the connection's filter chain uses route configuration ${rc.name}, which has ${rc.virtualHosts.length} virtual host${rc.virtualHosts.length === 1 ? '' : 's'}: ${rc.virtualHosts.map((v) => v.name).join(', ')}.`,
    source: traceSource(
      snapshot,
      chain.servers[0]
        ? {
            id: chain.servers[0].gatewayId,
            resource: `Gateway ${chain.servers[0].gateway}`,
            path: ['spec', 'servers', chain.servers[0].serverIndex],
          }
        : null,
    ),
    learnMore: '/gateway/#route-configurations',
  });
  const { vhost, how } = selectVirtualHost(rc, req.authority);
  if (!vhost) {
    // Elsewhere on the gateway, is there a route config that would have taken this host? That is the
    // connection-reuse 404: the vhost exists, but on another filter chain's route config.
    // Only route configs of other chains on this same listener: a host served on another port is no
    // near miss for this connection.
    const listener = compiled.listeners.find((l) => l.filterChains.includes(chain));
    const sameListener = new Set(listener?.filterChains.map((c) => c.routeConfigName).filter(Boolean));
    const elsewhere = Object.values(compiled.routeConfigs)
      .filter((other) => other.name !== rc.name && sameListener.has(other.name))
      .filter((other) => selectVirtualHost(other, req.authority).vhost?.domains.some((d) => d !== '*'))
      .map((o) => o.name);
    const nearMisses = elsewhere.map(
      (n) =>
        `route configuration ${n} has a virtual host for ${req.authority}, but this connection's filter chain uses ${rc.name}: Envoy picked the chain from the connection's SNI when it was opened, and never re-selects it per request.`,
    );
    if (ctx.misdirected421) {
      out.status = 421;
      out.responseFlags = '-';
      out.responseCodeDetails = 'misdirected_request';
      out.error = 'no-virtual-host';
      out.trace.push({
        stage: 'virtual-host',
        outcome: 'failed',
        text: `no virtual host in ${rc.name} matches ${req.authority}; the what-if data plane answers 421 Misdirected Request instead of 404 (Istio's Envoy gateway does not do this).`,
        source: null,
        nearMisses,
      });
      return out;
    }
    out.error = 'no-virtual-host';
    out.status = 404;
    out.responseFlags = 'NR';
    out.responseCodeDetails = 'route_not_found';
    out.trace.push({
      stage: 'virtual-host',
      outcome: 'failed',
      text: `no virtual host in ${rc.name} matches :authority ${req.authority} (domains: ${rc.virtualHosts.flatMap((v) => v.domains).join(', ')}). Envoy answers 404 with flag NR (route_not_found), not 421.`,
      source: null,
      nearMisses,
      learnMore: '/multiple-gateways/#the-connection-reuse-404',
    });
    return out;
  }
  out.virtualHost = vhost.name;
  out.trace.push({
    stage: 'virtual-host',
    outcome: 'matched',
    text: `virtual host ${vhost.name} (domains ${vhost.domains.join(', ')}) matches ${req.authority} by ${how}.`,
    source: traceSource(snapshot, vhost.sources[vhost.sources.length - 1]),
    learnMore: '/virtualservice/#virtual-hosts',
  });
  if (vhost.requireTls && !tlsConnection) {
    const hostOnly = req.authority.replace(/:\d+$/, '');
    out.error = 'tls-redirect';
    out.status = 301;
    out.location = `https://${hostOnly}${req.path}`;
    out.responseHeaders.location = out.location;
    out.trace.push({
      stage: 'virtual-host',
      outcome: 'info',
      text: `the virtual host requires TLS (the Gateway server has tls.httpsRedirect: true), and this request is plain HTTP: Envoy answers 301 with location ${out.location}.`,
      source: traceSource(snapshot, vhost.sources[0]),
      learnMore: '/tls/#https-redirect',
    });
    return out;
  }
  const { route, nearMisses } = selectRoute(vhost, req);
  if (!route) {
    out.error = 'no-route';
    out.status = 404;
    out.responseFlags = 'NR';
    out.responseCodeDetails = 'route_not_found';
    out.trace.push({
      stage: 'route',
      outcome: 'failed',
      text: vhost.routes.length
        ? `none of the ${vhost.routes.length} routes of ${vhost.name} matches ${req.method} ${req.path}: 404 NR.`
        : `${vhost.name} has no routes${vhost.name.startsWith('blackhole') ? ' (istiod installs this blackhole virtual host when no VirtualService contributes routes to this server: none is bound to the Gateway, none shares a host with it, or its rules match another port)' : ''}: every request gets 404 NR.`,
      source: null,
      nearMisses,
      learnMore: '/virtualservice/#matching-requests',
    });
    return out;
  }
  out.matchedRoute = route;
  out.route = route.name;
  out.trace.push({
    stage: 'route',
    outcome: 'matched',
    text: `route ${route.name ? `"${route.name}" ` : ''}(${describeRouteMatch(route)}) from VirtualService ${route.virtualService} matches ${req.method} ${req.path}.`,
    source: traceSource(snapshot, route.source),
    nearMisses,
    learnMore: '/virtualservice/#matching-requests',
  });
  const action = route.action;
  if (action.kind === 'redirect') {
    const scheme = action.scheme || req.scheme;
    const host = action.host || req.authority.replace(/:\d+$/, '');
    const port = action.port ? `:${action.port}` : '';
    const q = req.path.indexOf('?');
    const path = action.path
      ? action.path + (action.path.includes('?') || q < 0 ? '' : req.path.slice(q))
      : req.path;
    out.status = action.responseCode;
    out.location = `${scheme}://${host}${port}${path}`;
    out.responseHeaders.location = out.location;
    out.responseCodeDetails = 'direct_response';
    out.trace.push({
      stage: 'response',
      outcome: 'info',
      text: `the route redirects: ${action.responseCode} to ${out.location}.`,
      source: traceSource(snapshot, route.source),
    });
    return out;
  }
  if (action.kind === 'directResponse') {
    out.status = action.status;
    out.responseCodeDetails = 'direct_response';
    out.trace.push({
      stage: 'response',
      outcome: 'info',
      text: `the route answers directly with ${action.status}${action.body ? ` and body "${action.body.slice(0, 80)}"` : ''}; no backend is called.`,
      source: traceSource(snapshot, route.source),
    });
    return out;
  }
  if (route.fault?.delay) {
    const d = route.fault.delay;
    const hit = bucketOf(`${ctx.seed}|delay`, 100) < d.percentage;
    out.trace.push({
      stage: 'fault',
      outcome: 'info',
      text: hit
        ? `fault injection delays this request by ${d.fixedDelay} (applies to ${d.percentage}% of requests; flag DI).`
        : `fault injection would delay ${d.percentage}% of requests by ${d.fixedDelay}; this one is not delayed.`,
      source: traceSource(snapshot, route.source),
    });
    if (hit) out.responseFlags = 'DI';
  }
  if (route.fault?.abort) {
    const a = route.fault.abort;
    const hit = bucketOf(`${ctx.seed}|abort`, 100) < a.percentage;
    if (hit) {
      out.status = a.httpStatus;
      out.responseFlags = 'FI';
      out.responseCodeDetails = 'fault_filter_abort';
      out.trace.push({
        stage: 'fault',
        outcome: 'info',
        text: `fault injection aborts this request with ${a.httpStatus} (applies to ${a.percentage}% of requests; flag FI). The backend is not called.`,
        source: traceSource(snapshot, route.source),
      });
      return out;
    }
    out.trace.push({
      stage: 'fault',
      outcome: 'info',
      text: `fault injection aborts ${a.percentage}% of requests with ${a.httpStatus}; this one passes.`,
      source: traceSource(snapshot, route.source),
    });
  }
  let clusterName = action.cluster;
  out.cluster = action.cluster;
  if (action.weightedClusters) {
    const { pick, bucket, total } = pickWeighted(action.weightedClusters, ctx.seed);
    if (!pick) {
      out.status = 503;
      out.responseFlags = 'NC';
      out.responseCodeDetails = 'cluster_not_found';
      out.trace.push({
        stage: 'cluster',
        outcome: 'failed',
        text: 'the route has no destination with a non-zero weight.',
        source: traceSource(snapshot, route.source),
      });
      return out;
    }
    clusterName = pick.cluster;
    out.trace.push({
      stage: 'cluster',
      outcome: 'info',
      text:
        action.weightedClusters.length === 1
          ? `weighted route with one destination left: ${pick.cluster} gets every request (destinations with weight 0, or no weight, are dropped when there are several).`
          : `weighted route: ${action.weightedClusters.map((w) => `${w.weight}% → ${w.cluster}`).join(', ')}. This request falls in bucket ${bucket} of ${total} (a deterministic hash of the request), so it goes to ${pick.cluster}.`,
      source: traceSource(snapshot, route.source),
      learnMore: '/virtualservice/#weighted-routing',
    });
  }
  out.upstreamCluster = clusterName;
  const k = backendOfCluster(clusterName);
  out.backend = k;
  const facts: string[] = [];
  if (action.timeout && action.timeout !== '0s') facts.push(`timeout ${action.timeout} (504 UT after that)`);
  if (action.retries)
    facts.push(
      `retries: ${action.retries.attempts} attempts on ${action.retries.retryOn}${action.retries.perTryTimeout ? `, ${action.retries.perTryTimeout} per try` : ''}`,
    );
  if (action.prefixRewrite) facts.push(`path prefix rewritten to ${action.prefixRewrite}`);
  if (action.regexRewrite)
    facts.push(`path rewritten by regex ${action.regexRewrite.match} → ${action.regexRewrite.rewrite}`);
  if (action.hostRewrite) facts.push(`authority rewritten to ${action.hostRewrite}`);
  for (const m of action.mirrors)
    facts.push(`mirrored (fire-and-forget) to ${m.cluster} for ${m.percentage}% of requests`);
  out.trace.push({
    stage: 'cluster',
    outcome: 'matched',
    text: `the route sends the request to cluster ${clusterName}${facts.length ? `; ${facts.join('; ')}` : ''}.`,
    source: traceSource(snapshot, route.source),
  });
  const up = upstream(compiled, snapshot, clusterName);
  out.trace.push(up.step);
  if (out.status === null) out.status = up.status;
  if (up.flags !== '-') out.responseFlags = up.flags;
  out.responseCodeDetails = up.details;
  if (up.status === 200)
    out.responseHeaders['x-envoy-upstream-service-time'] = String(3 + bucketOf(ctx.seed, 9));
  // `backend` is who served the request: nobody, when Envoy answered 503 itself (NC, UH). The
  // cluster it tried stays in `upstreamCluster` and the trace.
  if (up.flags !== '-') out.backend = null;
  else if (k && out.backend) out.backend = backendOf(parseHost(clusterName), k.subset ?? '', k.port);
  return out;
}

function parseHost(cluster: string): string {
  return cluster.split('|')[3] ?? '';
}

/**
 * Copy an outcome onto a result. `cluster` is the one field the two request forms report differently:
 * Istio's simulator gives the route's single cluster ("" for weighted routes), a real client the
 * cluster it was sent to.
 */
export function applyHttpOutcome(r: RequestResult, http: HttpOutcome, cluster: 'route' | 'upstream'): void {
  Object.assign(r, {
    error: http.error,
    status: http.status,
    responseFlags: http.responseFlags,
    responseCodeDetails: http.responseCodeDetails,
    routeConfig: http.routeConfig,
    virtualHost: http.virtualHost,
    route: http.route,
    cluster: cluster === 'route' ? http.cluster : http.upstreamCluster,
    upstreamCluster: http.upstreamCluster,
    backend: http.backend,
    location: http.location,
    responseHeaders: http.responseHeaders,
  });
  r.trace.push(...http.trace);
}
