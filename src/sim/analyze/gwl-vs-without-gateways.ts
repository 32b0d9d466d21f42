// GWL0102 (Gateway Lab): a VirtualService without `gateways` whose hosts look external
// (app.example.com rather than a Service name). Without `gateways` it binds to the implicit `mesh`
// gateway only (sidecars), so the ingress gateway never uses it: requests for the host get 404 (no
// virtual host) at the gateway. Istio reports nothing. Not flagged: Service names (`reviews`,
// `reviews.prod`, `reviews.prod.svc`, `*.svc.cluster.local`), and external hosts a ServiceEntry defines
// (egress routing for sidecars is the legitimate use) unless a Gateway lists the host.
import type { Snapshot } from '../cluster/snapshot.ts';
import type { VirtualService } from '../resources/istio.ts';
import type { AnalysisContext } from './context.ts';
import { fullName, report } from './context.ts';
import { bareHost } from './gateway-certificate.ts';
import { hostMatches } from './hosts.ts';

/**
 * Looks like a public DNS name: after a leading `*.`, at least two labels and a last label of two or
 * more letters (a top-level domain), and not a Kubernetes Service name (`reviews`, `reviews.prod`,
 * `reviews.prod.svc`, `….cluster.local`).
 */
export function looksExternal(snapshot: Snapshot, host: string): boolean {
  const h = host.startsWith('*.') ? host.slice(2) : host;
  const parts = h.split('.');
  if (parts.length < 2) return false;
  const tld = parts[parts.length - 1];
  if (!/^[a-zA-Z]{2,}$/.test(tld) || ['local', 'svc', 'cluster', 'internal'].includes(tld)) return false;
  if (!host.startsWith('*') && (parts.length === 2 || (parts.length === 3 && parts[2] === 'svc'))) {
    const [name, ns] = parts;
    if (
      snapshot.namespaces.includes(ns) ||
      snapshot.services.some((s) => s.meta.name === name && s.meta.namespace === ns)
    )
      return false;
  }
  return true;
}

/** Gateways (`ns/name`) that have a server host matching `host` for a VirtualService in `vsNamespace`. */
function gatewaysListing(snapshot: Snapshot, host: string, vsNamespace: string): string[] {
  const out: string[] = [];
  for (const gw of snapshot.gateways) {
    const hit = gw.servers.some((s) =>
      s.hosts.some((h) => {
        const slash = h.indexOf('/');
        const ns = slash < 0 ? '*' : h.slice(0, slash);
        if (ns !== '*' && !(ns === '.' ? gw.meta.namespace === vsNamespace : ns === vsNamespace))
          return false;
        return hostMatches(bareHost(h), host);
      }),
    );
    if (hit) out.push(fullName(gw.meta));
  }
  return out;
}

export function analyzeVirtualServicesWithoutGateways(ctx: AnalysisContext): void {
  const { snapshot } = ctx;
  // Only where ingress is being set up at all: without any Gateway there is nothing to bind to.
  if (snapshot.gateways.length === 0) return;
  const seHosts = snapshot.serviceEntries.flatMap((se) => se.hosts);
  for (const vs of snapshot.virtualServices) {
    if (vs.gateways.length > 0) continue;
    const flagged: { host: string; index: number; gateways: string[] }[] = [];
    vs.hosts.forEach((host, index) => {
      if (!looksExternal(snapshot, host)) return;
      const gateways = gatewaysListing(snapshot, host, vs.meta.namespace);
      const egress = seHosts.some((h) => hostMatches(h, host));
      if (gateways.length === 0 && egress) return;
      flagged.push({ host, index, gateways });
    });
    if (flagged.length === 0) continue;
    report(ctx, vs.meta, 'GWL0102', {
      path: ['spec', 'hosts', flagged[0].index],
      message: `VirtualService ${fullName(vs.meta)} has no gateways, so it applies only to sidecars (the mesh gateway) and the ingress gateway never uses it: requests for ${flagged.map((f) => f.host).join(', ')} that arrive at the gateway find no route (404).`,
      fix: gatewayFix(
        vs,
        flagged.flatMap((f) => f.gateways),
      ),
      args: { hosts: flagged.map((f) => f.host), gateways: [...new Set(flagged.flatMap((f) => f.gateways))] },
    });
  }
}

function gatewayFix(vs: VirtualService, gateways: string[]): string {
  const unique = [...new Set(gateways)].map((g) =>
    g.startsWith(`${vs.meta.namespace}/`) ? g.slice(vs.meta.namespace.length + 1) : g,
  );
  if (unique.length) {
    return `Add gateways: [${unique[0]}] to the VirtualService spec (add mesh to the list too if sidecars should also use these rules).`;
  }
  return 'Add gateways: [<namespace>/<gateway>] naming the Gateway that accepts these hosts (add mesh too if sidecars should also use these rules).';
}
