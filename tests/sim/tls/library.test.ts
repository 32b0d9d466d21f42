import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  buildCertificateIndex,
  parsePemBundle,
  verifyServerCertificate,
} from '../../../src/sim/tls/index.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('loading @peculiar/x509', () => {
  it('leaves no Reflect metadata functions behind (the shim lives only while the library loads)', async () => {
    const reflect = Reflect as unknown as Record<string, unknown>;
    expect(reflect.getMetadata).toBeUndefined();
    expect(reflect.getOwnMetadata).toBeUndefined();
    // Using the library afterwards does not need them either.
    const { makeSelfSigned } = await import('../../support/certs.ts');
    const cert = await makeSelfSigned(['a.sample.com']);
    const bundle = await parsePemBundle(cert.certPem);
    expect(bundle.errors).toEqual([]);
    expect(reflect.getMetadata).toBeUndefined();
  });

  it('keeps a Reflect metadata polyfill that was there before', () => {
    const script = `
      const getMetadata = () => undefined;
      Reflect.getMetadata = getMetadata;
      Reflect.getOwnMetadata = () => undefined;
      await import('./src/sim/tls/index.ts');
      if (Reflect.getMetadata !== getMetadata) throw new Error('polyfill replaced or removed');
      console.log('kept');
    `;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(out.trim()).toBe('kept');
  });

  // tslib's CommonJS build, which Node loads for every @peculiar package, defines its helpers
  // (__extends, __decorate, ...) on globalThis; the browser build (tslib.es6.mjs) does not. Those are
  // tslib's, not ours, and are left out of the comparison.
  it('works under plain Node (no Vite), and adds nothing to globalThis or Reflect but tslib helpers', () => {
    const script = `
      const before = new Set([...Object.getOwnPropertyNames(globalThis), ...Reflect.ownKeys(Reflect).map(String)]);
      const tls = await import('./src/sim/tls/index.ts');
      const { readFileSync } = await import('node:fs');
      const pem = readFileSync('tests/sim/tls/fixtures/openssl-leaf.crt', 'utf8') + readFileSync('tests/sim/tls/fixtures/openssl-root.crt', 'utf8');
      const bundle = await tls.parsePemBundle(pem);
      const index = await tls.buildCertificateIndex(bundle.certificates);
      const fps = bundle.certificates.map((c) => c.fingerprint);
      const v = tls.verifyServerCertificate(index, [fps[0]], [fps[1]], 'a.sample.com', new Date(bundle.certificates[0].notBefore));
      const after = [...Object.getOwnPropertyNames(globalThis), ...Reflect.ownKeys(Reflect).map(String)]
        .filter((k) => !before.has(k))
        .filter((k) => !(k.startsWith('__') && typeof globalThis[k] === 'function'));
      console.log(JSON.stringify({ ok: v.ok, added: after }));
    `;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toEqual({ ok: true, added: [] });
  });
});

describe('scripts/make-cert.ts', () => {
  it('prints a CA and a leaf that verify, valid for the years asked', async () => {
    const out = execFileSync(
      process.execPath,
      [
        'scripts/make-cert.ts',
        '--ca',
        'Sample Test CA',
        '--san',
        '*.sample.com',
        '--san',
        'sample.com',
        '--years',
        '100',
      ],
      { cwd: root, encoding: 'utf8' },
    );
    const section = (name: string) => out.split(`# ${name}\n`)[1].split('\n# ')[0];
    const ca = await parsePemBundle(section('ca.crt') + section('ca.key'));
    const leaf = await parsePemBundle(section('tls.crt') + section('tls.key'));
    expect(ca.errors).toEqual([]);
    expect(leaf.errors).toEqual([]);
    expect(ca.certificates[0]).toMatchObject({ subject: 'CN=Sample Test CA', isCA: true });
    const cert = leaf.certificates[0];
    expect(cert).toMatchObject({
      dnsNames: ['*.sample.com', 'sample.com'],
      commonName: '*.sample.com',
      isCA: false,
    });
    expect(leaf.privateKey?.publicKeyFingerprint).toBe(cert.publicKeyFingerprint);
    const years = (Date.parse(cert.notAfter) - Date.parse(cert.notBefore)) / (365.25 * 24 * 3600 * 1000);
    expect(Math.round(years)).toBe(100);
    const index = await buildCertificateIndex([cert, ca.certificates[0]]);
    const v = verifyServerCertificate(
      index,
      [cert.fingerprint],
      [ca.certificates[0].fingerprint],
      'www.sample.com',
      new Date(),
    );
    expect(v.ok).toBe(true);
  });

  it('rejects a call without --san', () => {
    expect(() =>
      execFileSync(process.execPath, ['scripts/make-cert.ts', '--ca', 'X'], {
        cwd: root,
        encoding: 'utf8',
        stdio: 'pipe',
      }),
    ).toThrow(/at least one --san is required/);
  });
});
