import { describe, expect, it } from 'vitest';
import {
  attributeValues,
  extendedKeyUsageName,
  formatDistinguishedName,
  keyUsageNames,
  nameKey,
} from '../../../src/sim/tls/names.ts';
import { CN, O, dn } from './craft.ts';

describe('formatDistinguishedName', () => {
  it('writes RDNs in encoding order with short names for the usual attribute types', () => {
    const name = dn([
      [['2.5.4.6', { printableString: 'DE' }]],
      [['2.5.4.8', 'Berlin']],
      [['2.5.4.7', 'Mitte']],
      [[O, 'Sample GmbH']],
      [['2.5.4.11', 'Platform']],
      [[CN, 'api.sample.com']],
      [['1.2.840.113549.1.9.1', { ia5String: 'ops@sample.com' }]],
      [['0.9.2342.19200300.100.1.25', { ia5String: 'sample' }]],
      [['2.5.4.42', 'Jane']],
      [['2.5.4.4', 'Doe']],
      [['2.5.4.43', 'J']],
      [['2.5.4.12', 'Dr']],
    ]);
    expect(formatDistinguishedName(name)).toBe(
      'C=DE, ST=Berlin, L=Mitte, O=Sample GmbH, OU=Platform, CN=api.sample.com, E=ops@sample.com, DC=sample, G=Jane, SN=Doe, I=J, T=Dr',
    );
  });

  it('names other attribute types by OID', () => {
    const name = dn([[['2.5.4.5', { printableString: '42' }]], [['2.5.4.97', 'VATDE-1']], [[CN, 'x']]]);
    expect(formatDistinguishedName(name)).toBe('2.5.4.5=42, 2.5.4.97=VATDE-1, CN=x');
  });

  it('joins the attributes of a multi-valued RDN with "+"', () => {
    const name = dn([
      [
        [CN, 'a.sample.com'],
        ['2.5.4.11', 'Web'],
        [O, 'Sample'],
      ],
      [['2.5.4.6', { printableString: 'US' }]],
    ]);
    expect(formatDistinguishedName(name)).toBe('CN=a.sample.com+OU=Web+O=Sample, C=US');
  });

  it('escapes RFC 4514 special characters, a leading space or "#" and a trailing space', () => {
    expect(formatDistinguishedName(dn([[[CN, 'Sample, Inc.']]]))).toBe('CN=Sample\\, Inc.');
    expect(formatDistinguishedName(dn([[[CN, 'a+b"c\\d<e>f;g']]]))).toBe('CN=a\\+b\\"c\\\\d\\<e\\>f\\;g');
    expect(formatDistinguishedName(dn([[[CN, '#1 ']]]))).toBe('CN=\\#1\\ ');
    expect(formatDistinguishedName(dn([[[CN, ' x']]]))).toBe('CN=\\ x');
    // "=" and inner spaces stay as they are.
    expect(formatDistinguishedName(dn([[[CN, 'a=b c']]]))).toBe('CN=a=b c');
  });

  it('hex-escapes the first CR, LF or TAB only (as @peculiar/x509 did)', () => {
    expect(formatDistinguishedName(dn([[[CN, 'a\nb\nc']]]))).toBe('CN=a\\0Ab\nc');
    expect(formatDistinguishedName(dn([[[CN, 'tab\there']]]))).toBe('CN=tab\\09here');
  });

  it('reads every DirectoryString type and IA5String; other types are "#" and the DER in hex', () => {
    const name = dn([
      [[CN, { bmpString: 'Bmp' }]],
      [[O, { teletexString: 'Tele' }]],
      [['2.5.4.11', { universalString: 'Univ' }]],
      [['2.5.4.7', 'Überprüfung 日本']],
      [['2.5.4.8', '']],
      [['2.5.4.5', { der: [0x12, 0x02, 0x34, 0x32] }]],
    ]);
    expect(formatDistinguishedName(name)).toBe(
      'CN=Bmp, O=Tele, OU=Univ, L=Überprüfung 日本, ST=, 2.5.4.5=#12023432',
    );
  });

  it('an empty name is the empty string', () => {
    expect(formatDistinguishedName(dn([]))).toBe('');
  });

  it('nameKey folds case and whitespace (RFC 5280 §7.1)', () => {
    expect(nameKey('CN=Sample  CA, O=Org ')).toBe(nameKey('cn=sample ca, o=org'));
  });
});

describe('attributeValues', () => {
  it('lists the unescaped values of one type over all RDNs, in order', () => {
    const name = dn([
      [
        [CN, 'first, with comma'],
        [O, 'Org'],
      ],
      [[CN, 'second']],
    ]);
    expect(attributeValues(name, CN)).toEqual(['first, with comma', 'second']);
    expect(attributeValues(name, '2.5.4.11')).toEqual([]);
  });
});

describe('key usages', () => {
  it('names keyUsage bits in bit order', () => {
    expect(keyUsageNames(1 | 32 | 64)).toEqual(['digitalSignature', 'keyCertSign', 'cRLSign']);
    expect(keyUsageNames(511)).toEqual([
      'digitalSignature',
      'nonRepudiation',
      'keyEncipherment',
      'dataEncipherment',
      'keyAgreement',
      'keyCertSign',
      'cRLSign',
      'encipherOnly',
      'decipherOnly',
    ]);
    expect(keyUsageNames(0)).toEqual([]);
  });

  it('names extendedKeyUsage OIDs as OpenSSL does, unknown ones by OID', () => {
    expect(extendedKeyUsageName('1.3.6.1.5.5.7.3.1')).toBe('serverAuth');
    expect(extendedKeyUsageName('1.3.6.1.5.5.7.3.9')).toBe('OCSPSigning');
    expect(extendedKeyUsageName('2.5.29.37.0')).toBe('anyExtendedKeyUsage');
    expect(extendedKeyUsageName('1.3.6.1.4.1.311.10.3.4')).toBe('1.3.6.1.4.1.311.10.3.4');
  });
});
