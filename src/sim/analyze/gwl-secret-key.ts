// GWL0107 / GWL0108 (Gateway Lab): credential problems IST0161 (gateway/secret.go) deliberately does not
// look at (contract clarification 12).
// GWL0107: the Secret's private key does not belong to its certificate, or cannot be read. Envoy rejects
// the pair when it loads it (OpenSSL "KEY_VALUES_MISMATCH"), the server gets no certificate, and TLS
// handshakes on it fail.
// GWL0108: a MUTUAL / OPTIONAL_MUTUAL server whose credential has no CA to verify client certificates:
// neither `ca.crt`/`cacert` in the Secret nor a `<name>-cacert` Secret next to it
// (pilot/pkg/credentials/kube/secrets.go, "-cacert" suffix). The gateway cannot build the validation
// context for that server, so its TLS handshakes fail.
import type { Secret } from '../resources/kube.ts';
import { cachedPemBundle } from '../tls/pem-cache.ts';
import { keyMatchesCertificate } from '../tls/verify.ts';
import type { AnalysisContext } from './context.ts';
import { fullName, report, resourceOf } from './context.ts';
import {
  findSecret,
  gatewayWorkloadNamespace,
  invalidSecretReason,
  secretFieldPath,
  secretKeyPair,
  shortOrFullName,
} from './workloads.ts';

const TERMINATING = new Set(['SIMPLE', 'MUTUAL', 'OPTIONAL_MUTUAL']);

function hasCa(secret: Secret): boolean {
  return !!(secret.data['ca.crt'] || secret.data['cacert']);
}

export async function analyzeSecretKeys(ctx: AnalysisContext): Promise<void> {
  const { snapshot } = ctx;
  // Secret `ns/name` → gateways using it, and the first one's problem.
  const users = new Map<string, { secret: Secret; gateways: string[] }>();
  for (const gw of snapshot.gateways) {
    const gwNs = gatewayWorkloadNamespace(snapshot, gw);
    if (!gwNs) continue;
    for (const server of gw.servers) {
      const tls = server.tls;
      if (!tls || !tls.credentialName || !tls.modeSet || !TERMINATING.has(tls.mode)) continue;
      const ref = shortOrFullName(gwNs, tls.credentialName);
      const secret = findSecret(snapshot, ref.namespace, ref.name);
      if (!secret) continue; // IST0101 credentialName
      if (await invalidSecretReason(secret, ctx.options.now)) continue; // IST0161
      const key = `${ref.namespace}/${ref.name}`;
      const u = users.get(key) ?? { secret, gateways: [] };
      if (!u.gateways.includes(fullName(gw.meta))) u.gateways.push(fullName(gw.meta));
      users.set(key, u);

      if (tls.mode !== 'SIMPLE' && !hasCa(secret)) {
        const caSecret = findSecret(snapshot, ref.namespace, `${ref.name}-cacert`);
        if (!caSecret || !hasCa(caSecret)) {
          report(ctx, gw.meta, 'GWL0108', {
            path: ['spec', 'servers', server.index, 'tls', 'credentialName'],
            message: `The ${tls.mode} server on port ${server.port.number} needs a CA to verify client certificates, but Secret ${key} has no ca.crt and there is no Secret ${ref.name}-cacert in ${ref.namespace}: the gateway cannot set up this server and its TLS handshakes fail.`,
            fix: `Add the client CA bundle to Secret ${key} as ca.crt (kubectl create secret generic ${ref.name} --from-file=tls.crt --from-file=tls.key --from-file=ca.crt), or create Secret ${ref.name}-cacert with it.`,
            args: { secret: key, mode: tls.mode },
          });
        }
      }
    }
  }
  for (const [key, { secret, gateways }] of users) {
    const pair = secretKeyPair(secret);
    if (!pair) continue;
    const certs = await cachedPemBundle(pair.cert);
    const leaf = certs.certificates[0];
    if (!leaf) continue;
    const keyBundle = await cachedPemBundle(pair.key);
    const raw = resourceOf(ctx, secret.meta)?.object ?? {};
    const path = secretFieldPath(raw, pair.keyKey);
    if (!keyBundle.privateKey) {
      report(ctx, secret.meta, 'GWL0107', {
        path,
        message: `${pair.keyKey} in Secret ${key} (used by ${gateways.join(', ')}) is not a private key the gateway can load (${keyBundle.errors[0] ?? 'no private key found'}): TLS handshakes on those servers fail.`,
        fix: `Put the unencrypted PEM private key that belongs to ${pair.certKey} into ${pair.keyKey}.`,
        args: { secret: key, gateways, problem: keyBundle.errors[0] ?? 'no private key found' },
      });
      continue;
    }
    if (keyMatchesCertificate(keyBundle.privateKey, leaf) === false) {
      report(ctx, secret.meta, 'GWL0107', {
        path,
        message: `${pair.keyKey} in Secret ${key} (used by ${gateways.join(', ')}) does not belong to the certificate in ${pair.certKey} (${leaf.subject || leaf.dnsNames.join(', ')}): Envoy rejects the pair and TLS handshakes on those servers fail.`,
        fix: `Store the certificate and the key it was issued for together (kubectl create secret tls ${secret.meta.name} --cert=<cert file> --key=<its key file>).`,
        args: { secret: key, gateways, problem: 'key does not match certificate' },
      });
    }
  }
}
