// The seed configuration (client-scenarios.json "seed-two-gateways-shared-wildcard"): two namespace
// Gateways, a/gateway and b/gateway, both using the wildcard credential star-sample-com-tls-chain. Istio
// reports IST0138 and the fix names the single-Gateway solution. The same certificate stored in two
// different Secrets escapes IST0138 and is Gateway Lab's GWL0101.
import { beforeAll, describe, expect, it } from 'vitest';
import { makeCA, makeLeaf } from '../../support/certs.ts';
import type { IssuedCertificate } from '../../support/certs.ts';
import { analyzeYaml, codes, tlsSecret } from './helpers.ts';
import { SEED_REST } from '../../support/seed-config.ts';

/** The seed with gateway b using credential `bCredential` instead of the shared one. */
function withCredentialForB(bCredential: string): string {
  const marker = 'name: gateway\n  namespace: b\n';
  const at = SEED_REST.indexOf(marker);
  const before = SEED_REST.slice(0, at);
  const after = SEED_REST.slice(at).replace(
    'credentialName: star-sample-com-tls-chain',
    `credentialName: ${bCredential}`,
  );
  return before + after;
}

let wildcard: IssuedCertificate;
let aOnly: IssuedCertificate;
let bOnly: IssuedCertificate;

beforeAll(async () => {
  const ca = await makeCA('Sample Test CA');
  wildcard = await makeLeaf({ sans: ['*.sample.com', 'sample.com'], issuer: ca });
  aOnly = await makeLeaf({ sans: ['a.sample.com'], issuer: ca });
  bOnly = await makeLeaf({ sans: ['b.sample.com'], issuer: ca });
});

describe('seed: two Gateways sharing one wildcard credential', () => {
  it('gives IST0138 on both Gateways, with the single-Gateway fix', async () => {
    const yaml = [
      tlsSecret('star-sample-com-tls-chain', 'istio-system', wildcard.certPem, wildcard.keyPem),
      SEED_REST,
    ].join('\n---\n');
    const ds = await analyzeYaml(yaml);
    const dup = codes(ds, 'IST0138');
    expect(dup.map((d) => d.resource).sort()).toEqual(['Gateway a/gateway', 'Gateway b/gateway']);
    for (const d of dup) {
      expect(d.level).toBe('Warning');
      expect(d.message).toMatch(
        /^Duplicate certificate in multiple gateways \[a\/gateway b\/gateway\]|^Duplicate certificate in multiple gateways \[b\/gateway a\/gateway\]/,
      );
      expect(d.fix).toContain('common/gateway');
      expect(d.fix).toContain('*.sample.com');
      expect(d.fix).toContain('gateways: [common/gateway]');
      expect(d.range?.line).toBeGreaterThan(0);
    }
    const onA = dup.find((d) => d.resource === 'Gateway a/gateway')!;
    expect(onA.args).toEqual({ gateways: ['a/gateway', 'b/gateway'] });
    // One Secret for both: IST0138 territory, not GWL0101; the key matches its certificate.
    expect(codes(ds, 'GWL0101')).toEqual([]);
    expect(codes(ds, 'GWL0107')).toEqual([]);
    expect(codes(ds, 'IST0161')).toEqual([]);
    // Nothing else is wrong with the seed.
    expect(ds.filter((d) => d.level === 'Error')).toEqual([]);
  });

  it('points the IST0138 range at the credentialName', async () => {
    const yaml = [
      tlsSecret('star-sample-com-tls-chain', 'istio-system', wildcard.certPem, wildcard.keyPem),
      SEED_REST,
    ].join('\n---\n');
    const text = yaml.split('\n');
    const ds = await analyzeYaml(yaml);
    const d = codes(ds, 'IST0138').find((x) => x.resource === 'Gateway a/gateway')!;
    expect(text[d.range!.line - 1]).toContain('credentialName: star-sample-com-tls-chain');
  });

  it('gives GWL0101 (not IST0138) when two Secrets hold the same wildcard certificate', async () => {
    const yaml = [
      tlsSecret('star-sample-com-tls-chain', 'istio-system', wildcard.certPem, wildcard.keyPem),
      tlsSecret('b-wildcard', 'istio-system', wildcard.certPem, wildcard.keyPem),
      withCredentialForB('b-wildcard'),
    ].join('\n---\n');
    const ds = await analyzeYaml(yaml);
    expect(codes(ds, 'IST0138')).toEqual([]);
    const shared = codes(ds, 'GWL0101');
    expect(shared.map((d) => d.resource).sort()).toEqual(['Gateway a/gateway', 'Gateway b/gateway']);
    const onA = shared.find((d) => d.resource === 'Gateway a/gateway')!;
    expect(onA.level).toBe('Warning');
    expect(onA.message).toContain('b.sample.com');
    expect(onA.message).toContain('404');
    expect(onA.fix).toContain('*.sample.com');
    expect(onA.fix).toContain('common/gateway');
    expect(onA.args).toMatchObject({
      gateway: 'a/gateway',
      otherGateway: 'b/gateway',
      hosts: ['b.sample.com'],
      port: 443,
    });
  });

  it("gives no GWL0101 when each Secret names only its own Gateway's host", async () => {
    const yaml = [
      tlsSecret('star-sample-com-tls-chain', 'istio-system', aOnly.certPem, aOnly.keyPem),
      tlsSecret('b-only', 'istio-system', bOnly.certPem, bOnly.keyPem),
      withCredentialForB('b-only'),
    ].join('\n---\n');
    const ds = await analyzeYaml(yaml);
    expect(codes(ds, 'GWL0101')).toEqual([]);
    expect(codes(ds, 'IST0138')).toEqual([]);
  });

  it("gives GWL0101 only on the Gateway whose certificate covers the other's host", async () => {
    // a's certificate is the wildcard; b's names only b.sample.com.
    const yaml = [
      tlsSecret('star-sample-com-tls-chain', 'istio-system', wildcard.certPem, wildcard.keyPem),
      tlsSecret('b-only', 'istio-system', bOnly.certPem, bOnly.keyPem),
      withCredentialForB('b-only'),
    ].join('\n---\n');
    const ds = await analyzeYaml(yaml);
    expect(codes(ds, 'GWL0101').map((d) => d.resource)).toEqual(['Gateway a/gateway']);
  });
});
