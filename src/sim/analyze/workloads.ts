// Gateway workloads and their credentials, as the gateway analyzers look them up.
import type { Snapshot, Workload } from '../cluster/snapshot.ts';
import { selectorMatches } from '../cluster/labels.ts';
import type { Gateway } from '../resources/istio.ts';
import type { Secret } from '../resources/kube.ts';
import { scanPem } from '../tls/pem.ts';
import { parseCertificateDer } from '../tls/x509.ts';

/** Workloads (Pods and Deployment replicas) a Gateway selects; an absent or empty selector selects all. */
export function selectedWorkloads(snapshot: Snapshot, selector: Record<string, string> | null): Workload[] {
  return snapshot.workloads.filter((w) => selectorMatches(selector ?? {}, w.labels));
}

/**
 * The namespace whose Secrets a Gateway's credentialName names: the namespace of the first pod the
 * selector matches, not the Gateway's own (gateway/secret.go getGatewayNamespace). "" when none.
 */
export function gatewayWorkloadNamespace(snapshot: Snapshot, gw: Gateway): string {
  return selectedWorkloads(snapshot, gw.selector)[0]?.namespace ?? '';
}

/** resource.NewShortOrFullName: `ns/name` is explicit, a bare name is in `namespace`. */
export function shortOrFullName(namespace: string, name: string): { namespace: string; name: string } {
  const slash = name.indexOf('/');
  if (slash >= 0) return { namespace: name.slice(0, slash), name: name.slice(slash + 1) };
  return { namespace, name };
}

export function findSecret(snapshot: Snapshot, namespace: string, name: string): Secret | undefined {
  return snapshot.secrets.find((s) => s.meta.namespace === namespace && s.meta.name === name);
}

export interface SecretKeyPair {
  certKey: string;
  keyKey: string;
  cert: string;
  key: string;
}

/**
 * kube.ExtractCertInfo (pilot/pkg/credentials/kube/secrets.go): non-empty `cert`+`key` (generic
 * Secret), else non-empty `tls.crt`+`tls.key` (kubernetes.io/tls). null when neither pair is there.
 */
export function secretKeyPair(secret: Secret): SecretKeyPair | null {
  const d = secret.data;
  if (d['cert'] && d['key']) return { certKey: 'cert', keyKey: 'key', cert: d['cert'], key: d['key'] };
  if (d['tls.crt'] && d['tls.key'])
    return { certKey: 'tls.crt', keyKey: 'tls.key', cert: d['tls.crt'], key: d['tls.key'] };
  return null;
}

/** Where a Secret key's value is written, for ranges: stringData wins over data, as in the API server. */
export function secretFieldPath(raw: Record<string, unknown>, key: string): (string | number)[] {
  const stringData = raw.stringData;
  if (stringData && typeof stringData === 'object' && key in (stringData as object))
    return ['stringData', key];
  return ['data', key];
}

/**
 * Why IST0161 fires for a Secret, or null when Istio accepts it. Istio's rule exactly
 * (gateway/secret.go isValidSecret → kube.ExtractCertInfo + xds.ValidateCertificate): the key pair must
 * be present and non-empty, the first PEM block of the certificate must parse as X.509 and be inside
 * its validity window at `now`. The private key itself is not looked at.
 */
type Validity = { notBefore: Date; notAfter: Date } | 'not-pem' | 'not-x509';
const validityCache = new Map<string, Promise<Validity>>();

/** The first certificate's validity window, parsed once per PEM text (the workbench re-runs often). */
function certificateValidity(pem: string): Promise<Validity> {
  let hit = validityCache.get(pem);
  if (!hit) {
    if (validityCache.size >= 64) validityCache.delete(validityCache.keys().next().value as string);
    hit = (async (): Promise<Validity> => {
      const block = scanPem(pem).blocks.find((b) => b.der !== null);
      if (!block || !block.der) return 'not-pem';
      try {
        const cert = await parseCertificateDer(block.der);
        return { notBefore: new Date(cert.notBefore), notAfter: new Date(cert.notAfter) };
      } catch {
        return 'not-x509';
      }
    })();
    validityCache.set(pem, hit);
  }
  return hit;
}

export async function invalidSecretReason(secret: Secret, now: Date): Promise<string | null> {
  const pair = secretKeyPair(secret);
  if (!pair) {
    const keys = Object.keys(secret.data).sort();
    const have = keys.length ? `it has ${keys.join(', ')}` : 'it has no data';
    return `Secret ${secret.meta.namespace}/${secret.meta.name} has no non-empty tls.crt/tls.key (or cert/key) pair (${have})`;
  }
  const validity = await certificateValidity(pair.cert);
  if (validity === 'not-pem')
    return `${pair.certKey} in Secret ${secret.meta.namespace}/${secret.meta.name} is not PEM`;
  if (validity === 'not-x509')
    return `the first PEM block of ${pair.certKey} in Secret ${secret.meta.namespace}/${secret.meta.name} is not an X.509 certificate`;
  const { notBefore, notAfter } = validity;
  if (now.getTime() > notAfter.getTime()) {
    return `the certificate in Secret ${secret.meta.namespace}/${secret.meta.name} expired on ${notAfter.toISOString().slice(0, 10)}`;
  }
  if (now.getTime() < notBefore.getTime()) {
    return `the certificate in Secret ${secret.meta.namespace}/${secret.meta.name} is not valid before ${notBefore.toISOString().slice(0, 10)}`;
  }
  return null;
}
