// How the simulator read certificates while it used @peculiar/x509 (src/sim/tls/x509.ts, names.ts,
// verify.ts and private-key.ts up to commit 6825929), kept as the reference the asn1-x509 decoder and
// the Web Crypto signature checks are compared with (reference.test.ts). @peculiar/x509 is still a
// devDependency for the tests' certificate factory.

import { createHash } from 'node:crypto';
import type { ParsedCertificate } from '../../../src/sim/tls/index.ts';
import type { WebAlgorithm } from '../../../src/sim/tls/names.ts';
import { publicKeyAlgorithmName, signatureAlgorithmName } from '../../../src/sim/tls/names.ts';
import { loadX509 } from '../../support/x509-library.ts';

const x509 = await loadX509();

const EKU_NAMES: Record<string, string> = {
  ...Object.fromEntries(Object.entries(x509.ExtendedKeyUsage).map(([name, oid]) => [oid, name])),
  [x509.ExtendedKeyUsage.ocspSigning]: 'OCSPSigning',
  '2.5.29.37.0': 'anyExtendedKeyUsage',
};

function keyUsageNames(flags: number): string[] {
  const names: string[] = [];
  for (const [name, bit] of Object.entries(x509.KeyUsageFlags)) {
    if (typeof bit === 'number' && flags & bit) names.push(name);
  }
  return names;
}

/** The old library's Web Crypto algorithm objects carry the hash as {name} (or a string). */
function asWebAlgorithm(algorithm: Algorithm & { hash?: unknown }): WebAlgorithm {
  const hash = algorithm.hash;
  return {
    ...(algorithm as WebAlgorithm),
    hash: hash === undefined ? undefined : typeof hash === 'string' ? { name: hash } : (hash as WebAlgorithm),
  };
}

const sha256 = (bytes: ArrayBuffer | Uint8Array) =>
  createHash('sha256').update(new Uint8Array(bytes)).digest('hex');

/** The ParsedCertificate the @peculiar/x509-based parser made from this DER (throws like it did). */
export function referenceParse(der: Uint8Array): ParsedCertificate {
  const cert = new x509.X509Certificate(new Uint8Array(der).buffer);
  const dnsNames: string[] = [];
  const ipAddresses: string[] = [];
  const uris: string[] = [];
  for (const name of cert.getExtension(x509.SubjectAlternativeNameExtension)?.names.items ?? []) {
    if (name.type === 'dns') dnsNames.push(name.value);
    else if (name.type === 'ip') ipAddresses.push(name.value);
    else if (name.type === 'url') uris.push(name.value);
  }
  const bc = cert.getExtension(x509.BasicConstraintsExtension);
  const ku = cert.getExtension(x509.KeyUsagesExtension);
  const eku = cert.getExtension(x509.ExtendedKeyUsageExtension);
  const publicKey = cert.publicKey;
  const commonNames = cert.subjectName.getField('CN');
  return {
    fingerprint: sha256(der),
    subject: cert.subject,
    issuer: cert.issuer,
    commonName: commonNames.length > 0 ? commonNames[commonNames.length - 1] : null,
    dnsNames,
    ipAddresses,
    uris,
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    isCA: bc?.ca ?? false,
    basicConstraints: bc ? { cA: bc.ca, pathLenConstraint: bc.pathLength ?? null } : null,
    keyUsage: ku ? keyUsageNames(ku.usages) : null,
    extendedKeyUsage: eku ? eku.usages.map((oid) => EKU_NAMES[String(oid)] ?? String(oid)) : null,
    // The version, which the library read but did not expose (protected `asn`).
    version:
      (cert as unknown as { asn: { tbsCertificate: { version: number } } }).asn.tbsCertificate.version + 1,
    serialNumber: cert.serialNumber.toLowerCase(),
    signatureAlgorithm: signatureAlgorithmName(asWebAlgorithm(cert.signatureAlgorithm)),
    publicKeyAlgorithm: publicKeyAlgorithmName(asWebAlgorithm(publicKey.algorithm)),
    publicKeyFingerprint: sha256(publicKey.rawData),
    pem: cert.toString('pem').trimEnd() + '\n',
  };
}

/** Did @peculiar/x509's X509Certificate.verify accept `child`'s signature with `issuer`'s key? */
export async function referenceVerifies(child: Uint8Array, issuer: Uint8Array): Promise<boolean> {
  try {
    const c = new x509.X509Certificate(new Uint8Array(child).buffer);
    const i = new x509.X509Certificate(new Uint8Array(issuer).buffer);
    return await c.verify({ publicKey: i.publicKey, signatureOnly: true }, globalThis.crypto);
  } catch {
    return false;
  }
}

/** The algorithm name the old private-key.ts gave an SPKI (through the library's PublicKey). */
export function referenceSpkiAlgorithm(spki: Uint8Array): string {
  return publicKeyAlgorithmName(asWebAlgorithm(new x509.PublicKey(new Uint8Array(spki).buffer).algorithm));
}
