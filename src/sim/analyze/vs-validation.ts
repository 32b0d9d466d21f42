// schema.ValidationAnalyzer for VirtualService — istio/istio pkg/config/analysis/analyzers/schema/validation.go
// running the webhook's ValidateVirtualService (pkg/config/validation/validation.go, virtualservice.go).
// Every webhook error is IST0106 and every warning IST0133 (the texts `kubectl apply` prints); the two
// "analysis aware" warnings become IST0130 (rule not used) and IST0131 (match not used). Type errors
// (a string where a number belongs) are src/sim/resources/validate.ts's business, not repeated here.
import type { FieldPath } from '../resources/types.ts';
import { arr, num, obj, objOrNull, str } from '../resources/read.ts';
import type { Obj } from '../resources/read.ts';
import type { AnalysisContext } from './context.ts';
import { goList, report, resourceOf } from './context.ts';
import { hostMatches, hostSubsetOf, MESH_GATEWAY } from './hosts.ts';
import type { Problem } from './validation-util.ts';
import {
  isDNS1123Label,
  isValidIPAddress,
  validateDuration,
  validateExportTo,
  validateFQDN,
  validateIPSubnet,
  validatePort,
  validateWildcardDomain,
  validateWildcardDomainForGatewayVS,
} from './validation-util.ts';

type Add = (text: string, path: FieldPath, warning?: boolean) => void;

interface Items {
  value: string;
  index: number;
}

function stringItems(v: unknown): Items[] {
  const out: Items[] = [];
  arr(v).forEach((x, index) => {
    if (typeof x === 'string') out.push({ value: x, index });
  });
  return out;
}

const VALID_HEADER_NAME = /^[-_A-Za-z0-9]+$/;
const PSEUDO_HEADERS = new Set([':method', ':scheme', ':authority', ':path', ':status']);

/** jwt.ToRoutingClaim(key).Match */
function isJwtClaimRoute(key: string): boolean {
  return key.startsWith('@request.auth.claims.') || key.startsWith('@request.auth.claims[');
}

function headerNameOrJwtClaim(name: string): string | null {
  if (name === '') return 'header name cannot be empty';
  if (isJwtClaimRoute(name) || PSEUDO_HEADERS.has(name)) return null;
  return VALID_HEADER_NAME.test(name) ? null : `header name ${name} is not a valid header name`;
}

const isInternalHeader = (k: string) => k.startsWith(':') || k.toLowerCase() === 'host';
const isAuthorityHeader = (k: string) => k.toLowerCase() === ':authority' || k.toLowerCase() === 'host';

function headerWithAuthorityOperationName(name: string): string | null {
  if (name === '') return 'header name cannot be empty';
  if (isInternalHeader(name) && !isAuthorityHeader(name))
    return `invalid header ${JSON.stringify(name)}: header cannot have ":" prefix`;
  return null;
}

function headerOperationName(name: string): string | null {
  if (name === '') return 'header name cannot be empty';
  if (name.toLowerCase() === 'host') return `invalid header ${JSON.stringify(name)}: cannot set Host header`;
  if (isInternalHeader(name)) return `invalid header ${JSON.stringify(name)}: header cannot have ":" prefix`;
  return null;
}

function headerValue(v: string): string | null {
  return /[\u0000-\u0008\u000A-\u001F\u007F]/.test(v) ? `header value configuration ${v} is invalid` : null;
}

/** Header manipulation (`headers: {request: {set, add, remove}, response: {...}}`). */
function validateHeaderOperations(headers: unknown, path: FieldPath, add: Add): void {
  const h = objOrNull(headers);
  if (!h) return;
  for (const dir of ['request', 'response']) {
    const ops = obj(h[dir]);
    for (const op of ['add', 'set']) {
      for (const [name, val] of Object.entries(obj(ops[op]))) {
        const p = [...path, dir, op, name];
        const e = dir === 'request' ? headerWithAuthorityOperationName(name) : headerOperationName(name);
        if (e) add(e, p);
        if (typeof val === 'string') {
          const ve = headerValue(val);
          if (ve) add(ve, p);
        }
      }
    }
    for (const item of stringItems(ops.remove)) {
      const e = headerOperationName(item.value);
      if (e) add(e, [...path, dir, 'remove', item.index]);
    }
  }
}

/** validateGatewayNames: note that it stops at the first name without a slash, as Istio's loop does. */
function validateGatewayNames(names: Items[], base: FieldPath, add: Add): void {
  for (const { value, index } of names) {
    const path = [...base, index];
    const slash = value.indexOf('/');
    if (slash < 0) {
      if (value.includes('.')) {
        const parts = value.split('.');
        add(
          `using legacy gatewayName format ${JSON.stringify(value)}; prefer the <namespace>/<name> format: ${JSON.stringify(`${parts[1]}/${parts[0]}`)}`,
          path,
          true,
        );
      }
      const e = validateFQDN(value);
      if (e) add(e, path);
      return;
    }
    const ns = value.slice(0, slash);
    const name = value.slice(slash + 1);
    if (!ns || !name) add('config namespace and gateway name cannot be empty', path);
    if (!isDNS1123Label(ns)) add(`invalid value for namespace: ${JSON.stringify(ns)}`, path);
    if (!isDNS1123Label(name)) add(`invalid value for gateway name: ${JSON.stringify(name)}`, path);
  }
}

function validatePercentage(v: unknown, path: FieldPath, add: Add): void {
  const p = objOrNull(v);
  if (!p) return;
  const value = num(p.value) ?? (typeof p.value === 'number' ? p.value : null);
  if (value === null) return;
  if (value < 0 || value > 100 || (value > 0 && value < 0.0001)) {
    add(`percentage ${value} is neither 0.0, nor in range [0.0001, 100.0]`, path);
  }
}

function validateDestination(v: unknown, path: FieldPath, add: Add): void {
  const d = objOrNull(v);
  if (!d) return;
  const host = str(d.host);
  if (host === '*') add(`invalid destination host ${host}`, [...path, 'host']);
  else {
    const e = validateWildcardDomain(host);
    if (e) add(e, [...path, 'host']);
  }
  const subset = str(d.subset);
  if (subset && !isDNS1123Label(subset)) add(`subset name is invalid: ${subset}`, [...path, 'subset']);
  const port = objOrNull(d.port);
  if (port) {
    const e = validatePort(num(port.number) ?? 0);
    if (e) add(e, [...path, 'port']);
  }
}

function validateRouteDestinations(routes: unknown, path: FieldPath, add: Add, http: boolean): void {
  let total = 0;
  const list = arr(routes);
  list.forEach((item, j) => {
    const p = [...path, j];
    const rd = objOrNull(item);
    if (!rd) {
      add('weight may not be nil', p);
      return;
    }
    if (!objOrNull(rd.destination)) add('destination is required', p);
    if (http) validateHeaderOperations(rd.headers, [...p, 'headers'], add);
    validateDestination(rd.destination, [...p, 'destination'], add);
    const w = num(rd.weight) ?? 0;
    if (w < 0) add(`weight ${w} < 0`, [...p, 'weight']);
    total += w;
  });
  if (list.length > 1 && total === 0) add('total destination weight = 0', path);
}

function validateStringMatchRegexp(v: unknown, where: string, path: FieldPath, add: Add): void {
  const m = objOrNull(v);
  if (!m || !('regex' in m)) return;
  const re = str(m.regex);
  if (re === '') add(`${JSON.stringify(where)}: regex string match should not be empty`, path);
  else if (re.length > 1024)
    add(`${JSON.stringify(where)}: regex is too large, max length allowed is 1024`, path);
}

function validateHTTPMatches(
  rule: Obj,
  base: FieldPath,
  routeType: 'independent' | 'root' | 'delegate',
  add: Add,
): void {
  arr(rule.match).forEach((mv, j) => {
    const m = objOrNull(mv);
    if (!m) return;
    const p = [...base, 'match', j];
    if (routeType === 'independent') {
      for (const [name, header] of Object.entries(obj(m.headers))) {
        if (header === null) add(`header match ${name} cannot be null`, [...p, 'headers', name]);
        const e = headerNameOrJwtClaim(name);
        if (e) add(e, [...p, 'headers', name]);
        validateStringMatchRegexp(header, 'headers', [...p, 'headers', name], add);
      }
      for (const f of ['uri', 'scheme', 'method', 'authority'])
        validateStringMatchRegexp(m[f], f, [...p, f], add);
      for (const [name, qp] of Object.entries(obj(m.queryParams)))
        validateStringMatchRegexp(qp, 'queryParams', [...p, 'queryParams', name], add);
    } else {
      const hasRegex = (x: unknown) => !!objOrNull(x) && 'regex' in obj(x);
      if (hasRegex(m.uri)) add('url match does not support regex match for delegating', [...p, 'uri']);
      if (hasRegex(m.scheme))
        add('scheme match does not support regex match for delegating', [...p, 'scheme']);
      if (hasRegex(m.method))
        add('method match does not support regex match for delegating', [...p, 'method']);
      if (hasRegex(m.authority))
        add('authority match does not support regex match for delegating', [...p, 'authority']);
      for (const [name, header] of Object.entries(obj(m.headers))) {
        if (header === null) add(`header match ${name} cannot be null`, [...p, 'headers', name]);
        if (hasRegex(header))
          add(`header match ${name} does not support regex match for delegating`, [...p, 'headers', name]);
        const e = headerNameOrJwtClaim(name);
        if (e) add(e, [...p, 'headers', name]);
      }
    }
    const port = num(m.port);
    if (port) {
      const e = validatePort(port);
      if (e) add(e, [...p, 'port']);
    }
    validateGatewayNames(stringItems(m.gateways), [...p, 'gateways'], add);
    const sourceNs = str(m.sourceNamespace);
    if (sourceNs && !isDNS1123Label(sourceNs))
      add(`sourceNamespace match ${sourceNs} is invalid`, [...p, 'sourceNamespace']);
  });
}

function validateHTTPRoute(rule: Obj, base: FieldPath, delegate: boolean, add: Add): void {
  const routeType = delegate ? 'delegate' : objOrNull(rule.delegate) ? 'root' : 'independent';
  const name = str(rule.name);
  const hasRoute = arr(rule.route).length > 0;
  const redirect = objOrNull(rule.redirect);
  const direct = objOrNull(rule.directResponse);
  const fault = objOrNull(rule.fault);
  const rewrite = objOrNull(rule.rewrite);
  // validateHTTPRouteConflict
  if (routeType === 'root') {
    if (redirect) add(`root HTTP route ${name} must not specify redirect`, [...base, 'redirect']);
    if (hasRoute) add(`root HTTP route ${name} must not specify route`, [...base, 'route']);
  } else {
    if (routeType === 'delegate' && objOrNull(rule.delegate))
      add('delegate HTTP route cannot contain delegate', [...base, 'delegate']);
    if (redirect) {
      if (hasRoute) add('HTTP route cannot contain both route and redirect', [...base, 'redirect']);
      if (fault) add('HTTP route cannot contain both fault and redirect', [...base, 'fault']);
      if (rewrite) add('HTTP route rule cannot contain both rewrite and redirect', [...base, 'rewrite']);
      if (direct)
        add('HTTP route rule cannot contain both direct_response and redirect', [...base, 'directResponse']);
    } else if (direct) {
      if (hasRoute)
        add('HTTP route cannot contain both route and direct_response', [...base, 'directResponse']);
      if (fault) add('HTTP route cannot contain both fault and direct_response', [...base, 'fault']);
      if (rewrite)
        add('HTTP route rule cannot contain both rewrite and direct_response', [...base, 'rewrite']);
    } else if (!hasRoute) {
      add('HTTP route, redirect or direct_response is required', base);
    }
    if (objOrNull(rule.mirror) && arr(rule.mirrors).length > 0)
      add('HTTP route cannot contain both mirror and mirrors', [...base, 'mirrors']);
  }
  validateHTTPMatches(rule, base, routeType, add);
  validateHeaderOperations(rule.headers, [...base, 'headers'], add);

  if (fault) {
    const fp = [...base, 'fault'];
    const abort = objOrNull(fault.abort);
    const delay = objOrNull(fault.delay);
    if (!abort && !delay) add('HTTP fault injection must have an abort and/or a delay', fp);
    if (abort) {
      validatePercentage(abort.percentage, [...fp, 'abort', 'percentage'], add);
      if ('http2Error' in abort) add('HTTP/2 abort fault injection not supported yet', [...fp, 'abort']);
      else if ('httpStatus' in abort) {
        const s = num(abort.httpStatus) ?? 0;
        if (s < 200 || s > 600)
          add(`HTTP status ${s} is not in range 200-599`, [...fp, 'abort', 'httpStatus']);
      } else if (!('grpcStatus' in abort))
        add('abort configured, but error type not set', [...fp, 'abort'], true);
    }
    if (delay) {
      validatePercentage(delay.percentage, [...fp, 'delay', 'percentage'], add);
      if ('fixedDelay' in delay) {
        const e = validateDuration(delay.fixedDelay);
        if (e) add(e, [...fp, 'delay', 'fixedDelay']);
      } else if ('exponentialDelay' in delay) {
        const e = validateDuration(delay.exponentialDelay);
        if (e) add(e, [...fp, 'delay', 'exponentialDelay']);
        add('exponentialDelay not supported yet', [...fp, 'delay', 'exponentialDelay']);
      }
    }
  }
  if ('mirrorPercent' in rule && rule.mirrorPercent !== null && rule.mirrorPercent !== undefined) {
    const v = num(rule.mirrorPercent) ?? 0;
    if (v > 100) add(`mirror_percent must have a max value of 100 (it has ${v})`, [...base, 'mirrorPercent']);
    add(
      'using deprecated setting "mirrorPercent", use "mirrorPercentage" instead',
      [...base, 'mirrorPercent'],
      true,
    );
  }
  const mp = objOrNull(rule.mirrorPercentage);
  if (mp) {
    const v = typeof mp.value === 'number' ? mp.value : (num(mp.value) ?? 0);
    if (v > 100)
      add(`mirror_percentage must have a max value of 100 (it has ${v.toFixed(6)})`, [
        ...base,
        'mirrorPercentage',
      ]);
    if (v < 0)
      add(`mirror_percentage must have a min value of 0 (it has ${v.toFixed(6)})`, [
        ...base,
        'mirrorPercentage',
      ]);
  }
  validateDestination(rule.mirror, [...base, 'mirror'], add);
  arr(rule.mirrors).forEach((mv, k) => {
    const p = [...base, 'mirrors', k];
    const m = objOrNull(mv);
    if (!m) return add('mirror cannot be null', p);
    if (!objOrNull(m.destination)) return add('destination is required for mirrors', p);
    validateDestination(m.destination, [...p, 'destination'], add);
    const pc = objOrNull(m.percentage);
    if (pc) {
      const v = typeof pc.value === 'number' ? pc.value : (num(pc.value) ?? 0);
      if (v > 100)
        add(`mirror percentage must have a max value of 100 (it has ${v.toFixed(6)})`, [...p, 'percentage']);
      if (v < 0)
        add(`mirror percentage must have a min value of 0 (it has ${v.toFixed(6)})`, [...p, 'percentage']);
    }
  });
  if (redirect) {
    const rp = [...base, 'redirect'];
    const hasPort = 'port' in redirect || 'derivePort' in redirect;
    if (!str(redirect.uri) && !str(redirect.authority) && !hasPort && !str(redirect.scheme)) {
      add('redirect must specify URI, authority, scheme, or port', rp);
    } else {
      const code = num(redirect.redirectCode) ?? 0;
      const scheme = str(redirect.scheme);
      const port = num(redirect.port) ?? 0;
      if (code !== 0 && (code < 300 || code > 399))
        add(`${code} is not a valid redirect code, must be 3xx`, [...rp, 'redirectCode']);
      else if (scheme && scheme !== 'http' && scheme !== 'https')
        add('invalid redirect scheme, must be "http" or "https"', [...rp, 'scheme']);
      else if (port > 0 && validatePort(port)) add(validatePort(port)!, [...rp, 'port']);
    }
  }
  if (direct) {
    const s = num(direct.status) ?? 0;
    if (s < 200 || s > 600)
      add(`HTTP status ${s} is not in range 200-599`, [...base, 'directResponse', 'status']);
  }
  const retries = objOrNull(rule.retries);
  if (retries) {
    const rp = [...base, 'retries'];
    const attempts = num(retries.attempts) ?? 0;
    if (attempts < 0) add('attempts cannot be negative', [...rp, 'attempts']);
    if (
      attempts === 0 &&
      ('perTryTimeout' in retries || str(retries.retryOn) || 'retryRemoteLocalities' in retries)
    ) {
      add('http retry policy configured when attempts are set to 0 (disabled)', rp);
    }
    if ('perTryTimeout' in retries) {
      const e = validateDuration(retries.perTryTimeout);
      if (e) add(e, [...rp, 'perTryTimeout']);
    }
    const retryOn = str(retries.retryOn);
    if (retryOn) {
      for (const policy of retryOn.split(',')) {
        if (!RETRY_ON.has(policy) && !isHttpStatus(policy))
          add(`${JSON.stringify(policy)} is not a valid retryOn policy`, [...rp, 'retryOn']);
      }
    }
  }
  if (rewrite) {
    const uri = str(rewrite.uri);
    const regex = objOrNull(rewrite.uriRegexRewrite);
    if (uri && regex) add('rewrite may only contain one of URI or UriRegexRewrite', [...base, 'rewrite']);
    else if (!uri && !regex && !str(rewrite.authority)) {
      add(
        'rewrite must specify at least one of URI, UriRegexRewrite, or authority. Only one of URI or UriRegexRewrite may be specified',
        [...base, 'rewrite'],
      );
    } else if (regex && (!str(regex.match) || !str(regex.rewrite))) {
      add(
        'UriRegexRewrite has errors\nUriRegexRewrite requires both Rewrite and Match fields to be specified',
        [...base, 'rewrite', 'uriRegexRewrite'],
      );
    }
  }
  validateRouteDestinations(rule.route, [...base, 'route'], add, true);
  if ('timeout' in rule) {
    const e = validateDuration(rule.timeout);
    if (e) add(e, [...base, 'timeout']);
  }
}

const RETRY_ON = new Set([
  '5xx',
  'gateway-error',
  'reset',
  'reset-before-request',
  'connect-failure',
  'retriable-4xx',
  'refused-stream',
  'retriable-status-codes',
  'retriable-headers',
  'envoy-ratelimited',
  'http3-post-connect-failure',
  'cancelled',
  'deadline-exceeded',
  'internal',
  'resource-exhausted',
  'unavailable',
]);

/** http.StatusText(i) != "" for the codes Go knows. */
function isHttpStatus(s: string): boolean {
  if (!/^\d+$/.test(s)) return false;
  const n = Number(s);
  return (
    [
      100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 307,
      308,
    ].includes(n) ||
    (n >= 400 && n <= 418) ||
    [421, 422, 423, 424, 425, 426, 428, 429, 431, 451].includes(n) ||
    (n >= 500 && n <= 508) ||
    n === 510 ||
    n === 511
  );
}

function validateL4Match(m: Obj, p: FieldPath, add: Add): void {
  for (const s of stringItems(m.destinationSubnets)) {
    const e = validateIPSubnet(s.value);
    if (e) add(e, [...p, 'destinationSubnets', s.index]);
  }
  const port = num(m.port);
  if (port) {
    const e = validatePort(port);
    if (e) add(e, [...p, 'port']);
  }
  validateGatewayNames(stringItems(m.gateways), [...p, 'gateways'], add);
}

/** ValidateVirtualService's errors and warnings (not the unreachable-rule analysis). */
export function validateVirtualServiceSpec(namespace: string, spec: Obj): Problem[] {
  const problems: Problem[] = [];
  const add: Add = (text, path, warning = false) => problems.push({ text, path, warning });
  const hosts = stringItems(spec.hosts);
  const gateways = stringItems(spec.gateways);
  const http = arr(spec.http);
  const tcp = arr(spec.tcp);
  const tls = arr(spec.tls);
  if (hosts.length === 0) {
    if (gateways.length)
      add('delegate virtual service must have no gateways specified', ['spec', 'gateways']);
    if (tls.length) add('delegate virtual service must have no tls route specified', ['spec', 'tls']);
    if (tcp.length) add('delegate virtual service must have no tcp route specified', ['spec', 'tcp']);
  }
  // No gateways: the mesh only. Otherwise the gateways, plus the mesh when `mesh` is listed (isGateway).
  if (gateways.length) validateGatewayNames(gateways, ['spec', 'gateways'], add);
  const appliesToGateway = gateways.length > 0 && !gateways.some((g) => g.value === MESH_GATEWAY);
  const appliesToMesh = !appliesToGateway;
  if (!appliesToGateway) {
    http.forEach((rule, i) => {
      arr(obj(rule).match).forEach((m, j) => {
        for (const field of ['headers', 'withoutHeaders']) {
          for (const key of Object.keys(obj(obj(m)[field]))) {
            if (isJwtClaimRoute(key)) {
              add(
                `JWT claim based routing (key: ${key}) is only supported for gateway, found no gateways: ${goList(gateways.map((g) => g.value))}`,
                ['spec', 'http', i, 'match', j, field, key],
              );
            }
          }
        }
      });
    });
  }
  const sni = tls.some((t) => arr(obj(t).match).some((m) => arr(obj(m).sniHosts).length > 0));
  let allHostsValid = true;
  for (const { value, index } of hosts) {
    const err = appliesToGateway
      ? validateWildcardDomainForGatewayVS(sni, value)
      : validateWildcardDomain(value);
    if (err) {
      if (!isValidIPAddress(value)) {
        add(err, ['spec', 'hosts', index]);
        allHostsValid = false;
      }
    } else if (appliesToMesh && value === '*') {
      add('wildcard host * is not allowed for virtual services bound to the mesh gateway', [
        'spec',
        'hosts',
        index,
      ]);
      allHostsValid = false;
    }
  }
  if (allHostsValid) {
    for (let i = 0; i < hosts.length; i++) {
      for (let j = i + 1; j < hosts.length; j++) {
        if (hostMatches(hosts[i].value, hosts[j].value)) {
          add(`duplicate hosts in virtual service: ${hosts[i].value} & ${hosts[j].value}`, [
            'spec',
            'hosts',
            hosts[j].index,
          ]);
        }
      }
    }
  }
  if (http.length === 0 && tcp.length === 0 && tls.length === 0)
    add('http, tcp or tls must be provided in virtual service', ['spec']);
  http.forEach((rule, i) => {
    const r = objOrNull(rule);
    if (!r) return add('http route may not be null', ['spec', 'http', i]);
    validateHTTPRoute(r, ['spec', 'http', i], hosts.length === 0, add);
  });
  const hostValues = hosts.map((h) => h.value);
  tls.forEach((rule, i) => {
    const r = objOrNull(rule);
    if (!r) return;
    const base = ['spec', 'tls', i];
    const matches = arr(r.match);
    if (matches.length === 0) add('TLS route must have at least one match condition', base);
    matches.forEach((mv, j) => {
      const p = [...base, 'match', j];
      const m = objOrNull(mv);
      if (!m) return add('TLS match may not be null', p);
      const sniHosts = stringItems(m.sniHosts);
      if (sniHosts.length === 0) add('TLS match must have at least one SNI host', p);
      for (const s of sniHosts) {
        const sp = [...p, 'sniHosts', s.index];
        const err = appliesToGateway
          ? validateWildcardDomainForGatewayVS(true, s.value)
          : validateWildcardDomain(s.value);
        if (err) {
          if (isValidIPAddress(s.value)) {
            add(
              `using an IP address (${JSON.stringify(s.value)}) goes against SNI spec and most clients do not support this`,
              sp,
              true,
            );
          } else add(err, sp);
          continue;
        }
        if (!hostValues.some((h) => hostSubsetOf(s.value, h))) {
          add(
            `SNI host ${JSON.stringify(s.value)} is not a compatible subset of any of the virtual service hosts: [${hostValues.join(', ')}]`,
            sp,
          );
        }
      }
      validateL4Match(m, p, add);
    });
    if (arr(r.route).length === 0) add('TLS route is required', base);
    validateRouteDestinations(r.route, [...base, 'route'], add, false);
  });
  tcp.forEach((rule, i) => {
    const r = objOrNull(rule);
    if (!r) return;
    const base = ['spec', 'tcp', i];
    arr(r.match).forEach((mv, j) => {
      const m = objOrNull(mv);
      if (!m) return add('tcp match may not be nil', [...base, 'match', j]);
      validateL4Match(m, [...base, 'match', j], add);
    });
    if (arr(r.route).length === 0) add('TCP route is required', base);
    validateRouteDestinations(r.route, [...base, 'route'], add, false);
  });
  for (const e of validateExportTo(
    namespace,
    stringItems(spec.exportTo).map((x) => x.value),
  ))
    add(e, ['spec', 'exportTo']);
  return problems;
}

// ---------------------------------------------------------------------------------------------------
// IST0130 / IST0131: analyzeUnreachableHTTPRules / TCP / TLS

export interface UnreachableFinding {
  code: 'IST0130' | 'IST0131';
  path: FieldPath;
  args: Record<string, string>;
}

/**
 * asJSON(): a canonical form of a match for "structurally identical". Go marshals the proto struct, so
 * zero values (false, 0, "", empty lists and maps) are as good as absent, and key order does not matter.
 * For http the match `name` is cleared first.
 */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) {
    const items = v.map(canonical).filter((x) => x !== undefined);
    return items.length ? items : undefined;
  }
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const c = canonical((v as Obj)[k]);
      if (c !== undefined) out[k] = c;
    }
    return Object.keys(out).length ? out : undefined;
  }
  if (v === null || v === undefined || v === false || v === 0 || v === '') return undefined;
  return v;
}

function asJSON(match: unknown, http: boolean): string {
  let m = match;
  if (http && objOrNull(match)) {
    const { name: _name, ...rest } = obj(match);
    void _name;
    m = rest;
  }
  return JSON.stringify(canonical(m) ?? {});
}

function routeName(rule: unknown, i: number, http: boolean): string {
  const name = http ? str(obj(rule).name) : '';
  return name ? JSON.stringify(name) : `#${i}`;
}

function requestName(match: unknown, j: number, http: boolean): string {
  const name = http ? str(obj(match).name) : '';
  return name ? JSON.stringify(name) : `#${j}`;
}

interface PrefixMatch {
  route: string;
  match: string;
  prefix: string;
  port: number;
  method: string;
  authority: string;
  headers: Record<string, string>;
  queryParams: Record<string, string>;
  withoutHeaders: Record<string, string>;
  path: FieldPath;
}

function exactOrPrefix(v: unknown): string {
  const m = obj(v);
  if (str(m.exact)) return `exact:${str(m.exact)}`;
  if (str(m.prefix)) return `prefix:${str(m.prefix)}`;
  return '';
}

function stringMatchMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, m] of Object.entries(obj(v))) out[k] = exactOrPrefix(m);
  return out;
}

/** coveredValidation: does earlier match a cover later match b? */
function covered(a: PrefixMatch, b: PrefixMatch): boolean {
  if (!b.prefix.startsWith(a.prefix)) return false;
  if (b.port !== a.port) return false;
  if (a.method !== b.method && !a.method.startsWith(b.method)) return false;
  if (a.authority !== b.authority && !a.authority.startsWith(b.authority)) return false;
  for (const [am, bm] of [
    [a.headers, b.headers],
    [a.queryParams, b.queryParams],
    [a.withoutHeaders, b.withoutHeaders],
  ]) {
    if (Object.keys(am).length !== Object.keys(bm).length) return false;
    for (const [k, av] of Object.entries(am)) {
      if (!(k in bm)) return false;
      if (av !== bm[k] && !av.startsWith(bm[k])) return false;
    }
  }
  return true;
}

export function analyzeUnreachableRules(spec: Obj): UnreachableFinding[] {
  const out: UnreachableFinding[] = [];
  for (const kind of ['http', 'tcp', 'tls']) {
    const http = kind === 'http';
    const routes = arr(spec[kind]);
    const seen = new Map<string, number>();
    let emptyMatch = -1;
    const prefixMatches: PrefixMatch[] = [];
    routes.forEach((rule, i) => {
      if (!objOrNull(rule)) return;
      const rn = routeName(rule, i, http);
      const matches = arr(obj(rule).match);
      if (matches.length === 0) {
        if (emptyMatch >= 0) {
          out.push({
            code: 'IST0130',
            path: ['spec', kind, i],
            args: { ruleno: rn, reason: 'only the last rule can have no matches' },
          });
        }
        emptyMatch = i;
        return;
      }
      let duplicates = 0;
      matches.forEach((m, j) => {
        if (emptyMatch >= 0) {
          out.push({
            code: 'IST0130',
            path: ['spec', kind, i],
            args: { ruleno: rn, reason: 'route without matches defined before' },
          });
          return;
        }
        const key = asJSON(m, http);
        const dup = seen.get(key);
        if (dup !== undefined) {
          out.push({
            code: 'IST0131',
            path: ['spec', kind, i, 'match', j],
            args: { ruleno: rn, matchno: requestName(m, j, http), dupno: routeName(routes[dup], dup, http) },
          });
          duplicates++;
          return;
        }
        seen.set(key, i);
        if (!http) return;
        const mo = obj(m);
        const prefix = str(obj(mo.uri).prefix);
        if (!objOrNull(mo.uri) || !prefix) return;
        prefixMatches.push({
          route: rn,
          match: requestName(m, j, true),
          prefix,
          port: num(mo.port) ?? 0,
          method: exactOrPrefix(mo.method) || 'exact:GET',
          authority: exactOrPrefix(mo.authority),
          headers: stringMatchMap(mo.headers),
          queryParams: stringMatchMap(mo.queryParams),
          withoutHeaders: stringMatchMap(mo.withoutHeaders),
          path: ['spec', kind, i, 'match', j],
        });
      });
      if (duplicates === matches.length) {
        out.push({
          code: 'IST0130',
          path: ['spec', kind, i],
          args: { ruleno: rn, reason: 'all matches used by prior rules' },
        });
      }
    });
    for (let a = 0; a < prefixMatches.length; a++) {
      for (let b = a + 1; b < prefixMatches.length; b++) {
        const A = prefixMatches[a];
        const B = prefixMatches[b];
        if (A.prefix === B.prefix) continue;
        if (!covered(A, B)) continue;
        out.push({
          code: 'IST0131',
          path: B.path,
          args: {
            ruleno: B.route,
            matchno: `${B.match} of prefix ${B.prefix}`,
            dupno: `${A.match} of prefix ${A.prefix} on ${A.route}`,
          },
        });
      }
    }
  }
  return out;
}

const ERROR_FIXES: [RegExp, string][] = [
  [
    /HTTP route, redirect or direct_response is required/,
    'Give the rule a route (destination), a redirect or a directResponse.',
  ],
  [
    /wildcard host \* is not allowed/,
    'A VirtualService for sidecars needs real hosts; to use * bind it to a Gateway with spec.gateways.',
  ],
  [/duplicate hosts/, 'List each host once; a wildcard already covers the names under it.'],
  [/SNI host/, 'Use sniHosts that are among (or under a wildcard of) the VirtualService hosts.'],
  [/total destination weight = 0/, 'Give at least one destination a positive weight.'],
];

function problemFix(p: Problem): string {
  for (const [re, fix] of ERROR_FIXES) if (re.test(p.text)) return fix;
  return p.warning
    ? 'kubectl apply prints this warning for the marked field: change it as the message says.'
    : "Istio's validating webhook rejects this VirtualService (kubectl apply fails): correct the marked field.";
}

const UNREACHABLE_FIX: Record<string, string> = {
  'only the last rule can have no matches':
    'A rule without match catches every request: keep a single catch-all and put it last.',
  'route without matches defined before':
    'An earlier rule without match already catches every request: move this rule above the catch-all.',
  'all matches used by prior rules':
    'Earlier rules already take every request this rule matches: remove it, or change its matches.',
};

export function analyzeVirtualServiceValidation(ctx: AnalysisContext): void {
  for (const vs of ctx.snapshot.virtualServices) {
    const r = resourceOf(ctx, vs.meta);
    if (!r) continue;
    const spec = obj(r.object.spec);
    for (const p of validateVirtualServiceSpec(vs.meta.namespace, spec)) {
      report(ctx, vs.meta, p.warning ? 'IST0133' : 'IST0106', {
        path: p.path,
        message: `Schema validation ${p.warning ? 'warning' : 'error'}: ${p.text}`,
        fix: problemFix(p),
        args: { err: p.text },
      });
    }
    for (const f of analyzeUnreachableRules(spec)) {
      if (f.code === 'IST0130') {
        report(ctx, vs.meta, 'IST0130', {
          path: f.path,
          message: `VirtualService rule ${f.args.ruleno} not used (${f.args.reason}).`,
          fix: UNREACHABLE_FIX[f.args.reason],
          args: f.args,
        });
      } else {
        report(ctx, vs.meta, 'IST0131', {
          path: f.path,
          message: `VirtualService rule ${f.args.ruleno} match ${f.args.matchno} is not used (duplicate/overlapping match in rule ${f.args.dupno}).`,
          fix: 'Rules are tried in order and the first match wins: put the more specific match first, or remove the duplicate.',
          args: f.args,
        });
      }
    }
  }
}
