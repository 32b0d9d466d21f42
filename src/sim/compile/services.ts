// The service registry the gateway sees (Kubernetes Services and ServiceEntries by hostname), the
// DestinationRule that applies to each host, and the clusters and endpoints istiod pushes (CDS/EDS).
import type { Snapshot } from '../cluster/snapshot.ts';
import { resolveTargetPort, serviceWorkloads } from '../cluster/snapshot.ts';
import { selectorMatches } from '../cluster/labels.ts';
import type { DestinationRule, Subset, TrafficPolicy } from '../resources/istio.ts';
import { resourceRef } from '../resources/types.ts';
import type { ClusterInfo, EndpointInfo, GatewayProxy, SourceRef } from './types.ts';
import { CLUSTER_DOMAIN, hostMatches, resolveShortnameToFQDN } from './hosts.ts';

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
  resolution: string;
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
      resolution: svc.type === 'ExternalName' ? 'DNS' : 'EDS',
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
  return exportTo.some((e) => e === '*' || e === namespace || (e === '.' && ownNamespace === namespace));
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

export function parseSubsetKey(key: string): { port: number; subset: string; host: string } | null {
  const parts = key.split('|');
  if (parts.length !== 4 || parts[0] !== 'outbound') return null;
  return { port: Number(parts[1]), subset: parts[2], host: parts[3] };
}

export interface ResolvedDestinationRule {
  /** The rule after merging same-host fragments (first subset definition wins, seed 001). */
  rule: DestinationRule;
  /** Every contributing DestinationRule `Kind ns/name`. */
  from: string[];
  subsets: Subset[];
  trafficPolicy: TrafficPolicy | null;
}

/**
 * The DestinationRule for a host as the gateway sees it. istiod prefers rules in the proxy's namespace,
 * then the service's namespace, then the root namespace; within one namespace, rules for the same host
 * are merged (model.mergeDestinationRule): subsets are concatenated, a duplicate subset name keeps the
 * first definition, and the first rule's traffic policy wins. An exact host beats a wildcard host.
 */
export function destinationRuleFor(
  snapshot: Snapshot,
  hostname: string,
  proxyNamespace: string,
  serviceNamespace: string | null,
): ResolvedDestinationRule | null {
  const candidates = snapshot.destinationRules.filter((dr) =>
    visibleTo(dr.exportTo, dr.meta.namespace, proxyNamespace),
  );
  const resolvedHost = (dr: DestinationRule) => resolveShortnameToFQDN(dr.host, dr.meta.namespace);
  const namespaces = [proxyNamespace, serviceNamespace, 'istio-system'].filter((n): n is string => !!n);
  for (const exactPass of [true, false]) {
    for (const ns of [...namespaces, null]) {
      const rules = candidates.filter((dr) => {
        if (ns !== null && dr.meta.namespace !== ns) return false;
        const h = resolvedHost(dr);
        return exactPass ? h === hostname : h !== hostname && hostMatches(h, hostname) && h.startsWith('*');
      });
      if (!rules.length) continue;
      const first = rules[0];
      const sameNs = rules.filter((r) => r.meta.namespace === first.meta.namespace);
      const subsets: Subset[] = [];
      for (const r of sameNs) {
        for (const s of r.subsets) if (!subsets.some((x) => x.name === s.name)) subsets.push(s);
      }
      return {
        rule: first,
        from: sameNs.map((r) => resourceRef(r.meta)),
        subsets,
        trafficPolicy: sameNs.find((r) => r.trafficPolicy)?.trafficPolicy ?? null,
      };
    }
  }
  return null;
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
): ClusterInfo[] {
  const out: ClusterInfo[] = [];
  for (const svc of registry.all) {
    if (!visibleTo(svc.exportTo, svc.namespace, proxy.namespace)) continue;
    if (svc.hostname.startsWith('*') && svc.kind === 'ServiceEntry' && svc.resolution !== 'NONE') {
      // Wildcard ServiceEntries still get a cluster named after the wildcard host.
    }
    const dr = destinationRuleFor(snapshot, svc.hostname, proxy.namespace, svc.namespace);
    const type =
      svc.kind === 'Service'
        ? 'EDS'
        : svc.resolution === 'DNS'
          ? 'STRICT_DNS'
          : svc.resolution === 'NONE'
            ? 'ORIGINAL_DST'
            : 'EDS';
    for (const p of svc.ports) {
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
  return out;
}
