// Private keys in the three PEM forms Envoy (BoringSSL's PEM_read_bio_PrivateKey) accepts:
// PKCS#8 "PRIVATE KEY", PKCS#1 "RSA PRIVATE KEY" and SEC1 "EC PRIVATE KEY". Only the public half is
// of interest: it is rebuilt as a SubjectPublicKeyInfo so that a key can be matched to a certificate
// by SPKI fingerprint. Decoding and encoding are @peculiar/asn1-*'s; where a key file does not carry
// its public half (an EC key without the optional publicKey field, an Ed25519 PKCS#8 v1 key), Web
// Crypto derives it.
//
// Part of the lazily loaded decoder (see asn1-loader.ts): imports @peculiar/asn1-* as values.

import { AsnConvert } from '@peculiar/asn1-schema';
import { OneAsymmetricKey } from '@peculiar/asn1-asym-key';
import { AlgorithmIdentifier, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { ECParameters, ECPrivateKey, id_ecPublicKey } from '@peculiar/asn1-ecc';
import { RSAPrivateKey, RSAPublicKey, id_RSASSA_PSS, id_rsaEncryption } from '@peculiar/asn1-rsa';
import { OID_ED25519, OID_ED448, OID_X25519, OID_X448, publicKeyWebAlgorithm } from './algorithms.ts';
import { sha256Hex, toArrayBuffer, webCrypto } from './encoding.ts';
import { CURVE_NAMES, publicKeyAlgorithmName } from './names.ts';

export type PrivateKeyFormat = 'pkcs8' | 'pkcs1' | 'sec1';

export interface ParsedPrivateKey {
  /** "RSA 2048", "ECDSA P-256", "Ed25519", ... */
  algorithm: string;
  /** SHA-256 of the SubjectPublicKeyInfo DER of the key's public half, hex; null if not derivable. */
  publicKeyFingerprint: string | null;
  format: PrivateKeyFormat;
}

/** The algorithm name of a public key and the fingerprint of its SPKI bytes as given. */
export async function describeSpki(spki: ArrayBuffer): Promise<{ algorithm: string; fingerprint: string }> {
  return {
    algorithm: publicKeyAlgorithmName(publicKeyWebAlgorithm(AsnConvert.parse(spki, SubjectPublicKeyInfo))),
    fingerprint: await sha256Hex(spki),
  };
}

async function fromSpki(spki: ArrayBuffer | null, fallbackAlgorithm: string, format: PrivateKeyFormat) {
  if (!spki) return { algorithm: fallbackAlgorithm, publicKeyFingerprint: null, format };
  const { algorithm, fingerprint } = await describeSpki(spki);
  return { algorithm, publicKeyFingerprint: fingerprint, format };
}

/**
 * The SubjectPublicKeyInfo of a PKCS#8 key's public half, derived by Web Crypto: import the private
 * key, export it as JWK, drop the private members, import that as a public key, export SPKI. Null
 * where the platform does not support the algorithm or rejects the key.
 */
async function spkiViaWebCrypto(
  pkcs8: ArrayBuffer,
  algorithm: Algorithm | EcKeyImportParams,
): Promise<ArrayBuffer | null> {
  const { subtle } = webCrypto();
  try {
    const privateKey = await subtle.importKey('pkcs8', pkcs8, algorithm, true, ['sign']);
    const jwk = await subtle.exportKey('jwk', privateKey);
    const publicJwk: JsonWebKey = { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y };
    const publicKey = await subtle.importKey('jwk', publicJwk, algorithm, true, ['verify']);
    return await subtle.exportKey('spki', publicKey);
  } catch {
    return null;
  }
}

function rsaKey(privateKey: ArrayBuffer, algorithm: AlgorithmIdentifier, format: PrivateKeyFormat) {
  const key = AsnConvert.parse(privateKey, RSAPrivateKey);
  // rsaEncryption carries NULL parameters in an SPKI (RFC 3279 §2.3.1), whatever the key file had;
  // an RSASSA-PSS key keeps its algorithm identifier.
  const spkiAlgorithm =
    algorithm.algorithm === id_RSASSA_PSS
      ? algorithm
      : new AlgorithmIdentifier({ algorithm: id_rsaEncryption, parameters: null });
  const spki = new SubjectPublicKeyInfo({
    algorithm: spkiAlgorithm,
    subjectPublicKey: AsnConvert.serialize(
      new RSAPublicKey({ modulus: key.modulus, publicExponent: key.publicExponent }),
    ),
  });
  return fromSpki(AsnConvert.serialize(spki), 'RSA', format);
}

async function ecKey(privateKey: ArrayBuffer, curveFromPkcs8: string | null, format: PrivateKeyFormat) {
  const key = AsnConvert.parse(privateKey, ECPrivateKey);
  const curve = curveFromPkcs8 ?? key.parameters?.namedCurve ?? null;
  if (!curve) {
    // Explicit curve parameters (or none at all): neither Envoy's BoringSSL nor Web Crypto takes them.
    return { algorithm: 'ECDSA (explicit curve parameters)', publicKeyFingerprint: null, format };
  }
  const algorithmIdentifier = new AlgorithmIdentifier({
    algorithm: id_ecPublicKey,
    parameters: AsnConvert.serialize(new ECParameters({ namedCurve: curve })),
  });
  let spki: ArrayBuffer | null = null;
  if (key.publicKey) {
    spki = AsnConvert.serialize(
      new SubjectPublicKeyInfo({ algorithm: algorithmIdentifier, subjectPublicKey: key.publicKey }),
    );
  } else if (CURVE_NAMES[curve]?.startsWith('P-')) {
    const pkcs8 = new OneAsymmetricKey(); // version v1: a PKCS#8 PrivateKeyInfo
    pkcs8.privateKeyAlgorithm = algorithmIdentifier;
    pkcs8.privateKey = privateKey;
    spki = await spkiViaWebCrypto(AsnConvert.serialize(pkcs8), {
      name: 'ECDSA',
      namedCurve: CURVE_NAMES[curve],
    });
  }
  return fromSpki(spki, `ECDSA ${CURVE_NAMES[curve] ?? curve}`, format);
}

async function pkcs8Key(der: ArrayBuffer): Promise<ParsedPrivateKey> {
  // OneAsymmetricKey (RFC 5958) rather than PrivateKeyInfo: it also reads the v2 form, whose
  // optional [1] publicKey some tools write for Ed25519 keys.
  const info = AsnConvert.parse(der, OneAsymmetricKey);
  const oid = info.privateKeyAlgorithm.algorithm;
  switch (oid) {
    case id_rsaEncryption:
    case id_RSASSA_PSS:
      return rsaKey(info.privateKey, info.privateKeyAlgorithm, 'pkcs8');
    case id_ecPublicKey: {
      const parameters = info.privateKeyAlgorithm.parameters;
      const curve = parameters ? (AsnConvert.parse(parameters, ECParameters).namedCurve ?? null) : null;
      return ecKey(info.privateKey, curve, 'pkcs8');
    }
    case OID_ED25519:
    case OID_ED448: {
      const name = oid === OID_ED25519 ? 'Ed25519' : 'Ed448';
      const spki = info.publicKey
        ? AsnConvert.serialize(
            new SubjectPublicKeyInfo({
              algorithm: new AlgorithmIdentifier({ algorithm: oid }),
              subjectPublicKey: info.publicKey,
            }),
          )
        : await spkiViaWebCrypto(der, { name });
      return fromSpki(spki, name, 'pkcs8');
    }
    case OID_X25519:
    case OID_X448:
      // Key-agreement keys cannot sign a TLS handshake: there is no certificate to match.
      return {
        algorithm: oid === OID_X25519 ? 'X25519' : 'X448',
        publicKeyFingerprint: null,
        format: 'pkcs8',
      };
    default:
      return { algorithm: `unknown (${oid})`, publicKeyFingerprint: null, format: 'pkcs8' };
  }
}

/**
 * Parses one private key PEM block's DER. Throws with a short reason when the bytes are not a key of
 * the block's kind; the caller turns that into a bundle error.
 */
export async function parsePrivateKeyDer(label: string, der: Uint8Array): Promise<ParsedPrivateKey> {
  const bytes = toArrayBuffer(der);
  switch (label) {
    case 'PRIVATE KEY':
      return pkcs8Key(bytes);
    case 'RSA PRIVATE KEY':
      return rsaKey(
        bytes,
        new AlgorithmIdentifier({ algorithm: id_rsaEncryption, parameters: null }),
        'pkcs1',
      );
    case 'EC PRIVATE KEY':
      return ecKey(bytes, null, 'sec1');
    default:
      throw new Error(`unsupported private key type "${label}"`);
  }
}
