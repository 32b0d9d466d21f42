// GWL0105 (Gateway Lab): a route destination that exists for the VirtualService's namespace but not for
// the gateway. IST0101 (virtualservice/destinationhosts.go) looks the host up from the VirtualService's
// namespace; istiod builds the gateway's clusters from what is visible to the gateway pod's namespace.
// A Service annotated `networking.istio.io/exportTo: "."` (or a ServiceEntry with `exportTo: ["."]`) in
// the app namespace is therefore fine for IST0101 but missing at the gateway in istio-system: Envoy has no
// cluster and answers 503 with response flag NC.
//
// Destinations that do not exist at all are IST0101 `host` (whose fix explains the same 503 NC); this
// check only adds what IST0101 cannot see, so a learner never gets two messages for one mistake.
import type { AnalysisContext } from './context.ts';
import { report, resourceOf } from './context.ts';
import { mirrorDestinations, routeDestinations } from './destinations.ts';
import type { Registry } from './hosts.ts';
import { buildRegistry, convertHostToFQDN, getDestinationHost, MESH_GATEWAY } from './hosts.ts';
import { findIstioGateway, parseGatewayRef } from './vs-gateways.ts';
import { selectedWorkloads } from './workloads.ts';

export function analyzeDestinationVisibility(
  ctx: AnalysisContext,
  registry: Registry = buildRegistry(ctx.snapshot),
): void {
  const { snapshot } = ctx;
  for (const vs of snapshot.virtualServices) {
    const vsNs = vs.meta.namespace;
    const gatewayNamespaces = new Set<string>();
    for (const g of vs.gateways) {
      if (g === MESH_GATEWAY) continue;
      const gw = findIstioGateway(snapshot, parseGatewayRef(vsNs, g));
      if (!gw) continue;
      for (const w of selectedWorkloads(snapshot, gw.selector)) gatewayNamespaces.add(w.namespace);
    }
    gatewayNamespaces.delete(vsNs);
    if (gatewayNamespaces.size === 0) continue;
    const raw = resourceOf(ctx, vs.meta)?.object ?? {};
    for (const d of [...routeDestinations(raw), ...mirrorDestinations(raw)]) {
      const entry = getDestinationHost(registry, vsNs, vs.exportTo, d.host);
      if (!entry) continue; // IST0101 host
      const fqdn = convertHostToFQDN(vsNs, d.host);
      const blind = [...gatewayNamespaces].filter((ns) => !getDestinationHost(registry, ns, [], fqdn));
      if (blind.length === 0) continue;
      const how =
        entry.kind === 'Service'
          ? `annotation networking.istio.io/exportTo: "${entry.exportTo.join(',')}"`
          : `exportTo: [${entry.exportTo.join(', ')}]`;
      const fix =
        entry.kind === 'Service'
          ? `Export Service ${entry.ref} to the gateway's namespace too (networking.istio.io/exportTo: "${[...entry.exportTo, ...blind].join(',')}"), or remove the annotation.`
          : `Add ${blind.join(', ')} to the exportTo of ServiceEntry ${entry.ref}, or remove its exportTo.`;
      report(ctx, vs.meta, 'GWL0105', {
        distinct: true,
        path: [...d.path, 'host'],
        message: `${entry.kind} ${entry.ref} (${fqdn}) is visible to namespace ${vsNs} but not to the gateway pods in ${blind.join(', ')} (${how}), so the gateway has no cluster for it and answers 503 (response flag NC).`,
        fix,
        args: { host: d.host, target: entry.ref, gatewayNamespaces: blind },
      });
    }
  }
}
