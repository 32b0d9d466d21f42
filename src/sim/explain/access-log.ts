// The gateway's access log line for a simulated request, in Istio's default TEXT format (what you get
// with meshConfig.accessLogFile=/dev/stdout and accessLogEncoding TEXT; pilot/pkg/model/telemetry_logging.go
// EnvoyTextLogFormat) and as the JSON record (accessLogEncoding JSON). Fields a simulation cannot know
// (times, byte counts, durations, request ids, client ports) are filled deterministically from the
// request, and say so in the docs.
import type { RequestResult } from '../traffic/types.ts';
import { bucketOf } from '../traffic/envoy.ts';

export interface AccessLogContext {
  /** Scenario time; each request is logged one second after the previous one. */
  now: Date;
  /** The gateway pod address and the listener's port (DOWNSTREAM_LOCAL_ADDRESS). */
  podIp: string;
  listenerPort: number | null;
  /** Client address as the gateway sees it (externalTrafficPolicy Cluster: a node address). */
  clientIp: string;
  method: string;
  path: string;
  protocol: string;
  userAgent: string;
  upstreamHost: string | null;
  /** Whether Envoy writes a line at all (no line for refused connections or failed handshakes). */
  kind: 'http' | 'tcp' | 'listener' | 'none';
}

export const ACCESS_LOG_FIELDS = [
  'start_time',
  'method',
  'path',
  'protocol',
  'response_code',
  'response_flags',
  'response_code_details',
  'connection_termination_details',
  'upstream_transport_failure_reason',
  'bytes_received',
  'bytes_sent',
  'duration',
  'upstream_service_time',
  'x_forwarded_for',
  'user_agent',
  'request_id',
  'authority',
  'upstream_host',
  'upstream_cluster',
  'upstream_local_address',
  'downstream_local_address',
  'downstream_remote_address',
  'requested_server_name',
  'route_name',
] as const;

function uuidFrom(seed: string): string {
  const hex = Array.from({ length: 4 }, (_, i) =>
    bucketOf(`${seed}#${i}`, 0xffffffff).toString(16).padStart(8, '0'),
  ).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The JSON record (null when Envoy writes nothing for this request). */
export function accessLogRecord(
  r: RequestResult,
  ctx: AccessLogContext,
  seq: number,
): Record<string, string | number | null> | null {
  if (ctx.kind === 'none') return null;
  const start = new Date(ctx.now.getTime() + seq * 1000).toISOString();
  const seed = `${seq}|${r.label}`;
  const clientPort = 40000 + bucketOf(seed, 20000);
  const local = ctx.listenerPort ? `${ctx.podIp}:${ctx.listenerPort}` : null;
  const remote = `${ctx.clientIp}:${clientPort}`;
  if (ctx.kind === 'listener' || ctx.kind === 'tcp') {
    const upstream = ctx.kind === 'tcp' && r.upstreamCluster;
    return {
      start_time: start,
      method: null,
      path: null,
      protocol: null,
      response_code: 0,
      response_flags: r.responseFlags || '-',
      response_code_details: r.responseCodeDetails,
      connection_termination_details: null,
      upstream_transport_failure_reason: null,
      bytes_received: ctx.kind === 'tcp' ? 6 : 0,
      bytes_sent: ctx.kind === 'tcp' && r.responseFlags === '-' ? 6 : 0,
      duration: 1 + bucketOf(seed, 5),
      upstream_service_time: null,
      x_forwarded_for: null,
      user_agent: null,
      request_id: null,
      authority: null,
      upstream_host: upstream ? ctx.upstreamHost : null,
      upstream_cluster: upstream ? r.upstreamCluster : null,
      upstream_local_address:
        upstream && ctx.upstreamHost ? `${ctx.podIp}:${50000 + bucketOf(seed + 'u', 10000)}` : null,
      downstream_local_address: local,
      downstream_remote_address: remote,
      requested_server_name: r.sni,
      route_name: null,
    };
  }
  const ust = r.responseHeaders['x-envoy-upstream-service-time'];
  return {
    start_time: start,
    method: ctx.method,
    path: ctx.path,
    protocol: ctx.protocol,
    response_code: r.status ?? 0,
    response_flags: r.responseFlags || '-',
    response_code_details:
      r.responseCodeDetails ?? (r.status === 301 && r.error === 'tls-redirect' ? 'direct_response' : null),
    connection_termination_details: null,
    upstream_transport_failure_reason: null,
    bytes_received: 0,
    bytes_sent: r.status === 200 ? 612 + bucketOf(seed, 400) : 0,
    duration: ust ? Number(ust) + 1 : 0,
    upstream_service_time: ust ?? null,
    x_forwarded_for: null,
    user_agent: ctx.userAgent,
    request_id: uuidFrom(seed),
    authority: r.authority,
    upstream_host: ctx.upstreamHost,
    upstream_cluster: ctx.upstreamHost
      ? r.upstreamCluster || null
      : r.upstreamCluster && r.responseFlags !== 'NC'
        ? r.upstreamCluster
        : null,
    upstream_local_address: ctx.upstreamHost ? `${ctx.podIp}:${50000 + bucketOf(seed + 'u', 10000)}` : null,
    downstream_local_address: local,
    downstream_remote_address: remote,
    requested_server_name: r.sni,
    route_name: r.route || null,
  };
}

const dash = (v: string | number | null | undefined) =>
  v === null || v === undefined || v === '' ? '-' : String(v);

/**
 * Istio's EnvoyTextLogFormat:
 * [%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE%
 * %RESPONSE_FLAGS% %RESPONSE_CODE_DETAILS% %CONNECTION_TERMINATION_DETAILS%
 * "%UPSTREAM_TRANSPORT_FAILURE_REASON%" %BYTES_RECEIVED% %BYTES_SENT% %DURATION%
 * %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%" "%REQ(X-REQUEST-ID)%"
 * "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%" %UPSTREAM_CLUSTER_RAW% %UPSTREAM_LOCAL_ADDRESS%
 * %DOWNSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_REMOTE_ADDRESS% %REQUESTED_SERVER_NAME% %ROUTE_NAME%
 */
export function formatAccessLog(rec: Record<string, string | number | null>): string {
  return (
    `[${rec.start_time}] "${dash(rec.method)} ${dash(rec.path)} ${dash(rec.protocol)}" ${rec.response_code ?? 0} ${dash(rec.response_flags)} ` +
    `${dash(rec.response_code_details)} ${dash(rec.connection_termination_details)} "${dash(rec.upstream_transport_failure_reason)}" ` +
    `${rec.bytes_received ?? 0} ${rec.bytes_sent ?? 0} ${rec.duration ?? 0} ${dash(rec.upstream_service_time)} ` +
    `"${dash(rec.x_forwarded_for)}" "${dash(rec.user_agent)}" "${dash(rec.request_id)}" "${dash(rec.authority)}" "${dash(rec.upstream_host)}" ` +
    `${dash(rec.upstream_cluster)} ${dash(rec.upstream_local_address)} ${dash(rec.downstream_local_address)} ` +
    `${dash(rec.downstream_remote_address)} ${dash(rec.requested_server_name)} ${dash(rec.route_name)}`
  );
}
