// deprecation.FieldAnalyzer — istio/istio pkg/config/analysis/analyzers/deprecation/deprecation.go.
// IST0002: an http route with fault.delay.percent > 0 (replaced by fault.delay.percentage)
// (analyzeVirtualService), and a Sidecar whose outboundTrafficPolicy sets egressProxy, which Istio
// ignores (analyzeSidecar). The Sidecar is not simulated, but the parser keeps it as a resource.
import type { AnalysisContext } from './context.ts';
import { report } from './context.ts';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function analyzeDeprecations(ctx: AnalysisContext): void {
  for (const vs of ctx.snapshot.virtualServices) {
    for (const rule of vs.http) {
      const percent = rule.fault?.delay?.percent ?? 0;
      if (percent <= 0) continue;
      const detail = 'HTTPRoute.fault.delay.percent is deprecated; use HTTPRoute.fault.delay.percentage';
      report(ctx, vs.meta, 'IST0002', {
        path: ['spec', 'http', rule.index, 'fault', 'delay', 'percent'],
        message: `Deprecated: ${detail}`,
        fix: `Replace percent: ${percent} with percentage: {value: ${percent}}.`,
        args: { detail },
      });
    }
  }

  for (const r of ctx.snapshot.resources) {
    if (r.kind !== 'Sidecar' || r.group !== 'networking.istio.io') continue;
    const spec = isObject(r.object) ? r.object.spec : undefined;
    const otp = isObject(spec) ? spec.outboundTrafficPolicy : undefined;
    // Go checks OutboundTrafficPolicy.EgressProxy != nil: any egressProxy object counts, even `{}`.
    if (!isObject(otp) || !isObject(otp.egressProxy)) continue;
    const detail = 'OutboundTrafficPolicy.EgressProxy ignored';
    report(ctx, r, 'IST0002', {
      path: ['spec', 'outboundTrafficPolicy', 'egressProxy'],
      message: `Deprecated: ${detail}`,
      fix: 'Remove outboundTrafficPolicy.egressProxy from the Sidecar: Istio ignores it (route egress through an egress gateway with a VirtualService instead).',
      args: { detail },
    });
  }
}
