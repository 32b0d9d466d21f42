// Private keys in the three PEM forms Envoy (BoringSSL's PEM_read_bio_PrivateKey) accepts:
// PKCS#8 "PRIVATE KEY", PKCS#1 "RSA PRIVATE KEY" and SEC1 "EC PRIVATE KEY". The public half is
// derived so that a key can be matched to a certificate through the SPKI fingerprint.

import { AsnConvert } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';
import { ECParameters, ECPrivateKey } from '@peculiar/asn1-ecc';
import { RSAPrivateKey } from '@peculiar/asn1-rsa';
import { children, content, readTlv, slice, TAG_INTEGER, TAG_OCTET_STRING, TAG_SEQUENCE } from './der.ts';
import { concatBytes, sha256Hex, subtle, toArrayBuffer } from './encoding.ts';
import {
  CURVE_NAMES,
  OID_EC_PUBLIC_KEY,
  OID_ED25519,
  OID_ED448,
  OID_RSA_ENCRYPTION,
  OID_RSASSA_PSS,
  OID_X25519,
  OID_X448,
} from './names.ts';
import {
  bitLength,
  curveLabel,
  encodeEcSpki,
  encodeRawKeySpki,
  encodeRsaSpki,
  namedCurveOf,
} from './public-key.ts';

export type PrivateKeyFormat = 'pkcs8' | 'pkcs1' | 'sec1';

export interface ParsedPrivateKey {
  /** "RSA 2048", "ECDSA P-256", "Ed25519", ... */
  algorithm: string;
  /** SHA-256 of the SubjectPublicKeyInfo DER of the key's public half, hex; null if not derivable. */
  publicKeyFingerprint: string | null;
  format: PrivateKeyFormat;
}

function fromBase64Url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * Asks Web Crypto for the public half of a PKCS#8 key whose file does not carry it (an EC key without
 * the optional publicKey field, an Ed25519 key in PKCS#8 v1). Returns null where the platform refuses.
 */
async function publicKeyViaWebCrypto(
  pkcs8: Uint8Array,
  algorithm: EcKeyImportParams | Algorithm,
): Promise<JsonWebKey | null> {
  try {
    const key = await subtle().importKey('pkcs8', toArrayBuffer(pkcs8), algorithm, true, ['sign']);
    return await subtle().exportKey('jwk', key);
  } catch {
    return null;
  }
}

function encodePkcs8(algorithm: Uint8Array, privateKey: Uint8Array): Uint8Array {
  // PrivateKeyInfo ::= SEQUENCE { version 0, privateKeyAlgorithm, privateKey OCTET STRING }
  const octet = concatBytes(Uint8Array.of(TAG_OCTET_STRING), derLength(privateKey.length), privateKey);
  const body = concatBytes(Uint8Array.of(TAG_INTEGER, 1, 0), algorithm, octet);
  return concatBytes(Uint8Array.of(TAG_SEQUENCE), derLength(body.length), body);
}

function derLength(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

async function rsaKey(der: Uint8Array, algorithm: AlgorithmIdentifier, format: PrivateKeyFormat) {
  const key = AsnConvert.parse(der, RSAPrivateKey);
  const spki = encodeRsaSpki(algorithm, key.modulus, key.publicExponent);
  const label = algorithm.algorithm === OID_RSASSA_PSS ? 'RSA-PSS' : 'RSA';
  return {
    algorithm: `${label} ${bitLength(new Uint8Array(key.modulus))}`,
    publicKeyFingerprint: await sha256Hex(spki),
    format,
  };
}

async function ecKey(der: Uint8Array, curveFromAlgorithm: string | null, format: PrivateKeyFormat) {
  const key = AsnConvert.parse(der, ECPrivateKey);
  const curve = curveFromAlgorithm ?? key.parameters?.namedCurve ?? null;
  const algorithm = curveLabel(curve);
  if (!curve) return { algorithm, publicKeyFingerprint: null, format };
  let point = key.publicKey ? new Uint8Array(key.publicKey) : null;
  if (!point && CURVE_NAMES[curve]) {
    const params = AsnConvert.serialize(
      new AlgorithmIdentifier({
        algorithm: OID_EC_PUBLIC_KEY,
        parameters: AsnConvert.serialize(new ECParameters({ namedCurve: curve })),
      }),
    );
    const jwk = await publicKeyViaWebCrypto(encodePkcs8(new Uint8Array(params), der), {
      name: 'ECDSA',
      namedCurve: CURVE_NAMES[curve],
    });
    if (jwk?.x && jwk.y) point = concatBytes(Uint8Array.of(4), fromBase64Url(jwk.x), fromBase64Url(jwk.y));
  }
  return {
    algorithm,
    publicKeyFingerprint: point ? await sha256Hex(encodeEcSpki(curve, point)) : null,
    format,
  };
}

async function pkcs8Key(der: Uint8Array): Promise<ParsedPrivateKey> {
  // OneAsymmetricKey (RFC 5958): SEQUENCE { version, algorithm, privateKey OCTET STRING,
  // [0] attributes OPTIONAL, [1] publicKey OPTIONAL }. Read by hand because the v2 form's
  // publicKey field is not in asn1-pkcs8's PrivateKeyInfo.
  const top = readTlv(der, 0);
  if (top.tag !== TAG_SEQUENCE) throw new Error('not a DER SEQUENCE');
  const fields = children(der, top);
  if (fields.length < 3 || fields[0].tag !== TAG_INTEGER || fields[2].tag !== TAG_OCTET_STRING) {
    throw new Error('not a PKCS#8 PrivateKeyInfo');
  }
  const algorithmDer = slice(der, fields[1]);
  const algorithm = AsnConvert.parse(algorithmDer, AlgorithmIdentifier);
  const inner = content(der, fields[2]);
  const publicField = fields.find((f) => f.tag === 0x81);
  switch (algorithm.algorithm) {
    case OID_RSA_ENCRYPTION:
    case OID_RSASSA_PSS:
      return rsaKey(inner, algorithm, 'pkcs8');
    case OID_EC_PUBLIC_KEY:
      return ecKey(inner, namedCurveOf(algorithm.parameters), 'pkcs8');
    case OID_ED25519:
    case OID_ED448: {
      const name = algorithm.algorithm === OID_ED25519 ? 'Ed25519' : 'Ed448';
      let publicKey: Uint8Array | null = null;
      if (publicField) publicKey = content(der, publicField).subarray(1); // drop the unused-bits byte
      if (!publicKey) {
        const jwk = await publicKeyViaWebCrypto(der, { name });
        if (jwk?.x) publicKey = fromBase64Url(jwk.x);
      }
      return {
        algorithm: name,
        publicKeyFingerprint: publicKey
          ? await sha256Hex(encodeRawKeySpki(algorithm.algorithm, publicKey))
          : null,
        format: 'pkcs8',
      };
    }
    case OID_X25519:
    case OID_X448:
      // Key-agreement keys cannot sign a TLS handshake; there is no certificate to match.
      return {
        algorithm: algorithm.algorithm === OID_X25519 ? 'X25519' : 'X448',
        publicKeyFingerprint: null,
        format: 'pkcs8',
      };
    default:
      return { algorithm: `unknown (${algorithm.algorithm})`, publicKeyFingerprint: null, format: 'pkcs8' };
  }
}

/**
 * Parses one private key PEM block's DER. Throws with a short reason when the bytes are not a key of
 * the block's kind; the caller turns that into a bundle error.
 */
export async function parsePrivateKeyDer(label: string, der: Uint8Array): Promise<ParsedPrivateKey> {
  switch (label) {
    case 'PRIVATE KEY':
      return pkcs8Key(der);
    case 'RSA PRIVATE KEY':
      return rsaKey(
        der,
        new AlgorithmIdentifier({ algorithm: OID_RSA_ENCRYPTION, parameters: null }),
        'pkcs1',
      );
    case 'EC PRIVATE KEY':
      return ecKey(der, null, 'sec1');
    default:
      throw new Error(`unsupported private key type "${label}"`);
  }
}
