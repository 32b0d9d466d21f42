// The rows behind `istioctl proxy-config listener|route|cluster|endpoint|secret` for the gateway, with the
// same columns istioctl prints (istioctl/pkg/writer/envoy/configdump). The workbench renders them as
// tables; the CLI prints them as text. Each row keeps the source it came from.
import type { CompiledGateway, SourceRef } from './types.ts';

export interface ProxyConfigTable {
  columns: string[];
  rows: { cells: string[]; source: SourceRef | null }[];
}

function routeMatchText(kind: string, value: string): string {
  if (kind === 'prefix') return value === '/' ? '/*' : `${value}*`;
  if (kind === 'pathSeparatedPrefix') return `${value}/*`;
  if (kind === 'regex') return value;
  return value;
}

export function listenersTable(c: CompiledGateway): ProxyConfigTable {
  const rows: ProxyConfigTable['rows'] = [];
  for (const l of c.listeners) {
    for (const fc of l.filterChains) {
      const match = [
        fc.match.serverNames.length ? `SNI: ${fc.match.serverNames.join(',')}` : '',
        fc.match.applicationProtocols.length ? `ALPN: ${fc.match.applicationProtocols.join(',')}` : '',
      ]
        .filter(Boolean)
        .join('; ');
      const dest =
        fc.kind === 'http'
          ? `Route: ${fc.routeConfigName}`
          : `Cluster: ${fc.tcpProxy?.cluster || fc.tcpProxy?.weightedClusters?.map((w) => w.cluster).join(',')}`;
      const s = fc.servers[0];
      rows.push({
        cells: [l.address, String(l.port), match || 'ALL', dest],
        source: s
          ? { id: s.gatewayId, resource: `Gateway ${s.gateway}`, path: ['spec', 'servers', s.serverIndex] }
          : null,
      });
    }
  }
  return { columns: ['ADDRESSES', 'PORT', 'MATCH', 'DESTINATION'], rows };
}

export function routesTable(c: CompiledGateway): ProxyConfigTable {
  const rows: ProxyConfigTable['rows'] = [];
  for (const rc of Object.values(c.routeConfigs)) {
    for (const vh of rc.virtualHosts) {
      if (!vh.routes.length) {
        rows.push({
          cells: [rc.name, vh.name, vh.domains.join(','), vh.requireTls ? '(https redirect)' : '404', ''],
          source: vh.sources[0] ?? null,
        });
        continue;
      }
      for (const r of vh.routes) {
        const [name, ns] = r.virtualService.split('/').reverse();
        rows.push({
          cells: [
            rc.name,
            vh.name,
            vh.domains.join(','),
            routeMatchText(r.match.path.kind, r.match.path.value),
            `${name}.${ns}`,
          ],
          source: r.source,
        });
      }
    }
  }
  return { columns: ['NAME', 'VHOST NAME', 'DOMAINS', 'MATCH', 'VIRTUAL SERVICE'], rows };
}

export function clustersTable(c: CompiledGateway): ProxyConfigTable {
  return {
    columns: ['SERVICE FQDN', 'PORT', 'SUBSET', 'DIRECTION', 'TYPE', 'DESTINATION RULE'],
    rows: c.clusters.map((cl) => ({
      // istioctl names a DestinationRule `name.namespace`.
      cells: [
        cl.host,
        String(cl.port),
        cl.subset || '-',
        cl.direction,
        cl.type,
        (cl.destinationRule ?? '')
          .split(', ')
          .filter(Boolean)
          .map((r) => {
            const [ns, name] = r.replace(/^DestinationRule /, '').split('/');
            return name ? `${name}.${ns}` : r;
          })
          .join(', '),
      ],
      source: cl.source,
    })),
  };
}

export function endpointsTable(c: CompiledGateway): ProxyConfigTable {
  const rows: ProxyConfigTable['rows'] = [];
  for (const cl of c.clusters) {
    for (const e of cl.endpoints) {
      rows.push({
        cells: [`${e.address}:${e.port}`, e.healthy ? 'HEALTHY' : 'UNHEALTHY', 'OK', cl.name],
        source: cl.source,
      });
    }
  }
  return { columns: ['ENDPOINT', 'STATUS', 'OUTLIER CHECK', 'CLUSTER'], rows };
}

export function secretsTable(
  c: CompiledGateway,
  details?: (
    secret: string,
  ) => { serial: string; notAfter: string; notBefore: string; valid: boolean } | null,
): ProxyConfigTable {
  return {
    columns: ['RESOURCE NAME', 'TYPE', 'STATUS', 'VALID CERT', 'SERIAL NUMBER', 'NOT AFTER', 'NOT BEFORE'],
    rows: c.secrets.map((s) => {
      const d = s.secret && details ? details(s.secret) : null;
      const isCa = s.name.endsWith('-cacert');
      return {
        cells: [
          s.name,
          isCa ? 'CA' : 'Cert Chain',
          s.status,
          d ? String(d.valid) : s.status === 'ACTIVE' ? 'true' : 'false',
          d?.serial ?? '',
          d?.notAfter ?? '',
          d?.notBefore ?? '',
        ],
        source: null,
      };
    }),
  };
}

/** Fixed-width text, the way istioctl prints its tables. */
export function formatTable(t: ProxyConfigTable): string {
  const widths = t.columns.map((c, i) => Math.max(c.length, ...t.rows.map((r) => (r.cells[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(t.columns), ...t.rows.map((r) => line(r.cells))].join('\n');
}
