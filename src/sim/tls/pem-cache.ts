// The workbench re-runs the whole pipeline on every keystroke, and the certificates rarely change: keep
// the parsed bundles of recent PEM texts (parsing awaits Web Crypto digests). Bundles are plain data and
// never mutated by their readers, so sharing them is safe.
import type { PemBundle } from './x509.ts';
import { parsePemBundle } from './x509.ts';

const cache = new Map<string, Promise<PemBundle>>();
const LIMIT = 64;

export function cachedPemBundle(text: string): Promise<PemBundle> {
  const hit = cache.get(text);
  if (hit) return hit;
  if (cache.size >= LIMIT) cache.delete(cache.keys().next().value as string);
  const parsed = parsePemBundle(text);
  cache.set(text, parsed);
  return parsed;
}
