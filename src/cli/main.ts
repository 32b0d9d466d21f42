// `gateway-lab`: the machine interface acceptance checks drive (simulate/analyze --scenario, JSON on
// stdout) and the human verbs teams use in CI (simulate -f --url, analyze -f, proxy-config, check).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { analyzeScenario, prepare, simulate, validateScenario } from '../sim/index.ts';
import type { Scenario, ScenarioRequest } from '../sim/index.ts';
import type { ConfigFile } from '../sim/resources/types.ts';
import {
  clustersTable,
  endpointsTable,
  formatTable,
  listenersTable,
  routesTable,
  secretsTable,
} from '../sim/compile/proxy-config.ts';
import { runCheck } from './check.ts';
import { secretCertificateDetails } from '../sim/compile/secret-details.ts';
import { formatDiagnostic, formatResult } from '../sim/explain/format.ts';
import { verifyLabs } from './labs.ts';

export const USAGE = `gateway-lab: simulate Istio ingress gateways offline

Machine interface (JSON on stdout):
  gateway-lab simulate --scenario <file.json|->      one JSON document: {"results": [...], "diagnostics": [...]}
  gateway-lab analyze  --scenario <file.json|->      {"diagnostics": [...]}

Human verbs:
  gateway-lab simulate -f <file|dir>... --url <url>... [--browser] [--command '<curl …>']... [--access-log]
                       [--file ca.crt=path]...   (files a command names: curl --cacert/--cert/--key)
  gateway-lab analyze -f <file|dir>... [--failure-threshold Error|Warning|Info] [--json]
  gateway-lab proxy-config listeners|routes|clusters|endpoints|secret -f <file|dir>... [--baseline none]
  gateway-lab check -f <file|dir>... --tests <routes.test.yaml>
  gateway-lab labs verify [--dir labs]

Files may hold many documents, kind: List, or a \`kubectl get … -o yaml\` dump. Unless --baseline none,
Istio's default ingress gateway (istio-system/istio-ingressgateway, Service 80→8080, 443→8443) is added.`;

class UsageError extends Error {}

interface Args {
  positional: string[];
  flags: Map<string, string[]>;
  bools: Set<string>;
}

const BOOL_FLAGS = new Set(['--browser', '--access-log', '--json', '--help', '-h']);

function parseArgs(argv: string[]): Args {
  const a: Args = { positional: [], flags: new Map(), bools: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i];
    if (BOOL_FLAGS.has(w)) a.bools.add(w);
    else if (w.startsWith('-') && w !== '-') {
      const eq = w.indexOf('=');
      const name = eq > 0 ? w.slice(0, eq) : w;
      const value = eq > 0 ? w.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`${name} needs a value`);
      const list = a.flags.get(name) ?? [];
      list.push(value);
      a.flags.set(name, list);
    } else a.positional.push(w);
  }
  return a;
}

function readInput(path: string): string {
  return path === '-' ? readFileSync(0, 'utf8') : readFileSync(path, 'utf8');
}

/** Read every YAML file named (directories recursively), keeping names for file:line messages. */
export function readConfigFiles(paths: string[]): ConfigFile[] {
  const out: ConfigFile[] = [];
  const walk = (p: string) => {
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const e of readdirSync(p).sort()) {
        const child = join(p, e);
        if (statSync(child).isDirectory() || /\.(ya?ml)$/i.test(e)) walk(child);
      }
    } else out.push({ name: relative(process.cwd(), p) || p, text: readFileSync(p, 'utf8') });
  };
  for (const p of paths) {
    if (p === '-') out.push({ name: 'stdin', text: readFileSync(0, 'utf8') });
    else walk(p);
  }
  return out;
}

function loadScenario(path: string): Scenario {
  let json: unknown;
  try {
    json = JSON.parse(readInput(path));
  } catch (e) {
    throw new UsageError(
      `scenario is not valid JSON: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
    );
  }
  const v = validateScenario(json);
  if (!v.ok) throw new UsageError(`malformed scenario: ${v.error}`);
  return v.scenario;
}

const LEVELS = ['Info', 'Warning', 'Error'];

async function run(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const [verb, ...rest] = argv;
  if (!verb || verb === '--help' || verb === '-h' || verb === 'help') {
    out(USAGE);
    return verb ? 0 : 2;
  }
  const a = parseArgs(rest);
  const files = () => {
    const f = a.flags.get('-f') ?? a.flags.get('--filename') ?? [];
    if (!f.length) throw new UsageError(`${verb} needs -f <file or directory>`);
    return readConfigFiles(f);
  };
  const baseline = (a.flags.get('--baseline')?.[0] ?? 'istio-default') as 'istio-default' | 'none';
  if (baseline !== 'istio-default' && baseline !== 'none')
    throw new UsageError('--baseline must be istio-default or none');

  if (verb === 'simulate') {
    const scenarioPath = a.flags.get('--scenario')?.[0];
    if (scenarioPath) {
      const s = loadScenario(scenarioPath);
      const res = await simulate(s);
      if (a.bools.has('--access-log')) {
        for (const r of res.results) if (r.accessLog) out(r.accessLog);
      } else out(JSON.stringify(res, null, 2));
      return 0;
    }
    const cfg = files();
    const requests: ScenarioRequest[] = [];
    for (const u of a.flags.get('--url') ?? [])
      requests.push(a.bools.has('--browser') ? { url: u, browser: 'default' } : { url: u });
    for (const c of a.flags.get('--command') ?? []) requests.push({ command: c });
    if (!requests.length) throw new UsageError('simulate -f needs --url <url> or --command "<curl …>"');
    // --file ca.crt=./certs/ca.pem: files a command may name (curl --cacert/--cert/--key).
    const clientFiles: Record<string, string> = {};
    for (const spec of a.flags.get('--file') ?? []) {
      const eq = spec.indexOf('=');
      const name = eq > 0 ? spec.slice(0, eq) : spec.split('/').pop()!;
      clientFiles[name] = readFileSync(eq > 0 ? spec.slice(eq + 1) : spec, 'utf8');
    }
    const res = await simulate(
      {
        config: '',
        baseline,
        requests,
        files: clientFiles,
        client: { kind: a.bools.has('--browser') ? 'browser' : 'curl' },
      },
      cfg,
    );
    for (const d of res.diagnostics.filter((x) => x.level === 'Error')) err(formatDiagnostic(d));
    for (const r of res.results) {
      out(formatResult(r));
      if (a.bools.has('--access-log') && r.accessLog) out(`  access log: ${r.accessLog}`);
    }
    return 0;
  }

  if (verb === 'analyze') {
    const scenarioPath = a.flags.get('--scenario')?.[0];
    if (scenarioPath) {
      const s = loadScenario(scenarioPath);
      out(JSON.stringify({ diagnostics: await analyzeScenario(s) }, null, 2));
      return 0;
    }
    const cfg = files();
    const diagnostics = await analyzeScenario({ config: '', baseline }, cfg);
    const threshold = a.flags.get('--failure-threshold')?.[0] ?? 'Error';
    if (!LEVELS.includes(threshold))
      throw new UsageError('--failure-threshold must be Error, Warning or Info');
    if (a.bools.has('--json')) out(JSON.stringify({ diagnostics }, null, 2));
    else if (!diagnostics.length) out('✔ No validation issues found when analyzing the given files.');
    else for (const d of diagnostics) out(formatDiagnostic(d));
    return diagnostics.some((d) => LEVELS.indexOf(d.level) >= LEVELS.indexOf(threshold)) ? 79 : 0;
  }

  if (verb === 'proxy-config' || verb === 'pc') {
    const what = a.positional[0];
    const p = prepare({ config: '', baseline }, files());
    const details = await secretCertificateDetails(p.snapshot, p.compiled, new Date());
    const tables: Record<string, () => ReturnType<typeof listenersTable>> = {
      listeners: () => listenersTable(p.compiled),
      listener: () => listenersTable(p.compiled),
      routes: () => routesTable(p.compiled),
      route: () => routesTable(p.compiled),
      clusters: () => clustersTable(p.compiled),
      cluster: () => clustersTable(p.compiled),
      endpoints: () => endpointsTable(p.compiled),
      endpoint: () => endpointsTable(p.compiled),
      secret: () => secretsTable(p.compiled, details),
      secrets: () => secretsTable(p.compiled, details),
    };
    const t = what ? tables[what] : undefined;
    if (!t) throw new UsageError('proxy-config needs one of: listeners, routes, clusters, endpoints, secret');
    if (a.bools.has('--json'))
      out(
        JSON.stringify(
          what.startsWith('route')
            ? p.compiled.routeConfigs
            : what.startsWith('listener')
              ? p.compiled.listeners
              : what.startsWith('cluster') || what.startsWith('endpoint')
                ? p.compiled.clusters
                : p.compiled.secrets,
          null,
          2,
        ),
      );
    else out(formatTable(t()));
    return 0;
  }

  if (verb === 'check') {
    const tests = a.flags.get('--tests')?.[0];
    if (!tests) throw new UsageError('check needs --tests <file.yaml>');
    let spec: unknown;
    try {
      spec = parseYaml(readInput(tests));
    } catch (e) {
      throw new UsageError(
        `${tests}: not valid YAML: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
      );
    }
    return runCheck(spec, files(), baseline, out, (m) => {
      throw new UsageError(`${tests}: ${m}`);
    });
  }

  if (verb === 'labs') {
    if (a.positional[0] !== 'verify') throw new UsageError('usage: gateway-lab labs verify [--dir labs]');
    return verifyLabs(a.flags.get('--dir')?.[0] ?? 'labs', out, err);
  }

  throw new UsageError(`unknown command "${verb}"; run gateway-lab --help`);
}

export async function main(argv: string[]): Promise<number> {
  try {
    return await run(
      argv,
      (s) => process.stdout.write(s + '\n'),
      (s) => process.stderr.write(s + '\n'),
    );
  } catch (e) {
    if (e instanceof UsageError || (e as NodeJS.ErrnoException)?.code === 'ENOENT') {
      process.stderr.write(`gateway-lab: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}\n`);
      return 2;
    }
    process.stderr.write(
      `gateway-lab: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
    );
    return 1;
  }
}
