// Envoy-shaped configuration for one gateway workload: what istiod pushes over xDS, named exactly as
// `istioctl proxy-config` shows it. Plain data: it crosses the worker boundary and prints as JSON.
import type { StringMatch } from '../resources/istio.ts';

/** Where a piece of generated config came from, so the UI can link back to the YAML. */
export interface SourceRef {
  /** Resource.id */
  id: string;
  /** `Kind ns/name` */
  resource: string;
  /** Field path inside the resource, e.g. ['spec','servers',0]. */
  path: (string | number)[];
}

/** One service port the gateway workload belongs to (how ports are translated). */
export interface ProxyServicePort {
  name: string;
  port: number;
  targetPort: number;
  protocol: string;
}

export interface ProxyServiceTarget {
  kind: 'Service' | 'ServiceEntry';
  name: string;
  namespace: string;
  /** Service hostname (`name.ns.svc.cluster.local`, or the ServiceEntry host). */
  hostname: string;
  ports: ProxyServicePort[];
  disablePortTranslation: boolean;
  /** External address for LoadBalancer Services (clarification 6), else null. */
  externalAddress: string | null;
  source: SourceRef;
}

/** The gateway workload that receives requests (Istio's Proxy of type Router). */
export interface GatewayProxy {
  namespace: string;
  labels: Record<string, string>;
  ipAddresses: string[];
  /** A pod name for display. */
  podName: string;
  services: ProxyServiceTarget[];
  /** The address clients reach it at: its LoadBalancer Service's external address. */
  externalAddress: string;
}

export interface ServerRef {
  /** `ns/name` of the Gateway */
  gateway: string;
  gatewayId: string;
  serverIndex: number;
  /** The server's port.number (the Gateway port, not the target port). */
  portNumber: number;
  portName: string;
  protocol: string;
  hosts: string[];
  bind: string;
}

export interface DownstreamTls {
  mode: string;
  /** SDS resource names, e.g. `kubernetes://star-sample-com-tls-chain`. */
  credentialName: string;
  sdsSecret: string;
  /** For MUTUAL: the CA secret `kubernetes://<name>-cacert` (Istio's SdsCaSuffix). */
  sdsCaSecret: string | null;
  requireClientCertificate: boolean;
  /** Terminating HTTPS chains advertise h2,http/1.1 (util.ALPNHttp); TLS→TCP chains advertise none. */
  alpn: string[];
  minProtocolVersion: string;
  maxProtocolVersion: string;
  /** Inline files (serverCertificate/privateKey/caCertificates) when not using credentialName. */
  files: { serverCertificate: string; privateKey: string; caCertificates: string } | null;
  subjectAltNames: string[];
}

export interface TcpProxyTarget {
  cluster: string;
  weightedClusters: { cluster: string; weight: number; host: string; subset: string; port: number }[] | null;
  /** For display: the destination as written (host, subset, port) when a single cluster. */
  destination: { host: string; subset: string; port: number } | null;
  source: SourceRef;
}

export interface FilterChain {
  name: string;
  match: {
    serverNames: string[];
    transportProtocol: string;
    applicationProtocols: string[];
  };
  /** null: no TLS transport socket (plaintext HTTP/TCP, or passthrough). */
  tls: DownstreamTls | null;
  /** http: an HTTP connection manager with RDS; tcp: a tcp_proxy. */
  kind: 'http' | 'tcp';
  /** RDS name for http chains. */
  routeConfigName: string | null;
  tcpProxy: TcpProxyTarget | null;
  /** The server(s) that produced this chain (an HTTP chain serves every plaintext server on the port). */
  servers: ServerRef[];
  /** What kind of server: for explanations. */
  origin: 'http' | 'https-terminate' | 'tcp' | 'tls-terminate' | 'passthrough' | 'auto-passthrough';
}

export interface Listener {
  name: string;
  address: string;
  port: number;
  filterChains: FilterChain[];
  /** Gateways add a tls_inspector only when some chain has SNI hosts or a TLS context (listener.go). */
  tlsInspector: boolean;
}

/** Envoy RouteMatch, as Istio translates an HTTPMatchRequest (route/route.go translateRouteMatch). */
export interface HeaderMatcher {
  name: string;
  match: StringMatch | null;
  /** `{}` in Istio: the header must be present. */
  present: boolean;
  invert: boolean;
}

export interface EnvoyRouteMatch {
  path: { kind: 'prefix' | 'pathSeparatedPrefix' | 'path' | 'regex'; value: string };
  caseSensitive: boolean;
  headers: HeaderMatcher[];
  queryParameters: HeaderMatcher[];
}

export interface WeightedCluster {
  cluster: string;
  weight: number;
  host: string;
  subset: string;
  port: number;
}

export interface RouteAction {
  kind: 'route';
  /** Single-cluster routes; "" when weighted. */
  cluster: string;
  weightedClusters: WeightedCluster[] | null;
  destination: { host: string; subset: string; port: number } | null;
  timeout: string;
  retries: { attempts: number; perTryTimeout: string; retryOn: string } | null;
  prefixRewrite: string | null;
  regexRewrite: { match: string; rewrite: string } | null;
  hostRewrite: string | null;
  mirrors: { cluster: string; percentage: number }[];
}

export interface RedirectAction {
  kind: 'redirect';
  scheme: string;
  host: string;
  port: number | null;
  derivePort: string;
  path: string;
  responseCode: number;
}

export interface DirectResponseAction {
  kind: 'directResponse';
  status: number;
  body: string | null;
}

export interface Route {
  /** Envoy route name: the http route's name (plus `.matchName`), "" when unnamed. */
  name: string;
  match: EnvoyRouteMatch;
  action: RouteAction | RedirectAction | DirectResponseAction;
  fault: {
    abort: { httpStatus: number; percentage: number } | null;
    delay: { fixedDelay: string; percentage: number } | null;
  } | null;
  /** Catch-all routes are moved to the end of their virtual host (route.SortVHostRoutes). */
  catchAll: boolean;
  source: SourceRef;
  /** The VirtualService and rule that produced it, for explanations. */
  virtualService: string;
  httpIndex: number;
  matchIndex: number | null;
}

export interface VirtualHost {
  name: string;
  domains: string[];
  requireTls: boolean;
  routes: Route[];
  /** Which Gateway servers / VirtualServices produced it. */
  sources: SourceRef[];
}

export interface RouteConfiguration {
  name: string;
  virtualHosts: VirtualHost[];
  ignorePortInHostMatching: boolean;
}

export interface ClusterInfo {
  name: string;
  /** outbound */
  direction: string;
  port: number;
  subset: string;
  host: string;
  /** EDS (Kubernetes/STATIC), STRICT_DNS (DNS ServiceEntries) … */
  type: string;
  /** The DestinationRule that shapes it, if any. */
  destinationRule: string | null;
  trafficPolicy: Record<string, unknown> | null;
  endpoints: EndpointInfo[];
  source: SourceRef | null;
}

export interface EndpointInfo {
  address: string;
  port: number;
  healthy: boolean;
  /** Pod name or ServiceEntry endpoint. */
  workload: string;
  labels: Record<string, string>;
}

export interface SecretInfo {
  /** `kubernetes://name` */
  name: string;
  /** Secret `ns/name` it resolves to, or null when missing. */
  secret: string | null;
  status: 'ACTIVE' | 'WARMING';
  /** Why WARMING (missing, wrong namespace, unusable keys). */
  problem: string | null;
}

/** Why a server or rule was dropped or ignored: istiod logs these (and counts pilot_total_rejected_configs). */
export interface CompileEvent {
  kind:
    | 'gateway-not-selected'
    | 'server-dropped-duplicate-hosts'
    | 'server-dropped-protocol-conflict'
    | 'server-dropped-rds-name'
    | 'server-no-port'
    | 'server-no-listener-port'
    | 'listener-no-filter-chains'
    | 'server-missed-network-filter'
    | 'passthrough-duplicate-sni'
    | 'vs-no-matching-server-hosts'
    | 'vs-gateway-not-found';
  message: string;
  source: SourceRef;
  /** For drops: who kept the port or host. */
  winner?: SourceRef;
}

export interface CompiledGateway {
  proxy: GatewayProxy;
  /** `ns/name` of every Gateway that applies to this workload, in istiod's order. */
  gateways: string[];
  listeners: Listener[];
  routeConfigs: Record<string, RouteConfiguration>;
  clusters: ClusterInfo[];
  secrets: SecretInfo[];
  events: CompileEvent[];
}
