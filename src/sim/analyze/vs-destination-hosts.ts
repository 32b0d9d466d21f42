// virtualservice.DestinationHostAnalyzer — istio/istio pkg/config/analysis/analyzers/virtualservice/destinationhosts.go.
// IST0101 (host / mirror host / host:port) for destinations the registry (ServiceEntries and Services,
// with exportTo visibility) does not have, IST0112 for a multi-port service without destination port,
// and IST0140 for an ingress route without subset to a host another VirtualService routes by subset.
import type { AnalysisContext } from './context.ts';
import { fullName, goList, report, resourceOf } from './context.ts';
import type { AnnotatedDestination } from './destinations.ts';
import { mirrorDestinations, routeDestinations } from './destinations.ts';
import type { Registry, RegistryEntry } from './hosts.ts';
import { buildRegistry, convertHostToFQDN, getDestinationHost } from './hosts.ts';
import { arr, obj, str } from '../resources/read.ts';
import type { VirtualService } from '../resources/istio.ts';

function missingHostFix(ctx: AnalysisContext, vs: VirtualService, host: string): string {
  const fqdn = convertHostToFQDN(vs.meta.namespace, host);
  const shortName = host.split('.')[0];
  const sameName = ctx.snapshot.services
    .filter((s) => s.meta.name === shortName)
    .map((s) => `${s.meta.name}.${s.meta.namespace}.svc.cluster.local`);
  const runtime = 'until then the gateway has no cluster for it and answers 503 (response flag NC)';
  if (!host) return `Give the destination a host (a Service name or a ServiceEntry host); ${runtime}.`;
  if (sameName.length && !sameName.includes(fqdn)) {
    return `A short host means a Service in the VirtualService's namespace (${fqdn}); write ${sameName[0]} to reach the Service in another namespace — ${runtime}.`;
  }
  return `Create the Service (or a ServiceEntry for ${host}), or fix the host name; ${runtime}.`;
}

export function analyzeDestinationHosts(
  ctx: AnalysisContext,
  registry: Registry = buildRegistry(ctx.snapshot),
): void {
  const { snapshot } = ctx;
  for (const vs of snapshot.virtualServices) {
    const raw = resourceOf(ctx, vs.meta)?.object ?? {};
    const check = (d: AnnotatedDestination, reftype: 'host' | 'mirror host') => {
      const entry = getDestinationHost(registry, vs.meta.namespace, vs.exportTo, d.host);
      if (!entry) {
        report(ctx, vs.meta, 'IST0101', {
          distinct: true,
          path: [...d.path, 'host'],
          message: `Referenced ${reftype} not found: ${JSON.stringify(d.host)}`,
          fix: missingHostFix(ctx, vs, d.host),
          args: { reftype, refval: d.host },
        });
        return;
      }
      checkPorts(ctx, vs, d, entry);
    };
    for (const d of routeDestinations(raw)) check(d, 'host');
    for (const d of mirrorDestinations(raw)) check(d, 'mirror host');
  }
  analyzeSubsetNoEffect(ctx);
}

function checkPorts(
  ctx: AnalysisContext,
  vs: VirtualService,
  d: AnnotatedDestination,
  entry: RegistryEntry,
): void {
  if (!d.hasPort) {
    if (entry.ports.length > 1) {
      report(ctx, vs.meta, 'IST0112', {
        distinct: true,
        path: [...d.path, 'host'],
        message: `This VirtualService routes to a service ${JSON.stringify(d.host)} that exposes multiple ports ${goList(entry.ports)}. Specifying a port in the destination is required to disambiguate.`,
        fix: `Add port: {number: <one of ${entry.ports.join(', ')}>} to this destination.`,
        args: { destHost: d.host, destPorts: entry.ports },
      });
    }
    return;
  }
  // A ServiceEntry (or Service) without ports accepts any destination port.
  if (entry.ports.length === 0 || entry.ports.includes(d.port)) return;
  report(ctx, vs.meta, 'IST0101', {
    distinct: true,
    path: [...d.path, 'port'],
    message: `Referenced host:port not found: ${JSON.stringify(`${d.host}:${d.port}`)}`,
    fix: `${entry.kind} ${entry.ref} offers port${entry.ports.length > 1 ? 's' : ''} ${entry.ports.join(', ')} (the Service port, not the targetPort): use one of those.`,
    args: { reftype: 'host:port', refval: `${d.host}:${d.port}` },
  });
}

/**
 * IST0140 (destinationhosts.go analyzeSubset): for VirtualServices with `gateways`, an http route
 * destination without subset whose host string is, literally, a host another VirtualService M routes to
 * with a subset and also lists in M's `hosts`.
 */
function analyzeSubsetNoEffect(ctx: AnalysisContext): void {
  const { snapshot } = ctx;
  const withSubsets: { vs: VirtualService; hosts: string[] }[] = [];
  for (const vs of snapshot.virtualServices) {
    const hosts: string[] = [];
    for (const rule of vs.http) {
      for (const rd of rule.route) {
        if (rd.destination.subset && vs.hosts.includes(rd.destination.host)) hosts.push(rd.destination.host);
      }
    }
    if (hosts.length) withSubsets.push({ vs, hosts });
  }
  for (const vs of snapshot.virtualServices) {
    if (vs.gateways.length === 0) continue;
    const raw = obj(resourceOf(ctx, vs.meta)?.object.spec);
    arr(raw.http).forEach((rule, i) => {
      arr(obj(rule).route).forEach((rd, j) => {
        const dest = obj(obj(rd).destination);
        if (str(dest.subset)) return;
        const host = str(dest.host);
        for (const m of withSubsets) {
          for (const h of m.hosts) {
            if (h !== host) continue;
            report(ctx, vs.meta, 'IST0140', {
              distinct: true,
              path: ['spec', 'http', i, 'route', j, 'destination', 'host'],
              message: `Subset in virtual service ${fullName(m.vs.meta)} has no effect on ingress gateway ${fullName(vs.meta)} requests`,
              fix: `Mesh VirtualService ${fullName(m.vs.meta)} does not apply to traffic the ingress gateway forwards: set the subset (or weighted subsets) on this destination too.`,
              args: { virtualservicesubset: fullName(m.vs.meta), virtualservice: fullName(vs.meta) },
            });
          }
        }
      });
    });
  }
}
