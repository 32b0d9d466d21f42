// X.509 certificates and private keys from PEM text, as plain (structured-cloneable) data.
//
// The decoding itself (certificate.ts, private-key.ts, on @peculiar/asn1-x509) is loaded on the first
// PEM block through asn1-loader.ts; this module frames the PEM blocks, keeps recent results, and
// reports each broken block in words a lab author can act on.

import { loadCertificateCodec } from './asn1-loader.ts';
import { decodeBase64Strict, decodePemBase64, sha256Hex, toArrayBuffer } from './encoding.ts';
import { scanPem } from './pem.ts';
import type { ParsedPrivateKey } from './private-key.ts';

export type { ParsedPrivateKey, PrivateKeyFormat } from './private-key.ts';

export interface ParsedCertificate {
  /** SHA-256 of the DER, hex lowercase: the certificate's identity. */
  fingerprint: string;
  /**
   * Distinguished name (names.ts formatDistinguishedName, the format of @peculiar/x509's
   * Name.toString): RDNs in the certificate's encoding order (as OpenSSL and curl print them), RFC
   * 4514 escaping. "CN=a.sample.com, O=Sample" for a subject encoded CN first; "O=Sample,
   * CN=a.sample.com" for `openssl req -subj /O=Sample/CN=a.sample.com`.
   */
  subject: string;
  issuer: string;
  /** The last CN attribute of the subject (the one curl checks), or null. */
  commonName: string | null;
  /** subjectAltName dNSName entries, as written. */
  dnsNames: string[];
  /** subjectAltName iPAddress entries ("203.0.113.10", "2001:db8::1"). */
  ipAddresses: string[];
  /** subjectAltName uniformResourceIdentifier entries (Istio identities: "spiffe://..."). */
  uris: string[];
  /** ISO 8601. */
  notBefore: string;
  notAfter: string;
  /** basicConstraints cA. */
  isCA: boolean;
  /** The basicConstraints extension, or null when the certificate has none. */
  basicConstraints: { cA: boolean; pathLenConstraint: number | null } | null;
  /** keyUsage bit names ("digitalSignature", "keyCertSign", ...), or null without the extension. */
  keyUsage: string[] | null;
  /** extKeyUsage purposes ("serverAuth", "clientAuth", or the OID), or null without the extension. */
  extendedKeyUsage: string[] | null;
  /** X.509 version: 1 or 3. */
  version: number;
  /** Serial number, hex lowercase, without sign padding. */
  serialNumber: string;
  /** "sha256WithRSAEncryption", "ecdsa-with-SHA256", ... (the OID when unknown). */
  signatureAlgorithm: string;
  /** "ECDSA P-256", "RSA 2048", ... */
  publicKeyAlgorithm: string;
  /** SHA-256 of the SubjectPublicKeyInfo DER, hex: used to match keys. */
  publicKeyFingerprint: string;
  /** Normalised PEM of this one certificate. */
  pem: string;
}

export interface PemBundle {
  certificates: ParsedCertificate[];
  privateKey: ParsedPrivateKey | null;
  errors: string[];
}

const CERTIFICATE_LABELS = new Set(['CERTIFICATE', 'X509 CERTIFICATE', 'TRUSTED CERTIFICATE']);
const KEY_LABELS = new Set(['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY']);
/** Blocks that commonly sit next to keys and certificates and mean nothing here. */
const SILENT_LABELS = new Set(['EC PARAMETERS']);

function errorText(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.split('\n')[0].slice(0, 200) || 'malformed';
}

const parsedCache = new Map<string, ParsedCertificate>();
const PARSED_CACHE_LIMIT = 512;

function copyCertificate(c: ParsedCertificate): ParsedCertificate {
  return {
    ...c,
    dnsNames: [...c.dnsNames],
    ipAddresses: [...c.ipAddresses],
    uris: [...c.uris],
    basicConstraints: c.basicConstraints && { ...c.basicConstraints },
    keyUsage: c.keyUsage && [...c.keyUsage],
    extendedKeyUsage: c.extendedKeyUsage && [...c.extendedKeyUsage],
  };
}

/** Decodes one DER certificate. Throws with a short reason when it is not one. */
export async function parseCertificateDer(der: Uint8Array): Promise<ParsedCertificate> {
  const fingerprint = await sha256Hex(der);
  const cached = parsedCache.get(fingerprint);
  if (cached) return copyCertificate(cached);

  const { decodeCertificate } = await loadCertificateCodec();
  const parsed = await decodeCertificate(der, fingerprint);
  if (parsedCache.size >= PARSED_CACHE_LIMIT) parsedCache.delete(parsedCache.keys().next().value as string);
  parsedCache.set(fingerprint, parsed);
  return copyCertificate(parsed);
}

/** The DER of a parsed certificate, from its PEM. Throws when the PEM is not valid base64. */
export function certificateDer(parsed: ParsedCertificate): ArrayBuffer {
  const der = decodePemBase64(parsed.pem.replace(/-----(BEGIN|END) [A-Z0-9 ]*-----/g, ''));
  if (!der.ok) throw new Error(der.error);
  return toArrayBuffer(der.bytes);
}

/** True when text without PEM markers is base64 of PEM text (a Secret `data:` value put in `stringData:`). */
function looksLikeBase64OfPem(text: string): boolean {
  const compact = text.replace(/\s+/g, '');
  if (compact.length < 16 || !/^[A-Za-z0-9+/]+=*$/.test(compact)) return false;
  const decoded = decodeBase64Strict(compact);
  if (!decoded.ok) return false;
  return new TextDecoder().decode(decoded.bytes.subarray(0, 64)).includes('-----BEGIN ');
}

/**
 * Parses PEM text that may hold several certificates (a chain or a CA bundle) and/or a private key,
 * in any order. Never throws: problems are short messages in `errors`. The first private key is the
 * one used (as BoringSSL's PEM_read_bio_PrivateKey does); certificates keep their order, so for a
 * `tls.crt` the first is the leaf.
 */
export async function parsePemBundle(text: string): Promise<PemBundle> {
  const bundle: PemBundle = { certificates: [], privateKey: null, errors: [] };
  try {
    if (typeof text !== 'string' || text.trim() === '') {
      bundle.errors.push('no PEM block found (empty)');
      return bundle;
    }
    const scan = scanPem(text);
    bundle.errors.push(...scan.errors);
    if (scan.blocks.length === 0) {
      if (text.includes('-----BEGIN ')) {
        bundle.errors.push(
          'no PEM block found: the BEGIN/END markers are not on lines of their own (line breaks lost? in YAML use a block scalar "|")',
        );
      } else if (looksLikeBase64OfPem(text)) {
        bundle.errors.push(
          'no PEM block found: the text is base64-encoded PEM (base64 values belong under data:, not stringData:)',
        );
      } else {
        bundle.errors.push('no PEM block found');
      }
      return bundle;
    }
    for (const block of scan.blocks) {
      if (!block.der) continue; // framing error already reported
      const n = block.index;
      if (CERTIFICATE_LABELS.has(block.label)) {
        try {
          bundle.certificates.push(await parseCertificateDer(block.der));
        } catch (e) {
          bundle.errors.push(`PEM block ${n} is not a valid X.509 certificate: ${errorText(e)}`);
        }
      } else if (KEY_LABELS.has(block.label)) {
        if (/ENCRYPTED/i.test(block.headers['Proc-Type'] ?? '')) {
          bundle.errors.push('private key is encrypted (Envoy needs an unencrypted key)');
          continue;
        }
        if (bundle.privateKey) {
          bundle.errors.push(`PEM block ${n}: a second private key is ignored (the first one is used)`);
          continue;
        }
        try {
          const { parsePrivateKeyDer } = await loadCertificateCodec();
          bundle.privateKey = await parsePrivateKeyDer(block.label, block.der);
        } catch (e) {
          bundle.errors.push(`PEM block ${n} is not a valid ${block.label}: ${errorText(e)}`);
        }
      } else if (block.label === 'ENCRYPTED PRIVATE KEY') {
        bundle.errors.push('private key is encrypted (Envoy needs an unencrypted key)');
      } else if (block.label === 'OPENSSH PRIVATE KEY') {
        bundle.errors.push(
          `PEM block ${n} is an OpenSSH private key, which TLS cannot use (convert it to PKCS#8)`,
        );
      } else if (!SILENT_LABELS.has(block.label)) {
        bundle.errors.push(`PEM block ${n} (${block.label}) is not a certificate or private key; ignored`);
      }
    }
  } catch (e) {
    bundle.errors.push(`unexpected error while reading PEM: ${errorText(e)}`);
  }
  return bundle;
}
