// Host-name algebra, as istiod does it (istio/istio pkg/config/host/name.go and names.go), and the
// reference-resolution rules of pilot/pkg/model/config.go and virtualservice.go.

/** The cluster domain suffix a real cluster uses (crdclient sets Domain to cluster.local). */
export const CLUSTER_DOMAIN = 'cluster.local';

export function isWildcarded(h: string): boolean {
  return h.length > 0 && h[0] === '*';
}

/**
 * host.Name.Matches: true when the two names share at least one concrete host. `*` matches anything;
 * `*.foo.com` matches `a.foo.com` and `*.a.foo.com` but not `foo.com`.
 */
export function hostMatches(n: string, o: string): boolean {
  const nw = isWildcarded(n);
  const ow = isWildcarded(o);
  if (nw) {
    if (ow) return n.length < o.length ? o.slice(1).endsWith(n.slice(1)) : n.slice(1).endsWith(o.slice(1));
    return o.endsWith(n.slice(1));
  }
  if (ow) return n.endsWith(o.slice(1));
  return n === o;
}

/** host.Name.SubsetOf: every host `n` covers is also covered by `o`. */
export function hostSubsetOf(n: string, o: string): boolean {
  if (isWildcarded(o)) {
    if (!isWildcarded(n)) return n.endsWith(o.slice(1));
    return n.slice(1).endsWith(o.slice(1));
  }
  if (isWildcarded(n)) return false;
  return n === o;
}

/**
 * host.Names sort order (names.go Less): concrete names before wildcards, then longest first, then
 * alphabetically. Used where Istio sorts hostnames, e.g. picking the primary of collapsed vhosts.
 */
export function compareHostNames(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length && !b.length) return 0;
  const aw = isWildcarded(a);
  const bw = isWildcarded(b);
  if (aw && !bw) return 1;
  if (!aw && bw) return -1;
  if (a.length === b.length) return a < b ? -1 : 1;
  return a.length > b.length ? -1 : 1;
}

/**
 * host.Names.Intersection: for each pair keep the more specific name (server `foo.bar` × VS `*` →
 * `foo.bar`; server `*.example.com` × VS `a.example.com` → `a.example.com`). Order follows `h`.
 */
export function intersectHosts(h: string[], other: string[]): string[] {
  const out: string[] = [];
  for (const a of h) {
    for (const b of other) {
      if (hostSubsetOf(a, b)) {
        if (!out.includes(a)) out.push(a);
      } else if (hostSubsetOf(b, a)) {
        if (!out.includes(b)) out.push(b);
      }
    }
  }
  return out;
}

/**
 * host.NamesForNamespace: the server hosts a VirtualService in `namespace` may attach to. `ns/h` counts
 * only for VirtualServices in `ns` (or `*`), bare hosts for everyone.
 */
export function namesForNamespace(hosts: string[], namespace: string): string[] {
  const out: string[] = [];
  for (let h of hosts) {
    const slash = h.indexOf('/');
    if (slash >= 0) {
      const ns = h.slice(0, slash);
      if (ns !== namespace && ns !== '*') continue;
      h = h.slice(slash + 1);
    }
    out.push(h);
  }
  return out;
}

/**
 * model.sanitizeServerHostNamespace: `./h` → `<gatewayNs>/h`, `*\/h` → `h`, `*\/*` → the host list
 * becomes just `*`.
 */
export function sanitizeServerHosts(hosts: string[], gatewayNamespace: string): string[] {
  const out = [...hosts];
  for (let i = 0; i < out.length; i++) {
    const h = out[i];
    if (!h.includes('/')) continue;
    const [ns, name] = h.split('/');
    if (ns === '.') out[i] = `${gatewayNamespace}/${name}`;
    else if (ns === '*') {
      if (name === '*') return ['*'];
      out[i] = name;
    }
  }
  return out;
}

/** model.GetSNIHostsForServer: hosts without `ns/`, deduplicated and sorted. */
export function sniHostsForServer(hosts: string[]): string[] {
  const set = new Set(hosts.map((h) => (h.includes('/') ? h.split('/')[1] : h)));
  return [...set].sort();
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export function isIPAddress(h: string): boolean {
  return IPV4.test(h) || (h.includes(':') && /^[0-9a-fA-F:.]+$/.test(h));
}

/**
 * model.ResolveShortnameToFQDN: a name without a dot gets `.<namespace>.svc.<domain>`; `*`, IPs and
 * dotted names are kept as written (so `reviews.default` stays literally `reviews.default`).
 */
export function resolveShortnameToFQDN(hostname: string, namespace: string, domain = CLUSTER_DOMAIN): string {
  if (!hostname || hostname === '*' || isIPAddress(hostname) || hostname.includes('.')) return hostname;
  let out = hostname;
  if (namespace) out += `.${namespace}`;
  if (domain) out += `.svc.${domain}`;
  return out;
}

/**
 * model.resolveGatewayName: `gw` and `./gw` → `<vsNamespace>/gw`; `ns/gw` as is; the legacy FQDN
 * `gw.ns.svc.cluster.local` (or `gw.ns`) → `ns/gw`; `mesh` stays `mesh`.
 */
export function resolveGatewayName(gwname: string, vsNamespace: string): string {
  if (gwname === 'mesh') return gwname;
  const slash = gwname.indexOf('/');
  if (slash < 0) {
    const dot = gwname.indexOf('.');
    if (dot < 0) return `${vsNamespace}/${gwname}`;
    const rest = gwname.slice(dot + 1);
    const dot2 = rest.indexOf('.');
    return `${dot2 < 0 ? rest : rest.slice(0, dot2)}/${gwname.slice(0, dot)}`;
  }
  if (gwname.slice(0, slash) === '.') return `${vsNamespace}/${gwname.slice(slash + 1)}`;
  return gwname;
}
