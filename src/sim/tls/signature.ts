// Certificate signature checks with Web Crypto: does the issuer's public key verify the child's
// signature over its to-be-signed bytes, as received?
//
// The signature algorithm identifier (RFC 5280 §4.1.1.2) is mapped to Web Crypto parameters here:
// - sha1/sha256/sha384/sha512WithRSAEncryption (RFC 3279 §2.2.1, RFC 4055 §5): RSASSA-PKCS1-v1_5
//   with that hash;
// - id-RSASSA-PSS (RFC 4055 §3.1): RSA-PSS with the hash and salt length of its RSASSA-PSS-params
//   (which MUST be present on a signature; defaults SHA-1 and 20 when a field is left out). The
//   maskGenAlgorithm is not read: Web Crypto always uses MGF1 with the message hash, which is what
//   every common signer uses (a signature made with another MGF1 hash does not verify);
// - ecdsa-with-SHA1/SHA256/SHA384/SHA512 (RFC 3279 §2.2.3, RFC 5758 §3.2): ECDSA with that hash on
//   the issuer key's named curve (P-256, P-384, P-521). The signature is a DER ECDSA-Sig-Value
//   SEQUENCE { r, s }; Web Crypto wants r || s, each left-padded to the curve's size (IEEE P1363);
// - id-Ed25519 (RFC 8410 §3): Ed25519, where the platform has it.
// Everything else counts as "does not verify": SHA-224 and other hashes Web Crypto lacks, Ed448
// (no browser has it, and BoringSSL, Envoy's TLS library, does not implement it), explicit or other
// curves, DSA, unknown OIDs, and a key of the wrong type for the algorithm. This is what the
// simulator did when @peculiar/x509's X509Certificate.verify did the work (it mapped the same
// algorithms and answered false for the rest), and so does the key import: an RSASSA-PSS key
// (id-RSASSA-PSS in the SPKI) is imported as a plain RSA key, so it also verifies PKCS#1 v1.5
// signatures, where OpenSSL would refuse the key for them (RFC 4055 §1.2).
//
// Part of the lazily loaded decoder (see asn1-loader.ts): imports @peculiar/asn1-* as values.

import { AsnConvert } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Certificate, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';
import { ECDSASigValue, id_ecPublicKey } from '@peculiar/asn1-ecc';
import { id_RSASSA_PSS, id_rsaEncryption } from '@peculiar/asn1-rsa';
import { HASHES, NAMED_CURVES, namedCurveOid, OID_ED25519, webAlgorithm } from './algorithms.ts';
import { webCrypto } from './encoding.ts';

/** The parts of a certificate a signature check needs. */
export interface SignedCertificate {
  /** The DER of tbsCertificate as it was received (not re-encoded). */
  tbs: ArrayBuffer;
  signatureAlgorithm: AlgorithmIdentifier;
  /** The signatureValue BIT STRING's bytes. */
  signature: ArrayBuffer;
  publicKey: SubjectPublicKeyInfo;
}

export function signedCertificate(der: ArrayBuffer): SignedCertificate {
  const cert = AsnConvert.parse(der, Certificate);
  return {
    tbs: cert.tbsCertificateRaw ?? AsnConvert.serialize(cert.tbsCertificate),
    signatureAlgorithm: cert.signatureAlgorithm,
    signature: cert.signatureValue,
    publicKey: cert.tbsCertificate.subjectPublicKeyInfo,
  };
}

/** Size in bytes of r and of s in a P1363 signature on each curve Web Crypto supports. */
const CURVE_SIZES: Record<string, number> = { 'P-256': 32, 'P-384': 48, 'P-521': 66 };

function leftPad(integer: ArrayBuffer, size: number): Uint8Array {
  let bytes = new Uint8Array(integer);
  let start = 0;
  while (start < bytes.length && bytes[start] === 0) start++;
  bytes = bytes.subarray(start);
  if (bytes.length > size) throw new RangeError(`ECDSA signature integer longer than ${size} bytes`);
  const out = new Uint8Array(size);
  out.set(bytes, size - bytes.length);
  return out;
}

/**
 * A DER ECDSA-Sig-Value (RFC 3279 §2.2.3) as the r || s form Web Crypto verifies (IEEE P1363):
 * each INTEGER without its sign padding, left-padded with zeros to the curve's size. Throws when the
 * DER does not decode or an integer does not fit (such a signature cannot be valid).
 */
export function ecdsaSignatureToP1363(der: ArrayBuffer, curveSize: number): Uint8Array<ArrayBuffer> {
  const value = AsnConvert.parse(der, ECDSASigValue);
  const raw = new Uint8Array(curveSize * 2);
  raw.set(leftPad(value.r, curveSize), 0);
  raw.set(leftPad(value.s, curveSize), curveSize);
  return raw;
}

type WebCryptoParams = Algorithm | RsaHashedImportParams | EcKeyImportParams | RsaPssParams | EcdsaParams;

interface VerifyParams {
  importAlgorithm: WebCryptoParams;
  verifyAlgorithm: WebCryptoParams;
  signature: BufferSource;
}

/** Hashes Web Crypto has (SHA-224 is not one of them). */
const WEB_CRYPTO_HASHES = new Set(Object.values(HASHES));

/** Web Crypto parameters for checking `child`'s signature with `issuerKey`, or null if unsupported. */
export function verifyParams(child: SignedCertificate, issuerKey: SubjectPublicKeyInfo): VerifyParams | null {
  const algorithm = webAlgorithm(child.signatureAlgorithm);
  const hash = algorithm.hash && WEB_CRYPTO_HASHES.has(algorithm.hash.name) ? algorithm.hash.name : null;
  switch (algorithm.name) {
    case 'RSASSA-PKCS1-v1_5':
      if (!hash) return null;
      return {
        importAlgorithm: { name: algorithm.name, hash },
        verifyAlgorithm: { name: algorithm.name },
        signature: child.signature,
      };
    case 'RSA-PSS':
      if (!hash || algorithm.saltLength === undefined) return null;
      return {
        importAlgorithm: { name: algorithm.name, hash },
        verifyAlgorithm: { name: algorithm.name, saltLength: algorithm.saltLength },
        signature: child.signature,
      };
    case 'ECDSA': {
      if (!hash || issuerKey.algorithm.algorithm !== id_ecPublicKey) return null;
      const namedCurve = NAMED_CURVES[namedCurveOid(issuerKey.algorithm.parameters) ?? ''];
      const size = CURVE_SIZES[namedCurve];
      if (!size) return null;
      return {
        importAlgorithm: { name: 'ECDSA', namedCurve },
        verifyAlgorithm: { name: 'ECDSA', hash },
        signature: ecdsaSignatureToP1363(child.signature, size),
      };
    }
    default:
      if (child.signatureAlgorithm.algorithm !== OID_ED25519) return null;
      return {
        importAlgorithm: { name: 'Ed25519' },
        verifyAlgorithm: { name: 'Ed25519' },
        signature: child.signature,
      };
  }
}

/**
 * The issuer key as Web Crypto imports it: an id-RSASSA-PSS key as rsaEncryption (Web Crypto
 * implementations do not all accept the PSS OID in an SPKI; the algorithm comes from the signature).
 */
function importableSpki(key: SubjectPublicKeyInfo): ArrayBuffer {
  if (key.algorithm.algorithm !== id_RSASSA_PSS) return AsnConvert.serialize(key);
  return AsnConvert.serialize(
    new SubjectPublicKeyInfo({
      algorithm: new AlgorithmIdentifier({ algorithm: id_rsaEncryption, parameters: null }),
      subjectPublicKey: key.subjectPublicKey,
    }),
  );
}

/**
 * Does `issuer`'s public key verify `child`'s signature? An algorithm the platform cannot verify, a
 * key of the wrong type or a malformed signature is "no", never an error.
 */
export async function signatureVerifies(
  child: SignedCertificate,
  issuer: SignedCertificate,
): Promise<boolean> {
  try {
    const params = verifyParams(child, issuer.publicKey);
    if (!params) return false;
    const { subtle } = webCrypto();
    const key = await subtle.importKey(
      'spki',
      importableSpki(issuer.publicKey),
      params.importAlgorithm,
      false,
      ['verify'],
    );
    return await subtle.verify(params.verifyAlgorithm, key, params.signature, child.tbs);
  } catch {
    return false;
  }
}
