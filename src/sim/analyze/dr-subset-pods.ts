// destinationrule.PodNotSelectedAnalyzer (analyzer name destinationrule.SubsetSelectPodAnalyzer) —
// istio/istio pkg/config/analysis/analyzers/destinationrule/subset.go.
// IST0174: the DestinationRule host is not in the registry (same lookup as VirtualService destinations,
// from the DestinationRule's namespace and exportTo). IST0173: a subset whose labels (merged over the
// ServiceEntry workloadSelector) match no pod anywhere — no namespace or Service restriction (Istio's blind
// spot; gwl-subset-pods.ts checks the Service's own pods). Pod labels are extended with the topology
// labels of the Node in spec.nodeName.
import type { Snapshot, Workload } from '../cluster/snapshot.ts';
import { selectorMatches } from '../cluster/labels.ts';
import { obj, str } from '../resources/read.ts';
import type { AnalysisContext } from './context.ts';
import { report } from './context.ts';
import type { Registry } from './hosts.ts';
import { buildRegistry, getDestinationHost } from './hosts.ts';

const NODE_LABELS = [
  'topology.kubernetes.io/region',
  'topology.kubernetes.io/zone',
  'topology.istio.io/subzone',
];
const HOSTNAME_LABEL = 'kubernetes.io/hostname';

/** Pod labels as the analyzer sees them: plus region/zone/subzone (when non-empty) and hostname of its Node. */
export function podLabelsWithNode(snapshot: Snapshot, w: Workload): Record<string, string> {
  if (!w.nodeName) return w.labels;
  const node = snapshot.resources.find((r) => r.kind === 'Node' && r.group === '' && r.name === w.nodeName);
  if (!node) return w.labels;
  const labels = { ...w.labels };
  const nodeLabels = obj(obj(node.object.metadata).labels);
  for (const k of NODE_LABELS) {
    const v = str(nodeLabels[k]);
    if (v) labels[k] = v;
  }
  labels[HOSTNAME_LABEL] = str(nodeLabels[HOSTNAME_LABEL]);
  return labels;
}

export function analyzeSubsetPods(
  ctx: AnalysisContext,
  registry: Registry = buildRegistry(ctx.snapshot),
): void {
  const { snapshot } = ctx;
  const pods = snapshot.workloads.map((w) => podLabelsWithNode(snapshot, w));
  for (const dr of snapshot.destinationRules) {
    const entry = getDestinationHost(registry, dr.meta.namespace, dr.exportTo, dr.host);
    if (!entry) {
      report(ctx, dr.meta, 'IST0174', {
        path: ['spec', 'host'],
        message: `The host ${dr.host} defined in the DestinationRule does not match any services in the mesh.`,
        fix: `Use the name of an existing Service (a short name means one in ${dr.meta.namespace}) or a ServiceEntry host; until then this DestinationRule applies to nothing.`,
        args: { host: dr.host },
      });
      continue;
    }
    for (const subset of dr.subsets) {
      const selector =
        entry.kind === 'ServiceEntry'
          ? { ...(entry.serviceEntry?.workloadSelector ?? {}), ...subset.labels }
          : subset.labels;
      if (pods.some((labels) => selectorMatches(selector, labels))) continue;
      const labelText = Object.entries(subset.labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ');
      report(ctx, dr.meta, 'IST0173', {
        path: ['spec', 'subsets', subset.index, 'labels'],
        message: `The Subset ${subset.name} defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream).`,
        fix: `No pod has the labels ${labelText || '(none)'}: deploy pods with them, or change the subset's labels to ones the ${dr.host} pods carry.`,
        args: { subset: subset.name },
      });
    }
  }
}
