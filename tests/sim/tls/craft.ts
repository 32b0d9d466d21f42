// Hand-made certificates for the certificate layer's tests: every field chosen by the test (names
// with any string type, multi-valued RDNs, serials, times, extensions) and signed by Node's OpenSSL
// (node:crypto) with algorithms Web Crypto cannot make: SHA-224, Ed448, RSASSA-PSS with chosen
// parameters, secp256k1. The encoder is @peculiar/asn1-x509's, driven field by field.

import { constants, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  Certificate,
  Extension,
  Extensions,
  Name,
  RelativeDistinguishedName,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
} from '@peculiar/asn1-x509';
import type { Time } from '@peculiar/asn1-x509';
import { RsaSaPssParams, id_mgf1 } from '@peculiar/asn1-rsa';

export type Hash = 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';

export type KeySpec =
  | { type: 'rsa'; bits?: number }
  | { type: 'rsa-pss'; bits?: number; hash?: Hash; saltLength?: number }
  | { type: 'ec'; curve: 'P-256' | 'P-384' | 'P-521' | 'secp256k1' | 'brainpoolP256r1' }
  | { type: 'ed25519' | 'ed448' | 'x25519' };

export interface Key {
  spec: KeySpec;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** SubjectPublicKeyInfo DER, as OpenSSL writes it. */
  spki: Uint8Array;
}

const keyCache = new Map<string, Key>();

/** A key pair (cached per spec and label: RSA generation is slow). */
export function key(spec: KeySpec, label = ''): Key {
  const id = JSON.stringify(spec) + label;
  const cached = keyCache.get(id);
  if (cached) return cached;
  let pair: { privateKey: KeyObject; publicKey: KeyObject };
  switch (spec.type) {
    case 'rsa':
      pair = generateKeyPairSync('rsa', { modulusLength: spec.bits ?? 2048 });
      break;
    case 'rsa-pss':
      pair = generateKeyPairSync('rsa-pss', {
        modulusLength: spec.bits ?? 2048,
        hashAlgorithm: spec.hash,
        mgf1HashAlgorithm: spec.hash,
        // A number in Node (the minimal salt length); @types/node declares it as a string.
        saltLength: spec.saltLength as unknown as string | undefined,
      });
      break;
    case 'ec': {
      const curves = { 'P-256': 'prime256v1', 'P-384': 'secp384r1', 'P-521': 'secp521r1' } as const;
      const namedCurve = spec.curve in curves ? curves[spec.curve as keyof typeof curves] : spec.curve;
      pair = generateKeyPairSync('ec', { namedCurve });
      break;
    }
    default:
      pair = generateKeyPairSync(spec.type as 'ed25519');
  }
  const result = {
    spec,
    ...pair,
    spki: new Uint8Array(pair.publicKey.export({ type: 'spki', format: 'der' })),
  };
  keyCache.set(id, result);
  return result;
}

/**
 * The same RSA key announced as an RSASSA-PSS key (id-RSASSA-PSS in its SPKI, no parameters), still
 * able to make PKCS#1 v1.5 signatures (OpenSSL signs with PSS padding for a real rsa-pss key).
 */
export function asRsaPssKey(rsa: Key): Key {
  const spki = AsnConvert.parse(rsa.spki, SubjectPublicKeyInfo);
  spki.algorithm = new AlgorithmIdentifier({ algorithm: '1.2.840.113549.1.1.10' });
  return { ...rsa, spki: new Uint8Array(AsnConvert.serialize(spki)) };
}

export type SignatureSpec =
  | { type: 'rsa'; hash: Hash }
  | { type: 'rsa-pss'; hash: Hash; saltLength: number; mgfHash?: Hash; omitParameters?: boolean }
  | { type: 'ecdsa'; hash: Hash }
  | { type: 'ed25519' | 'ed448' };

const HASH_OIDS: Record<Hash, string> = {
  sha1: '1.3.14.3.2.26',
  sha224: '2.16.840.1.101.3.4.2.4',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
};
const RSA_OIDS: Record<Hash, string> = {
  sha1: '1.2.840.113549.1.1.5',
  sha224: '1.2.840.113549.1.1.14',
  sha256: '1.2.840.113549.1.1.11',
  sha384: '1.2.840.113549.1.1.12',
  sha512: '1.2.840.113549.1.1.13',
};
const ECDSA_OIDS: Record<Hash, string> = {
  sha1: '1.2.840.10045.4.1',
  sha224: '1.2.840.10045.4.3.1',
  sha256: '1.2.840.10045.4.3.2',
  sha384: '1.2.840.10045.4.3.3',
  sha512: '1.2.840.10045.4.3.4',
};

/** The AlgorithmIdentifier of a signature (RFC 3279, RFC 4055, RFC 8410). */
export function signatureAlgorithm(s: SignatureSpec): AlgorithmIdentifier {
  switch (s.type) {
    case 'rsa':
      return new AlgorithmIdentifier({ algorithm: RSA_OIDS[s.hash], parameters: null });
    case 'ecdsa':
      return new AlgorithmIdentifier({ algorithm: ECDSA_OIDS[s.hash] });
    case 'ed25519':
      return new AlgorithmIdentifier({ algorithm: '1.3.101.112' });
    case 'ed448':
      return new AlgorithmIdentifier({ algorithm: '1.3.101.113' });
    case 'rsa-pss': {
      if (s.omitParameters) return new AlgorithmIdentifier({ algorithm: '1.2.840.113549.1.1.10' });
      const hash = new AlgorithmIdentifier({ algorithm: HASH_OIDS[s.hash], parameters: null });
      const mgfHash = new AlgorithmIdentifier({
        algorithm: HASH_OIDS[s.mgfHash ?? s.hash],
        parameters: null,
      });
      const params = new RsaSaPssParams({
        hashAlgorithm: hash,
        maskGenAlgorithm: new AlgorithmIdentifier({
          algorithm: id_mgf1,
          parameters: AsnConvert.serialize(mgfHash),
        }),
        saltLength: s.saltLength,
      });
      return new AlgorithmIdentifier({
        algorithm: '1.2.840.113549.1.1.10',
        parameters: AsnConvert.serialize(params),
      });
    }
  }
}

function signBytes(data: Uint8Array, s: SignatureSpec, signer: Key): Uint8Array {
  switch (s.type) {
    case 'rsa':
    case 'ecdsa':
      return new Uint8Array(sign(s.hash, data, signer.privateKey)); // ECDSA: DER ECDSA-Sig-Value
    case 'rsa-pss':
      // OpenSSL uses MGF1 with the message hash; a different mgfHash makes a signature that does not verify.
      return new Uint8Array(
        sign(s.hash, data, {
          key: signer.privateKey,
          padding: constants.RSA_PKCS1_PSS_PADDING,
          saltLength: s.saltLength,
        }),
      );
    default:
      return new Uint8Array(sign(null, data, signer.privateKey));
  }
}

/** An attribute value by its ASN.1 string type, or raw DER for a type outside DirectoryString. */
export type Value =
  | string
  | { utf8String: string }
  | { printableString: string }
  | { ia5String: string }
  | { bmpString: string }
  | { teletexString: string }
  | { universalString: string }
  | { der: number[] };

/** A Name from RDNs, each a list of [type OID, value]; a plain string value is a UTF8String. */
export function dn(rdns: [string, Value][][]): Name {
  return new Name(
    rdns.map(
      (rdn) =>
        new RelativeDistinguishedName(
          rdn.map(([type, value]) => {
            const v =
              typeof value === 'string'
                ? new AttributeValue({ utf8String: value })
                : 'der' in value
                  ? new AttributeValue({ anyValue: new Uint8Array(value.der).buffer })
                  : new AttributeValue(value);
            return new AttributeTypeAndValue({ type, value: v });
          }),
        ),
    ),
  );
}

export const CN = '2.5.4.3';
export const O = '2.5.4.10';

/** An extension whose value is the DER of `value` (an asn1-x509 object). */
export function extension(extnID: string, value: object, critical = false): Extension {
  return new Extension({ extnID, critical, extnValue: new OctetString(AsnConvert.serialize(value)) });
}

/** An extension with raw value bytes (for broken values). */
export function rawExtension(extnID: string, value: number[]): Extension {
  return new Extension({ extnID, extnValue: new OctetString(new Uint8Array(value)) });
}

export interface CraftOptions {
  subject: Name;
  /** Defaults to the subject (self-issued). */
  issuer?: Name;
  subjectKey: Key;
  /** Defaults to the subject key (self-signed). */
  signer?: Key;
  signature: SignatureSpec;
  /** Big-endian INTEGER content bytes, as encoded (sign byte included). */
  serial?: number[];
  version?: 1 | 3;
  notBefore?: Time;
  notAfter?: Time;
  extensions?: Extension[];
  /** Flip a bit of the signature value. */
  corruptSignature?: boolean;
}

/** A DER certificate. */
export function craft(o: CraftOptions): Uint8Array {
  const algorithm = signatureAlgorithm(o.signature);
  const tbs = new TBSCertificate({
    version: o.version === 1 ? 0 : 2,
    serialNumber: new Uint8Array(o.serial ?? [0x01, 0x23, 0x45]).buffer,
    signature: algorithm,
    issuer: o.issuer ?? o.subject,
    validity: new Validity({
      notBefore: new Date('2026-01-01T00:00:00Z'),
      notAfter: new Date('2036-01-01T00:00:00Z'),
    }),
    subject: o.subject,
    subjectPublicKeyInfo: AsnConvert.parse(o.subjectKey.spki, SubjectPublicKeyInfo),
  });
  if (o.notBefore) tbs.validity.notBefore = o.notBefore;
  if (o.notAfter) tbs.validity.notAfter = o.notAfter;
  if (o.extensions && o.version !== 1) tbs.extensions = new Extensions(o.extensions);
  const tbsDer = new Uint8Array(AsnConvert.serialize(tbs));
  const signatureValue = signBytes(tbsDer, o.signature, o.signer ?? o.subjectKey);
  if (o.corruptSignature) signatureValue[signatureValue.length - 1] ^= 1;
  return new Uint8Array(
    AsnConvert.serialize(
      new Certificate({
        tbsCertificate: tbs,
        signatureAlgorithm: algorithm,
        signatureValue: signatureValue.buffer as ArrayBuffer,
      }),
    ),
  );
}

/** PEM of a DER certificate. */
export function certificatePem(der: Uint8Array): string {
  const lines =
    Buffer.from(der)
      .toString('base64')
      .match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}
