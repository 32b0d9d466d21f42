import { describe, expect, it } from 'vitest';
import { decodeSecretData, decodeSecretValue, parsePemBundle } from '../../../src/sim/tls/index.ts';
import { makeSelfSigned } from '../../support/certs.ts';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('decodeSecretData', () => {
  it('decodes data (base64) values to text', () => {
    const r = decodeSecretData({ 'tls.crt': b64('cert text\n'), 'tls.key': b64('key – ünïcode') });
    expect(r).toEqual({ values: { 'tls.crt': 'cert text\n', 'tls.key': 'key – ünïcode' }, errors: [] });
  });

  it('takes stringData as is, and stringData wins over data for the same key', () => {
    const r = decodeSecretData(
      { 'tls.crt': b64('from data'), 'ca.crt': b64('ca') },
      { 'tls.crt': 'from stringData' },
    );
    expect(r.values).toEqual({ 'tls.crt': 'from stringData', 'ca.crt': 'ca' });
    expect(r.errors).toEqual([]);
  });

  it('decodes a real tls Secret whose certificate then parses', async () => {
    const cert = await makeSelfSigned(['a.sample.com']);
    const wrapped = b64(cert.certPem).replace(/(.{76})/g, '$1\n'); // base64 -w 76 style line breaks
    const r = decodeSecretData({ 'tls.crt': wrapped, 'tls.key': b64(cert.keyPem) });
    expect(r.errors).toEqual([]);
    const bundle = await parsePemBundle(r.values['tls.crt'] + r.values['tls.key']);
    expect(bundle.errors).toEqual([]);
    expect(bundle.certificates[0].dnsNames).toEqual(['a.sample.com']);
  });

  it("reports undecodable base64 per key with Go's message, and keeps the good keys", () => {
    const r = decodeSecretData({ good: b64('ok'), bad: 'not base64!', short: 'YWJ', pem: '-----BEGIN' });
    expect(r.values).toEqual({ good: 'ok' });
    expect(r.errors).toEqual([
      'data.bad: illegal base64 data at input byte 3',
      'data.short: illegal base64 data at input byte 0',
      'data.pem: illegal base64 data at input byte 0',
    ]);
  });

  it.each([
    ['YWJj', 'abc'],
    ['YWI=', 'ab'],
    ['YQ==', 'a'],
    ['', ''],
    ['YW\nJj\r\n', 'abc'],
  ])('decodeSecretValue(%j) = %j', (input, text) => {
    expect(decodeSecretValue(input)).toEqual({ ok: true, text });
  });

  it.each([
    ['YQ=', 3],
    ['Y===', 1],
    ['YQ==YQ==', 4],
    ['YWJj YWJj', 4],
    ['YWJ-', 3],
  ])('decodeSecretValue(%j) fails at byte %i, as Go does', (input, at) => {
    expect(decodeSecretValue(input)).toEqual({ ok: false, error: `illegal base64 data at input byte ${at}` });
  });

  it('reports values of the wrong type and tolerates null values', () => {
    const r = decodeSecretData(
      { n: 5, l: ['x'], empty: null },
      { port: 8080, yes: true, obj: {}, nothing: null },
    );
    expect(r.values).toEqual({ empty: '', nothing: '' });
    expect(r.errors).toEqual([
      'data.n: must be a base64 string, not number',
      'data.l: must be a base64 string, not a list',
      'stringData.port: must be a string, not number (quote it in YAML)',
      'stringData.yes: must be a string, not boolean (quote it in YAML)',
      'stringData.obj: must be a string',
    ]);
  });

  it('reports data/stringData that are not maps; missing ones are fine', () => {
    expect(decodeSecretData(undefined)).toEqual({ values: {}, errors: [] });
    expect(decodeSecretData('abc', ['x']).errors).toEqual([
      'data: must be a map of key to base64 string',
      'stringData: must be a map of key to string',
    ]);
  });
});
