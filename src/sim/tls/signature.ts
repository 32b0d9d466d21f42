// Certificate signature verification with Web Crypto: does the issuer's public key verify the child's
// signature over its to-be-signed bytes?

import { AsnConvert } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { ECDSASigValue } from '@peculiar/asn1-ecc';
import { RsaSaPssParams } from '@peculiar/asn1-rsa';
import { certificateParts } from './der.ts';
import { stripLeadingZeros, subtle, toArrayBuffer } from './encoding.ts';
import { CURVE_NAMES, OID_EC_PUBLIC_KEY, OID_ED25519, OID_ED448 } from './names.ts';
import { namedCurveOf } from './public-key.ts';

const HASH_BY_OID: Record<string, string> = {
  '1.3.14.3.2.26': 'SHA-1',
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
};

const RSA_PKCS1: Record<string, string> = {
  '1.2.840.113549.1.1.5': 'SHA-1',
  '1.2.840.113549.1.1.11': 'SHA-256',
  '1.2.840.113549.1.1.12': 'SHA-384',
  '1.2.840.113549.1.1.13': 'SHA-512',
};

const ECDSA: Record<string, string> = {
  '1.2.840.10045.4.1': 'SHA-1',
  '1.2.840.10045.4.3.2': 'SHA-256',
  '1.2.840.10045.4.3.3': 'SHA-384',
  '1.2.840.10045.4.3.4': 'SHA-512',
};

const CURVE_BYTES: Record<string, number> = { 'P-256': 32, 'P-384': 48, 'P-521': 66 };

export type SignatureCheck = { verified: boolean; error: string | null };

/** Web Crypto wants ECDSA signatures as r||s, each padded to the curve size; X.509 carries DER. */
function ecdsaDerToRaw(der: Uint8Array, size: number): Uint8Array {
  const sig = AsnConvert.parse(der, ECDSASigValue);
  const out = new Uint8Array(size * 2);
  const r = stripLeadingZeros(new Uint8Array(sig.r));
  const s = stripLeadingZeros(new Uint8Array(sig.s));
  if (r.length > size || s.length > size) throw new Error('ECDSA signature too long');
  out.set(r, size - r.length);
  out.set(s, size * 2 - s.length);
  return out;
}

async function verifyWith(
  importAlg: RsaHashedImportParams | EcKeyImportParams | Algorithm,
  verifyAlg: AlgorithmIdentifierLike,
  spki: Uint8Array,
  signature: Uint8Array,
  data: Uint8Array,
): Promise<boolean> {
  const key = await subtle().importKey('spki', toArrayBuffer(spki), importAlg, false, ['verify']);
  return subtle().verify(verifyAlg, key, toArrayBuffer(signature), toArrayBuffer(data));
}

type AlgorithmIdentifierLike = Algorithm | RsaPssParams | EcdsaParams;

/**
 * Verifies `childDer`'s signature with the public key of `issuerDer`. Never throws: an algorithm Web
 * Crypto lacks (SHA-224, Ed448 in browsers, explicit EC curves) gives `verified: false` with an error.
 */
export async function verifyCertificateSignature(
  childDer: Uint8Array,
  issuerDer: Uint8Array,
): Promise<SignatureCheck> {
  try {
    const child = certificateParts(childDer);
    const issuer = certificateParts(issuerDer);
    const sigAlg = AsnConvert.parse(child.signatureAlgorithm, AlgorithmIdentifier);
    const issuerSpki = AsnConvert.parse(issuer.subjectPublicKeyInfo, SubjectPublicKeyInfo);
    const oid = sigAlg.algorithm;
    const data = child.tbsCertificate;
    const spki = issuer.subjectPublicKeyInfo;
    let verified: boolean;
    if (RSA_PKCS1[oid]) {
      const alg = { name: 'RSASSA-PKCS1-v1_5', hash: RSA_PKCS1[oid] };
      verified = await verifyWith(alg, alg, spki, child.signature, data);
    } else if (oid === '1.2.840.113549.1.1.10') {
      const params = sigAlg.parameters
        ? AsnConvert.parse(sigAlg.parameters, RsaSaPssParams)
        : new RsaSaPssParams();
      const hash = HASH_BY_OID[params.hashAlgorithm.algorithm];
      if (!hash) return { verified: false, error: 'unsupported RSA-PSS hash' };
      verified = await verifyWith(
        { name: 'RSA-PSS', hash },
        { name: 'RSA-PSS', saltLength: params.saltLength } as RsaPssParams,
        spki,
        child.signature,
        data,
      );
    } else if (ECDSA[oid]) {
      if (issuerSpki.algorithm.algorithm !== OID_EC_PUBLIC_KEY)
        return { verified: false, error: 'key type mismatch' };
      const curve = CURVE_NAMES[namedCurveOf(issuerSpki.algorithm.parameters) ?? ''];
      if (!curve) return { verified: false, error: 'unsupported EC curve' };
      const raw = ecdsaDerToRaw(child.signature, CURVE_BYTES[curve]);
      verified = await verifyWith(
        { name: 'ECDSA', namedCurve: curve },
        { name: 'ECDSA', hash: ECDSA[oid] } as EcdsaParams,
        spki,
        raw,
        data,
      );
    } else if (oid === OID_ED25519 || oid === OID_ED448) {
      const name = oid === OID_ED25519 ? 'Ed25519' : 'Ed448';
      verified = await verifyWith({ name }, { name }, spki, child.signature, data);
    } else {
      return { verified: false, error: `unsupported signature algorithm ${oid}` };
    }
    return { verified, error: verified ? null : 'signature does not verify' };
  } catch (e) {
    return { verified: false, error: e instanceof Error ? e.message : String(e) };
  }
}
