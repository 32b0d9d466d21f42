// Names for what the simulator shows: distinguished-name comparison keys, key usages, extended key
// usages, signature and public key algorithms. The decoding itself is @peculiar/x509's; these are
// labels in the words OpenSSL prints.

import { loadedX509 } from './x509-library.ts';

/**
 * A comparison key for distinguished names in the library's string form. RFC 5280 §7.1 compares
 * names after case folding and whitespace folding (OpenSSL compares its canonical encoding, which
 * does the same), so "CN=Sample  CA" issued a certificate whose issuer reads "cn=sample ca".
 */
export function nameKey(formatted: string): string {
  return formatted.toLowerCase().replace(/\s+/g, ' ').trim();
}

let ekuNames: Record<string, string> | null = null;

/** extKeyUsage OID -> OpenSSL's short name ("serverAuth"); unknown OIDs stay as they are. */
export function extendedKeyUsageName(oid: string): string {
  if (!ekuNames) {
    const x509 = loadedX509();
    ekuNames = {
      ...Object.fromEntries(Object.entries(x509.ExtendedKeyUsage).map(([name, o]) => [o, name])),
      [x509.ExtendedKeyUsage.ocspSigning]: 'OCSPSigning',
      '2.5.29.37.0': 'anyExtendedKeyUsage',
    };
  }
  return ekuNames[oid] ?? oid;
}

/** keyUsage bits as names, in bit order ("digitalSignature", "keyCertSign", ...). */
export function keyUsageNames(flags: number): string[] {
  const names: string[] = [];
  for (const [name, bit] of Object.entries(loadedX509().KeyUsageFlags)) {
    if (typeof bit === 'number' && flags & bit) names.push(name);
  }
  return names;
}

/** Named curves by OID, for keys whose public half cannot be derived (the name is still shown). */
export const CURVE_NAMES: Record<string, string> = {
  '1.2.840.10045.3.1.7': 'P-256',
  '1.3.132.0.34': 'P-384',
  '1.3.132.0.35': 'P-521',
  '1.3.132.0.10': 'secp256k1',
};

function hashName(hash: unknown): string {
  const name = typeof hash === 'string' ? hash : ((hash as { name?: string } | undefined)?.name ?? '');
  return name.replace('-', '');
}

/**
 * OpenSSL's name for a signature algorithm given as the library's Web Crypto algorithm
 * ("ecdsa-with-SHA256", "sha256WithRSAEncryption", "rsassaPss", "ED25519").
 */
export function signatureAlgorithmName(algorithm: Algorithm & { hash?: unknown }): string {
  switch (algorithm.name) {
    case 'ECDSA':
      return `ecdsa-with-${hashName(algorithm.hash)}`;
    case 'RSASSA-PKCS1-v1_5':
      return `${hashName(algorithm.hash).toLowerCase()}WithRSAEncryption`;
    case 'RSA-PSS':
      return 'rsassaPss';
    case 'Ed25519':
    case 'Ed448':
      return algorithm.name.toUpperCase();
    default:
      return algorithm.name;
  }
}

/** "ECDSA P-256", "RSA 2048", "Ed25519" for the library's Web Crypto view of a public key. */
export function publicKeyAlgorithmName(
  algorithm: Algorithm & { namedCurve?: string; modulusLength?: number },
): string {
  switch (algorithm.name) {
    case 'ECDSA':
    case 'ECDH':
      return `ECDSA ${algorithm.namedCurve ?? '(unknown curve)'}`;
    case 'RSASSA-PKCS1-v1_5':
    case 'RSA-PSS':
    case 'RSA-OAEP':
      return algorithm.modulusLength ? `RSA ${algorithm.modulusLength}` : 'RSA';
    default:
      return algorithm.name;
  }
}
