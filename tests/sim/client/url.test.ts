import { describe, expect, it } from 'vitest';
import {
  isIPv4Address,
  isIPv6Address,
  normaliseCurlUrl,
  type CurlUrl,
} from '../../../src/sim/traffic/client/index.ts';

describe('normaliseCurlUrl: accepted URLs', () => {
  it.each<[string, Partial<CurlUrl>]>([
    [
      'https://a.sample.com/api',
      {
        url: 'https://a.sample.com/api',
        scheme: 'https',
        host: 'a.sample.com',
        port: 443,
        explicitPort: false,
        pathAndQuery: '/api',
        authority: 'a.sample.com',
        sni: 'a.sample.com',
        isIpAddress: false,
        user: null,
        guessedScheme: false,
      },
    ],
    // No scheme: curl guesses http://.
    [
      'a.sample.com/x',
      { url: 'http://a.sample.com/x', scheme: 'http', port: 80, guessedScheme: true, pathAndQuery: '/x' },
    ],
    ['a.sample.com', { url: 'http://a.sample.com/', pathAndQuery: '/', guessedScheme: true }],
    ['a.sample.com:8080', { url: 'http://a.sample.com:8080/', port: 8080, authority: 'a.sample.com:8080' }],
    // Empty path becomes "/"; query kept; fragment dropped.
    ['https://a.sample.com', { url: 'https://a.sample.com/', pathAndQuery: '/' }],
    ['http://a?x=1', { url: 'http://a/?x=1', pathAndQuery: '/?x=1' }],
    ['http://a/p?x=1#top', { url: 'http://a/p?x=1', pathAndQuery: '/p?x=1' }],
    // Scheme is case-insensitive; the host keeps its case.
    ['HTTPS://A.Sample.com/', { url: 'https://A.Sample.com/', scheme: 'https', host: 'A.Sample.com' }],
    // The default port is left out of the Host header even when typed.
    [
      'https://a.sample.com:443/',
      { url: 'https://a.sample.com:443/', port: 443, explicitPort: true, authority: 'a.sample.com' },
    ],
    ['http://a.sample.com:8080/', { port: 8080, explicitPort: true, authority: 'a.sample.com:8080' }],
    ['https://a.sample.com:80/', { port: 80, authority: 'a.sample.com:80' }],
    ['http://a.sample.com:0080/', { url: 'http://a.sample.com:80/', port: 80 }],
    // A colon without digits after a scheme means the default port.
    ['http://a.b:/', { url: 'http://a.b/', port: 80, explicitPort: false }],
    // One to three slashes after the scheme.
    ['http:/a/x', { url: 'http://a/x' }],
    ['http:///a/x', { url: 'http://a/x' }],
    // Dot segments are removed, unless pathAsIs.
    ['http://a/x/../y/./z', { pathAndQuery: '/y/z' }],
    ['http://a/..', { pathAndQuery: '/' }],
    ['http://a/x/.', { pathAndQuery: '/x/' }],
    ['http://a/x/..?q', { pathAndQuery: '/?q' }],
    // IPv4 addresses send no SNI; curl's shorthand forms are normalised.
    [
      'https://203.0.113.10/',
      { host: '203.0.113.10', sni: null, isIpAddress: true, authority: '203.0.113.10' },
    ],
    ['http://0x7f.1/', { host: '127.0.0.1', isIpAddress: true }],
    ['http://2130706433:8080', { url: 'http://127.0.0.1:8080/', host: '127.0.0.1' }],
    ['http://10.1/', { host: '10.0.0.1' }],
    ['http://0177.0.0.1/', { host: '127.0.0.1' }],
    // Not an IPv4 address: a name.
    ['http://256.1.1.1/', { host: '256.1.1.1', isIpAddress: false, sni: '256.1.1.1' }],
    // User info is taken out of the URL.
    ['http://user:pw@host/p', { url: 'http://host/p', user: 'user:pw', host: 'host' }],
    // Percent-encoded host names are decoded.
    ['http://a%2esample.com/', { host: 'a.sample.com' }],
    // A trailing dot stays in the host but not in the SNI.
    ['https://a.sample.com./', { host: 'a.sample.com.', sni: 'a.sample.com' }],
  ])('%j', (input, expected) => {
    expect(normaliseCurlUrl(input)).toMatchObject(expected);
  });

  it('keeps dot segments with pathAsIs', () => {
    expect(normaliseCurlUrl('http://a/x/../y', { pathAsIs: true })).toMatchObject({
      pathAndQuery: '/x/../y',
    });
  });
});

describe('normaliseCurlUrl: rejected URLs', () => {
  it.each<[string, string, 1 | 3]>([
    ['', 'curl: (3) URL using bad/illegal format or missing URL', 3],
    ['http://a b/', 'curl: (3) URL rejected: Malformed input to a URL function', 3],
    ['http://a/\tb', 'curl: (3) URL rejected: Malformed input to a URL function', 3],
    [
      'http://a:99999/',
      'curl: (3) URL rejected: Port number was not a decimal number between 0 and 65535',
      3,
    ],
    ['http://a:8o/', 'curl: (3) URL rejected: Port number was not a decimal number between 0 and 65535', 3],
    ['http://a:-1/', 'curl: (3) URL rejected: Port number was not a decimal number between 0 and 65535', 3],
    // Without a scheme a bare colon is a bad port, not the default.
    ['a.b:', 'curl: (3) URL rejected: Port number was not a decimal number between 0 and 65535', 3],
    ['http:////a/', 'curl: (3) URL rejected: Unsupported number of slashes following scheme', 3],
    ['http:///', 'curl: (3) URL rejected: No host part in the URL', 3],
    ['http://:80/', 'curl: (3) URL rejected: No host part in the URL', 3],
    ['http://a$b/', 'curl: (3) URL rejected: Bad hostname', 3],
    ['http://a_b{c}/', 'curl: (3) URL rejected: Bad hostname', 3],
    ['http://a%25b/', 'curl: (3) URL rejected: Bad hostname', 3],
    ['http://$INGRESS_HOST/', 'curl: (3) URL rejected: Bad hostname', 3],
    [
      'http://$INGRESS_HOST:$INGRESS_PORT/',
      'curl: (3) URL rejected: Port number was not a decimal number between 0 and 65535',
      3,
    ],
    ['http://[::1/', 'curl: (3) URL rejected: Bad IPv6 address', 3],
    ['http://[zz::1]/', 'curl: (3) URL rejected: Bad IPv6 address', 3],
    [
      'http://[::1]:8080/',
      'curl: (3) IPv6 address [::1] is not supported by this simulator: the simulated gateway has IPv4 addresses only',
      3,
    ],
    ['tcp://203.0.113.10:31400', 'curl: (1) Protocol "tcp" not supported', 1],
    ['localhost:/x', 'curl: (1) Protocol "localhost" not supported', 1],
    ['ftp://a/', 'curl: (1) Protocol "ftp" is not supported by this simulator (only http and https are)', 1],
    // curl guesses ftp:// for "ftp." hosts.
    [
      'ftp.example.com/x',
      'curl: (1) Protocol "ftp" is not supported by this simulator (only http and https are)',
      1,
    ],
    ['wss://a/', 'curl: (1) Protocol "wss" is not supported by this simulator (only http and https are)', 1],
  ])('%j', (input, error, curlExitCode) => {
    expect(normaliseCurlUrl(input)).toEqual({ error, curlExitCode });
  });
});

describe('address syntax', () => {
  it.each<[string, boolean]>([
    ['203.0.113.10', true],
    ['0.0.0.0', true],
    ['255.255.255.255', true],
    ['256.0.0.1', false],
    ['01.2.3.4', false],
    ['1.2.3', false],
    ['1.2.3.4.5', false],
    ['a.b.c.d', false],
  ])('IPv4 %j', (s, ok) => {
    expect(isIPv4Address(s)).toBe(ok);
  });

  it.each<[string, boolean]>([
    ['::1', true],
    ['::', true],
    ['2001:db8::1', true],
    ['2001:db8:0:0:0:0:0:1', true],
    ['::ffff:203.0.113.10', true],
    ['2001:db8::1::2', false],
    ['2001:db8:0:0:0:0:0:0:1', false],
    ['12345::1', false],
    ['1.2.3.4', false],
    ['g::1', false],
  ])('IPv6 %j', (s, ok) => {
    expect(isIPv6Address(s)).toBe(ok);
  });
});
