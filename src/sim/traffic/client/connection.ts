// Opening a connection from a client outside the cluster to a gateway: address → gateway workload →
// Service port → listener (targetPort) → filter chain (from the ClientHello's SNI) → TLS handshake with
// real certificate checks on both sides. Facts: shared/istio/client-and-tls.md §3–§4.
import type { CompiledGateway, FilterChain, GatewayProxy, Listener } from '../../compile/types.ts';
import {
  curlMessageFor,
  browserErrorFor,
  keyMatchesCertificate,
  verifyClientCertificate,
  verifyServerCertificate,
} from '../../tls/index.ts';
import type { ParsedCertificate, PeerVerification } from '../../tls/index.ts';
import { findListener, selectFilterChain, traceSource, backendOfCluster, upstream } from '../envoy.ts';
import type { SimError, TraceStep } from '../types.ts';
import type { World } from './world.ts';
import type { SecretInfo } from '../../compile/types.ts';
import type { Secret } from '../../resources/kube.ts';
import { bundleOf } from './world.ts';
import { resolveCredential } from '../../compile/index.ts';

export type ClientKind = 'browser' | 'curl' | 'nc' | 'openssl';

export interface ConnectParams {
  client: ClientKind;
  /** The URL host (for messages and certificate checks). */
  host: string;
  address: string;
  /** The port the client connects to (the Service port, e.g. 443). */
  port: number;
  tls: boolean;
  /** SNI sent in the ClientHello (null for IP literals: RFC 6066 §3). */
  sni: string | null;
  /** ALPN protocols offered, in preference order ([] = no ALPN extension). */
  alpnOffer: string[];
  /** Skip server certificate verification (curl -k). */
  insecure: boolean;
  /** Trust anchors (fingerprints). */
  anchors: string[];
  /** Client certificate as texts (from files or the scenario), or null. */
  clientCert: { cert: string; key: string; certName?: string; keyName?: string } | null;
  /** TLS versions the client offers ('1.2', '1.3'); default 1.2–1.3 (OpenSSL 3 and Chrome). */
  tlsVersions?: { min: string | null; max: string | null };
}

export interface Connection {
  id: number;
  client: ClientKind;
  openedFor: string;
  peerIp: string;
  port: number;
  targetPort: number;
  proxy: GatewayProxy;
  compiled: CompiledGateway;
  listener: Listener;
  chain: FilterChain;
  tls: boolean;
  sni: string | null;
  /** Negotiated application protocol: 'h2' or 'http/1.1' (null for plain TCP). */
  alpn: string | null;
  /** Leaf and chain the client saw (fingerprints), and whether it verified them successfully. */
  serverChain: string[];
  certificateErrors: boolean;
  clientCertSent: boolean;
  /** For passthrough: the certificate came from the backend, not the gateway. */
  passthrough: boolean;
  /** The negotiated TLS version of a terminating chain ('1.2' or '1.3'); null otherwise. */
  tlsVersion: string | null;
}

export interface ConnectFailure {
  /** null when the connection reached a tcp_proxy whose upstream then failed. */
  error: SimError | null;
  clientError: { message: string; curlExitCode: number | null; browserError: string | null };
  listener: string;
  filterChain: string | null;
  serverNames: string[] | null;
  /** Listener-level access log: written for a connection no filter chain accepted (NR). */
  listenerLog: { flags: string; details: string } | null;
  /** TLS passthrough: the cluster the gateway's tcp_proxy connected the client to before it failed. */
  upstreamCluster: string | null;
  /** The connection got as far as a filter chain (for display). */
  chain: FilterChain | null;
  proxy: GatewayProxy | null;
  targetPort: number | null;
  /** A tcp_proxy chain whose upstream failed (passthrough to a missing cluster): what Envoy logs. */
  upstream?: { cluster: string; flags: string; details: string };
  /** The client's connection id when the TCP connection was accepted before it failed; null when it
   * never existed (nothing listening, connection refused). */
  connectionId: number | null;
}

export type ConnectResult =
  | { ok: true; conn: Connection; trace: TraceStep[]; transcript: string[] }
  | { ok: false; failure: ConnectFailure; trace: TraceStep[]; transcript: string[] };

const CURL_CONNECT_REFUSED = (host: string, port: number) =>
  `Failed to connect to ${host} port ${port} after 0 ms: Couldn't connect to server`;

/** The trace source of a Gateway server (or one of its fields). */
function serverField(
  world: World,
  server: FilterChain['servers'][number] | undefined,
  ...path: (string | number)[]
) {
  return traceSource(
    world.snapshot,
    server
      ? {
          id: server.gatewayId,
          resource: `Gateway ${server.gateway}`,
          path: ['spec', 'servers', server.serverIndex, ...path],
        }
      : null,
  );
}

/** What a client sees when Envoy resets the handshake (a chain whose secrets are not ready). */
function resetByPeer(p: ConnectParams): ConnectFailure['clientError'] {
  return {
    message: `OpenSSL SSL_connect: Connection reset by peer in connection to ${p.host}:${p.port}`,
    curlExitCode: 35,
    browserError: 'ERR_CONNECTION_RESET',
  };
}

/**
 * Why a filter chain's Secret gives Envoy no certificate (null when it does): the Secret is missing or
 * not usable, or its key does not belong to its certificate. Envoy loads the pair with
 * SSL_CTX_use_PrivateKey, which refuses a key that is not the leaf's (KEY_VALUES_MISMATCH): the SDS
 * update is rejected ("Failed to load private key from <inline>", envoyproxy/envoy#14022, #17693), and
 * the chain stays without a certificate like a missing Secret (facts §4.3, §4.4).
 */
function chainWithoutCertificate(
  world: World,
  secret: SecretInfo | null,
  secretObj: Secret | undefined,
  certs: ParsedCertificate[],
): string | null {
  if (!secret || secret.status !== 'ACTIVE' || certs.length === 0) {
    const why = !secret
      ? 'the server has no credentialName'
      : (secret.problem ?? 'tls.crt holds no parsable certificate');
    return `no certificate for this chain: ${why}. Envoy waits for the secret (15 s SDS initial fetch timeout), then starts the listener anyway; connections that pick this chain are reset. Other chains keep working.`;
  }
  const keyText = secretObj?.data['tls.crt'] ? secretObj.data['tls.key'] : secretObj?.data['key'];
  const key = bundleOf(world.certs, keyText).privateKey;
  if (key && keyMatchesCertificate(key, certs[0]) === false)
    return `the private key in Secret ${secret.secret} does not belong to its certificate (${certs[0].subject}): Envoy rejects the secret (KEY_VALUES_MISMATCH), so this chain has no certificate; after the 15 s SDS initial fetch timeout its connections are reset. Other chains keep working.`;
  return null;
}

function fail(
  trace: TraceStep[],
  transcript: string[],
  f: Partial<ConnectFailure> & { error: SimError | null; clientError: ConnectFailure['clientError'] },
): ConnectResult {
  return {
    ok: false,
    trace,
    transcript,
    failure: {
      listener: '',
      filterChain: null,
      serverNames: null,
      listenerLog: null,
      upstreamCluster: null,
      chain: null,
      proxy: null,
      targetPort: null,
      connectionId: null,
      ...f,
    },
  };
}

function describeCert(
  world: World,
  fp: string,
): { subject: string; issuer: string; sans: string[]; notBefore: string; notAfter: string } | null {
  const c = world.certs.index.certificates[fp];
  if (!c) return null;
  return {
    subject: c.subject,
    issuer: c.issuer,
    sans: [...c.dnsNames, ...c.ipAddresses.map((i) => `IP:${i}`)],
    notBefore: c.notBefore,
    notAfter: c.notAfter,
  };
}

/** Istio's TLSProtocol names → version; TLS_AUTO and unset are null (Envoy's default). */
function istioTlsVersion(v: string): string | null {
  const m = /^TLSV1_([0-3])$/.exec(v);
  return m ? `1.${m[1]}` : null;
}

/** How an OpenSSL client (curl) reports a TLS alert from the server, and its exit code: with TLS 1.3
 * the client believes the handshake done and meets the alert on its first read (SSL_read, 56); with
 * TLS 1.2 the alert arrives during the handshake (SSL_connect, 35). */
function serverAlert(tls13: boolean, opensslError: string): { message: string; curlExitCode: number } {
  return tls13
    ? { message: `OpenSSL SSL_read: ${opensslError}, errno 0`, curlExitCode: 56 }
    : { message: `OpenSSL SSL_connect: ${opensslError}`, curlExitCode: 35 };
}

export function connect(world: World, p: ConnectParams): ConnectResult {
  const trace: TraceStep[] = [];
  const transcript: string[] = [];
  const verbose = (s: string) => transcript.push(`* ${s}`);
  verbose(`  Trying ${p.address}:${p.port}...`);
  const proxy = world.proxyAt(p.address);
  if (!proxy) {
    trace.push({
      stage: 'connection',
      outcome: 'failed',
      text: `nothing in this cluster owns ${p.address}: no gateway Service has that external address.`,
      source: null,
    });
    return fail(trace, transcript, {
      error: 'connection-refused',
      clientError: {
        message: CURL_CONNECT_REFUSED(p.host, p.port),
        curlExitCode: 7,
        browserError: 'ERR_CONNECTION_REFUSED',
      },
    });
  }
  const compiled = world.compiledFor(proxy);
  // The cloud load balancer forwards the Service port to the pod's targetPort.
  let targetPort = p.port;
  const lbServices = proxy.services.filter((s) => s.kind === 'Service');
  if (lbServices.length) {
    const sp = lbServices
      .flatMap((s) => s.ports.map((port) => ({ s, port })))
      .find((x) => x.port.port === p.port);
    if (!sp) {
      trace.push({
        stage: 'connection',
        outcome: 'failed',
        text: `the gateway Service ${lbServices.map((s) => `${s.namespace}/${s.name}`).join(', ')} exposes ports ${lbServices.flatMap((s) => s.ports.map((x) => x.port)).join(', ')}, not ${p.port}: nothing forwards the connection.`,
        source: traceSource(world.snapshot, lbServices[0].source),
        learnMore: '/gateway/#ports-and-target-ports',
      });
      return fail(trace, transcript, {
        error: 'no-listener',
        proxy,
        clientError: {
          message: CURL_CONNECT_REFUSED(p.host, p.port),
          curlExitCode: 7,
          browserError: 'ERR_CONNECTION_REFUSED',
        },
      });
    }
    targetPort = sp.port.targetPort;
    trace.push({
      stage: 'connection',
      outcome: 'matched',
      text: `${p.address}:${p.port} is Service ${sp.s.namespace}/${sp.s.name} port ${sp.port.name || sp.port.port}, forwarded to the gateway pod's port ${targetPort}.`,
      source: traceSource(world.snapshot, sp.s.source),
      learnMore: '/gateway/#ports-and-target-ports',
    });
  }
  const listener = findListener(compiled, targetPort);
  if (!listener) {
    trace.push({
      stage: 'listener',
      outcome: 'failed',
      text: `the gateway has no listener on port ${targetPort} (listeners: ${compiled.listeners.map((l) => l.name).join(', ') || 'none'}), so the connection is refused.`,
      source: null,
      nearMisses: compiled.events
        .filter(
          (e) =>
            e.kind === 'listener-no-filter-chains' ||
            e.kind === 'server-missed-network-filter' ||
            e.kind === 'gateway-not-selected',
        )
        .map((e) => e.message),
      learnMore: '/gateway/#ports-and-target-ports',
    });
    return fail(trace, transcript, {
      error: 'no-listener',
      proxy,
      targetPort,
      clientError: {
        message:
          p.client === 'nc'
            ? `nc: connect to ${p.host} port ${p.port} (tcp) failed: Connection refused`
            : CURL_CONNECT_REFUSED(p.host, p.port),
        curlExitCode: p.client === 'nc' ? null : 7,
        browserError: 'ERR_CONNECTION_REFUSED',
      },
    });
  }
  verbose(`Connected to ${p.host} (${p.address}) port ${p.port}`);
  // The TCP connection exists from here on (the listener accepted it), whatever happens next.
  const connectionId = world.nextConnectionId();
  trace.push({
    stage: 'listener',
    outcome: 'matched',
    text: `listener ${listener.name} accepts the connection.`,
    source: null,
    learnMore: '/gateway/#ports-and-target-ports',
  });
  if (p.tls) {
    if (p.alpnOffer.length) verbose(`ALPN: curl offers ${p.alpnOffer.join(',')}`);
    verbose('TLSv1.3 (OUT), TLS handshake, Client hello (1):');
  }
  const inspect = listener.tlsInspector;
  // Envoy keeps the requested server name in lower case (connection_socket_impl.h
  // setRequestedServerName: absl::AsciiStrToLower; filter_chain_manager_impl.cc asserts it), so `https://A.Sample.COM/` matches server_names a.sample.com.
  const requestedSni = p.sni === null ? null : p.sni.toLowerCase();
  const sni = p.tls && inspect ? (requestedSni ?? '') : '';
  const sel = selectFilterChain(listener, {
    sni,
    transport: p.tls && inspect ? 'tls' : 'raw_buffer',
    alpn: p.tls && inspect ? (p.alpnOffer[0] ?? '') : '',
  });
  if (p.tls) {
    trace.push({
      stage: 'listener-filters',
      outcome: 'info',
      text: inspect
        ? `the tls_inspector reads the ClientHello: SNI ${p.sni ?? '(none — an IP address is never sent as SNI)'}${p.alpnOffer.length ? `, ALPN ${p.alpnOffer.join(',')}` : ''}. Envoy picks the filter chain from these, once, for the whole connection.`
        : 'this listener has no tls_inspector, so Envoy does not read the SNI.',
      source: null,
      learnMore: '/tls/#sni-and-filter-chains',
    });
  }
  if (!sel.ok) {
    trace.push({
      stage: 'filter-chain',
      outcome: 'failed',
      text: sel.why,
      source: null,
      nearMisses: sel.nearMisses,
      learnMore: '/tls/#sni-and-filter-chains',
    });
    const tlsMsg = `OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to ${p.host}:${p.port}`;
    return fail(trace, transcript, {
      error: sel.error,
      connectionId,
      proxy,
      targetPort,
      listener: listener.name,
      listenerLog: { flags: 'NR', details: 'filter_chain_not_found' },
      clientError: p.tls
        ? { message: tlsMsg, curlExitCode: 35, browserError: 'ERR_CONNECTION_CLOSED' }
        : p.client === 'nc'
          ? { message: '', curlExitCode: null, browserError: null }
          : { message: 'Empty reply from server', curlExitCode: 52, browserError: 'ERR_EMPTY_RESPONSE' },
    });
  }
  const chain = sel.chain;
  const server = chain.servers[0];
  trace.push({
    stage: 'filter-chain',
    outcome: 'matched',
    text: `filter chain of ${server ? `Gateway ${server.gateway}, server port ${server.portNumber} ${server.portName ? `(${server.portName})` : ''}` : 'this port'}: ${sel.why}.${chain.routeConfigName ? ` It routes with ${chain.routeConfigName}.` : ''}`,
    source: serverField(world, server),
    nearMisses: sel.nearMisses,
    learnMore: '/tls/#sni-and-filter-chains',
  });
  const base = {
    connectionId,
    proxy,
    targetPort,
    listener: listener.name,
    filterChain: chain.name,
    serverNames: chain.match.serverNames.length ? chain.match.serverNames : null,
    chain,
  };
  const conn: Connection = {
    id: connectionId,
    client: p.client,
    openedFor: p.host,
    peerIp: p.address,
    port: p.port,
    targetPort,
    proxy,
    compiled,
    listener,
    chain,
    tls: p.tls,
    sni: p.tls ? requestedSni : null,
    alpn: null,
    serverChain: [],
    certificateErrors: false,
    clientCertSent: false,
    passthrough: false,
    tlsVersion: null,
  };

  if (!p.tls) {
    if (chain.tls) {
      trace.push({
        stage: 'tls',
        outcome: 'failed',
        text: 'this chain terminates TLS, but the client sent plaintext: the handshake fails on the first bytes and Envoy closes the connection.',
        source: null,
      });
      return fail(trace, transcript, {
        ...base,
        error: 'tls-error',
        clientError: {
          message: 'Empty reply from server',
          curlExitCode: 52,
          browserError: 'ERR_EMPTY_RESPONSE',
        },
      });
    }
    conn.alpn = chain.kind === 'http' ? 'http/1.1' : null;
    return { ok: true, conn, trace, transcript };
  }

  // --- TLS from here on.
  if (!chain.tls) {
    if (chain.kind === 'http') {
      trace.push({
        stage: 'tls',
        outcome: 'failed',
        text: 'the client starts TLS, but this chain is plaintext HTTP: Envoy reads the ClientHello as a malformed HTTP request (400, DPE) and the client reports "wrong version number".',
        source: null,
      });
      return fail(trace, transcript, {
        ...base,
        error: 'protocol-error',
        clientError: {
          message: 'OpenSSL/3.0.13: error:0A00010B:SSL routines::wrong version number',
          curlExitCode: 35,
          browserError: 'ERR_SSL_PROTOCOL_ERROR',
        },
      });
    }
    // PASSTHROUGH: the gateway forwards the encrypted bytes; the backend completes the handshake.
    conn.passthrough = true;
    const target = chain.tcpProxy?.destination ?? chain.tcpProxy?.weightedClusters?.[0] ?? null;
    const backend = chain.tcpProxy
      ? backendOfCluster(chain.tcpProxy.cluster || chain.tcpProxy.weightedClusters?.[0]?.cluster || '')
      : null;
    const backendKey = backend?.service ?? '';
    const given =
      world.backends[backendKey]?.certificate ??
      (target ? world.backends[target.host]?.certificate : undefined);
    // The backend must be reachable for its handshake to happen at all: with no cluster (NC) or no
    // healthy endpoint (UH), tcp_proxy closes the connection and the client sees the handshake die.
    const clusterName = chain.tcpProxy?.cluster || chain.tcpProxy?.weightedClusters?.[0]?.cluster || '';
    const up = upstream(compiled, world.snapshot, clusterName);
    if (up.flags !== '-') {
      trace.push(up.step);
      return fail(trace, transcript, {
        ...base,
        error: null,
        upstream: { cluster: clusterName, flags: up.flags, details: up.details },
        clientError: {
          message: `OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to ${p.host}:${p.port}`,
          curlExitCode: 35,
          browserError: 'ERR_CONNECTION_CLOSED',
        },
      });
    }
    if (given) {
      conn.serverChain = bundleOf(world.certs, given).certificates.map((c) => c.fingerprint);
      trace.push({
        stage: 'tls',
        outcome: 'info',
        text: `TLS passthrough: the handshake is with the backend ${backendKey}, which presents its own certificate.`,
        source: traceSource(world.snapshot, chain.tcpProxy?.source),
      });
    } else {
      trace.push({
        stage: 'tls',
        outcome: 'info',
        text: `TLS passthrough: the handshake is with the backend ${backendKey || 'service'}. Its certificate is not given in this scenario, so it is assumed valid for ${p.sni ?? p.host} and issued by a CA the client trusts.`,
        source: traceSource(world.snapshot, chain.tcpProxy?.source),
      });
    }
    conn.alpn = p.alpnOffer.includes('h2') ? 'h2' : p.alpnOffer.length ? p.alpnOffer[0] : 'http/1.1';
  } else {
    const tls = chain.tls;
    if (tls.mode === 'ISTIO_MUTUAL') {
      trace.push({
        stage: 'tls',
        outcome: 'failed',
        text: 'this chain is ISTIO_MUTUAL: it only accepts clients holding a mesh (Istio CA) certificate, which a client outside the mesh does not have.',
        source: null,
      });
      return fail(trace, transcript, {
        ...base,
        error: 'mtls-error',
        clientError: {
          message:
            'OpenSSL SSL_read: error:0A00045C:SSL routines::tlsv13 alert certificate required, errno 0',
          curlExitCode: 56,
          browserError: 'ERR_BAD_SSL_CLIENT_AUTH_CERT',
        },
      });
    }
    const secret = tls.credentialName
      ? resolveCredential(world.snapshot, proxy, tls.credentialName, false)
      : null;
    const secretObj = secret?.secret
      ? world.snapshot.secrets.find((s) => `${s.meta.namespace}/${s.meta.name}` === secret.secret)
      : undefined;
    const certText = secretObj ? (secretObj.data['tls.crt'] ?? secretObj.data['cert']) : undefined;
    const certs = bundleOf(world.certs, certText).certificates;
    if (tls.files) {
      trace.push({
        stage: 'tls',
        outcome: 'info',
        text: 'this server uses file-mounted certificates (serverCertificate/privateKey); Gateway Lab cannot read pod files, so the certificate is assumed valid and trusted.',
        source: null,
      });
    } else {
      const unusable = chainWithoutCertificate(world, secret, secretObj, certs);
      if (unusable) {
        trace.push({
          stage: 'tls',
          outcome: 'failed',
          text: unusable,
          source: serverField(world, server, 'tls', 'credentialName'),
          learnMore: '/tls/#credentialname-and-secrets',
        });
        return fail(trace, transcript, {
          ...base,
          error: 'secret-missing',
          clientError: resetByPeer(p),
        });
      }
      conn.serverChain = certs.map((c) => c.fingerprint);
    }
    if ((tls.mode === 'MUTUAL' || tls.mode === 'OPTIONAL_MUTUAL') && !tls.files) {
      const caRes = resolveCredential(world.snapshot, proxy, tls.credentialName, true);
      if (caRes.status !== 'ACTIVE') {
        // istiod's SDS answers nothing for the `-cacert` resource (pilot/pkg/xds/sds.go generate), so
        // the chain never gets its validation context: after the 15 s initial fetch timeout its
        // handshakes are reset, whether or not the client has a certificate.
        trace.push({
          stage: 'tls',
          outcome: 'failed',
          text: `this ${tls.mode} chain has no CA to check client certificates: ${caRes.problem}. Envoy's ${caRes.name} secret stays WARMING, so connections that pick this chain are reset.`,
          source: serverField(world, server, 'tls', 'credentialName'),
          learnMore: '/mtls/#reading-the-errors',
        });
        return fail(trace, transcript, {
          ...base,
          error: 'secret-missing',
          clientError: resetByPeer(p),
        });
      }
    }
    // TLS version: the highest both sides allow. The gateway's range is the server's
    // minProtocolVersion/maxProtocolVersion (default TLS 1.2–1.3); without overlap the server answers
    // the ClientHello with a protocol_version alert (facts §4.3: curl 35).
    const order = ['1.0', '1.1', '1.2', '1.3'];
    const serverMin = istioTlsVersion(tls.minProtocolVersion) ?? '1.2';
    const serverMax = istioTlsVersion(tls.maxProtocolVersion) ?? '1.3';
    const clientMin = p.tlsVersions?.min ?? '1.2';
    const clientMax = p.tlsVersions?.max ?? '1.3';
    const high = order[Math.min(order.indexOf(clientMax), order.indexOf(serverMax))];
    const low = order[Math.max(order.indexOf(clientMin), order.indexOf(serverMin))];
    if (order.indexOf(high) < order.indexOf(low)) {
      trace.push({
        stage: 'tls',
        outcome: 'failed',
        text: `no TLS version in common: the client offers TLS ${clientMin}–${clientMax}, the server allows TLS ${serverMin}–${serverMax} (minProtocolVersion/maxProtocolVersion); the gateway answers with a protocol_version alert.`,
        source: serverField(world, server, 'tls'),
        learnMore: '/tls/#reading-curl--v',
      });
      return fail(trace, transcript, {
        ...base,
        error: 'tls-error',
        clientError: {
          message: 'OpenSSL SSL_connect: error:0A00042E:SSL routines::tlsv1 alert protocol version',
          curlExitCode: 35,
          browserError: 'ERR_SSL_VERSION_OR_CIPHER_MISMATCH',
        },
      });
    }
    conn.tlsVersion = high;
    const serverAlpn = tls.alpn;
    conn.alpn =
      serverAlpn.find((a) => p.alpnOffer.includes(a)) ?? (chain.kind === 'http' ? 'http/1.1' : null);
    const tv = `TLSv${high}`;
    verbose(`${tv} (IN), TLS handshake, Server hello (2):`);
    if (high === '1.3') verbose(`${tv} (IN), TLS handshake, Encrypted Extensions (8):`);
    verbose(`${tv} (IN), TLS handshake, Certificate (11):`);
    if (tls.requireClientCertificate || tls.mode === 'OPTIONAL_MUTUAL')
      verbose(`${tv} (IN), TLS handshake, Request CERT (13):`);
    if (high === '1.3') verbose(`${tv} (IN), TLS handshake, CERT verify (15):`);
    verbose(`${tv} (IN), TLS handshake, Finished (20):`);
    trace.push({
      stage: 'tls',
      outcome: 'matched',
      text: `the gateway terminates TLS (${tls.mode}) with ${tls.sdsSecret || 'its certificate'}${secret?.secret ? ` from Secret ${secret.secret}` : ''}${conn.alpn ? `; ALPN negotiated: ${conn.alpn}` : ''}.`,
      source: serverField(world, server, 'tls'),
      learnMore: '/tls/#credentialname-and-secrets',
    });
  }

  // The client checks the server's certificate (curl: OpenSSL; browsers: Chromium's verifier).
  if (conn.serverChain.length) {
    const leaf = describeCert(world, conn.serverChain[0]);
    if (leaf) {
      verbose(
        conn.tlsVersion === '1.2'
          ? 'SSL connection using TLSv1.2 / ECDHE-ECDSA-AES128-GCM-SHA256 / X25519'
          : `SSL connection using TLSv1.3 / TLS_AES_256_GCM_SHA384 / X25519`,
      );
      if (conn.alpn) verbose(`ALPN: server accepted ${conn.alpn}`);
      verbose('Server certificate:');
      verbose(` subject: ${leaf.subject}`);
      verbose(` start date: ${leaf.notBefore}`);
      verbose(` expire date: ${leaf.notAfter}`);
      verbose(` issuer: ${leaf.issuer}`);
    }
    const checkHost = p.host.replace(/^\[|\]$/g, '');
    const v: PeerVerification = verifyServerCertificate(
      world.certs.index,
      conn.serverChain,
      p.anchors,
      checkHost,
      world.now,
      {
        errorOrder: p.client === 'browser' ? 'chromium' : 'openssl',
        allowCommonName: p.client !== 'browser',
      },
    );
    if (!v.ok) {
      conn.certificateErrors = true;
      if (!p.insecure) {
        const error: SimError =
          v.reason === 'name-mismatch'
            ? 'certificate-name-mismatch'
            : v.reason === 'expired' || v.reason === 'not-yet-valid'
              ? 'certificate-expired'
              : 'certificate-untrusted';
        trace.push({
          stage: 'tls',
          outcome: 'failed',
          text: `the client rejects the server certificate: ${v.detail}`,
          source: null,
          learnMore: '/tls/#reading-curl--v',
        });
        verbose(curlMessageFor(v, checkHost));
        return fail(trace, transcript, {
          ...base,
          error,
          upstreamCluster: conn.passthrough
            ? chain.tcpProxy?.cluster || chain.tcpProxy?.weightedClusters?.[0]?.cluster || null
            : null,
          clientError: {
            message: curlMessageFor(v, checkHost),
            curlExitCode: 60,
            browserError: browserErrorFor(v),
          },
        });
      }
      trace.push({
        stage: 'tls',
        outcome: 'info',
        text: `the certificate would fail verification (${v.detail}), but curl -k skips the check.`,
        source: null,
      });
      verbose(' SSL certificate verify result: (ignored because of -k)');
    } else {
      const sanHit = world.certs.index.certificates[conn.serverChain[0]]?.dnsNames.find(
        (d) =>
          d.toLowerCase() === checkHost.toLowerCase() ||
          (d.startsWith('*.') && checkHost.toLowerCase().endsWith(d.slice(1).toLowerCase())),
      );
      if (sanHit) verbose(` subjectAltName: host "${checkHost}" matched cert's "${sanHit}"`);
      verbose(' SSL certificate verify ok.');
      trace.push({
        stage: 'tls',
        outcome: 'matched',
        text: `the client verifies the server certificate for ${checkHost}: trusted issuer, valid dates, name covered by its SANs.`,
        source: null,
      });
    }
  }

  // Client certificate (MUTUAL / OPTIONAL_MUTUAL): Envoy validates it against the CA bundle.
  const tls = chain.tls;
  if (tls && (tls.mode === 'MUTUAL' || tls.mode === 'OPTIONAL_MUTUAL')) {
    const required = tls.mode === 'MUTUAL';
    const tls13 = conn.tlsVersion !== '1.2';
    if (!p.clientCert) {
      if (required) {
        // BoringSSL (Envoy) rejects a missing certificate with alert certificate_required (116) in
        // TLS 1.3 and handshake_failure (40) in TLS 1.2 (SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE).
        trace.push({
          stage: 'tls',
          outcome: 'failed',
          text: tls13
            ? 'the gateway requires a client certificate (MUTUAL) and the client sent none. With TLS 1.3 the client believes the handshake is done; the server then sends alert 116 "certificate required" and closes.'
            : 'the gateway requires a client certificate (MUTUAL) and the client sent none. With TLS 1.2 the server ends the handshake with alert 40 "handshake failure".',
          source: null,
          learnMore: '/mtls/#reading-the-errors',
        });
        verbose(
          tls13
            ? 'TLSv1.3 (IN), TLS alert, unknown (628):'
            : 'TLSv1.2 (IN), TLS alert, handshake failure (552):',
        );
        return fail(trace, transcript, {
          ...base,
          error: 'client-certificate-required',
          clientError: {
            ...serverAlert(
              tls13,
              tls13
                ? 'error:0A00045C:SSL routines::tlsv13 alert certificate required'
                : 'error:0A000410:SSL routines::sslv3 alert handshake failure',
            ),
            browserError: 'ERR_BAD_SSL_CLIENT_AUTH_CERT',
          },
        });
      }
    } else {
      const cb = bundleOf(world.certs, p.clientCert.cert);
      const kb = bundleOf(world.certs, p.clientCert.key);
      if (!cb.certificates.length) {
        return fail(trace, transcript, {
          ...base,
          error: 'invalid-request',
          clientError: {
            message: `could not load PEM client certificate from ${p.clientCert.certName ?? 'the client certificate'}, OpenSSL error error:0480006C:PEM routines::no start line, (no key found, wrong pass phrase, or wrong file format?)`,
            curlExitCode: 58,
            browserError: null,
          },
        });
      }
      const key = kb.privateKey ?? cb.privateKey;
      if (!key || keyMatchesCertificate(key, cb.certificates[0]) === false) {
        return fail(trace, transcript, {
          ...base,
          error: 'invalid-request',
          clientError: {
            message: `unable to set private key file: '${p.clientCert.keyName ?? 'client.key'}' type PEM`,
            curlExitCode: 58,
            browserError: null,
          },
        });
      }
      conn.clientCertSent = true;
      const caRes = resolveCredential(world.snapshot, proxy, tls.credentialName, true);
      const caSecret = caRes.secret
        ? world.snapshot.secrets.find((s) => `${s.meta.namespace}/${s.meta.name}` === caRes.secret)
        : undefined;
      const caText = caSecret ? (caSecret.data['cacert'] ?? caSecret.data['ca.crt']) : undefined;
      const caFps = bundleOf(world.certs, caText).certificates.map((c) => c.fingerprint);
      const v = verifyClientCertificate(
        world.certs.index,
        cb.certificates.map((c) => c.fingerprint),
        caFps,
        world.now,
      );
      if (!v.ok) {
        trace.push({
          stage: 'tls',
          outcome: 'failed',
          text: `the gateway rejects the client certificate: ${v.detail}${caFps.length ? '' : ' (no CA bundle: ca.crt is missing)'}.`,
          source: null,
          learnMore: '/mtls/#reading-the-errors',
        });
        return fail(trace, transcript, {
          ...base,
          error: 'client-certificate-rejected',
          clientError: {
            ...serverAlert(
              tls13,
              `error:0A000418:SSL routines::${v.tlsAlert?.opensslText ?? 'tlsv1 alert unknown ca'}`,
            ),
            browserError: 'ERR_BAD_SSL_CLIENT_AUTH_CERT',
          },
        });
      }
      // tls.subjectAltNames: Istio puts them in the validation context as exact matchers
      // (ConstructValidationContext: MatchSubjectAltNames = StringToExactMatch); Envoy's
      // DefaultCertValidator then wants one SAN of the client certificate (DNS, URI, IP) to equal
      // one of them ("verify cert failed: SAN matcher") and fails the handshake with its default
      // alert, certificate_unknown (46), which OpenSSL prints as "sslv3 alert certificate unknown".
      if (tls.subjectAltNames.length) {
        const leaf = cb.certificates[0];
        const sans = [...leaf.dnsNames, ...leaf.uris, ...leaf.ipAddresses];
        if (!sans.some((n) => tls.subjectAltNames.includes(n))) {
          trace.push({
            stage: 'tls',
            outcome: 'failed',
            text: `the client certificate chains to the CA, but none of its SANs (${sans.join(', ') || 'none'}) is in the server's subjectAltNames (${tls.subjectAltNames.join(', ')}): Envoy rejects it ("verify cert failed: SAN matcher").`,
            source: serverField(world, server, 'tls', 'subjectAltNames'),
            learnMore: '/mtls/#reading-the-errors',
          });
          return fail(trace, transcript, {
            ...base,
            error: 'client-certificate-rejected',
            clientError: {
              ...serverAlert(tls13, 'error:0A000416:SSL routines::sslv3 alert certificate unknown'),
              browserError: 'ERR_BAD_SSL_CLIENT_AUTH_CERT',
            },
          });
        }
      }
      trace.push({
        stage: 'tls',
        outcome: 'matched',
        text: 'the client sends its certificate; the gateway verifies it against the CA in the credential (ca.crt).',
        source: null,
      });
    }
  }
  return { ok: true, conn, trace, transcript };
}

/**
 * Connect to the first address that accepts: curl, nc, openssl and browsers try a name's addresses in
 * turn when a connection is refused (curl's connect.c walks the address list; Chromium falls back to
 * the next endpoint). A failure after the connection was accepted (TLS, filter chain) is final.
 */
export function connectFirst(
  world: World,
  p: Omit<ConnectParams, 'address'>,
  addresses: string[],
): ConnectResult & { address: string } {
  const earlier: TraceStep[] = [];
  const earlierTranscript: string[] = [];
  let last: (ConnectResult & { address: string }) | null = null;
  for (const address of addresses) {
    const res = connect(world, { ...p, address });
    const refused =
      !res.ok && (res.failure.error === 'connection-refused' || res.failure.error === 'no-listener');
    if (!refused || address === addresses[addresses.length - 1]) {
      res.trace.unshift(...earlier);
      res.transcript.unshift(...earlierTranscript);
      return { ...res, address };
    }
    earlier.push({
      stage: 'connection',
      outcome: 'info',
      text: `${address}:${p.port} refused the connection, so the client tries the next address.`,
      source: null,
    });
    earlierTranscript.push(
      ...res.transcript,
      `* connect to ${address} port ${p.port} failed: Connection refused`,
    );
    last = { ...res, address };
  }
  return last ?? { ...connect(world, { ...p, address: addresses[0] ?? '' }), address: addresses[0] ?? '' };
}
