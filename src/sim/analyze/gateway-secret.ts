// gateway.SecretAnalyzer — istio/istio pkg/config/analysis/analyzers/gateway/secret.go.
// IST0101 (selector / credentialName) and IST0161. The Secret must live in the namespace of the first
// pod the Gateway selects (the gateway workload reads it through SDS), not in the Gateway's namespace.
import { selectorString } from '../cluster/labels.ts';
import type { AnalysisContext } from './context.ts';
import { report } from './context.ts';
import { findSecret, gatewayWorkloadNamespace, invalidSecretReason, shortOrFullName } from './workloads.ts';

export async function analyzeGatewaySecrets(ctx: AnalysisContext): Promise<void> {
  const { snapshot } = ctx;
  for (const gw of snapshot.gateways) {
    const gwNs = gatewayWorkloadNamespace(snapshot, gw);
    if (!gwNs) {
      const sel = selectorString(gw.selector ?? {});
      report(ctx, gw.meta, 'IST0101', {
        path: ['spec', 'selector'],
        message: `Referenced selector not found: ${JSON.stringify(sel)}`,
        fix: `No pod carries the labels ${sel || '(none)'}: make spec.selector match the ingress gateway pods' labels (the default install's are istio: ingressgateway).`,
        args: { reftype: 'selector', refval: sel },
      });
      continue;
    }
    for (const server of gw.servers) {
      const cn = server.tls?.credentialName ?? '';
      if (!cn) continue;
      const path = ['spec', 'servers', server.index, 'tls', 'credentialName'];
      const ref = shortOrFullName(gwNs, cn);
      const secret = findSecret(snapshot, ref.namespace, ref.name);
      if (!secret) {
        const elsewhere = snapshot.secrets
          .filter((s) => s.meta.name === ref.name)
          .map((s) => s.meta.namespace);
        report(ctx, gw.meta, 'IST0101', {
          distinct: true,
          path,
          message: `Referenced credentialName not found: ${JSON.stringify(cn)}`,
          fix: elsewhere.length
            ? `The gateway pods run in ${gwNs}, so the Secret must be there too: create ${ref.name} in namespace ${ref.namespace} (it exists only in ${elsewhere.join(', ')}).`
            : `Create a kubernetes.io/tls Secret named ${ref.name} (tls.crt and tls.key) in namespace ${ref.namespace}, where the gateway pods run.`,
          args: { reftype: 'credentialName', refval: cn },
        });
        continue;
      }
      const reason = await invalidSecretReason(secret, ctx.options.now);
      if (reason) {
        report(ctx, gw.meta, 'IST0161', {
          distinct: true,
          path,
          message: `The credential referenced by the Gateway ${gw.meta.name} in namespace ${gwNs} is invalid, which can cause the traffic not to work as expected.`,
          fix: `Fix the Secret: ${reason}; it needs a current PEM certificate in tls.crt and its key in tls.key.`,
          args: { gatewayName: gw.meta.name, gatewayNamespace: gwNs },
        });
      }
    }
  }
}
