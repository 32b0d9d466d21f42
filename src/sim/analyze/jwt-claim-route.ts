// virtualservice.JWTClaimRouteAnalyzer — istio/istio pkg/config/analysis/analyzers/virtualservice/jwtclaimroute.go.
// IST0149: a VirtualService routes on a JWT claim (`@request.auth.claims…` header or withoutHeaders key)
// at a Gateway, and a pod that Gateway selects has no RequestAuthentication (in istio-system or the pod's
// namespace, selector matching the pod; no selector matches all) to validate the token: the claim is
// never available, so the match never succeeds. One message per pod; mesh, missing and Gateway API
// gateways are skipped.
import { selectorMatches } from '../cluster/labels.ts';
import { obj, stringRecord } from '../resources/read.ts';
import type { AnalysisContext } from './context.ts';
import { report } from './context.ts';
import { MESH_GATEWAY } from './hosts.ts';
import { findIstioGateway, parseGatewayRef } from './vs-gateways.ts';
import { selectedWorkloads } from './workloads.ts';

const HEADER_JWT_CLAIM = '@request.auth.claims';

export function analyzeJwtClaimRoutes(ctx: AnalysisContext): void {
  const { snapshot } = ctx;
  const requestAuthn = new Map<string, Record<string, string>[]>();
  for (const r of snapshot.resources) {
    if (r.group !== 'security.istio.io' || r.kind !== 'RequestAuthentication') continue;
    const list = requestAuthn.get(r.namespace) ?? [];
    list.push(stringRecord(obj(obj(obj(r.object.spec).selector).matchLabels)));
    requestAuthn.set(r.namespace, list);
  }
  for (const vs of snapshot.virtualServices) {
    let key = '';
    let path: (string | number)[] = [];
    for (const rule of vs.http) {
      for (const m of rule.match) {
        for (const field of ['headers', 'withoutHeaders'] as const) {
          const k = Object.keys(m[field]).find((h) => h.startsWith(HEADER_JWT_CLAIM));
          if (k && !key) {
            key = k;
            path = ['spec', 'http', rule.index, 'match', m.index, field, k];
          }
        }
      }
    }
    if (!key) continue;
    for (const g of vs.gateways) {
      if (g === MESH_GATEWAY) continue;
      const ref = parseGatewayRef(vs.meta.namespace, g);
      const gw = findIstioGateway(snapshot, ref);
      if (!gw) continue;
      // Pods the config defines stand for the gateway; the baseline Deployment's replica only when there
      // are none (Istio's harness has just its dummy pod, and istioctl sees just the cluster's pods).
      const all = selectedWorkloads(snapshot, gw.selector);
      const own = all.filter((w) => !snapshot.resourceById[w.ownerId]?.synthetic);
      for (const pod of own.length ? own : all) {
        const selectors = [
          ...(requestAuthn.get('istio-system') ?? []),
          ...(requestAuthn.get(pod.namespace) ?? []),
        ];
        if (selectors.some((s) => selectorMatches(s, pod.labels))) continue;
        const gwFull = `${ref.namespace}/${ref.name}`;
        report(ctx, vs.meta, 'IST0149', {
          path,
          message: `The virtual service uses the JWT claim based routing (key: ${key}) but found no request authentication for the gateway (${gwFull}) pod (${pod.name}). The request authentication must first be applied for the gateway pods to validate the JWT token and make the claims available for routing.`,
          fix: `Add a RequestAuthentication (jwtRules for your issuer) in istio-system or ${pod.namespace} whose selector matches the gateway pods, so the claim exists when the route is matched.`,
          args: { key, gateway: gwFull, pod: pod.name },
        });
      }
    }
  }
}
