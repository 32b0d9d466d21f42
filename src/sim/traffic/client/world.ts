// What a client outside the cluster can reach: DNS, the gateways behind their external addresses, and
// the certificates in play. Built once per simulation (certificate parsing is async: Web Crypto).
import type { Snapshot } from '../../cluster/snapshot.ts';
import { compileGateway } from '../../compile/index.ts';
import { gatewayProxiesByAddress } from '../../compile/proxy.ts';
import type { CompiledGateway, GatewayProxy } from '../../compile/types.ts';
import { buildCertificateIndex, cachedPemBundle } from '../../tls/index.ts';
import type { CertificateIndex, PemBundle } from '../../tls/index.ts';

export interface CertStore {
  index: CertificateIndex;
  /** Parsed PEM texts, keyed by the exact text. */
  bundles: Map<string, PemBundle>;
}

const EMPTY: PemBundle = { certificates: [], privateKey: null, errors: ['no PEM data'] };

export function bundleOf(store: CertStore, text: string | undefined | null): PemBundle {
  if (!text) return EMPTY;
  return store.bundles.get(text) ?? EMPTY;
}

export async function buildCertStore(texts: Iterable<string>): Promise<CertStore> {
  const bundles = new Map<string, PemBundle>();
  for (const t of texts) {
    if (!t || bundles.has(t)) continue;
    bundles.set(t, await cachedPemBundle(t));
  }
  const certs = [...bundles.values()].flatMap((b) => b.certificates);
  return { index: await buildCertificateIndex(certs), bundles };
}

/** Every PEM-looking text in the scenario's Secrets. */
export function secretTexts(snapshot: Snapshot): string[] {
  const out: string[] = [];
  for (const s of snapshot.secrets)
    for (const v of Object.values(s.data)) if (v.includes('-----BEGIN')) out.push(v);
  return out;
}

export interface World {
  snapshot: Snapshot;
  /** The gateway that receives requests by default (the scenario's `gateway`). */
  defaultProxy: GatewayProxy;
  defaultCompiled: CompiledGateway;
  certs: CertStore;
  now: Date;
  /** null: every host resolves to the default gateway's external address (clarification 6). */
  dns: Record<string, string[]> | null;
  files: Record<string, string>;
  /** Client trust anchors (fingerprints) when the scenario gives `client.trust`; null = default. */
  trust: string[] | null;
  /** Default trust: every certificate in the scenario's Secrets (so labs need no CA setup). */
  defaultTrust: string[];
  misdirected421: boolean;
  backends: Record<string, { certificate?: string }>;
  clientCertificate: { cert: string; key: string } | null;
  compiledFor: (proxy: GatewayProxy) => CompiledGateway;
  /** The gateway workload behind an address, or null when nothing listens there. */
  proxyAt: (address: string) => GatewayProxy | null;
  nextConnectionId: () => number;
}

export function makeWorld(
  snapshot: Snapshot,
  defaultProxy: GatewayProxy,
  defaultCompiled: CompiledGateway,
  certs: CertStore,
  opts: {
    now: Date;
    dns: Record<string, string[]> | null;
    files: Record<string, string>;
    trust: string[] | null;
    misdirected421: boolean;
    backends: Record<string, { certificate?: string }>;
    clientCertificate: { cert: string; key: string } | null;
  },
): World {
  const byAddress = gatewayProxiesByAddress(snapshot);
  const cache = new Map<string, CompiledGateway>();
  const key = (p: GatewayProxy) => `${p.namespace}|${JSON.stringify(p.labels)}`;
  cache.set(key(defaultProxy), defaultCompiled);
  let connections = 0;
  // Clarification 8: without `client.trust` the client trusts the CAs of the scenario's Secrets. A
  // Secret that holds only a leaf (the usual kubernetes.io/tls Secret) has its CA elsewhere: when that
  // CA is nowhere in the scenario, the leaf itself stands in for it (so labs need no CA setup); when the
  // CA is given (say as a file for curl --cacert), it is not trusted by default, as in real life.
  const inSecrets = secretTexts(snapshot).flatMap((t) => bundleOf(certs, t).certificates);
  const signedByKnown = (fp: string) => (certs.index.signedBy[fp] ?? []).some((issuer) => issuer !== fp);
  const defaultTrust = [
    ...new Set(inSecrets.filter((c) => c.isCA || !signedByKnown(c.fingerprint)).map((c) => c.fingerprint)),
  ];
  const trust = opts.trust
    ? opts.trust.flatMap((t) => bundleOf(certs, t).certificates.map((c) => c.fingerprint))
    : null;
  return {
    snapshot,
    defaultProxy,
    defaultCompiled,
    certs,
    now: opts.now,
    dns: opts.dns,
    files: opts.files,
    trust,
    defaultTrust,
    misdirected421: opts.misdirected421,
    backends: opts.backends,
    clientCertificate: opts.clientCertificate,
    compiledFor: (p) => {
      const k = key(p);
      let c = cache.get(k);
      if (!c) {
        c = compileGateway(snapshot, p);
        cache.set(k, c);
      }
      return c;
    },
    proxyAt: (address) => {
      if (address === defaultProxy.externalAddress || defaultProxy.ipAddresses.includes(address))
        return defaultProxy;
      return byAddress[address] ?? null;
    },
    nextConnectionId: () => ++connections,
  };
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

export function isIpLiteral(host: string): boolean {
  return IPV4.test(host) || host.includes(':');
}

/** DNS as the client sees it: scenario `dns`, else every name → the receiving gateway. */
export function resolveHost(world: World, host: string): string[] | null {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (isIpLiteral(h)) return [h];
  if (world.dns) {
    const entry = Object.entries(world.dns).find(([k]) => k.toLowerCase() === h);
    return entry ? [...entry[1]] : null;
  }
  return [world.defaultProxy.externalAddress];
}
