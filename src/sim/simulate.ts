// The whole pipeline for one scenario: parse → snapshot → compile → traffic → explain, plus analyze.
// Pure: no DOM, no Node modules; never throws on any scenario (bad input becomes diagnostics).
import { parse as parseYaml } from 'yaml';
import type { Diagnostic } from './diagnostics.ts';
import { dedupeDiagnostics, sortDiagnostics } from './diagnostics.ts';
import { codeInfo } from './codes.ts';
import { parseConfigFiles } from './resources/parse.ts';
import type { ConfigFile } from './resources/types.ts';
import { validateResources } from './resources/validate.ts';
import { buildSnapshot } from './cluster/snapshot.ts';
import type { Snapshot } from './cluster/snapshot.ts';
import { compileGateway } from './compile/index.ts';
import { resolveGatewayProxy } from './compile/proxy.ts';
import type { CompiledGateway, GatewayProxy } from './compile/types.ts';
import { runAnalyzers } from './analyze/index.ts';
import { emptyResult, simulateRaw } from './traffic/raw.ts';
import type { RequestResult } from './traffic/types.ts';
import { ClientSession } from './traffic/client/session.ts';
import { buildCertStore, makeWorld, secretTexts } from './traffic/client/world.ts';
import { accessLogRecord, formatAccessLog } from './explain/access-log.ts';
import type { AccessLogContext } from './explain/access-log.ts';
import { isCommandRequest, isUrlRequest } from './scenario.ts';
import type { Scenario } from './scenario.ts';
import { traceSource } from './traffic/envoy.ts';

export interface SimulationOutput {
  results: RequestResult[];
  diagnostics: Diagnostic[];
}

export interface Prepared {
  files: ConfigFile[];
  snapshot: Snapshot;
  proxy: GatewayProxy;
  compiled: CompiledGateway;
  /** Parse, snapshot, schema and compile diagnostics (the synchronous part). */
  diagnostics: Diagnostic[];
}

/** The synchronous part of the pipeline: what the editor needs on every keystroke. */
export function prepare(
  scenario: Pick<Scenario, 'config' | 'baseline' | 'gateway'>,
  files?: ConfigFile[],
): Prepared {
  const inputs = files ?? [{ name: 'config', text: scenario.config ?? '' }];
  const parsed = parseConfigFiles(inputs);
  const { snapshot, diagnostics: snapDiags } = buildSnapshot(
    parsed.resources,
    scenario.baseline ?? 'istio-default',
  );
  const proxy = resolveGatewayProxy(snapshot, scenario.gateway);
  const compiled = compileGateway(snapshot, proxy);
  const diagnostics = [
    ...parsed.diagnostics,
    ...snapDiags,
    ...validateResources(parsed.resources),
    ...compileDiagnostics(compiled, snapshot),
  ];
  return { files: inputs, snapshot, proxy, compiled, diagnostics };
}

/**
 * Gateway Lab's own checks that need the compiler: a server istiod ignores while merging (who won and
 * why), and a TCP/TLS server that gets no filter chain (its port refuses connections).
 */
function compileDiagnostics(compiled: CompiledGateway, snapshot: Snapshot): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const e of compiled.events) {
    let code: string | null = null;
    if (e.kind.startsWith('server-dropped')) code = 'GWL0008';
    else if (e.kind === 'server-missed-network-filter' || e.kind === 'passthrough-duplicate-sni')
      code = 'GWL0009';
    if (!code) continue;
    const src = traceSource(snapshot, e.source);
    const r = snapshot.resourceById[e.source.id];
    if (!r || r.synthetic) continue;
    const info = codeInfo(code);
    out.push({
      code,
      name: info.name,
      level: info.level,
      resource: e.source.resource,
      message: e.message,
      fix: info.fix,
      range: src?.range ?? null,
      file: r.file,
    });
  }
  return out;
}

function meshConfigOf(s: Scenario): Record<string, unknown> {
  if (typeof s.meshConfig === 'string') {
    try {
      const v = parseYaml(s.meshConfig);
      return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  }
  return s.meshConfig ?? {};
}

export async function analyzeScenario(
  scenario: Scenario,
  files?: ConfigFile[],
  prepared?: Prepared,
): Promise<Diagnostic[]> {
  const p = prepared ?? prepare(scenario, files);
  const now = scenario.now ? new Date(scenario.now) : new Date();
  let analyzer: Diagnostic[];
  try {
    analyzer = await runAnalyzers(p.snapshot, { meshConfig: meshConfigOf(scenario), now });
  } catch (e) {
    analyzer = [
      {
        code: 'GWL0000',
        name: 'InternalError',
        level: 'Error',
        resource: '',
        message: `The analyzers failed: ${e instanceof Error ? e.message : String(e)}. This is a bug in Gateway Lab.`,
        fix: 'Report this configuration to the Gateway Lab maintainers.',
        range: null,
        file: 'config',
      },
    ];
  }
  // Schema validation and Istio's webhook rules overlap on a few errors (an HTTPS server without tls, a
  // missing port): keep Istio's own wording once per resource and line.
  const webhook = new Set(
    analyzer.filter((d) => d.code === 'IST0106').map((d) => `${d.resource}|${d.range?.line}`),
  );
  const schema = p.diagnostics.filter(
    (d) => !(d.code === 'IST0106' && webhook.has(`${d.resource}|${d.range?.line}`)),
  );
  return sortDiagnostics(dedupeDiagnostics([...schema, ...analyzer]));
}

export async function simulate(scenario: Scenario, files?: ConfigFile[]): Promise<SimulationOutput> {
  const p = prepare(scenario, files);
  const diagnostics = await analyzeScenario(scenario, files, p);
  const now = scenario.now ? new Date(scenario.now) : new Date();
  const requests = scenario.requests ?? [];
  const results: RequestResult[] = [];
  const needsClient = requests.some((r) => isUrlRequest(r) || isCommandRequest(r));
  let session: ClientSession | null = null;
  if (needsClient) {
    const texts = [
      ...secretTexts(p.snapshot),
      ...(scenario.client?.trust ?? []),
      ...Object.values(scenario.files ?? {}),
      ...(scenario.client?.certificate
        ? [scenario.client.certificate.cert, scenario.client.certificate.key]
        : []),
      ...Object.values(scenario.backends ?? {}).map((b) => b.certificate ?? ''),
    ];
    const certs = await buildCertStore(texts);
    const world = makeWorld(p.snapshot, p.proxy, p.compiled, certs, {
      now,
      dns: scenario.dns ?? null,
      files: scenario.files ?? {},
      trust: scenario.client?.trust ?? null,
      misdirected421: !!scenario.whatIf?.misdirected421,
      backends: scenario.backends ?? {},
      clientCertificate: scenario.client?.certificate ?? null,
    });
    session = new ClientSession(world, { client: scenario.client ?? {} });
  }
  requests.forEach((req, i) => {
    try {
      if (isCommandRequest(req)) results.push(...session!.runCommand(req.command, i));
      else if (isUrlRequest(req)) results.push(...session!.runUrl(req, i));
      else results.push(simulateRaw(p.compiled, p.snapshot, req, i));
    } catch (e) {
      // Never a crash: an internal failure becomes a result that says so.
      results.push({
        ...emptyResult(i, `request ${i}`),
        error: 'invalid-request',
        clientError: {
          message: `internal simulator error: ${e instanceof Error ? e.message : String(e)}`,
          curlExitCode: null,
        },
      });
    }
  });
  results.forEach((r, seq) => attachAccessLog(r, seq, now, p));
  return { results, diagnostics };
}

const NO_LOG = new Set([
  'no-listener',
  'connection-refused',
  'dns-failure',
  'invalid-request',
  'tls-error',
  'secret-missing',
  'certificate-untrusted',
  'certificate-name-mismatch',
  'certificate-expired',
  'client-certificate-required',
  'client-certificate-rejected',
  'mtls-error',
]);

function attachAccessLog(r: RequestResult, seq: number, now: Date, p: Prepared) {
  let kind: AccessLogContext['kind'];
  // A tcp_proxy chain (TCP, TLS passthrough) writes a TCP line even when the client then rejects the
  // backend's certificate: Envoy only proxied bytes.
  const tcpChain = !!r.tcpResult || (!!r.upstreamCluster && !r.routeConfig && !!r.listener);
  if (tcpChain && r.error !== 'no-listener') kind = 'tcp';
  else if (r.error && NO_LOG.has(r.error)) kind = 'none';
  else if (r.error === 'no-filter-chain' || r.error === 'multiple-filter-chains') kind = 'listener';
  else if (r.status !== null || r.error === 'protocol-error') kind = 'http';
  else kind = 'none';
  const listenerPort = r.listener ? Number(r.listener.split('_').pop()) : null;
  const cluster = p.compiled.clusters.find((c) => c.name === r.upstreamCluster);
  const ep = cluster?.endpoints.find((e) => e.healthy);
  const upstreamHost =
    ep &&
    (r.responseFlags === '-' || r.responseFlags === 'DI') &&
    (r.status === null || r.status < 500 || r.responseCodeDetails === 'via_upstream')
      ? `${ep.address}:${ep.port}`
      : null;
  const h = r.httpRequest;
  const ctx: AccessLogContext = {
    now,
    podIp: p.proxy.ipAddresses[0] || '10.244.0.2',
    listenerPort,
    clientIp: '198.51.100.7',
    method: h?.method ?? '-',
    path: h?.path ?? '-',
    protocol: h?.protocol ?? 'HTTP/1.1',
    userAgent: h?.userAgent ?? '-',
    upstreamHost,
    kind,
  };
  const rec = accessLogRecord(
    kind === 'http' && r.error === 'protocol-error'
      ? { ...r, status: 400, responseFlags: 'DPE', responseCodeDetails: 'codec_error' }
      : r,
    ctx,
    seq,
  );
  r.accessLogRecord = rec;
  r.accessLog = rec ? formatAccessLog(rec) : null;
}
