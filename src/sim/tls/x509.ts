// X.509 certificates and private keys from PEM text, as plain (structured-cloneable) data.
//
// Built on @peculiar/asn1-x509 and friends rather than on @peculiar/x509: the latter registers its
// algorithms through tsyringe, which throws at import time unless a global `Reflect.getMetadata`
// polyfill (reflect-metadata, core-js) has been installed first. The asn1 packages need no polyfill, so
// the simulator leaves `globalThis` untouched in both the browser worker and Node.

import { AsnConvert } from '@peculiar/asn1-schema';
import {
  BasicConstraints,
  Certificate,
  ExtendedKeyUsage,
  KeyUsage,
  SubjectAlternativeName,
  SubjectPublicKeyInfo,
  id_ce_basicConstraints,
  id_ce_extKeyUsage,
  id_ce_keyUsage,
  id_ce_subjectAltName,
} from '@peculiar/asn1-x509';
import { certificateParts } from './der.ts';
import { decodeBase64Strict, sha256Hex, toHex } from './encoding.ts';
import { EXTENDED_KEY_USAGE_NAMES, SIGNATURE_ALGORITHM_NAMES, formatName, lastCommonName } from './names.ts';
import { scanPem, toPem } from './pem.ts';
import { parsePrivateKeyDer, type ParsedPrivateKey } from './private-key.ts';
import { describePublicKey } from './public-key.ts';

export type { ParsedPrivateKey, PrivateKeyFormat } from './private-key.ts';

export interface ParsedCertificate {
  /** SHA-256 of the DER, hex lowercase: the certificate's identity. */
  fingerprint: string;
  /** RFC 4514 string, most specific RDN first: "CN=a.sample.com, O=Sample". */
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

function extension<T>(cert: Certificate, oid: string, type: new () => T): T | null {
  const ext = cert.tbsCertificate.extensions?.find((e) => e.extnID === oid);
  if (!ext) return null;
  try {
    return AsnConvert.parse(ext.extnValue, type);
  } catch {
    throw new Error(`malformed ${oid} extension`);
  }
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

/** Parses one DER certificate. Throws with a short reason when it is not one. */
export async function parseCertificateDer(der: Uint8Array): Promise<ParsedCertificate> {
  const parts = certificateParts(der);
  const fingerprint = await sha256Hex(parts.certificate);
  const cached = parsedCache.get(fingerprint);
  if (cached) return copyCertificate(cached);

  const cert = AsnConvert.parse(parts.certificate, Certificate);
  const tbs = cert.tbsCertificate;
  const spki = AsnConvert.parse(parts.subjectPublicKeyInfo, SubjectPublicKeyInfo);

  const san = extension(cert, id_ce_subjectAltName, SubjectAlternativeName);
  const dnsNames: string[] = [];
  const ipAddresses: string[] = [];
  const uris: string[] = [];
  for (const name of san ?? []) {
    if (name.dNSName !== undefined) dnsNames.push(name.dNSName);
    else if (name.iPAddress !== undefined) ipAddresses.push(name.iPAddress);
    else if (name.uniformResourceIdentifier !== undefined) uris.push(name.uniformResourceIdentifier);
  }
  const bc = extension(cert, id_ce_basicConstraints, BasicConstraints);
  const ku = extension(cert, id_ce_keyUsage, KeyUsage);
  const eku = extension(cert, id_ce_extKeyUsage, ExtendedKeyUsage);

  let serial = toHex(new Uint8Array(tbs.serialNumber)).replace(/^(00)+(?=.)/, '');
  if (serial === '') serial = '00';
  const sigOid = cert.signatureAlgorithm.algorithm;
  const parsed: ParsedCertificate = {
    fingerprint,
    subject: formatName(tbs.subject),
    issuer: formatName(tbs.issuer),
    commonName: lastCommonName(tbs.subject),
    dnsNames,
    ipAddresses,
    uris,
    notBefore: tbs.validity.notBefore.getTime().toISOString(),
    notAfter: tbs.validity.notAfter.getTime().toISOString(),
    isCA: bc?.cA ?? false,
    basicConstraints: bc ? { cA: bc.cA, pathLenConstraint: bc.pathLenConstraint ?? null } : null,
    keyUsage: ku ? ku.toJSON() : null,
    extendedKeyUsage: eku ? eku.map((oid) => EXTENDED_KEY_USAGE_NAMES[oid] ?? oid) : null,
    version: tbs.version + 1,
    serialNumber: serial,
    signatureAlgorithm: SIGNATURE_ALGORITHM_NAMES[sigOid] ?? sigOid,
    publicKeyAlgorithm: describePublicKey(spki),
    publicKeyFingerprint: await sha256Hex(parts.subjectPublicKeyInfo),
    pem: toPem('CERTIFICATE', parts.certificate),
  };
  if (parsedCache.size >= PARSED_CACHE_LIMIT) parsedCache.delete(parsedCache.keys().next().value as string);
  parsedCache.set(fingerprint, parsed);
  return copyCertificate(parsed);
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
