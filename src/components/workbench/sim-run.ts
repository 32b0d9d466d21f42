// What the simulator worker does with one request (sim.worker.ts loads this module on first use): run the
// learner's files and requests through the same pipeline as the CLI (src/sim) and the lab goals
// (src/labs/goals.ts), and answer with plain data the UI only renders: it never re-derives routing.
import { prepare, simulate } from '../../sim/index.ts';
import type { RequestResult, Scenario, ScenarioRequest, UrlRequest } from '../../sim/index.ts';
import { formatAccessLog } from '../../sim/explain/access-log.ts';
import { clustersTable, listenersTable, routesTable, secretsTable } from '../../sim/compile/proxy-config.ts';
import type { ProxyConfigTable } from '../../sim/compile/proxy-config.ts';
import { traceSource } from '../../sim/traffic/envoy.ts';
import { splitLogicalLines } from '../../sim/traffic/client/shell-words.ts';
import type { Snapshot } from '../../sim/cluster/snapshot.ts';
import { evaluateGoals } from '../../labs/goals.ts';
import type {
  LogSegment,
  ProxyConfigView,
  RequestOrigin,
  RequestSlot,
  SimRequest,
  SimResponse,
} from './types.ts';

interface Entry {
  request: ScenarioRequest;
  origin: RequestOrigin;
}

/** The browser panel's URLs, as browser requests (headers of a lab's request kept when the URL is its). */
function browserEntries(req: SimRequest): Entry[] {
  const out: Entry[] = [];
  const labByUrl = new Map<string, UrlRequest>();
  for (const r of req.browserRequests) if ('url' in r) labByUrl.set(r.url, r);
  req.browser.forEach((raw, i) => {
    const url = raw.trim();
    if (!url) return;
    const known = labByUrl.get(url);
    out.push({
      request: { ...(known ?? {}), url, browser: known?.browser ?? 'default' },
      origin: { panel: 'browser', line: i + 1 },
    });
  });
  return out;
}

/** The terminal's text as a shell session: one request per command (logical line). */
function terminalEntries(text: string): Entry[] {
  const out: Entry[] = [];
  for (const l of splitLogicalLines(text)) {
    // A pasted prompt ("$ curl …") is not part of the command.
    const command = l.text.replace(/^\s*\$\s+/, '').trim();
    if (!command || command.startsWith('#')) continue;
    out.push({ request: { command }, origin: { panel: 'terminal', line: l.line } });
  }
  return out;
}

/**
 * Requests in the lab's order: goals name requests by index, so the n-th browser URL fills the lab's
 * n-th browser slot and the n-th terminal command its n-th terminal slot; anything beyond the lab's
 * requests follows (browser first).
 */
function orderRequests(req: SimRequest): Entry[] {
  const browser = browserEntries(req);
  const terminal = terminalEntries(req.terminal);
  const out: Entry[] = [];
  const slots: RequestSlot[] = req.slots;
  for (const s of slots) {
    const next = s === 'browser' ? browser.shift() : terminal.shift();
    if (next) out.push(next);
  }
  return [...out, ...browser, ...terminal];
}

function view(t: ProxyConfigTable, snapshot: Snapshot): ProxyConfigView {
  return {
    columns: t.columns,
    rows: t.rows.map((r) => ({ cells: r.cells, source: traceSource(snapshot, r.source) })),
  };
}

// The access log fields the logs tab highlights and explains.
const LOG_FIELDS = [
  'response_code',
  'response_flags',
  'response_code_details',
  'authority',
  'requested_server_name',
  'route_name',
] as const;

/**
 * The access log line in pieces. The line is formatted by the simulator's own formatAccessLog with a
 * marker in place of each highlighted field, so the pieces always agree with the real line.
 */
function logSegments(r: RequestResult): LogSegment[] | null {
  const rec = r.accessLogRecord as Record<string, string | number | null> | null;
  if (!rec) return null;
  const marked: Record<string, string | number | null> = { ...rec };
  LOG_FIELDS.forEach((f, i) => (marked[f] = `\u0001${i}\u0002`));
  const out: LogSegment[] = [];
  for (const part of formatAccessLog(marked).split(/(\u0001\d+\u0002)/)) {
    const m = /^\u0001(\d+)\u0002$/.exec(part);
    if (!m) {
      if (part) out.push({ text: part });
      continue;
    }
    const field = LOG_FIELDS[Number(m[1])];
    const v = rec[field];
    const text =
      field === 'response_code'
        ? String(v ?? 0)
        : v === null || v === undefined || v === ''
          ? '-'
          : String(v);
    out.push({ text, field });
  }
  return out;
}

export async function run(req: SimRequest): Promise<SimResponse> {
  const started = performance.now();
  const entries = orderRequests(req);
  const scenario: Scenario = { ...req.scenario, config: '', requests: entries.map((e) => e.request) };
  const files = req.files;
  const output = await simulate(scenario, files);
  const p = prepare(scenario, files);
  return {
    wb: req.wb,
    id: req.id,
    ok: true,
    results: output.results,
    origins: entries.map((e) => e.origin),
    diagnostics: output.diagnostics,
    proxyConfig: {
      listeners: view(listenersTable(p.compiled), p.snapshot),
      routes: view(routesTable(p.compiled), p.snapshot),
      clusters: view(clustersTable(p.compiled), p.snapshot),
      secret: view(secretsTable(p.compiled), p.snapshot),
    },
    goals: req.lab ? evaluateGoals(req.lab, output) : null,
    logs: output.results.map(logSegments),
    elapsed: Math.round(performance.now() - started),
  };
}
