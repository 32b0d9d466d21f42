import type { SourceRange } from '../diagnostics.ts';

/** A path into a resource object, e.g. ['spec', 'servers', 0, 'tls', 'credentialName']. */
export type FieldPath = (string | number)[];

/** One input file: the contract's `config` is a single file named "config"; labs have several. */
export interface ConfigFile {
  name: string;
  text: string;
}

/**
 * One Kubernetes object as the learner wrote it. `object` is the plain JS value of the YAML (never a
 * YAML node), so a Resource crosses the Web Worker boundary and serialises to JSON.
 */
export interface Resource {
  /** Stable id within one parse: `<file>#<document index>[.<list item>]`. */
  id: string;
  apiVersion: string;
  /** API group: "networking.istio.io", "" for core, "apps", "networking.k8s.io". */
  group: string;
  version: string;
  kind: string;
  name: string;
  /** metadata.namespace, defaulted to "default" when missing (contract), "" for cluster-scoped kinds. */
  namespace: string;
  /** true when metadata.namespace was absent and we defaulted it. */
  namespaceDefaulted: boolean;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** ISO text of metadata.creationTimestamp, or null (all such objects tie: contract clarification 5). */
  creationTimestamp: string | null;
  object: Record<string, unknown>;
  file: string;
  /** Range of the whole object (document or List item). */
  range: SourceRange;
  /**
   * Ranges of every field, keyed by `pathKey(path)`: for a map entry the span from key to value end, for
   * a sequence item the item. Lets diagnostics point at the field that causes them.
   */
  fieldRanges: Record<string, SourceRange>;
  /** True for objects the baseline added (they have no text of their own). */
  synthetic: boolean;
}

/** `Kind namespace/name`, the form istioctl prints (and the contract's `resource`). */
export function resourceRef(r: Pick<Resource, 'kind' | 'namespace' | 'name'>): string {
  return r.namespace ? `${r.kind} ${r.namespace}/${r.name}` : `${r.kind} ${r.name}`;
}

export function pathKey(path: FieldPath): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${p}` : p;
  return out;
}

/**
 * The range of a field, or of its nearest ancestor that has one (a missing field is reported at its
 * parent), or of the whole object.
 */
export function rangeOf(resource: Resource, path: FieldPath): SourceRange | null {
  for (let n = path.length; n >= 0; n--) {
    const r = resource.fieldRanges[pathKey(path.slice(0, n))];
    if (r) return r;
  }
  return resource.synthetic ? null : resource.range;
}

/** The kinds the simulator understands; anything else is kept and reported (GWL0002). */
export const KNOWN_KINDS: Record<string, string[]> = {
  'networking.istio.io': ['Gateway', 'VirtualService', 'DestinationRule', 'ServiceEntry'],
  '': ['Namespace', 'Service', 'Pod', 'Secret', 'ConfigMap'],
  apps: ['Deployment'],
  'networking.k8s.io': ['Ingress'],
};

export const ISTIO_NETWORKING_VERSIONS = ['v1alpha3', 'v1beta1', 'v1'];

export const CLUSTER_SCOPED_KINDS = new Set(['Namespace', 'Node']);
