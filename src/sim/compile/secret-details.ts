// Certificate details for `proxy-config secret` (VALID CERT, SERIAL NUMBER, NOT AFTER, NOT BEFORE): the
// leaf of each Secret the gateway's chains use, parsed with the certificate layer (async: Web Crypto).
import type { Snapshot } from '../cluster/snapshot.ts';
import { cachedPemBundle } from '../tls/index.ts';
import type { CompiledGateway } from './types.ts';

export interface SecretDetails {
  serial: string;
  notAfter: string;
  notBefore: string;
  valid: boolean;
}

export async function secretCertificateDetails(
  snapshot: Snapshot,
  compiled: CompiledGateway,
  now: Date,
): Promise<(secret: string) => SecretDetails | null> {
  const out = new Map<string, SecretDetails>();
  for (const s of compiled.secrets) {
    if (!s.secret || out.has(s.secret)) continue;
    const obj = snapshot.secrets.find((x) => `${x.meta.namespace}/${x.meta.name}` === s.secret);
    const text = obj?.data['tls.crt'] ?? obj?.data['cert'] ?? obj?.data['cacert'] ?? obj?.data['ca.crt'];
    if (!text) continue;
    const leaf = (await cachedPemBundle(text)).certificates[0];
    if (!leaf) continue;
    const t = now.getTime();
    out.set(s.secret, {
      serial: leaf.serialNumber,
      notAfter: leaf.notAfter.replace('.000Z', 'Z'),
      notBefore: leaf.notBefore.replace('.000Z', 'Z'),
      valid: Date.parse(leaf.notBefore) <= t && t <= Date.parse(leaf.notAfter),
    });
  }
  return (secret) => out.get(secret) ?? null;
}
