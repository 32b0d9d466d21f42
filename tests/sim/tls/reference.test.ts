// The asn1-x509 decoder and the Web Crypto signature checks against the @peculiar/x509-based reader
// they replaced (reference.ts): the same ParsedCertificate for every certificate of a corpus that
// covers each attribute type, string type, SAN type, extension and algorithm, the same verdict for
// every signature, the same refusal for broken certificates.

import { describe, expect, it } from 'vitest';
import {
  BasicConstraints,
  ExtendedKeyUsage,
  GeneralName,
  KeyUsage,
  OtherName,
  SubjectAlternativeName,
  Time,
  id_ce_authorityKeyIdentifier,
  id_ce_basicConstraints,
  id_ce_extKeyUsage,
  id_ce_keyUsage,
  id_ce_subjectAltName,
} from '@peculiar/asn1-x509';
import { parseCertificateDer } from '../../../src/sim/tls/index.ts';
import { describeSpki } from '../../../src/sim/tls/private-key.ts';
import { signatureVerifies, signedCertificate } from '../../../src/sim/tls/signature.ts';
import {
  CN,
  O,
  asRsaPssKey,
  craft,
  dn,
  extension,
  key,
  rawExtension,
  type CraftOptions,
  type Key,
  type SignatureSpec,
} from './craft.ts';
import { referenceParse, referenceSpkiAlgorithm, referenceVerifies } from './reference.ts';

const p256 = key({ type: 'ec', curve: 'P-256' });
const ecdsa256: SignatureSpec = { type: 'ecdsa', hash: 'sha256' };

function selfSigned(subject: CraftOptions['subject'], more: Partial<CraftOptions> = {}): Uint8Array {
  return craft({ subject, subjectKey: p256, signature: ecdsa256, ...more });
}

const san = (...names: GeneralName[]) => extension(id_ce_subjectAltName, new SubjectAlternativeName(names));

const NAMES: Record<string, Uint8Array> = {
  'multi-valued RDN': selfSigned(
    dn([
      [
        [CN, 'a.sample.com'],
        ['2.5.4.11', 'Web'],
      ],
      [[O, 'Sample']],
    ]),
  ),
  'RFC 4514 special characters': selfSigned(
    dn([
      [[CN, 'a,b+c"d\\e<f>g;h=i']],
      [[O, ' leading space']],
      [['2.5.4.11', '#hash']],
      [['2.5.4.7', 'trailing ']],
      [['2.5.4.8', 'line\nbreak\ttab\nagain\r']],
    ]),
  ),
  'every named attribute type and some unnamed ones': selfSigned(
    dn([
      [['2.5.4.6', { printableString: 'DE' }]],
      [['2.5.4.8', 'Berlin']],
      [['2.5.4.7', 'Berlin']],
      [['0.9.2342.19200300.100.1.25', { ia5String: 'sample' }]],
      [[O, 'Sample']],
      [['2.5.4.11', 'Web']],
      [['2.5.4.12', 'Dr']],
      [['2.5.4.4', 'Doe']],
      [['2.5.4.42', 'Jane']],
      [['2.5.4.43', 'J']],
      [['1.2.840.113549.1.9.1', { ia5String: 'jane@sample.com' }]],
      [['2.5.4.5', { printableString: '1234' }]],
      [['0.9.2342.19200300.100.1.1', 'jdoe']],
      [['2.5.4.97', 'VATDE-123']],
      [[CN, 'Jane Doe']],
    ]),
  ),
  'every string type, an empty value and values outside DirectoryString': selfSigned(
    dn([
      [[CN, { bmpString: 'Bmp name' }]],
      [[O, { teletexString: 'Teletex' }]],
      [['2.5.4.11', { universalString: 'Universal' }]],
      [['2.5.4.7', { printableString: 'Printable' }]],
      [['2.5.4.8', '']],
      [['2.5.4.5', { der: [0x12, 0x03, 0x31, 0x32, 0x33] }]], // NumericString "123"
      [['2.5.4.45', { der: [0x03, 0x02, 0x00, 0xa5] }]], // x500UniqueIdentifier BIT STRING
    ]),
  ),
  'non-ASCII values': selfSigned(dn([[[CN, 'Überprüfung 日本 🙂']], [[O, 'Ünïcødé, Inc.']]])),
  'two CNs (the last one is the common name)': selfSigned(
    dn([[[CN, 'first.sample.com']], [[CN, 'second.sample.com']]]),
  ),
  'an empty subject': selfSigned(dn([]), {
    issuer: dn([[[CN, 'Issuer']]]),
    extensions: [
      extension(id_ce_subjectAltName, new SubjectAlternativeName([new GeneralName({ dNSName: 'x' })]), true),
    ],
  }),
};

const EXTENSIONS: Record<string, Uint8Array> = {
  'every SAN type': selfSigned(dn([[[CN, 'san']]]), {
    extensions: [
      san(
        new GeneralName({ dNSName: 'a.sample.com' }),
        new GeneralName({ iPAddress: '203.0.113.7' }),
        new GeneralName({ iPAddress: '::1' }),
        new GeneralName({ iPAddress: '2001:db8::' }),
        new GeneralName({ iPAddress: '2001:db8:0:0:1:0:0:1' }),
        new GeneralName({ iPAddress: 'fe80::1:2' }),
        new GeneralName({ uniformResourceIdentifier: 'spiffe://cluster.local/ns/a/sa/b' }),
        new GeneralName({ rfc822Name: 'a@sample.com' }),
        new GeneralName({ directoryName: dn([[[CN, 'dir']]]) }),
        new GeneralName({
          otherName: new OtherName({ typeId: '1.2.3.4', value: new Uint8Array([0x0c, 0x01, 0x61]).buffer }),
        }),
        new GeneralName({ registeredID: '1.2.3.4.5' }),
        new GeneralName({ dNSName: '*.B.sample.com.' }),
      ),
    ],
  }),
  'a CA with pathLen, all key usages, every named EKU and an unknown one': selfSigned(dn([[[CN, 'ca']]]), {
    extensions: [
      extension(id_ce_basicConstraints, new BasicConstraints({ cA: true, pathLenConstraint: 3 }), true),
      extension(id_ce_keyUsage, new KeyUsage(511), true),
      extension(
        id_ce_extKeyUsage,
        new ExtendedKeyUsage([
          '1.3.6.1.5.5.7.3.1',
          '1.3.6.1.5.5.7.3.2',
          '1.3.6.1.5.5.7.3.3',
          '1.3.6.1.5.5.7.3.4',
          '1.3.6.1.5.5.7.3.8',
          '1.3.6.1.5.5.7.3.9',
          '2.5.29.37.0',
          '1.3.6.1.4.1.311.10.3.4',
        ]),
      ),
    ],
  }),
  'basicConstraints CA:FALSE, keyUsage keyAgreement only, repeated SAN (the first counts)': selfSigned(
    dn([[[CN, 'leaf']]]),
    {
      extensions: [
        extension(id_ce_basicConstraints, new BasicConstraints({ cA: false })),
        extension(id_ce_keyUsage, new KeyUsage(16)),
        san(new GeneralName({ dNSName: 'first.sample.com' })),
        san(new GeneralName({ dNSName: 'second.sample.com' })),
      ],
    },
  ),
  'version 1': selfSigned(dn([[[CN, 'v1']]]), { version: 1 }),
  'serial with a sign byte': selfSigned(dn([[[CN, 's']]]), { serial: [0x00, 0x80, 0x01] }),
  'serial zero': selfSigned(dn([[[CN, 's']]]), { serial: [0x00] }),
  'serial of 20 bytes': selfSigned(dn([[[CN, 's']]]), { serial: [0x7f, ...Array<number>(19).fill(0xab)] }),
  'UTCTime 1950 and GeneralizedTime 2050': selfSigned(dn([[[CN, 't']]]), {
    notBefore: new Time(new Date('1950-01-01T00:00:00Z')),
    notAfter: new Time(new Date('2050-06-01T12:30:45Z')),
  }),
  'GeneralizedTime before 2050': selfSigned(dn([[[CN, 't']]]), {
    notBefore: new Time({ generalTime: new Date('2030-01-02T03:04:05Z') }),
  }),
};

interface AlgorithmCase {
  key: Key;
  signature: SignatureSpec;
  /** Does the self-signature verify? */
  verifies: boolean;
  corrupt?: boolean;
}

const rsa = key({ type: 'rsa' });
const pssKey = key({ type: 'rsa-pss', hash: 'sha256', saltLength: 32 });
const ALGORITHMS: Record<string, AlgorithmCase> = {
  'RSA 2048 sha1WithRSAEncryption': { key: rsa, signature: { type: 'rsa', hash: 'sha1' }, verifies: true },
  'RSA 2048 sha224WithRSAEncryption (no SHA-224 in Web Crypto)': {
    key: rsa,
    signature: { type: 'rsa', hash: 'sha224' },
    verifies: false,
  },
  'RSA 2048 sha256WithRSAEncryption': {
    key: rsa,
    signature: { type: 'rsa', hash: 'sha256' },
    verifies: true,
  },
  'RSA 2048 sha384WithRSAEncryption': {
    key: rsa,
    signature: { type: 'rsa', hash: 'sha384' },
    verifies: true,
  },
  'RSA 2048 sha512WithRSAEncryption': {
    key: rsa,
    signature: { type: 'rsa', hash: 'sha512' },
    verifies: true,
  },
  'RSA 3072 sha256WithRSAEncryption': {
    key: key({ type: 'rsa', bits: 3072 }),
    signature: { type: 'rsa', hash: 'sha256' },
    verifies: true,
  },
  'RSA 2048, a corrupted signature': {
    key: rsa,
    signature: { type: 'rsa', hash: 'sha256' },
    verifies: false,
    corrupt: true,
  },
  'RSASSA-PSS SHA-256 salt 32': {
    key: rsa,
    signature: { type: 'rsa-pss', hash: 'sha256', saltLength: 32 },
    verifies: true,
  },
  'RSASSA-PSS SHA-384 salt 48': {
    key: rsa,
    signature: { type: 'rsa-pss', hash: 'sha384', saltLength: 48 },
    verifies: true,
  },
  'RSASSA-PSS SHA-512 salt 64': {
    key: rsa,
    signature: { type: 'rsa-pss', hash: 'sha512', saltLength: 64 },
    verifies: true,
  },
  'RSASSA-PSS SHA-1 salt 20': {
    key: rsa,
    signature: { type: 'rsa-pss', hash: 'sha1', saltLength: 20 },
    verifies: true,
  },
  'RSASSA-PSS SHA-256 salt 0': {
    key: rsa,
    signature: { type: 'rsa-pss', hash: 'sha256', saltLength: 0 },
    verifies: true,
  },
  'RSASSA-PSS whose maskGenAlgorithm names another hash than the signer used': {
    key: rsa,
    signature: { type: 'rsa-pss', hash: 'sha256', saltLength: 32, mgfHash: 'sha1' },
    verifies: true, // the identifier says MGF1-SHA-1; Web Crypto and the signer both use MGF1-SHA-256
  },
  'RSASSA-PSS without parameters (RFC 4055 §3.1: they MUST be present)': {
    key: rsa,
    signature: { type: 'rsa-pss', hash: 'sha1', saltLength: 20, omitParameters: true },
    verifies: false,
  },
  'an RSASSA-PSS key (id-RSASSA-PSS SPKI) with an RSASSA-PSS signature': {
    key: pssKey,
    signature: { type: 'rsa-pss', hash: 'sha256', saltLength: 32 },
    verifies: true,
  },
  'an RSASSA-PSS key with a PKCS#1 v1.5 signature (accepted, as before)': {
    key: asRsaPssKey(key({ type: 'rsa' }, 'pss')),
    signature: { type: 'rsa', hash: 'sha256' },
    verifies: true,
  },
  'ECDSA P-256 SHA-256': { key: p256, signature: ecdsa256, verifies: true },
  'ECDSA P-256 SHA-384': { key: p256, signature: { type: 'ecdsa', hash: 'sha384' }, verifies: true },
  'ECDSA P-256 SHA-1': { key: p256, signature: { type: 'ecdsa', hash: 'sha1' }, verifies: true },
  'ECDSA P-256 SHA-224': { key: p256, signature: { type: 'ecdsa', hash: 'sha224' }, verifies: false },
  'ECDSA P-256, a corrupted signature': { key: p256, signature: ecdsa256, verifies: false, corrupt: true },
  'ECDSA P-384 SHA-384': {
    key: key({ type: 'ec', curve: 'P-384' }),
    signature: { type: 'ecdsa', hash: 'sha384' },
    verifies: true,
  },
  'ECDSA P-384 SHA-256': { key: key({ type: 'ec', curve: 'P-384' }), signature: ecdsa256, verifies: true },
  'ECDSA P-521 SHA-512': {
    key: key({ type: 'ec', curve: 'P-521' }),
    signature: { type: 'ecdsa', hash: 'sha512' },
    verifies: true,
  },
  'ECDSA secp256k1 (not in Web Crypto)': {
    key: key({ type: 'ec', curve: 'secp256k1' }),
    signature: ecdsa256,
    verifies: false,
  },
  'ECDSA brainpoolP256r1 (not in Web Crypto)': {
    key: key({ type: 'ec', curve: 'brainpoolP256r1' }),
    signature: ecdsa256,
    verifies: false,
  },
  Ed25519: { key: key({ type: 'ed25519' }), signature: { type: 'ed25519' }, verifies: true },
  'Ed448 (not verified: no browser and not BoringSSL has it)': {
    key: key({ type: 'ed448' }),
    signature: { type: 'ed448' },
    verifies: false,
  },
};

const ALGORITHM_CERTS: Record<string, Uint8Array> = Object.fromEntries(
  Object.entries(ALGORITHMS).map(([name, c]) => [
    name,
    craft({
      subject: dn([[[CN, name]]]),
      subjectKey: c.key,
      signature: c.signature,
      corruptSignature: c.corrupt,
    }),
  ]),
);

const OTHER_KEYS: Record<string, Uint8Array> = {
  'an X25519 key signed by a P-256 issuer': craft({
    subject: dn([[[CN, 'x25519']]]),
    issuer: dn([[[CN, 'issuer']]]),
    subjectKey: key({ type: 'x25519' }),
    signer: p256,
    signature: ecdsa256,
  }),
};

const CORPUS = { ...NAMES, ...EXTENSIONS, ...ALGORITHM_CERTS, ...OTHER_KEYS };

describe('decoding matches the @peculiar/x509 reader', () => {
  it.each(Object.entries(CORPUS))('%s', async (_name, der) => {
    expect(await parseCertificateDer(der)).toEqual(referenceParse(der));
  });

  it('prints what the reader printed for names (spot checks)', async () => {
    const subject = async (name: string) => (await parseCertificateDer(CORPUS[name])).subject;
    expect(await subject('multi-valued RDN')).toBe('CN=a.sample.com+OU=Web, O=Sample');
    expect(await subject('RFC 4514 special characters')).toBe(
      'CN=a\\,b\\+c\\"d\\\\e\\<f\\>g\\;h=i, O=\\ leading space, OU=\\#hash, L=trailing\\ , ST=line\\0Abreak\ttab\nagain\r',
    );
    expect(await subject('every string type, an empty value and values outside DirectoryString')).toBe(
      'CN=Bmp name, O=Teletex, OU=Universal, L=Printable, ST=, 2.5.4.5=#1203313233, 2.5.4.45=#030200a5',
    );
    const parsed = await parseCertificateDer(CORPUS['every SAN type']);
    expect(parsed.dnsNames).toEqual(['a.sample.com', '*.B.sample.com.']);
    expect(parsed.ipAddresses).toEqual([
      '203.0.113.7',
      '::1',
      '2001:db8::',
      '2001:db8::1:0:0:1',
      'fe80::1:2',
    ]);
    expect(parsed.uris).toEqual(['spiffe://cluster.local/ns/a/sa/b']);
  });
});

describe('signature checks match the @peculiar/x509 reader', () => {
  it.each(Object.entries(ALGORITHMS))('%s', async (name, c) => {
    const der = ALGORITHM_CERTS[name];
    const signed = signedCertificate(new Uint8Array(der).buffer);
    const verdict = await signatureVerifies(signed, signed);
    expect(verdict).toBe(c.verifies);
    expect(verdict).toBe(await referenceVerifies(der, der));
  });

  it('every other pair (a key of another type, size or curve) does not verify, as before', async () => {
    const entries = Object.entries(ALGORITHM_CERTS);
    const signed = entries.map(([, der]) => signedCertificate(new Uint8Array(der).buffer));
    const pairs: [number, number][] = [];
    for (let i = 0; i < entries.length; i++) {
      for (let j = 0; j < entries.length; j++) {
        // Certificates made with the same key verify each other, whatever their names.
        if (ALGORITHMS[entries[i][0]].key !== ALGORITHMS[entries[j][0]].key) pairs.push([i, j]);
      }
    }
    expect(pairs.length).toBeGreaterThan(500);
    for (const [i, j] of pairs) {
      expect([entries[i][0], entries[j][0], await signatureVerifies(signed[i], signed[j])]).toEqual([
        entries[i][0],
        entries[j][0],
        false,
      ]);
    }
    // A sample against the reference (it is slow: it decodes both certificates again every time).
    for (let n = 0; n < pairs.length; n += 17) {
      const [i, j] = pairs[n];
      expect(await referenceVerifies(entries[i][1], entries[j][1])).toBe(false);
    }
  });

  it('a child signed by an issuer of another name verifies with that issuer key', async () => {
    const [child, issuer] = [
      OTHER_KEYS['an X25519 key signed by a P-256 issuer'],
      ALGORITHM_CERTS['ECDSA P-256 SHA-256'],
    ];
    const verdict = await signatureVerifies(
      signedCertificate(new Uint8Array(child).buffer),
      signedCertificate(new Uint8Array(issuer).buffer),
    );
    expect(verdict).toBe(true);
    expect(await referenceVerifies(child, issuer)).toBe(true);
  });
});

describe('public keys of private keys are named as before', () => {
  it.each([
    ['RSA 2048', rsa],
    ['RSA 3072', key({ type: 'rsa', bits: 3072 })],
    ['RSA (an RSASSA-PSS key)', pssKey],
    ['ECDSA P-256', p256],
    ['ECDSA P-384', key({ type: 'ec', curve: 'P-384' })],
    ['ECDSA P-521', key({ type: 'ec', curve: 'P-521' })],
    ['ECDSA K-256', key({ type: 'ec', curve: 'secp256k1' })],
    ['ECDSA brainpoolP256r1', key({ type: 'ec', curve: 'brainpoolP256r1' })],
    ['Ed25519', key({ type: 'ed25519' })],
    ['EdDSA', key({ type: 'ed448' })],
    ['X25519', key({ type: 'x25519' })],
  ])('%s', async (expected, k) => {
    const described = await describeSpki(new Uint8Array(k.spki).buffer);
    expect(described.algorithm).toBe(expected.replace(/ \(.*\)$/, ''));
    expect(described.algorithm).toBe(referenceSpkiAlgorithm(k.spki));
  });
});

describe('broken certificates are refused with the same reason', () => {
  const good = ALGORITHM_CERTS['ECDSA P-256 SHA-256'];
  const brokenExtension = (extnID: string, value: number[]) =>
    selfSigned(dn([[[CN, 'broken']]]), { extensions: [rawExtension(extnID, value)] });

  it.each([
    ['truncated DER', good.subarray(0, good.length - 10)],
    ['a keyUsage that is a SEQUENCE', brokenExtension(id_ce_keyUsage, [0x30, 0x00])],
    ['a subjectAltName that is an INTEGER', brokenExtension(id_ce_subjectAltName, [0x02, 0x01, 0x05])],
    [
      'a basicConstraints that is cut short',
      brokenExtension(id_ce_basicConstraints, [0x30, 0x03, 0x01, 0x01]),
    ],
    [
      'an authorityKeyIdentifier that is an INTEGER',
      brokenExtension(id_ce_authorityKeyIdentifier, [0x02, 0x01, 0x05]),
    ],
    ['an extKeyUsage that is a BOOLEAN', brokenExtension(id_ce_extKeyUsage, [0x01, 0x01, 0xff])],
    ['a certificatePolicies that is a NULL', brokenExtension('2.5.29.32', [0x05, 0x00])],
  ])('%s', async (_name, der) => {
    let expected = '';
    try {
      referenceParse(der);
    } catch (e) {
      expected = (e as Error).message;
    }
    expect(expected).not.toBe('');
    await expect(parseCertificateDer(der)).rejects.toThrow(expected);
  });
});
