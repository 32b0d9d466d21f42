// gateway.IngressGatewayPortAnalyzer — istio/istio pkg/config/analysis/analyzers/gateway/gateway.go.
// IST0101 (selector): the Gateway selects no pod. IST0162: a server port that no Service in front of the
// selected pods offers, as `port` or numeric `targetPort`.
import { selectorMatches, selectorString } from '../cluster/labels.ts';
import { arr, obj } from '../resources/read.ts';
import type { AnalysisContext } from './context.ts';
import { report, resourceOf } from './context.ts';
import { selectedWorkloads } from './workloads.ts';

export function analyzeGatewayPorts(ctx: AnalysisContext): void {
  const { snapshot } = ctx;
  for (const gw of snapshot.gateways) {
    const selector = gw.selector ?? {};
    const sel = selectorString(selector);
    const pods = selectedWorkloads(snapshot, gw.selector);
    if (pods.length === 0) {
      report(ctx, gw.meta, 'IST0101', {
        path: ['spec', 'selector'],
        message: `Referenced selector not found: ${JSON.stringify(sel)}`,
        fix: `No pod carries the labels ${sel || '(none)'}: make spec.selector match the ingress gateway pods' labels (the default install's are istio: ingressgateway).`,
        args: { reftype: 'selector', refval: sel },
      });
      continue;
    }
    // Only ports written `protocol: TCP` count: file input gets no API-server defaulting, and the
    // analyzer compares the protocol literally. A Service without selector selects every pod of its
    // namespace (klabels.SelectorFromSet of an empty set matches everything).
    const accepted = new Set<number>();
    for (const pod of pods) {
      for (const svc of snapshot.services) {
        if (svc.meta.namespace !== pod.namespace) continue;
        if (!selectorMatches(svc.selector ?? {}, pod.labels)) continue;
        for (const p of svc.ports) {
          if (p.protocol !== 'TCP') continue;
          accepted.add(p.port);
          if (typeof p.targetPort === 'number') accepted.add(p.targetPort);
        }
      }
    }
    const raw = resourceOf(ctx, gw.meta)?.object ?? {};
    const rawServers = arr(obj(raw.spec).servers);
    for (const server of gw.servers) {
      if (!obj(rawServers[server.index]).port) continue;
      const port = server.port.number;
      if (accepted.has(port)) continue;
      const offered = [...accepted].sort((a, b) => a - b).join(', ');
      report(ctx, gw.meta, 'IST0162', {
        path: ['spec', 'servers', server.index, 'port', 'number'],
        message: `The gateway is listening on a target port (port ${port}) that is not defined in the Service associated with its workload instances (Pod selector ${sel}). If you need to access the gateway port through the gateway Service, it will not be available.`,
        fix: offered
          ? `Use a port the gateway Service offers (${offered}), or add port ${port} to the gateway Service.`
          : `Add port ${port} (protocol: TCP) to the Service in front of the gateway pods.`,
        args: { port, selector: sel },
      });
    }
  }
}
