// The contract's raw request form, with Istio's own simulator semantics (pilot/pkg/simulation/traffic.go):
// every request is a new connection, no certificates are checked, `tls: mtls` means Istio mutual TLS.
import type { Snapshot } from '../cluster/snapshot.ts';
import type { CompiledGateway } from '../compile/types.ts';
import { backendOfCluster, findListener, selectFilterChain, traceSource, upstream } from './envoy.ts';
import { applyHttpOutcome, handleHttpRequest } from './http.ts';
import type { RawRequest, RequestResult, TraceStep } from './types.ts';

export function emptyResult(index: number, label: string): RequestResult {
  return {
    request: index,
    label,
    error: null,
    status: null,
    responseFlags: '-',
    responseCodeDetails: null,
    clientError: null,
    listener: '',
    filterChain: '',
    serverNames: null,
    routeConfig: '',
    virtualHost: '',
    route: '',
    cluster: '',
    upstreamCluster: '',
    backend: null,
    location: null,
    connection: null,
    sni: null,
    authority: null,
    tcpResult: null,
    httpRequest: null,
    responseHeaders: {},
    transcript: [],
    trace: [],
    accessLog: null,
    accessLogRecord: null,
  };
}

export interface RawDefaults {
  sni: string;
  alpn: string;
  defaulted: string[];
}

/** FillDefaults: SNI = host for tls calls only; ALPN by protocol for tls/mtls; nothing for plaintext. */
export function rawDefaults(req: RawRequest): RawDefaults {
  const tls = req.tls ?? 'none';
  const protocol = req.protocol ?? 'http';
  const defaulted: string[] = [];
  let sni = req.sni ?? '';
  if (!req.sni && tls === 'tls') {
    sni = req.host ?? '';
    defaulted.push('sni');
  }
  let alpn = req.alpn ?? '';
  if (!req.alpn) {
    if (tls === 'tls') alpn = protocol === 'http' ? 'http/1.1' : protocol === 'http2' ? 'h2' : '';
    else if (tls === 'mtls')
      alpn = protocol === 'http' ? 'istio-http/1.1' : protocol === 'http2' ? 'istio-h2' : 'istio';
    if (alpn) defaulted.push('alpn');
  }
  return { sni, alpn, defaulted };
}

export function simulateRaw(
  compiled: CompiledGateway,
  snapshot: Snapshot,
  req: RawRequest,
  index: number,
): RequestResult {
  const tls = req.tls ?? 'none';
  const protocol = req.protocol ?? 'http';
  const host = req.host ?? '';
  const path = req.path ?? '/';
  const label = `${protocol.toUpperCase()}${tls !== 'none' ? `+${tls.toUpperCase()}` : ''} port ${req.port}${host ? ` host ${host}` : ''}${protocol !== 'tcp' ? ` ${path}` : ''}`;
  const r = emptyResult(index, label);
  const trace: TraceStep[] = r.trace;
  const d = rawDefaults(req);
  r.authority = host || null;
  trace.push({
    stage: 'client',
    outcome: 'info',
    text: `raw request (Istio's simulator semantics): a new ${tls === 'none' ? 'plaintext' : tls === 'tls' ? 'TLS' : 'Istio mTLS'} connection to port ${req.port}${d.sni ? `, SNI ${d.sni}` : ''}${d.alpn ? `, ALPN ${d.alpn}` : ''}${d.defaulted.length ? ` (${d.defaulted.join(' and ')} defaulted as Istio's simulator does)` : ''}.`,
    source: null,
  });
  const listener = findListener(compiled, req.port, req.address);
  if (!listener) {
    r.error = 'no-listener';
    r.clientError = { message: `Failed to connect to port ${req.port}: Connection refused`, curlExitCode: 7 };
    trace.push({
      stage: 'listener',
      outcome: 'failed',
      text: `no listener on port ${req.port} (listeners: ${compiled.listeners.map((l) => l.name).join(', ') || 'none'}). Note: this is the pod's port — the Service's targetPort — not the Service port.`,
      source: null,
      nearMisses: compiled.events
        .filter((e) => e.kind === 'listener-no-filter-chains' || e.kind === 'server-missed-network-filter')
        .map((e) => e.message),
      learnMore: '/gateway/#ports-and-target-ports',
    });
    return r;
  }
  r.listener = listener.name;
  trace.push({
    stage: 'listener',
    outcome: 'matched',
    text: `listener ${listener.name} (${listener.filterChains.length} filter chain${listener.filterChains.length === 1 ? '' : 's'}).`,
    source: null,
    learnMore: '/gateway/#ports-and-target-ports',
  });
  // Without a tls_inspector Envoy never reads the ClientHello: no SNI, no ALPN, transport raw_buffer.
  let sni = d.sni;
  let alpn = d.alpn;
  let transport: 'tls' | 'raw_buffer' = tls === 'none' ? 'raw_buffer' : 'tls';
  if (!listener.tlsInspector) {
    if (tls !== 'none')
      trace.push({
        stage: 'listener-filters',
        outcome: 'info',
        text: 'this listener has no tls_inspector (no chain matches on SNI), so SNI and ALPN are not read.',
        source: null,
      });
    sni = '';
    alpn = '';
    transport = 'raw_buffer';
  }
  const sel = selectFilterChain(listener, { sni, transport, alpn });
  if (!sel.ok) {
    r.error = sel.error;
    r.responseFlags = 'NR';
    r.responseCodeDetails = 'filter_chain_not_found';
    trace.push({
      stage: 'filter-chain',
      outcome: 'failed',
      text: sel.why,
      source: null,
      nearMisses: sel.nearMisses,
      learnMore: '/tls/#sni-and-filter-chains',
    });
    return r;
  }
  const chain = sel.chain;
  r.filterChain = chain.name;
  r.serverNames = chain.match.serverNames.length ? chain.match.serverNames : null;
  r.sni = sni || null;
  const server = chain.servers[0];
  trace.push({
    stage: 'filter-chain',
    outcome: 'matched',
    text: `filter chain for ${server ? `Gateway ${server.gateway} port ${server.portNumber} (${server.protocol})` : 'this port'}: ${sel.why}.`,
    source: traceSource(
      snapshot,
      server
        ? {
            id: server.gatewayId,
            resource: `Gateway ${server.gateway}`,
            path: ['spec', 'servers', server.serverIndex],
          }
        : null,
    ),
    nearMisses: sel.nearMisses,
    learnMore: '/tls/#sni-and-filter-chains',
  });
  if (chain.tls) {
    if (tls === 'none') {
      r.error = 'tls-error';
      trace.push({
        stage: 'tls',
        outcome: 'failed',
        text: 'the chain terminates TLS but the request is plaintext: the handshake fails on the first bytes.',
        source: null,
      });
      return r;
    }
    // "Requires mTLS" = Istio's own certificate (SDS `default`) with client certificates required,
    // i.e. ISTIO_MUTUAL. A credentialName MUTUAL server does not count here (traffic.go).
    const requiresMtls = chain.tls.sdsSecret === 'default' && chain.tls.requireClientCertificate;
    if (requiresMtls !== (tls === 'mtls')) {
      r.error = 'mtls-error';
      trace.push({
        stage: 'tls',
        outcome: 'failed',
        text: requiresMtls
          ? 'the chain requires Istio mutual TLS (ISTIO_MUTUAL) and the request is plain TLS.'
          : 'the request uses Istio mutual TLS but the chain terminates ordinary TLS.',
        source: null,
      });
      return r;
    }
    trace.push({
      stage: 'tls',
      outcome: 'matched',
      text: `TLS is terminated with ${chain.tls.mode} (${chain.tls.sdsSecret || 'inline files'}); Istio's simulator does not check certificates.`,
      source: null,
    });
  }
  if (chain.kind === 'tcp') {
    const t = chain.tcpProxy!;
    const target = t.weightedClusters?.[0]?.cluster ?? t.cluster;
    r.cluster = t.cluster;
    r.upstreamCluster = target;
    r.backend = backendOfCluster(target);
    trace.push({
      stage: 'tcp-proxy',
      outcome: 'matched',
      text: `tcp_proxy to ${t.weightedClusters ? t.weightedClusters.map((w) => `${w.weight}% ${w.cluster}`).join(', ') : t.cluster}.`,
      source: traceSource(snapshot, t.source),
    });
    const up = upstream(compiled, snapshot, target);
    trace.push(up.step);
    r.responseFlags = up.flags;
    r.tcpResult = up.flags === '-' ? 'connected' : 'closed';
    if (up.flags !== '-') r.backend = null;
    return r;
  }
  if (tls !== 'none' && !chain.tls) {
    r.error = 'protocol-error';
    r.httpRequest = { method: '-', path: '-', protocol: 'HTTP/1.1', userAgent: null };
    trace.push({
      stage: 'http',
      outcome: 'failed',
      text: 'TLS bytes reached a plaintext HTTP connection manager: Envoy answers 400 (DPE) and closes; a TLS client sees "wrong version number".',
      source: null,
    });
    return r;
  }
  if (protocol === 'tcp') {
    r.error = 'protocol-error';
    trace.push({
      stage: 'http',
      outcome: 'failed',
      text: 'raw TCP bytes reached an HTTP connection manager: HTTP codec error (400, DPE).',
      source: null,
    });
    return r;
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers ?? {})) headers[k.toLowerCase()] = v;
  r.httpRequest = {
    method: (req.method ?? 'GET').toUpperCase(),
    path,
    protocol: protocol === 'http2' ? 'HTTP/2' : 'HTTP/1.1',
    userAgent: headers['user-agent'] ?? null,
  };
  const http = handleHttpRequest(
    { compiled, snapshot, seed: `${index}|${host}|${path}` },
    chain,
    {
      method: (req.method ?? 'GET').toUpperCase(),
      path,
      authority: host,
      scheme: tls === 'none' ? 'http' : 'https',
      headers,
    },
    tls !== 'none',
  );
  applyHttpOutcome(r, http, 'route');
  return r;
}
