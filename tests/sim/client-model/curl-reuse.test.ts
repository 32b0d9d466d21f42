// curl's connection reuse: within one command only, and only for the same host name, port and scheme
// (the pool is searched before DNS: everything-curl libcurl/conn/reuse.md). So curl never reproduces
// the browser's shared-certificate 404 unless told to with -H Host.
import { beforeAll, describe, expect, it } from 'vitest';
import { simulate } from '../../../src/sim/index.ts';
import { DNS, getPki, join, secret, twoGateways } from './fixture.ts';
import type { Pki } from './fixture.ts';

let pki: Pki;
let config: string;
beforeAll(async () => {
  pki = await getPki();
  config = join(secret('wild', pki.wildcard), twoGateways('wild', 'wild', { redirect: true }));
});

const curl = async (...commands: string[]) =>
  (
    await simulate({
      config,
      dns: DNS,
      client: { kind: 'curl', trust: [pki.ca.certPem] },
      requests: commands.map((command) => ({ command })),
    })
  ).results;

describe('curl reuses a connection only for the same host name', () => {
  it('several URLs in one command: same host reused, another host gets its own connection and SNI', async () => {
    const [a1, a2, b] = await curl('curl https://a.sample.com/ https://a.sample.com/x https://b.sample.com/');
    expect(a1.connection).toMatchObject({ reused: false });
    expect(a2.connection).toMatchObject({ id: a1.connection!.id, reused: true });
    expect(a2.connection!.reason).toMatch(/same host name/);
    expect(b.connection!.reused).toBe(false);
    expect(b.connection!.id).not.toBe(a1.connection!.id);
    expect(b.sni).toBe('b.sample.com');
    expect(b.status).toBe(200);
    expect(b.backend?.service).toBe('webapp.b');
  });

  it('host names compare without case', async () => {
    const [a1, a2] = await curl('curl https://a.sample.com/ https://A.SAMPLE.COM/x');
    expect(a2.connection).toMatchObject({ id: a1.connection!.id, reused: true });
  });

  it('separate commands are separate processes', async () => {
    const [a1, a2] = await curl('curl https://a.sample.com/', 'curl https://a.sample.com/');
    expect(a2.connection!.reused).toBe(false);
    expect(a2.connection!.id).not.toBe(a1.connection!.id);
  });

  it('--resolve to the same IP does not make another host name reuse the connection', async () => {
    const [, b] = await curl(
      'curl --resolve b.sample.com:443:203.0.113.10 https://a.sample.com/ https://b.sample.com/',
    );
    expect(b.connection!.reused).toBe(false);
    expect(b.routeConfig).toBe('https.443.https.gateway.b');
  });

  it('http and https of one host are different connections', async () => {
    const [h, s] = await curl('curl http://a.sample.com/ https://a.sample.com/');
    expect(h.status).toBe(301);
    expect(s.connection!.reused).toBe(false);
  });

  it('-H Host changes the authority, not the connection: SNI a, authority b gives the 404', async () => {
    const [r1, r2] = await curl("curl -H 'Host: b.sample.com' https://a.sample.com/ https://a.sample.com/x");
    expect(r1.sni).toBe('a.sample.com');
    expect(r1.authority).toBe('b.sample.com');
    expect(r1.status).toBe(404);
    expect(r1.responseFlags).toBe('NR');
    expect(r2.connection).toMatchObject({ id: r1.connection!.id, reused: true });
  });

  it('URL-form curl requests are one process each', async () => {
    const out = await simulate({
      config,
      dns: DNS,
      client: { kind: 'curl', trust: [pki.ca.certPem] },
      requests: [{ url: 'https://a.sample.com/' }, { url: 'https://a.sample.com/' }],
    });
    expect(out.results[1].connection!.reused).toBe(false);
  });
});
