// deprecation.FieldAnalyzer — istio/istio pkg/config/analysis/analyzers/deprecation/deprecation.go.
// IST0002: an http route with fault.delay.percent > 0 (replaced by fault.delay.percentage).
import type { AnalysisContext } from './context.ts';
import { report } from './context.ts';

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
}
