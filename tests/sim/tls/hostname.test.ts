import { beforeAll, describe, expect, it } from 'vitest';
import { hostnameMatches, parsePemBundle, type ParsedCertificate } from '../../../src/sim/tls/index.ts';
import { makeCA, makeLeaf, type CA } from '../../support/certs.ts';

async function cert(ca: CA, sans: string[], commonName?: string): Promise<ParsedCertificate> {
  const leaf = await makeLeaf({ sans, issuer: ca, commonName });
  return (await parsePemBundle(leaf.certPem)).certificates[0];
}

describe('hostnameMatches (RFC 6125)', () => {
  let wildcard: ParsedCertificate;
  let exact: ParsedCertificate;
  let ips: ParsedCertificate;
  let cnOnly: ParsedCertificate;
  let sanAndOtherCn: ParsedCertificate;
  let ipCnOnly: ParsedCertificate;
  let oddWildcards: ParsedCertificate;

  beforeAll(async () => {
    const ca = await makeCA('Hostname Test CA');
    wildcard = await cert(ca, ['*.sample.com']);
    exact = await cert(ca, ['sample.com', 'API.Sample.com']);
    ips = await cert(ca, ['203.0.113.10', '2001:db8::1']);
    cnOnly = await cert(ca, [], 'legacy.sample.com');
    sanAndOtherCn = await cert(ca, ['a.sample.com'], 'cn.sample.com');
    ipCnOnly = await cert(ca, [], '203.0.113.20');
    oddWildcards = await cert(ca, ['*.com', 'a*.sample.org', '*.*.sample.net', 'x.*.sample.io']);
  });

  const table: [string, () => ParsedCertificate, string, boolean][] = [
    ['wildcard covers one label', () => wildcard, 'a.sample.com', true],
    ['wildcard does not cover the bare domain', () => wildcard, 'sample.com', false],
    ['wildcard covers exactly one label, not two', () => wildcard, 'a.b.sample.com', false],
    ['wildcard is case-insensitive', () => wildcard, 'WWW.SAMPLE.COM', true],
    ['trailing dot on the host is ignored', () => wildcard, 'a.sample.com.', true],
    ['wildcard does not cover another domain', () => wildcard, 'a.sample.org', false],
    ['wildcard does not cover a suffix trick', () => wildcard, 'a.evilsample.com', false],
    ['exact name', () => exact, 'sample.com', true],
    ['exact name, SAN in mixed case', () => exact, 'api.sample.com', true],
    ['exact name does not cover a subdomain', () => exact, 'www.sample.com', false],
    ['IPv4 host matches an iPAddress SAN', () => ips, '203.0.113.10', true],
    ['IPv4 host, other address', () => ips, '203.0.113.11', false],
    ['IPv6 host in another spelling', () => ips, '2001:0db8:0:0::1', true],
    ['IPv6 host in URL brackets', () => ips, '[2001:db8::1]', true],
    ['a DNS SAN never matches an IP host', () => exact, '203.0.113.10', false],
    ['"*.com" is too broad to be honoured', () => oddWildcards, 'sample.com', false],
    ['partial-label wildcard is not honoured', () => oddWildcards, 'ab.sample.org', false],
    ['two wildcards are not honoured', () => oddWildcards, 'a.b.sample.net', false],
    ['a wildcard not in the left-most label is not honoured', () => oddWildcards, 'x.y.sample.io', false],
    ['CN is ignored by default', () => cnOnly, 'legacy.sample.com', false],
    ['CN is ignored when the certificate has SANs', () => sanAndOtherCn, 'cn.sample.com', false],
  ];

  it.each(table)('%s: %s', (_name, c, host, expected) => {
    expect(hostnameMatches(c(), host)).toBe(expected);
  });

  it('allowCommonName: CN is used only without DNS/IP SANs', () => {
    expect(hostnameMatches(cnOnly, 'legacy.sample.com', { allowCommonName: true })).toBe(true);
    expect(hostnameMatches(cnOnly, 'LEGACY.sample.com.', { allowCommonName: true })).toBe(true);
    expect(hostnameMatches(cnOnly, 'other.sample.com', { allowCommonName: true })).toBe(false);
    expect(hostnameMatches(sanAndOtherCn, 'cn.sample.com', { allowCommonName: true })).toBe(false);
    expect(hostnameMatches(sanAndOtherCn, 'a.sample.com', { allowCommonName: true })).toBe(true);
    expect(hostnameMatches(ipCnOnly, '203.0.113.20', { allowCommonName: true })).toBe(true);
    expect(hostnameMatches(ipCnOnly, '203.0.113.20')).toBe(false);
  });
});
