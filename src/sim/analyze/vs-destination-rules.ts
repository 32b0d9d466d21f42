// virtualservice.DestinationRuleAnalyzer — istio/istio pkg/config/analysis/analyzers/virtualservice/destinationrules.go.
// IST0101 (host+subset in destinationrule / mirror+subset in destinationrule): a destination names a
// subset no DestinationRule defines for the same (name, namespace) key. A short host resolves in the
// namespace of the object that mentions it, `name.ns.svc.cluster.local` to (name, ns), anything else keeps
// the object's namespace; DestinationRule exportTo and wildcards are not considered.
import type { AnalysisContext } from './context.ts';
import { report, resourceOf } from './context.ts';
import type { AnnotatedDestination } from './destinations.ts';
import { mirrorDestinations, routeDestinations } from './destinations.ts';
import { convertHostToFQDN, resourceNameFromHost } from './hosts.ts';

function key(name: string, namespace: string, subset: string): string {
  return `${namespace}\u0000${name}\u0000${subset}`;
}

export function analyzeDestinationRuleSubsets(ctx: AnalysisContext): void {
  const { snapshot } = ctx;
  const known = new Set<string>();
  for (const dr of snapshot.destinationRules) {
    const ns = dr.meta.namespace;
    const n = resourceNameFromHost(ns, convertHostToFQDN(ns, dr.host));
    for (const s of dr.subsets) known.add(key(n.name, n.namespace, s.name));
  }
  for (const vs of snapshot.virtualServices) {
    const ns = vs.meta.namespace;
    const raw = resourceOf(ctx, vs.meta)?.object ?? {};
    const check = (d: AnnotatedDestination, reftype: string) => {
      if (!d.subset) return;
      const n = resourceNameFromHost(ns, d.host);
      if (known.has(key(n.name, n.namespace, d.subset))) return;
      const defined = snapshot.destinationRules
        .filter((dr) => {
          const k = resourceNameFromHost(dr.meta.namespace, convertHostToFQDN(dr.meta.namespace, dr.host));
          return k.name === n.name && k.namespace === n.namespace;
        })
        .flatMap((dr) => dr.subsets.map((s) => s.name));
      const elsewhere = snapshot.destinationRules.filter(
        (dr) => dr.subsets.some((s) => s.name === d.subset) && dr.host.split('.')[0] === n.name.split('.')[0],
      );
      let fix: string;
      if (defined.length)
        fix = `The DestinationRule for ${d.host} defines ${defined.join(', ')}: use one of those, or add subset ${d.subset} to it.`;
      else if (elsewhere.length)
        fix = `DestinationRule ${elsewhere[0].meta.namespace}/${elsewhere[0].meta.name} defines ${d.subset} for host ${elsewhere[0].host}, which resolves to another namespace: write the full host ${n.name}.${n.namespace}.svc.cluster.local there, or move it to ${n.namespace}.`;
      else
        fix = `Add a DestinationRule for ${d.host} with a subset named ${d.subset} (and labels that select its pods); until then the route has no cluster and answers 503.`;
      report(ctx, vs.meta, 'IST0101', {
        distinct: true,
        path: [...d.path, 'subset'],
        message: `Referenced ${reftype} not found: ${JSON.stringify(`${d.host}+${d.subset}`)}`,
        fix,
        args: { reftype, refval: `${d.host}+${d.subset}` },
      });
    };
    for (const d of routeDestinations(raw)) check(d, 'host+subset in destinationrule');
    for (const d of mirrorDestinations(raw)) check(d, 'mirror+subset in destinationrule');
  }
}
