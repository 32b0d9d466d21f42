// Typed views of the Kubernetes objects the simulator reads: Service, Deployment, Pod, Secret,
// Namespace and networking.k8s.io Ingress.
import type { Resource } from './types.ts';
import { metaOf } from './istio.ts';
import type { Meta } from './istio.ts';
import { arr, num, obj, objOrNull, str, stringRecord, strings } from './read.ts';

export interface ServicePort {
  index: number;
  name: string;
  port: number;
  /** A number, a container port name, or null when absent (Kubernetes defaults it to `port`). */
  targetPort: number | string | null;
  /** As written; file input gets no API-server defaulting (istioctl analyze relies on that). */
  protocol: string;
  appProtocol: string;
  nodePort: number | null;
}

export interface Service {
  meta: Meta;
  type: string;
  selector: Record<string, string> | null;
  ports: ServicePort[];
  clusterIP: string;
  externalName: string;
  /** status.loadBalancer.ingress[0].ip */
  loadBalancerIP: string;
}

export function readService(r: Resource): Service {
  const spec = obj(r.object.spec);
  const ingress = arr(obj(obj(r.object.status).loadBalancer).ingress);
  const sel = objOrNull(spec.selector);
  return {
    meta: metaOf(r),
    type: str(spec.type) || 'ClusterIP',
    selector: sel ? stringRecord(sel) : null,
    ports: arr(spec.ports).map((p, index) => {
      const o = obj(p);
      const tp = o.targetPort;
      return {
        index,
        name: str(o.name),
        port: num(o.port) ?? 0,
        targetPort:
          typeof tp === 'number' ? tp : typeof tp === 'string' ? (/^\d+$/.test(tp) ? Number(tp) : tp) : null,
        protocol: str(o.protocol),
        appProtocol: str(o.appProtocol),
        nodePort: num(o.nodePort),
      };
    }),
    clusterIP: str(spec.clusterIP),
    externalName: str(spec.externalName),
    loadBalancerIP: ingress.length ? str(obj(ingress[0]).ip) : '',
  };
}

export interface ContainerPort {
  name: string;
  containerPort: number;
}

export interface PodTemplate {
  labels: Record<string, string>;
  containerPorts: ContainerPort[];
  nodeName: string;
}

export interface Deployment {
  meta: Meta;
  replicas: number;
  selector: Record<string, string>;
  template: PodTemplate;
}

function readPodSpec(spec: Record<string, unknown>, labels: Record<string, string>): PodTemplate {
  const containerPorts: ContainerPort[] = [];
  for (const c of arr(spec.containers)) {
    for (const p of arr(obj(c).ports)) {
      const o = obj(p);
      const n = num(o.containerPort);
      if (n !== null) containerPorts.push({ name: str(o.name), containerPort: n });
    }
  }
  return { labels, containerPorts, nodeName: str(spec.nodeName) };
}

export function readDeployment(r: Resource): Deployment {
  const spec = obj(r.object.spec);
  const template = obj(spec.template);
  const replicas = num(spec.replicas);
  return {
    meta: metaOf(r),
    // Kubernetes defaults replicas to 1.
    replicas: replicas === null ? 1 : replicas,
    selector: stringRecord(obj(spec.selector).matchLabels),
    template: readPodSpec(obj(template.spec), stringRecord(obj(template.metadata).labels)),
  };
}

export interface Pod {
  meta: Meta;
  template: PodTemplate;
  /** status.phase when written; pods from files are assumed Running and Ready. */
  phase: string;
  ready: boolean;
  podIP: string;
}

export function readPod(r: Resource): Pod {
  const status = obj(r.object.status);
  const conditions = arr(status.conditions).map(obj);
  const readyCond = conditions.find((c) => str(c.type) === 'Ready');
  const phase = str(status.phase) || 'Running';
  return {
    meta: metaOf(r),
    template: readPodSpec(obj(r.object.spec), r.labels),
    phase,
    ready: phase === 'Running' && (readyCond ? str(readyCond.status) === 'True' : true),
    podIP: str(status.podIP),
  };
}

export interface Secret {
  meta: Meta;
  type: string;
  /** Decoded values: `data` is base64 (decoded here), `stringData` is plain and wins, as in the API server. */
  data: Record<string, string>;
  /** Keys whose base64 could not be decoded. */
  undecodable: string[];
}

export function readSecret(r: Resource): Secret {
  const data: Record<string, string> = {};
  const undecodable: string[] = [];
  for (const [k, v] of Object.entries(obj(r.object.data))) {
    if (typeof v !== 'string') continue;
    const decoded = decodeBase64(v);
    if (decoded === null) undecodable.push(k);
    else data[k] = decoded;
  }
  for (const [k, v] of Object.entries(obj(r.object.stringData))) {
    if (typeof v === 'string') data[k] = v;
  }
  return { meta: metaOf(r), type: str(r.object.type) || 'Opaque', data, undecodable };
}

/** Base64 → UTF-8 text, or null when it is not valid base64. Works in browsers, workers and Node. */
export function decodeBase64(v: string): string | null {
  const clean = v.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 === 1) return null;
  try {
    const bin = atob(clean);
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  } catch {
    return null;
  }
}

export interface IngressPath {
  path: string;
  pathType: string;
  service: string;
  port: number | null;
  portName: string;
}

export interface IngressRule {
  host: string;
  paths: IngressPath[];
}

export interface Ingress {
  meta: Meta;
  ingressClassName: string;
  tls: { hosts: string[]; secretName: string }[];
  rules: IngressRule[];
  defaultBackend: IngressPath | null;
}

function readIngressBackend(b: Record<string, unknown>, path = '', pathType = ''): IngressPath {
  const svc = obj(b.service);
  const port = obj(svc.port);
  return { path, pathType, service: str(svc.name), port: num(port.number), portName: str(port.name) };
}

export function readIngress(r: Resource): Ingress {
  const spec = obj(r.object.spec);
  const db = objOrNull(spec.defaultBackend);
  return {
    meta: metaOf(r),
    ingressClassName: str(spec.ingressClassName),
    tls: arr(spec.tls).map((t) => ({ hosts: strings(obj(t).hosts), secretName: str(obj(t).secretName) })),
    rules: arr(spec.rules).map((ru) => {
      const o = obj(ru);
      return {
        host: str(o.host),
        paths: arr(obj(o.http).paths).map((p) => {
          const po = obj(p);
          return readIngressBackend(obj(po.backend), str(po.path), str(po.pathType));
        }),
      };
    }),
    defaultBackend: db ? readIngressBackend(db) : null,
  };
}
