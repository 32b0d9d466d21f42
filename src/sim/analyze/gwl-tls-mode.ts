// GWL0103 / GWL0104 (Gateway Lab): an HTTPS or TLS server whose `tls` block has no `mode`. The proto
// enum's zero value is PASSTHROUGH (istio/api networking/v1alpha3/gateway.proto ServerTLSSettings.TLSmode),
// so the gateway does not terminate TLS: it forwards the encrypted stream by SNI to a `tls:` route, and
// `http:` routes never apply. With a credentialName (GWL0104) the certificate is silently unused — the
// webhook only prints "PASSTHROUGH mode does not use certificates, they will be ignored" (IST0133), which
// does not say that the mode was left out.
import type { AnalysisContext } from './context.ts';
import { report } from './context.ts';

export function analyzeTlsModes(ctx: AnalysisContext): void {
  for (const gw of ctx.snapshot.gateways) {
    for (const server of gw.servers) {
      const tls = server.tls;
      const protocol = server.port.protocol;
      if (!tls || tls.modeSet || (protocol !== 'HTTPS' && protocol !== 'TLS')) continue;
      const path = ['spec', 'servers', server.index, 'tls'];
      const certificate =
        tls.credentialName || tls.credentialNames[0] || (tls.serverCertificate ? 'serverCertificate' : '');
      if (certificate) {
        report(ctx, gw.meta, 'GWL0104', {
          path,
          message: `The ${protocol} server on port ${server.port.number} names a certificate (${certificate}) but its tls block has no mode, so the mode is PASSTHROUGH: the gateway does not terminate TLS, ignores the certificate and forwards the encrypted stream by SNI, where no http route applies.`,
          fix: 'Add mode: SIMPLE (or MUTUAL to require client certificates) to the tls block.',
          args: { port: server.port.number, credentialName: tls.credentialName },
        });
      } else {
        report(ctx, gw.meta, 'GWL0103', {
          path,
          message: `The ${protocol} server on port ${server.port.number} has a tls block without mode, so the mode is PASSTHROUGH: the gateway forwards the encrypted stream by SNI and only tls routes (not http routes) can match it.`,
          fix:
            protocol === 'HTTPS'
              ? 'Add mode: SIMPLE and credentialName: <Secret> to terminate TLS at the gateway, or write mode: PASSTHROUGH (with a tls route on sniHosts) if the backend terminates TLS.'
              : 'Write the mode you mean: PASSTHROUGH (the backend terminates TLS; route with tls.match.sniHosts) or SIMPLE with a credentialName.',
          args: { port: server.port.number },
        });
      }
    }
  }
}
