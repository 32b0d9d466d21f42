// The analysis context: the snapshot as `istioctl analyze` sees it (system namespaces dropped), the
// options, and `report`, which turns a finding into a Diagnostic the way istioctl prints it (suppression
// annotations honoured, nothing reported on baseline objects).
import type { Diagnostic } from '../diagnostics.ts';
import { codeInfo } from '../codes.ts';
import type { Snapshot, Workload } from '../cluster/snapshot.ts';
import type { Meta } from '../resources/istio.ts';
import type { FieldPath, Resource } from '../resources/types.ts';
import { rangeOf, resourceRef } from '../resources/types.ts';

export interface AnalyzeOptions {
  /** Istio mesh config fields some analyzers read (IST0134 reads defaultConfig.proxyMetadata). */
  meshConfig: Record<string, unknown>;
  /** "Now" for certificate validity (IST0161). */
  now: Date;
}

/**
 * Namespaces istioctl drops before any analyzer runs (namespace filter in
 * pkg/config/analysis/local/istiod_analyze.go addReaderKubeSourceInternal).
 */
export const IGNORED_NAMESPACES = new Set([
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'local-path-storage',
]);

/** The annotation that silences codes on one resource (`IST0101,IST0132` or `*`). */
export const SUPPRESS_ANNOTATION = 'galley.istio.io/analyze-suppress';

export interface Finding {
  /** Field path of the cause inside the resource; a missing field falls back to its nearest parent. */
  path: FieldPath;
  message: string;
  /** One sentence a learner can act on; the catalogue's default fix when absent. */
  fix?: string;
  /** Istio's message parameters (msg/messages.yaml names), or ours for GWL codes. */
  args?: Record<string, unknown>;
  /**
   * Istio sets the message's line to this field (msg.Line), so the same text at two fields is two
   * messages: istioctl de-duplicates by the printed text, which ends with `file:line`. Without it the
   * line is the resource's (or one shared field's), and equal texts collapse into one.
   */
  distinct?: boolean;
}

export interface AnalysisContext {
  snapshot: Snapshot;
  options: AnalyzeOptions;
  diagnostics: Diagnostic[];
  /** The printed-text key istioctl de-duplicates by, per diagnostic. */
  dedupeKeys: Map<Diagnostic, string>;
}

/** The snapshot without the namespaces istioctl ignores. */
export function analysisView(snapshot: Snapshot): Snapshot {
  const keep = (ns: string) => !IGNORED_NAMESPACES.has(ns);
  const byMeta = <T extends { meta: Meta }>(items: T[]) => items.filter((i) => keep(i.meta.namespace));
  const resources = snapshot.resources.filter((r) => keep(r.namespace));
  return {
    ...snapshot,
    resources,
    resourceById: Object.fromEntries(resources.map((r) => [r.id, r])),
    namespaces: snapshot.namespaces.filter(keep),
    gateways: byMeta(snapshot.gateways),
    virtualServices: byMeta(snapshot.virtualServices),
    destinationRules: byMeta(snapshot.destinationRules),
    serviceEntries: byMeta(snapshot.serviceEntries),
    services: byMeta(snapshot.services),
    deployments: byMeta(snapshot.deployments),
    pods: byMeta(snapshot.pods),
    secrets: byMeta(snapshot.secrets),
    ingresses: byMeta(snapshot.ingresses),
    workloads: snapshot.workloads.filter((w: Workload) => keep(w.namespace)),
  };
}

export function resourceOf(ctx: AnalysisContext, meta: Pick<Meta, 'id'>): Resource | undefined {
  return ctx.snapshot.resourceById[meta.id];
}

/** Codes the resource's `galley.istio.io/analyze-suppress` annotation silences. */
export function isSuppressed(resource: Resource, code: string): boolean {
  const value = resource.annotations[SUPPRESS_ANNOTATION];
  if (!value) return false;
  return value
    .split(',')
    .map((c) => c.trim())
    .some((c) => c === '*' || c === code);
}

/** Reports one finding on the resource `meta` names. */
export function report(ctx: AnalysisContext, meta: Pick<Meta, 'id'>, code: string, finding: Finding): void {
  const resource = resourceOf(ctx, meta);
  // Baseline objects have no text the learner could change: never blame them.
  if (!resource || resource.synthetic) return;
  if (isSuppressed(resource, code)) return;
  const info = codeInfo(code);
  const diagnostic: Diagnostic = {
    code,
    name: info.name,
    level: info.level,
    resource: resourceRef(resource),
    message: finding.message,
    fix: finding.fix ?? info.fix,
    range: rangeOf(resource, finding.path),
    file: resource.file,
  };
  if (finding.args) diagnostic.args = finding.args;
  ctx.diagnostics.push(diagnostic);
  const line = finding.distinct ? `:${diagnostic.range?.line ?? 0}` : '';
  ctx.dedupeKeys.set(
    diagnostic,
    `${diagnostic.level}\u0000${code}\u0000${diagnostic.resource}${line}\u0000${diagnostic.message}`,
  );
}

/**
 * istioctl's de-duplication (diag.Messages.SortedDedupedCopy): equal printed text, which includes the
 * message's line where the analyzer sets one (`distinct` findings). Keeps the first in `sorted` order.
 */
export function dedupeFindings(ctx: AnalysisContext, sorted: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return sorted.filter((d) => {
    const key = ctx.dedupeKeys.get(d) ?? `${d.level}\u0000${d.code}\u0000${d.resource}\u0000${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `ns/name`, the form Istio's resource.FullName prints. */
export function fullName(meta: Pick<Meta, 'namespace' | 'name'>): string {
  return meta.namespace ? `${meta.namespace}/${meta.name}` : meta.name;
}

/** Go's %q for the strings we print (plain JSON quoting is the same for printable text). */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

/** Go's %v of a []string: `[a b c]`. */
export function goList(items: (string | number)[]): string {
  return `[${items.join(' ')}]`;
}
