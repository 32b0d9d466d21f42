// The service registry the gateway sees (Kubernetes Services and ServiceEntries by hostname), the
// DestinationRule that applies to each host, and the clusters and endpoints istiod pushes (CDS/EDS).
import type { Snapshot } from '../cluster/snapshot.ts';
import { resolveTargetPort, serviceWorkloads } from '../cluster/snapshot.ts';
import { selectorMatches } from '../cluster/labels.ts';
import type { DestinationRule, Subset, TrafficPolicy } from '../resources/istio.ts';
import { resourceRef } from '../resources/types.ts';
import type { ClusterInfo, EndpointInfo, GatewayProxy, SourceRef } from './types.ts';
import { CLUSTER_DOMAIN, resolveShortnameToFQDN } from './hosts.ts';

export interface RegistryPort {
  name: string;
  port: number;
  protocol: string;
}

export interface RegistryService {
  hostname: string;
  namespace: string;
  kind: 'Service' | 'ServiceEntry';
  name: string;
  ports: RegistryPort[];
  meshExternal: boolean;
  /** EDS, DNS, NONE, STATIC… and Alias for ExternalName Services (ENABLE_EXTERNAL_NAME_ALIAS, default on). */
  resolution: string;
  /** For ExternalName Services: the name routes to this Service are sent to (GetDestinationCluster). */
  externalName: string;
  exportTo: string[];
  source: SourceRef;
  /** Endpoints for a port, before subset filtering. */
  endpoints: (port: number) => EndpointInfo[];
}

export interface ServiceRegistry {
  byHost: Map<string, RegistryService[]>;
  all: RegistryService[];
}

export function buildServiceRegistry(snapshot: Snapshot): ServiceRegistry {
  const all: RegistryService[] = [];
  for (const svc of snapshot.services) {
    const workloads = serviceWorkloads(snapshot, svc);
    const exportAnnotation = svc.meta.annotations['networking.istio.io/exportTo'];
    all.push({
      hostname: `${svc.meta.name}.${svc.meta.namespace}.svc.${CLUSTER_DOMAIN}`,
      namespace: svc.meta.namespace,
      kind: 'Service',
      name: svc.meta.name,
      ports: svc.ports.map((p) => ({
        name: p.name,
        port: p.port,
        protocol: p.appProtocol || p.protocol || 'TCP',
      })),
      meshExternal: false,
      resolution: svc.type === 'ExternalName' ? 'Alias' : 'EDS',
      externalName: svc.type === 'ExternalName' ? svc.externalName : '',
      exportTo: exportAnnotation ? exportAnnotation.split(',').map((s) => s.trim()) : [],
      source: { id: svc.meta.id, resource: resourceRef(svc.meta), path: ['spec'] },
      endpoints: (port) => {
        const sp = svc.ports.find((p) => p.port === port);
        if (!sp) return [];
        return workloads.map((w) => ({
          address: w.ip,
          port: resolveTargetPort(sp, [w]),
          healthy: w.ready,
          workload: w.name,
          labels: w.labels,
        }));
      },
    });
  }
  for (const se of snapshot.serviceEntries) {
    for (const h of se.hosts) {
      all.push({
        hostname: h,
        namespace: se.meta.namespace,
        kind: 'ServiceEntry',
        name: se.meta.name,
        ports: se.ports.map((p) => ({ name: p.name, port: p.number, protocol: p.protocol })),
        meshExternal: se.location !== 'MESH_INTERNAL',
        resolution: se.resolution,
        externalName: '',
        exportTo: se.exportTo,
        source: { id: se.meta.id, resource: resourceRef(se.meta), path: ['spec', 'hosts'] },
        endpoints: (port) => {
          const sp = se.ports.find((p) => p.number === port);
          if (!sp) return [];
          if (se.workloadSelector) {
            return snapshot.workloads
              .filter(
                (w) => w.namespace === se.meta.namespace && selectorMatches(se.workloadSelector!, w.labels),
              )
              .map((w) => ({
                address: w.ip,
                port: sp.targetPort ?? sp.number,
                healthy: w.ready,
                workload: w.name,
                labels: w.labels,
              }));
          }
          if (se.endpoints.length) {
            return se.endpoints.map((e) => ({
              address: e.address,
              port: e.ports[sp.name] ?? sp.targetPort ?? sp.number,
              healthy: true,
              workload: `${se.meta.name} endpoint ${e.address}`,
              labels: e.labels,
            }));
          }
          // resolution DNS without endpoints: Envoy resolves the host itself (STRICT_DNS); NONE keeps the
          // original destination. Either way there is an upstream to try.
          if (se.resolution === 'DNS' || se.resolution === 'NONE' || se.resolution === 'DNS_ROUND_ROBIN') {
            return [
              {
                address: h,
                port: sp.targetPort ?? sp.number,
                healthy: true,
                workload: `${h} (DNS)`,
                labels: {},
              },
            ];
          }
          return [];
        },
      });
    }
  }
  const byHost = new Map<string, RegistryService[]>();
  for (const s of all) {
    const list = byHost.get(s.hostname) ?? [];
    list.push(s);
    byHost.set(s.hostname, list);
  }
  return { byHost, all };
}

function visibleTo(exportTo: string[], ownNamespace: string, namespace: string): boolean {
  if (exportTo.length === 0) return true;
  // PushContext.IsServiceVisible / initServiceRegistry: `*` wins, `~` hides, `.` is the own namespace.
  if (exportTo.includes('*')) return true;
  if (exportTo.includes('~')) return false;
  return exportTo.some((e) => e === namespace || (e === '.' && ownNamespace === namespace));
}

/** Is the service visible to the namespace (the gateway's ConfigNamespace)? */
export function serviceVisibleTo(svc: RegistryService, namespace: string): boolean {
  return visibleTo(svc.exportTo, svc.namespace, namespace);
}

/**
 * The Service for a hostname as a route sees it (buildNameToServiceMapForHTTPRoutes): the one in the
 * VirtualService's namespace first, else any visible to the gateway's namespace. Lookup is exact: a
 * wildcard ServiceEntry host does not make `api.example.com` a known Service.
 */
export function lookupService(
  registry: ServiceRegistry,
  hostname: string,
  vsNamespace: string,
  proxyNamespace: string,
): RegistryService | null {
  const list = registry.byHost.get(hostname);
  if (!list?.length) return null;
  const own = list.find(
    (s) => s.namespace === vsNamespace && visibleTo(s.exportTo, s.namespace, proxyNamespace),
  );
  if (own) return own;
  return list.find((s) => visibleTo(s.exportTo, s.namespace, proxyNamespace)) ?? null;
}

/** `outbound|<port>|<subset>|<host>` (model.BuildSubsetKey). */
export function buildSubsetKey(port: number, subset: string, host: string): string {
  return `outbound|${port}|${subset}|${host}`;
}

/**
 * `outbound_.<port>_.<subset>_.<host>` (model.BuildDNSSrvSubsetKey): the SNI-DNAT cluster name that
 * AUTO_PASSTHROUGH chains match on and forward to.
 */
export function buildDNSSrvSubsetKey(port: number, subset: string, host: string): string {
  return `outbound_.${port}_.${subset}_.${host}`;
}

/** model.ParseSubsetKey: both the `outbound|port|subset|host` and the DNS SRV `outbound_.port_.subset_.host` forms. */
export function parseSubsetKey(key: string): { port: number; subset: string; host: string } | null {
  const srv = /^outbound_\.(\d+)_\.([^_]*)_\.(.+)$/.exec(key);
  if (srv) return { port: Number(srv[1]), subset: srv[2], host: srv[3] };
  const parts = key.split('|');
  if (parts.length !== 4 || parts[0] !== 'outbound') return null;
  return { port: Number(parts[1]), subset: parts[2], host: parts[3] };
}

export interface ResolvedDestinationRule {
  /** The first contributing rule (after merging same-host fragments the first definition wins). */
  rule: DestinationRule;
  /** Every contributing DestinationRule `Kind ns/name`. */
  from: string[];
  subsets: Subset[];
  trafficPolicy: TrafficPolicy | null;
}

/** The mesh root namespace (meshConfig.rootNamespace defaults to istio-system). */
export const ROOT_NAMESPACE = 'istio-system';

/** model.ConsolidatedDestRule: same-host rules of one namespace merged into one. */
interface ConsolidatedDestRule {
  host: string;
  exportTo: Set<string>;
  selector: Record<string, string> | null;
  namespace: string;
  resolved: ResolvedDestinationRule;
}

interface ConsolidatedDestRules {
  specific: Map<string, ConsolidatedDestRule[]>;
  wildcard: Map<string, ConsolidatedDestRule[]>;
}

export interface DestinationRuleIndex {
  namespaceLocal: Map<string, ConsolidatedDestRules>;
  exportedByNamespace: Map<string, ConsolidatedDestRules>;
  rootNamespaceLocal: ConsolidatedDestRules;
  rootNamespace: string;
}

const emptyRules = (): ConsolidatedDestRules => ({ specific: new Map(), wildcard: new Map() });

/**
 * host.MoreSpecific (pkg/config/host/names.go): a concrete name beats a wildcard, a longer name beats a
 * shorter one, and equal lengths compare alphabetically.
 */
export function moreSpecific(a: string, b: string): boolean {
  const aw = a.startsWith('*');
  const bw = b.startsWith('*');
  if (aw && !bw) return false;
  if (!aw && bw) return true;
  if (a.length === b.length) return a <= b;
  return a.length > b.length;
}

/**
 * model.MostSpecificHostMatch: an exact key first (a wildcard needle looks among the wildcard keys), else
 * the most specific wildcard key whose suffix covers the needle.
 */
export function mostSpecificHostMatch<V>(
  needle: string,
  specific: Map<string, V>,
  wildcard: Map<string, V>,
): { host: string; value: V } | null {
  let n = needle;
  if (needle.startsWith('*')) {
    const v = wildcard.get(needle);
    if (v !== undefined) return { host: needle, value: v };
    n = needle.slice(1);
  } else {
    const v = specific.get(needle);
    if (v !== undefined) return { host: needle, value: v };
  }
  let best: { host: string; value: V } | null = null;
  for (const [h, v] of wildcard) {
    if (!n.endsWith(h.slice(1))) continue;
    if (!best || moreSpecific(h, best.host)) best = { host: h, value: v };
  }
  return best;
}

function equalSets(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

function sameSelector(a: Record<string, string> | null, b: Record<string, string> | null): boolean {
  const ka = Object.keys(a ?? {});
  const kb = Object.keys(b ?? {});
  return ka.length === kb.length && ka.every((k) => (a ?? {})[k] === (b ?? {})[k]);
}

/**
 * PushContext.mergeDestinationRule: a rule for a host that already has one in this index is merged into
 * it when their exportTo sets are equal and neither (or both, with equal selectors) has a workload
 * selector: subsets are concatenated (a repeated subset name keeps the first definition) and the first
 * top-level traffic policy wins. Otherwise it is kept as a separate entry.
 */
function mergeDestinationRule(
  index: ConsolidatedDestRules,
  dr: DestinationRule,
  host: string,
  exportTo: Set<string>,
): void {
  const map = host.startsWith('*') ? index.wildcard : index.specific;
  const fresh = (): ConsolidatedDestRule => ({
    host,
    exportTo,
    selector: dr.workloadSelector,
    namespace: dr.meta.namespace,
    resolved: {
      rule: dr,
      from: [resourceRef(dr.meta)],
      subsets: [...dr.subsets],
      trafficPolicy: dr.trafficPolicy,
    },
  });
  const list = map.get(host);
  if (!list) {
    map.set(host, [fresh()]);
    return;
  }
  let appendSeparately = true;
  for (const mdr of list) {
    // EnableEnhancedDestinationRuleMerge (default on): only rules exported alike merge.
    if (equalSets(exportTo, mdr.exportTo)) appendSeparately = false;
    else if (mdr.exportTo.size > 0 && [...mdr.exportTo].every((e) => exportTo.has(e)))
      appendSeparately = true;
    else {
      appendSeparately = true;
      continue;
    }
    const bothWithSelector = !!mdr.selector && !!dr.workloadSelector;
    const selectorsMatch = sameSelector(mdr.selector, dr.workloadSelector);
    if (bothWithSelector && !selectorsMatch) {
      appendSeparately = true;
      continue;
    }
    const bothWithout = !mdr.selector && !dr.workloadSelector;
    if (bothWithout || (dr.workloadSelector && selectorsMatch)) appendSeparately = false;
    const r = mdr.resolved;
    r.from.push(resourceRef(dr.meta));
    for (const s of dr.subsets) if (!r.subsets.some((x) => x.name === s.name)) r.subsets.push(s);
    if (!r.trafficPolicy && dr.trafficPolicy) r.trafficPolicy = dr.trafficPolicy;
  }
  if (appendSeparately) list.push(fresh());
}

/**
 * PushContext.setDestinationRules: rules sorted with workload-selector rules first (then creation order),
 * indexed per namespace ("local": visible in their own namespace), per exporting namespace, and the root
 * namespace's private rules.
 */
export function buildDestinationRuleIndex(
  snapshot: Snapshot,
  rootNamespace = ROOT_NAMESPACE,
): DestinationRuleIndex {
  const index: DestinationRuleIndex = {
    namespaceLocal: new Map(),
    exportedByNamespace: new Map(),
    rootNamespaceLocal: emptyRules(),
    rootNamespace,
  };
  const sorted = [
    ...snapshot.destinationRules.filter((d) => d.workloadSelector),
    ...snapshot.destinationRules.filter((d) => !d.workloadSelector),
  ];
  for (const dr of sorted) {
    const ns = dr.meta.namespace;
    const host = resolveShortnameToFQDN(dr.host, ns);
    // Rules with a workload selector are never exported to other namespaces.
    const exportTo = dr.workloadSelector ? new Set(['.']) : new Set(dr.exportTo);
    if (exportTo.size === 0 || exportTo.has('*') || exportTo.has('.') || exportTo.has(ns)) {
      let local = index.namespaceLocal.get(ns);
      if (!local) index.namespaceLocal.set(ns, (local = emptyRules()));
      mergeDestinationRule(local, dr, host, exportTo);
    }
    // meshConfig.defaultDestinationRuleExportTo is unset, so an empty exportTo means "*".
    const privateOnly = exportTo.size === 1 && (exportTo.has('.') || exportTo.has(ns));
    if (!privateOnly) {
      let exported = index.exportedByNamespace.get(ns);
      if (!exported) index.exportedByNamespace.set(ns, (exported = emptyRules()));
      mergeDestinationRule(exported, dr, host, exportTo);
    } else if (ns === rootNamespace) {
      mergeDestinationRule(index.rootNamespaceLocal, dr, host, exportTo);
    }
  }
  return index;
}

function exportedFrom(
  index: DestinationRuleIndex,
  owningNamespace: string,
  hostname: string,
  clientNamespace: string,
): ConsolidatedDestRule[] {
  const rules = index.exportedByNamespace.get(owningNamespace);
  if (!rules) return [];
  const m = mostSpecificHostMatch(hostname, rules.specific, rules.wildcard);
  if (!m) return [];
  return m.value.filter(
    (r) => r.exportTo.size === 0 || r.exportTo.has('*') || r.exportTo.has(clientNamespace),
  );
}

/**
 * The DestinationRule the gateway uses for a host (PushContext.destinationRule, then
 * SidecarScope.DestinationRule). Lookup stops at the first step that has a match, exact or wildcard:
 * 1. the proxy's namespace (for a proxy in the root namespace: only the root namespace's private rules);
 * 2. rules the service's namespace exports to the proxy's namespace;
 * 3. rules the root namespace exports to the proxy's namespace.
 * Among merged entries, one whose workload selector matches the gateway (same namespace) wins, else the
 * last entry without a selector.
 */
export function destinationRuleFor(
  snapshot: Snapshot,
  hostname: string,
  proxyNamespace: string,
  serviceNamespace: string | null,
  proxyLabels: Record<string, string> = {},
  index: DestinationRuleIndex = buildDestinationRuleIndex(snapshot),
): ResolvedDestinationRule | null {
  let drs: ConsolidatedDestRule[] = [];
  if (proxyNamespace !== index.rootNamespace) {
    const local = index.namespaceLocal.get(proxyNamespace);
    const m = local ? mostSpecificHostMatch(hostname, local.specific, local.wildcard) : null;
    if (m) drs = m.value;
  } else {
    const r = index.rootNamespaceLocal;
    const m = mostSpecificHostMatch(hostname, r.specific, r.wildcard);
    if (m) drs = m.value;
  }
  if (!drs.length && serviceNamespace) drs = exportedFrom(index, serviceNamespace, hostname, proxyNamespace);
  if (!drs.length) drs = exportedFrom(index, index.rootNamespace, hostname, proxyNamespace);
  let catchAll: ConsolidatedDestRule | null = null;
  for (const d of drs) {
    if (!d.selector) catchAll = d;
    if (d.selector && d.namespace === proxyNamespace && selectorMatches(d.selector, proxyLabels)) {
      return d.resolved;
    }
  }
  return catchAll?.resolved ?? null;
}

/**
 * The clusters the gateway has (CDS): one per visible service port, plus one per DestinationRule subset.
 * Gateways get every service's clusters by default (PILOT_FILTER_GATEWAY_CLUSTER_CONFIG is off), so a
 * route to any other name has no cluster: Envoy answers 503 with flag NC.
 */
export function buildClusters(
  snapshot: Snapshot,
  registry: ServiceRegistry,
  proxy: GatewayProxy,
  sniDnat: { host: string; port: number; subset: string }[] = [],
): ClusterInfo[] {
  const out: ClusterInfo[] = [];
  const drIndex = buildDestinationRuleIndex(snapshot);
  for (const svc of registry.all) {
    if (!visibleTo(svc.exportTo, svc.namespace, proxy.namespace)) continue;
    // buildOutboundClusters: ExternalName Services are aliases and get no cluster of their own.
    if (svc.resolution === 'Alias') continue;
    if (svc.hostname.startsWith('*') && svc.kind === 'ServiceEntry' && svc.resolution !== 'NONE') {
      // Wildcard ServiceEntries still get a cluster named after the wildcard host.
    }
    const dr = destinationRuleFor(
      snapshot,
      svc.hostname,
      proxy.namespace,
      svc.namespace,
      proxy.labels,
      drIndex,
    );
    const type =
      svc.kind === 'Service'
        ? 'EDS'
        : svc.resolution === 'DNS'
          ? 'STRICT_DNS'
          : svc.resolution === 'NONE'
            ? 'ORIGINAL_DST'
            : 'EDS';
    for (const p of svc.ports) {
      // UDP ports get no cluster (buildOutboundClusters).
      if (p.protocol.toUpperCase() === 'UDP') continue;
      const all = svc.endpoints(p.port);
      out.push({
        name: buildSubsetKey(p.port, '', svc.hostname),
        direction: 'outbound',
        port: p.port,
        subset: '',
        host: svc.hostname,
        type,
        destinationRule: dr ? dr.from.join(', ') : null,
        trafficPolicy: dr?.trafficPolicy?.raw ?? null,
        endpoints: all,
        source: svc.source,
      });
      for (const s of dr?.subsets ?? []) {
        out.push({
          name: buildSubsetKey(p.port, s.name, svc.hostname),
          direction: 'outbound',
          port: p.port,
          subset: s.name,
          host: svc.hostname,
          type,
          destinationRule: dr!.from.join(', '),
          trafficPolicy: (s.trafficPolicy ?? dr!.trafficPolicy)?.raw ?? null,
          endpoints: all.filter((e) => selectorMatches(s.labels, e.labels)),
          source: {
            id: dr!.rule.meta.id,
            resource: resourceRef(dr!.rule.meta),
            path: ['spec', 'subsets', s.index],
          },
        });
      }
    }
  }
  // Gateways with AUTO_PASSTHROUGH servers also get the SNI-DNAT clusters their chains forward to
  // (cluster.go buildOutboundSniDnatClusters): same endpoints, named outbound_.<port>_.<subset>_.<host>.
  for (const d of sniDnat) {
    const base = out.find((c) => c.host === d.host && c.port === d.port && c.subset === d.subset);
    if (!base) continue;
    const name = buildDNSSrvSubsetKey(d.port, d.subset, d.host);
    if (out.some((c) => c.name === name)) continue;
    out.push({ ...base, name });
  }
  return out;
}
