// The catalogue of diagnostic codes: Istio's own (IST…, from pkg/config/analysis/msg/messages.yaml)
// and Gateway Lab's (GWL…) for pitfalls Istio does not report. One source of truth: the checks, the
// CLI and the site's "Diagnostic codes" page all read this table.
import type { DiagnosticLevel } from './diagnostics.ts';
import { ANALYZER_CODES } from './analyze/catalog.ts';

export interface CodeInfo {
  code: string;
  name: string;
  level: DiagnosticLevel;
  /** What the code means, in a sentence or two, for the codes page. */
  summary: string;
  /** The default one-sentence fix (a check may give a more specific one). */
  fix: string;
  /** A small YAML example that triggers it, for the codes page (optional). */
  example?: string;
}

const CODES: CodeInfo[] = [
  {
    code: 'GWL0001',
    name: 'YamlSyntaxError',
    level: 'Error',
    summary: 'The text is not valid YAML, so the document around the error is not applied.',
    fix: 'Fix the YAML at the marked position: check indentation, a missing colon, or an unclosed quote.',
    example: 'metadata:\n  name: web\n   namespace: a   # indented one space too far',
  },
  {
    code: 'GWL0002',
    name: 'UnknownKind',
    level: 'Warning',
    summary:
      'The simulator does not model this kind of object, so it has no effect on the simulated gateway.',
    fix: 'Check the kind and apiVersion for typos; Gateway Lab simulates Gateway, VirtualService, DestinationRule, ServiceEntry, Service, Deployment, Pod, Secret and Namespace.',
    example:
      'apiVersion: networking.istio.io/v1\nkind: Gatway   # typo: the simulator ignores this object\nmetadata:\n  name: web',
  },
  {
    code: 'GWL0003',
    name: 'MissingName',
    level: 'Error',
    summary: 'An object without metadata.name is rejected by the Kubernetes API server.',
    fix: 'Add metadata.name to the object.',
    example: 'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  namespace: default\nspec: {}',
  },
  {
    code: 'GWL0004',
    name: 'NotAnObject',
    level: 'Error',
    summary: 'A YAML document must be a Kubernetes object: a mapping with apiVersion, kind and metadata.',
    fix: 'Start the document with apiVersion and kind, then metadata and spec.',
    example: 'metadata:\n  name: web   # no apiVersion and no kind',
  },
  {
    code: 'GWL0005',
    name: 'UnsupportedApiVersion',
    level: 'Warning',
    summary: 'Istio serves its networking kinds as v1, v1beta1 and v1alpha3 only.',
    fix: 'Use apiVersion networking.istio.io/v1.',
    example: 'apiVersion: networking.istio.io/v2\nkind: Gateway\nmetadata:\n  name: web',
  },
  {
    code: 'GWL0006',
    name: 'DuplicateObject',
    level: 'Error',
    summary: 'Two objects have the same kind, namespace and name; kubectl apply keeps only the last one.',
    fix: 'Rename one of the objects or delete the duplicate.',
    example:
      'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: web, namespace: a}\n---\napiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: {name: web, namespace: a}   # same identity',
  },
  {
    code: 'GWL0007',
    name: 'UnknownField',
    level: 'Warning',
    summary:
      'A field the object\'s schema does not have, usually a typo or a field at the wrong indentation. kubectl would warn ("unknown field") and drop the field, so it has no effect.',
    fix: 'Rename the field to the one suggested, move it to the right level, or remove it.',
    example:
      'apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: web\nspec:\n  servers:\n  - port: {number: 443, name: https, protocol: HTTPS}\n    hosts: ["web.example.com"]\n    tls:\n      mode: SIMPLE\n      credentialname: web-tls   # should be credentialName',
  },
  {
    code: 'GWL0008',
    name: 'GatewayServerIgnored',
    level: 'Warning',
    summary:
      'istiod merges every Gateway that selects a workload; a server that repeats TLS hosts already served on its port, or that conflicts with the protocol of the server that claimed the port first, is skipped (istiod only logs it and counts pilot_total_rejected_configs).',
    fix: 'Give the server hosts or a port no older Gateway uses, or put the hosts into the Gateway that already serves them.',
    example:
      '# two Gateways list a.sample.com on 443: the newer one is skipped\nservers:\n- port: {number: 443, name: https, protocol: HTTPS}\n  hosts: [a.sample.com]\n  tls: {mode: SIMPLE, credentialName: a-cert}',
  },
  {
    code: 'GWL0009',
    name: 'ServerWithoutRoutes',
    level: 'Warning',
    summary:
      'A TCP, TLS or PASSTHROUGH server gets a filter chain only from a VirtualService tcp or tls route bound to it; without one there is no chain, and a port with no chains has no listener at all, so connections are refused.',
    fix: 'Bind a VirtualService to this Gateway with a tcp route (match port) or, for PASSTHROUGH, a tls route with sniHosts.',
    example:
      '# a TCP server, but no VirtualService has a tcp route for port 31400\nservers:\n- port: {number: 31400, name: tcp, protocol: TCP}\n  hosts: ["*"]',
  },
];

const byCode = new Map<string, CodeInfo>([...CODES, ...ANALYZER_CODES].map((c) => [c.code, c]));

export function codeInfo(code: string): CodeInfo {
  return byCode.get(code) ?? { code, name: code, level: 'Error', summary: '', fix: '' };
}

export function allCodes(): CodeInfo[] {
  return [...byCode.values()].sort((a, b) => a.code.localeCompare(b.code));
}
