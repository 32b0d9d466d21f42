// SNI: the URL's host name, never an IP literal (RFC 6066 §3). Envoy picks the filter chain from it
// once per connection; a connection without SNI only matches a chain without server_names (a server
// with hosts "*").
import { beforeAll, describe, expect, it } from 'vitest';
import { simulate } from '../../../src/sim/index.ts';
import type { ScenarioRequest } from '../../../src/sim/scenario.ts';
import { DNS, gateway, getPki, join, secret, virtualService, webapp } from './fixture.ts';
import type { Pki } from './fixture.ts';

let pki: Pki;
beforeAll(async () => {
  pki = await getPki();
});

function config(hosts: string[]) {
  return join(
    secret('wild', pki.wildcard),
    gateway('a', { hosts, credentialName: 'wild' }),
    virtualService('a', ['a.sample.com']),
    webapp('a'),
  );
}

const run = async (hosts: string[], kind: 'curl' | 'browser', requests: ScenarioRequest[]) =>
  (await simulate({ config: config(hosts), dns: DNS, client: { kind, trust: [pki.ca.certPem] }, requests }))
    .results;

describe('an IP literal sends no SNI', () => {
  it('curl: a server with specific hosts closes the connection (35), -k or not', async () => {
    const [k, plain] = await run(['a.sample.com'], 'curl', [
      { command: "curl -k https://203.0.113.10/ -H 'Host: a.sample.com'" },
      { command: "curl https://203.0.113.10/ -H 'Host: a.sample.com'" },
    ]);
    for (const r of [k, plain]) {
      expect(r.sni).toBeNull();
      expect(r.error).toBe('no-filter-chain');
      expect(r.clientError).toMatchObject({ curlExitCode: 35 });
      expect(r.clientError!.message).toMatch(/SSL_ERROR_SYSCALL in connection to 203\.0\.113\.10:443/);
      expect(r.responseCodeDetails).toBe('filter_chain_not_found');
      expect(r.trace.map((t) => t.text).join('\n')).toMatch(/SNI \(none/);
    }
  });

  it('curl: hosts "*" accepts it; -k is still needed for the name check', async () => {
    const [k, plain] = await run(['*'], 'curl', [
      { command: "curl -k https://203.0.113.10/ -H 'Host: a.sample.com'" },
      { command: "curl https://203.0.113.10/ -H 'Host: a.sample.com'" },
    ]);
    expect(k.sni).toBeNull();
    expect(k.serverNames).toBeNull();
    expect(k.status).toBe(200);
    expect(k.backend?.service).toBe('webapp.a');
    expect(k.accessLogRecord).toMatchObject({ requested_server_name: null, authority: 'a.sample.com' });
    expect(plain.clientError).toMatchObject({ curlExitCode: 60 });
    expect(plain.clientError!.message).toBe(
      "SSL: no alternative certificate subject name matches target host name '203.0.113.10'",
    );
  });

  it('a browser opening https://<ip>/ sends no SNI either: ERR_CONNECTION_CLOSED', async () => {
    const [r] = await run(['a.sample.com'], 'browser', [{ url: 'https://203.0.113.10/', browser: 'x' }]);
    expect(r.sni).toBeNull();
    expect(r.clientError).toMatchObject({ message: 'ERR_CONNECTION_CLOSED', curlExitCode: null });
  });

  it('--resolve keeps the host name as SNI while connecting to the IP', async () => {
    const [r] = await run(['a.sample.com'], 'curl', [
      { command: 'curl --resolve a.sample.com:443:203.0.113.10 https://a.sample.com/' },
    ]);
    expect(r.sni).toBe('a.sample.com');
    expect(r.status).toBe(200);
  });

  it('openssl s_client: no SNI for an IP unless -servername gives one', async () => {
    const [none, named] = await run(['*'], 'curl', [
      { command: 'openssl s_client -connect 203.0.113.10:443' },
      { command: 'openssl s_client -connect 203.0.113.10:443 -servername a.sample.com' },
    ]);
    expect(none.sni).toBeNull();
    expect(named.sni).toBe('a.sample.com');
  });
});
