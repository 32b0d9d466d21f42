// The result of one simulated request, shaped as the contract's `simulate` output. Fields that do not
// apply are null or "" (never omitted).
import type { SourceRange } from '../diagnostics.ts';

export type SimError =
  | 'no-listener'
  | 'no-filter-chain'
  | 'multiple-filter-chains'
  | 'tls-error'
  | 'mtls-error'
  | 'protocol-error'
  | 'no-virtual-host'
  | 'no-route'
  | 'tls-redirect'
  | 'client-certificate-required'
  | 'client-certificate-rejected'
  | 'certificate-untrusted'
  | 'certificate-name-mismatch'
  | 'certificate-expired'
  | 'secret-missing'
  | 'dns-failure'
  | 'connection-refused'
  | 'invalid-request';

export type TraceStage =
  | 'client'
  | 'dns'
  | 'connection'
  | 'listener'
  | 'listener-filters'
  | 'filter-chain'
  | 'tls'
  | 'http'
  | 'route-config'
  | 'virtual-host'
  | 'route'
  | 'fault'
  | 'cluster'
  | 'endpoint'
  | 'tcp-proxy'
  | 'response';

export interface TraceSource {
  /** `Kind ns/name` */
  resource: string;
  /** 1-based line in `file`, or null for baseline objects. */
  line: number | null;
  file: string | null;
  range: SourceRange | null;
  path: (string | number)[];
}

export interface TraceStep {
  stage: TraceStage;
  outcome: 'matched' | 'not-matched' | 'failed' | 'info' | 'skipped';
  text: string;
  source: TraceSource | null;
  /** What nearly matched and why not ("server b/gateway https not chosen: SNI … is not in […]"). */
  nearMisses?: string[];
  /** The chapter section that explains this stage (a site path with anchor). */
  learnMore?: string;
}

export interface Backend {
  /** `name.namespace` for Kubernetes Services, the host otherwise. */
  service: string;
  subset: string | null;
  port: number;
}

export interface RequestResult {
  /** Index of the request in the scenario (a multi-URL command yields several results with one index). */
  request: number;
  /** What was sent, in words (`GET https://a.sample.com/`), for display. */
  label: string;
  error: SimError | null;
  status: number | null;
  responseFlags: string;
  responseCodeDetails: string | null;
  clientError: { message: string; curlExitCode: number | null; browserError?: string | null } | null;
  listener: string;
  filterChain: string;
  serverNames: string[] | null;
  routeConfig: string;
  virtualHost: string;
  route: string;
  cluster: string;
  /** The cluster the request was actually sent to (a weighted route's pick), "" when none. */
  upstreamCluster: string;
  backend: Backend | null;
  location: string | null;
  connection: { id: number; reused: boolean; reason?: string } | null;
  /** The SNI the connection carried, the :authority the request carried. */
  sni: string | null;
  authority: string | null;
  /** For TCP: whether the connection was proxied. */
  tcpResult?: 'connected' | 'refused' | 'closed' | null;
  /** The HTTP request as the gateway received it (null when no HTTP request was sent). */
  httpRequest: {
    method: string;
    path: string;
    protocol: 'HTTP/1.1' | 'HTTP/2';
    userAgent: string | null;
  } | null;
  /** Response headers the client sees (server, location, x-envoy-upstream-service-time…). */
  responseHeaders: Record<string, string>;
  /** curl -v style transcript lines (URL and command forms). */
  transcript: string[];
  trace: TraceStep[];
  accessLog: string | null;
  accessLogRecord: Record<string, unknown> | null;
}

/** The contract's raw request form (Istio's simulator semantics; a new connection per request). */
export interface RawRequest {
  port: number;
  protocol?: 'http' | 'http2' | 'tcp';
  tls?: 'none' | 'tls' | 'mtls';
  host?: string;
  sni?: string;
  alpn?: string;
  path?: string;
  method?: string;
  headers?: Record<string, string>;
  /** Destination address; default 1.3.3.7 as in Istio's simulator. */
  address?: string;
}
