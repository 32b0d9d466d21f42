// gateway.ConflictingGatewayAnalyzer — istio/istio pkg/config/analysis/analyzers/gateway/conflictinggateway.go.
// IST0145: two Gateways on the same workloads (same selector string, or one selector string containing
// the other with a pod matching both) with a server on the same port sharing a host string exactly, with
// equal `bind`. Protocol, TLS and namespaces are not compared, and `*` does not conflict with `foo.com`.
//
// Istio's scan mutates the other Gateway's host set when it finds no duplicate (model.CheckDuplicates),
// which can invent conflicts among three or more Gateways depending on map order; we implement the
// intended rule without that side effect. A Gateway's servers on one port are pooled (Istio keeps only
// the last server's hosts per port).
import { selectorMatches, selectorString } from '../cluster/labels.ts';
import type { AnalysisContext } from './context.ts';
import { fullName, report } from './context.ts';

interface PortEntry {
  /** host → bind */
  hosts: Map<string, string>;
}

function parseSelector(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of s.split(',')) {
    const kv = pair.split('=');
    if (kv.length === 2) out[kv[0]] = kv[1];
  }
  return out;
}

export function analyzeConflictingGateways(ctx: AnalysisContext): void {
  const { snapshot } = ctx;
  // selector~port → gateway full name → hosts
  const map = new Map<string, Map<string, PortEntry>>();
  for (const gw of snapshot.gateways) {
    const sel = selectorString(gw.selector ?? {});
    for (const server of gw.servers) {
      const key = `${sel}~${server.port.number}`;
      if (!map.has(key)) map.set(key, new Map());
      const byGateway = map.get(key)!;
      const name = fullName(gw.meta);
      if (!byGateway.has(name)) byGateway.set(name, { hosts: new Map() });
      for (const h of server.hosts) byGateway.get(name)!.hosts.set(h, server.bind);
    }
  }

  for (const gw of snapshot.gateways) {
    const name = fullName(gw.meta);
    const gwSelector = gw.selector ?? {};
    const sel = selectorString(gwSelector);
    const hit: string[] = [];
    for (const key of map.keys()) {
      const xSel = key.slice(0, key.lastIndexOf('~'));
      let matched = false;
      if (xSel === sel) matched = true;
      else if (xSel.includes(sel) || sel.includes(xSel)) {
        const xSelector = parseSelector(xSel);
        matched = snapshot.workloads.some(
          (w) => selectorMatches(gwSelector, w.labels) && selectorMatches(xSelector, w.labels),
        );
      }
      if (matched) hit.push(key);
    }
    if (sel !== '' && hit.length === 0) {
      report(ctx, gw.meta, 'IST0101', {
        path: ['spec', 'selector'],
        message: `Referenced selector not found: ${JSON.stringify(sel)}`,
        fix:
          gw.servers.length === 0
            ? 'This Gateway has no servers, and Istio reports a server-less Gateway this way: add a server (port and hosts).'
            : `No pod carries the labels ${sel}: make spec.selector match the ingress gateway pods' labels (the default install's are istio: ingressgateway).`,
        args: { reftype: 'selector', refval: sel },
      });
      continue;
    }
    for (const server of gw.servers) {
      const port = String(server.port.number);
      const conflicting: string[] = [];
      for (const key of hit) {
        if (key.slice(key.lastIndexOf('~') + 1) !== port) continue;
        for (const [other, entry] of map.get(key)!) {
          if (other === name) continue;
          const clash = server.hosts.some((h) => entry.hosts.has(h) && entry.hosts.get(h) === server.bind);
          if (clash && !conflicting.includes(other)) conflicting.push(other);
        }
      }
      if (conflicting.length === 0) continue;
      conflicting.sort();
      const hosts = server.hosts.join(',');
      report(ctx, gw.meta, 'IST0145', {
        path: ['spec', 'servers', server.index, 'hosts'],
        message: `Conflict with gateways ${conflicting.join(',')} (workload selector ${sel}, port ${port}, hosts ${hosts}).`,
        fix: `Only one server per port and host is used: merge these servers into one Gateway, or give each Gateway different hosts on port ${port}.`,
        args: { gateway: conflicting.join(','), selector: sel, portnumber: port, hosts },
      });
    }
  }
}
