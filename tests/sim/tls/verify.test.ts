import { beforeAll, describe, expect, it } from 'vitest';
import {
  browserErrorFor,
  buildCertificateIndex,
  curlMessageFor,
  parsePemBundle,
  verifyClientCertificate,
  verifyServerCertificate,
  type CertificateIndex,
  type ParsedCertificate,
  type PeerVerification,
} from '../../../src/sim/tls/index.ts';
import { makeCA, makeLeaf, makeSelfSigned, type CA } from '../../support/certs.ts';
import { fixture } from './fixtures.ts';

async function parse(pem: string): Promise<ParsedCertificate> {
  const bundle = await parsePemBundle(pem);
  expect(bundle.errors).toEqual([]);
  return bundle.certificates[0];
}

function failure(v: PeerVerification) {
  if (v.ok) throw new Error('expected a failure, got ' + JSON.stringify(v));
  return v;
}

const NOW = new Date();
const YEAR = 365 * 24 * 60 * 60 * 1000;

describe('certificate verification', () => {
  let root: CA;
  let issuing: CA;
  let otherRoot: CA;
  let forgedRoot: CA;
  let notACa: CA;
  const c: Record<string, ParsedCertificate> = {};
  let index: CertificateIndex;

  beforeAll(async () => {
    root = await makeCA('Sample Root CA', {
      organization: 'Sample',
      notAfter: new Date(NOW.getTime() + 10 * YEAR),
    });
    issuing = await makeCA('Sample Issuing CA', { organization: 'Sample', issuer: root });
    otherRoot = await makeCA('Other Root CA', { keyAlgorithm: 'RSA' });
    // Same subject DN as the real root, different key: only a signature check tells them apart.
    forgedRoot = await makeCA('Sample Root CA', { organization: 'Sample' });
    notACa = await makeSelfSigned(['not-a-ca.sample.com']);
    const pems: Record<string, string> = {
      root: root.certPem,
      issuing: issuing.certPem,
      otherRoot: otherRoot.certPem,
      forgedRoot: forgedRoot.certPem,
      notACa: notACa.certPem,
      leaf: (await makeLeaf({ sans: ['a.sample.com'], issuer: root, commonName: 'a.sample.com' })).certPem,
      viaIssuing: (await makeLeaf({ sans: ['*.sample.com'], issuer: issuing })).certPem,
      selfSigned: (await makeSelfSigned(['self.sample.com'])).certPem,
      expired: (
        await makeLeaf({
          sans: ['a.sample.com'],
          issuer: root,
          notBefore: new Date(NOW.getTime() - 2 * YEAR),
          notAfter: new Date(NOW.getTime() - YEAR),
        })
      ).certPem,
      future: (
        await makeLeaf({
          sans: ['a.sample.com'],
          issuer: root,
          notBefore: new Date(NOW.getTime() + YEAR),
          notAfter: new Date(NOW.getTime() + 3 * YEAR),
        })
      ).certPem,
      expiredClient: (
        await makeLeaf({
          sans: [],
          issuer: root,
          commonName: 'client-old',
          clientAuth: true,
          notAfter: new Date(NOW.getTime() - YEAR),
          notBefore: new Date(NOW.getTime() - 2 * YEAR),
        })
      ).certPem,
      cnOnly: (await makeLeaf({ sans: [], issuer: root, commonName: 'legacy.sample.com' })).certPem,
      client: (await makeLeaf({ sans: [], issuer: root, commonName: 'client-1', clientAuth: true })).certPem,
      serverOnly: (await makeLeaf({ sans: ['a.sample.com'], issuer: root })).certPem,
      noEku: (await makeLeaf({ sans: [], issuer: root, commonName: 'client-2', extendedKeyUsage: null }))
        .certPem,
      clientOfOther: (
        await makeLeaf({ sans: [], issuer: otherRoot, commonName: 'client-3', clientAuth: true })
      ).certPem,
      signedByNonCa: (await makeLeaf({ sans: ['x.sample.com'], issuer: notACa })).certPem,
    };
    for (const [name, pem] of Object.entries(pems)) c[name] = await parse(pem);
    index = await buildCertificateIndex(Object.values(c));
  });

  const fp = (...names: string[]) => names.map((n) => c[n].fingerprint);

  describe('buildCertificateIndex', () => {
    it('records who signed whom, checked by signature, not by name', () => {
      expect(Object.keys(index.certificates)).toHaveLength(Object.keys(c).length);
      expect(index.signedBy[c.leaf.fingerprint]).toEqual(fp('root'));
      expect(index.signedBy[c.viaIssuing.fingerprint]).toEqual(fp('issuing'));
      expect(index.signedBy[c.issuing.fingerprint]).toEqual(fp('root'));
      expect(index.signedBy[c.root.fingerprint]).toEqual(fp('root'));
      expect(index.signedBy[c.forgedRoot.fingerprint]).toEqual(fp('forgedRoot'));
      expect(index.signedBy[c.selfSigned.fingerprint]).toEqual(fp('selfSigned'));
      expect(index.signedBy[c.clientOfOther.fingerprint]).toEqual(fp('otherRoot'));
    });

    it('verifies RSA signatures over an OpenSSL-made chain', async () => {
      const leaf = await parse(fixture('openssl-leaf.crt'));
      const rootCert = await parse(fixture('openssl-root.crt'));
      const ix = await buildCertificateIndex([leaf, rootCert]);
      expect(ix.signedBy[leaf.fingerprint]).toEqual([rootCert.fingerprint]);
      expect(ix.signedBy[rootCert.fingerprint]).toEqual([rootCert.fingerprint]);
    });

    it('is plain data', () => {
      expect(structuredClone(index)).toEqual(index);
    });

    it('keeps one entry per certificate', async () => {
      const ix = await buildCertificateIndex([c.leaf, c.leaf, c.root]);
      expect(Object.keys(ix.certificates)).toHaveLength(2);
      expect(ix.signedBy[c.leaf.fingerprint]).toEqual(fp('root'));
    });
  });

  describe('verifyServerCertificate', () => {
    it('trusted: leaf signed by a trusted root', () => {
      const v = verifyServerCertificate(index, fp('leaf'), fp('root'), 'a.sample.com', NOW);
      expect(v).toEqual({ ok: true, chain: fp('leaf', 'root') });
      expect(curlMessageFor(v, 'a.sample.com')).toBe('');
      expect(browserErrorFor(v)).toBe('');
    });

    it('trusted among several anchors (a bundle)', () => {
      const v = verifyServerCertificate(index, fp('leaf'), fp('otherRoot', 'root'), 'a.sample.com', NOW);
      expect(v.ok).toBe(true);
    });

    it('with an intermediate presented after the leaf', () => {
      const v = verifyServerCertificate(index, fp('viaIssuing', 'issuing'), fp('root'), 'b.sample.com', NOW);
      expect(v).toEqual({ ok: true, chain: fp('viaIssuing', 'issuing', 'root') });
    });

    it('with the intermediate missing from the presented chain', () => {
      const v = failure(verifyServerCertificate(index, fp('viaIssuing'), fp('root'), 'b.sample.com', NOW));
      expect(v.reason).toBe('untrusted');
      expect(curlMessageFor(v, 'b.sample.com')).toBe(
        'SSL certificate problem: unable to get local issuer certificate',
      );
    });

    it('an intermediate as the trust anchor is enough (partial chain)', () => {
      const v = verifyServerCertificate(index, fp('viaIssuing'), fp('issuing'), 'b.sample.com', NOW);
      expect(v).toEqual({ ok: true, chain: fp('viaIssuing', 'issuing') });
    });

    it('untrusted CA', () => {
      const v = failure(verifyServerCertificate(index, fp('leaf'), fp('otherRoot'), 'a.sample.com', NOW));
      expect(v.reason).toBe('untrusted');
      expect(v.detail).toMatch(/Sample Root CA/);
      expect(curlMessageFor(v, 'a.sample.com')).toBe(
        'SSL certificate problem: unable to get local issuer certificate',
      );
      expect(browserErrorFor(v)).toBe('NET::ERR_CERT_AUTHORITY_INVALID');
    });

    it('a CA with the same name but another key is not the issuer', () => {
      const v = failure(verifyServerCertificate(index, fp('leaf'), fp('forgedRoot'), 'a.sample.com', NOW));
      expect(v.reason).toBe('untrusted');
    });

    it('nothing trusted', () => {
      const v = failure(verifyServerCertificate(index, fp('leaf'), [], 'a.sample.com', NOW));
      expect(v.reason).toBe('untrusted');
    });

    it('self-signed', () => {
      const v = failure(verifyServerCertificate(index, fp('selfSigned'), fp('root'), 'self.sample.com', NOW));
      expect(v.reason).toBe('self-signed');
      expect(curlMessageFor(v, 'self.sample.com')).toBe('SSL certificate problem: self-signed certificate');
      expect(browserErrorFor(v)).toBe('NET::ERR_CERT_AUTHORITY_INVALID');
    });

    it('a self-signed certificate that is itself trusted (curl --cacert server.crt)', () => {
      const v = verifyServerCertificate(index, fp('selfSigned'), fp('selfSigned'), 'self.sample.com', NOW);
      expect(v).toEqual({ ok: true, chain: fp('selfSigned') });
    });

    it('the leaf itself as the anchor', () => {
      expect(verifyServerCertificate(index, fp('leaf'), fp('leaf'), 'a.sample.com', NOW).ok).toBe(true);
    });

    it('an untrusted root sent along in the chain', () => {
      const v = failure(
        verifyServerCertificate(index, fp('leaf', 'root'), fp('otherRoot'), 'a.sample.com', NOW),
      );
      expect(v.reason).toBe('untrusted');
      expect(curlMessageFor(v, 'a.sample.com')).toBe(
        'SSL certificate problem: self-signed certificate in certificate chain',
      );
    });

    it('expired', () => {
      const v = failure(verifyServerCertificate(index, fp('expired'), fp('root'), 'a.sample.com', NOW));
      expect(v.reason).toBe('expired');
      expect(v.detail).toMatch(/expired at/);
      expect(curlMessageFor(v, 'a.sample.com')).toBe('SSL certificate problem: certificate has expired');
      expect(browserErrorFor(v)).toBe('NET::ERR_CERT_DATE_INVALID');
    });

    it('not yet valid', () => {
      const v = failure(verifyServerCertificate(index, fp('future'), fp('root'), 'a.sample.com', NOW));
      expect(v.reason).toBe('not-yet-valid');
      expect(curlMessageFor(v, 'a.sample.com')).toBe('SSL certificate problem: certificate is not yet valid');
      expect(browserErrorFor(v)).toBe('NET::ERR_CERT_DATE_INVALID');
    });

    it('validity is judged at the given time', () => {
      const later = new Date(NOW.getTime() + 2 * YEAR);
      expect(verifyServerCertificate(index, fp('future'), fp('root'), 'a.sample.com', later).ok).toBe(true);
      const v = failure(verifyServerCertificate(index, fp('leaf'), fp('root'), 'a.sample.com', later));
      expect(v.reason).toBe('expired');
    });

    it('name mismatch', () => {
      const v = failure(verifyServerCertificate(index, fp('leaf'), fp('root'), 'b.sample.com', NOW));
      expect(v.reason).toBe('name-mismatch');
      expect(v.detail).toMatch(/a\.sample\.com/);
      expect(curlMessageFor(v, 'b.sample.com')).toBe(
        "SSL: no alternative certificate subject name matches target host name 'b.sample.com'",
      );
      expect(browserErrorFor(v)).toBe('NET::ERR_CERT_COMMON_NAME_INVALID');
    });

    it('trust is judged before the host name, then the dates before the name (OpenSSL, curl)', () => {
      const untrustedAndWrongName = failure(
        verifyServerCertificate(index, fp('leaf'), fp('otherRoot'), 'b.sample.com', NOW),
      );
      expect(untrustedAndWrongName.reason).toBe('untrusted');
      expect(untrustedAndWrongName.problems).toContain('name-mismatch');
      const expiredAndWrongName = failure(
        verifyServerCertificate(index, fp('expired'), fp('root'), 'b.sample.com', NOW),
      );
      expect(expiredAndWrongName.reason).toBe('expired');
      expect(expiredAndWrongName.problems).toEqual(['expired', 'name-mismatch']);
      const selfSignedAndWrongName = failure(
        verifyServerCertificate(index, fp('selfSigned'), fp('root'), 'other.sample.com', NOW),
      );
      expect(selfSignedAndWrongName.reason).toBe('self-signed');
    });

    it('CN fallback only when asked (curl), with curl wording for a CN mismatch', () => {
      expect(verifyServerCertificate(index, fp('cnOnly'), fp('root'), 'legacy.sample.com', NOW).ok).toBe(
        false,
      );
      const opts = { allowCommonName: true };
      expect(
        verifyServerCertificate(index, fp('cnOnly'), fp('root'), 'legacy.sample.com', NOW, opts).ok,
      ).toBe(true);
      const v = failure(verifyServerCertificate(index, fp('cnOnly'), fp('root'), 'x.sample.com', NOW, opts));
      expect(curlMessageFor(v, 'x.sample.com')).toBe(
        "SSL: certificate subject name 'legacy.sample.com' does not match target host name 'x.sample.com'",
      );
    });

    it('a certificate signed by a non-CA certificate is rejected even if that one is trusted', () => {
      const v = failure(
        verifyServerCertificate(index, fp('signedByNonCa'), fp('notACa'), 'x.sample.com', NOW),
      );
      expect(v.reason).toBe('untrusted');
      expect(v.verifyError).toBe('invalid CA certificate');
      expect(curlMessageFor(v, 'x.sample.com')).toBe('SSL certificate problem: invalid CA certificate');
    });

    it('a client-only certificate is not a server certificate', () => {
      const v = failure(verifyServerCertificate(index, fp('client'), fp('root'), 'client-1', NOW));
      expect(v.reason).toBe('wrong-purpose');
      expect(curlMessageFor(v, 'client-1')).toBe('SSL certificate problem: unsupported certificate purpose');
    });

    it('no certificate', () => {
      for (const presented of [[], ['0'.repeat(64)]]) {
        const v = failure(verifyServerCertificate(index, presented, fp('root'), 'a.sample.com', NOW));
        expect(v.reason).toBe('no-certificate');
      }
    });
  });

  describe('verifyClientCertificate (MUTUAL)', () => {
    it('signed by the CA bundle', () => {
      expect(verifyClientCertificate(index, fp('client'), fp('root'), NOW)).toEqual({
        ok: true,
        chain: fp('client', 'root'),
      });
      expect(verifyClientCertificate(index, fp('client'), fp('otherRoot', 'root'), NOW).ok).toBe(true);
      expect(verifyClientCertificate(index, fp('noEku'), fp('root'), NOW).ok).toBe(true);
    });

    it('not signed by the CA bundle', () => {
      const v = failure(verifyClientCertificate(index, fp('clientOfOther'), fp('root'), NOW));
      expect(v.reason).toBe('untrusted');
      expect(v.verifyError).toBe('unable to get local issuer certificate');
      expect(v.tlsAlert.name).toBe('unknown_ca');
    });

    it('a server-only certificate (extendedKeyUsage serverAuth) as a client certificate', () => {
      const v = failure(verifyClientCertificate(index, fp('serverOnly'), fp('root'), NOW));
      expect(v.reason).toBe('wrong-purpose');
      expect(v.tlsAlert.name).toBe('unsupported_certificate');
    });

    it('expired client certificate', () => {
      const v = failure(verifyClientCertificate(index, fp('expiredClient'), fp('root'), NOW));
      expect(v.reason).toBe('expired');
      expect(v.tlsAlert.name).toBe('certificate_expired');
    });

    it('no client certificate', () => {
      const v = failure(verifyClientCertificate(index, [], fp('root'), NOW));
      expect(v.reason).toBe('no-certificate');
      expect(v.tlsAlert.name).toBe('certificate_required');
    });
  });
});
