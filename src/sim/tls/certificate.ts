// One DER certificate decoded with @peculiar/asn1-x509 into the plain record the simulator passes
// around (ParsedCertificate). The fields and their strings are the ones the simulator produced when
// @peculiar/x509's X509Certificate did the decoding, which was a layer over the same asn1-x509
// classes: the same parser, the same Name, GeneralName and Time objects.
//
// Part of the lazily loaded decoder (see asn1-loader.ts): imports @peculiar/asn1-* as values.

import { AsnConvert } from '@peculiar/asn1-schema';
import {
  AuthorityInfoAccessSyntax,
  AuthorityKeyIdentifier,
  BasicConstraints,
  CRLDistributionPoints,
  Certificate,
  CertificatePolicies,
  ExtendedKeyUsage,
  GeneralNames,
  KeyUsage,
  SubjectAlternativeName,
  SubjectKeyIdentifier,
  id_ce_authorityKeyIdentifier,
  id_ce_basicConstraints,
  id_ce_cRLDistributionPoints,
  id_ce_certificatePolicies,
  id_ce_extKeyUsage,
  id_ce_issuerAltName,
  id_ce_keyUsage,
  id_ce_subjectAltName,
  id_ce_subjectKeyIdentifier,
  id_pe_authorityInfoAccess,
} from '@peculiar/asn1-x509';
import type { Time } from '@peculiar/asn1-x509';
import { publicKeyWebAlgorithm, webAlgorithm } from './algorithms.ts';
import { sha256Hex, toArrayBuffer, toHex } from './encoding.ts';
import {
  OID_COMMON_NAME,
  attributeValues,
  extendedKeyUsageName,
  formatDistinguishedName,
  keyUsageNames,
  publicKeyAlgorithmName,
  signatureAlgorithmName,
} from './names.ts';
import { encodePem } from './pem.ts';
import type { ParsedCertificate } from './x509.ts';

/**
 * Extensions whose value is decoded, by type. Beyond the four the simulator reads, these are the
 * ones @peculiar/x509 decoded whenever a certificate's extensions were read (its ExtensionFactory),
 * so a certificate with a malformed one of them is still refused with the decoder's message.
 */
const EXTENSION_TYPES: Record<string, new () => object> = {
  [id_ce_certificatePolicies]: CertificatePolicies,
  [id_ce_basicConstraints]: BasicConstraints,
  [id_ce_extKeyUsage]: ExtendedKeyUsage,
  [id_ce_keyUsage]: KeyUsage,
  [id_ce_subjectKeyIdentifier]: SubjectKeyIdentifier,
  [id_ce_authorityKeyIdentifier]: AuthorityKeyIdentifier,
  [id_ce_subjectAltName]: SubjectAlternativeName,
  [id_ce_cRLDistributionPoints]: CRLDistributionPoints,
  [id_pe_authorityInfoAccess]: AuthorityInfoAccessSyntax,
  [id_ce_issuerAltName]: GeneralNames,
};

function decodeExtensions(cert: Certificate): Map<string, unknown> {
  const decoded = new Map<string, unknown>();
  for (const extension of cert.tbsCertificate.extensions ?? []) {
    const type = EXTENSION_TYPES[extension.extnID];
    if (!type) continue;
    const value = AsnConvert.parse(extension.extnValue.buffer, type);
    // The first of repeated extensions counts (RFC 5280 §4.2 forbids repeating one).
    if (!decoded.has(extension.extnID)) decoded.set(extension.extnID, value);
  }
  return decoded;
}

function isoTime(time: Time, field: string): string {
  const date = time.utcTime || time.generalTime;
  if (!date) throw new Error(`Cannot get '${field}' value`);
  return date.toISOString();
}

/** Serial number as hex, without the 00 byte that keeps a DER INTEGER with a high first bit positive. */
function serialHex(serial: ArrayBuffer): string {
  const bytes = new Uint8Array(serial);
  return toHex(bytes.length > 1 && bytes[0] === 0 && bytes[1] > 0x7f ? bytes.subarray(1) : bytes);
}

/** Decodes one DER certificate. Throws with the decoder's short reason when it is not one. */
export async function decodeCertificate(der: Uint8Array, fingerprint: string): Promise<ParsedCertificate> {
  const cert = AsnConvert.parse(toArrayBuffer(der), Certificate);
  const tbs = cert.tbsCertificate;
  const extensions = decodeExtensions(cert);

  const dnsNames: string[] = [];
  const ipAddresses: string[] = [];
  const uris: string[] = [];
  const san = extensions.get(id_ce_subjectAltName) as SubjectAlternativeName | undefined;
  for (const name of san ?? []) {
    if (name.dNSName !== undefined) dnsNames.push(name.dNSName);
    else if (name.iPAddress !== undefined) ipAddresses.push(name.iPAddress);
    else if (name.uniformResourceIdentifier !== undefined) uris.push(name.uniformResourceIdentifier);
  }
  const bc = extensions.get(id_ce_basicConstraints) as BasicConstraints | undefined;
  const ku = extensions.get(id_ce_keyUsage) as KeyUsage | undefined;
  const eku = extensions.get(id_ce_extKeyUsage) as ExtendedKeyUsage | undefined;
  const publicKeyAlgorithm = publicKeyAlgorithmName(publicKeyWebAlgorithm(tbs.subjectPublicKeyInfo));
  const commonNames = attributeValues(tbs.subject, OID_COMMON_NAME);

  return {
    fingerprint,
    subject: formatDistinguishedName(tbs.subject),
    issuer: formatDistinguishedName(tbs.issuer),
    commonName: commonNames.length > 0 ? commonNames[commonNames.length - 1] : null,
    dnsNames,
    ipAddresses,
    uris,
    notBefore: isoTime(tbs.validity.notBefore, 'notBefore'),
    notAfter: isoTime(tbs.validity.notAfter, 'notAfter'),
    isCA: bc?.cA ?? false,
    basicConstraints: bc ? { cA: bc.cA, pathLenConstraint: bc.pathLenConstraint ?? null } : null,
    keyUsage: ku ? keyUsageNames(ku.toNumber()) : null,
    extendedKeyUsage: eku ? eku.map((oid) => extendedKeyUsageName(oid)) : null,
    version: tbs.version + 1,
    serialNumber: serialHex(tbs.serialNumber),
    signatureAlgorithm: signatureAlgorithmName(webAlgorithm(cert.signatureAlgorithm)),
    publicKeyAlgorithm,
    // The SPKI as DER-encoded again from its decoded form (what the library hashed).
    publicKeyFingerprint: await sha256Hex(AsnConvert.serialize(tbs.subjectPublicKeyInfo)),
    pem: encodePem('CERTIFICATE', der),
  };
}
