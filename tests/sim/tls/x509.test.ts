import { createHash, X509Certificate as NodeX509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { parsePemBundle } from '../../../src/sim/tls/index.ts';
import { makeCA, makeLeaf, makeSelfSigned, type CA, type IssuedCertificate } from '../../support/certs.ts';
import { fixture } from './fixtures.ts';

/** Independent reference values from Node's OpenSSL-backed X509Certificate. */
function reference(pem: string) {
  const cert = new NodeX509Certificate(pem);
  const spki = cert.publicKey.export({ type: 'spki', format: 'der' });
  return {
    fingerprint: createHash('sha256').update(cert.raw).digest('hex'),
    publicKeyFingerprint: createHash('sha256').update(spki).digest('hex'),
    serialNumber: cert.serialNumber.toLowerCase(),
    notBefore: new Date(cert.validFrom).toISOString(),
    notAfter: new Date(cert.validTo).toISOString(),
  };
}

describe('parsePemBundle: certificates', () => {
  let root: CA;
  let intermediate: CA;
  let leaf: IssuedCertificate;

  beforeAll(async () => {
    root = await makeCA('Sample Root CA', { organization: 'Sample' });
    intermediate = await makeCA('Sample Issuing CA', { organization: 'Sample', issuer: root, pathLen: 0 });
    leaf = await makeLeaf({
      sans: ['a.sample.com', '*.b.sample.com', '203.0.113.7', '2001:db8::7'],
      issuer: intermediate,
      commonName: 'a.sample.com',
      organization: 'Sample',
    });
  });

  it('reads a leaf + intermediate chain in order, with every field', async () => {
    const bundle = await parsePemBundle(leaf.certPem + intermediate.certPem);
    expect(bundle.errors).toEqual([]);
    expect(bundle.privateKey).toBeNull();
    expect(bundle.certificates).toHaveLength(2);
    const [l, i] = bundle.certificates;
    const ref = reference(leaf.certPem);
    expect(l).toMatchObject({
      fingerprint: ref.fingerprint,
      subject: 'CN=a.sample.com, O=Sample',
      issuer: 'CN=Sample Issuing CA, O=Sample',
      commonName: 'a.sample.com',
      dnsNames: ['a.sample.com', '*.b.sample.com'],
      ipAddresses: ['203.0.113.7', '2001:db8::7'],
      notBefore: ref.notBefore,
      notAfter: ref.notAfter,
      isCA: false,
      serialNumber: ref.serialNumber,
      publicKeyAlgorithm: 'ECDSA P-256',
      publicKeyFingerprint: ref.publicKeyFingerprint,
      extendedKeyUsage: ['serverAuth'],
      keyUsage: ['digitalSignature'],
      signatureAlgorithm: 'ecdsa-with-SHA256',
      version: 3,
    });
    expect(l.pem).toBe(leaf.certPem);
    expect(i.subject).toBe('CN=Sample Issuing CA, O=Sample');
    expect(i.issuer).toBe('CN=Sample Root CA, O=Sample');
    expect(i.isCA).toBe(true);
    expect(i.basicConstraints).toEqual({ cA: true, pathLenConstraint: 0 });
    expect(i.keyUsage).toEqual(['digitalSignature', 'keyCertSign', 'cRLSign']);
    expect(i.fingerprint).toBe(reference(intermediate.certPem).fingerprint);
  });

  it('reads a 2-certificate CA bundle', async () => {
    const other = await makeCA('Other CA', { keyAlgorithm: 'RSA' });
    const bundle = await parsePemBundle(root.certPem + '\n' + other.certPem);
    expect(bundle.errors).toEqual([]);
    expect(bundle.certificates.map((c) => c.subject)).toEqual(['CN=Sample Root CA, O=Sample', 'CN=Other CA']);
    expect(bundle.certificates.map((c) => c.publicKeyAlgorithm)).toEqual(['ECDSA P-256', 'RSA 2048']);
    expect(bundle.certificates[1].signatureAlgorithm).toBe('sha256WithRSAEncryption');
    expect(bundle.certificates[1].publicKeyFingerprint).toBe(reference(other.certPem).publicKeyFingerprint);
  });

  it('reads certificates and a key in any order, with text and indentation around them', async () => {
    const indented = (pem: string) =>
      pem
        .split('\n')
        .map((line) => (line ? '    ' + line : line))
        .join('\n');
    const text = `subject: the server\n${indented(leaf.keyPem)}\nissuer:\n${indented(leaf.certPem)}`;
    const bundle = await parsePemBundle(text.replace(/\n/g, '\r\n'));
    expect(bundle.errors).toEqual([]);
    expect(bundle.certificates).toHaveLength(1);
    expect(bundle.privateKey?.algorithm).toBe('ECDSA P-256');
  });

  it('reads what OpenSSL writes: subject in encoding order, RSA root, IPv6 SAN', async () => {
    const bundle = await parsePemBundle(fixture('openssl-leaf.crt') + fixture('openssl-root.crt'));
    expect(bundle.errors).toEqual([]);
    const [l, r] = bundle.certificates;
    const ref = reference(fixture('openssl-leaf.crt'));
    expect(l).toMatchObject({
      fingerprint: 'f6ab4dde14a19e354b347be56d131715532127f37d01a7a01568707d2d1cec11',
      subject: 'O=Sample Org, CN=a.sample.com',
      issuer: 'O=Sample Org, CN=Sample OpenSSL Root',
      commonName: 'a.sample.com',
      dnsNames: ['a.sample.com', '*.apps.sample.com'],
      ipAddresses: ['203.0.113.10', '2001:db8::10'],
      serialNumber: '6feb982c144d47cb70af0995231d55bdf4400434',
      publicKeyFingerprint: '5110ca72a083afa014e241cfe9656707b32e20403d13d636156600d1f60a8bbf',
      notBefore: ref.notBefore,
      notAfter: ref.notAfter,
      isCA: false,
    });
    expect(r).toMatchObject({
      isCA: true,
      publicKeyAlgorithm: 'RSA 2048',
      subject: 'O=Sample Org, CN=Sample OpenSSL Root',
    });
  });

  it('reads an Ed25519 certificate', async () => {
    const bundle = await parsePemBundle(fixture('ed25519.crt'));
    expect(bundle.errors).toEqual([]);
    expect(bundle.certificates[0]).toMatchObject({
      publicKeyAlgorithm: 'Ed25519',
      signatureAlgorithm: 'ED25519',
      fingerprint: '8dbaeae1f006903dac255357ab8f0b79dfe11b63612cfec1ef5541c0f06caf39',
      publicKeyFingerprint: reference(fixture('ed25519.crt')).publicKeyFingerprint,
    });
  });

  it('a certificate without SANs has empty lists and its CN', async () => {
    const bare = await makeLeaf({ sans: [], issuer: root, commonName: 'legacy.sample.com' });
    const [cert] = (await parsePemBundle(bare.certPem)).certificates;
    expect(cert.dnsNames).toEqual([]);
    expect(cert.ipAddresses).toEqual([]);
    expect(cert.commonName).toBe('legacy.sample.com');
    const noCn = await makeSelfSigned(['x.sample.com'], { commonName: undefined });
    expect((await parsePemBundle(noCn.certPem)).certificates[0].commonName).toBe('x.sample.com');
  });

  it('returns plain, structured-cloneable data', async () => {
    const bundle = await parsePemBundle(leaf.certPem + leaf.keyPem);
    expect(structuredClone(bundle)).toEqual(bundle);
    expect(JSON.parse(JSON.stringify(bundle))).toEqual(bundle);
  });

  it('gives callers their own copies (a cached parse cannot be mutated through a result)', async () => {
    const first = (await parsePemBundle(leaf.certPem)).certificates[0];
    first.dnsNames.push('evil.example');
    const second = (await parsePemBundle(leaf.certPem)).certificates[0];
    expect(second.dnsNames).toEqual(['a.sample.com', '*.b.sample.com']);
  });
});

describe('parsePemBundle: broken input never throws', () => {
  let leaf: IssuedCertificate;
  beforeAll(async () => {
    leaf = await makeSelfSigned(['a.sample.com']);
  });

  it.each([
    ['', /no PEM block found \(empty\)/],
    ['   \n ', /no PEM block found \(empty\)/],
    ['hello world', /^no PEM block found$/],
    ['\u0000\u0001garbage\uffff', /^no PEM block found$/],
  ])('%j -> %s', async (text, error) => {
    const bundle = await parsePemBundle(text);
    expect(bundle.certificates).toEqual([]);
    expect(bundle.privateKey).toBeNull();
    expect(bundle.errors).toHaveLength(1);
    expect(bundle.errors[0]).toMatch(error);
  });

  it('non-string input', async () => {
    for (const value of [undefined, null, 42, {}]) {
      const bundle = await parsePemBundle(value as unknown as string);
      expect(bundle.errors).toEqual(['no PEM block found (empty)']);
    }
  });

  it('a truncated PEM (no END line)', async () => {
    const cut = leaf.certPem.slice(0, Math.floor(leaf.certPem.length / 2));
    const bundle = await parsePemBundle(cut);
    expect(bundle.certificates).toEqual([]);
    expect(bundle.errors).toEqual(['PEM block 1 (CERTIFICATE) has no END line (truncated?)']);
  });

  it('a block whose base64 lost lines in the middle is not a certificate', async () => {
    const lines = leaf.certPem.trimEnd().split('\n');
    const shortened = [...lines.slice(0, 3), ...lines.slice(5)].join('\n');
    const bundle = await parsePemBundle(shortened);
    expect(bundle.certificates).toEqual([]);
    expect(bundle.errors).toHaveLength(1);
    expect(bundle.errors[0]).toMatch(/^PEM block 1 /);
  });

  it('a truncated second block keeps the first certificate', async () => {
    const text = leaf.certPem + leaf.certPem.slice(0, 120);
    const bundle = await parsePemBundle(text);
    expect(bundle.certificates).toHaveLength(1);
    expect(bundle.errors).toEqual(['PEM block 2 (CERTIFICATE) has no END line (truncated?)']);
  });

  it('invalid base64 inside a block', async () => {
    const broken = leaf.certPem.replace(/\n[A-Za-z0-9+/]{10}/, '\n!!!!!!!!!!');
    const bundle = await parsePemBundle(broken);
    expect(bundle.certificates).toEqual([]);
    expect(bundle.errors[0]).toMatch(
      /^PEM block 1 \(CERTIFICATE\) has invalid base64: illegal base64 data at input byte \d+$/,
    );
  });

  it('valid base64 that is not a certificate', async () => {
    const bundle = await parsePemBundle(
      '-----BEGIN CERTIFICATE-----\naGVsbG8gd29ybGQ=\n-----END CERTIFICATE-----\n',
    );
    expect(bundle.certificates).toEqual([]);
    expect(bundle.errors).toHaveLength(1);
    expect(bundle.errors[0]).toMatch(/^PEM block 1 is not a valid X\.509 certificate: /);
  });

  it('mismatched BEGIN/END labels', async () => {
    const bundle = await parsePemBundle(leaf.certPem.replace('END CERTIFICATE', 'END PRIVATE KEY'));
    expect(bundle.errors).toEqual(['PEM block 1 begins with "CERTIFICATE" but ends with "PRIVATE KEY"']);
  });

  it('PEM squashed onto one line (line breaks lost in YAML)', async () => {
    const bundle = await parsePemBundle(leaf.certPem.replace(/\n/g, ' '));
    expect(bundle.certificates).toEqual([]);
    expect(bundle.errors[0]).toMatch(/markers are not on lines of their own/);
  });

  it('base64 of PEM (a data: value pasted under stringData:)', async () => {
    const bundle = await parsePemBundle(Buffer.from(leaf.certPem).toString('base64'));
    expect(bundle.errors[0]).toMatch(/base64-encoded PEM/);
  });

  it('an unrelated block is reported and ignored; EC PARAMETERS is silent', async () => {
    const csr = '-----BEGIN CERTIFICATE REQUEST-----\naGVsbG8=\n-----END CERTIFICATE REQUEST-----\n';
    const bundle = await parsePemBundle(csr + leaf.certPem + fixture('openssl-leaf-sec1.key'));
    expect(bundle.certificates).toHaveLength(1);
    expect(bundle.privateKey?.format).toBe('sec1');
    expect(bundle.errors).toEqual([
      'PEM block 1 (CERTIFICATE REQUEST) is not a certificate or private key; ignored',
    ]);
  });
});
