// The `istio-default` baseline: what `istioctl install --set profile=default` creates, so a lab needs
// only its own objects. Each object is added unless the config has one of the same kind, namespace and
// name (contract clarification 4).
import type { Resource } from '../resources/types.ts';

export type BaselineName = 'istio-default' | 'none';

export const INGRESS_GATEWAY_LABELS = { app: 'istio-ingressgateway', istio: 'ingressgateway' };

const OBJECTS: Record<string, unknown>[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'istio-system' } },
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'istio-ingressgateway',
      namespace: 'istio-system',
      labels: { ...INGRESS_GATEWAY_LABELS },
    },
    spec: {
      replicas: 1,
      selector: { matchLabels: { ...INGRESS_GATEWAY_LABELS } },
      template: {
        metadata: { labels: { ...INGRESS_GATEWAY_LABELS } },
        spec: {
          containers: [
            {
              name: 'istio-proxy',
              image: 'docker.io/istio/proxyv2',
              ports: [
                { containerPort: 15021, protocol: 'TCP' },
                { containerPort: 8080, protocol: 'TCP' },
                { containerPort: 8443, protocol: 'TCP' },
                { containerPort: 15090, protocol: 'TCP', name: 'http-envoy-prom' },
              ],
            },
          ],
        },
      },
    },
  },
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'istio-ingressgateway',
      namespace: 'istio-system',
      labels: { ...INGRESS_GATEWAY_LABELS },
    },
    spec: {
      type: 'LoadBalancer',
      selector: { ...INGRESS_GATEWAY_LABELS },
      ports: [
        { name: 'status-port', port: 15021, targetPort: 15021, protocol: 'TCP' },
        { name: 'http2', port: 80, targetPort: 8080, protocol: 'TCP' },
        { name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' },
      ],
    },
  },
];

/** The baseline objects the config does not already define, as synthetic Resources. */
export function baselineResources(name: BaselineName, config: Resource[]): Resource[] {
  if (name !== 'istio-default') return [];
  const present = new Set(config.map((r) => `${r.kind}/${r.namespace}/${r.name}`));
  const out: Resource[] = [];
  OBJECTS.forEach((o, i) => {
    const meta = o.metadata as { name: string; namespace?: string; labels?: Record<string, string> };
    const namespace = meta.namespace ?? '';
    const kind = o.kind as string;
    if (present.has(`${kind}/${namespace}/${meta.name}`)) return;
    const apiVersion = o.apiVersion as string;
    const slash = apiVersion.indexOf('/');
    out.push({
      id: `baseline#${i}`,
      apiVersion,
      group: slash < 0 ? '' : apiVersion.slice(0, slash),
      version: slash < 0 ? apiVersion : apiVersion.slice(slash + 1),
      kind,
      name: meta.name,
      namespace,
      namespaceDefaulted: false,
      labels: meta.labels ?? {},
      annotations: {},
      creationTimestamp: null,
      object: structuredClone(o),
      file: 'baseline',
      range: { line: 1, column: 1, endLine: 1, endColumn: 1 },
      fieldRanges: {},
      synthetic: true,
    });
  });
  return out;
}
