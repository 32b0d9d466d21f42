// Stage 3, compile: what istiod pushes to one gateway workload — listeners, filter chains, route
// configurations, clusters and secrets — named exactly as `istioctl proxy-config` shows them.
import type { Snapshot } from '../cluster/snapshot.ts';
import { resourceRef } from '../resources/types.ts';
import { buildListeners, sdsResourceName } from './listeners.ts';
import { mergeGateways } from './merge.ts';
import { gatewaysForProxy } from './proxy.ts';
import { buildGatewayHTTPRouteConfig, resolveVirtualServices } from './routes.ts';
import { buildClusters, buildDestinationRuleIndex, buildServiceRegistry } from './services.ts';
import type { CompileEvent, CompiledGateway, GatewayProxy, RouteConfiguration, SecretInfo } from './types.ts';

export function compileGateway(snapshot: Snapshot, proxy: GatewayProxy): CompiledGateway {
  const events: CompileEvent[] = [];
  const applied = gatewaysForProxy(snapshot, proxy);
  const appliedNames = new Set(applied.map((g) => `${g.gateway.meta.namespace}/${g.gateway.meta.name}`));
  for (const g of snapshot.gateways) {
    const name = `${g.meta.namespace}/${g.meta.name}`;
    if (appliedNames.has(name)) continue;
    events.push({
      kind: 'gateway-not-selected',
      message: g.selector
        ? `Gateway ${name} selects ${Object.entries(g.selector)
            .map(([k, v]) => `${k}=${v}`)
            .join(',')}, which the gateway pod (${Object.entries(proxy.labels)
            .map(([k, v]) => `${k}=${v}`)
            .join(',')}) does not carry, so it does not apply to this gateway.`
        : `Gateway ${name} references Services that this gateway workload is not part of.`,
      source: {
        id: g.meta.id,
        resource: resourceRef(g.meta),
        path: g.selector ? ['spec', 'selector'] : ['metadata', 'annotations'],
      },
    });
  }
  const merged = mergeGateways(applied);
  events.push(...merged.events);
  const registry = buildServiceRegistry(snapshot);
  const ctx = { snapshot, registry, proxy, drIndex: buildDestinationRuleIndex(snapshot) };
  const vsAll = resolveVirtualServices(snapshot);
  const listeners = buildListeners(ctx, merged, vsAll, events);
  const routeConfigs: Record<string, RouteConfiguration> = {};
  for (const routeName of Object.keys(merged.serversByRouteName).sort()) {
    routeConfigs[routeName] = buildGatewayHTTPRouteConfig(ctx, merged, vsAll, routeName);
  }
  // An HTTP chain can name a route configuration no server owns (an HTTP server that joined a port
  // first taken by a TLS server on another bind keeps MergedServers.RouteName ""). Envoy still asks for
  // it, and buildGatewayHTTPRouteConfig answers "Gateway missing for route" with an empty configuration:
  // no virtual hosts, so every request gets 404 NR.
  for (const l of listeners) {
    for (const c of l.filterChains) {
      if (c.kind !== 'http' || c.routeConfigName === null || c.routeConfigName in routeConfigs) continue;
      routeConfigs[c.routeConfigName] = {
        name: c.routeConfigName,
        virtualHosts: [],
        ignorePortInHostMatching: false,
      };
    }
  }
  return {
    proxy,
    gateways: applied.map((g) => `${g.gateway.meta.namespace}/${g.gateway.meta.name}`),
    listeners,
    routeConfigs,
    clusters: buildClusters(
      snapshot,
      registry,
      proxy,
      listeners.flatMap((l) =>
        l.filterChains.flatMap((c) =>
          c.origin === 'auto-passthrough' && c.tcpProxy?.destination ? [c.tcpProxy.destination] : [],
        ),
      ),
    ),
    secrets: buildSecrets(snapshot, proxy, listeners),
    events,
  };
}

/**
 * SDS: credentialName secrets are read from the gateway *workload's* namespace (mergeGateways parses the
 * resource name against proxy.VerifiedIdentity.Namespace). A missing one leaves the chain without a
 * certificate: after the 15 s initial fetch timeout the listener starts and those handshakes are reset.
 */
function buildSecrets(
  snapshot: Snapshot,
  proxy: GatewayProxy,
  listeners: CompiledGateway['listeners'],
): SecretInfo[] {
  const out = new Map<string, SecretInfo>();
  for (const l of listeners) {
    for (const c of l.filterChains) {
      const tls = c.tls;
      if (!tls || !tls.credentialName || tls.mode === 'ISTIO_MUTUAL') continue;
      const name = sdsResourceName(tls.credentialName);
      if (!out.has(name)) out.set(name, resolveCredential(snapshot, proxy, tls.credentialName, false));
      if (tls.sdsCaSecret && !out.has(tls.sdsCaSecret)) {
        out.set(tls.sdsCaSecret, resolveCredential(snapshot, proxy, tls.credentialName, true));
      }
    }
  }
  return [...out.values()];
}

export function resolveCredential(
  snapshot: Snapshot,
  proxy: GatewayProxy,
  credentialName: string,
  ca: boolean,
): SecretInfo {
  const raw = credentialName.replace(/^kubernetes:\/\//, '');
  const [ns, name] = raw.includes('/') ? raw.split('/') : [proxy.namespace, raw];
  const sds = `${sdsResourceName(credentialName)}${ca ? '-cacert' : ''}`;
  if (ns !== proxy.namespace) {
    return {
      name: sds,
      secret: null,
      status: 'WARMING',
      problem: `credentialName ${raw} names namespace ${ns}, but the gateway workload runs in ${proxy.namespace}; istiod only serves Secrets from the workload's namespace.`,
    };
  }
  const secret = snapshot.secrets.find((s) => s.meta.namespace === ns && s.meta.name === name);
  if (ca) {
    // MUTUAL: istiod's GetCaCert (pilot/pkg/credentials/kube/secrets.go) reads a separate Secret
    // <name>-cacert first and falls back to the credential's own Secret; in either, extractRoot prefers
    // the `cacert` key over `ca.crt`.
    const caSecret = snapshot.secrets.find(
      (s) => s.meta.namespace === ns && s.meta.name === `${name}-cacert`,
    );
    if (caSecret && (caSecret.data['cacert'] || caSecret.data['ca.crt']))
      return { name: sds, secret: `${ns}/${name}-cacert`, status: 'ACTIVE', problem: null };
    if (secret && (secret.data['cacert'] || secret.data['ca.crt']))
      return { name: sds, secret: `${ns}/${name}`, status: 'ACTIVE', problem: null };
    return {
      name: sds,
      secret: null,
      status: 'WARMING',
      problem: `no CA certificate: neither ${ns}/${name} has a ca.crt key nor does a Secret ${ns}/${name}-cacert exist`,
    };
  }
  if (!secret) {
    const elsewhere = snapshot.secrets.filter((s) => s.meta.name === name).map((s) => s.meta.namespace);
    return {
      name: sds,
      secret: null,
      status: 'WARMING',
      problem: elsewhere.length
        ? `Secret ${name} exists in namespace ${elsewhere.join(', ')}, but the gateway workload reads Secrets from ${ns}`
        : `Secret ${ns}/${name} does not exist`,
    };
  }
  const hasPair =
    (secret.data['tls.crt'] && secret.data['tls.key']) || (secret.data['cert'] && secret.data['key']);
  if (!hasPair) {
    return {
      name: sds,
      secret: `${ns}/${name}`,
      status: 'WARMING',
      problem: `found secret, but didn't have expected keys (tls.crt and tls.key, or cert and key); has: ${Object.keys(secret.data).join(', ') || 'nothing'}`,
    };
  }
  return { name: sds, secret: `${ns}/${name}`, status: 'ACTIVE', problem: null };
}

export type * from './types.ts';
