// virtualservice.ConflictingMeshGatewayHostsAnalyzer — istio/istio
// pkg/config/analysis/analyzers/virtualservice/conflictingmeshgatewayhosts.go.
// IST0109: two or more VirtualServices bound to the mesh (no `gateways`, or `mesh` listed) claim the same
// (exportTo scope, FQDN host). A namespace-scoped key also collects `*`-scoped VirtualServices whose host
// wildcard-matches it; two `*`-scoped keys only collide on the exact string. Each VirtualService is
// reported once. Ingress-bound VirtualServices are never compared (Istio's blind spot).
import type { VirtualService } from '../resources/istio.ts';
import type { AnalysisContext } from './context.ts';
import { fullName, report } from './context.ts';
import {
  convertHostToFQDN,
  EXPORT_TO_ALL,
  EXPORT_TO_LOCAL,
  hostMatches,
  isExportToAll,
  MESH_GATEWAY,
} from './hosts.ts';

interface Claim {
  vs: VirtualService;
  hostIndex: number;
}

export function analyzeConflictingMeshHosts(ctx: AnalysisContext): void {
  const byKey = new Map<string, Claim[]>();
  const add = (k: string, c: Claim) => {
    const list = byKey.get(k) ?? [];
    if (!list.some((x) => x.vs === c.vs)) list.push(c);
    byKey.set(k, list);
  };
  for (const vs of ctx.snapshot.virtualServices) {
    if (vs.gateways.length > 0 && !vs.gateways.includes(MESH_GATEWAY)) continue;
    const ns = vs.meta.namespace;
    const scopes = isExportToAll(vs.exportTo)
      ? [EXPORT_TO_ALL]
      : [...new Set(vs.exportTo.map((e) => (e === EXPORT_TO_LOCAL ? ns : e)))];
    for (const scope of scopes) {
      vs.hosts.forEach((h, hostIndex) => add(`${scope}/${convertHostToFQDN(ns, h)}`, { vs, hostIndex }));
    }
  }
  // Namespace-scoped keys also see the VirtualServices exported everywhere whose host matches.
  const starClaims = [...byKey.entries()].filter(([k]) => k.startsWith(`${EXPORT_TO_ALL}/`));
  for (const [k, claims] of [...byKey.entries()]) {
    if (k.startsWith(`${EXPORT_TO_ALL}/`)) continue;
    const host = k.slice(k.indexOf('/') + 1);
    for (const [sk, sClaims] of starClaims) {
      if (hostMatches(sk.slice(2), host))
        for (const c of sClaims) if (!claims.some((x) => x.vs === c.vs)) claims.push(c);
    }
  }
  const reported = new Set<VirtualService>();
  for (const [k, claims] of byKey) {
    if (claims.length < 2) continue;
    const names = claims.map((c) => fullName(c.vs.meta)).sort();
    for (const c of claims) {
      if (reported.has(c.vs)) continue;
      reported.add(c.vs);
      report(ctx, c.vs.meta, 'IST0109', {
        path: ['spec', 'hosts', c.hostIndex],
        message: `The VirtualServices ${names.join(',')} associated with mesh gateway define the same host ${k} which can lead to undefined behavior. This can be fixed by merging the conflicting VirtualServices into a single resource.`,
        fix: `Merge ${names.join(' and ')} into one VirtualService for this host (istiod picks one of them and ignores the other's rules), or narrow their exportTo so they never meet.`,
        args: { virtualServices: names.join(','), host: k },
      });
    }
  }
}
