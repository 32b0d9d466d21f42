// The gateway workload (Istio's Router proxy): its labels, its Services (how server ports translate to
// target ports), and which Gateways apply to it.
import type { Snapshot, Workload } from '../cluster/snapshot.ts';
import { resolveTargetPort, serviceWorkloads } from '../cluster/snapshot.ts';
import { selectorMatches } from '../cluster/labels.ts';
import type { Gateway } from '../resources/istio.ts';
import type { GatewayProxy, ProxyServicePort, ProxyServiceTarget } from './types.ts';
import { CLUSTER_DOMAIN } from './hosts.ts';

export interface ScenarioGateway {
  namespace?: string;
  labels?: Record<string, string>;
  ipAddresses?: string[];
}

export const DEFAULT_GATEWAY = { namespace: 'istio-system', labels: { istio: 'ingressgateway' } };

/** Istio's label that opts a Service out of gateway port translation (pilot/pkg/model/gateway.go). */
export const DISABLE_PORT_TRANSLATION_LABEL = 'experimental.istio.io/disable-gateway-port-translation';
/** Set by the Gateway API / Ingress translators (and Istio's tests) to bind a Gateway to Services. */
export const GATEWAY_SERVICE_ANNOTATION = 'internal.istio.io/gateway-service';

/** The address clients use when nothing else says (clarification 6). */
export const DEFAULT_EXTERNAL_ADDRESS = '203.0.113.10';

/**
 * Build the gateway proxy the requests go to. The workload is the first running pod in the namespace
 * whose labels include the requested ones; without one (baseline "none" and Istio's test harness), the
 * proxy still exists with exactly the given labels, as in Istio's simulation tests.
 */
export function resolveGatewayProxy(snapshot: Snapshot, spec?: ScenarioGateway): GatewayProxy {
  const namespace = spec?.namespace ?? DEFAULT_GATEWAY.namespace;
  const wanted = spec?.labels ?? DEFAULT_GATEWAY.labels;
  const workload = snapshot.workloads.find(
    (w) => w.namespace === namespace && selectorMatches(wanted, w.labels),
  );
  const labels = workload ? { ...workload.labels } : { ...wanted };
  const ipAddresses = spec?.ipAddresses?.length ? [...spec.ipAddresses] : workload ? [workload.ip] : [];
  return proxyFor(snapshot, namespace, labels, ipAddresses, workload);
}

/** Every gateway workload that a LoadBalancer Service exposes, keyed by its external address. */
export function gatewayProxiesByAddress(snapshot: Snapshot): Record<string, GatewayProxy> {
  const out: Record<string, GatewayProxy> = {};
  for (const svc of snapshot.services) {
    const addr = snapshot.externalAddresses[`${svc.meta.namespace}/${svc.meta.name}`];
    if (!addr) continue;
    const workload = serviceWorkloads(snapshot, svc)[0];
    if (!workload) continue;
    out[addr] = proxyFor(snapshot, workload.namespace, { ...workload.labels }, [workload.ip], workload);
  }
  return out;
}

function proxyFor(
  snapshot: Snapshot,
  namespace: string,
  labels: Record<string, string>,
  ipAddresses: string[],
  workload: Workload | undefined,
): GatewayProxy {
  const services: ProxyServiceTarget[] = [];
  // Kubernetes Services select pods in their own namespace.
  for (const svc of snapshot.services) {
    if (svc.meta.namespace !== namespace || !svc.selector || Object.keys(svc.selector).length === 0) continue;
    if (!selectorMatches(svc.selector, labels)) continue;
    const workloads = workload ? [workload] : [];
    services.push({
      kind: 'Service',
      name: svc.meta.name,
      namespace: svc.meta.namespace,
      hostname: `${svc.meta.name}.${svc.meta.namespace}.svc.${CLUSTER_DOMAIN}`,
      ports: svc.ports.map((p) => ({
        name: p.name,
        port: p.port,
        targetPort: resolveTargetPort(p, workloads),
        protocol: p.protocol || 'TCP',
      })),
      disablePortTranslation: DISABLE_PORT_TRANSLATION_LABEL in svc.meta.labels,
      externalAddress: snapshot.externalAddresses[`${svc.meta.namespace}/${svc.meta.name}`] ?? null,
      source: {
        id: svc.meta.id,
        resource: `Service ${svc.meta.namespace}/${svc.meta.name}`,
        path: ['spec', 'ports'],
      },
    });
  }
  // A ServiceEntry in the proxy's namespace with an endpoint at one of the proxy's addresses makes the
  // proxy an instance of it (serviceentry/controller.go GetProxyServiceTargets).
  for (const se of snapshot.serviceEntries) {
    if (se.meta.namespace !== namespace) continue;
    for (const ep of se.endpoints) {
      if (!ipAddresses.includes(ep.address)) continue;
      const ports: ProxyServicePort[] = se.ports.map((p) => ({
        name: p.name,
        port: p.number,
        targetPort: ep.ports[p.name] ?? p.targetPort ?? p.number,
        protocol: p.protocol,
      }));
      for (const h of se.hosts) {
        services.push({
          kind: 'ServiceEntry',
          name: se.meta.name,
          namespace: se.meta.namespace,
          hostname: h,
          ports,
          disablePortTranslation: DISABLE_PORT_TRANSLATION_LABEL in se.meta.labels,
          externalAddress: null,
          source: {
            id: se.meta.id,
            resource: `ServiceEntry ${se.meta.namespace}/${se.meta.name}`,
            path: ['spec', 'ports'],
          },
        });
      }
      break;
    }
  }
  const externalAddress =
    services.map((s) => s.externalAddress).find((a): a is string => !!a) ?? DEFAULT_EXTERNAL_ADDRESS;
  return {
    namespace,
    labels,
    ipAddresses,
    podName: workload?.name ?? `gateway.${namespace}`,
    services,
    externalAddress,
  };
}

export interface ServiceInstance {
  service: ProxyServiceTarget;
  port: ProxyServicePort;
}

export interface GatewayWithInstances {
  gateway: Gateway;
  legacySelector: boolean;
  instances: ServiceInstance[];
}

export function proxyInstances(proxy: GatewayProxy): ServiceInstance[] {
  return proxy.services.flatMap((service) => service.ports.map((port) => ({ service, port })));
}

/**
 * Which Gateways apply to the workload (push_context.go gatewayWithInstances): the service annotation
 * binds to the named Services in the Gateway's namespace; no selector applies everywhere; otherwise
 * every selector label must be on the pod — across all namespaces (PILOT_SCOPE_GATEWAY_TO_NAMESPACE
 * defaults to false).
 */
export function gatewaysForProxy(snapshot: Snapshot, proxy: GatewayProxy): GatewayWithInstances[] {
  const all = proxyInstances(proxy);
  const out: GatewayWithInstances[] = [];
  for (const gateway of snapshot.gateways) {
    const annotation = gateway.meta.annotations[GATEWAY_SERVICE_ANNOTATION];
    if (annotation !== undefined) {
      const known = new Set(annotation.split(',').map((s) => s.trim()));
      const parentNs =
        gateway.meta.annotations['internal.istio.io/parent-namespace'] ?? gateway.meta.namespace;
      const instances = all.filter((i) => known.has(i.service.hostname) && i.service.namespace === parentNs);
      if (instances.length) out.push({ gateway, legacySelector: false, instances });
    } else if (!gateway.selector || Object.keys(gateway.selector).length === 0) {
      out.push({ gateway, legacySelector: true, instances: all });
    } else if (selectorMatches(gateway.selector, proxy.labels)) {
      out.push({ gateway, legacySelector: true, instances: all });
    }
  }
  return out;
}

/**
 * model.resolvePorts: the port(s) a server listens on. Label-selected Gateways translate through the
 * first Service port equal to the server port (skipping Services that opt out) and fall back to the
 * server port; Service-referenced Gateways bind every matching targetPort and nothing otherwise.
 */
export function resolvePorts(
  number: number,
  instances: ServiceInstance[],
  legacySelector: boolean,
): number[] {
  const ports: number[] = [];
  for (const w of instances) {
    if (w.service.disablePortTranslation && legacySelector) continue;
    if (w.port.port === number) {
      if (legacySelector) return [w.port.targetPort];
      if (!ports.includes(w.port.targetPort)) ports.push(w.port.targetPort);
    }
  }
  if (ports.length === 0 && legacySelector) return [number];
  return ports;
}
