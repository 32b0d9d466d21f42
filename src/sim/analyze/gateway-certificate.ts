// gateway.CertificateAnalyzer — istio/istio pkg/config/analysis/analyzers/gateway/certificate.go.
// IST0138: Gateway G and another Gateway H whose selector contains all of G's labels (an empty selector
// on G matches every Gateway; namespaces are ignored because PILOT_SCOPE_GATEWAY_TO_NAMESPACE defaults
// to false) both have a TLS server with the same certificate: equal credentialNames, or (without
// credentialName) equal serverCertificate and privateKey. Only G, the smaller selector, reports.
import type { Gateway, GatewayServer, ServerTLSSettings } from '../resources/istio.ts';
import type { AnalysisContext } from './context.ts';
import { fullName, goList, report } from './context.ts';

function haveSameCertificate(a: ServerTLSSettings, b: ServerTLSSettings): boolean {
  if (a.credentialName && b.credentialName) return a.credentialName === b.credentialName;
  if (!a.credentialName && !b.credentialName) {
    if (a.serverCertificate && b.serverCertificate && a.serverCertificate === b.serverCertificate) {
      if (a.privateKey && b.privateKey) return a.privateKey === b.privateKey;
    }
  }
  return false;
}

/** Every key of x is in y with the same value (certificate.go selectorSubset). */
function selectorSubset(x: Record<string, string>, y: Record<string, string>): boolean {
  return Object.entries(x).every(([k, v]) => y[k] === v);
}

/** A host without its `ns/` prefix. */
export function bareHost(h: string): string {
  const slash = h.indexOf('/');
  return slash >= 0 ? h.slice(slash + 1) : h;
}

/**
 * `*.sample.com` when every host is a direct child of one parent domain, else the hosts themselves:
 * what a single shared Gateway would list.
 */
export function commonHosts(hosts: string[]): string {
  const unique = [...new Set(hosts.map(bareHost))];
  const parents = new Set(unique.map((h) => h.replace(/^[^.]*\./, '')));
  if (unique.length > 1 && parents.size === 1) {
    const parent = [...parents][0];
    if (parent.includes('.')) return `*.${parent}`;
  }
  return unique.join(', ');
}

export function singleGatewayFix(
  servers: { gw: Gateway; server: GatewayServer }[],
  credential: string,
): string {
  const hosts = servers.flatMap((s) => s.server.hosts);
  const vsRefs = [...new Set(servers.map((s) => fullName(s.gw.meta)))].join(' and ');
  const cred = credential ? ` and credentialName ${credential}` : '';
  return `Serve these hosts from one Gateway (for example common/gateway with hosts ${commonHosts(hosts)}${cred}) and have the VirtualServices that now use ${vsRefs} reference it (gateways: [common/gateway]), so one route config knows every host a reused HTTP/2 connection may ask for.`;
}

export function analyzeGatewayCertificates(ctx: AnalysisContext): void {
  const { gateways } = ctx.snapshot;
  for (const g of gateways) {
    const gSel = g.selector ?? {};
    for (const h of gateways) {
      if (h === g) continue;
      if (Object.keys(gSel).length > 0 && !selectorSubset(gSel, h.selector ?? {})) continue;
      for (const cs of g.servers) {
        for (const s of h.servers) {
          if (!cs.tls || !s.tls) continue;
          if (!haveSameCertificate(cs.tls, s.tls)) continue;
          const names = [fullName(g.meta), fullName(h.meta)];
          report(ctx, g.meta, 'IST0138', {
            path: cs.tls.credentialName
              ? ['spec', 'servers', cs.index, 'tls', 'credentialName']
              : ['spec', 'servers', cs.index, 'tls', 'serverCertificate'],
            message: `Duplicate certificate in multiple gateways ${goList(names)} may cause 404s if clients re-use HTTP2 connections.`,
            fix: singleGatewayFix(
              [
                { gw: g, server: cs },
                { gw: h, server: s },
              ],
              cs.tls.credentialName,
            ),
            args: { gateways: names },
          });
        }
      }
    }
  }
}
