// Distinguished names as text, and names for the object identifiers the simulator shows.

import type { Name } from '@peculiar/asn1-x509';
import { toHex } from './encoding.ts';

const ATTRIBUTE_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'STREET',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'title',
  '2.5.4.42': 'GN',
  '0.9.2342.19200300.100.1.1': 'UID',
  '0.9.2342.19200300.100.1.25': 'DC',
  '1.2.840.113549.1.9.1': 'emailAddress',
};

const COMMON_NAME = '2.5.4.3';

/** RFC 4514 §2.4 escaping of an attribute value. */
function escapeValue(value: string): string {
  let out = value.replace(/[\\,+"<>;=]/g, (c) => '\\' + c);
  if (out.startsWith('#') || out.startsWith(' ')) out = '\\' + out;
  if (out.endsWith(' ') && out.length > 1) out = out.slice(0, -1) + '\\ ';
  return out;
}

function attributeValueText(value: { toString(): string; anyValue?: ArrayBuffer }): string {
  if (value.anyValue) return '#' + toHex(new Uint8Array(value.anyValue));
  return escapeValue(value.toString());
}

/**
 * RFC 4514 string form: the last RDN first (so "CN=a.sample.com, O=Sample" for a subject encoded as
 * O then CN, as `openssl x509 -nameopt RFC2253` prints it), with ", " between RDNs for readability.
 */
export function formatName(name: Name): string {
  const rdns: string[] = [];
  for (const rdn of name) {
    rdns.push(
      rdn.map((atv) => `${ATTRIBUTE_NAMES[atv.type] ?? atv.type}=${attributeValueText(atv.value)}`).join('+'),
    );
  }
  return rdns.reverse().join(', ');
}

/**
 * The subject's most specific common name: the last CN in encoding order. curl's host check uses the
 * same one ("we have to look to the last occurrence of a commonName", lib/vtls/openssl.c).
 */
export function lastCommonName(name: Name): string | null {
  let cn: string | null = null;
  for (const rdn of name) for (const atv of rdn) if (atv.type === COMMON_NAME) cn = atv.value.toString();
  return cn;
}

/**
 * A comparison key for names. RFC 5280 §7.1 compares names after case folding and whitespace
 * folding (as OpenSSL's canonical encoding does); this key does the same on the string form.
 */
export function nameKey(formatted: string): string {
  return formatted.toLowerCase().replace(/\s+/g, ' ').trim();
}

export const EXTENDED_KEY_USAGE_NAMES: Record<string, string> = {
  '1.3.6.1.5.5.7.3.1': 'serverAuth',
  '1.3.6.1.5.5.7.3.2': 'clientAuth',
  '1.3.6.1.5.5.7.3.3': 'codeSigning',
  '1.3.6.1.5.5.7.3.4': 'emailProtection',
  '1.3.6.1.5.5.7.3.8': 'timeStamping',
  '1.3.6.1.5.5.7.3.9': 'OCSPSigning',
  '2.5.29.37.0': 'anyExtendedKeyUsage',
};

export const CURVE_NAMES: Record<string, string> = {
  '1.2.840.10045.3.1.7': 'P-256',
  '1.3.132.0.34': 'P-384',
  '1.3.132.0.35': 'P-521',
};

export const SIGNATURE_ALGORITHM_NAMES: Record<string, string> = {
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.113549.1.1.14': 'sha224WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'rsassaPss',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.1': 'ecdsa-with-SHA224',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.3.101.112': 'ED25519',
  '1.3.101.113': 'ED448',
};

export const OID_RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
export const OID_RSASSA_PSS = '1.2.840.113549.1.1.10';
export const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
export const OID_ED25519 = '1.3.101.112';
export const OID_ED448 = '1.3.101.113';
export const OID_X25519 = '1.3.101.110';
export const OID_X448 = '1.3.101.111';
