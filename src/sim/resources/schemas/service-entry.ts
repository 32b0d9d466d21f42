// ServiceEntry (networking.istio.io): adds a host to Istio's service registry, for example an external API
// or, in Istio's gateway tests, the gateway's own Service. Fields and enums: Istio's CRD (crd-all.gen.yaml,
// serviceentries.networking.istio.io). Port protocol is a plain string there, parsed ignoring case.
import type { Definitions } from './common.ts';
import { caseInsensitiveEnum, enumOf, int, list, obj, portNumber, ref, str, stringMap } from './common.ts';
import { GATEWAY_PROTOCOLS, ISTIO_PROTOCOLS } from './gateway.ts';
import { istioObject } from './istio-common.ts';

export const SERVICE_ENTRY_DEFINITIONS: Definitions = {
  ServiceEntry: istioObject(
    'ServiceEntry',
    'ServiceEntrySpec',
    "A **ServiceEntry** adds hosts to Istio's service registry, so VirtualServices and DestinationRules can route to services that are not Kubernetes Services (an external API, a VM).",
  ),
  ServiceEntrySpec: obj(
    {
      hosts: list(
        str(),
        'Host names of the service, e.g. `api.example.com`. Required; `*` alone is not allowed.',
        { minItems: 1 },
      ),
      addresses: list(
        str(),
        'Virtual IPs (or CIDRs) of the service. Without them, a TCP port (or one with no protocol) gets an IST0134 warning: plain TCP has no host name to route by.',
      ),
      ports: list(ref('ServicePort'), 'The ports of the service.'),
      location: enumOf(
        {
          MESH_EXTERNAL: 'Outside the mesh (an external API): no Istio mTLS to it.',
          MESH_INTERNAL: 'Part of the mesh (for example VMs with sidecars).',
        },
        'Whether the service is part of the mesh. Default MESH_EXTERNAL.',
      ),
      resolution: enumOf(
        {
          NONE: 'Forward to the IP the caller connected to. The default.',
          STATIC: 'Use the IPs in `endpoints`.',
          DNS: 'Resolve the hosts (or endpoint addresses) with DNS; connect to any address.',
          DNS_ROUND_ROBIN: 'Resolve with DNS and use one address at a time.',
        },
        "How the proxy finds the service's addresses. Case-sensitive.",
      ),
      endpoints: list(ref('WorkloadEntry'), 'The instances of the service (for STATIC or DNS resolution).'),
      workloadSelector: obj(
        { labels: ref('Labels', 'Pods or WorkloadEntries with these labels are the endpoints.') },
        'Select endpoints by label (MESH_INTERNAL only). Not with `endpoints`.',
      ),
      exportTo: ref('ExportTo'),
      subjectAltNames: list(str(), "SANs the service's certificates must have."),
    },
    'The `hosts`, `ports`, `location`, `resolution` and `endpoints` of the service.',
    { required: ['hosts'] },
  ),
  ServicePort: obj(
    {
      number: portNumber('The port number clients use.'),
      protocol: caseInsensitiveEnum(
        GATEWAY_PROTOCOLS,
        ISTIO_PROTOCOLS,
        'The protocol on this port: `HTTP`, `HTTPS`, `GRPC`, `HTTP2`, `MONGO`, `TCP` or `TLS`. Istio ignores case. Empty or omitted: Istio treats the port as TCP.',
        'protocol',
        // istioctl's own fixtures use `protocol: ""` on ServiceEntry ports (serviceentry-missing-addresses-
        // protocol.yaml, "no validation error"): unlike a Gateway port, an empty protocol is accepted here.
        true,
      ),
      name: str('A name for the port, unique in this ServiceEntry. Required.'),
      targetPort: portNumber('The port on the endpoints, if different from `number`.'),
    },
    'A port of the service: `number`, `name` and `protocol`.',
    { required: ['number', 'name'] },
  ),
  WorkloadEntry: obj(
    {
      address: str('IP address or DNS name of the endpoint (or `unix://` path).'),
      ports: {
        type: 'object',
        additionalProperties: portNumber('Port number.'),
        description: 'Port name → endpoint port overrides.',
      },
      labels: stringMap('Labels of the endpoint (for DestinationRule subsets).'),
      network: str('Network of the endpoint (multi-network meshes).'),
      locality: str('Locality, e.g. `us-west/zone-a`.'),
      weight: int('Load-balancing weight.', { minimum: 0 }),
      serviceAccount: str('Service account of the workload (for mTLS).'),
    },
    'An endpoint of the service.',
  ),
};
