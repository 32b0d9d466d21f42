// Real clients: a browser (one connection pool per browser profile, HTTP/2 connection reuse across
// hosts exactly when Chrome's rules allow it) and curl (each command its own process; reuse only for
// the same host within one command). Facts: shared/istio/client-and-tls.md §1 and §6.
import type { ScenarioClient, UrlRequest } from '../../scenario.ts';
import type { ClientInvocation, CurlInvocation } from './command.ts';
import { curlRequestMethod, normaliseCurlUrl, parseCommand } from './command.ts';
import { hostnameMatches } from '../../tls/index.ts';
import type { CertificateIndex } from '../../tls/index.ts';
import { backendOfCluster, traceSource, upstream } from '../envoy.ts';
import { applyHttpOutcome, handleHttpRequest } from '../http.ts';
import { emptyResult } from '../raw.ts';
import type { RequestResult, TraceStep } from '../types.ts';
import { connectFirst } from './connection.ts';
import type { ClientKind, ConnectFailure, Connection } from './connection.ts';
import type { World } from './world.ts';
import { bundleOf, resolveHost } from './world.ts';

interface Target {
  scheme: 'http' | 'https' | 'tcp';
  host: string;
  port: number;
  pathAndQuery: string;
  /** :authority / Host */
  authority: string;
  sni: string | null;
  isIp: boolean;
}

interface ClientState {
  kind: ClientKind;
  /** Open connections (a browser's pool, or one curl process's). */
  pool: Connection[];
}

export interface SessionOptions {
  client: ScenarioClient;
}

/** The origin a browser keys its own connections by: scheme, host and port (RFC 6454). */
export function isSameOrigin(c: Connection, scheme: 'http' | 'https', host: string, port: number): boolean {
  return (
    c.openedFor.toLowerCase() === host.toLowerCase() && c.port === port && c.tls === (scheme === 'https')
  );
}

/**
 * Why Chrome would NOT send a request for `host` on the open connection `c` opened for another host
 * (null: it would pool). Chrome's IP-based pooling covers HTTP/2 sessions only: the session's peer
 * IP:port must be one of the new host's resolved endpoints (spdy_session_pool.cc
 * FindMatchingIpSessionForServiceEndpoint), and SpdySession::CanPool (spdy_session.cc) refuses a
 * certificate with errors, a session on which a client certificate was sent, and a certificate whose
 * names do not cover the new host. HTTP/1.1 connections carry only their own origin (RFC 9110 §4.3.3).
 */
export function chromePoolRefusal(
  c: Connection,
  host: string,
  port: number,
  addresses: string[],
  certs: CertificateIndex,
): string | null {
  if (!c.tls) return 'it is plain HTTP: only HTTPS connections are pooled across hosts';
  if (c.alpn !== 'h2')
    return `it speaks ${c.alpn ?? 'no HTTP'}, and only HTTP/2 sessions are pooled across hosts (an HTTP/1.1 connection serves only the host it was opened for)`;
  if (c.port !== port) return `it goes to port ${c.port}, not ${port}`;
  if (!addresses.includes(c.peerIp)) return `its peer ${c.peerIp} is not in ${host}'s DNS answer`;
  if (c.certificateErrors) return 'its certificate had errors';
  if (c.clientCertSent) return 'a client certificate was sent on it';
  const leaf = c.serverChain.length ? certs.certificates[c.serverChain[0]] : undefined;
  if (!leaf)
    return c.passthrough ? "its certificate (the backend's) is not known" : 'its certificate is unknown';
  if (!hostnameMatches(leaf, host)) return `its certificate does not cover ${host}`;
  return null;
}

/**
 * curl looks for a reusable connection before it resolves the name: only a connection to the same host
 * name, port and scheme qualifies, never one opened for another name (everything-curl
 * libcurl/conn/reuse.md). Within one curl process only.
 */
export function curlReuses(c: Connection, scheme: 'http' | 'https', host: string, port: number): boolean {
  return isSameOrigin(c, scheme, host, port);
}

/** One simulation's clients: named browsers share pools across requests; curl commands never do. */
export class ClientSession {
  private browsers = new Map<string, ClientState>();
  private world: World;
  private opts: SessionOptions;

  constructor(world: World, opts: SessionOptions) {
    this.world = world;
    this.opts = opts;
  }

  private anchors(override: string | null): string[] {
    if (override !== null) {
      const text = this.world.files[override];
      return text ? bundleOf(this.world.certs, text).certificates.map((c) => c.fingerprint) : [];
    }
    return this.world.trust ?? this.world.defaultTrust;
  }

  /** A URL-form request. `browser` set (or client.kind browser) makes it a browser request. */
  runUrl(req: UrlRequest, index: number): RequestResult[] {
    // `tcp://host:port` is a plain TCP connection whatever the client (contract: URL form).
    const tcp = /^tcp:\/\/\[?([^\]/]+?)\]?:(\d+)\/?$/i.exec(req.url);
    if (tcp) return [this.runTcp({ host: tcp[1], port: Number(tcp[2]), label: req.url }, index)];
    const asBrowser = req.browser !== undefined || this.opts.client.kind === 'browser';
    if (asBrowser) return [this.runBrowser(req, index)];
    // curl-like URL request: one process per request.
    const headers = Object.entries(req.headers ?? {}).map(([name, value]) => ({ name, value }));
    if (req.hostHeader) headers.push({ name: 'Host', value: req.hostHeader });
    const inv: CurlInvocation = {
      ...baseCurl(),
      urls: [req.url],
      method: req.method ?? null,
      headers,
      http: this.opts.client.http === '2' ? '2' : this.opts.client.http === '1.1' ? '1.1' : null,
      insecure: !!this.opts.client.insecure,
      resolve: req.resolve ? parseResolve(req.resolve) : [],
      raw: `curl ${req.url}`,
    };
    return this.runCurl(inv, index, req.sni ?? null);
  }

  runCommand(command: string, index: number): RequestResult[] {
    const parsed = parseCommand(command);
    if (!parsed.ok) {
      const r = emptyResult(index, command);
      r.error = 'invalid-request';
      r.clientError = { message: parsed.error.message, curlExitCode: parsed.error.curlExitCode };
      r.trace.push({ stage: 'client', outcome: 'failed', text: parsed.error.message, source: null });
      return [r];
    }
    const inv: ClientInvocation = parsed.invocation;
    if (inv.kind === 'curl') {
      const results = this.runCurl(inv, index, null);
      if (parsed.warnings.length)
        for (const r of results)
          r.trace.unshift({
            stage: 'client',
            outcome: 'info',
            text: parsed.warnings.join(' '),
            source: null,
          });
      return results;
    }
    if (inv.kind === 'nc')
      return [this.runTcp({ host: inv.host, port: inv.port, label: command, zeroIo: inv.zeroIo }, index)];
    return [this.runOpenssl(inv, index, command)];
  }

  // ------------------------------------------------------------------------------------------------
  // Browser

  private runBrowser(req: UrlRequest, index: number): RequestResult {
    const name = req.browser ?? 'default';
    let state = this.browsers.get(name);
    if (!state) this.browsers.set(name, (state = { kind: 'browser', pool: [] }));
    const t = parseTarget(req.url);
    const r = emptyResult(
      index,
      `browser${name !== 'default' ? ` (${name})` : ''}: ${(req.method ?? 'GET').toUpperCase()} ${req.url}`,
    );
    if ('error' in t) {
      clientFailure(r, t.error, null, 'ERR_INVALID_URL');
      r.clientError!.message = 'ERR_INVALID_URL';
      return r;
    }
    if (t.scheme === 'tcp') return this.runTcp({ host: t.host, port: t.port, label: req.url }, index);
    const addresses = resolveHost(this.world, t.host);
    if (!addresses?.length) return dnsFailure(r, t.host, 'browser');
    r.trace.push({
      stage: 'dns',
      outcome: 'matched',
      text: `${t.host} resolves to ${addresses.join(', ')}.`,
      source: null,
    });
    // `client.http` describes the scenario's client: a browser request in a curl scenario (the contract:
    // a URL request with `browser` set is a browser request even when client.kind is curl) is a
    // browser with its own default, HTTP/2 (contract: "browser default 2"), not the curl's setting.
    const h2 = !(this.opts.client.kind === 'browser' && this.opts.client.http === '1.1');
    const offer = t.scheme === 'https' ? (h2 ? ['h2', 'http/1.1'] : ['http/1.1']) : [];
    // Chrome's pool: a connection of this very origin first (its SpdySessionKey, or an HTTP/1.1
    // keep-alive socket); then, for https only, an HTTP/2 session of another host it may pool onto.
    const scheme = t.scheme === 'https' ? 'https' : 'http';
    let conn: Connection | undefined = state.pool.find((c) => isSameOrigin(c, scheme, t.host, t.port));
    let reuseWhy = conn ? `connection ${conn.id} was opened for this very origin` : '';
    if (!conn && scheme === 'https') {
      const considered: string[] = [];
      for (const c of state.pool) {
        const why = chromePoolRefusal(c, t.host, t.port, addresses, this.world.certs.index);
        if (why) {
          considered.push(`connection ${c.id} (opened for ${c.openedFor}) not reused: ${why}`);
          continue;
        }
        const leaf = this.world.certs.index.certificates[c.serverChain[0]];
        conn = c;
        reuseWhy = `HTTP/2 connection ${c.id} was opened for ${c.openedFor}; ${t.host} resolves to the same IP ${c.peerIp} and the certificate on that connection (${[...leaf.dnsNames, ...leaf.ipAddresses].join(', ')}) covers ${t.host}, so the browser reuses it (RFC 9113 §9.1.1 connection coalescing). The connection keeps the filter chain Envoy chose from SNI ${c.sni ?? '(none)'}.`;
        break;
      }
      if (!conn && considered.length) {
        reuseWhy = `no open connection can carry it: ${considered.join('; ')}`;
        r.trace.push({
          stage: 'connection',
          outcome: 'info',
          text: 'no open connection can be reused.',
          source: null,
          nearMisses: considered,
        });
      }
    } else if (!conn && state.pool.length) {
      reuseWhy = `a plain http:// request goes only on a connection made to ${t.host}:${t.port} itself`;
      r.trace.push({
        stage: 'connection',
        outcome: 'info',
        text: `plain http:// requests go on a connection made to ${t.host}:${t.port} itself; a browser never sends them on a connection opened for another host.`,
        source: null,
      });
    }
    let result = this.sendOnPoolOrConnect(state, conn, reuseWhy, t, offer, r, 'browser', req, null);
    // A 421 makes Chrome resend the request once with IP-based pooling (and alternative services)
    // disabled (http_network_transaction.cc DoReadHeadersComplete). Without IP pooling only a
    // connection of this very origin can carry it, else a new one whose SNI is this host. A 421 on the
    // retry is shown to the page.
    if (result.status === 421) {
      const first = result;
      const own = state.pool.find((c) => isSameOrigin(c, scheme, t.host, t.port));
      const retry = emptyResult(index, r.label);
      retry.trace.push(...first.trace, {
        stage: 'client',
        outcome: 'info',
        text: `the browser got 421 Misdirected Request on connection ${first.connection?.id ?? '?'}, so it resends the request once with IP-based pooling disabled (Chrome: http_network_transaction.cc), ${own ? `on connection ${own.id}, which was opened for this origin` : `on a new connection with SNI ${t.sni ?? '(none)'}`}.`,
        source: null,
      });
      retry.transcript.push(...first.transcript);
      result = this.sendOnPoolOrConnect(
        state,
        own,
        own
          ? `connection ${own.id} was opened for this very origin (the resend after 421 goes there)`
          : 'the resend after 421 Misdirected Request may not use IP-based pooling',
        t,
        offer,
        retry,
        'browser',
        req,
        null,
        !own,
      );
    }
    return result;
  }

  private sendOnPoolOrConnect(
    state: ClientState,
    existing: Connection | undefined,
    /** Why the connection is reused, or (when a new one is opened) why no open one could be. */
    why: string,
    t: Target,
    offer: string[],
    r: RequestResult,
    kind: ClientKind,
    req: { method?: string; headers?: Record<string, string> } | null,
    curl: {
      inv: CurlInvocation;
      sniOverride: string | null;
      addresses: string[];
      /** The port curl connects to (--connect-to may change it). */
      connectPort?: number;
    } | null,
    forceNew = false,
  ): RequestResult {
    let conn = forceNew ? undefined : existing;
    if (conn) {
      r.connection = { id: conn.id, reused: true, reason: why };
      r.trace.push({
        stage: 'connection',
        outcome: 'matched',
        text: `reusing connection ${conn.id}: ${why}`,
        source: null,
        learnMore: '/multiple-gateways/#the-connection-reuse-404',
      });
      r.transcript.push(`* Re-using existing connection with host ${conn.openedFor}`);
    } else {
      const addresses = curl?.addresses ?? resolveHost(this.world, t.host) ?? [];
      const clientCert = curl?.inv.cert
        ? {
            cert: this.world.files[curl.inv.cert] ?? '',
            key: this.world.files[curl.inv.key ?? curl.inv.cert] ?? '',
            certName: curl.inv.cert,
            keyName: curl.inv.key ?? curl.inv.cert,
          }
        : kind === 'curl' && this.world.clientCertificate && !curl?.inv.cert
          ? this.world.clientCertificate
          : kind === 'browser' && this.world.clientCertificate
            ? this.world.clientCertificate
            : null;
      if (curl?.inv.cert && !this.world.files[curl.inv.cert]) {
        return clientFailure(
          r,
          `could not load PEM client certificate from ${curl.inv.cert}, OpenSSL error error:80000002:system library::No such file or directory, (no key found, wrong pass phrase, or wrong file format?)`,
          58,
          null,
        );
      }
      if (curl?.inv.cacert && !this.world.files[curl.inv.cacert]) {
        return clientFailure(r, `error setting certificate file: ${curl.inv.cacert}`, 77, null);
      }
      const res = connectFirst(
        this.world,
        {
          client: kind,
          host: t.host,
          port: curl?.connectPort ?? t.port,
          tls: t.scheme === 'https',
          sni: curl?.sniOverride ?? t.sni,
          alpnOffer: offer,
          insecure: !!curl?.inv.insecure,
          anchors: this.anchors(curl?.inv.cacert ?? null),
          clientCert,
          tlsVersions: curl ? { min: curl.inv.tlsMin, max: curl.inv.tlsMax } : undefined,
        },
        addresses,
      );
      const address = res.address;
      r.trace.push(...res.trace);
      r.transcript.push(...res.transcript);
      if (!res.ok) {
        const f = res.failure;
        r.error = f.error;
        // A browser shows its net error; curl exit codes belong to curl only.
        r.clientError =
          kind === 'browser'
            ? {
                message: f.clientError.browserError ?? f.clientError.message,
                curlExitCode: null,
                browserError: f.clientError.browserError,
              }
            : {
                message: f.clientError.message,
                curlExitCode: f.clientError.curlExitCode,
                browserError: f.clientError.browserError,
              };
        if (f.upstreamCluster) {
          // TLS passthrough: the gateway's tcp_proxy had already connected the client to the backend,
          // which is who presented the certificate the client rejected.
          r.cluster = f.upstreamCluster;
          r.upstreamCluster = f.upstreamCluster;
        }
        // The TCP connection existed (the listener accepted it) even though TLS or the chain failed;
        // it is never pooled.
        if (f.connectionId !== null)
          r.connection = {
            id: f.connectionId,
            reused: false,
            reason: `new connection to ${address}:${curl?.connectPort ?? t.port}; it failed before any HTTP request${why ? `; ${why}` : ''}`,
          };
        r.listener = f.listener;
        r.filterChain = f.filterChain ?? '';
        r.serverNames = f.serverNames;
        r.routeConfig = f.chain?.routeConfigName ?? '';
        // Envoy logs the requested server name in lower case (connection_socket_impl.h).
        r.sni = t.scheme === 'https' ? ((curl?.sniOverride ?? t.sni)?.toLowerCase() ?? null) : null;
        r.authority = t.authority;
        applyEnvoyLog(r, f);
        if (f.error === 'protocol-error')
          r.httpRequest = { method: '-', path: '-', protocol: 'HTTP/1.1', userAgent: null };
        return r;
      }
      conn = res.conn;
      state.pool.push(conn);
      r.connection = {
        id: conn.id,
        reused: false,
        reason: `new connection to ${conn.peerIp}:${conn.port}${conn.tls ? (conn.sni ? ` with SNI ${conn.sni}` : ' without SNI (an IP address is never sent as SNI)') : ''}${why ? `; ${why}` : ''}`,
      };
    }
    const c = conn;
    r.listener = c.listener.name;
    r.filterChain = c.chain.name;
    r.serverNames = c.chain.match.serverNames.length ? c.chain.match.serverNames : null;
    r.sni = c.sni;
    const method = (curl ? curlRequestMethod(curl.inv) : (req?.method ?? 'GET')).toUpperCase();
    const headers: Record<string, string> = {};
    let authority = t.authority;
    for (const [k, v] of Object.entries(req?.headers ?? {})) {
      if (k.toLowerCase() === 'host') authority = v;
      else headers[k.toLowerCase()] = v;
    }
    for (const h of curl?.inv.headers ?? []) {
      if (h.name.toLowerCase() === 'host') authority = h.value;
      else headers[h.name.toLowerCase()] = h.value;
    }
    if (!headers['user-agent'])
      headers['user-agent'] =
        kind === 'browser' ? 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0' : 'curl/8.5.0';
    r.authority = authority;
    const proto = c.alpn === 'h2' ? 'HTTP/2' : 'HTTP/1.1';
    r.httpRequest = {
      method,
      path: t.pathAndQuery,
      protocol: proto,
      userAgent: headers['user-agent'] ?? null,
    };
    r.transcript.push(`* using ${proto}`);
    r.transcript.push(`> ${method} ${t.pathAndQuery} ${proto}`);
    r.transcript.push(`> Host: ${authority}`);
    for (const [k, v] of Object.entries(headers))
      r.transcript.push(
        `> ${k.replace(/(^|-)([a-z])/g, (_m, a: string, b: string) => a + b.toUpperCase())}: ${v}`,
      );
    r.transcript.push('> Accept: */*', '>');
    r.trace.push({
      stage: 'http',
      outcome: 'info',
      text: `${proto} request ${method} ${t.pathAndQuery} with :authority ${authority}${c.sni && c.sni !== authority.replace(/:\d+$/, '') ? ` on a connection whose SNI is ${c.sni}` : ''}.`,
      source: null,
    });
    if (c.chain.kind === 'tcp') {
      const tp = c.chain.tcpProxy!;
      const cluster = tp.cluster || tp.weightedClusters?.[0]?.cluster || '';
      r.cluster = cluster;
      r.upstreamCluster = cluster;
      r.backend = backendOfCluster(cluster);
      r.trace.push({
        stage: 'tcp-proxy',
        outcome: 'matched',
        text: `the chain is a tcp_proxy to ${cluster}: Envoy does not look at HTTP here; the backend answers.`,
        source: traceSource(this.world.snapshot, tp.source),
      });
      const up = upstream(c.compiled, this.world.snapshot, cluster);
      r.trace.push(up.step);
      r.responseFlags = up.flags;
      if (up.flags !== '-') {
        r.clientError = {
          message: 'Empty reply from server',
          curlExitCode: 52,
          browserError: 'ERR_EMPTY_RESPONSE',
        };
        r.backend = null;
        r.tcpResult = 'closed';
        return r;
      }
      r.status = 200;
      r.tcpResult = 'connected';
      r.trace.push({
        stage: 'response',
        outcome: 'info',
        text: 'the backend serves the request itself (its status is assumed to be 200).',
        source: null,
      });
      r.transcript.push(`< ${proto === 'HTTP/2' ? 'HTTP/2' : 'HTTP/1.1'} 200`, '<');
      return r;
    }
    const http = handleHttpRequest(
      {
        compiled: c.compiled,
        snapshot: this.world.snapshot,
        seed: `${r.request}|${authority}|${t.pathAndQuery}`,
        misdirected421: this.world.misdirected421,
      },
      c.chain,
      { method, path: t.pathAndQuery, authority, scheme: t.scheme === 'https' ? 'https' : 'http', headers },
      c.tls,
    );
    // A real client sees the cluster it was sent to (a weighted route's pick).
    applyHttpOutcome(r, http, 'upstream');
    r.transcript.push(
      `< ${proto === 'HTTP/2' ? 'HTTP/2' : 'HTTP/1.1'} ${http.status ?? ''}${proto === 'HTTP/1.1' ? ` ${reason(http.status)}` : ''}`,
    );
    for (const [k, v] of Object.entries(http.responseHeaders)) r.transcript.push(`< ${k}: ${v}`);
    if (http.status === 404 || (http.status !== null && http.status >= 300 && http.status < 400))
      r.transcript.push('< content-length: 0');
    r.transcript.push('<');
    return r;
  }

  // ------------------------------------------------------------------------------------------------
  // curl

  private runCurl(inv: CurlInvocation, index: number, sniOverride: string | null): RequestResult[] {
    const state: ClientState = { kind: 'curl', pool: [] };
    const results: RequestResult[] = [];
    for (const rawUrl of inv.urls) {
      let url = rawUrl;
      let hops = 0;
      const hopTrace: TraceStep[] = [];
      const hopTranscript: string[] = [];
      for (;;) {
        const r = emptyResult(
          index,
          `${inv.raw.startsWith('curl') ? inv.raw : `curl ${url}`}${inv.urls.length > 1 ? ` [${url}]` : ''}`,
        );
        r.trace.push(...hopTrace);
        r.transcript.push(...hopTranscript);
        const t = parseTarget(url);
        if ('error' in t) {
          // The URL parser's own exit code (3 malformed, 1 unsupported protocol); the message without
          // its "curl: (N) " prefix, like every other transfer error here (displays add the prefix).
          results.push(clientFailure(r, t.error.replace(/^curl: \(\d+\) /, ''), t.curlExitCode, null));
          break;
        }
        // --connect-to HOST1:PORT1:HOST2:PORT2: the first entry matching the URL's host and port makes
        // curl connect to HOST2:PORT2 instead (an empty part keeps the URL's); SNI, certificate checks
        // and Host stay the URL's (lib/url.c parse_connect_to_slist). curl resolves the host it
        // connects to, so --resolve entries apply to HOST2:PORT2.
        const via = inv.connectTo.find(
          (x) =>
            (x.host === '' || x.host.toLowerCase() === t.host.toLowerCase()) &&
            (x.port === null || x.port === t.port),
        );
        const connectHost = via && via.toHost !== '' ? via.toHost : t.host;
        const connectPort = via?.toPort ?? t.port;
        // curl resolves through --resolve first, then DNS; reuse is decided on the host name alone.
        const pinned = inv.resolve.find(
          (x) => x.host.toLowerCase() === connectHost.toLowerCase() && x.port === connectPort,
        );
        const addresses = pinned ? pinned.addresses : resolveHost(this.world, connectHost);
        if (!addresses?.length) {
          results.push(dnsFailure(r, connectHost, 'curl'));
          break;
        }
        if (via)
          r.trace.push({
            stage: 'client',
            outcome: 'info',
            text: `--connect-to sends the connection for ${t.host}:${t.port} to ${connectHost}:${connectPort}; SNI, certificate checks and Host still use ${t.host}.`,
            source: null,
          });
        r.trace.push({
          stage: 'dns',
          outcome: 'matched',
          text: pinned
            ? `--resolve pins ${connectHost}:${connectPort} to ${addresses.join(', ')} (SNI and certificate checks still use ${t.host}).`
            : `${connectHost} resolves to ${addresses.join(', ')}.`,
          source: null,
        });
        const offer =
          t.scheme !== 'https' || !inv.alpn ? [] : inv.http === '1.1' ? ['http/1.1'] : ['h2', 'http/1.1'];
        const existing = state.pool.find((c) =>
          curlReuses(c, t.scheme === 'https' ? 'https' : 'http', t.host, connectPort),
        );
        const res = this.sendOnPoolOrConnect(
          state,
          existing,
          existing
            ? `curl reuses a connection only for the same host name and port; connection ${existing.id} was opened for ${t.host}:${t.port}`
            : state.pool.length
              ? `curl reuses a connection only for the same host name, port and scheme, and this process has none for ${t.scheme}://${t.host}:${t.port} (open: ${state.pool.map((c) => `${c.id} for ${c.openedFor}:${c.port}`).join(', ')})`
              : '',
          t,
          offer,
          r,
          'curl',
          null,
          { inv, sniOverride, addresses, connectPort },
        );
        if (!existing && results.length + hops > 0 && state.pool.length > 1) {
          res.trace.push({
            stage: 'connection',
            outcome: 'info',
            text: `curl opened a new connection: it reuses connections by host name only, never across host names (even with HTTP/2 and a wildcard certificate).`,
            source: null,
          });
        }
        const redirected =
          inv.followRedirects &&
          !!res.location &&
          res.status !== null &&
          res.status >= 300 &&
          res.status < 400;
        // --max-redirs (default 50, -1 unlimited): at the limit curl does not follow and fails with
        // CURLE_TOO_MANY_REDIRECTS (47), "Maximum (N) redirects followed" (lib/transfer.c Curl_follow:
        // reachedmax → failf + return CURLE_TOO_MANY_REDIRECTS); the response it got is the 3xx.
        const maxRedirs = inv.maxRedirs ?? 50;
        if (redirected && maxRedirs !== -1 && hops >= maxRedirs) {
          const message = `Maximum (${maxRedirs}) redirects followed`;
          res.clientError = { message, curlExitCode: 47 };
          res.trace.push({
            stage: 'client',
            outcome: 'failed',
            text: `curl -L stops: ${message}.`,
            source: null,
          });
          res.transcript.push(`* ${message}`);
          results.push(res);
          break;
        }
        if (redirected) {
          hops++;
          hopTrace.push(...res.trace, {
            stage: 'client',
            outcome: 'info',
            text: `curl -L follows the ${res.status} to ${res.location}.`,
            source: null,
          });
          hopTranscript.push(...res.transcript, `* Issue another request to this URL: '${res.location}'`);
          url = res.location!;
          continue;
        }
        if (inv.fail && res.status !== null && res.status >= 400 && !res.clientError) {
          res.clientError = { message: `The requested URL returned error: ${res.status}`, curlExitCode: 22 };
        }
        results.push(res);
        break;
      }
    }
    return results;
  }

  // ------------------------------------------------------------------------------------------------
  // nc / tcp:// and openssl s_client

  private runTcp(
    p: { host: string; port: number; label: string; zeroIo?: boolean },
    index: number,
  ): RequestResult {
    const r = emptyResult(index, p.label);
    const addresses = resolveHost(this.world, p.host);
    if (!addresses?.length) return dnsFailure(r, p.host, 'nc');
    const res = connectFirst(
      this.world,
      {
        client: 'nc',
        host: p.host,
        port: p.port,
        tls: false,
        sni: null,
        alpnOffer: [],
        insecure: false,
        anchors: [],
        clientCert: null,
      },
      addresses,
    );
    r.trace.push(...res.trace);
    if (!res.ok) {
      const f = res.failure;
      r.error = f.error;
      r.listener = f.listener;
      if (f.connectionId !== null) r.connection = { id: f.connectionId, reused: false };
      r.tcpResult = f.error === 'no-listener' || f.error === 'connection-refused' ? 'refused' : 'closed';
      // nc -z only opens the TCP connection and closes it: the listener accepted it, so nc reports
      // success, whatever Envoy would have done with the bytes (no filter chain, TLS expected).
      if (p.zeroIo && f.connectionId !== null) {
        r.tcpResult = 'connected';
        r.transcript.push(`Connection to ${p.host} ${p.port} port [tcp/*] succeeded!`);
      }
      r.clientError = f.clientError.message ? { message: f.clientError.message, curlExitCode: null } : null;
      applyEnvoyLog(r, f);
      return r;
    }
    const c = res.conn;
    r.connection = { id: c.id, reused: false };
    r.listener = c.listener.name;
    r.filterChain = c.chain.name;
    if (c.chain.kind === 'tcp') {
      const tp = c.chain.tcpProxy!;
      const cluster = tp.cluster || tp.weightedClusters?.[0]?.cluster || '';
      r.cluster = tp.cluster;
      r.upstreamCluster = cluster;
      r.backend = backendOfCluster(cluster);
      r.trace.push({
        stage: 'tcp-proxy',
        outcome: 'matched',
        text: `tcp_proxy to ${cluster}: the bytes go to the backend as they are.`,
        source: traceSource(this.world.snapshot, tp.source),
      });
      const up = upstream(c.compiled, this.world.snapshot, cluster);
      r.trace.push(up.step);
      r.responseFlags = up.flags;
      r.tcpResult = up.flags === '-' ? 'connected' : 'closed';
      if (up.flags !== '-') r.backend = null;
      if (p.zeroIo) r.transcript.push(`Connection to ${p.host} ${p.port} port [tcp/*] succeeded!`);
      return r;
    }
    r.tcpResult = 'connected';
    r.trace.push({
      stage: 'http',
      outcome: 'info',
      text: 'the port is an HTTP listener: the connection is accepted, and Envoy expects an HTTP request on it (anything else gets 400, DPE).',
      source: null,
    });
    return r;
  }

  private runOpenssl(
    inv: Extract<ClientInvocation, { kind: 'openssl-s_client' }>,
    index: number,
    label: string,
  ): RequestResult {
    const r = emptyResult(index, label);
    const addresses = resolveHost(this.world, inv.connect.host);
    if (!addresses?.length) return dnsFailure(r, inv.connect.host, 'openssl');
    const res = connectFirst(
      this.world,
      {
        client: 'openssl',
        host: inv.connect.host,
        port: inv.connect.port,
        tls: true,
        sni: inv.sni,
        alpnOffer: inv.alpn ?? [],
        insecure: !inv.verifyReturnError,
        anchors: this.anchors(inv.cafile),
        clientCert: inv.cert
          ? { cert: this.world.files[inv.cert] ?? '', key: this.world.files[inv.key ?? inv.cert] ?? '' }
          : null,
      },
      addresses,
    );
    r.trace.push(...res.trace);
    r.transcript.push(`CONNECTED(00000003)`);
    if (!res.ok) {
      const f = res.failure;
      r.error = f.error;
      r.listener = f.listener;
      if (f.connectionId !== null) r.connection = { id: f.connectionId, reused: false };
      r.sni = inv.sni;
      r.clientError = { message: f.clientError.message, curlExitCode: null };
      r.tcpResult = 'closed';
      applyEnvoyLog(r, f);
      return r;
    }
    const c = res.conn;
    r.connection = { id: c.id, reused: false };
    r.listener = c.listener.name;
    r.serverNames = c.chain.match.serverNames.length ? c.chain.match.serverNames : null;
    r.sni = c.sni;
    r.tcpResult = 'connected';
    if (c.chain.kind === 'tcp' && c.chain.tcpProxy) {
      const tp = c.chain.tcpProxy;
      const cluster = tp.cluster || tp.weightedClusters?.[0]?.cluster || '';
      r.cluster = cluster;
      r.upstreamCluster = cluster;
      r.backend = backendOfCluster(cluster);
      r.trace.push({
        stage: 'tcp-proxy',
        outcome: 'matched',
        text: `tcp_proxy to ${cluster}: the TLS bytes go to the backend, which completes the handshake.`,
        source: traceSource(this.world.snapshot, tp.source),
      });
    }
    const leaf = this.world.certs.index.certificates[res.conn.serverChain[0]];
    if (leaf) r.transcript.push(`subject=${leaf.subject}`, `issuer=${leaf.issuer}`);
    return r;
  }
}

/**
 * What Envoy records for a connection that failed before any HTTP: a listener-level NR line when no
 * filter chain took it, or the tcp_proxy's flags when a passthrough backend was unreachable.
 */
function applyEnvoyLog(r: RequestResult, f: ConnectFailure): void {
  if (f.listenerLog) {
    r.responseFlags = f.listenerLog.flags;
    r.responseCodeDetails = f.listenerLog.details;
  }
  if (f.upstream) {
    r.cluster = f.upstream.cluster;
    r.upstreamCluster = f.upstream.cluster;
    r.responseFlags = f.upstream.flags;
    r.responseCodeDetails = f.upstream.details;
    r.tcpResult = 'closed';
  }
}

function reason(status: number | null): string {
  const reasons: Record<number, string> = {
    200: 'OK',
    301: 'Moved Permanently',
    302: 'Found',
    400: 'Bad Request',
    403: 'Forbidden',
    404: 'Not Found',
    421: 'Misdirected Request',
    500: 'Internal Server Error',
    503: 'Service Unavailable',
    504: 'Gateway Timeout',
  };
  return status === null ? '' : (reasons[status] ?? '');
}

function baseCurl(): CurlInvocation {
  const parsed = parseCommand('curl http://x/');
  if (!parsed.ok || parsed.invocation.kind !== 'curl') throw new Error('curl parser is broken');
  return parsed.invocation;
}

function parseResolve(s: string): CurlInvocation['resolve'] {
  const [host, port, addr] = s.split(':');
  return host && port && addr ? [{ host, port: Number(port), addresses: addr.split(',') }] : [];
}

function parseTarget(url: string): Target | { error: string; curlExitCode: number } {
  if (/^tcp:\/\//i.test(url)) {
    const m = /^tcp:\/\/\[?([^\]/]+?)\]?:(\d+)\/?$/i.exec(url);
    if (!m) return { error: `bad tcp URL ${url} (use tcp://host:port)`, curlExitCode: 3 };
    return {
      scheme: 'tcp',
      host: m[1],
      port: Number(m[2]),
      pathAndQuery: '',
      authority: '',
      sni: null,
      isIp: /^[\d.]+$/.test(m[1]),
    };
  }
  const u = normaliseCurlUrl(url);
  if ('error' in u) return { error: u.error, curlExitCode: u.curlExitCode };
  return {
    scheme: u.scheme,
    host: u.host,
    port: u.port,
    pathAndQuery: u.pathAndQuery,
    authority: u.authority,
    sni: u.sni,
    isIp: u.isIpAddress,
  };
}

function clientFailure(
  r: RequestResult,
  message: string,
  exit: number | null,
  browserError: string | null,
): RequestResult {
  r.error = 'invalid-request';
  r.clientError = { message, curlExitCode: exit, browserError };
  r.trace.push({ stage: 'client', outcome: 'failed', text: message, source: null });
  return r;
}

function dnsFailure(r: RequestResult, host: string, client: string): RequestResult {
  r.error = 'dns-failure';
  r.clientError =
    client === 'browser'
      ? { message: 'ERR_NAME_NOT_RESOLVED', curlExitCode: null, browserError: 'ERR_NAME_NOT_RESOLVED' }
      : client === 'nc'
        ? {
            message: `nc: getaddrinfo for host "${host}" port: Name or service not known`,
            curlExitCode: null,
          }
        : { message: `Could not resolve host: ${host}`, curlExitCode: 6 };
  r.trace.push({
    stage: 'dns',
    outcome: 'failed',
    text: `${host} does not resolve (it is not in the scenario's DNS).`,
    source: null,
  });
  return r;
}
