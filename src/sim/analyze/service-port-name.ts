// service.PortNameAnalyzer — istio/istio pkg/config/analysis/analyzers/service/portname.go.
// IST0118 (Info): the port's protocol cannot be told from appProtocol or from the name prefix before the
// first "-" (kube.ConvertProtocol; ports 25, 53, 3306, 27017 count as TCP anyway). IST0150 replaces it
// on ExternalName Services, where a port named exactly "tcp" is also flagged. Istio's own Services
// (labelled istio=…, release=istio, or managed by an Istio gateway controller) are skipped.
import type { Service, ServicePort } from '../resources/kube.ts';
import type { AnalysisContext } from './context.ts';
import { report } from './context.ts';
import { parseProtocol } from './validation-util.ts';

const WELL_KNOWN_TCP_PORTS = new Set([25, 53, 3306, 27017]);
const MANAGED_BY_ISTIO = new Set([
  'istio.io-gateway-controller',
  'istio.io-mesh-controller',
  'istio.io-eastwest-controller',
]);

/** kube.ConvertProtocol: null when unsupported. */
export function servicePortProtocol(p: ServicePort): string | null {
  if (p.protocol.toUpperCase() === 'UDP') return 'UDP';
  let name = p.name;
  if (p.appProtocol) {
    name = p.appProtocol;
    if (name === 'kubernetes.io/h2c') return 'HTTP2';
    if (name === 'kubernetes.io/ws' || name === 'kubernetes.io/wss') return 'HTTP';
  }
  if (name.toLowerCase().startsWith('grpc-web')) return 'GRPC-WEB';
  const dash = name.indexOf('-');
  if (dash >= 0) name = name.slice(0, dash);
  const proto = parseProtocol(name);
  if (proto === null && WELL_KNOWN_TCP_PORTS.has(p.port)) return 'TCP';
  return proto;
}

function isIstioService(svc: Service): boolean {
  const l = svc.meta.labels;
  return (
    'istio' in l || l['release'] === 'istio' || MANAGED_BY_ISTIO.has(l['gateway.istio.io/managed'] ?? '')
  );
}

export function analyzeServicePortNames(ctx: AnalysisContext): void {
  for (const svc of ctx.snapshot.services) {
    if (isIstioService(svc)) continue;
    const external = svc.type === 'ExternalName';
    for (const p of svc.ports) {
      const unsupported = servicePortProtocol(p) === null;
      if (!unsupported && !(external && p.name === 'tcp')) continue;
      const path = p.name ? ['spec', 'ports', p.index, 'name'] : ['spec', 'ports', p.index];
      if (external) {
        report(ctx, svc.meta, 'IST0150', {
          distinct: true,
          path,
          message:
            'Port name for ExternalName service is invalid. Proxy may prevent tcp named ports and unmatched traffic for ports serving TCP protocol from being forwarded correctly',
          fix: 'Name the port after its application protocol (http-…, https-…, tls-…), or set appProtocol.',
        });
        continue;
      }
      const targetPort = p.targetPort === null ? '0' : String(p.targetPort);
      report(ctx, svc.meta, 'IST0118', {
        distinct: true,
        path,
        message: `Port name ${p.name} (port: ${p.port}, targetPort: ${targetPort}) doesn't follow the naming convention of Istio port.`,
        fix: `Name the port <protocol>[-<suffix>] (for example http-web or grpc) or set appProtocol, so Istio does not have to guess the protocol of port ${p.port}.`,
        args: { portName: p.name, port: p.port, targetPort },
      });
    }
  }
}
