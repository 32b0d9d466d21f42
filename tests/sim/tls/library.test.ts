import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  buildCertificateIndex,
  parsePemBundle,
  verifyServerCertificate,
} from '../../../src/sim/tls/index.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** Every source file under src/ (paths relative to the repository root). */
function sourceFiles(dir = 'src'): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx|js|mjs|astro)$/.test(entry.name) ? [path] : [];
  });
}

interface ImportEdge {
  specifier: string;
  /** `import type` / `export type`: erased, loads nothing. */
  typeOnly: boolean;
  dynamic: boolean;
}

function importsOf(file: string): ImportEdge[] {
  const text = readFileSync(join(root, file), 'utf8');
  const edges: ImportEdge[] = [];
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?'([^']+)'/gm)) {
    edges.push({ specifier: m[3], typeOnly: Boolean(m[2]), dynamic: false });
  }
  for (const m of text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)) {
    // `typeof import('...')` in a type position is erased too.
    const typeOnly = /typeof\s+$/.test(text.slice(Math.max(0, (m.index ?? 0) - 10), m.index));
    edges.push({ specifier: m[1], typeOnly, dynamic: true });
  }
  return edges;
}

const LAZY = ['codec.ts', 'certificate.ts', 'signature.ts', 'algorithms.ts', 'private-key.ts'].map(
  (f) => `src/sim/tls/${f}`,
);

describe('the certificate layer needs neither @peculiar/x509 nor a Reflect polyfill', () => {
  const files = sourceFiles();
  const resolve = (from: string, specifier: string) =>
    specifier.startsWith('.') ? join(dirname(from), specifier).replace(/\\/g, '/') : specifier;

  it('nothing under src/ imports @peculiar/x509, tsyringe or reflect-metadata, or touches Reflect metadata', () => {
    expect(files.length).toBeGreaterThan(50);
    const offenders = files.filter((file) => {
      const text = readFileSync(join(root, file), 'utf8');
      return (
        importsOf(file).some((e) => /^(@peculiar\/x509|tsyringe|reflect-metadata)$/.test(e.specifier)) ||
        /Reflect\.(get|define)(Own)?Metadata|reflect-shim/.test(text)
      );
    });
    expect(offenders).toEqual([]);
  });

  it('only the lazily loaded modules import @peculiar/* as values, and only asn1-loader.ts loads them', () => {
    const valueImportsOfPackages = files.filter((file) =>
      importsOf(file).some((e) => !e.typeOnly && e.specifier.startsWith('@peculiar/')),
    );
    expect(valueImportsOfPackages.sort()).toEqual(LAZY.filter((f) => f !== 'src/sim/tls/codec.ts').sort());
    // Who imports a lazy module, and how: codec.ts by asn1-loader.ts's dynamic import; the others
    // statically by lazy modules only.
    const importers: string[] = [];
    for (const file of files) {
      for (const edge of importsOf(file)) {
        const target = resolve(file, edge.specifier);
        if (LAZY.includes(target) && !edge.typeOnly) {
          importers.push(`${file} ${edge.dynamic ? 'import()' : 'import'} ${target}`);
        }
      }
    }
    for (const line of importers) {
      const [from, how, target] = line.split(' ');
      if (target === 'src/sim/tls/codec.ts')
        expect(`${from} ${how}`).toBe('src/sim/tls/asn1-loader.ts import()');
      else expect([from, how]).toEqual([expect.stringMatching(new RegExp(LAZY.join('|'))), 'import']);
    }
    expect(importers).toContain('src/sim/tls/asn1-loader.ts import() src/sim/tls/codec.ts');
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

describe("the tests' @peculiar/x509 (tests/support/x509-library.ts)", () => {
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
      const { loadX509 } = await import('./tests/support/x509-library.ts');
      await loadX509();
      if (Reflect.getMetadata !== getMetadata) throw new Error('polyfill replaced or removed');
      console.log('kept');
    `;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(out.trim()).toBe('kept');
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
