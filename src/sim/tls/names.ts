// Names for what the simulator shows: distinguished names as text (and their comparison keys), key
// usages, extended key usages, signature and public key algorithms, in the words the simulator has
// always printed (the ones @peculiar/x509 printed when it did the decoding; OpenSSL's where they agree).
//
// Pure functions over decoded values: the ASN.1 objects come from the lazily loaded decoder
// (certificate.ts), and this module only imports their types, so it costs the first load nothing.

import type { AttributeTypeAndValue, Name } from '@peculiar/asn1-x509';
import { toHex } from './encoding.ts';

/**
 * A comparison key for distinguished names in their string form. RFC 5280 §7.1 compares names
 * after case folding and whitespace folding (OpenSSL compares its canonical encoding, which does the
 * same), so "CN=Sample  CA" issued a certificate whose issuer reads "cn=sample ca".
 */
export function nameKey(formatted: string): string {
  return formatted.toLowerCase().replace(/\s+/g, ' ').trim();
}

export const OID_COMMON_NAME = '2.5.4.3';

/**
 * Short names of attribute types, as @peculiar/x509's Name.toString prints them (its `names`
 * registry in name.ts); any other type is printed as its dotted OID. G and I are its names for
 * givenName and initials, T for title, E for emailAddress.
 */
const ATTRIBUTE_TYPE_NAMES: Record<string, string> = {
  [OID_COMMON_NAME]: 'CN',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.6': 'C',
  '0.9.2342.19200300.100.1.25': 'DC',
  '1.2.840.113549.1.9.1': 'E',
  '2.5.4.42': 'G',
  '2.5.4.43': 'I',
  '2.5.4.4': 'SN',
  '2.5.4.12': 'T',
};

function hexEscape(character: string): string {
  return '\\' + toHex(new TextEncoder().encode(character)).toUpperCase();
}

/**
 * RFC 4514 §2.4 escaping, exactly as @peculiar/x509's Name.toString does it: a backslash before
 * , + " \ < > ; anywhere, before a leading space or "#" and before a trailing space; the first CR, LF
 * or TAB (only the first: the library's expression has no /g) as \XX hex. "=" is left alone.
 */
function escapeAttributeValue(value: string): string {
  return value
    .replace(/([,+"\\<>;])/g, '\\$1')
    .replace(/^([ #])/, '\\$1')
    .replace(/([ ]$)/, '\\$1')
    .replace(/([\r\n\t])/, hexEscape);
}

function formatAttribute(attribute: AttributeTypeAndValue): string {
  const type = ATTRIBUTE_TYPE_NAMES[attribute.type] ?? attribute.type;
  // A value of a type outside DirectoryString and IA5String (a NumericString, a BIT STRING, ...) is
  // kept as its whole DER encoding: RFC 4514 §2.4 writes it as "#" and hex.
  const value = attribute.value.anyValue
    ? '#' + toHex(attribute.value.anyValue)
    : escapeAttributeValue(attribute.value.toString());
  return `${type}=${value}`;
}

/**
 * A distinguished name as text: RDNs in the certificate's encoding order (as OpenSSL and curl print
 * them, not RFC 4514's reversed order) joined by ", ", the attributes of a multi-valued RDN joined by
 * "+". "CN=a.sample.com, O=Sample"; "O=Sample Org, CN=a.sample.com" for `-subj /O=Sample Org/CN=...`.
 */
export function formatDistinguishedName(name: Name): string {
  return name.map((rdn) => rdn.map(formatAttribute).join('+')).join(', ');
}

/** The (unescaped) values of every attribute of one type, in encoding order. */
export function attributeValues(name: Name, type: string): string[] {
  const values: string[] = [];
  for (const rdn of name) {
    for (const attribute of rdn) if (attribute.type === type) values.push(attribute.value.toString());
  }
  return values;
}

/** extKeyUsage OID -> OpenSSL's short name ("serverAuth"); unknown OIDs stay as they are. */
const EXTENDED_KEY_USAGE_NAMES: Record<string, string> = {
  '1.3.6.1.5.5.7.3.1': 'serverAuth',
  '1.3.6.1.5.5.7.3.2': 'clientAuth',
  '1.3.6.1.5.5.7.3.3': 'codeSigning',
  '1.3.6.1.5.5.7.3.4': 'emailProtection',
  '1.3.6.1.5.5.7.3.8': 'timeStamping',
  '1.3.6.1.5.5.7.3.9': 'OCSPSigning',
  '2.5.29.37.0': 'anyExtendedKeyUsage',
};

export function extendedKeyUsageName(oid: string): string {
  return EXTENDED_KEY_USAGE_NAMES[oid] ?? oid;
}

/**
 * keyUsage bits (RFC 5280 §4.2.1.3) as the flag values asn1-x509's KeyUsage.toNumber() gives: bit 0
 * (digitalSignature) is 1, bit 8 (decipherOnly) is 256.
 */
const KEY_USAGE_FLAGS: [string, number][] = [
  ['digitalSignature', 1],
  ['nonRepudiation', 2],
  ['keyEncipherment', 4],
  ['dataEncipherment', 8],
  ['keyAgreement', 16],
  ['keyCertSign', 32],
  ['cRLSign', 64],
  ['encipherOnly', 128],
  ['decipherOnly', 256],
];

/** keyUsage bits as names, in bit order ("digitalSignature", "keyCertSign", ...). */
export function keyUsageNames(flags: number): string[] {
  return KEY_USAGE_FLAGS.filter(([, bit]) => flags & bit).map(([name]) => name);
}

/** Named curves by OID, for keys whose public half cannot be derived (the name is still shown). */
export const CURVE_NAMES: Record<string, string> = {
  '1.2.840.10045.3.1.7': 'P-256',
  '1.3.132.0.34': 'P-384',
  '1.3.132.0.35': 'P-521',
  '1.3.132.0.10': 'secp256k1',
};

/**
 * An algorithm in Web Crypto's terms (see algorithms.ts): how the simulator describes signature and
 * public key algorithms, and what it hands to `crypto.subtle`.
 */
export interface WebAlgorithm {
  name: string;
  hash?: WebAlgorithm;
  namedCurve?: string;
  saltLength?: number;
  modulusLength?: number;
}

function hashName(hash: WebAlgorithm | undefined): string {
  return (hash?.name ?? '').replace('-', '');
}

/**
 * OpenSSL's name for a signature algorithm given as a Web Crypto algorithm ("ecdsa-with-SHA256",
 * "sha256WithRSAEncryption", "rsassaPss", "ED25519"; other names as they are).
 */
export function signatureAlgorithmName(algorithm: WebAlgorithm): string {
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

/** "ECDSA P-256", "RSA 2048", "Ed25519" for the Web Crypto view of a public key. */
export function publicKeyAlgorithmName(algorithm: WebAlgorithm): string {
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
