// Certificate decisions for the simulator: which certificate signed which (computed once, async, with
// real signature checks), then synchronous verdicts over that index: the server certificate as curl
// (OpenSSL) or a browser (Chromium) judges it, and a client certificate as Envoy (BoringSSL) judges it
// for a MUTUAL gateway.

import { loadCertificateCodec } from './asn1-loader.ts';
import { nameKey } from './names.ts';
import type { SignedCertificate } from './signature.ts';
import { certificateDer, type ParsedCertificate, type ParsedPrivateKey } from './x509.ts';

export interface CertificateIndex {
  certificates: Record<string, ParsedCertificate>;
  /** fingerprint -> fingerprints of the certificates whose key verifies its signature. */
  signedBy: Record<string, string[]>;
}

/** child|issuer -> verified. Signature checks cost a few milliseconds; the workbench rebuilds often. */
const signatureCache = new Map<string, boolean>();
const SIGNATURE_CACHE_LIMIT = 4096;

/**
 * Indexes certificates and records who signed whom. Every (child, candidate issuer) pair whose issuer
 * name equals the candidate's subject name (RFC 5280 §7.1 comparison: case and whitespace folded) is
 * checked with a real signature verification (signature.ts, Web Crypto), a certificate against itself
 * included (self-signed). An algorithm the platform lacks (SHA-224, Ed448, explicit EC curves) or a
 * key of the wrong type counts as "not signed by".
 */
export async function buildCertificateIndex(certs: ParsedCertificate[]): Promise<CertificateIndex> {
  const codec = certs.length ? await loadCertificateCodec() : null;
  const index: CertificateIndex = { certificates: {}, signedBy: {} };
  const bySubject = new Map<string, ParsedCertificate[]>();
  for (const cert of certs) {
    if (index.certificates[cert.fingerprint]) continue;
    index.certificates[cert.fingerprint] = cert;
    index.signedBy[cert.fingerprint] = [];
    const key = nameKey(cert.subject);
    const list = bySubject.get(key) ?? [];
    list.push(cert);
    bySubject.set(key, list);
  }
  const decoded = new Map<string, SignedCertificate | null>();
  const signed = (c: ParsedCertificate) => {
    if (!decoded.has(c.fingerprint)) {
      try {
        decoded.set(c.fingerprint, codec?.signedCertificate(certificateDer(c)) ?? null);
      } catch {
        decoded.set(c.fingerprint, null);
      }
    }
    return decoded.get(c.fingerprint) ?? null;
  };
  const checks: Promise<void>[] = [];
  for (const child of Object.values(index.certificates)) {
    for (const issuer of bySubject.get(nameKey(child.issuer)) ?? []) {
      const cacheKey = `${child.fingerprint}|${issuer.fingerprint}`;
      const record = (ok: boolean) => {
        if (ok) index.signedBy[child.fingerprint].push(issuer.fingerprint);
      };
      const cached = signatureCache.get(cacheKey);
      if (cached !== undefined) {
        record(cached);
        continue;
      }
      const childCert = signed(child);
      const issuerCert = signed(issuer);
      if (!codec || !childCert || !issuerCert) continue;
      checks.push(
        codec.signatureVerifies(childCert, issuerCert).then((verified) => {
          if (signatureCache.size >= SIGNATURE_CACHE_LIMIT) {
            signatureCache.delete(signatureCache.keys().next().value as string);
          }
          signatureCache.set(cacheKey, verified);
          record(verified);
        }),
      );
    }
  }
  await Promise.all(checks);
  // Keep a stable order (input order of the issuers) whatever order the checks finished in.
  const order = Object.keys(index.certificates);
  for (const fp of order) index.signedBy[fp].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  return index;
}

// ---------------------------------------------------------------------------------------------------
// Host names (RFC 6125 §6.4)

function parseIPv4(host: string): number[] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return null;
  const bytes = m.slice(1).map(Number);
  return bytes.every((b) => b <= 255) ? bytes : null;
}

function parseIPv6(host: string): number[] | null {
  let text = host;
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  if (!text.includes(':') || !/^[0-9a-f:.]+$/i.test(text)) return null;
  let tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    const v4 = parseIPv4(text.slice(lastColon + 1));
    if (!v4) return null;
    tail = v4;
    text = text.slice(0, lastColon + 1) + '0:0';
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const left = groups(halves[0]);
  const right = halves.length === 2 ? groups(halves[1]) : [];
  const missing = 8 - left.length - right.length;
  if (halves.length === 1 ? left.length !== 8 : missing < 1) return null;
  const all = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...right];
  const bytes: number[] = [];
  for (const g of all) {
    if (!/^[0-9a-f]{1,4}$/i.test(g)) return null;
    const v = parseInt(g, 16);
    bytes.push(v >> 8, v & 0xff);
  }
  if (tail.length) bytes.splice(12, 4, ...tail);
  return bytes;
}

/** The address bytes of an IP literal host ("203.0.113.10", "2001:db8::1", "[::1]"), else null. */
export function ipLiteralBytes(host: string): number[] | null {
  return parseIPv4(host) ?? parseIPv6(host);
}

function normalizeDnsName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/**
 * One presented DNS identifier against a host. A wildcard is honoured only as the entire left-most
 * label and only when at least two labels follow it ("*.sample.com", not "*.com"): the rule of
 * curl's Curl_cert_hostcheck and of Chromium. It matches exactly one label.
 */
function dnsIdentifierMatches(pattern: string, host: string): boolean {
  const p = normalizeDnsName(pattern);
  const h = normalizeDnsName(host);
  if (p === '' || h === '') return false;
  if (p.startsWith('*.')) {
    const rest = p.slice(2);
    if (rest.includes('*') || rest.split('.').length < 2 || rest.split('.').some((l) => l === ''))
      return false;
    const dot = h.indexOf('.');
    return dot > 0 && h.slice(dot + 1) === rest;
  }
  return p === h;
}

export interface HostnameOptions {
  /**
   * Fall back to the subject CN when the certificate has no dNSName and no iPAddress SAN at all, as
   * OpenSSL-based clients (curl) do. Browsers never use the CN.
   */
  allowCommonName?: boolean;
}

/**
 * Does `cert` cover `host`? DNS hosts match dNSName SANs (case-insensitive, trailing dot ignored,
 * wildcard per RFC 6125 §6.4.3); an IP literal matches only iPAddress SANs. With `allowCommonName`
 * the CN is used only when the certificate has no dNSName/iPAddress SAN (curl's rule; for an IP host
 * the CN must then equal the address text).
 */
export function hostnameMatches(cert: ParsedCertificate, host: string, opts: HostnameOptions = {}): boolean {
  const ip = ipLiteralBytes(host);
  if (ip) {
    const hit = cert.ipAddresses.some((a) => {
      const b = ipLiteralBytes(a);
      return b !== null && b.length === ip.length && b.every((x, i) => x === ip[i]);
    });
    if (hit) return true;
  } else if (cert.dnsNames.some((p) => dnsIdentifierMatches(p, host))) {
    return true;
  }
  if (
    opts.allowCommonName &&
    cert.dnsNames.length === 0 &&
    cert.ipAddresses.length === 0 &&
    cert.commonName
  ) {
    if (ip)
      return (
        cert.commonName.replace(/^\[|\]$/g, '').toLowerCase() === host.replace(/^\[|\]$/g, '').toLowerCase()
      );
    return dnsIdentifierMatches(cert.commonName, host);
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------
// Peer verification

export type PeerFailureReason =
  | 'untrusted'
  | 'self-signed'
  | 'name-mismatch'
  | 'expired'
  | 'not-yet-valid'
  | 'no-certificate'
  /** The leaf's extendedKeyUsage does not allow this use (serverAuth / clientAuth). */
  | 'wrong-purpose';

export interface TlsAlert {
  code: number;
  /** RFC 8446 name: "unknown_ca". */
  name: string;
  /** How an OpenSSL peer (curl) prints the alert it received: "tlsv1 alert unknown ca". */
  opensslText: string;
}

export interface PeerVerificationFailure {
  ok: false;
  reason: PeerFailureReason;
  /** One sentence for a trace. */
  detail: string;
  /** The X.509 verify error text OpenSSL/BoringSSL give (curl prints it); null for host-name checks. */
  verifyError: string | null;
  /** Fingerprint of the certificate the failure is about (null when none was presented). */
  certificate: string | null;
  /** The chain as far as it could be built, leaf first. */
  chain: string[];
  /** Every problem found, the reported one first. */
  problems: PeerFailureReason[];
  /** For name-mismatch: how the name was checked (curl words its message by it). */
  nameCheck: {
    method: 'subject-alt-name' | 'common-name' | 'no-common-name';
    commonName: string | null;
  } | null;
  /** The alert the verifying side sends when it aborts the handshake (BoringSSL's mapping). */
  tlsAlert: TlsAlert;
}

export type PeerVerification = { ok: true; chain: string[] } | PeerVerificationFailure;

export interface ServerVerifyOptions extends HostnameOptions {
  /**
   * Which problem is reported when there are several. 'openssl' (default; curl): trust, then
   * certificate purpose, then validity dates (walking from the root down), then the host name.
   * 'chromium' (net::MapCertStatusToNetError): purpose, trust, host name, dates; and, like Chromium's
   * verifier, the trust anchor's own dates are not checked.
   */
  errorOrder?: 'openssl' | 'chromium';
}

const ALERTS: Record<string, TlsAlert> = {
  unknown_ca: { code: 48, name: 'unknown_ca', opensslText: 'tlsv1 alert unknown ca' },
  certificate_expired: {
    code: 45,
    name: 'certificate_expired',
    opensslText: 'sslv3 alert certificate expired',
  },
  unsupported_certificate: {
    code: 43,
    name: 'unsupported_certificate',
    opensslText: 'sslv3 alert unsupported certificate',
  },
  bad_certificate: { code: 42, name: 'bad_certificate', opensslText: 'sslv3 alert bad certificate' },
  certificate_required: {
    code: 116,
    name: 'certificate_required',
    opensslText: 'tlsv13 alert certificate required',
  },
};

/** BoringSSL SSL_alert_from_verify_result (ssl/ssl_x509.cc). */
function alertFor(reason: PeerFailureReason): TlsAlert {
  switch (reason) {
    case 'untrusted':
    case 'self-signed':
      return ALERTS.unknown_ca;
    case 'expired':
    case 'not-yet-valid':
      return ALERTS.certificate_expired;
    case 'wrong-purpose':
      return ALERTS.unsupported_certificate;
    case 'no-certificate':
      return ALERTS.certificate_required;
    case 'name-mismatch':
      return ALERTS.bad_certificate;
  }
}

type Purpose = 'serverAuth' | 'clientAuth';

/**
 * OpenSSL X509_check_ca: may this certificate issue others? basicConstraints cA; without
 * basicConstraints, a v1 self-issued root or a keyUsage with keyCertSign still counts.
 */
function canIssue(cert: ParsedCertificate): boolean {
  if (cert.keyUsage && !cert.keyUsage.includes('keyCertSign')) return false;
  if (cert.basicConstraints) return cert.basicConstraints.cA;
  if (cert.version === 1 && nameKey(cert.subject) === nameKey(cert.issuer)) return true;
  return cert.keyUsage !== null;
}

/** OpenSSL's xku_reject: an extendedKeyUsage, when present, must list the purpose. */
function purposeAllowed(cert: ParsedCertificate, purpose: Purpose): boolean {
  return cert.extendedKeyUsage === null || cert.extendedKeyUsage.includes(purpose);
}

interface ChainSearch {
  chain: string[] | null;
  /** The longest chain built from presented certificates when no anchor was reached. */
  partial: string[];
}

/**
 * Builds leaf -> ... -> trust anchor through `signedBy`, using presented and trusted certificates
 * only (no AIA fetching). Any trusted certificate ends the chain, the leaf included: curl (since
 * 7.68) and Envoy both set X509_V_FLAG_PARTIAL_CHAIN. Trusted issuers are tried first, as OpenSSL's
 * "trusted first" chain building does.
 */
function findChain(index: CertificateIndex, presented: string[], anchors: Set<string>): ChainSearch {
  const leaf = presented[0];
  const available = new Set([...presented, ...anchors]);
  let best: string[] | null = null;
  const walk = (path: string[]): boolean => {
    const top = path[path.length - 1];
    if (anchors.has(top)) {
      best = path;
      return true;
    }
    if (path.length > 10) return false;
    const issuers = (index.signedBy[top] ?? []).filter((fp) => available.has(fp) && !path.includes(fp));
    issuers.sort((a, b) => Number(anchors.has(b)) - Number(anchors.has(a)));
    for (const fp of issuers) if (walk([...path, fp])) return true;
    return false;
  };
  walk([leaf]);
  if (best) return { chain: best, partial: best };
  // No anchor reachable: follow presented issuers as far as they go, as OpenSSL's build_chain does.
  const partial = [leaf];
  for (;;) {
    const top = partial[partial.length - 1];
    const next = (index.signedBy[top] ?? []).find((fp) => presented.includes(fp) && !partial.includes(fp));
    if (!next) break;
    partial.push(next);
  }
  return { chain: null, partial };
}

function isSelfSigned(index: CertificateIndex, fp: string): boolean {
  return (index.signedBy[fp] ?? []).includes(fp);
}

interface Problem {
  reason: PeerFailureReason;
  detail: string;
  verifyError: string | null;
  certificate: string | null;
  nameCheck?: PeerVerificationFailure['nameCheck'];
}

function describe(index: CertificateIndex, fp: string): string {
  const c = index.certificates[fp];
  return c ? `"${c.subject || c.fingerprint.slice(0, 16)}"` : fp.slice(0, 16);
}

function trustProblem(index: CertificateIndex, search: ChainSearch, anchorsEmpty: boolean): Problem {
  const partial = search.partial;
  const top = partial[partial.length - 1];
  if (isSelfSigned(index, top)) {
    if (partial.length === 1) {
      return {
        reason: 'self-signed',
        detail: `the certificate ${describe(index, top)} is self-signed and not trusted`,
        verifyError: 'self-signed certificate',
        certificate: top,
      };
    }
    return {
      reason: 'untrusted',
      detail: `the chain ends in the self-signed root ${describe(index, top)}, which is not trusted`,
      verifyError: 'self-signed certificate in certificate chain',
      certificate: top,
    };
  }
  const issuer = index.certificates[top]?.issuer;
  return {
    reason: 'untrusted',
    detail: anchorsEmpty
      ? `nothing is trusted, so the issuer "${issuer}" of ${describe(index, top)} is unknown`
      : `the issuer "${issuer}" of ${describe(index, top)} is neither trusted nor in the presented chain`,
    verifyError: 'unable to get local issuer certificate',
    certificate: top,
  };
}

function chainProblems(
  index: CertificateIndex,
  chain: string[],
  anchors: Set<string>,
  purpose: Purpose,
  now: Date,
  skipAnchorDates: boolean,
): { purpose: Problem[]; dates: Problem[] } {
  const purposeProblems: Problem[] = [];
  // check_chain_extensions: every certificate above the leaf must be able to issue; the purpose
  // (extendedKeyUsage) is checked on the leaf and, when they carry one, on the CAs too.
  for (let i = 0; i < chain.length; i++) {
    const cert = index.certificates[chain[i]];
    if (i > 0 && !canIssue(cert)) {
      purposeProblems.push({
        reason: 'untrusted',
        detail: `${describe(index, chain[i])} signed ${describe(index, chain[i - 1])} but is not a CA certificate`,
        verifyError: 'invalid CA certificate',
        certificate: chain[i],
      });
    }
    if (!purposeAllowed(cert, purpose)) {
      purposeProblems.push({
        reason: 'wrong-purpose',
        detail: `${describe(index, chain[i])} has extendedKeyUsage ${cert.extendedKeyUsage?.join(', ')}, without ${purpose}`,
        verifyError: 'unsupported certificate purpose',
        certificate: chain[i],
      });
    }
  }
  // internal_verify: dates from the top of the chain down to the leaf.
  const dateProblems: Problem[] = [];
  for (let i = chain.length - 1; i >= 0; i--) {
    if (skipAnchorDates && anchors.has(chain[i]) && i > 0) continue;
    const cert = index.certificates[chain[i]];
    if (now.getTime() < Date.parse(cert.notBefore)) {
      dateProblems.push({
        reason: 'not-yet-valid',
        detail: `${describe(index, chain[i])} is not valid before ${cert.notBefore}`,
        verifyError: 'certificate is not yet valid',
        certificate: chain[i],
      });
    } else if (now.getTime() > Date.parse(cert.notAfter)) {
      dateProblems.push({
        reason: 'expired',
        detail: `${describe(index, chain[i])} expired at ${cert.notAfter}`,
        verifyError: 'certificate has expired',
        certificate: chain[i],
      });
    }
  }
  return { purpose: purposeProblems, dates: dateProblems };
}

function nameProblem(
  index: CertificateIndex,
  leaf: string,
  host: string,
  opts: HostnameOptions,
): Problem | null {
  const cert = index.certificates[leaf];
  if (hostnameMatches(cert, host, opts)) return null;
  const hasSans = cert.dnsNames.length > 0 || cert.ipAddresses.length > 0;
  const names = [...cert.dnsNames, ...cert.ipAddresses];
  let method: 'subject-alt-name' | 'common-name' | 'no-common-name' = 'subject-alt-name';
  if (!hasSans && opts.allowCommonName) method = cert.commonName ? 'common-name' : 'no-common-name';
  const detail = hasSans
    ? `the certificate's names (${names.join(', ')}) do not cover "${host}"`
    : opts.allowCommonName
      ? cert.commonName
        ? `the certificate has no subjectAltName and its CN "${cert.commonName}" does not match "${host}"`
        : `the certificate has neither a subjectAltName nor a CN`
      : `the certificate has no subjectAltName (browsers ignore the CN "${cert.commonName ?? ''}")`;
  return {
    reason: 'name-mismatch',
    detail,
    verifyError: null,
    certificate: leaf,
    nameCheck: { method, commonName: cert.commonName },
  };
}

function failure(problems: Problem[], chain: string[]): PeerVerificationFailure {
  const first = problems[0];
  return {
    ok: false,
    reason: first.reason,
    detail: first.detail,
    verifyError: first.verifyError,
    certificate: first.certificate,
    chain,
    problems: problems.map((p) => p.reason),
    nameCheck: first.nameCheck ?? null,
    tlsAlert: alertFor(first.reason),
  };
}

function noCertificate(detail: string): PeerVerificationFailure {
  return failure([{ reason: 'no-certificate', detail, verifyError: null, certificate: null }], []);
}

function known(index: CertificateIndex, fps: string[]): string[] {
  return fps.filter((fp) => index.certificates[fp] !== undefined);
}

/**
 * Verifies the chain a server presented, as a client does. `presentedChain` is the server's
 * certificate list (leaf first, as in tls.crt), `trustAnchors` the client's trust store.
 */
export function verifyServerCertificate(
  index: CertificateIndex,
  presentedChain: string[],
  trustAnchors: string[],
  host: string,
  now: Date,
  opts: ServerVerifyOptions = {},
): PeerVerification {
  const presented = known(index, presentedChain);
  if (presented.length === 0 || presented[0] !== presentedChain[0]) {
    return noCertificate('the server presented no usable certificate');
  }
  const anchors = new Set(known(index, trustAnchors));
  const chromium = opts.errorOrder === 'chromium';
  const search = findChain(index, presented, anchors);
  const chain = search.chain ?? search.partial;
  const trust = search.chain ? null : trustProblem(index, search, anchors.size === 0);
  const { purpose, dates } = chainProblems(index, chain, anchors, 'serverAuth', now, chromium);
  const name = nameProblem(index, presented[0], host, {
    allowCommonName: chromium ? false : (opts.allowCommonName ?? false),
  });
  // Without a trusted chain OpenSSL stops at the trust error; Chromium still reports every status bit.
  const invalidCa = purpose.filter((p) => p.verifyError === 'invalid CA certificate');
  const wrongPurpose = purpose.filter((p) => p.reason === 'wrong-purpose');
  const ordered: Problem[] = chromium
    ? [...wrongPurpose, ...(trust ? [trust] : []), ...invalidCa, ...(name ? [name] : []), ...dates]
    : [...(trust ? [trust] : []), ...purpose, ...dates, ...(name ? [name] : [])];
  if (ordered.length === 0) return { ok: true, chain };
  return failure(ordered, chain);
}

/**
 * Verifies a client certificate as Envoy's DefaultCertValidator does for a MUTUAL server: BoringSSL
 * X509_verify_cert against the `ca.crt` bundle with X509_V_FLAG_PARTIAL_CHAIN and the "ssl_client"
 * purpose. No host name is involved.
 */
export function verifyClientCertificate(
  index: CertificateIndex,
  presentedChain: string[],
  caBundle: string[],
  now: Date,
): PeerVerification {
  const presented = known(index, presentedChain);
  if (presented.length === 0 || presented[0] !== presentedChain[0]) {
    return noCertificate('the client sent no certificate, and the server requires one');
  }
  const anchors = new Set(known(index, caBundle));
  const search = findChain(index, presented, anchors);
  const chain = search.chain ?? search.partial;
  const trust = search.chain ? null : trustProblem(index, search, anchors.size === 0);
  const { purpose, dates } = chainProblems(index, chain, anchors, 'clientAuth', now, false);
  const ordered = [...(trust ? [trust] : []), ...purpose, ...dates];
  if (ordered.length === 0) return { ok: true, chain };
  return failure(ordered, chain);
}

/**
 * Does the private key belong to the certificate? null when it cannot be told (the key's public half
 * could not be derived), so callers never claim a mismatch they cannot prove.
 */
export function keyMatchesCertificate(key: ParsedPrivateKey, cert: ParsedCertificate): boolean | null {
  if (!key.publicKeyFingerprint) return null;
  return key.publicKeyFingerprint === cert.publicKeyFingerprint;
}

// ---------------------------------------------------------------------------------------------------
// What clients print

/** curl's CURLE_PEER_FAILED_VERIFICATION: every certificate verdict (trust, dates, name) exits 60. */
export const CURL_EXIT_PEER_FAILED_VERIFICATION = 60;

/**
 * The line curl (OpenSSL backend) prints for a failed server verification, without the "curl: (60) "
 * prefix; empty when verification passed.
 */
export function curlMessageFor(v: PeerVerification, host: string): string {
  if (v.ok) return '';
  const target = host.replace(/^\[|\]$/g, '');
  switch (v.reason) {
    case 'no-certificate':
      return "SSL: couldn't get peer certificate";
    case 'name-mismatch':
      if (v.nameCheck?.method === 'common-name') {
        return `SSL: certificate subject name '${v.nameCheck.commonName}' does not match target host name '${target}'`;
      }
      if (v.nameCheck?.method === 'no-common-name')
        return 'SSL: unable to obtain common name from peer certificate';
      return `SSL: no alternative certificate subject name matches target host name '${target}'`;
    default:
      return `SSL certificate problem: ${v.verifyError}`;
  }
}

/** The Chromium net error a browser shows for a failed verification; empty when it passed. */
export function browserErrorFor(v: PeerVerification): string {
  if (v.ok) return '';
  switch (v.reason) {
    case 'untrusted':
    case 'self-signed':
      return 'NET::ERR_CERT_AUTHORITY_INVALID';
    case 'name-mismatch':
      return 'NET::ERR_CERT_COMMON_NAME_INVALID';
    case 'expired':
    case 'not-yet-valid':
      return 'NET::ERR_CERT_DATE_INVALID';
    case 'wrong-purpose':
      return 'NET::ERR_CERT_INVALID';
    case 'no-certificate':
      return 'ERR_SSL_PROTOCOL_ERROR';
  }
}
