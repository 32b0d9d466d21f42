// Chrome's connection pool: which open connection a request goes on. Rules (client-and-tls.md §1.5,
// §1.9): a connection of the same origin first; for https, an HTTP/2 session opened for another host
// only if its peer IP is in the new host's DNS answer, its certificate covers the new host and had no
// errors, and no client certificate was sent on it. HTTP/1.1 and plain http:// never go across hosts.
import { beforeAll, describe, expect, it } from 'vitest';
import { simulate } from '../../../src/sim/index.ts';
import type { Scenario } from '../../../src/sim/scenario.ts';
import { buildCertStore } from '../../../src/sim/traffic/client/world.ts';
import { chromePoolRefusal, isSameOrigin } from '../../../src/sim/traffic/client/session.ts';
import type { Connection } from '../../../src/sim/traffic/client/connection.ts';
import {
  DNS,
  GATEWAY_IP,
  gateway,
  getPki,
  join,
  secret,
  twoGateways,
  virtualService,
  webapp,
} from './fixture.ts';
import type { Pki } from './fixture.ts';

let pki: Pki;
beforeAll(async () => {
  pki = await getPki();
});

async function run(config: string, urls: string[], extra: Partial<Scenario> = {}) {
  const out = await simulate({
    config,
    dns: DNS,
    client: { kind: 'browser', trust: [pki.ca.certPem], ...(extra.client ?? {}) },
    requests: urls.map((url) => ({ url, browser: 'default' })),
    ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== 'client')),
  });
  return out.results;
}

describe('Chrome pools an HTTP/2 connection across hosts', () => {
  it('when the peer IP is in the DNS answer and the certificate covers the host (the 404)', async () => {
    const config = join(secret('wild', pki.wildcard), twoGateways('wild', 'wild'));
    const [a, b] = await run(config, ['https://a.sample.com/', 'https://b.sample.com/']);
    expect(a.status).toBe(200);
    expect(a.connection).toMatchObject({ reused: false });
    expect(b.connection).toMatchObject({ id: a.connection!.id, reused: true });
    expect(b.connection!.reason).toMatch(/same IP 203\.0\.113\.10.*covers b\.sample\.com/);
    expect(b.sni).toBe('a.sample.com');
    expect(b.routeConfig).toBe('https.443.https.gateway.a');
    expect(b.status).toBe(404);
    expect(b.responseFlags).toBe('NR');
  });

  it('when the new host resolves to several addresses, one of them the connected IP', async () => {
    const config = join(secret('wild', pki.wildcard), twoGateways('wild', 'wild'));
    const [a, b] = await run(config, ['https://a.sample.com/', 'https://b.sample.com/'], {
      dns: { ...DNS, 'b.sample.com': ['198.51.100.77', GATEWAY_IP] },
    });
    expect(b.connection).toMatchObject({ id: a.connection!.id, reused: true });
    expect(b.status).toBe(404);
  });

  it('not when the new host does not resolve to the connected IP', async () => {
    const config = join(secret('wild', pki.wildcard), twoGateways('wild', 'wild'));
    const [, b] = await run(config, ['https://a.sample.com/', 'https://b.sample.com/'], {
      dns: { ...DNS, 'b.sample.com': ['198.51.100.77'] },
    });
    // Not pooled: the browser connects to b's own address, where nothing listens.
    expect(b.connection).toBeNull();
    expect(b.clientError).toMatchObject({ browserError: 'ERR_CONNECTION_REFUSED', curlExitCode: null });
    const nearMisses = b.trace.flatMap((t) => t.nearMisses ?? []);
    expect(nearMisses.join('\n')).toMatch(/peer 203\.0\.113\.10 is not in b\.sample\.com's DNS answer/);
  });

  it("not when the connection's certificate does not cover the new host", async () => {
    const config = join(
      secret('a-cert', pki.onlyA),
      secret('b-cert', pki.onlyB),
      twoGateways('a-cert', 'b-cert'),
    );
    const [a, b] = await run(config, ['https://a.sample.com/', 'https://b.sample.com/']);
    expect(b.connection!.reused).toBe(false);
    expect(b.connection!.id).not.toBe(a.connection!.id);
    expect(b.sni).toBe('b.sample.com');
    expect(b.status).toBe(200);
    expect(b.backend?.service).toBe('webapp.b');
    expect(b.trace.flatMap((t) => t.nearMisses ?? []).join('\n')).toMatch(/does not cover b\.sample\.com/);
  });

  it('not when a client certificate was sent on the connection', async () => {
    const config = join(
      secret('wild-mtls', pki.wildcard, pki.ca.certPem),
      secret('wild', pki.wildcard),
      gateway('a', { hosts: ['a.sample.com'], credentialName: 'wild-mtls', mode: 'MUTUAL' }),
      gateway('b', { hosts: ['b.sample.com'], credentialName: 'wild' }),
      virtualService('a', ['a.sample.com']),
      virtualService('b', ['b.sample.com']),
      webapp('a'),
      webapp('b'),
    );
    const [a, b] = await run(config, ['https://a.sample.com/', 'https://b.sample.com/'], {
      client: {
        kind: 'browser',
        trust: [pki.ca.certPem],
        certificate: { cert: pki.client.certPem, key: pki.client.keyPem },
      },
    });
    expect(a.status).toBe(200);
    expect(b.connection!.reused).toBe(false);
    expect(b.status).toBe(200);
    expect(b.backend?.service).toBe('webapp.b');
    expect(b.trace.flatMap((t) => t.nearMisses ?? []).join('\n')).toMatch(/client certificate was sent/);
  });

  it('not when the browser speaks HTTP/1.1 (only HTTP/2 sessions are pooled)', async () => {
    const config = join(secret('wild', pki.wildcard), twoGateways('wild', 'wild'));
    const [a, b, a2] = await run(
      config,
      ['https://a.sample.com/', 'https://b.sample.com/', 'https://a.sample.com/x'],
      {
        client: { kind: 'browser', http: '1.1', trust: [pki.ca.certPem] },
      },
    );
    expect(a.httpRequest?.protocol).toBe('HTTP/1.1');
    expect(b.connection!.reused).toBe(false);
    expect(b.status).toBe(200);
    expect(b.routeConfig).toBe('https.443.https.gateway.b');
    // Its own origin's keep-alive connection is still reused.
    expect(a2.connection).toMatchObject({ id: a.connection!.id, reused: true });
  });
});

describe('plain http:// never coalesces', () => {
  it('each host gets its own port-80 connection, and none rides on an https connection', async () => {
    const config = join(secret('wild', pki.wildcard), twoGateways('wild', 'wild', { redirect: true }));
    const [s, a, b, a2] = await run(config, [
      'https://a.sample.com/',
      'http://a.sample.com/',
      'http://b.sample.com/',
      'http://a.sample.com/again',
    ]);
    expect(a.connection!.reused).toBe(false);
    expect(a.connection!.id).not.toBe(s.connection!.id);
    expect(a.listener).toBe('0.0.0.0_8080');
    expect(a.status).toBe(301);
    expect(b.connection!.reused).toBe(false);
    expect(b.connection!.id).not.toBe(a.connection!.id);
    expect(b.location).toBe('https://b.sample.com/');
    expect(a2.connection).toMatchObject({ id: a.connection!.id, reused: true });
  });
});

describe('browsers keep separate pools', () => {
  it('a new browser name is a fresh browser', async () => {
    const config = join(secret('wild', pki.wildcard), twoGateways('wild', 'wild'));
    const out = await simulate({
      config,
      dns: DNS,
      client: { kind: 'browser', trust: [pki.ca.certPem] },
      requests: [
        { url: 'https://a.sample.com/', browser: 'one' },
        { url: 'https://b.sample.com/', browser: 'two' },
      ],
    });
    const [, b] = out.results;
    expect(b.connection!.reused).toBe(false);
    expect(b.status).toBe(200);
  });
});

describe('chromePoolRefusal', () => {
  async function conn(
    over: Partial<Connection>,
  ): Promise<{ c: Connection; index: Awaited<ReturnType<typeof buildCertStore>>['index'] }> {
    const store = await buildCertStore([pki.wildcard.certPem]);
    const fp = store.bundles.get(pki.wildcard.certPem)!.certificates[0].fingerprint;
    const c = {
      id: 1,
      openedFor: 'a.sample.com',
      peerIp: GATEWAY_IP,
      port: 443,
      tls: true,
      alpn: 'h2',
      sni: 'a.sample.com',
      serverChain: [fp],
      certificateErrors: false,
      clientCertSent: false,
      passthrough: false,
      ...over,
    } as Connection;
    return { c, index: store.index };
  }

  it('pools when every rule holds', async () => {
    const { c, index } = await conn({});
    expect(chromePoolRefusal(c, 'b.sample.com', 443, [GATEWAY_IP], index)).toBeNull();
  });

  it('refuses for each rule', async () => {
    const cases: [Partial<Connection>, string, number, string[], RegExp][] = [
      [{ alpn: 'http/1.1' }, 'b.sample.com', 443, [GATEWAY_IP], /only HTTP\/2 sessions/],
      [{ tls: false, alpn: 'http/1.1' }, 'b.sample.com', 443, [GATEWAY_IP], /plain HTTP/],
      [{}, 'b.sample.com', 8443, [GATEWAY_IP], /port 443, not 8443/],
      [{}, 'b.sample.com', 443, ['198.51.100.1'], /not in b\.sample\.com's DNS answer/],
      [{ certificateErrors: true }, 'b.sample.com', 443, [GATEWAY_IP], /certificate had errors/],
      [{ clientCertSent: true }, 'b.sample.com', 443, [GATEWAY_IP], /client certificate was sent/],
      [{}, 'other.example.com', 443, [GATEWAY_IP], /does not cover other\.example\.com/],
      [{}, 'x.y.sample.com', 443, [GATEWAY_IP], /does not cover x\.y\.sample\.com/],
      [{ serverChain: [], passthrough: true }, 'b.sample.com', 443, [GATEWAY_IP], /backend's\) is not known/],
    ];
    for (const [over, host, port, addrs, why] of cases) {
      const { c, index } = await conn(over);
      expect(chromePoolRefusal(c, host, port, addrs, index), JSON.stringify(over) + host).toMatch(why);
    }
  });

  it('same origin means scheme, host (any case) and port', async () => {
    const { c } = await conn({});
    expect(isSameOrigin(c, 'https', 'A.sample.com', 443)).toBe(true);
    expect(isSameOrigin(c, 'http', 'a.sample.com', 443)).toBe(false);
    expect(isSameOrigin(c, 'https', 'a.sample.com', 8443)).toBe(false);
    expect(isSameOrigin(c, 'https', 'b.sample.com', 443)).toBe(false);
  });
});
