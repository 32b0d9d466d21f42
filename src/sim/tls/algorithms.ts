// ASN.1 algorithm identifiers in Web Crypto's terms. The mapping is the one @peculiar/x509 applied
// when the simulator used it (its EcAlgorithm, RsaAlgorithm, ShaAlgorithm, EdAlgorithm, MlDsaAlgorithm
// and SlhDsaAlgorithm toWebAlgorithm), so certificates are described with the same names as before:
// an identifier it did not know is named by its OID.
//
// Part of the lazily loaded decoder (see asn1-loader.ts): imports @peculiar/asn1-* as values.

import { AsnConvert } from '@peculiar/asn1-schema';
import type { AlgorithmIdentifier, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import {
  ECParameters,
  id_ecPublicKey,
  id_ecdsaWithSHA1,
  id_ecdsaWithSHA256,
  id_ecdsaWithSHA384,
  id_ecdsaWithSHA512,
} from '@peculiar/asn1-ecc';
import {
  RSAPublicKey,
  RsaSaPssParams,
  id_RSASSA_PSS,
  id_rsaEncryption,
  id_sha1,
  id_sha1WithRSAEncryption,
  id_sha256,
  id_sha256WithRSAEncryption,
  id_sha384,
  id_sha384WithRSAEncryption,
  id_sha512,
  id_sha512WithRSAEncryption,
} from '@peculiar/asn1-rsa';
import type { WebAlgorithm } from './names.ts';

export const OID_ED25519 = '1.3.101.112';
export const OID_ED448 = '1.3.101.113';
export const OID_X25519 = '1.3.101.110';
export const OID_X448 = '1.3.101.111';

/** Hash algorithm OIDs (RFC 3279 §2.2, RFC 4055 §2.1) -> Web Crypto hash names. */
export const HASHES: Record<string, string> = {
  [id_sha1]: 'SHA-1',
  [id_sha256]: 'SHA-256',
  [id_sha384]: 'SHA-384',
  [id_sha512]: 'SHA-512',
};

const ECDSA_HASHES: Record<string, string> = {
  [id_ecdsaWithSHA1]: 'SHA-1',
  [id_ecdsaWithSHA256]: 'SHA-256',
  [id_ecdsaWithSHA384]: 'SHA-384',
  [id_ecdsaWithSHA512]: 'SHA-512',
};

const RSA_PKCS1_HASHES: Record<string, string> = {
  [id_sha1WithRSAEncryption]: 'SHA-1',
  [id_sha256WithRSAEncryption]: 'SHA-256',
  [id_sha384WithRSAEncryption]: 'SHA-384',
  [id_sha512WithRSAEncryption]: 'SHA-512',
};

/** Named curves by OID, with the names @peculiar/x509 gave them (Web Crypto's for the NIST curves). */
const brainpool = (n: number) => `1.3.36.3.3.2.8.1.1.${n}`;
export const NAMED_CURVES: Record<string, string> = {
  '1.2.840.10045.3.1.7': 'P-256',
  '1.3.132.0.10': 'K-256',
  '1.3.132.0.34': 'P-384',
  '1.3.132.0.35': 'P-521',
  [brainpool(1)]: 'brainpoolP160r1',
  [brainpool(2)]: 'brainpoolP160t1',
  [brainpool(3)]: 'brainpoolP192r1',
  [brainpool(4)]: 'brainpoolP192t1',
  [brainpool(5)]: 'brainpoolP224r1',
  [brainpool(6)]: 'brainpoolP224t1',
  [brainpool(7)]: 'brainpoolP256r1',
  [brainpool(8)]: 'brainpoolP256t1',
  [brainpool(9)]: 'brainpoolP320r1',
  [brainpool(10)]: 'brainpoolP320t1',
  [brainpool(11)]: 'brainpoolP384r1',
  [brainpool(12)]: 'brainpoolP384t1',
  [brainpool(13)]: 'brainpoolP512r1',
  [brainpool(14)]: 'brainpoolP512t1',
};

/** Post-quantum signature algorithms (FIPS 204, FIPS 205 OIDs under id-sigAlgs), named only. */
const SIG_ALGS = '2.16.840.1.101.3.4.3';
const POST_QUANTUM: Record<string, string> = Object.fromEntries(
  [
    'ML-DSA-44',
    'ML-DSA-65',
    'ML-DSA-87',
    'SLH-DSA-SHA2-128s',
    'SLH-DSA-SHA2-128f',
    'SLH-DSA-SHA2-192s',
    'SLH-DSA-SHA2-192f',
    'SLH-DSA-SHA2-256s',
    'SLH-DSA-SHA2-256f',
    'SLH-DSA-SHAKE-128s',
    'SLH-DSA-SHAKE-128f',
    'SLH-DSA-SHAKE-192s',
    'SLH-DSA-SHAKE-192f',
    'SLH-DSA-SHAKE-256s',
    'SLH-DSA-SHAKE-256f',
  ].map((name, i) => [`${SIG_ALGS}.${17 + i}`, name]),
);

/** The named curve of an id-ecPublicKey's parameters (RFC 5480 §2.1.1), or null for other forms. */
export function namedCurveOid(parameters: ArrayBuffer | null | undefined): string | null {
  if (!parameters) throw new TypeError('Cannot get required parameters from EC algorithm');
  return AsnConvert.parse(parameters, ECParameters).namedCurve ?? null;
}

/**
 * The Web Crypto form of an algorithm identifier, from a certificate's signatureAlgorithm or a
 * SubjectPublicKeyInfo's algorithm. Throws, as the library did, on an id-ecPublicKey without
 * parameters and on RSASSA-PSS parameters that do not decode.
 */
export function webAlgorithm(identifier: AlgorithmIdentifier): WebAlgorithm {
  const oid = identifier.algorithm;
  if (ECDSA_HASHES[oid]) return { name: 'ECDSA', hash: { name: ECDSA_HASHES[oid] } };
  if (RSA_PKCS1_HASHES[oid]) return { name: 'RSASSA-PKCS1-v1_5', hash: { name: RSA_PKCS1_HASHES[oid] } };
  if (HASHES[oid]) return { name: HASHES[oid] };
  if (POST_QUANTUM[oid]) return { name: POST_QUANTUM[oid] };
  switch (oid) {
    case id_ecPublicKey: {
      const curve = NAMED_CURVES[namedCurveOid(identifier.parameters) ?? ''];
      if (curve) return { name: 'ECDSA', namedCurve: curve };
      break;
    }
    case id_rsaEncryption:
      return { name: 'RSASSA-PKCS1-v1_5' };
    case id_RSASSA_PSS: {
      if (!identifier.parameters) return { name: 'RSA-PSS' };
      const params = AsnConvert.parse(identifier.parameters, RsaSaPssParams);
      return { name: 'RSA-PSS', hash: webAlgorithm(params.hashAlgorithm), saltLength: params.saltLength };
    }
    case OID_ED25519:
      return { name: 'Ed25519' };
    case OID_ED448:
      return { name: 'EdDSA', namedCurve: 'Ed448' };
    case OID_X25519:
      return { name: 'X25519' };
    case OID_X448:
      return { name: 'ECDH-ES', namedCurve: 'X448' };
  }
  return { name: oid };
}

/**
 * A public key's algorithm in Web Crypto's terms, with the modulus length of an rsaEncryption key
 * (its byte length without the sign byte, times 8, as the library counted it).
 */
export function publicKeyWebAlgorithm(spki: SubjectPublicKeyInfo): WebAlgorithm {
  const algorithm = webAlgorithm(spki.algorithm);
  if (spki.algorithm.algorithm === id_rsaEncryption) {
    const modulus = new Uint8Array(AsnConvert.parse(spki.subjectPublicKey, RSAPublicKey).modulus);
    algorithm.modulusLength = (modulus[0] === 0 ? modulus.length - 1 : modulus.length) * 8;
  }
  return algorithm;
}
