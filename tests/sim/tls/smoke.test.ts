import { describe, expect, it } from 'vitest';
import {
  buildCertificateIndex,
  parsePemBundle,
  verifyServerCertificate,
  curlMessageFor,
} from '../../../src/sim/tls/index.ts';
import { makeCA, makeLeaf } from '../../support/certs.ts';

describe('smoke', () => {
  it('parses and verifies', async () => {
    const ca = await makeCA('Sample CA');
    const leaf = await makeLeaf({ sans: ['a.sample.com'], issuer: ca, commonName: 'a.sample.com' });
    const b = await parsePemBundle(leaf.certPem + leaf.keyPem);
    expect(b.errors).toEqual([]);
    const c = (await parsePemBundle(ca.certPem)).certificates[0];
    const idx = await buildCertificateIndex([b.certificates[0], c]);
    const v = verifyServerCertificate(
      idx,
      [b.certificates[0].fingerprint],
      [c.fingerprint],
      'a.sample.com',
      new Date(),
    );
    expect(v.ok).toBe(true);
    const w = verifyServerCertificate(
      idx,
      [b.certificates[0].fingerprint],
      [c.fingerprint],
      'b.sample.com',
      new Date(),
    );
    expect(curlMessageFor(w, 'b.sample.com')).toBe(
      "SSL: no alternative certificate subject name matches target host name 'b.sample.com'",
    );
    console.log(b.certificates[0].subject, b.certificates[0].publicKeyAlgorithm, b.privateKey);
  });
});
