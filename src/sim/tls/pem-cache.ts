// The analyzers read the same Secret PEMs on every keystroke: keep the parsed bundles of recent texts.
// Results are never mutated by the analyzers, so sharing them is safe.
import type { PemBundle } from '../tls/x509.ts';
import { parsePemBundle } from '../tls/x509.ts';

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
