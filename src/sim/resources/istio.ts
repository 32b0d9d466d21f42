// Typed, defaulted views of Istio networking objects (networking.istio.io v1/v1beta1/v1alpha3 share one
// schema). Field names follow istio/api; defaults follow the proto zero values istiod sees.
import type { Resource } from './types.ts';
import { arr, bool, num, obj, objOrNull, str, strOrNull, stringRecord, strings } from './read.ts';
import type { Obj } from './read.ts';

/** What every typed object carries: where it came from. */
export interface Meta {
  /** Resource.id, to find ranges and the original text. */
  id: string;
  kind: string;
  name: string;
  namespace: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  creationTimestamp: string | null;
}

export function metaOf(r: Resource): Meta {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    namespace: r.namespace,
    labels: r.labels,
    annotations: r.annotations,
    creationTimestamp: r.creationTimestamp,
  };
}

// ---------------------------------------------------------------------------------------------------
// Gateway

export interface ServerTLSSettings {
  /**
   * The proto enum's zero value is PASSTHROUGH, so a `tls` block without `mode` is PASSTHROUGH
   * (istio/api networking/v1alpha3/gateway.proto ServerTLSSettings.TLSmode).
   */
  mode: string;
  modeSet: boolean;
  httpsRedirect: boolean;
  credentialName: string;
  credentialNames: string[];
  serverCertificate: string;
  privateKey: string;
  caCertificates: string;
  caCertCredentialName: string;
  subjectAltNames: string[];
  minProtocolVersion: string;
  maxProtocolVersion: string;
  cipherSuites: string[];
}

export interface GatewayServer {
  /** Index in spec.servers, for ranges. */
  index: number;
  port: { number: number; name: string; protocol: string; targetPort: number | null };
  bind: string;
  hosts: string[];
  tls: ServerTLSSettings | null;
  name: string;
  defaultEndpoint: string;
}

export interface Gateway {
  meta: Meta;
  /** null when spec.selector is absent (applies to every gateway workload). */
  selector: Record<string, string> | null;
  servers: GatewayServer[];
}

export function readGateway(r: Resource): Gateway {
  const spec = obj(r.object.spec);
  const selector = objOrNull(spec.selector);
  return {
    meta: metaOf(r),
    selector: selector ? stringRecord(selector) : null,
    servers: arr(spec.servers).map((s, index) => readServer(obj(s), index)),
  };
}

function readServer(s: Obj, index: number): GatewayServer {
  const port = obj(s.port);
  const tls = objOrNull(s.tls);
  return {
    index,
    port: {
      number: num(port.number) ?? 0,
      name: str(port.name),
      protocol: str(port.protocol).toUpperCase(),
      targetPort: num(port.targetPort),
    },
    bind: str(s.bind),
    hosts: strings(s.hosts),
    tls: tls ? readServerTLS(tls) : null,
    name: str(s.name),
    defaultEndpoint: str(s.defaultEndpoint),
  };
}

function readServerTLS(t: Obj): ServerTLSSettings {
  const mode = str(t.mode).toUpperCase();
  return {
    mode: mode || 'PASSTHROUGH',
    modeSet: mode !== '',
    httpsRedirect: bool(t.httpsRedirect),
    credentialName: str(t.credentialName),
    credentialNames: strings(t.credentialNames),
    serverCertificate: str(t.serverCertificate),
    privateKey: str(t.privateKey),
    caCertificates: str(t.caCertificates),
    caCertCredentialName: str(t.caCertCredentialName),
    subjectAltNames: strings(t.subjectAltNames),
    minProtocolVersion: str(t.minProtocolVersion),
    maxProtocolVersion: str(t.maxProtocolVersion),
    cipherSuites: strings(t.cipherSuites),
  };
}

// ---------------------------------------------------------------------------------------------------
// VirtualService

/** exact / prefix / regex; `{}` (no field) means "present" for headers and query params. */
export interface StringMatch {
  exact?: string;
  prefix?: string;
  regex?: string;
}

export interface HTTPMatchRequest {
  index: number;
  name: string;
  uri: StringMatch | null;
  scheme: StringMatch | null;
  method: StringMatch | null;
  authority: StringMatch | null;
  headers: Record<string, StringMatch>;
  withoutHeaders: Record<string, StringMatch>;
  queryParams: Record<string, StringMatch>;
  port: number | null;
  gateways: string[];
  ignoreUriCase: boolean;
  sourceLabels: Record<string, string>;
  sourceNamespace: string;
}

export interface PortSelector {
  number: number | null;
}

export interface Destination {
  host: string;
  subset: string;
  port: number | null;
}

export interface HTTPRouteDestination {
  index: number;
  destination: Destination;
  /** null when not written (a single destination gets 100). */
  weight: number | null;
  headers: Obj | null;
}

export interface HTTPRedirect {
  uri: string;
  authority: string;
  port: number | null;
  derivePort: string;
  scheme: string;
  redirectCode: number;
}

export interface HTTPRewrite {
  uri: string;
  authority: string;
  uriRegexRewrite: { match: string; rewrite: string } | null;
}

export interface HTTPFaultInjection {
  delay: { fixedDelay: string; percentage: number | null; percent: number | null } | null;
  abort: { httpStatus: number | null; grpcStatus: string; percentage: number | null } | null;
}

export interface HTTPRetry {
  attempts: number | null;
  perTryTimeout: string;
  retryOn: string;
}

export interface HTTPRoute {
  index: number;
  name: string;
  match: HTTPMatchRequest[];
  route: HTTPRouteDestination[];
  redirect: HTTPRedirect | null;
  directResponse: { status: number; body: string | null } | null;
  rewrite: HTTPRewrite | null;
  timeout: string;
  retries: HTTPRetry | null;
  fault: HTTPFaultInjection | null;
  mirror: Destination | null;
  mirrorPercentage: number | null;
  mirrors: { destination: Destination; percentage: number | null }[];
  headers: Obj | null;
  corsPolicy: Obj | null;
}

export interface L4MatchAttributes {
  index: number;
  destinationSubnets: string[];
  port: number | null;
  sourceLabels: Record<string, string>;
  gateways: string[];
  sourceNamespace: string;
}

export interface TLSMatchAttributes extends L4MatchAttributes {
  sniHosts: string[];
}

export interface RouteDestination {
  index: number;
  destination: Destination;
  weight: number | null;
}

export interface TCPRoute {
  index: number;
  match: L4MatchAttributes[];
  route: RouteDestination[];
}

export interface TLSRoute {
  index: number;
  match: TLSMatchAttributes[];
  route: RouteDestination[];
}

export interface VirtualService {
  meta: Meta;
  hosts: string[];
  gateways: string[];
  http: HTTPRoute[];
  tcp: TCPRoute[];
  tls: TLSRoute[];
  exportTo: string[];
}

export function readVirtualService(r: Resource): VirtualService {
  const spec = obj(r.object.spec);
  return {
    meta: metaOf(r),
    hosts: strings(spec.hosts),
    gateways: strings(spec.gateways),
    http: arr(spec.http).map((h, i) => readHTTPRoute(obj(h), i)),
    tcp: arr(spec.tcp).map((t, i) => {
      const o = obj(t);
      return {
        index: i,
        match: arr(o.match).map((m, j) => readL4Match(obj(m), j)),
        route: arr(o.route).map((d, j) => readRouteDestination(obj(d), j)),
      };
    }),
    tls: arr(spec.tls).map((t, i) => {
      const o = obj(t);
      return {
        index: i,
        match: arr(o.match).map((m, j) => ({
          ...readL4Match(obj(m), j),
          sniHosts: strings(obj(m).sniHosts),
        })),
        route: arr(o.route).map((d, j) => readRouteDestination(obj(d), j)),
      };
    }),
    exportTo: strings(spec.exportTo),
  };
}

export function readStringMatch(v: unknown): StringMatch | null {
  const o = objOrNull(v);
  if (!o) return null;
  const out: StringMatch = {};
  const exact = strOrNull(o.exact);
  const prefix = strOrNull(o.prefix);
  const regex = strOrNull(o.regex);
  if (exact !== null) out.exact = exact;
  if (prefix !== null) out.prefix = prefix;
  if (regex !== null) out.regex = regex;
  return out;
}

function readStringMatchMap(v: unknown): Record<string, StringMatch> {
  const out: Record<string, StringMatch> = {};
  for (const [k, m] of Object.entries(obj(v))) out[k] = readStringMatch(m) ?? {};
  return out;
}

function readHTTPMatch(m: Obj, index: number): HTTPMatchRequest {
  return {
    index,
    name: str(m.name),
    uri: readStringMatch(m.uri),
    scheme: readStringMatch(m.scheme),
    method: readStringMatch(m.method),
    authority: readStringMatch(m.authority),
    headers: readStringMatchMap(m.headers),
    withoutHeaders: readStringMatchMap(m.withoutHeaders),
    queryParams: readStringMatchMap(m.queryParams),
    port: num(m.port),
    gateways: strings(m.gateways),
    ignoreUriCase: bool(m.ignoreUriCase),
    sourceLabels: stringRecord(m.sourceLabels),
    sourceNamespace: str(m.sourceNamespace),
  };
}

export function readDestination(v: unknown): Destination {
  const d = obj(v);
  return { host: str(d.host), subset: str(d.subset), port: num(obj(d.port).number) };
}

function readRouteDestination(o: Obj, index: number): RouteDestination {
  return { index, destination: readDestination(o.destination), weight: num(o.weight) };
}

function percentage(v: unknown): number | null {
  const o = objOrNull(v);
  if (!o) return null;
  const n = typeof o.value === 'number' ? o.value : num(o.value);
  return n;
}

function readHTTPRoute(h: Obj, index: number): HTTPRoute {
  const redirect = objOrNull(h.redirect);
  const rewrite = objOrNull(h.rewrite);
  const direct = objOrNull(h.directResponse);
  const retries = objOrNull(h.retries);
  const fault = objOrNull(h.fault);
  const delay = fault ? objOrNull(fault.delay) : null;
  const abort = fault ? objOrNull(fault.abort) : null;
  const regexRewrite = rewrite ? objOrNull(rewrite.uriRegexRewrite) : null;
  const directBody = direct ? obj(direct.body) : {};
  return {
    index,
    name: str(h.name),
    match: arr(h.match).map((m, j) => readHTTPMatch(obj(m), j)),
    route: arr(h.route).map((d, j) => {
      const o = obj(d);
      return {
        index: j,
        destination: readDestination(o.destination),
        weight: num(o.weight),
        headers: objOrNull(o.headers),
      };
    }),
    redirect: redirect
      ? {
          uri: str(redirect.uri),
          authority: str(redirect.authority),
          port: num(redirect.port),
          derivePort: str(redirect.derivePort),
          scheme: str(redirect.scheme),
          redirectCode: num(redirect.redirectCode) ?? 301,
        }
      : null,
    directResponse: direct
      ? {
          status: num(direct.status) ?? 200,
          body: strOrNull(directBody.string) ?? strOrNull(directBody.bytes),
        }
      : null,
    rewrite: rewrite
      ? {
          uri: str(rewrite.uri),
          authority: str(rewrite.authority),
          uriRegexRewrite: regexRewrite
            ? { match: str(regexRewrite.match), rewrite: str(regexRewrite.rewrite) }
            : null,
        }
      : null,
    timeout: str(h.timeout),
    retries: retries
      ? {
          attempts: num(retries.attempts),
          perTryTimeout: str(retries.perTryTimeout),
          retryOn: str(retries.retryOn),
        }
      : null,
    fault:
      delay || abort
        ? {
            delay: delay
              ? {
                  fixedDelay: str(delay.fixedDelay),
                  percentage: percentage(delay.percentage),
                  percent: num(delay.percent),
                }
              : null,
            abort: abort
              ? {
                  httpStatus: num(abort.httpStatus),
                  grpcStatus: str(abort.grpcStatus),
                  percentage: percentage(abort.percentage),
                }
              : null,
          }
        : null,
    mirror: objOrNull(h.mirror) ? readDestination(h.mirror) : null,
    mirrorPercentage: percentage(h.mirrorPercentage),
    mirrors: arr(h.mirrors).map((m) => ({
      destination: readDestination(obj(m).destination),
      percentage: percentage(obj(m).percentage),
    })),
    headers: objOrNull(h.headers),
    corsPolicy: objOrNull(h.corsPolicy),
  };
}

function readL4Match(m: Obj, index: number): L4MatchAttributes {
  return {
    index,
    destinationSubnets: strings(m.destinationSubnets),
    port: num(m.port),
    sourceLabels: stringRecord(m.sourceLabels),
    gateways: strings(m.gateways),
    sourceNamespace: str(m.sourceNamespace),
  };
}

// ---------------------------------------------------------------------------------------------------
// DestinationRule

export interface ClientTLSSettings {
  mode: string;
  credentialName: string;
  caCertificates: string;
  sni: string;
  insecureSkipVerify: boolean;
  subjectAltNames: string[];
}

export interface TrafficPolicy {
  loadBalancer: Obj | null;
  connectionPool: Obj | null;
  outlierDetection: Obj | null;
  tls: ClientTLSSettings | null;
  portLevelSettings: { port: number | null; tls: ClientTLSSettings | null; raw: Obj }[];
  raw: Obj;
}

export interface Subset {
  index: number;
  name: string;
  labels: Record<string, string>;
  trafficPolicy: TrafficPolicy | null;
}

export interface DestinationRule {
  meta: Meta;
  host: string;
  subsets: Subset[];
  trafficPolicy: TrafficPolicy | null;
  exportTo: string[];
  workloadSelector: Record<string, string> | null;
}

function readClientTLS(v: unknown): ClientTLSSettings | null {
  const t = objOrNull(v);
  if (!t) return null;
  return {
    mode: str(t.mode).toUpperCase() || 'DISABLE',
    credentialName: str(t.credentialName),
    caCertificates: str(t.caCertificates),
    sni: str(t.sni),
    insecureSkipVerify: bool(t.insecureSkipVerify),
    subjectAltNames: strings(t.subjectAltNames),
  };
}

function readTrafficPolicy(v: unknown): TrafficPolicy | null {
  const p = objOrNull(v);
  if (!p) return null;
  return {
    loadBalancer: objOrNull(p.loadBalancer),
    connectionPool: objOrNull(p.connectionPool),
    outlierDetection: objOrNull(p.outlierDetection),
    tls: readClientTLS(p.tls),
    portLevelSettings: arr(p.portLevelSettings).map((s) => {
      const o = obj(s);
      return { port: num(obj(o.port).number), tls: readClientTLS(o.tls), raw: o };
    }),
    raw: p,
  };
}

export function readDestinationRule(r: Resource): DestinationRule {
  const spec = obj(r.object.spec);
  const ws = objOrNull(spec.workloadSelector);
  return {
    meta: metaOf(r),
    host: str(spec.host),
    subsets: arr(spec.subsets).map((s, index) => {
      const o = obj(s);
      return {
        index,
        name: str(o.name),
        labels: stringRecord(o.labels),
        trafficPolicy: readTrafficPolicy(o.trafficPolicy),
      };
    }),
    trafficPolicy: readTrafficPolicy(spec.trafficPolicy),
    exportTo: strings(spec.exportTo),
    workloadSelector: ws ? stringRecord(ws.matchLabels) : null,
  };
}

// ---------------------------------------------------------------------------------------------------
// ServiceEntry

export interface ServiceEntryPort {
  number: number;
  protocol: string;
  name: string;
  targetPort: number | null;
}

export interface WorkloadEntrySpec {
  address: string;
  ports: Record<string, number>;
  labels: Record<string, string>;
}

export interface ServiceEntry {
  meta: Meta;
  hosts: string[];
  addresses: string[];
  ports: ServiceEntryPort[];
  location: string;
  resolution: string;
  endpoints: WorkloadEntrySpec[];
  workloadSelector: Record<string, string> | null;
  exportTo: string[];
  statusAddresses: string[];
}

export function readServiceEntry(r: Resource): ServiceEntry {
  const spec = obj(r.object.spec);
  const ws = objOrNull(spec.workloadSelector);
  return {
    meta: metaOf(r),
    hosts: strings(spec.hosts),
    addresses: strings(spec.addresses),
    ports: arr(spec.ports).map((p) => {
      const o = obj(p);
      return {
        number: num(o.number) ?? 0,
        protocol: str(o.protocol),
        name: str(o.name),
        targetPort: num(o.targetPort),
      };
    }),
    location: str(spec.location) || 'MESH_EXTERNAL',
    resolution: str(spec.resolution) || 'NONE',
    endpoints: arr(spec.endpoints).map((e) => {
      const o = obj(e);
      const ports: Record<string, number> = {};
      for (const [k, v] of Object.entries(obj(o.ports))) {
        const n = num(v);
        if (n !== null) ports[k] = n;
      }
      return { address: str(o.address), ports, labels: stringRecord(o.labels) };
    }),
    workloadSelector: ws ? stringRecord(ws.labels) : null,
    exportTo: strings(spec.exportTo),
    statusAddresses: arr(obj(r.object.status).addresses)
      .map((a) => str(obj(a).value))
      .filter(Boolean),
  };
}
