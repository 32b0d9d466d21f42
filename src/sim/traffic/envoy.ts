// Envoy's side of a request at the gateway: listener by port, the filter-chain sieve, virtual host and
// route matching, and the upstream cluster. Shared by the raw form (Istio's simulator semantics,
// pilot/pkg/simulation/traffic.go) and the browser/curl client model.
import type { Snapshot } from '../cluster/snapshot.ts';
import { rangeOf } from '../resources/types.ts';
import type { StringMatch } from '../resources/istio.ts';
import type {
  ClusterInfo,
  CompiledGateway,
  FilterChain,
  HeaderMatcher,
  Listener,
  Route,
  RouteConfiguration,
  SourceRef,
  VirtualHost,
  WeightedCluster,
} from '../compile/types.ts';
import { parseSubsetKey } from '../compile/services.ts';
import type { Backend, TraceSource, TraceStep } from './types.ts';

export function traceSource(snapshot: Snapshot, ref: SourceRef | null | undefined): TraceSource | null {
  if (!ref || !ref.id) return null;
  const r = snapshot.resourceById[ref.id];
  if (!r) return { resource: ref.resource, line: null, file: null, range: null, path: ref.path };
  const range = rangeOf(r, ref.path);
  return {
    resource: ref.resource,
    line: range?.line ?? null,
    file: r.synthetic ? null : r.file,
    range,
    path: ref.path,
  };
}

export function findListener(compiled: CompiledGateway, port: number, address?: string): Listener | null {
  // traffic.go: an exact address:port listener first, then 0.0.0.0:port.
  return (
    (address ? compiled.listeners.find((l) => l.port === port && l.address === address) : undefined) ??
    compiled.listeners.find((l) => l.port === port && l.address === '0.0.0.0') ??
    null
  );
}

export interface ChainInput {
  sni: string;
  /** 'tls' or 'raw_buffer' */
  transport: 'tls' | 'raw_buffer';
  alpn: string;
}

export type ChainSelection =
  | { ok: true; chain: FilterChain; nearMisses: string[]; why: string }
  | { ok: false; error: 'no-filter-chain' | 'multiple-filter-chains'; nearMisses: string[]; why: string };

function describeChain(c: FilterChain): string {
  const server = c.servers[0];
  const who = server ? `${server.gateway} ${server.portName || server.protocol.toLowerCase()}` : 'chain';
  const names = c.match.serverNames.length ? `[${c.match.serverNames.join(', ')}]` : 'any SNI';
  return `server ${who} (${names})`;
}

/** The rank of an SNI against one server_names entry: exact beats the longest wildcard; -1 = no match. */
function sniRank(sni: string, name: string): number {
  if (!sni) return -1;
  const s = sni.toLowerCase();
  const n = name.toLowerCase();
  if (s === n) return 100000;
  if (n.startsWith('*.') && s.endsWith(n.slice(1)) && s.length > n.length - 1) return n.length;
  return -1;
}

/**
 * Envoy's FilterChainMatch sieve, one criterion at a time (destination port and prefix ranges are unset
 * on gateway chains): server names, then transport protocol, then application protocols. At each stage
 * the best-ranked matching chains stay; if none match, the chains that leave the field unset stay.
 */
export function selectFilterChain(listener: Listener, input: ChainInput): ChainSelection {
  let chains = listener.filterChains;
  const nearMisses: string[] = [];
  if (chains.some((c) => c.match.serverNames.length > 0)) {
    let best = -1;
    let bestChains: FilterChain[] = [];
    for (const c of chains) {
      if (!c.match.serverNames.length) continue;
      const rank = Math.max(...c.match.serverNames.map((n) => sniRank(input.sni, n)));
      if (rank < 0) {
        nearMisses.push(
          `${describeChain(c)} not chosen: SNI ${input.sni ? input.sni : '(none)'} is not in [${c.match.serverNames.join(', ')}]`,
        );
        continue;
      }
      if (rank > best) {
        for (const b of bestChains)
          nearMisses.push(`${describeChain(b)} not chosen: a more specific server name matched`);
        best = rank;
        bestChains = [c];
      } else if (rank === best) bestChains.push(c);
      else nearMisses.push(`${describeChain(c)} not chosen: a more specific server name matched`);
    }
    if (bestChains.length) {
      for (const c of chains)
        if (!c.match.serverNames.length)
          nearMisses.push(
            `${describeChain(c)} not chosen: a chain that names the SNI wins over a match-all chain`,
          );
      chains = bestChains;
    } else chains = chains.filter((c) => !c.match.serverNames.length);
  }
  if (chains.some((c) => c.match.transportProtocol)) {
    const m = chains.filter((c) => c.match.transportProtocol === input.transport);
    chains = m.length ? m : chains.filter((c) => !c.match.transportProtocol);
  }
  if (chains.some((c) => c.match.applicationProtocols.length)) {
    const m = chains.filter((c) => c.match.applicationProtocols.includes(input.alpn));
    for (const c of chains) {
      if (c.match.applicationProtocols.length && !c.match.applicationProtocols.includes(input.alpn)) {
        nearMisses.push(
          `${describeChain(c)} not chosen: ALPN ${input.alpn || '(none)'} is not in [${c.match.applicationProtocols.join(', ')}]`,
        );
      }
    }
    chains = m.length ? m : chains.filter((c) => !c.match.applicationProtocols.length);
  }
  if (chains.length === 1) {
    const c = chains[0];
    const why = c.match.serverNames.length
      ? `SNI ${input.sni} matches server_names [${c.match.serverNames.join(', ')}]`
      : input.sni
        ? `no chain names SNI ${input.sni}, so the match-all chain takes it`
        : 'the connection carries no SNI, so only a chain without server_names can take it';
    return { ok: true, chain: c, nearMisses, why };
  }
  if (chains.length > 1) {
    return {
      ok: false,
      error: 'multiple-filter-chains',
      nearMisses,
      why: `${chains.length} filter chains have the same match rules; Envoy rejects such a listener ("multiple filter chains with the same matching rules").`,
    };
  }
  return {
    ok: false,
    error: 'no-filter-chain',
    nearMisses,
    why: input.sni
      ? `no filter chain matches SNI ${input.sni} and there is no match-all chain, so Envoy closes the connection`
      : 'the connection carries no SNI and every chain requires one, so Envoy closes the connection',
  };
}

/** Host without a port, lowercased (gateway route configs set ignore_port_in_host_matching). */
export function hostForMatching(host: string, ignorePort: boolean): string {
  let h = host.toLowerCase();
  if (ignorePort) {
    if (h.startsWith('[')) {
      const end = h.indexOf(']');
      if (end > 0) h = h.slice(0, end + 1);
    } else {
      const colon = h.lastIndexOf(':');
      if (colon > 0 && /^\d+$/.test(h.slice(colon + 1))) h = h.slice(0, colon);
    }
  }
  return h;
}

/** Envoy's domain search: exact, then the longest `*suffix`, then the longest `prefix*`, then `*`. */
export function selectVirtualHost(
  rc: RouteConfiguration,
  host: string,
): { vhost: VirtualHost | null; how: string } {
  const h = hostForMatching(host, rc.ignorePortInHostMatching);
  for (const v of rc.virtualHosts)
    if (v.domains.some((d) => d.toLowerCase() === h)) return { vhost: v, how: 'exact domain' };
  let best: { v: VirtualHost; len: number } | null = null;
  for (const v of rc.virtualHosts) {
    for (const d of v.domains) {
      const dl = d.toLowerCase();
      if (dl.length > 1 && dl.startsWith('*') && h.endsWith(dl.slice(1)) && h.length > dl.length - 1) {
        if (!best || dl.length > best.len) best = { v, len: dl.length };
      }
    }
  }
  if (best) return { vhost: best.v, how: 'suffix wildcard' };
  for (const v of rc.virtualHosts) {
    for (const d of v.domains) {
      const dl = d.toLowerCase();
      if (dl.length > 1 && dl.endsWith('*') && h.startsWith(dl.slice(0, -1))) {
        if (!best || dl.length > best.len) best = { v, len: dl.length };
      }
    }
  }
  if (best) return { vhost: best.v, how: 'prefix wildcard' };
  for (const v of rc.virtualHosts) if (v.domains.includes('*')) return { vhost: v, how: 'the * domain' };
  return { vhost: null, how: '' };
}

export interface HttpRequestFacts {
  method: string;
  /** path with query */
  path: string;
  authority: string;
  scheme: 'http' | 'https';
  headers: Record<string, string>;
}

function splitPath(p: string): { path: string; query: Record<string, string> } {
  const q = p.indexOf('?');
  const path = q < 0 ? p : p.slice(0, q);
  const query: Record<string, string> = {};
  if (q >= 0) {
    for (const part of p.slice(q + 1).split('&')) {
      if (!part) continue;
      const eq = part.indexOf('=');
      const k = decodeSafe(eq < 0 ? part : part.slice(0, eq));
      if (!(k in query)) query[k] = decodeSafe(eq < 0 ? '' : part.slice(eq + 1));
    }
  }
  return { path: path || '/', query };
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/** RE2 full match, approximated with a JavaScript RegExp anchored at both ends. */
export function regexFullMatch(re: string, value: string, flags = ''): boolean {
  try {
    return new RegExp(`^(?:${re})$`, flags).test(value);
  } catch {
    return false;
  }
}

function stringMatches(m: StringMatch, v: string): boolean {
  if (m.exact !== undefined) return v === m.exact;
  if (m.prefix !== undefined) return v.startsWith(m.prefix);
  if (m.regex !== undefined) return regexFullMatch(m.regex, v);
  return true;
}

function describeString(m: StringMatch | null): string {
  if (!m) return 'present';
  if (m.exact !== undefined) return `exact "${m.exact}"`;
  if (m.prefix !== undefined) return `prefix "${m.prefix}"`;
  if (m.regex !== undefined) return `regex "${m.regex}"`;
  return 'present';
}

function headerValue(req: HttpRequestFacts, name: string): string | undefined {
  if (name === ':method') return req.method;
  if (name === ':authority') return req.authority;
  if (name === ':scheme') return req.scheme;
  if (name === ':path') return req.path;
  if (name === 'host') return req.authority;
  return req.headers[name.toLowerCase()];
}

function headerMatcherResult(hm: HeaderMatcher, value: string | undefined): boolean {
  let ok: boolean;
  if (hm.present) ok = value !== undefined;
  else ok = value !== undefined && stringMatches(hm.match!, value);
  if (hm.invert) {
    // withoutHeaders of a value match treats a missing header as empty (treat_missing_header_as_empty).
    if (!hm.present && value === undefined) return !stringMatches(hm.match!, '');
    return !ok;
  }
  return ok;
}

/** Does an Envoy route match the request? Returns null on match, or the reason it did not. */
export function routeMismatch(route: Route, req: HttpRequestFacts): string | null {
  const { path, query } = splitPath(req.path);
  const m = route.match;
  const cs = m.caseSensitive;
  const p = cs ? path : path.toLowerCase();
  const v = cs ? m.path.value : m.path.value.toLowerCase();
  if (m.path.kind === 'prefix' && !p.startsWith(v)) return `path ${path} does not start with ${m.path.value}`;
  if (m.path.kind === 'pathSeparatedPrefix' && !(p === v || p.startsWith(`${v}/`)))
    return `path ${path} is not ${m.path.value} or below ${m.path.value}/`;
  if (m.path.kind === 'path' && p !== v) return `path ${path} is not exactly ${m.path.value}`;
  if (m.path.kind === 'regex' && !regexFullMatch(m.path.value, path, cs ? '' : 'i'))
    return `path ${path} does not match regex ${m.path.value}`;
  for (const hm of m.headers) {
    const val = headerValue(req, hm.name);
    if (!headerMatcherResult(hm, val)) {
      const what =
        hm.name === ':method'
          ? 'method'
          : hm.name === ':authority'
            ? 'authority'
            : hm.name === ':scheme'
              ? 'scheme'
              : `header ${hm.name}`;
      return hm.invert
        ? `${what} must not be ${describeString(hm.match)} (withoutHeaders) but is ${val === undefined ? 'missing' : `"${val}"`}`
        : `${what} ${val === undefined ? 'is missing' : `"${val}"`}, wanted ${describeString(hm.match)}`;
    }
  }
  for (const qm of m.queryParameters) {
    const val = query[qm.name];
    if (!headerMatcherResult(qm, val))
      return `query parameter ${qm.name} ${val === undefined ? 'is missing' : `"${val}"`}, wanted ${describeString(qm.match)}`;
  }
  return null;
}

export function describeRouteMatch(route: Route): string {
  const m = route.match;
  const kind =
    m.path.kind === 'path'
      ? 'exact path'
      : m.path.kind === 'pathSeparatedPrefix'
        ? 'path prefix'
        : m.path.kind;
  const parts = [`${kind} ${m.path.value}`];
  for (const h of m.headers) parts.push(`${h.invert ? 'not ' : ''}${h.name} ${describeString(h.match)}`);
  for (const q of m.queryParameters) parts.push(`query ${q.name} ${describeString(q.match)}`);
  return parts.join(', ');
}

export function selectRoute(
  vhost: VirtualHost,
  req: HttpRequestFacts,
): { route: Route | null; nearMisses: string[] } {
  const nearMisses: string[] = [];
  for (const r of vhost.routes) {
    const why = routeMismatch(r, req);
    if (!why) return { route: r, nearMisses };
    nearMisses.push(
      `route ${r.name ? `"${r.name}" ` : ''}(${describeRouteMatch(r)}) from ${r.virtualService}: ${why}`,
    );
  }
  return { route: null, nearMisses };
}

/** FNV-1a: a deterministic bucket so weighted routes and percentages pick the same way every run. */
export function bucketOf(seed: string, modulo: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return modulo > 0 ? h % modulo : 0;
}

export function pickWeighted(
  clusters: WeightedCluster[],
  seed: string,
): { pick: WeightedCluster | null; bucket: number; total: number } {
  const total = clusters.reduce((s, c) => s + c.weight, 0);
  if (!clusters.length || total <= 0) return { pick: null, bucket: 0, total };
  const bucket = bucketOf(seed, total);
  let acc = 0;
  for (const c of clusters) {
    acc += c.weight;
    if (bucket < acc) return { pick: c, bucket, total };
  }
  return { pick: clusters[clusters.length - 1], bucket, total };
}

export function backendOf(host: string, subset: string, port: number): Backend {
  const m = /^([^.]+)\.([^.]+)\.svc\.cluster\.local$/.exec(host);
  return { service: m ? `${m[1]}.${m[2]}` : host, subset: subset || null, port };
}

export function backendOfCluster(cluster: string): Backend | null {
  const k = parseSubsetKey(cluster);
  return k ? backendOf(k.host, k.subset, k.port) : null;
}

export interface UpstreamOutcome {
  status: number;
  flags: string;
  details: string;
  cluster: ClusterInfo | null;
  step: TraceStep;
}

/** The upstream side: a cluster istiod did not push → 503 NC; no healthy endpoint → 503 UH. */
export function upstream(
  compiled: CompiledGateway,
  snapshot: Snapshot,
  clusterName: string,
): UpstreamOutcome {
  const cluster = compiled.clusters.find((c) => c.name === clusterName) ?? null;
  if (!cluster) {
    const k = parseSubsetKey(clusterName);
    const sameHost = k ? compiled.clusters.filter((c) => c.host === k.host) : [];
    let hint = 'no Service or ServiceEntry has that host name';
    if (sameHost.length && k) {
      const ports = [...new Set(sameHost.map((c) => c.port))];
      const subsets = [...new Set(sameHost.map((c) => c.subset).filter(Boolean))];
      hint = !ports.includes(k.port)
        ? `${k.host} exists but has no port ${k.port} (ports: ${ports.join(', ')})`
        : k.subset
          ? `no DestinationRule defines subset ${k.subset} for ${k.host}${subsets.length ? ` (defined: ${subsets.join(', ')})` : ''}`
          : 'the cluster is missing';
    } else if (k && /^[^.]+\.[^.]+$/.test(k.host)) {
      hint = `the host ${k.host} is taken literally; write the short name or the full ${k.host}.svc.cluster.local`;
    }
    return {
      status: 503,
      flags: 'NC',
      details: 'cluster_not_found',
      cluster: null,
      step: {
        stage: 'cluster',
        outcome: 'failed',
        text: `cluster ${clusterName} does not exist at the gateway: ${hint}. Envoy answers 503 with flag NC.`,
        source: null,
        learnMore: '/troubleshooting/#response-flags',
      },
    };
  }
  const healthy = cluster.endpoints.filter((e) => e.healthy);
  if (!healthy.length) {
    return {
      status: 503,
      flags: 'UH',
      details: 'no_healthy_upstream',
      cluster,
      step: {
        stage: 'endpoint',
        outcome: 'failed',
        text: cluster.endpoints.length
          ? `cluster ${clusterName} has endpoints but none is ready: 503 UH (no healthy upstream).`
          : `cluster ${clusterName} has no endpoints${cluster.subset ? ` (no pod carries the labels of subset ${cluster.subset})` : ' (no ready pod matches the Service selector)'}: 503 UH.`,
        source: traceSource(snapshot, cluster.source),
        learnMore: '/troubleshooting/#response-flags',
      },
    };
  }
  return {
    status: 200,
    flags: '-',
    details: 'via_upstream',
    cluster,
    step: {
      stage: 'endpoint',
      outcome: 'matched',
      text: `cluster ${clusterName} has ${healthy.length} healthy endpoint${healthy.length > 1 ? 's' : ''} (${healthy
        .map((e) => `${e.workload} ${e.address}:${e.port}`)
        .slice(0, 3)
        .join(
          ', ',
        )}${healthy.length > 3 ? ', …' : ''}); the request is forwarded and the application answers.${trafficPolicyFacts(cluster)}`,
      source: traceSource(snapshot, cluster.source),
    },
  };
}

/**
 * What a DestinationRule's trafficPolicy does to this hop, as facts (the simulator does not model
 * load or failures, so these change no outcome): TLS origination to the backend, load balancing,
 * connection limits and outlier detection.
 */
export function trafficPolicyFacts(cluster: ClusterInfo): string {
  const p = cluster.trafficPolicy as Record<string, Record<string, unknown> | undefined> | null;
  if (!p) return '';
  const facts: string[] = [];
  const tls = p.tls as { mode?: string; sni?: string } | undefined;
  if (tls?.mode) {
    const mode = String(tls.mode).toUpperCase();
    facts.push(
      mode === 'DISABLE'
        ? 'TLS to the backend is disabled (plaintext)'
        : mode === 'ISTIO_MUTUAL'
          ? 'the gateway talks to the backend with Istio mutual TLS (mesh certificates)'
          : `the gateway originates ${mode} TLS to the backend${tls.sni ? ` with SNI ${tls.sni}` : ''}`,
    );
  }
  const lb = p.loadBalancer as { simple?: string; consistentHash?: unknown } | undefined;
  if (lb?.simple) facts.push(`load balancing ${String(lb.simple).toUpperCase()}`);
  if (lb?.consistentHash) facts.push('consistent-hash load balancing (sticky sessions)');
  if (p.connectionPool) facts.push('connection-pool limits apply (excess requests fail with 503 UO)');
  if (p.outlierDetection) facts.push('outlier detection ejects failing endpoints for a while');
  return facts.length ? ` DestinationRule ${cluster.destinationRule}: ${facts.join('; ')}.` : '';
}
