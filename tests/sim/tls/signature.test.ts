import { describe, expect, it } from 'vitest';
import { AsnConvert } from '@peculiar/asn1-schema';
import { ECDSASigValue } from '@peculiar/asn1-ecc';
import { buildCertificateIndex, parsePemBundle } from '../../../src/sim/tls/index.ts';
import {
  ecdsaSignatureToP1363,
  signatureVerifies,
  signedCertificate,
  verifyParams,
} from '../../../src/sim/tls/signature.ts';
import { CN, certificatePem, craft, dn, key, type KeySpec, type SignatureSpec } from './craft.ts';

const subtle = globalThis.crypto.subtle;

function der(r: number[], s: number[]): ArrayBuffer {
  return AsnConvert.serialize(
    new ECDSASigValue({ r: new Uint8Array(r).buffer, s: new Uint8Array(s).buffer }),
  );
}

describe('ecdsaSignatureToP1363', () => {
  it('P-256: drops the sign byte of a high integer and left-pads a short one to 32 bytes', () => {
    const r = [0x00, 0x80, ...Array<number>(31).fill(0x11)]; // 33 bytes: sign byte + 32
    const s = [0x05, 0x06]; // a short s (leading zero bytes are not encoded)
    const raw = ecdsaSignatureToP1363(der(r, s), 32);
    expect(raw.length).toBe(64);
    expect([...raw.subarray(0, 32)]).toEqual(r.slice(1));
    expect([...raw.subarray(32)]).toEqual([...Array<number>(30).fill(0), 0x05, 0x06]);
  });

  it('P-384: 48-byte halves', () => {
    const r = Array<number>(48).fill(0x7f);
    const s = [0x00, 0xff, ...Array<number>(46).fill(0x01)]; // 47 significant bytes after the sign byte
    const raw = ecdsaSignatureToP1363(der(r, s), 48);
    expect(raw.length).toBe(96);
    expect([...raw.subarray(0, 48)]).toEqual(r);
    expect([...raw.subarray(48)]).toEqual([0x00, 0xff, ...Array<number>(46).fill(0x01)]);
  });

  it('refuses an integer longer than the curve size, and DER that is not an ECDSA-Sig-Value', () => {
    expect(() => ecdsaSignatureToP1363(der(Array<number>(33).fill(0x01), [1]), 32)).toThrow(/longer than 32/);
    expect(() => ecdsaSignatureToP1363(new Uint8Array([0x04, 0x01, 0x00]).buffer, 32)).toThrow();
  });

  it.each([
    ['P-256', 32, 'SHA-256'],
    ['P-384', 48, 'SHA-384'],
  ])(
    '%s: a Web Crypto signature, DER-encoded as in a certificate, converts back exactly',
    async (curve, size, hash) => {
      const pair = (await subtle.generateKey({ name: 'ECDSA', namedCurve: curve }, false, [
        'sign',
        'verify',
      ])) as CryptoKeyPair;
      const data = new TextEncoder().encode('to be signed');
      for (let n = 0; n < 8; n++) {
        const p1363 = new Uint8Array(await subtle.sign({ name: 'ECDSA', hash }, pair.privateKey, data));
        const positive = (bytes: Uint8Array) => {
          let i = 0;
          while (i < bytes.length - 1 && bytes[i] === 0) i++;
          const trimmed = [...bytes.subarray(i)];
          return trimmed[0] >= 0x80 ? [0, ...trimmed] : trimmed;
        };
        const asDer = der(positive(p1363.subarray(0, size)), positive(p1363.subarray(size)));
        const raw = ecdsaSignatureToP1363(asDer, size);
        expect([...raw]).toEqual([...p1363]);
        expect(await subtle.verify({ name: 'ECDSA', hash }, pair.publicKey, raw, data)).toBe(true);
      }
    },
  );
});

function selfSigned(keySpec: KeySpec, signature: SignatureSpec, name = 'self') {
  const bytes = craft({ subject: dn([[[CN, name]]]), subjectKey: key(keySpec), signature });
  return { der: bytes, signed: signedCertificate(new Uint8Array(bytes).buffer) };
}

describe('verifyParams: the signature algorithm in Web Crypto terms', () => {
  it('sha256WithRSAEncryption: RSASSA-PKCS1-v1_5 with SHA-256', () => {
    const { signed } = selfSigned({ type: 'rsa' }, { type: 'rsa', hash: 'sha256' });
    const params = verifyParams(signed, signed.publicKey);
    expect(params?.importAlgorithm).toEqual({ name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' });
    expect(params?.verifyAlgorithm).toEqual({ name: 'RSASSA-PKCS1-v1_5' });
  });

  it('RSASSA-PSS: the hash and salt length from its parameters', () => {
    const { signed } = selfSigned({ type: 'rsa' }, { type: 'rsa-pss', hash: 'sha384', saltLength: 48 });
    const params = verifyParams(signed, signed.publicKey);
    expect(params?.importAlgorithm).toEqual({ name: 'RSA-PSS', hash: 'SHA-384' });
    expect(params?.verifyAlgorithm).toEqual({ name: 'RSA-PSS', saltLength: 48 });
  });

  it('ECDSA: the curve of the issuer key, the hash of the algorithm, r || s', () => {
    const { signed } = selfSigned({ type: 'ec', curve: 'P-384' }, { type: 'ecdsa', hash: 'sha256' });
    const params = verifyParams(signed, signed.publicKey);
    expect(params?.importAlgorithm).toEqual({ name: 'ECDSA', namedCurve: 'P-384' });
    expect(params?.verifyAlgorithm).toEqual({ name: 'ECDSA', hash: 'SHA-256' });
    expect((params?.signature as Uint8Array).length).toBe(96);
  });

  it.each<[string, KeySpec, SignatureSpec]>([
    ['sha224WithRSAEncryption', { type: 'rsa' }, { type: 'rsa', hash: 'sha224' }],
    ['ecdsa-with-SHA224', { type: 'ec', curve: 'P-256' }, { type: 'ecdsa', hash: 'sha224' }],
    ['RSASSA-PSS with SHA-224', { type: 'rsa' }, { type: 'rsa-pss', hash: 'sha224', saltLength: 28 }],
    [
      'RSASSA-PSS without parameters',
      { type: 'rsa' },
      { type: 'rsa-pss', hash: 'sha1', saltLength: 20, omitParameters: true },
    ],
    ['ECDSA on secp256k1', { type: 'ec', curve: 'secp256k1' }, { type: 'ecdsa', hash: 'sha256' }],
    ['Ed448', { type: 'ed448' }, { type: 'ed448' }],
  ])('unsupported: %s (no parameters, so "not signed by")', async (_name, keySpec, signature) => {
    const { signed } = selfSigned(keySpec, signature);
    expect(verifyParams(signed, signed.publicKey)).toBeNull();
    expect(await signatureVerifies(signed, signed)).toBe(false);
  });
});

describe('signatureVerifies', () => {
  it.each<[string, KeySpec, SignatureSpec]>([
    ['RSA PKCS#1 v1.5 SHA-512', { type: 'rsa' }, { type: 'rsa', hash: 'sha512' }],
    ['RSASSA-PSS SHA-256 salt 32', { type: 'rsa' }, { type: 'rsa-pss', hash: 'sha256', saltLength: 32 }],
    [
      'RSASSA-PSS with an RSASSA-PSS key',
      { type: 'rsa-pss', hash: 'sha256', saltLength: 32 },
      { type: 'rsa-pss', hash: 'sha256', saltLength: 32 },
    ],
    ['ECDSA P-256 SHA-256', { type: 'ec', curve: 'P-256' }, { type: 'ecdsa', hash: 'sha256' }],
    ['ECDSA P-384 SHA-384', { type: 'ec', curve: 'P-384' }, { type: 'ecdsa', hash: 'sha384' }],
    ['ECDSA P-521 SHA-512', { type: 'ec', curve: 'P-521' }, { type: 'ecdsa', hash: 'sha512' }],
    ['Ed25519', { type: 'ed25519' }, { type: 'ed25519' }],
  ])('%s: verifies, and not with a changed to-be-signed byte', async (_name, keySpec, signature) => {
    const { signed } = selfSigned(keySpec, signature);
    expect(await signatureVerifies(signed, signed)).toBe(true);
    const tampered = new Uint8Array(signed.tbs.slice(0));
    tampered[tampered.length - 1] ^= 1;
    expect(await signatureVerifies({ ...signed, tbs: tampered.buffer }, signed)).toBe(false);
  });

  it('a PSS salt length other than the one used does not verify', async () => {
    const { signed } = selfSigned({ type: 'rsa' }, { type: 'rsa-pss', hash: 'sha256', saltLength: 32 });
    const params = verifyParams(signed, signed.publicKey);
    expect(params?.verifyAlgorithm).toEqual({ name: 'RSA-PSS', saltLength: 32 });
    const other = selfSigned({ type: 'rsa' }, { type: 'rsa-pss', hash: 'sha256', saltLength: 20 }, 'other');
    // The same key, but the signature was made with salt 20 while this identifier says 32.
    expect(
      await signatureVerifies({ ...other.signed, signatureAlgorithm: signed.signatureAlgorithm }, signed),
    ).toBe(false);
  });

  it('an unsupported algorithm makes the chain untrusted, as before (no error)', async () => {
    // A correctly signed Ed448 root and leaf: Node's OpenSSL could check them, the simulator does not.
    const root = key({ type: 'ed448' }, 'root');
    const rootDer = craft({
      subject: dn([[[CN, 'Ed448 Root']]]),
      subjectKey: root,
      signature: { type: 'ed448' },
    });
    const leafDer = craft({
      subject: dn([[[CN, 'leaf.sample.com']]]),
      issuer: dn([[[CN, 'Ed448 Root']]]),
      subjectKey: key({ type: 'ed25519' }),
      signer: root,
      signature: { type: 'ed448' },
    });
    const bundle = await parsePemBundle(certificatePem(leafDer) + certificatePem(rootDer));
    expect(bundle.errors).toEqual([]);
    expect(bundle.certificates.map((c) => c.signatureAlgorithm)).toEqual(['EdDSA', 'EdDSA']);
    expect(bundle.certificates[1].publicKeyAlgorithm).toBe('EdDSA');
    const index = await buildCertificateIndex(bundle.certificates);
    const [leaf, rootCert] = bundle.certificates.map((c) => c.fingerprint);
    expect(index.signedBy[leaf]).toEqual([]);
    expect(index.signedBy[rootCert]).toEqual([]);
  });
});
