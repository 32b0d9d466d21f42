// Stage 2, snapshot: the cluster as istiod would see it — namespaces, workloads with their labels,
// Services with endpoints, Secrets, and Istio config in istiod's order.
import type { Diagnostic } from '../diagnostics.ts';
import { codeInfo } from '../codes.ts';
import type { Resource } from '../resources/types.ts';
import { rangeOf, resourceRef } from '../resources/types.ts';
import {
  readDestinationRule,
  readGateway,
  readServiceEntry,
  readVirtualService,
} from '../resources/istio.ts';
import type { DestinationRule, Gateway, Meta, ServiceEntry, VirtualService } from '../resources/istio.ts';
import { readDeployment, readIngress, readPod, readSecret, readService } from '../resources/kube.ts';
import type { ContainerPort, Deployment, Ingress, Pod, Secret, Service } from '../resources/kube.ts';
import { baselineResources } from './baseline.ts';
import type { BaselineName } from './baseline.ts';
import { selectorMatches } from './labels.ts';
import { translateIngresses } from './ingress.ts';

/** A running pod: a Pod object, or one replica of a Deployment. */
export interface Workload {
  /** Pod name (Deployment replicas are named `<deployment>-<n>`). */
  name: string;
  namespace: string;
  labels: Record<string, string>;
  ready: boolean;
  containerPorts: ContainerPort[];
  nodeName: string;
  /** The object that defines it: "Pod ns/name" or "Deployment ns/name". */
  owner: string;
  ownerId: string;
  /** A deterministic pod IP (10.244.x.y) unless the Pod gives status.podIP. */
  ip: string;
}

export interface Snapshot {
  /** Every object, the config's and the baseline's, in input order. */
  resources: Resource[];
  resourceById: Record<string, Resource>;
  namespaces: string[];
  /** Istio config in istiod's order: creationTimestamp, then name, then namespace. */
  gateways: Gateway[];
  virtualServices: VirtualService[];
  destinationRules: DestinationRule[];
  serviceEntries: ServiceEntry[];
  services: Service[];
  deployments: Deployment[];
  pods: Pod[];
  secrets: Secret[];
  ingresses: Ingress[];
  workloads: Workload[];
  /** External addresses of LoadBalancer Services, keyed `namespace/name` (clarification 6). */
  externalAddresses: Record<string, string>;
}

export interface SnapshotResult {
  snapshot: Snapshot;
  diagnostics: Diagnostic[];
}

export function buildSnapshot(config: Resource[], baseline: BaselineName = 'istio-default'): SnapshotResult {
  const diagnostics: Diagnostic[] = [];
  // kubectl apply of two objects with one identity keeps the last one; say so.
  const seen = new Map<string, Resource>();
  const unique: Resource[] = [];
  for (const r of config) {
    const key = `${r.group}/${r.kind}/${r.namespace}/${r.name}`;
    const prev = seen.get(key);
    if (prev) {
      const info = codeInfo('GWL0006');
      diagnostics.push({
        code: info.code,
        name: info.name,
        level: info.level,
        resource: resourceRef(r),
        message: `${resourceRef(r)} is defined twice (also at ${prev.file} line ${prev.range.line}); only this last definition is applied.`,
        fix: info.fix,
        range: rangeOf(r, ['metadata', 'name']),
        file: r.file,
      });
      unique[unique.indexOf(prev)] = r;
    } else {
      unique.push(r);
    }
    seen.set(key, r);
  }
  const resources = [...unique, ...baselineResources(baseline, unique)];
  const of = (group: string, kind: string) => resources.filter((r) => r.group === group && r.kind === kind);
  const services = of('', 'Service').map(readService);
  const ingresses = of('networking.k8s.io', 'Ingress').map(readIngress);
  // istiod's Ingress controller turns Ingresses into Gateways and VirtualServices (cluster/ingress.ts).
  resources.push(...translateIngresses(ingresses, services));
  const istio = (kind: string) => of('networking.istio.io', kind);

  const deployments = of('apps', 'Deployment').map(readDeployment);
  const pods = of('', 'Pod').map(readPod);

  const workloads: Workload[] = [];
  for (const p of pods) {
    workloads.push({
      name: p.meta.name,
      namespace: p.meta.namespace,
      labels: p.template.labels,
      ready: p.ready,
      containerPorts: p.template.containerPorts,
      nodeName: p.template.nodeName,
      owner: `Pod ${p.meta.namespace}/${p.meta.name}`,
      ownerId: p.meta.id,
      ip: p.podIP,
    });
  }
  for (const d of deployments) {
    // A Deployment stands for `replicas` Pods with its template's labels (clarification 4).
    for (let i = 0; i < d.replicas && i < 100; i++) {
      workloads.push({
        name: `${d.meta.name}-${i}`,
        namespace: d.meta.namespace,
        labels: d.template.labels,
        ready: true,
        containerPorts: d.template.containerPorts,
        nodeName: d.template.nodeName,
        owner: `Deployment ${d.meta.namespace}/${d.meta.name}`,
        ownerId: d.meta.id,
        ip: '',
      });
    }
  }
  workloads.forEach((w, i) => {
    if (!w.ip) w.ip = `10.244.${Math.floor(i / 250)}.${(i % 250) + 2}`;
  });

  const namespaces = new Set<string>();
  for (const r of resources) {
    if (r.kind === 'Namespace') namespaces.add(r.name);
    else if (r.namespace) namespaces.add(r.namespace);
  }

  const externalAddresses: Record<string, string> = {};
  const lbs = services
    .filter((s) => s.type === 'LoadBalancer')
    .sort(
      (a, b) => a.meta.namespace.localeCompare(b.meta.namespace) || a.meta.name.localeCompare(b.meta.name),
    );
  let next = 10;
  for (const s of lbs) {
    const key = `${s.meta.namespace}/${s.meta.name}`;
    externalAddresses[key] = s.loadBalancerIP || `203.0.113.${next++}`;
  }

  const snapshot: Snapshot = {
    resources,
    resourceById: Object.fromEntries(resources.map((r) => [r.id, r])),
    namespaces: [...namespaces].sort(),
    gateways: sortConfigs(istio('Gateway').map(readGateway)),
    virtualServices: sortConfigs(istio('VirtualService').map(readVirtualService)),
    destinationRules: sortConfigs(istio('DestinationRule').map(readDestinationRule)),
    serviceEntries: sortConfigs(istio('ServiceEntry').map(readServiceEntry)),
    services,
    deployments,
    pods,
    secrets: of('', 'Secret').map(readSecret),
    ingresses,
    workloads,
    externalAddresses,
  };
  return { snapshot, diagnostics };
}

/**
 * istiod orders config by creationTimestamp, then name, then namespace (pilot/pkg/model/config.go
 * configCompareByCreationTime / sortConfigByCreationTime). Objects without a timestamp all get "now" in
 * Istio's tests, so they tie with each other and sort after any explicit (past) timestamp.
 */
export function compareMeta(a: Meta, b: Meta): number {
  const ta = a.creationTimestamp ? Date.parse(a.creationTimestamp) : Number.POSITIVE_INFINITY;
  const tb = b.creationTimestamp ? Date.parse(b.creationTimestamp) : Number.POSITIVE_INFINITY;
  if (ta !== tb) return ta < tb ? -1 : 1;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  if (a.namespace !== b.namespace) return a.namespace < b.namespace ? -1 : 1;
  return 0;
}

export function sortConfigs<T extends { meta: Meta }>(items: T[]): T[] {
  return [...items].sort((a, b) => compareMeta(a.meta, b.meta));
}

/** Workloads a Service selects (same namespace; a Service without selector selects nothing). */
export function serviceWorkloads(snapshot: Snapshot, svc: Service): Workload[] {
  if (!svc.selector || Object.keys(svc.selector).length === 0) return [];
  return snapshot.workloads.filter(
    (w) => w.namespace === svc.meta.namespace && selectorMatches(svc.selector!, w.labels),
  );
}

/** Resolve a Service port's targetPort to a number (a named targetPort looks up container ports). */
export function resolveTargetPort(port: Service['ports'][number], workloads: Workload[]): number {
  if (typeof port.targetPort === 'number') return port.targetPort;
  if (typeof port.targetPort === 'string') {
    for (const w of workloads) {
      const p = w.containerPorts.find((c) => c.name === port.targetPort);
      if (p) return p.containerPort;
    }
  }
  return port.port;
}

export type { Secret, Service, Pod, Deployment, Ingress };
