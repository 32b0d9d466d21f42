// Describing public keys, and building a SubjectPublicKeyInfo from a private key so a key can be
// matched to its certificate by SPKI fingerprint.

import { AsnConvert } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { ECParameters } from '@peculiar/asn1-ecc';
import { RSAPublicKey } from '@peculiar/asn1-rsa';
import { stripLeadingZeros } from './encoding.ts';
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

export function bitLength(unsignedBigEndian: Uint8Array): number {
  const bytes = stripLeadingZeros(unsignedBigEndian);
  if (bytes.length === 0 || (bytes.length === 1 && bytes[0] === 0)) return 0;
  return (bytes.length - 1) * 8 + (32 - Math.clz32(bytes[0]));
}

/** The named curve's OID from an AlgorithmIdentifier's parameters, or null. */
export function namedCurveOf(parameters: ArrayBuffer | null | undefined): string | null {
  if (!parameters) return null;
  try {
    return AsnConvert.parse(parameters, ECParameters).namedCurve ?? null;
  } catch {
    return null;
  }
}

export function curveLabel(curveOid: string | null): string {
  if (!curveOid) return 'ECDSA (explicit curve parameters)';
  return `ECDSA ${CURVE_NAMES[curveOid] ?? curveOid}`;
}

/** "RSA 2048", "ECDSA P-256", "Ed25519", ... for a SubjectPublicKeyInfo. */
export function describePublicKey(spki: SubjectPublicKeyInfo): string {
  const oid = spki.algorithm.algorithm;
  switch (oid) {
    case OID_RSA_ENCRYPTION:
    case OID_RSASSA_PSS: {
      const label = oid === OID_RSASSA_PSS ? 'RSA-PSS' : 'RSA';
      try {
        const key = AsnConvert.parse(spki.subjectPublicKey, RSAPublicKey);
        return `${label} ${bitLength(new Uint8Array(key.modulus))}`;
      } catch {
        return label;
      }
    }
    case OID_EC_PUBLIC_KEY:
      return curveLabel(namedCurveOf(spki.algorithm.parameters));
    case OID_ED25519:
      return 'Ed25519';
    case OID_ED448:
      return 'Ed448';
    case OID_X25519:
      return 'X25519';
    case OID_X448:
      return 'X448';
    default:
      return `unknown (${oid})`;
  }
}

export function encodeRsaSpki(
  algorithm: AlgorithmIdentifier,
  modulus: ArrayBuffer,
  publicExponent: ArrayBuffer,
) {
  // rsaEncryption carries NULL parameters in an SPKI (RFC 3279 §2.3.1), whatever the key file had.
  const alg =
    algorithm.algorithm === OID_RSA_ENCRYPTION
      ? new AlgorithmIdentifier({ algorithm: OID_RSA_ENCRYPTION, parameters: null })
      : algorithm;
  const publicKey = AsnConvert.serialize(new RSAPublicKey({ modulus, publicExponent }));
  return new Uint8Array(
    AsnConvert.serialize(new SubjectPublicKeyInfo({ algorithm: alg, subjectPublicKey: publicKey })),
  );
}

export function encodeEcSpki(curveOid: string, point: Uint8Array): Uint8Array {
  const parameters = AsnConvert.serialize(new ECParameters({ namedCurve: curveOid }));
  const spki = new SubjectPublicKeyInfo({
    algorithm: new AlgorithmIdentifier({ algorithm: OID_EC_PUBLIC_KEY, parameters }),
    subjectPublicKey: point.slice().buffer,
  });
  return new Uint8Array(AsnConvert.serialize(spki));
}

export function encodeRawKeySpki(oid: string, publicKey: Uint8Array): Uint8Array {
  // Ed25519/Ed448: the parameters are absent (RFC 8410 §3).
  const spki = new SubjectPublicKeyInfo({
    algorithm: new AlgorithmIdentifier({ algorithm: oid }),
    subjectPublicKey: publicKey.slice().buffer,
  });
  return new Uint8Array(AsnConvert.serialize(spki));
}
