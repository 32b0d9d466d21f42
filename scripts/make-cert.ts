// Makes a CA and a server (or client) certificate signed by it, for labs and tests:
//
//   node scripts/make-cert.ts --ca "Sample Test CA" --san '*.sample.com' --san sample.com --years 100
//
// prints the CA certificate and key and the leaf certificate and key as PEM (ECDSA P-256 keys in
// PKCS#8), each after a "# <file name>" line; with --out DIR it writes ca.crt, ca.key, tls.crt and
// tls.key there instead. Other options: --cn NAME (leaf common name; default the first SAN),
// --org NAME, --rsa (RSA 2048 keys), --client (extendedKeyUsage clientAuth instead of serverAuth),
// --not-before YYYY-MM-DD (default: one day ago).

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { makeCA, makeLeaf } from '../tests/support/certs.ts';

const USAGE =
  'usage: node scripts/make-cert.ts --ca NAME --san NAME [--san NAME ...] [--years N] [--cn NAME] [--org NAME]\n' +
  '                                 [--rsa] [--client] [--not-before YYYY-MM-DD] [--out DIR]';

function fail(message: string): never {
  process.stderr.write(`make-cert: ${message}\n${USAGE}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        ca: { type: 'string' },
        san: { type: 'string', multiple: true },
        years: { type: 'string' },
        cn: { type: 'string' },
        org: { type: 'string' },
        rsa: { type: 'boolean' },
        client: { type: 'boolean' },
        'not-before': { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e));
  }
  const o = parsed.values;
  if (o.help) {
    process.stdout.write(USAGE + '\n');
    return;
  }
  if (!o.ca) fail('--ca is required');
  const sans = o.san ?? [];
  if (sans.length === 0) fail('at least one --san is required');
  const years = o.years === undefined ? 1 : Number(o.years);
  if (!Number.isFinite(years) || years <= 0) fail(`--years must be a positive number, not "${o.years}"`);
  const notBefore = o['not-before'] ? new Date(o['not-before']) : new Date(Date.now() - 24 * 60 * 60 * 1000);
  if (Number.isNaN(notBefore.getTime())) fail(`--not-before is not a date: "${o['not-before']}"`);
  const notAfter = new Date(notBefore);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + Math.floor(years));
  notAfter.setTime(notAfter.getTime() + (years % 1) * 365 * 24 * 60 * 60 * 1000);

  const keyAlgorithm = o.rsa ? 'RSA' : 'ECDSA';
  const ca = await makeCA(o.ca, { organization: o.org, keyAlgorithm, notBefore, notAfter });
  const leaf = await makeLeaf({
    sans,
    issuer: ca,
    commonName: o.cn ?? sans[0],
    organization: o.org,
    clientAuth: o.client ?? false,
    keyAlgorithm,
    notBefore,
    notAfter,
  });
  const files: [string, string][] = [
    ['ca.crt', ca.certPem],
    ['ca.key', ca.keyPem],
    ['tls.crt', leaf.certPem],
    ['tls.key', leaf.keyPem],
  ];
  if (o.out) {
    mkdirSync(o.out, { recursive: true });
    for (const [name, text] of files)
      writeFileSync(join(o.out, name), text, { mode: name.endsWith('.key') ? 0o600 : 0o644 });
    process.stderr.write(
      `make-cert: wrote ${files.map(([name]) => join(o.out as string, name)).join(', ')}\n`,
    );
    return;
  }
  process.stdout.write(files.map(([name, text]) => `# ${name}\n${text}`).join('\n'));
}

await main();
