// Sub-schemas shared by the networking.istio.io kinds. Field names, types and enums follow Istio's CRD
// OpenAPI (istio/istio manifests/charts/base/files/crd-all.gen.yaml, generated from istio/api
// networking/v1alpha3/*.proto); v1, v1beta1 and v1alpha3 have the same schema.
import type { Definitions, Schema } from './common.ts';
import { atMostOneOf, doc, enumOf, int, list, num, obj, ref, str, stringMap } from './common.ts';

export const ISTIO_API_VERSIONS = [
  'networking.istio.io/v1',
  'networking.istio.io/v1beta1',
  'networking.istio.io/v1alpha3',
];

export function istioApiVersion(): Schema {
  return {
    type: 'string',
    enum: ISTIO_API_VERSIONS,
    ...doc(
      '`networking.istio.io/v1` (Istio 1.22+). `v1beta1` and `v1alpha3` are older names of the same schema and still work.',
    ),
    enumDescriptions: [
      'Current version (Istio 1.22+).',
      'Older name, same schema.',
      'Oldest name, same schema.',
    ],
  };
}

/** The top level every Istio networking object shares; `spec` is the kind's own definition. */
export function istioObject(kind: string, specDefinition: string, markdown: string): Schema {
  return obj(
    {
      apiVersion: istioApiVersion(),
      kind: { type: 'string', const: kind, ...doc(`Always \`${kind}\`.`) },
      metadata: ref('ObjectMeta'),
      spec: ref(specDefinition),
      status: ref('IstioStatus'),
    },
    markdown,
    { required: ['apiVersion', 'kind', 'metadata'] },
  );
}

function stringMatch(markdown: string): Schema {
  return obj(
    {
      exact: str('Matches only this exact value (case-sensitive).'),
      prefix: str(
        'Matches values that start with this (case-sensitive). `prefix: /` matches everything. A prefix is not a path segment: `/api` also matches `/apiv2`.',
      ),
      regex: str(
        'Matches the whole value against an [RE2 regular expression](https://github.com/google/re2/wiki/Syntax), e.g. `^/v[0-9]+/.*`. No lookahead or backreferences.',
      ),
    },
    markdown,
    { extra: atMostOneOf(['exact', 'prefix', 'regex']) },
  );
}

export const ISTIO_COMMON_DEFINITIONS: Definitions = {
  StringMatch: stringMatch(
    'How to match a string: set exactly one of `exact`, `prefix` or `regex`. Matching is case-sensitive (use `ignoreUriCase` for URIs).',
  ),
  PortSelector: obj(
    {
      number: int(
        'The **Service** port number (the `port` of the Kubernetes Service, not its `targetPort` and not the container port). Required when the Service exposes more than one port (IST0112).',
        { minimum: 0, maximum: 65535 },
      ),
    },
    'Selects a port of the destination Service: `port: {number: 80}`.',
  ),
  Destination: obj(
    {
      host: str(
        "The Service to send traffic to. A short name (`reviews`) is completed with the **VirtualService's** namespace, not the Gateway's. For a Service in another namespace write the full name `reviews.prod.svc.cluster.local`: `reviews.prod` is not expanded, so it matches no Kubernetes Service (IST0101). A ServiceEntry host works too.",
      ),
      subset: str(
        'A subset defined in the DestinationRule for this host (`subsets[].name`). A DestinationRule for the host must define it, or requests fail with 503 (NC: Envoy has no cluster for the subset).',
      ),
      port: ref('PortSelector', 'The Service port. Needed when the Service has more than one port.'),
    },
    'Where traffic goes: a `host` (Service), optionally a `subset` and a `port`.',
    { required: ['host'] },
  ),
  Percent: obj(
    {
      value: num('Percentage, 0 to 100, decimals allowed (`0.1` is one request in a thousand).', {
        minimum: 0,
        maximum: 100,
      }),
    },
    'A percentage: `{value: 50}`.',
  ),
  HeaderOperations: obj(
    {
      set: stringMap('Set these headers, replacing any existing value.'),
      add: stringMap('Append these headers (a header that exists gets a second value).'),
      remove: list(str(), 'Remove these headers.'),
    },
    'Header changes: `set` (overwrite), `add` (append), `remove`.',
  ),
  Headers: obj(
    {
      request: ref('HeaderOperations', 'Changes to the request before it is sent to the destination.'),
      response: ref('HeaderOperations', 'Changes to the response before it is returned to the client.'),
    },
    'Header manipulation for `request` and `response`.',
  ),
  WorkloadSelector: obj(
    {
      matchLabels: ref('Labels', 'Labels of the pods this applies to.'),
    },
    'Limits the object to pods with these labels. Not used at an ingress gateway.',
  ),
  ExportTo: list(
    str(undefined, { examples: ['.', '*'] }),
    'Namespaces this object is visible to: `.` = only its own namespace, `*` = all namespaces (the default when omitted). A common mistake is `exportTo: ["."]` on an object that a proxy in another namespace (such as the ingress gateway in `istio-system`) must see.',
  ),
  IstioStatus: {
    type: 'object',
    ...doc('Written by Istio (analysis messages, conditions). Leave it out of your YAML.'),
  },
  TLSVersion: enumOf(
    {
      TLS_AUTO: 'Let Envoy choose (TLS 1.2 minimum, TLS 1.3 maximum).',
      TLSV1_0: 'TLS 1.0 (obsolete).',
      TLSV1_1: 'TLS 1.1 (obsolete).',
      TLSV1_2: 'TLS 1.2.',
      TLSV1_3: 'TLS 1.3.',
    },
    'A TLS protocol version.',
  ),
};

export { stringMatch };
