// serviceentry.ProtocolAddressesAnalyzer (analyzer name serviceentry.Analyzer) — istio/istio
// pkg/config/analysis/analyzers/serviceentry/protocoladdresses.go.
// IST0134: a port whose protocol is empty or TCP (any case) on a ServiceEntry without spec.addresses and
// without status.addresses, unless DNS capture and address auto-allocation are on in the mesh config.
import { obj, str } from '../resources/read.ts';
import type { AnalysisContext } from './context.ts';
import { report } from './context.ts';

function autoAllocation(meshConfig: Record<string, unknown>): boolean {
  const md = obj(obj(meshConfig.defaultConfig).proxyMetadata);
  const on = (k: string) => str(md[k]) === 'true';
  return (
    on('ISTIO_META_DNS_CAPTURE') && (on('ISTIO_META_DNS_AUTO_ALLOCATE') || on('PILOT_ENABLE_IP_AUTOALLOCATE'))
  );
}

export function analyzeServiceEntryAddresses(ctx: AnalysisContext): void {
  if (autoAllocation(ctx.options.meshConfig)) return;
  for (const se of ctx.snapshot.serviceEntries) {
    if (se.addresses.length > 0 || se.statusAddresses.length > 0) continue;
    se.ports.forEach((p, i) => {
      const proto = p.protocol.toUpperCase();
      if (proto !== '' && proto !== 'TCP') return;
      report(ctx, se.meta, 'IST0134', {
        distinct: true,
        path: ['spec', 'ports', i],
        message: 'ServiceEntry addresses are required for this protocol.',
        fix: `Plain TCP is matched by destination IP: add spec.addresses (a virtual IP) for ${se.hosts.join(', ') || 'this host'}, or give port ${p.number} an application protocol such as HTTP or TLS.`,
      });
    });
  }
}
