// GWL0106 (Gateway Lab): a DestinationRule subset whose labels match pods somewhere, but none of the pods
// behind the DestinationRule's own Service. IST0173 (destinationrule/subset.go) passes as soon as ANY pod
// in ANY namespace has the labels, while Envoy's subset cluster only ever contains the Service's
// endpoints: the subset is empty and requests routed to it get 503 UH (no healthy upstream).
import { selectorMatches } from '../cluster/labels.ts';
import type { AnalysisContext } from './context.ts';
import { report } from './context.ts';
import { podLabelsWithNode } from './dr-subset-pods.ts';
import type { Registry } from './hosts.ts';
import { buildRegistry, getDestinationHost } from './hosts.ts';

export function analyzeServiceSubsetPods(
  ctx: AnalysisContext,
  registry: Registry = buildRegistry(ctx.snapshot),
): void {
  const { snapshot } = ctx;
  const all = snapshot.workloads.map((w) => ({ w, labels: podLabelsWithNode(snapshot, w) }));
  for (const dr of snapshot.destinationRules) {
    const entry = getDestinationHost(registry, dr.meta.namespace, dr.exportTo, dr.host);
    if (!entry) continue; // IST0174
    let backing: typeof all;
    let what: string;
    if (entry.kind === 'Service' && entry.service) {
      const svc = entry.service;
      const sel = svc.selector ?? {};
      if (Object.keys(sel).length === 0) continue; // endpoints managed by hand: nothing to compare
      backing = all.filter((p) => p.w.namespace === svc.meta.namespace && selectorMatches(sel, p.labels));
      what = `Service ${entry.ref}`;
    } else if (entry.serviceEntry?.workloadSelector) {
      const sel = entry.serviceEntry.workloadSelector;
      backing = all.filter((p) => p.w.namespace === entry.namespace && selectorMatches(sel, p.labels));
      what = `ServiceEntry ${entry.ref}`;
    } else continue;
    for (const subset of dr.subsets) {
      const merged =
        entry.kind === 'ServiceEntry'
          ? { ...(entry.serviceEntry?.workloadSelector ?? {}), ...subset.labels }
          : subset.labels;
      if (!all.some((p) => selectorMatches(merged, p.labels))) continue; // IST0173
      if (backing.some((p) => selectorMatches(subset.labels, p.labels))) continue;
      const keys = Object.keys(subset.labels);
      const seen = keys
        .map((k) => {
          const values = [...new Set(backing.map((p) => p.labels[k]).filter((v) => v !== undefined))].sort();
          return values.length ? `${k}: ${values.join(', ')}` : `no ${k} label`;
        })
        .join('; ');
      const owners = [...new Set(all.filter((p) => selectorMatches(merged, p.labels)).map((p) => p.w.owner))]
        .slice(0, 3)
        .join(', ');
      report(ctx, dr.meta, 'GWL0106', {
        path: ['spec', 'subsets', subset.index, 'labels'],
        message: backing.length
          ? `Subset ${subset.name} selects ${owners}, but none of the ${backing.length} pod(s) behind ${what}: the subset has no endpoints and requests routed to it get 503 (response flag UH).`
          : `Subset ${subset.name} selects ${owners}, but ${what} selects no pods at all: the subset has no endpoints and requests routed to it get 503 (response flag UH).`,
        fix: backing.length
          ? `Use labels the pods behind ${what} carry (they have ${seen}), or label those pods with ${keys.map((k) => `${k}: ${subset.labels[k]}`).join(', ')}.`
          : `Make ${what}'s selector match the pods you want (${owners}) and keep the subset labels.`,
        args: { subset: subset.name, service: entry.ref },
      });
    }
  }
}
