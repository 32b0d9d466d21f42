import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { keyMatchesCertificate, parsePemBundle, type ParsedCertificate } from '../../../src/sim/tls/index.ts';
import {
  makeCA,
  makeLeaf,
  stripPkcs8EcPublicKey,
  toPkcs1Pem,
  toSec1Pem,
  type CA,
  type IssuedCertificate,
} from '../../support/certs.ts';
import { fixture } from './fixtures.ts';

/** Reference: SHA-256 of the key's public half as SPKI DER, computed by Node (OpenSSL). */
function spkiFingerprint(keyPem: string): string {
  const spki = createPublicKey(createPrivateKey(keyPem)).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('hex');
}

async function key(pem: string) {
  const bundle = await parsePemBundle(pem);
  expect(bundle.errors).toEqual([]);
  if (!bundle.privateKey) throw new Error('no key parsed');
  return bundle.privateKey;
}

describe('private keys', () => {
  let ca: CA;
  let ecLeaf: IssuedCertificate;
  let rsaLeaf: IssuedCertificate;
  let ecCert: ParsedCertificate;
  let rsaCert: ParsedCertificate;

  beforeAll(async () => {
    ca = await makeCA('Key Test CA');
    ecLeaf = await makeLeaf({ sans: ['ec.sample.com'], issuer: ca });
    rsaLeaf = await makeLeaf({ sans: ['rsa.sample.com'], issuer: ca, keyAlgorithm: 'RSA' });
    ecCert = (await parsePemBundle(ecLeaf.certPem)).certificates[0];
    rsaCert = (await parsePemBundle(rsaLeaf.certPem)).certificates[0];
  });

  describe('EC P-256', () => {
    it('PKCS#8 (as Web Crypto exports it)', async () => {
      const k = await key(ecLeaf.keyPem);
      expect(k).toEqual({
        algorithm: 'ECDSA P-256',
        publicKeyFingerprint: spkiFingerprint(ecLeaf.keyPem),
        format: 'pkcs8',
      });
      expect(keyMatchesCertificate(k, ecCert)).toBe(true);
    });

    it('PKCS#8 without the optional public key (derived through Web Crypto)', async () => {
      const stripped = stripPkcs8EcPublicKey(ecLeaf.keyPem);
      const k = await key(stripped);
      expect(k.format).toBe('pkcs8');
      expect(k.publicKeyFingerprint).toBe(spkiFingerprint(ecLeaf.keyPem));
      expect(keyMatchesCertificate(k, ecCert)).toBe(true);
    });

    it('SEC1 "EC PRIVATE KEY", with and without the public key', async () => {
      for (const withPublicKey of [true, false]) {
        const k = await key(toSec1Pem(ecLeaf.keyPem, { withPublicKey }));
        expect(k).toEqual({
          algorithm: 'ECDSA P-256',
          publicKeyFingerprint: ecCert.publicKeyFingerprint,
          format: 'sec1',
        });
      }
    });

    it('OpenSSL SEC1 (after an EC PARAMETERS block) and PKCS#8 keys match the OpenSSL certificate', async () => {
      const [cert] = (await parsePemBundle(fixture('openssl-leaf.crt'))).certificates;
      const sec1 = await key(fixture('openssl-leaf-sec1.key'));
      const pkcs8 = await key(fixture('openssl-leaf-pkcs8.key'));
      expect(sec1.format).toBe('sec1');
      expect(pkcs8.format).toBe('pkcs8');
      expect(sec1.publicKeyFingerprint).toBe(spkiFingerprint(fixture('openssl-leaf-pkcs8.key')));
      expect(keyMatchesCertificate(sec1, cert)).toBe(true);
      expect(keyMatchesCertificate(pkcs8, cert)).toBe(true);
    });
  });

  describe('RSA', () => {
    it('PKCS#8 and PKCS#1 "RSA PRIVATE KEY" of the same key', async () => {
      const pkcs8 = await key(rsaLeaf.keyPem);
      const pkcs1 = await key(toPkcs1Pem(rsaLeaf.keyPem));
      expect(pkcs8).toEqual({
        algorithm: 'RSA 2048',
        publicKeyFingerprint: spkiFingerprint(rsaLeaf.keyPem),
        format: 'pkcs8',
      });
      expect(pkcs1).toEqual({ ...pkcs8, format: 'pkcs1' });
      expect(keyMatchesCertificate(pkcs1, rsaCert)).toBe(true);
    });

    it('OpenSSL PKCS#1 and PKCS#8 files', async () => {
      const pkcs1 = await key(fixture('rsa-pkcs1.key'));
      const pkcs8 = await key(fixture('rsa-pkcs8.key'));
      expect(pkcs1.format).toBe('pkcs1');
      expect(pkcs1.algorithm).toBe('RSA 2048');
      expect(pkcs1.publicKeyFingerprint).toBe(spkiFingerprint(fixture('rsa-pkcs1.key')));
      expect(pkcs8.publicKeyFingerprint).toBe(pkcs1.publicKeyFingerprint);
    });

    it('a 3072-bit key is named by its size', async () => {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 3072 });
      const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
      expect((await key(pem)).algorithm).toBe('RSA 3072');
    });
  });

  describe('other key types', () => {
    it('Ed25519 PKCS#8 matches its certificate', async () => {
      const [cert] = (await parsePemBundle(fixture('ed25519.crt'))).certificates;
      const k = await key(fixture('ed25519.key'));
      expect(k).toEqual({
        algorithm: 'Ed25519',
        publicKeyFingerprint: spkiFingerprint(fixture('ed25519.key')),
        format: 'pkcs8',
      });
      expect(keyMatchesCertificate(k, cert)).toBe(true);
    });

    it('P-384 SEC1', async () => {
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
      const pem = privateKey.export({ type: 'sec1', format: 'pem' }).toString();
      expect(await key(pem)).toEqual({
        algorithm: 'ECDSA P-384',
        publicKeyFingerprint: spkiFingerprint(pem),
        format: 'sec1',
      });
    });

    it('X25519 cannot be matched to a certificate: keyMatchesCertificate is null, not false', async () => {
      const { privateKey } = generateKeyPairSync('x25519');
      const k = await key(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
      expect(k).toEqual({ algorithm: 'X25519', publicKeyFingerprint: null, format: 'pkcs8' });
      expect(keyMatchesCertificate(k, ecCert)).toBeNull();
    });
  });

  it('keyMatchesCertificate is false for another key', async () => {
    expect(keyMatchesCertificate(await key(ecLeaf.keyPem), rsaCert)).toBe(false);
    expect(keyMatchesCertificate(await key(ca.keyPem), ecCert)).toBe(false);
    expect(keyMatchesCertificate(await key(rsaLeaf.keyPem), rsaCert)).toBe(true);
  });

  describe('errors', () => {
    it.each(['rsa-encrypted-pkcs8.key', 'rsa-encrypted-pkcs1.key'])('encrypted key %s', async (name) => {
      const bundle = await parsePemBundle(fixture(name));
      expect(bundle.privateKey).toBeNull();
      expect(bundle.errors).toEqual(['private key is encrypted (Envoy needs an unencrypted key)']);
    });

    it('a key block that is not a key', async () => {
      const bundle = await parsePemBundle(
        '-----BEGIN PRIVATE KEY-----\naGVsbG8gd29ybGQ=\n-----END PRIVATE KEY-----\n',
      );
      expect(bundle.privateKey).toBeNull();
      expect(bundle.errors).toHaveLength(1);
      expect(bundle.errors[0]).toMatch(/^PEM block 1 is not a valid PRIVATE KEY: /);
    });

    it('an RSA key labelled as EC', async () => {
      const relabelled = toPkcs1Pem(rsaLeaf.keyPem).replace(/RSA PRIVATE KEY/g, 'EC PRIVATE KEY');
      const bundle = await parsePemBundle(relabelled);
      expect(bundle.privateKey).toBeNull();
      expect(bundle.errors[0]).toMatch(/^PEM block 1 is not a valid EC PRIVATE KEY: /);
    });

    it('the first of two keys is used, the second reported', async () => {
      const bundle = await parsePemBundle(ecLeaf.keyPem + rsaLeaf.keyPem);
      expect(bundle.privateKey?.algorithm).toBe('ECDSA P-256');
      expect(bundle.errors).toEqual(['PEM block 2: a second private key is ignored (the first one is used)']);
    });

    it('an OpenSSH key', async () => {
      const bundle = await parsePemBundle(
        '-----BEGIN OPENSSH PRIVATE KEY-----\naGVsbG8=\n-----END OPENSSH PRIVATE KEY-----\n',
      );
      expect(bundle.errors[0]).toMatch(/OpenSSH private key/);
    });
  });
});
