// Listeners and filter chains for the gateway (LDS): pilot/pkg/networking/core/gateway.go
// buildGatewayListeners, buildGatewayTCPBasedFilterChains, createGatewayTCPFilterChainOpts.
import type { GatewayServer } from '../resources/istio.ts';
import { resourceRef } from '../resources/types.ts';
import type { MergedGateway, MergedServer } from './merge.ts';
import { isHTTPProtocol, isHTTPSServerWithTLSTermination, isPassThroughServer } from './merge.ts';
import type {
  CompileEvent,
  DownstreamTls,
  FilterChain,
  Listener,
  SourceRef,
  TcpProxyTarget,
} from './types.ts';
import { hostMatches, hostSubsetOf } from './hosts.ts';
import type { ResolvedVirtualService, RouteContext } from './routes.ts';
import { destinationCluster, virtualServicesForGateway } from './routes.ts';
import type { RouteDestination } from '../resources/istio.ts';
import { buildDNSSrvSubsetKey, destinationRuleFor, serviceVisibleTo } from './services.ts';
import { resolveGatewayName } from './hosts.ts';

/** Istio's mTLS ALPNs (listener.go allIstioMtlsALPNs), used by AUTO_PASSTHROUGH chains. */
export const ISTIO_MTLS_ALPNS = [
  'istio',
  'istio-peer-exchange',
  'istio-http/1.0',
  'istio-http/1.1',
  'istio-h2',
];
/** util.ALPNHttp: what terminating chains advertise. */
export const ALPN_HTTP = ['h2', 'http/1.1'];
/** util.ALPNDownstreamWithMxc: ISTIO_MUTUAL servers that terminate TLS for TCP. */
export const ALPN_DOWNSTREAM_WITH_MXC = ['istio-peer-exchange', 'h2', 'http/1.1'];

/** `kubernetes://name`, as the SDS resource istiod serves for a credentialName. */
export function sdsResourceName(credentialName: string): string {
  return credentialName.startsWith('kubernetes://') ? credentialName : `kubernetes://${credentialName}`;
}

/**
 * listener.go BuildListenerTLSContext. Every terminating chain advertises h2,http/1.1 — TLS→TCP servers
 * too — except an ISTIO_MUTUAL TCP server (istio-peer-exchange first). Certificates: ISTIO_MUTUAL uses the
 * workload certificate `default` (CA ROOTCA); credentialName(s) use SDS `kubernetes://…` (CA
 * `…-cacert`); otherwise file paths (`file-cert:<cert>~<key>`, CA `file-root:<ca>`), and with no
 * files at all the workload certificate `default` (CA ROOTCA) again.
 */
function downstreamTls(s: GatewayServer, tcpTermination: boolean): DownstreamTls | null {
  const t = s.tls;
  if (!t || isPassThroughServer(s)) return null;
  const mode = t.mode;
  const credential = t.credentialName || t.credentialNames[0] || '';
  const requireClientCertificate = mode === 'MUTUAL' || mode === 'ISTIO_MUTUAL';
  const validateClient = requireClientCertificate || mode === 'OPTIONAL_MUTUAL';
  let sdsSecret: string;
  let sdsCaSecret: string | null = null;
  if (mode === 'ISTIO_MUTUAL') {
    sdsSecret = 'default';
    sdsCaSecret = 'ROOTCA';
  } else if (credential) {
    sdsSecret = sdsResourceName(credential);
    if (validateClient) sdsCaSecret = `${sdsResourceName(t.caCertCredentialName || credential)}-cacert`;
  } else if (t.serverCertificate || t.privateKey) {
    sdsSecret = `file-cert:${t.serverCertificate}~${t.privateKey}`;
    if (validateClient) sdsCaSecret = t.caCertificates ? `file-root:${t.caCertificates}` : 'ROOTCA';
  } else {
    sdsSecret = 'default';
    if (validateClient) sdsCaSecret = 'ROOTCA';
  }
  const usesFiles = !credential && mode !== 'ISTIO_MUTUAL' && (t.serverCertificate || t.privateKey);
  return {
    mode,
    credentialName: credential,
    sdsSecret,
    sdsCaSecret,
    requireClientCertificate,
    alpn: mode === 'ISTIO_MUTUAL' && tcpTermination ? [...ALPN_DOWNSTREAM_WITH_MXC] : [...ALPN_HTTP],
    minProtocolVersion: t.minProtocolVersion || 'TLSV1_2',
    maxProtocolVersion: t.maxProtocolVersion || 'TLSV1_3',
    files: usesFiles
      ? { serverCertificate: t.serverCertificate, privateKey: t.privateKey, caCertificates: t.caCertificates }
      : null,
    subjectAltNames: t.subjectAltNames,
  };
}

/**
 * filterChainOpts.toFilterChainMatch: a `*` host makes the chain match every SNI (no server_names);
 * otherwise the names are sorted.
 */
function serverNamesFor(sniHosts: string[]): string[] {
  return sniHosts.includes('*') ? [] : [...sniHosts].sort();
}

/** pickMatchingGatewayHosts: VS hosts that a (namespace-aware) server host matches. */
function pickMatchingGatewayHosts(serverHosts: string[], rvs: ResolvedVirtualService): string[] {
  const out: string[] = [];
  for (const vsHost of rvs.hosts) {
    for (let gwHost of serverHosts) {
      if (gwHost.includes('/')) {
        const [ns, h] = gwHost.split('/');
        if (ns !== rvs.vs.meta.namespace) continue;
        gwHost = h;
      }
      if (hostMatches(gwHost, vsHost) && !out.includes(vsHost)) out.push(vsHost);
    }
  }
  return out;
}

function l4Match(
  match: { port: number | null; gateways: string[] },
  server: GatewayServer,
  gatewayName: string,
  vsNamespace: string,
): boolean {
  const portOk = !match.port || match.port === server.port.number;
  const gwOk =
    match.gateways.length === 0 ||
    match.gateways.some((g) => resolveGatewayName(g, vsNamespace) === gatewayName);
  return portOk && gwOk;
}

function tcpProxyFor(
  ctx: RouteContext,
  rvs: ResolvedVirtualService,
  routes: RouteDestination[],
  serverPort: number,
  source: SourceRef,
): TcpProxyTarget {
  // networkfilter.go: the same GetDestinationCluster as HTTP routes, with the server port as default.
  const dest = (r: RouteDestination) =>
    destinationCluster(ctx, rvs.vs.meta.namespace, r.destination, serverPort);
  if (routes.length === 1) {
    const d = dest(routes[0]);
    return {
      cluster: d.cluster,
      weightedClusters: null,
      destination: { host: d.host, subset: d.subset, port: d.port },
      source,
    };
  }
  const weighted = routes.filter((r) => r.weight).map((r) => ({ ...dest(r), weight: r.weight ?? 0 }));
  return { cluster: '', weightedClusters: weighted, destination: null, source };
}

/** buildGatewayNetworkFiltersFromTCPRoutes: the first bound VS `tcp` block whose match passes wins. */
function tcpRouteFor(
  ctx: RouteContext,
  ms: MergedServer,
  vsAll: ResolvedVirtualService[],
): TcpProxyTarget | null {
  for (const rvs of virtualServicesForGateway(vsAll, ms.gatewayName, ctx.proxy.namespace)) {
    if (pickMatchingGatewayHosts(ms.hosts, rvs).length === 0) continue;
    for (const tcp of rvs.vs.tcp) {
      const ok =
        tcp.match.length === 0 ||
        tcp.match.some((m) => l4Match(m, ms.server, ms.gatewayName, rvs.vs.meta.namespace));
      if (!ok || tcp.route.length === 0) continue;
      return tcpProxyFor(ctx, rvs, tcp.route, ms.server.port.number, {
        id: rvs.vs.meta.id,
        resource: resourceRef(rvs.vs.meta),
        path: ['spec', 'tcp', tcp.index],
      });
    }
  }
  return null;
}

export function buildListeners(
  ctx: RouteContext,
  merged: MergedGateway,
  vsAll: ResolvedVirtualService[],
  events: CompileEvent[],
): Listener[] {
  const byName = new Map<string, Listener>();
  // buildGatewayListener adds a tls_inspector when some chain has SNI hosts (even just `*`) or a TLS
  // context that advertises ALPN; this records those chains.
  const needsInspector = new Set<FilterChain>();
  // The chain's sniHosts before toFilterChainMatch drops a `*`.
  const rawSniHosts = new Map<FilterChain, string[]>();
  // listener port -> SNI host -> bind, for passthrough rules (buildGatewayNetworkFiltersFromTLSRoutes).
  const tlsHostsByPort = new Map<number, Map<string, string>>();
  for (const entry of merged.serverPorts) {
    const bind = entry.key.bind || '0.0.0.0';
    const name = `${bind}_${entry.key.number}`;
    const chains: FilterChain[] = [];
    if (isHTTPProtocol(entry.key.protocol)) {
      // One match-all chain for every plaintext HTTP server on the port, sharing RDS http.<port>.
      chains.push({
        name: '',
        match: { serverNames: [], transportProtocol: '', applicationProtocols: [] },
        tls: null,
        kind: 'http',
        routeConfigName: entry.routeName,
        tcpProxy: null,
        servers: entry.servers.map((s) => s.ref),
        origin: 'http',
      });
    } else {
      for (const ms of entry.servers) {
        const s = ms.server;
        if (isHTTPSServerWithTLSTermination(s)) {
          chains.push({
            name: '',
            match: {
              serverNames: serverNamesFor(ms.sniHosts ?? []),
              transportProtocol: '',
              applicationProtocols: [],
            },
            tls: downstreamTls(s, false),
            kind: 'http',
            routeConfigName: ms.routeName,
            tcpProxy: null,
            servers: [ms.ref],
            origin: 'https-terminate',
          });
          rawSniHosts.set(chains[chains.length - 1], ms.sniHosts ?? []);
        } else if (!s.tls) {
          const target = tcpRouteFor(ctx, ms, vsAll);
          if (target) {
            chains.push({
              name: '',
              match: { serverNames: [], transportProtocol: '', applicationProtocols: [] },
              tls: null,
              kind: 'tcp',
              routeConfigName: null,
              tcpProxy: target,
              servers: [ms.ref],
              origin: 'tcp',
            });
          } else {
            events.push({
              kind: 'server-missed-network-filter',
              message: `gateway ${ms.gatewayName}:${s.port.number} listener missed network filter: no VirtualService bound to it has a tcp route for port ${s.port.number}`,
              source: ms.source,
            });
          }
        } else if (!isPassThroughServer(s)) {
          const target = tcpRouteFor(ctx, ms, vsAll);
          if (target) {
            chains.push({
              name: '',
              match: {
                serverNames: serverNamesFor(ms.sniHosts ?? []),
                transportProtocol: '',
                applicationProtocols: [],
              },
              tls: downstreamTls(s, true),
              kind: 'tcp',
              routeConfigName: null,
              tcpProxy: target,
              servers: [ms.ref],
              origin: 'tls-terminate',
            });
            rawSniHosts.set(chains[chains.length - 1], ms.sniHosts ?? []);
          } else {
            events.push({
              kind: 'server-missed-network-filter',
              message: `gateway ${ms.gatewayName}:${s.port.number} listener missed network filter: a TLS server that terminates needs a VirtualService tcp route`,
              source: ms.source,
            });
          }
        } else if (s.tls.mode === 'AUTO_PASSTHROUGH') {
          for (const c of autoPassthroughChains(ctx, ms)) {
            chains.push(c);
            rawSniHosts.set(c, c.match.serverNames);
          }
        } else {
          let known = tlsHostsByPort.get(entry.key.number);
          if (!known) tlsHostsByPort.set(entry.key.number, (known = new Map()));
          let any = false;
          for (const rvs of virtualServicesForGateway(vsAll, ms.gatewayName, ctx.proxy.namespace)) {
            if (pickMatchingGatewayHosts(ms.hosts, rvs).length === 0) continue;
            for (const tls of rvs.vs.tls) {
              if (tls.route.length === 0) continue;
              for (const m of tls.match) {
                if (!l4Match(m, s, ms.gatewayName, rvs.vs.meta.namespace)) continue;
                const source: SourceRef = {
                  id: rvs.vs.meta.id,
                  resource: resourceRef(rvs.vs.meta),
                  path: ['spec', 'tls', tls.index, 'match', m.index],
                };
                const dups = m.sniHosts.filter((h) => known!.has(h) && known!.get(h) === s.bind);
                if (dups.length) {
                  events.push({
                    kind: 'passthrough-duplicate-sni',
                    message: `skipping VirtualService ${rvs.vs.meta.name} rule #${tls.index} on server port ${s.port.number} of gateway ${ms.gatewayName}, duplicate SNI host names: [${dups.join(' ')}]`,
                    source,
                  });
                  continue;
                }
                for (const h of m.sniHosts) known.set(h, s.bind);
                any = true;
                chains.push({
                  name: '',
                  match: {
                    serverNames: serverNamesFor(m.sniHosts),
                    transportProtocol: '',
                    applicationProtocols: [],
                  },
                  tls: null,
                  kind: 'tcp',
                  routeConfigName: null,
                  tcpProxy: tcpProxyFor(ctx, rvs, tls.route, s.port.number, source),
                  servers: [ms.ref],
                  origin: 'passthrough',
                });
                rawSniHosts.set(chains[chains.length - 1], m.sniHosts);
              }
            }
          }
          if (!any) {
            events.push({
              kind: 'server-missed-network-filter',
              message: `PASSTHROUGH server ${ms.gatewayName}:${s.port.number} has no VirtualService tls route with sniHosts matching its hosts, so it gets no filter chain`,
              source: ms.source,
            });
          }
        }
      }
    }
    for (const c of chains) {
      if ((rawSniHosts.get(c)?.length ?? 0) > 0 || (c.tls?.alpn.length ?? 0) > 0) needsInspector.add(c);
    }
    const existing = byName.get(name);
    if (existing) existing.filterChains.push(...chains);
    else
      byName.set(name, {
        name,
        address: bind,
        port: entry.key.number,
        filterChains: chains,
        tlsInspector: false,
      });
  }
  const out: Listener[] = [];
  for (const l of byName.values()) {
    if (l.filterChains.length === 0) {
      // MutableGatewayListener.build: "must have more than 0 chains in listener" — the listener is
      // omitted, so nothing listens on the pod port.
      const first = merged.serverPorts.find((e) => `${e.key.bind || '0.0.0.0'}_${e.key.number}` === l.name);
      events.push({
        kind: 'listener-no-filter-chains',
        message: `gateway omitting listener "${l.name}" due to: must have more than 0 chains in listener "${l.name}"`,
        source: first?.servers[0]?.source ?? { id: '', resource: '', path: [] },
      });
      continue;
    }
    l.tlsInspector = l.filterChains.some((c) => needsInspector.has(c));
    out.push(l);
  }
  return out.sort((a, b) => a.port - b.port || a.address.localeCompare(b.address));
}

/**
 * builtAutoPassthroughFilterChains: one chain per mesh-internal service port (and DestinationRule subset)
 * whose hostname is covered by the server's hosts, over the services visible to the gateway's namespace
 * (its default SidecarScope). The chain matches the SNI `outbound_.<port>_.<subset>_.<host>` plus Istio's
 * mTLS ALPNs, and its tcp_proxy forwards to the SNI-DNAT cluster of that very name
 * (model.BuildDNSSrvSubsetKey), not to the `outbound|…` cluster.
 */
function autoPassthroughChains(ctx: RouteContext, ms: MergedServer): FilterChain[] {
  const chains: FilterChain[] = [];
  const hosts = ms.sniHosts ?? [];
  const seen = new Set<string>();
  for (const svc of ctx.registry.all) {
    if (!serviceVisibleTo(svc, ctx.proxy.namespace) || seen.has(svc.hostname)) continue;
    seen.add(svc.hostname);
    if (svc.meshExternal) continue;
    const dr = destinationRuleFor(
      ctx.snapshot,
      svc.hostname,
      ctx.proxy.namespace,
      svc.namespace,
      ctx.proxy.labels,
      ctx.drIndex,
    );
    for (const p of svc.ports) {
      if (p.protocol.toUpperCase() === 'UDP') continue;
      if (!hosts.some((h) => hostSubsetOf(svc.hostname, h))) continue;
      for (const subset of ['', ...(dr?.subsets.map((s) => s.name) ?? [])]) {
        const cluster = buildDNSSrvSubsetKey(p.port, subset, svc.hostname);
        chains.push({
          name: '',
          match: {
            serverNames: [cluster],
            transportProtocol: '',
            applicationProtocols: [...ISTIO_MTLS_ALPNS],
          },
          tls: null,
          kind: 'tcp',
          routeConfigName: null,
          tcpProxy: {
            cluster,
            weightedClusters: null,
            destination: { host: svc.hostname, subset, port: p.port },
            source: ms.source,
          },
          servers: [ms.ref],
          origin: 'auto-passthrough',
        });
      }
    }
  }
  return chains;
}
