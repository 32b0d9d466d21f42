// The contract's scenario (input of `gateway-lab simulate` / `analyze`), with a validator that turns a
// malformed scenario into one clear line instead of an exception.
import type { BaselineName } from './cluster/baseline.ts';
import type { ScenarioGateway } from './compile/proxy.ts';
import type { RawRequest } from './traffic/types.ts';

export interface UrlRequest {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  resolve?: string;
  sni?: string;
  hostHeader?: string;
  browser?: string;
}

export interface CommandRequest {
  command: string;
}

export type ScenarioRequest = RawRequest | UrlRequest | CommandRequest;

export interface ScenarioClient {
  kind?: 'raw' | 'browser' | 'curl';
  http?: '1.1' | '2';
  trust?: string[];
  insecure?: boolean;
  certificate?: { cert: string; key: string };
}

export interface Scenario {
  config: string;
  baseline?: BaselineName;
  gateway?: ScenarioGateway;
  dns?: Record<string, string[]>;
  client?: ScenarioClient;
  files?: Record<string, string>;
  meshConfig?: Record<string, unknown> | string;
  requests?: ScenarioRequest[];
  whatIf?: { misdirected421?: boolean };
  backends?: Record<string, { certificate?: string }>;
  now?: string;
}

export function isUrlRequest(r: ScenarioRequest): r is UrlRequest {
  return typeof (r as UrlRequest).url === 'string';
}

export function isCommandRequest(r: ScenarioRequest): r is CommandRequest {
  return typeof (r as CommandRequest).command === 'string';
}

type Check = (v: unknown, at: string) => string | null;

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const optional =
  (c: Check): Check =>
  (v, at) =>
    v === undefined || v === null ? null : c(v, at);
const string: Check = (v, at) => (typeof v === 'string' ? null : `${at} must be a string`);
const stringArray: Check = (v, at) =>
  Array.isArray(v) && v.every((x) => typeof x === 'string') ? null : `${at} must be an array of strings`;
const stringMap: Check = (v, at) =>
  isObj(v) && Object.values(v).every((x) => typeof x === 'string')
    ? null
    : `${at} must be an object of strings`;
const oneOf =
  (...values: string[]): Check =>
  (v, at) =>
    typeof v === 'string' && values.includes(v)
      ? null
      : `${at} must be one of ${values.map((x) => JSON.stringify(x)).join(', ')}`;

function checkRequest(r: unknown, at: string): string | null {
  if (!isObj(r)) return `${at} must be an object`;
  if ('command' in r) return string(r.command, `${at}.command`);
  if ('url' in r) {
    return (
      string(r.url, `${at}.url`) ??
      optional(string)(r.method, `${at}.method`) ??
      optional(stringMap)(r.headers, `${at}.headers`) ??
      optional(string)(r.resolve, `${at}.resolve`) ??
      optional(string)(r.sni, `${at}.sni`) ??
      optional(string)(r.hostHeader, `${at}.hostHeader`) ??
      optional(string)(r.browser, `${at}.browser`)
    );
  }
  if (typeof r.port !== 'number' || !Number.isInteger(r.port))
    return `${at}.port must be an integer (or give "url" or "command")`;
  return (
    optional(oneOf('http', 'http2', 'tcp'))(r.protocol, `${at}.protocol`) ??
    optional(oneOf('none', 'tls', 'mtls', 'plaintext'))(r.tls, `${at}.tls`) ??
    optional(string)(r.host, `${at}.host`) ??
    optional(string)(r.sni, `${at}.sni`) ??
    optional(string)(r.alpn, `${at}.alpn`) ??
    optional(string)(r.path, `${at}.path`) ??
    optional(string)(r.method, `${at}.method`) ??
    optional(stringMap)(r.headers, `${at}.headers`)
  );
}

/** Validate a parsed JSON value as a scenario. Unknown fields are ignored (clarification 10). */
export function validateScenario(
  v: unknown,
): { ok: true; scenario: Scenario } | { ok: false; error: string } {
  if (!isObj(v)) return { ok: false, error: 'scenario must be a JSON object' };
  const err =
    optional(string)(v.config, 'config') ??
    optional(oneOf('istio-default', 'none'))(v.baseline, 'baseline') ??
    optional((g, at) =>
      !isObj(g)
        ? `${at} must be an object`
        : (optional(string)(g.namespace, `${at}.namespace`) ??
          optional(stringMap)(g.labels, `${at}.labels`) ??
          optional(stringArray)(g.ipAddresses, `${at}.ipAddresses`)),
    )(v.gateway, 'gateway') ??
    optional((d, at) =>
      isObj(d) && Object.values(d).every((x) => Array.isArray(x) && x.every((y) => typeof y === 'string'))
        ? null
        : `${at} must map host names to arrays of addresses`,
    )(v.dns, 'dns') ??
    optional((c, at) =>
      !isObj(c)
        ? `${at} must be an object`
        : (optional(oneOf('raw', 'browser', 'curl'))(c.kind, `${at}.kind`) ??
          optional(oneOf('1.1', '2'))(c.http, `${at}.http`) ??
          optional(stringArray)(c.trust, `${at}.trust`) ??
          optional((b, a) => (typeof b === 'boolean' ? null : `${a} must be a boolean`))(
            c.insecure,
            `${at}.insecure`,
          ) ??
          optional((x, a) =>
            isObj(x) && typeof x.cert === 'string' && typeof x.key === 'string'
              ? null
              : `${a} must have string cert and key`,
          )(c.certificate, `${at}.certificate`)),
    )(v.client, 'client') ??
    optional(stringMap)(v.files, 'files') ??
    optional((m, at) =>
      isObj(m) || typeof m === 'string' ? null : `${at} must be an object or a YAML string`,
    )(v.meshConfig, 'meshConfig') ??
    optional((rs, at) => {
      if (!Array.isArray(rs)) return `${at} must be an array`;
      for (let i = 0; i < rs.length; i++) {
        const e = checkRequest(rs[i], `${at}[${i}]`);
        if (e) return e;
      }
      return null;
    })(v.requests, 'requests') ??
    optional((w, at) => (isObj(w) ? null : `${at} must be an object`))(v.whatIf, 'whatIf') ??
    optional((b, at) => (isObj(b) ? null : `${at} must be an object`))(v.backends, 'backends') ??
    optional((n, at) =>
      typeof n === 'string' && !isNaN(Date.parse(n)) ? null : `${at} must be an ISO 8601 time`,
    )(v.now, 'now');
  if (err) return { ok: false, error: err };
  const s = v as unknown as Scenario;
  // The contract's "plaintext" is Istio's name for our "none".
  const requests = (s.requests ?? []).map((r) =>
    (r as RawRequest).tls === ('plaintext' as never) ? { ...(r as RawRequest), tls: 'none' as const } : r,
  );
  return { ok: true, scenario: { ...s, config: s.config ?? '', requests } };
}
