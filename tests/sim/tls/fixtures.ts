// Reads the OpenSSL-made fixtures next to this file (see fixtures/README.md).

import { readFileSync } from 'node:fs';

export function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
}
