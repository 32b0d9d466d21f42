// deployment.ServiceAssociationAnalyzer (analyzer name deployment.MultiServiceAnalyzer) — istio/istio
// pkg/config/analysis/analyzers/deployment/services.go, with util.DeploymentInMesh
// (pkg/config/analysis/analyzers/util/common.go inMesh).
// Only Deployments in the mesh count: a template container named istio-proxy with an image; else the
// template's sidecar.istio.io/inject label, else that annotation ("true" = in); else the namespace's
// istio-injection=enabled label (when the Namespace object exists); else out. Waypoints
// (gateway.istio.io/managed=istio.io-mesh-controller) are skipped.
// The Services considered are those in the Deployment's namespace whose non-empty selector matches the
// pod template labels.
// IST0116: one Service port number appears with two or more protocols (empty protocol = TCP).
// IST0137: one targetPort (unset or 0 = the port) is reached from two or more different port numbers.
import type { Deployment, Service } from '../resources/kube.ts';
import { selectorMatches } from '../cluster/labels.ts';
import type { AnalysisContext } from './context.ts';
import { fullName, goList, goQuote, report, resourceOf } from './context.ts';

const INJECT = 'sidecar.istio.io/inject';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringMap(v: unknown): Record<string, string> {
  if (!isObject(v)) return {};
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)]));
}

function inMesh(ctx: AnalysisContext, dep: Deployment): boolean {
  const raw = resourceOf(ctx, dep.meta)?.object ?? {};
  const template = isObject(raw.spec) && isObject(raw.spec.template) ? raw.spec.template : {};
  const meta = isObject(template.metadata) ? template.metadata : {};
  const podSpec = isObject(template.spec) ? template.spec : {};
  const containers = Array.isArray(podSpec.containers) ? podSpec.containers : [];
  // hasIstioProxy: the first container named istio-proxy must have an image.
  const proxy = containers.find((c) => isObject(c) && c.name === 'istio-proxy');
  if (isObject(proxy) && typeof proxy.image === 'string' && proxy.image !== '') return true;
  const labels = stringMap(meta.labels);
  if (INJECT in labels) return labels[INJECT] === 'true';
  const annotations = stringMap(meta.annotations);
  if (INJECT in annotations) return annotations[INJECT] === 'true';
  const ns = ctx.snapshot.resources.find((r) => r.kind === 'Namespace' && r.name === dep.meta.namespace);
  return ns ? ns.labels['istio-injection'] === 'enabled' : false;
}

export function analyzeDeploymentServices(ctx: AnalysisContext): void {
  for (const dep of ctx.snapshot.deployments) {
    if (dep.meta.labels['gateway.istio.io/managed'] === 'istio.io-mesh-controller') continue;
    if (!inMesh(ctx, dep)) continue;
    const services: Service[] = ctx.snapshot.services.filter(
      (s) =>
        s.meta.namespace === dep.meta.namespace &&
        s.selector !== null &&
        Object.keys(s.selector).length > 0 &&
        selectorMatches(s.selector, dep.template.labels),
    );

    // servicePortMap: port -> protocol -> Service names
    const byPort = new Map<number, Map<string, string[]>>();
    // serviceTargetPortsMap: targetPort -> port -> Service name (the last one wins, as in Go)
    const byTarget = new Map<string, Map<number, string>>();
    for (const svc of services) {
      const name = fullName(svc.meta);
      for (const p of svc.ports) {
        const protocol = p.protocol || 'TCP';
        const protocols = byPort.get(p.port) ?? new Map<string, string[]>();
        protocols.set(protocol, [...(protocols.get(protocol) ?? []), name]);
        byPort.set(p.port, protocols);

        const target = p.targetPort === null || p.targetPort === 0 ? String(p.port) : String(p.targetPort);
        const ports = byTarget.get(target) ?? new Map<number, string>();
        ports.set(p.port, name);
        byTarget.set(target, ports);
      }
    }

    for (const [port, protocols] of byPort) {
      if (protocols.size < 2) continue;
      const names = [...protocols.values()].flat().sort();
      report(ctx, dep.meta, 'IST0116', {
        path: ['metadata', 'name'],
        message: `This deployment ${dep.meta.name} is associated with multiple services using port ${port} but different protocols: ${goList(names)}`,
        fix: `Give port ${port} the same protocol in every Service that selects these pods, or use a different port number for the other protocol.`,
        args: { deployment: dep.meta.name, port, services: names },
      });
    }
    for (const [target, ports] of byTarget) {
      if (ports.size < 2) continue;
      const names = [...ports.values()].sort();
      const numbers = [...ports.keys()].sort((a, b) => a - b);
      report(ctx, dep.meta, 'IST0137', {
        path: ['metadata', 'name'],
        message: `This deployment ${dep.meta.name} is associated with multiple services ${goList(names)} using targetPort ${goQuote(target)} but different ports: ${goList(numbers)}.`,
        fix: `Let every Service that sends traffic to targetPort ${target} of these pods use the same port number, or point them at different container ports.`,
        args: { deployment: dep.meta.name, services: names, targetPort: target, ports: numbers },
      });
    }
  }
}
