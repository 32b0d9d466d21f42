// Test and lab certificate factory (Node only; also used by scripts/make-cert.ts).
//
// Certificates are encoded with @peculiar/asn1-x509 and signed with Web Crypto. @peculiar/x509's
// X509CertificateGenerator would need a global Reflect metadata polyfill (tsyringe throws on import
// without one); encoding directly keeps test processes free of that and keeps this factory independent
// of the parser it is used to test (src/sim/tls is not imported here).

import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  AuthorityKeyIdentifier,
  BasicConstraints,
  Certificate,
  ExtendedKeyUsage,
  Extension,
  Extensions,
  GeneralName,
  KeyIdentifier,
  KeyUsage,
  KeyUsageFlags,
  Name,
  RelativeDistinguishedName,
  SubjectAlternativeName,
  SubjectKeyIdentifier,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  id_ce_authorityKeyIdentifier,
  id_ce_basicConstraints,
  id_ce_extKeyUsage,
  id_ce_keyUsage,
  id_ce_subjectAltName,
  id_ce_subjectKeyIdentifier,
  id_kp_clientAuth,
  id_kp_serverAuth,
} from '@peculiar/asn1-x509';
import { ECDSASigValue, ECPrivateKey, ECParameters } from '@peculiar/asn1-ecc';
import { PrivateKey, PrivateKeyInfo } from '@peculiar/asn1-pkcs8';

export type KeyAlgorithm = 'ECDSA' | 'RSA';

export interface IssuedCertificate {
  certPem: string;
  /** PKCS#8 "PRIVATE KEY" PEM. */
  keyPem: string;
  /** The certificate's DER. */
  der: Uint8Array;
}

/** A CA that can sign further certificates. */
export interface CA extends IssuedCertificate {
  commonName: string;
  /** Internal: what signing needs. */
  signer: Signer;
}

interface Signer {
  name: Name;
  privateKey: CryptoKey;
  algorithm: KeyAlgorithm;
  keyIdentifier: Uint8Array;
}

export interface ValidityOptions {
  notBefore?: Date;
  notAfter?: Date;
}

const DAY = 24 * 60 * 60 * 1000;
const OID_CN = '2.5.4.3';
const OID_O = '2.5.4.10';
const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';

const subtle = globalThis.crypto.subtle;

function pem(label: string, der: Uint8Array | ArrayBuffer): string {
  const b64 = Buffer.from(der instanceof Uint8Array ? der : new Uint8Array(der)).toString('base64');
  return `-----BEGIN ${label}-----\n${b64.replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END ${label}-----\n`;
}

function pemToDer(text: string): Uint8Array {
  const body = text.replace(/-----(BEGIN|END) [A-Z0-9 ]+-----/g, '').replace(/\s+/g, '');
  return new Uint8Array(Buffer.from(body, 'base64'));
}

function buildName(commonName: string | undefined, organization?: string): Name {
  const rdns: RelativeDistinguishedName[] = [];
  const add = (type: string, text: string) =>
    rdns.push(
      new RelativeDistinguishedName([
        new AttributeTypeAndValue({ type, value: new AttributeValue({ utf8String: text }) }),
      ]),
    );
  if (organization) add(OID_O, organization);
  if (commonName !== undefined) add(OID_CN, commonName);
  return new Name(rdns);
}

function isIp(text: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(text) || text.includes(':');
}

/** A DER INTEGER's content for an unsigned big-endian value: minimal, with a 0x00 if the top bit is set. */
function positive(bytes: Uint8Array): ArrayBuffer {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  const v = bytes.subarray(i);
  const out = v[0] & 0x80 ? Uint8Array.of(0, ...v) : Uint8Array.from(v);
  return out.buffer;
}

function randomSerial(): ArrayBuffer {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  bytes[0] &= 0x7f;
  bytes[0] |= 0x10;
  return bytes.buffer;
}

async function generateKey(algorithm: KeyAlgorithm): Promise<CryptoKeyPair> {
  if (algorithm === 'RSA') {
    return (await subtle.generateKey(
      {
        name: 'RSASSA-PKCS1-v1_5',
        modulusLength: 2048,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: 'SHA-256',
      },
      true,
      ['sign', 'verify'],
    )) as CryptoKeyPair;
  }
  return (await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
}

async function sign(
  signer: Signer,
  data: ArrayBuffer,
): Promise<{ alg: AlgorithmIdentifier; signature: ArrayBuffer }> {
  if (signer.algorithm === 'RSA') {
    const signature = await subtle.sign({ name: 'RSASSA-PKCS1-v1_5' }, signer.privateKey, data);
    return { alg: new AlgorithmIdentifier({ algorithm: SHA256_WITH_RSA, parameters: null }), signature };
  }
  const raw = new Uint8Array(await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, signer.privateKey, data));
  const der = AsnConvert.serialize(
    new ECDSASigValue({ r: positive(raw.subarray(0, 32)), s: positive(raw.subarray(32)) }),
  );
  return { alg: new AlgorithmIdentifier({ algorithm: ECDSA_WITH_SHA256 }), signature: der };
}

function ext(extnID: string, critical: boolean, value: unknown): Extension {
  return new Extension({ extnID, critical, extnValue: new OctetString(AsnConvert.serialize(value)) });
}

interface BuildOptions extends ValidityOptions {
  subject: Name;
  issuer: Signer | null; // null: self-signed
  keys: CryptoKeyPair;
  algorithm: KeyAlgorithm;
  ca: boolean;
  pathLen?: number;
  sans?: string[];
  extendedKeyUsage?: string[] | null;
  keyUsage?: number | null;
  version?: 1 | 3;
}

async function build(o: BuildOptions): Promise<{ der: Uint8Array; signer: Signer; keyPem: string }> {
  const spkiDer = new Uint8Array(await subtle.exportKey('spki', o.keys.publicKey));
  const spki = AsnConvert.parse(spkiDer, SubjectPublicKeyInfo);
  const keyIdentifier = new Uint8Array(await subtle.digest('SHA-1', spki.subjectPublicKey)).subarray(0, 20);
  const self: Signer = {
    name: o.subject,
    privateKey: o.keys.privateKey,
    algorithm: o.algorithm,
    keyIdentifier,
  };
  const issuer = o.issuer ?? self;
  const now = Date.now();
  const extensions: Extension[] = [];
  if (o.version !== 1) {
    extensions.push(
      ext(id_ce_basicConstraints, o.ca, new BasicConstraints({ cA: o.ca, pathLenConstraint: o.pathLen })),
    );
    const ku =
      o.keyUsage !== undefined
        ? o.keyUsage
        : o.ca
          ? KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign | KeyUsageFlags.digitalSignature
          : KeyUsageFlags.digitalSignature | (o.algorithm === 'RSA' ? KeyUsageFlags.keyEncipherment : 0);
    if (ku !== null) extensions.push(ext(id_ce_keyUsage, true, new KeyUsage(ku)));
    if (o.extendedKeyUsage)
      extensions.push(ext(id_ce_extKeyUsage, false, new ExtendedKeyUsage(o.extendedKeyUsage)));
    if (o.sans && o.sans.length > 0) {
      const names = o.sans.map((s) => new GeneralName(isIp(s) ? { iPAddress: s } : { dNSName: s }));
      extensions.push(ext(id_ce_subjectAltName, o.subject.length === 0, new SubjectAlternativeName(names)));
    }
    extensions.push(ext(id_ce_subjectKeyIdentifier, false, new SubjectKeyIdentifier(keyIdentifier)));
    if (o.issuer) {
      extensions.push(
        ext(
          id_ce_authorityKeyIdentifier,
          false,
          new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(issuer.keyIdentifier) }),
        ),
      );
    }
  }
  const tbs = new TBSCertificate({
    version: o.version === 1 ? 0 : 2,
    serialNumber: randomSerial(),
    signature:
      issuer.algorithm === 'RSA'
        ? new AlgorithmIdentifier({ algorithm: SHA256_WITH_RSA, parameters: null })
        : new AlgorithmIdentifier({ algorithm: ECDSA_WITH_SHA256 }),
    issuer: issuer.name,
    validity: new Validity({
      notBefore: o.notBefore ?? new Date(now - DAY),
      notAfter: o.notAfter ?? new Date(now + 365 * DAY),
    }),
    subject: o.subject,
    subjectPublicKeyInfo: spki,
    extensions: extensions.length ? new Extensions(extensions) : undefined,
  });
  const tbsDer = AsnConvert.serialize(tbs);
  const { alg, signature } = await sign(issuer, tbsDer);
  const cert = new Certificate({ tbsCertificate: tbs, signatureAlgorithm: alg, signatureValue: signature });
  const der = new Uint8Array(AsnConvert.serialize(cert));
  const keyPem = pem('PRIVATE KEY', await subtle.exportKey('pkcs8', o.keys.privateKey));
  return { der, signer: self, keyPem };
}

export interface CAOptions extends ValidityOptions {
  /** Sign with this CA instead of self-signing: makes an intermediate CA. */
  issuer?: CA;
  keyAlgorithm?: KeyAlgorithm;
  organization?: string;
  pathLen?: number;
}

export async function makeCA(commonName: string, opts: CAOptions = {}): Promise<CA> {
  const algorithm = opts.keyAlgorithm ?? 'ECDSA';
  const keys = await generateKey(algorithm);
  const { der, signer, keyPem } = await build({
    ...opts,
    subject: buildName(commonName, opts.organization),
    issuer: opts.issuer?.signer ?? null,
    keys,
    algorithm,
    ca: true,
    pathLen: opts.pathLen,
  });
  return { certPem: pem('CERTIFICATE', der), keyPem, der, commonName, signer };
}

export interface LeafOptions extends ValidityOptions {
  /** DNS names or IP addresses. */
  sans: string[];
  issuer: CA;
  commonName?: string;
  organization?: string;
  /** Client certificate: extendedKeyUsage clientAuth instead of serverAuth. */
  clientAuth?: boolean;
  /** Override the extendedKeyUsage OIDs; null leaves the extension out. */
  extendedKeyUsage?: string[] | null;
  keyAlgorithm?: KeyAlgorithm;
  /** Mark the leaf as a CA (basicConstraints cA true) - for odd-chain tests. */
  isCA?: boolean;
}

export async function makeLeaf(opts: LeafOptions): Promise<IssuedCertificate> {
  const algorithm = opts.keyAlgorithm ?? 'ECDSA';
  const keys = await generateKey(algorithm);
  const { der, keyPem } = await build({
    ...opts,
    subject: buildName(opts.commonName, opts.organization),
    issuer: opts.issuer.signer,
    keys,
    algorithm,
    ca: opts.isCA ?? false,
    extendedKeyUsage:
      opts.extendedKeyUsage !== undefined
        ? opts.extendedKeyUsage
        : [opts.clientAuth ? id_kp_clientAuth : id_kp_serverAuth],
  });
  return { certPem: pem('CERTIFICATE', der), keyPem, der };
}

export interface SelfSignedOptions extends ValidityOptions {
  commonName?: string;
  keyAlgorithm?: KeyAlgorithm;
}

/** A self-signed server certificate (not a CA), like `openssl req -x509` with SANs and CA:FALSE. */
export async function makeSelfSigned(sans: string[], opts: SelfSignedOptions = {}): Promise<CA> {
  const algorithm = opts.keyAlgorithm ?? 'ECDSA';
  const keys = await generateKey(algorithm);
  const commonName = opts.commonName ?? sans[0] ?? 'self-signed';
  const { der, signer, keyPem } = await build({
    ...opts,
    subject: buildName(commonName),
    issuer: null,
    keys,
    algorithm,
    ca: false,
    sans,
    extendedKeyUsage: [id_kp_serverAuth],
  });
  return { certPem: pem('CERTIFICATE', der), keyPem, der, commonName, signer };
}

/** The same key as PKCS#1 "RSA PRIVATE KEY" PEM (from a PKCS#8 RSA key PEM). */
export function toPkcs1Pem(pkcs8Pem: string): string {
  const info = AsnConvert.parse(pemToDer(pkcs8Pem), PrivateKeyInfo);
  return pem('RSA PRIVATE KEY', new Uint8Array(info.privateKey.buffer));
}

/**
 * The same key as SEC1 "EC PRIVATE KEY" PEM (from a PKCS#8 EC key PEM), with the curve parameters
 * added; `withPublicKey: false` drops the optional public key so it has to be derived.
 */
export function toSec1Pem(pkcs8Pem: string, opts: { withPublicKey?: boolean } = {}): string {
  const info = AsnConvert.parse(pemToDer(pkcs8Pem), PrivateKeyInfo);
  const key = AsnConvert.parse(info.privateKey.buffer, ECPrivateKey);
  const curve = AsnConvert.parse(info.privateKeyAlgorithm.parameters as ArrayBuffer, ECParameters);
  const out = new ECPrivateKey({
    version: 1,
    privateKey: key.privateKey,
    parameters: curve,
    publicKey: opts.withPublicKey === false ? undefined : key.publicKey,
  });
  return pem('EC PRIVATE KEY', AsnConvert.serialize(out));
}

/** A PKCS#8 EC key PEM without the optional public key inside (some tools write that). */
export function stripPkcs8EcPublicKey(pkcs8Pem: string): string {
  const info = AsnConvert.parse(pemToDer(pkcs8Pem), PrivateKeyInfo);
  const key = AsnConvert.parse(info.privateKey.buffer, ECPrivateKey);
  const inner = new ECPrivateKey({ version: 1, privateKey: key.privateKey });
  const out = new PrivateKeyInfo({
    version: 0,
    privateKeyAlgorithm: info.privateKeyAlgorithm,
    privateKey: new PrivateKey(AsnConvert.serialize(inner)),
  });
  return pem('PRIVATE KEY', AsnConvert.serialize(out));
}
