// Test and lab certificate factory (Node; used by the tests and by scripts/make-cert.ts).
//
// Certificates are made with @peculiar/x509's X509CertificateGenerator on Web Crypto, loaded by
// ./x509-library.ts without leaving a global Reflect polyfill behind. Nothing from the simulator's
// certificate layer (which decodes with @peculiar/asn1-x509 and verifies with Web Crypto) is used
// here, so the factory stays independent of the parser it helps to test.

import { AsnConvert } from '@peculiar/asn1-schema';
import { OneAsymmetricKey } from '@peculiar/asn1-asym-key';
import { ECParameters, ECPrivateKey } from '@peculiar/asn1-ecc';
import { loadX509 } from './x509-library.ts';

const x509 = await loadX509();
import type { Extension, X509Certificate } from '@peculiar/x509';

export type KeyAlgorithm = 'ECDSA' | 'RSA';

export interface IssuedCertificate {
  certPem: string;
  /** PKCS#8 "PRIVATE KEY" PEM. */
  keyPem: string;
}

/** A certificate whose key can sign further certificates (a CA, or a self-signed certificate). */
export interface CA extends IssuedCertificate {
  commonName: string;
  certificate: X509Certificate;
  keys: CryptoKeyPair;
  keyAlgorithm: KeyAlgorithm;
}

export interface ValidityOptions {
  notBefore?: Date;
  notAfter?: Date;
}

const DAY = 24 * 60 * 60 * 1000;
const subtle = globalThis.crypto.subtle;

const KEY_ALGORITHMS: Record<KeyAlgorithm, RsaHashedKeyGenParams | EcKeyGenParams> = {
  ECDSA: { name: 'ECDSA', namedCurve: 'P-256' },
  RSA: {
    name: 'RSASSA-PKCS1-v1_5',
    modulusLength: 2048,
    publicExponent: new Uint8Array([1, 0, 1]),
    hash: 'SHA-256',
  },
};

function signingAlgorithm(algorithm: KeyAlgorithm): Algorithm | EcdsaParams {
  return algorithm === 'ECDSA' ? { name: 'ECDSA', hash: 'SHA-256' } : { name: 'RSASSA-PKCS1-v1_5' };
}

function pem(label: string, der: ArrayBuffer | Uint8Array): string {
  return (
    x509.PemConverter.encode(der instanceof Uint8Array ? der.slice().buffer : der, label).trimEnd() + '\n'
  );
}

function pemToDer(text: string): ArrayBuffer {
  const body = text.replace(/-----(BEGIN|END) [A-Z0-9 ]+-----/g, '').replace(/\s+/g, '');
  return new Uint8Array(Buffer.from(body, 'base64')).buffer;
}

/** RFC 4514 escaping, for the library's name parser. */
function escapeDnValue(value: string): string {
  return value.replace(/[\\,+"<>;=]/g, (c) => '\\' + c).replace(/^([#\s])/, '\\$1');
}

function distinguishedName(commonName: string | undefined, organization?: string): string {
  const parts: string[] = [];
  if (commonName !== undefined) parts.push(`CN=${escapeDnValue(commonName)}`);
  if (organization) parts.push(`O=${escapeDnValue(organization)}`);
  return parts.join(', ');
}

function isIp(text: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(text) || text.includes(':');
}

function randomSerial(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0] & 0x7f) | 0x10; // positive, no leading zero byte
  return Buffer.from(bytes).toString('hex');
}

async function generateKeys(algorithm: KeyAlgorithm): Promise<CryptoKeyPair> {
  return (await subtle.generateKey(KEY_ALGORITHMS[algorithm], true, ['sign', 'verify'])) as CryptoKeyPair;
}

interface IssueOptions extends ValidityOptions {
  subject: string;
  keys: CryptoKeyPair;
  /** null: self-signed with `keys`. */
  issuer: CA | null;
  keyAlgorithm: KeyAlgorithm;
  ca: boolean;
  pathLen?: number;
  sans?: string[];
  /** extKeyUsage OIDs; null leaves the extension out. */
  extendedKeyUsage: string[] | null;
}

async function issue(o: IssueOptions): Promise<X509Certificate> {
  const now = Date.now();
  const signer = o.issuer ? o.issuer.keys : o.keys;
  const F = x509.KeyUsageFlags;
  const keyUsage = o.ca
    ? F.keyCertSign | F.cRLSign | F.digitalSignature
    : F.digitalSignature | (o.keyAlgorithm === 'RSA' ? F.keyEncipherment : 0);
  const extensions: Extension[] = [
    new x509.BasicConstraintsExtension(o.ca, o.pathLen, true),
    new x509.KeyUsagesExtension(keyUsage, true),
    await x509.SubjectKeyIdentifierExtension.create(o.keys.publicKey),
  ];
  if (o.issuer) extensions.push(await x509.AuthorityKeyIdentifierExtension.create(o.issuer.keys.publicKey));
  if (o.extendedKeyUsage) extensions.push(new x509.ExtendedKeyUsageExtension(o.extendedKeyUsage));
  if (o.sans && o.sans.length > 0) {
    const names = o.sans.map((value) => ({ type: isIp(value) ? ('ip' as const) : ('dns' as const), value }));
    // RFC 5280 §4.2.1.6: the extension is critical when the subject is empty.
    extensions.push(new x509.SubjectAlternativeNameExtension(names, o.subject === ''));
  }
  return x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: o.subject,
    issuer: o.issuer ? o.issuer.certificate.subject : o.subject,
    notBefore: o.notBefore ?? new Date(now - DAY),
    notAfter: o.notAfter ?? new Date(now + 365 * DAY),
    publicKey: o.keys.publicKey,
    signingKey: signer.privateKey,
    signingAlgorithm: signingAlgorithm(o.issuer ? o.issuer.keyAlgorithm : o.keyAlgorithm),
    extensions,
  });
}

async function pkcs8Pem(keys: CryptoKeyPair): Promise<string> {
  return pem('PRIVATE KEY', await subtle.exportKey('pkcs8', keys.privateKey));
}

export interface CAOptions extends ValidityOptions {
  /** Sign with this CA instead of self-signing: makes an intermediate CA. */
  issuer?: CA;
  keyAlgorithm?: KeyAlgorithm;
  organization?: string;
  pathLen?: number;
}

/** A CA certificate (basicConstraints CA:TRUE, keyCertSign), self-signed unless `issuer` is given. */
export async function makeCA(commonName: string, opts: CAOptions = {}): Promise<CA> {
  const keyAlgorithm = opts.keyAlgorithm ?? 'ECDSA';
  const keys = await generateKeys(keyAlgorithm);
  const certificate = await issue({
    ...opts,
    subject: distinguishedName(commonName, opts.organization),
    keys,
    issuer: opts.issuer ?? null,
    keyAlgorithm,
    ca: true,
    extendedKeyUsage: null,
  });
  return {
    certPem: pem('CERTIFICATE', certificate.rawData),
    keyPem: await pkcs8Pem(keys),
    commonName,
    certificate,
    keys,
    keyAlgorithm,
  };
}

export interface LeafOptions extends ValidityOptions {
  /** DNS names or IP addresses for the subjectAltName. */
  sans: string[];
  issuer: CA;
  commonName?: string;
  organization?: string;
  /** A client certificate: extendedKeyUsage clientAuth instead of serverAuth. */
  clientAuth?: boolean;
  /** Override the extendedKeyUsage OIDs; null leaves the extension out. */
  extendedKeyUsage?: string[] | null;
  keyAlgorithm?: KeyAlgorithm;
  /** Mark the leaf as a CA (basicConstraints CA:TRUE), for odd-chain tests. */
  isCA?: boolean;
}

/** An end-entity certificate signed by `issuer`. */
export async function makeLeaf(opts: LeafOptions): Promise<IssuedCertificate> {
  const keyAlgorithm = opts.keyAlgorithm ?? 'ECDSA';
  const keys = await generateKeys(keyAlgorithm);
  const certificate = await issue({
    ...opts,
    subject: distinguishedName(opts.commonName, opts.organization),
    keys,
    issuer: opts.issuer,
    keyAlgorithm,
    ca: opts.isCA ?? false,
    extendedKeyUsage:
      opts.extendedKeyUsage !== undefined
        ? opts.extendedKeyUsage
        : [opts.clientAuth ? x509.ExtendedKeyUsage.clientAuth : x509.ExtendedKeyUsage.serverAuth],
  });
  return { certPem: pem('CERTIFICATE', certificate.rawData), keyPem: await pkcs8Pem(keys) };
}

export interface SelfSignedOptions extends ValidityOptions {
  commonName?: string;
  keyAlgorithm?: KeyAlgorithm;
}

/** A self-signed server certificate (CA:FALSE), like `openssl req -x509 -addext subjectAltName=...`. */
export async function makeSelfSigned(sans: string[], opts: SelfSignedOptions = {}): Promise<CA> {
  const keyAlgorithm = opts.keyAlgorithm ?? 'ECDSA';
  const keys = await generateKeys(keyAlgorithm);
  const commonName = opts.commonName ?? sans[0] ?? 'self-signed';
  const certificate = await issue({
    ...opts,
    subject: distinguishedName(commonName),
    keys,
    issuer: null,
    keyAlgorithm,
    ca: false,
    sans,
    extendedKeyUsage: [x509.ExtendedKeyUsage.serverAuth],
  });
  return {
    certPem: pem('CERTIFICATE', certificate.rawData),
    keyPem: await pkcs8Pem(keys),
    commonName,
    certificate,
    keys,
    keyAlgorithm,
  };
}

/** The same key as PKCS#1 "RSA PRIVATE KEY" PEM (from a PKCS#8 RSA key PEM). */
export function toPkcs1Pem(pkcs8Pem: string): string {
  const info = AsnConvert.parse(pemToDer(pkcs8Pem), OneAsymmetricKey);
  return pem('RSA PRIVATE KEY', info.privateKey);
}

/**
 * The same key as SEC1 "EC PRIVATE KEY" PEM (from a PKCS#8 EC key PEM), with the curve parameters
 * added, as `openssl ec` writes it; `withPublicKey: false` drops the optional public key so that a
 * reader has to derive it.
 */
export function toSec1Pem(pkcs8Pem: string, opts: { withPublicKey?: boolean } = {}): string {
  const info = AsnConvert.parse(pemToDer(pkcs8Pem), OneAsymmetricKey);
  const key = AsnConvert.parse(info.privateKey, ECPrivateKey);
  const curve = AsnConvert.parse(info.privateKeyAlgorithm.parameters as ArrayBuffer, ECParameters);
  const sec1 = new ECPrivateKey({
    version: 1,
    privateKey: key.privateKey,
    parameters: curve,
    publicKey: opts.withPublicKey === false ? undefined : key.publicKey,
  });
  return pem('EC PRIVATE KEY', AsnConvert.serialize(sec1));
}

/** A PKCS#8 EC key PEM without the optional public key inside (some tools write that). */
export function stripPkcs8EcPublicKey(pkcs8Pem: string): string {
  const info = AsnConvert.parse(pemToDer(pkcs8Pem), OneAsymmetricKey);
  const key = AsnConvert.parse(info.privateKey, ECPrivateKey);
  info.privateKey = AsnConvert.serialize(new ECPrivateKey({ version: 1, privateKey: key.privateKey }));
  return pem('PRIVATE KEY', AsnConvert.serialize(info));
}
