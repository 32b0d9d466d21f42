// 421 Misdirected Request. Istio's Envoy gateway never sends it (it answers 404 NR); the what-if switch
// `misdirected421` makes the gateway answer 421 when the host has no virtual host in the connection's
// route configuration. Chrome resends a request that got 421 once, with IP-based pooling disabled
// (http_network_transaction.cc DoReadHeadersComplete): on a connection of that very origin if one is
// open, else on a new connection whose SNI is the host. A 421 on the retry is shown.
import { beforeAll, describe, expect, it } from 'vitest';
import { simulate } from '../../../src/sim/index.ts';
import { DNS, getPki, join, secret, twoGateways, virtualService, webapp, gateway } from './fixture.ts';
import type { Pki } from './fixture.ts';

let pki: Pki;
let seed: string;
beforeAll(async () => {
  pki = await getPki();
  seed = join(secret('wild', pki.wildcard), twoGateways('wild', 'wild'));
});

const browse = async (config: string, urls: string[], misdirected421: boolean) =>
  (
    await simulate({
      config,
      dns: DNS,
      client: { kind: 'browser', trust: [pki.ca.certPem] },
      whatIf: { misdirected421 },
      requests: urls.map((url) => ({ url, browser: 'default' })),
    })
  ).results;

describe('the 421 retry', () => {
  it('a coalesced request that gets 421 is resent on a new connection with its own SNI', async () => {
    const [a, b, b2] = await browse(
      seed,
      ['https://a.sample.com/', 'https://b.sample.com/', 'https://b.sample.com/x'],
      true,
    );
    expect(b.status).toBe(200);
    expect(b.backend?.service).toBe('webapp.b');
    expect(b.connection!.reused).toBe(false);
    expect(b.connection!.id).not.toBe(a.connection!.id);
    expect(b.sni).toBe('b.sample.com');
    const texts = b.trace.map((t) => t.text).join('\n');
    expect(texts).toMatch(/421 Misdirected Request/);
    expect(texts).toMatch(/resends the request once with IP-based pooling disabled/);
    // The new connection is b's own from now on.
    expect(b2.connection).toMatchObject({ id: b.connection!.id, reused: true });
    expect(b2.status).toBe(200);
  });

  it('without the what-if the gateway answers 404 NR and nothing is retried', async () => {
    const [a, b] = await browse(seed, ['https://a.sample.com/', 'https://b.sample.com/'], false);
    expect(b.status).toBe(404);
    expect(b.connection).toMatchObject({ id: a.connection!.id, reused: true });
    expect(b.trace.map((t) => t.text).join('\n')).not.toMatch(/Misdirected Request|resends/);
  });

  it('a 421 on a connection of the same origin is retried there once, then shown', async () => {
    // Gateway b lists b.sample.com, but its route configuration has no virtual host for it (the
    // VirtualService binds another host), so even b's own connection answers 421.
    const config = join(
      secret('wild', pki.wildcard),
      gateway('b', { hosts: ['b.sample.com', 'c.sample.com'], credentialName: 'wild' }),
      virtualService('b', ['c.sample.com']),
      webapp('b'),
    );
    const [b] = await browse(config, ['https://b.sample.com/'], true);
    expect(b.status).toBe(421);
    expect(b.connection!.reused).toBe(true);
    expect(b.trace.filter((t) => /421/.test(t.text)).length).toBeGreaterThanOrEqual(2);
  });
});
