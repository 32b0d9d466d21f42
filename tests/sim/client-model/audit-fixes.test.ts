// Client behaviours pinned by the client-model audit: a Secret whose key does not belong to its
// certificate, the requested server name in lower case, curl --connect-to, curl --max-redirs, and a
// browser request in a curl scenario.
import { beforeAll, describe, expect, it } from 'vitest';
import { simulate } from '../../../src/sim/index.ts';
import { formatResult } from '../../../src/sim/explain/format.ts';
import type { Scenario } from '../../../src/sim/scenario.ts';
import { DNS, GATEWAY_IP, getPki, join, secret, twoGateways } from './fixture.ts';
import type { Pki } from './fixture.ts';

let pki: Pki;
beforeAll(async () => {
  pki = await getPki();
});

const run = async (s: Partial<Scenario> & Pick<Scenario, 'requests'>) =>
  (
    await simulate({
      config: join(secret('wild', pki.wildcard), twoGateways('wild', 'wild', { redirect: true })),
      dns: DNS,
      client: { kind: 'curl', trust: [pki.ca.certPem] },
      ...s,
    })
  ).results;

describe('a Secret whose private key does not belong to its certificate', () => {
  it('resets the connections of its chain (Envoy rejects the pair: KEY_VALUES_MISMATCH); other chains work', async () => {
    const mismatched = { certPem: pki.onlyA.certPem, keyPem: pki.onlyB.keyPem };
    const config = join(
      secret('a-cert', mismatched),
      secret('b-cert', pki.onlyB),
      twoGateways('a-cert', 'b-cert'),
    );
    const [a, b, browser] = await run({
      config,
      requests: [
        { command: 'curl -k https://a.sample.com/' },
        { command: 'curl https://b.sample.com/' },
        { url: 'https://a.sample.com/', browser: 'x' },
      ],
    });
    expect(a.error).toBe('secret-missing');
    expect(a.status).toBeNull();
    expect(a.clientError).toMatchObject({ curlExitCode: 35 });
    expect(a.clientError!.message).toMatch(/Connection reset by peer/);
    expect(a.trace.map((t) => t.text).join('\n')).toMatch(/KEY_VALUES_MISMATCH/);
    expect(b.status).toBe(200);
    expect(browser.clientError?.message).toBe('ERR_CONNECTION_RESET');
  });

  it('a matching pair is served as usual', async () => {
    const config = join(
      secret('a-cert', pki.onlyA),
      secret('b-cert', pki.onlyB),
      twoGateways('a-cert', 'b-cert'),
    );
    const [a] = await run({ config, requests: [{ command: 'curl https://a.sample.com/' }] });
    expect(a.status).toBe(200);
  });
});

describe('the requested server name', () => {
  it('is lower case, as Envoy keeps it: upper case in the URL still selects the chain', async () => {
    const [ok, closed] = await run({
      requests: [{ command: 'curl https://A.Sample.COM/' }, { command: 'curl https://C.Sample.COM/' }],
    });
    expect(ok.status).toBe(200);
    expect(ok.sni).toBe('a.sample.com');
    expect(ok.serverNames).toEqual(['a.sample.com']);
    expect(ok.accessLogRecord?.requested_server_name).toBe('a.sample.com');
    expect(closed.error).toBe('no-filter-chain');
    expect(closed.sni).toBe('c.sample.com');
  });
});

describe('curl --connect-to', () => {
  it('changes where curl connects, not the SNI, the certificate check or the Host', async () => {
    const [other, anyHost, unmatched, missing] = await run({
      dns: { ...DNS, 'elsewhere.example': ['198.51.100.9'] },
      requests: [
        { command: 'curl --connect-to b.sample.com:443:elsewhere.example:443 https://b.sample.com/' },
        { command: `curl --connect-to ::${GATEWAY_IP}: https://a.sample.com/` },
        { command: 'curl --connect-to c.sample.com:443:elsewhere.example: https://a.sample.com/' },
        { command: 'curl --connect-to a.sample.com:443:nowhere.example:443 https://a.sample.com/' },
      ],
    });
    // 198.51.100.9 is nobody's address: refused, although DNS sends b.sample.com to the gateway.
    expect(other.clientError).toMatchObject({ curlExitCode: 7 });
    expect(anyHost.status).toBe(200);
    expect(anyHost.sni).toBe('a.sample.com');
    expect(anyHost.trace.map((t) => t.text).join('\n')).toMatch(/--connect-to/);
    // An entry for another host does not apply.
    expect(unmatched.status).toBe(200);
    expect(missing.clientError).toMatchObject({
      curlExitCode: 6,
      message: 'Could not resolve host: nowhere.example',
    });
  });

  it('to another port: the Service port it names decides the listener', async () => {
    const [r] = await run({
      requests: [{ command: 'curl --connect-to a.sample.com:443:a.sample.com:80 https://a.sample.com/' }],
    });
    // TLS to the plain-HTTP listener behind port 80.
    expect(r.listener).toBe('0.0.0.0_8080');
    expect(r.clientError).toMatchObject({ curlExitCode: 35 });
    expect(r.clientError!.message).toMatch(/wrong version number/);
  });

  it('--resolve applies to the host curl connects to', async () => {
    const [r] = await run({
      requests: [
        {
          command:
            'curl --resolve gw.example:443:203.0.113.10 --connect-to a.sample.com:443:gw.example:443 https://a.sample.com/',
        },
      ],
    });
    expect(r.status).toBe(200);
  });
});

describe('curl -L and --max-redirs', () => {
  it('at the limit curl stops with exit 47; the result is the 3xx it got', async () => {
    const [zero, one, unlimited] = await run({
      requests: [
        { command: 'curl -L --max-redirs 0 http://a.sample.com/' },
        { command: 'curl -L --max-redirs 1 http://a.sample.com/' },
        { command: 'curl -L --max-redirs -1 http://a.sample.com/' },
      ],
    });
    expect(zero.status).toBe(301);
    expect(zero.clientError).toEqual({ message: 'Maximum (0) redirects followed', curlExitCode: 47 });
    expect(one.status).toBe(200);
    expect(one.clientError).toBeNull();
    expect(unlimited.status).toBe(200);
  });

  it('without -L a redirect is just the response', async () => {
    const [r] = await run({ requests: [{ command: 'curl --max-redirs 0 http://a.sample.com/' }] });
    expect(r.status).toBe(301);
    expect(r.clientError).toBeNull();
  });
});

describe('a browser request in a curl scenario', () => {
  it('is an HTTP/2 browser whatever client.http says for curl', async () => {
    const [a, b] = await run({
      client: { kind: 'curl', http: '1.1', trust: [pki.ca.certPem] },
      requests: [
        { url: 'https://a.sample.com/', browser: 'x' },
        { url: 'https://b.sample.com/', browser: 'x' },
      ],
    });
    expect(a.httpRequest?.protocol).toBe('HTTP/2');
    expect(b.connection).toMatchObject({ id: a.connection!.id, reused: true });
    expect(b.status).toBe(404);
  });

  it('a browser scenario with http 1.1 is an HTTP/1.1 browser', async () => {
    const [a, b] = await run({
      client: { kind: 'browser', http: '1.1', trust: [pki.ca.certPem] },
      requests: [{ url: 'https://a.sample.com/' }, { url: 'https://b.sample.com/' }],
    });
    expect(a.httpRequest?.protocol).toBe('HTTP/1.1');
    expect(b.connection?.reused).toBe(false);
    expect(b.status).toBe(200);
  });
});

describe('MUTUAL with tls.subjectAltNames', () => {
  const config = (sans: string[]) =>
    join(
      secret('a-mtls', pki.onlyA, pki.ca.certPem),
      secret('b-cert', pki.onlyB),
      twoGateways('a-mtls', 'b-cert').replace(
        'credentialName: a-mtls\n',
        `credentialName: a-mtls\n      subjectAltNames: ${JSON.stringify(sans)}\n`,
      ),
    ).replace(/mode: SIMPLE\n(\s+)credentialName: a-mtls/, 'mode: MUTUAL\n$1credentialName: a-mtls');
  const files = () => ({ 'client.crt': pki.client.certPem, 'client.key': pki.client.keyPem });
  const cmd = 'curl --cert client.crt --key client.key https://a.sample.com/';

  it('accepts a client certificate with one of the names', async () => {
    const [r] = await run({
      config: config(['client.sample.com']),
      files: files(),
      requests: [{ command: cmd }],
    });
    expect(r.status).toBe(200);
  });

  it('rejects one from the right CA without them (alert certificate_unknown, curl 56)', async () => {
    const [r] = await run({
      config: config(['spiffe://other/ns/x/sa/y']),
      files: files(),
      requests: [{ command: cmd }],
    });
    expect(r.status).toBeNull();
    expect(r.error).toBe('client-certificate-rejected');
    expect(r.clientError).toMatchObject({ curlExitCode: 56 });
    expect(r.clientError!.message).toMatch(/alert certificate unknown/);
    expect(r.trace.map((t) => t.text).join('\n')).toMatch(/subjectAltNames/);
  });
});

describe('curl errors found in the URL', () => {
  it("keep the URL parser's exit code; the outcome line has one curl: (N) prefix", async () => {
    const [ftp, bad, unknown] = await run({
      requests: [
        { command: 'curl ftp://a.sample.com/' },
        { command: 'curl http://a.sample.com:99999/' },
        { command: 'curl --foo https://a.sample.com/' },
      ],
    });
    expect(ftp.clientError?.curlExitCode).toBe(1);
    expect(ftp.clientError?.message).not.toMatch(/^curl:/);
    expect(formatResult(ftp)).toMatch(/^▶ .*\n.*curl: \(1\) Protocol "ftp"/m);
    expect(bad.clientError?.curlExitCode).toBe(3);
    expect(formatResult(bad)).toContain('curl: (3) URL rejected');
    expect(unknown.clientError).toMatchObject({ message: 'curl: option --foo: is unknown', curlExitCode: 2 });
    expect(formatResult(unknown)).toContain('curl: option --foo: is unknown');
    expect(formatResult(unknown)).not.toContain('curl: (2)');
  });
});

describe('TLS versions', () => {
  const config = (tls: string) =>
    join(
      secret('a-cert', pki.onlyA, pki.ca.certPem),
      secret('b-cert', pki.onlyB),
      twoGateways('a-cert', 'b-cert'),
    ).replace(/mode: SIMPLE\n(\s+)credentialName: a-cert\n/, `${tls}\n$1credentialName: a-cert\n`);
  const files = () => ({ 'client.crt': pki.client.certPem, 'client.key': pki.client.keyPem });

  it('no version in common: protocol_version alert, curl 35, ERR_SSL_VERSION_OR_CIPHER_MISMATCH', async () => {
    const [low, ok, browser, high] = await run({
      config: config('mode: SIMPLE\n      minProtocolVersion: TLSV1_3'),
      requests: [
        { command: 'curl --tls-max 1.2 https://a.sample.com/' },
        { command: 'curl https://a.sample.com/' },
        { url: 'https://a.sample.com/', browser: 'x' },
        { command: 'curl --tlsv1.3 https://b.sample.com/' },
      ],
    });
    expect(low).toMatchObject({ status: null, error: 'tls-error' });
    expect(low.clientError).toMatchObject({ curlExitCode: 35 });
    expect(low.clientError!.message).toMatch(/alert protocol version/);
    expect(ok.status).toBe(200);
    expect(browser.status).toBe(200);
    expect(high.status).toBe(200);
    const [capped] = await run({
      config: config('mode: SIMPLE\n      maxProtocolVersion: TLSV1_2'),
      requests: [{ command: 'curl --tlsv1.3 https://a.sample.com/' }],
    });
    expect(capped.clientError).toMatchObject({ curlExitCode: 35 });
  });

  it('MUTUAL over TLS 1.2: the client certificate is refused during the handshake (curl 35, not 56)', async () => {
    const [none13, none12, good12] = await run({
      config: config('mode: MUTUAL'),
      files: files(),
      requests: [
        { command: 'curl https://a.sample.com/' },
        { command: 'curl --tls-max 1.2 https://a.sample.com/' },
        { command: 'curl --tls-max 1.2 --cert client.crt --key client.key https://a.sample.com/' },
      ],
    });
    expect(none13.clientError).toMatchObject({ curlExitCode: 56 });
    expect(none13.clientError!.message).toMatch(/^OpenSSL SSL_read: .*tlsv13 alert certificate required/);
    expect(none12.clientError).toMatchObject({ curlExitCode: 35 });
    expect(none12.clientError!.message).toMatch(/^OpenSSL SSL_connect: .*alert handshake failure/);
    expect(good12.status).toBe(200);
    expect(good12.transcript.join('\n')).toMatch(/SSL connection using TLSv1\.2/);
  });
});

describe('a connection that fails after the listener accepted it', () => {
  it('is reported (new, never reused); a refused or unresolved one is not', async () => {
    const [closed, ok, refused, unresolved, browserClosed] = await run({
      requests: [
        { command: 'curl https://c.sample.com/' },
        { command: 'curl https://a.sample.com/' },
        { command: 'curl https://a.sample.com:8443/' },
        { command: 'curl https://nowhere.example/' },
        { url: 'https://c.sample.com/', browser: 'x' },
      ],
    });
    expect(closed.connection).toMatchObject({ id: 1, reused: false });
    expect(ok.connection).toMatchObject({ id: 2, reused: false });
    expect(refused.connection).toBeNull();
    expect(unresolved.connection).toBeNull();
    expect(browserClosed.connection).toMatchObject({ id: 3, reused: false });
    expect(browserClosed.clientError?.message).toBe('ERR_CONNECTION_CLOSED');
  });
});

describe('a name with several addresses', () => {
  it('clients try the next address when one refuses the connection', async () => {
    const [curl, browser, b, nc] = await run({
      dns: { ...DNS, 'a.sample.com': ['198.51.100.1', GATEWAY_IP] },
      requests: [
        { command: 'curl https://a.sample.com/' },
        { url: 'https://a.sample.com/', browser: 'x' },
        { url: 'https://b.sample.com/', browser: 'x' },
        { command: 'nc -z a.sample.com 443' },
      ],
    });
    expect(curl.status).toBe(200);
    expect(curl.trace.map((t) => t.text).join('\n')).toMatch(/198\.51\.100\.1:443 refused the connection/);
    expect(browser.status).toBe(200);
    // The connection's peer is the address that answered, which b resolves to: coalesced.
    expect(b.connection).toMatchObject({ id: browser.connection!.id, reused: true });
    expect(nc.tcpResult).toBe('connected');
  });

  it('when every address refuses, the last refusal is the answer', async () => {
    const [r] = await run({
      dns: { ...DNS, 'a.sample.com': ['198.51.100.1', '198.51.100.2'] },
      requests: [{ command: 'curl https://a.sample.com/' }],
    });
    expect(r.clientError).toMatchObject({ curlExitCode: 7 });
    expect(r.connection).toBeNull();
  });
});
