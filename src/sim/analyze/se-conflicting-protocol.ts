// serviceentry.ConflictingServiceEntryProtocolAnalyzer — istio/istio
// pkg/config/analysis/analyzers/serviceentry/conflictingserviceentries.go.
// IST0177: ServiceEntries grouped by (exportTo scope, literal host, port) — a namespace scope also sees
// the `*` group — that declare two or more protocols (compared upper-cased). Each entry reported once.
import type { ServiceEntry } from '../resources/istio.ts';
import type { AnalysisContext } from './context.ts';
import { fullName, report } from './context.ts';
import { EXPORT_TO_ALL, EXPORT_TO_LOCAL, isExportToAll } from './hosts.ts';

interface Entry {
  protocol: string;
  se: ServiceEntry;
  portIndex: number;
}

export function analyzeConflictingServiceEntries(ctx: AnalysisContext): void {
  const index = new Map<string, { scope: string; host: string; port: number; entries: Entry[] }>();
  for (const se of ctx.snapshot.serviceEntries) {
    const ns = se.meta.namespace;
    const scopes = isExportToAll(se.exportTo)
      ? [EXPORT_TO_ALL]
      : [...new Set(se.exportTo.map((e) => (e === EXPORT_TO_LOCAL ? ns : e)))];
    for (const scope of scopes) {
      for (const host of se.hosts) {
        se.ports.forEach((p, portIndex) => {
          const key = `${scope}\u0000${host}\u0000${p.number}`;
          if (!index.has(key)) index.set(key, { scope, host, port: p.number, entries: [] });
          index.get(key)!.entries.push({ protocol: p.protocol, se, portIndex });
        });
      }
    }
  }
  const reported = new Set<ServiceEntry>();
  for (const group of index.values()) {
    let entries = group.entries;
    if (group.scope !== EXPORT_TO_ALL) {
      entries = [
        ...entries,
        ...(index.get(`${EXPORT_TO_ALL}\u0000${group.host}\u0000${group.port}`)?.entries ?? []),
      ];
    }
    const protocols = [...new Set(entries.map((e) => e.protocol.toUpperCase()))].sort();
    if (protocols.length < 2) continue;
    const names = [...new Set(entries.map((e) => fullName(e.se.meta)))].sort();
    for (const e of entries) {
      if (reported.has(e.se)) continue;
      reported.add(e.se);
      report(ctx, e.se.meta, 'IST0177', {
        path: ['spec', 'ports', e.portIndex, 'protocol'],
        message: `Multiple ServiceEntries (${names.join(', ')}) define the same host ${JSON.stringify(group.host)} and port ${group.port} with conflicting protocols (${protocols.join(', ')}).`,
        fix: `Declare one protocol for ${group.host}:${group.port} in every ServiceEntry, or merge them into one.`,
        args: {
          serviceEntries: names.join(', '),
          host: group.host,
          port: group.port,
          protocols: protocols.join(', '),
        },
      });
    }
  }
}
