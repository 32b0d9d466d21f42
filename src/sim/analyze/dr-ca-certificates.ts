// destinationrule.CaCertificateAnalyzer — istio/istio pkg/config/analysis/analyzers/destinationrule/ca-certificates.go.
// IST0128 / IST0129: client TLS mode SIMPLE or MUTUAL without caCertificates, so the server certificate
// is not verified. Exempt only when credentialName is set AND the DestinationRule has a workloadSelector;
// ISTIO_MUTUAL, DISABLE and insecureSkipVerify are not considered. Destination and port level are
// independent findings.
import type { ClientTLSSettings } from '../resources/istio.ts';
import type { AnalysisContext } from './context.ts';
import { report } from './context.ts';

function unverified(tls: ClientTLSSettings | null, hasWorkloadSelector: boolean): boolean {
  if (!tls) return false;
  if (tls.mode !== 'SIMPLE' && tls.mode !== 'MUTUAL') return false;
  if (tls.caCertificates) return false;
  return !(tls.credentialName && hasWorkloadSelector);
}

export function analyzeCaCertificates(ctx: AnalysisContext): void {
  for (const dr of ctx.snapshot.destinationRules) {
    const ws = dr.workloadSelector !== null;
    const name = dr.meta.name;
    const ns = dr.meta.namespace;
    const tp = dr.trafficPolicy;
    if (tp && unverified(tp.tls, ws)) {
      report(ctx, dr.meta, 'IST0128', {
        path: ['spec', 'trafficPolicy', 'tls', 'mode'],
        message: `DestinationRule ${name} in namespace ${ns} has TLS mode set to ${tp.tls!.mode} but no caCertificates are set to validate server identity for host: ${dr.host}`,
        fix: `Set trafficPolicy.tls.caCertificates (or a credentialName Secret holding ca.crt) so the proxy verifies ${dr.host}'s certificate.`,
        args: { destinationrule: name, namespace: ns, mode: tp.tls!.mode, host: dr.host },
      });
    }
    tp?.portLevelSettings.forEach((pls, i) => {
      if (!unverified(pls.tls, ws)) return;
      const port = `number:${pls.port ?? 0}`;
      report(ctx, dr.meta, 'IST0129', {
        path: ['spec', 'trafficPolicy', 'portLevelSettings', i, 'tls', 'mode'],
        message: `DestinationRule ${name} in namespace ${ns} has TLS mode set to ${pls.tls!.mode} but no caCertificates are set to validate server identity for host: ${dr.host} at port ${port}`,
        fix: `Set caCertificates in this port's tls settings so the proxy verifies ${dr.host}'s certificate on port ${pls.port ?? 0}.`,
        args: { destinationrule: name, namespace: ns, mode: pls.tls!.mode, host: dr.host, port },
      });
    });
  }
}
