// Host names the way Istio's analyzers compare them: pkg/config/host (Name.Matches), and the service
// registry of pkg/config/analysis/analyzers/util (service_lookup.go, hosts.go).
import type { Snapshot } from '../cluster/snapshot.ts';
import type { ServiceEntry } from '../resources/istio.ts';
import type { Service } from '../resources/kube.ts';

export const DEFAULT_KUBERNETES_DOMAIN = 'svc.cluster.local';
export const EXPORT_TO_ALL = '*';
export const EXPORT_TO_LOCAL = '.';
export const MESH_GATEWAY = 'mesh';

/**
 * host.Name.Matches (pkg/config/host/name.go): wildcards match in both directions, `*` matches
 * anything, and two wildcards match when one's suffix ends with the other's.
 */
export function hostMatches(a: string, b: string): boolean {
  const aWild = a.startsWith('*');
  const bWild = b.startsWith('*');
  if (aWild) {
    if (bWild) {
      return a.length < b.length ? b.slice(1).endsWith(a.slice(1)) : a.slice(1).endsWith(b.slice(1));
    }
    return b.endsWith(a.slice(1));
  }
  if (bWild) return a.endsWith(b.slice(1));
  return a === b;
}

/**
 * host.Name.SubsetOf: every name `a` matches is also matched by `b` (used for TLS sniHosts against the
 * VirtualService hosts).
 */
export function hostSubsetOf(a: string, b: string): boolean {
  if (b.startsWith('*')) {
    if (a.startsWith('*')) return a.slice(1).endsWith(b.slice(1));
    return a.endsWith(b.slice(1));
  }
  if (a.startsWith('*')) return false;
  return a === b;
}

/** util.ConvertHostToFQDN: a short name (no dot, no leading `*`) gets `.<ns>.svc.cluster.local`. */
export function convertHostToFQDN(namespace: string, host: string): string {
  if (!host.startsWith('*') && !host.includes('.'))
    return `${host}.${namespace}.${DEFAULT_KUBERNETES_DOMAIN}`;
  return host;
}

export function isShortName(host: string): boolean {
  return !host.startsWith('*') && !host.includes('.');
}

const FQDN_PATTERN = /^(.+)\.(.+)\.svc\.cluster\.local$/;

/** util.GetFullNameFromFQDN: (name, namespace) of `name.ns.svc.cluster.local`, else empty strings. */
export function fullNameFromFQDN(fqdn: string): { name: string; namespace: string } {
  const m = FQDN_PATTERN.exec(fqdn);
  return m ? { name: m[1], namespace: m[2] } : { name: '', namespace: '' };
}

/** util.GetResourceNameFromHost: an FQDN gives its own namespace, anything else the default one. */
export function resourceNameFromHost(
  defaultNamespace: string,
  host: string,
): { name: string; namespace: string } {
  const n = fullNameFromFQDN(host);
  if (!n.namespace) return { name: host, namespace: defaultNamespace };
  return n;
}

/** util.IsExportToAllNamespaces: no exportTo, or one that contains `*`. */
export function isExportToAll(exportTo: string[]): boolean {
  return exportTo.length === 0 || exportTo.includes(EXPORT_TO_ALL);
}

/** One entry of the analyzers' service registry: a ServiceEntry, or a Service converted to one. */
export interface RegistryEntry {
  kind: 'ServiceEntry' | 'Service';
  /** `ns/name` of the object. */
  ref: string;
  namespace: string;
  ports: number[];
  serviceEntry: ServiceEntry | null;
  service: Service | null;
  /** The exportTo the object declared (for explanations). */
  exportTo: string[];
}

/** Keyed `<scope>/<fqdn>` (util.ScopedFqdn), in insertion order. */
export type Registry = Map<string, RegistryEntry>;

function scopedFqdn(scope: string, namespace: string, host: string): string {
  return `${scope}/${convertHostToFQDN(namespace, host)}`;
}

/**
 * util.InitServiceEntryHostMap: every ServiceEntry host under its exportTo scopes, and every Service as
 * `<name>.<ns>.svc.cluster.local` under the scopes of its `networking.istio.io/exportTo` annotation.
 */
export function buildRegistry(snapshot: Snapshot): Registry {
  const registry: Registry = new Map();
  for (const se of snapshot.serviceEntries) {
    const ns = se.meta.namespace;
    const entry: RegistryEntry = {
      kind: 'ServiceEntry',
      ref: `${ns}/${se.meta.name}`,
      namespace: ns,
      ports: se.ports.map((p) => p.number),
      serviceEntry: se,
      service: null,
      exportTo: se.exportTo,
    };
    let exportsToAll = false;
    for (const h of se.hosts) {
      if (se.exportTo.length === 0 || exportsToAll) {
        registry.set(scopedFqdn(EXPORT_TO_ALL, ns, h), entry);
        continue;
      }
      for (const e of se.exportTo) {
        if (e === EXPORT_TO_ALL) {
          registry.set(scopedFqdn(EXPORT_TO_ALL, ns, h), entry);
          exportsToAll = true;
        } else if (e === EXPORT_TO_LOCAL) {
          registry.set(scopedFqdn(ns, ns, h), entry);
        } else {
          registry.set(scopedFqdn(e, ns, h), entry);
        }
        if (exportsToAll) break;
      }
    }
  }
  for (const svc of snapshot.services) {
    const ns = svc.meta.namespace;
    const anno = svc.meta.annotations['networking.istio.io/exportTo'] ?? '';
    const scopes =
      anno === '' ? [EXPORT_TO_ALL] : anno.split(',').map((s) => (s === EXPORT_TO_LOCAL ? ns : s));
    const entry: RegistryEntry = {
      kind: 'Service',
      ref: `${ns}/${svc.meta.name}`,
      namespace: ns,
      ports: svc.ports.map((p) => p.port),
      serviceEntry: null,
      service: svc,
      exportTo: anno === '' ? [] : anno.split(','),
    };
    for (const scope of scopes) registry.set(scopedFqdn(scope, ns, svc.meta.name), entry);
  }
  return registry;
}

/**
 * util.GetDestinationHost: the host as visible to everyone, then to the source's exportTo namespaces
 * (its own namespace without exportTo), then wildcard ServiceEntry hosts visible to `*` or the source.
 */
export function getDestinationHost(
  registry: Registry,
  sourceNamespace: string,
  exportTo: string[],
  host: string,
): RegistryEntry | null {
  const all = registry.get(scopedFqdn(EXPORT_TO_ALL, sourceNamespace, host));
  if (all) return all;
  if (exportTo.length === 0) {
    const local = registry.get(scopedFqdn(sourceNamespace, sourceNamespace, host));
    if (local) return local;
  } else {
    for (let e of exportTo) {
      if (e === EXPORT_TO_LOCAL) e = sourceNamespace;
      const hit = registry.get(scopedFqdn(e, sourceNamespace, host));
      if (hit) return hit;
    }
  }
  const hostWithoutWildcard = host.startsWith('*') ? host.slice(1) : host;
  for (const [key, entry] of registry) {
    const slash = key.indexOf('/');
    const scope = key.slice(0, slash);
    const seHost = key.slice(slash + 1);
    if (!seHost.startsWith('*')) continue;
    if (scope !== EXPORT_TO_ALL && scope !== sourceNamespace) continue;
    if (hostWithoutWildcard.endsWith(seHost.slice(1))) return entry;
  }
  return null;
}
