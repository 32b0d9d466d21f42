// Shared setup for the ported upstream tests: compile YAML for Istio's test gateway proxy (a Router in
// istio-system with labels {istio: ingressgateway} and address 1.1.1.1, as pilot/test/xds/fake.go and
// gateway_simulation_test.go runGatewayTest set it up), with no cluster baseline.
import { parseConfigText } from '../../../src/sim/resources/parse.ts';
import { buildSnapshot } from '../../../src/sim/cluster/snapshot.ts';
import { resolveGatewayProxy } from '../../../src/sim/compile/proxy.ts';
import { compileGateway } from '../../../src/sim/compile/index.ts';
import type { CompiledGateway } from '../../../src/sim/compile/types.ts';
import type { Snapshot } from '../../../src/sim/cluster/snapshot.ts';
import { simulateRaw } from '../../../src/sim/traffic/raw.ts';
import type { RawRequest, RequestResult } from '../../../src/sim/traffic/types.ts';

export const TEST_PROXY = {
  namespace: 'istio-system',
  labels: { istio: 'ingressgateway' },
  ipAddresses: ['1.1.1.1'],
};

export interface Compiled {
  snapshot: Snapshot;
  compiled: CompiledGateway;
  call: (req: RawRequest) => RequestResult;
}

export function compileYaml(yaml: string, proxy = TEST_PROXY): Compiled {
  const parsed = parseConfigText(yaml);
  const syntax = parsed.diagnostics.filter((d) => d.code === 'GWL0001');
  if (syntax.length) throw new Error(`YAML syntax: ${syntax.map((d) => d.message).join('; ')}`);
  const { snapshot } = buildSnapshot(parsed.resources, 'none');
  const gw = resolveGatewayProxy(snapshot, proxy);
  const compiled = compileGateway(snapshot, gw);
  let i = 0;
  return { snapshot, compiled, call: (req) => simulateRaw(compiled, snapshot, req, i++) };
}

/** Virtual host name -> domains, and name -> route count (the maps TestGatewayHTTPRouteConfig compares). */
export function vhostTables(c: CompiledGateway, routeName: string) {
  const rc = c.routeConfigs[routeName];
  if (!rc) throw new Error(`no route config ${routeName}; have ${Object.keys(c.routeConfigs).join(', ')}`);
  const domains: Record<string, string[]> = {};
  const routes: Record<string, number> = {};
  const redirect: Record<string, boolean> = {};
  for (const v of rc.virtualHosts) {
    domains[v.name] = v.domains;
    routes[v.name] = v.routes.length;
    redirect[v.name] = v.requireTls;
  }
  return { domains, routes, redirect };
}

export function listenerNames(c: CompiledGateway): string[] {
  return c.listeners.map((l) => l.name).sort();
}

/** A Gateway document; servers as flow/block YAML already indented under `servers:`. */
export function gateway(
  name: string,
  namespace: string,
  servers: string,
  opts: { selector?: boolean; annotations?: Record<string, string>; creationTimestamp?: string } = {},
): string {
  const ann = opts.annotations
    ? `\n  annotations:\n${Object.entries(opts.annotations)
        .map(([k, v]) => `    ${k}: "${v}"`)
        .join('\n')}`
    : '';
  const ts = opts.creationTimestamp ? `\n  creationTimestamp: "${opts.creationTimestamp}"` : '';
  return `apiVersion: networking.istio.io/v1
kind: Gateway
metadata:
  name: ${name}
  namespace: ${namespace}${ann}${ts}
spec:${opts.selector === false ? '' : '\n  selector:\n    istio: ingressgateway'}
  servers:
${servers}
---
`;
}
