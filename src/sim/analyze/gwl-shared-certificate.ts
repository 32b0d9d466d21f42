// GWL0101 (Gateway Lab): two Gateways on the same gateway workload whose DIFFERENT Secrets hold
// certificates covering each other's hosts. IST0138 (gateway/certificate.go) compares only credentialName
// strings, so it misses this, yet browsers behave the same: HTTP/2 lets a client reuse a connection for
// any host the server's certificate covers on the same IP and port (RFC 9113 §9.1.1; Chromium
// SpdySessionPool), and Istio gives every HTTPS server its own route config
// (https.<port>.<portName>.<gateway>.<ns>), which knows only that server's hosts — so the reused
// connection answers 404 for the other Gateway's host.
import type { Gateway, GatewayServer } from '../resources/istio.ts';
import type { ParsedCertificate } from '../tls/x509.ts';
import { cachedPemBundle } from '../tls/pem-cache.ts';
import { hostnameMatches } from '../tls/verify.ts';
import type { AnalysisContext } from './context.ts';
import { fullName, report } from './context.ts';
import { bareHost, commonHosts } from './gateway-certificate.ts';
import { hostMatches } from './hosts.ts';
import { selectorMatches } from '../cluster/labels.ts';
import { findSecret, secretKeyPair, shortOrFullName } from './workloads.ts';

const TERMINATING = new Set(['SIMPLE', 'MUTUAL', 'OPTIONAL_MUTUAL']);

interface TlsServer {
  gw: Gateway;
  server: GatewayServer;
  /** `ns/name` of the Secret. */
  secret: string;
  cert: ParsedCertificate;
}

/** A concrete name to test a server host with: `*.b.com` stands for some name under b.com. */
function probeName(host: string): string | null {
  const h = bareHost(host);
  if (h === '*' || h === '') return null;
  return h.startsWith('*.') ? `wildcard-probe${h.slice(1)}` : h;
}

export async function analyzeSharedCertificates(ctx: AnalysisContext): Promise<void> {
  const { snapshot } = ctx;
  const cache = new Map<string, ParsedCertificate | null>();
  const servers: TlsServer[] = [];
  for (const gw of snapshot.gateways) {
    const pods = snapshot.workloads.filter((w) => selectorMatches(gw.selector ?? {}, w.labels));
    if (pods.length === 0) continue;
    for (const server of gw.servers) {
      const tls = server.tls;
      if (!tls || !tls.modeSet || !TERMINATING.has(tls.mode) || !tls.credentialName) continue;
      const ref = shortOrFullName(pods[0].namespace, tls.credentialName);
      const key = `${ref.namespace}/${ref.name}`;
      if (!cache.has(key)) {
        const secret = findSecret(snapshot, ref.namespace, ref.name);
        const pair = secret ? secretKeyPair(secret) : null;
        const bundle = pair ? await cachedPemBundle(pair.cert) : null;
        cache.set(key, bundle?.certificates[0] ?? null);
      }
      const cert = cache.get(key);
      if (cert) servers.push({ gw, server, secret: key, cert });
    }
  }
  const sameWorkload = (a: Gateway, b: Gateway) =>
    snapshot.workloads.some(
      (w) => selectorMatches(a.selector ?? {}, w.labels) && selectorMatches(b.selector ?? {}, w.labels),
    );

  for (const a of servers) {
    for (const b of servers) {
      if (a.gw === b.gw || a.secret === b.secret) continue;
      if (a.server.port.number !== b.server.port.number) continue;
      if (!sameWorkload(a.gw, b.gw)) continue;
      // Hosts b serves that a's certificate covers but a's own server does not list.
      const covered = b.server.hosts.filter((h) => {
        const probe = probeName(h);
        if (!probe) return false;
        if (a.server.hosts.some((ah) => hostMatches(bareHost(ah), probe))) return false;
        return hostnameMatches(a.cert, probe, { allowCommonName: false });
      });
      if (covered.length === 0) continue;
      const sans = a.cert.dnsNames.join(', ') || a.cert.commonName || '?';
      const port = a.server.port.number;
      report(ctx, a.gw.meta, 'GWL0101', {
        path: ['spec', 'servers', a.server.index, 'tls', 'credentialName'],
        message:
          `Gateway ${fullName(a.gw.meta)} serves ${a.server.hosts.map(bareHost).join(', ')} on port ${port} with Secret ${a.secret}, ` +
          `whose certificate (${sans}) also covers ${covered.map(bareHost).join(', ')} of Gateway ${fullName(b.gw.meta)} (Secret ${b.secret}). ` +
          `A browser reuses its HTTP/2 connection for those hosts, and ${fullName(a.gw.meta)}'s route config answers 404.`,
        fix: `Serve ${commonHosts([...a.server.hosts, ...b.server.hosts])} from one Gateway (for example common/gateway) that the VirtualServices of ${fullName(a.gw.meta)} and ${fullName(b.gw.meta)} both reference, or give each Gateway a certificate that names only its own hosts.`,
        args: {
          gateway: fullName(a.gw.meta),
          secret: a.secret,
          otherGateway: fullName(b.gw.meta),
          otherSecret: b.secret,
          hosts: covered.map(bareHost),
          port,
        },
      });
    }
  }
}
