// Name and value checks of Istio's validating webhook: istio/istio pkg/config/validation/agent/validation.go
// and pkg/config/labels. Each returns Istio's error text, or null.
import type { FieldPath } from '../resources/types.ts';
import { EXPORT_TO_ALL, EXPORT_TO_LOCAL } from './hosts.ts';

/** A webhook finding: an error (IST0106) or a warning (IST0133), at the field that causes it. */
export interface Problem {
  warning: boolean;
  text: string;
  path: FieldPath;
}

// labels.dns1123LabelFmt: Istio's own pattern allows upper case (Kubernetes names do not).
const DNS1123_LABEL = /^[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?$/;
const WILDCARD_PREFIX = /^(\*|(\*|\*-)?[a-zA-Z0-9](?:[-a-zA-Z0-9]*[a-zA-Z0-9])?)$/;

export function isDNS1123Label(s: string): boolean {
  return s.length <= 63 && DNS1123_LABEL.test(s);
}

export function isWildcardDNS1123Label(s: string): boolean {
  return s.length <= 63 && WILDCARD_PREFIX.test(s);
}

function checkDNS1123Preconditions(name: string): string | null {
  if (name.length > 255) return `domain name ${JSON.stringify(name)} too long (max 255)`;
  if (name.length === 0) return 'empty domain name not allowed';
  return null;
}

function validateDNS1123Labels(domain: string): string | null {
  const parts = domain.split('.');
  const tld = parts[parts.length - 1];
  if (/^[+-]?\d+$/.test(tld)) {
    return `domain name ${JSON.stringify(domain)} invalid (top level domain ${JSON.stringify(tld)} cannot be all-numeric)`;
  }
  for (let i = 0; i < parts.length; i++) {
    if (i === parts.length - 1 && parts[i] === '') return null;
    if (!isDNS1123Label(parts[i]))
      return `domain name ${JSON.stringify(domain)} invalid (label ${JSON.stringify(parts[i])} invalid)`;
  }
  return null;
}

export function validateFQDN(fqdn: string): string | null {
  return checkDNS1123Preconditions(fqdn) ?? validateDNS1123Labels(fqdn);
}

/** agent.ValidateWildcardDomain: an FQDN whose first label may be a wildcard. */
export function validateWildcardDomain(domain: string): string | null {
  const pre = checkDNS1123Preconditions(domain);
  if (pre) return pre;
  const dot = domain.indexOf('.');
  const first = dot < 0 ? domain : domain.slice(0, dot);
  if (!isWildcardDNS1123Label(first))
    return `domain name ${JSON.stringify(domain)} invalid (label ${JSON.stringify(first)} invalid)`;
  if (dot >= 0) return validateDNS1123Labels(domain.slice(dot + 1));
  return null;
}

/** agent.ValidateWildcardDomainForVirtualServiceBoundToGateway (allows `outbound_.<port>_...` SNI names). */
export function validateWildcardDomainForGatewayVS(sni: boolean, domain: string): string | null {
  const pre = checkDNS1123Preconditions(domain);
  if (pre) return pre;
  const dot = domain.indexOf('.');
  const first = dot < 0 ? domain : domain.slice(0, dot);
  if (sni && first === 'outbound_') {
    if (!/outbound_.([0-8].*).*/.test(domain))
      return `domain name ${JSON.stringify(domain)} invalid (label ${JSON.stringify(first)} invalid)`;
    return null;
  }
  if (!isWildcardDNS1123Label(first))
    return `domain name ${JSON.stringify(domain)} invalid (label ${JSON.stringify(first)} invalid)`;
  if (dot >= 0) return validateDNS1123Labels(domain.slice(dot + 1));
  return null;
}

export function isValidIPAddress(s: string): boolean {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (v4) return v4.slice(1).every((o) => Number(o) <= 255 && !(o.length > 1 && o.startsWith('0')));
  if (!s.includes(':') || /[^0-9a-fA-F:.]/.test(s)) return false;
  try {
    new URL(`http://[${s}]/`);
    return true;
  } catch {
    return false;
  }
}

export function validateIPSubnet(subnet: string): string | null {
  const parts = subnet.split('/');
  if (parts.length === 2) {
    const bits = Number(parts[1]);
    const max = parts[0].includes(':') ? 128 : 32;
    if (!isValidIPAddress(parts[0]) || !/^\d+$/.test(parts[1]) || bits > max)
      return `${subnet} is not a valid CIDR block`;
    return null;
  }
  return isValidIPAddress(subnet) ? null : `${subnet} is not a valid IP`;
}

export function validatePort(port: number): string | null {
  return port >= 1 && port <= 65535 ? null : `port number ${port} must be in the range 1..65535`;
}

/** agent.ValidatePartialWildCard */
function validatePartialWildcard(host: string): string | null {
  if (host.includes('*') && host.length !== 1 && !host.startsWith('*.'))
    return `partial wildcard ${JSON.stringify(host)} not allowed`;
  return null;
}

/** validateSidecarOrGatewayHostnamePart with isGateway = true: IP addresses are allowed. */
function validateGatewayHostnamePart(hostname: string): string[] {
  const errs: string[] = [];
  if (hostname !== '*' && !hostname.includes('.')) errs.push('short names (non FQDN) are not allowed');
  const err = validateWildcardDomain(hostname);
  if (err && !isValidIPAddress(hostname)) errs.push(err);
  const partial = validatePartialWildcard(hostname);
  if (partial) errs.push(partial);
  return errs;
}

/** agent.ValidateNamespaceSlashWildcardHostname(hostname, isGateway = true, gatewaySemantics = false). */
export function validateGatewayServerHost(hostname: string): string[] {
  const slash = hostname.indexOf('/');
  if (slash < 0) return validateGatewayHostnamePart(hostname);
  const ns = hostname.slice(0, slash);
  const host = hostname.slice(slash + 1);
  const errs: string[] = [];
  if (!ns || !host) errs.push('config namespace and dnsName in host entry cannot be empty');
  if (ns !== '*' && ns !== '.' && !isDNS1123Label(ns))
    errs.push(`invalid namespace value ${JSON.stringify(ns)} in gateway`);
  errs.push(...validateGatewayHostnamePart(host));
  return errs;
}

/** validateExportTo (not a ServiceEntry, not a DestinationRule with workloadSelector). */
export function validateExportTo(namespace: string, exportTo: string[]): string[] {
  const errs: string[] = [];
  if (exportTo.length === 0) return errs;
  const set = new Set<string>();
  for (const e of exportTo) {
    const key = e === EXPORT_TO_LOCAL ? namespace : e;
    if (set.has(key)) {
      errs.push(
        key !== e
          ? `duplicate entries in exportTo: . and current namespace ${namespace}`
          : `duplicate entries in exportTo for entry ${e}`,
      );
      continue;
    }
    if (key === '~') {
      errs.push('exportTo ~ (none) is not allowed for Istio configuration objects');
      continue;
    }
    if (key !== EXPORT_TO_ALL && key !== EXPORT_TO_LOCAL && !isDNS1123Label(key)) {
      errs.push('only .,*, or a valid DNS 1123 label is allowed as exportTo entry');
      continue;
    }
    set.add(key);
  }
  if (set.has(EXPORT_TO_ALL) && exportTo.length > 1)
    errs.push('cannot have both public (*) and non-public exportTo values for a resource');
  return errs;
}

/**
 * A protobuf Duration as YAML writes it ("5s", "0.25s"), in milliseconds; null when the text is not a
 * duration (that is a schema error, reported elsewhere).
 */
export function durationMillis(v: unknown): number | null {
  if (typeof v !== 'string') return null;
  const m = /^(-?\d+(?:\.\d+)?)s$/.exec(v.trim());
  return m ? Number(m[1]) * 1000 : null;
}

/** agent.ValidateDuration */
export function validateDuration(v: unknown): string | null {
  const ms = durationMillis(v);
  if (ms === null) return null;
  if (ms < 1) return 'duration must be greater than 1ms';
  if (Math.abs(ms - Math.round(ms)) > 1e-9) return 'only durations to ms precision are supported';
  return null;
}

/** protocol.Parse (pkg/config/protocol): "" or an unknown name is Unsupported. */
export const PROTOCOLS = [
  'TCP',
  'UDP',
  'GRPC',
  'GRPC-WEB',
  'HTTP',
  'HTTP_PROXY',
  'HTTP2',
  'HTTPS',
  'TLS',
  'MONGO',
  'REDIS',
  'MYSQL',
];

export function parseProtocol(p: string): string | null {
  const u = p.toUpperCase();
  return PROTOCOLS.includes(u) ? u : null;
}

export function isHTTPProtocol(p: string | null): boolean {
  return p === 'HTTP' || p === 'HTTP2' || p === 'HTTP_PROXY' || p === 'GRPC' || p === 'GRPC-WEB';
}

export function isTLSProtocol(p: string | null): boolean {
  return p === 'HTTPS' || p === 'TLS';
}
