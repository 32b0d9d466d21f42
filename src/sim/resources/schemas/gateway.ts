// Gateway (networking.istio.io): the servers (port, protocol, hosts, TLS) an ingress gateway listens with.
// Fields and enums: Istio's CRD (crd-all.gen.yaml, gateways.networking.istio.io). The `if`/`then` rules at
// the end of Server are istiod's webhook checks (pkg/config/validation/validation.go validateServer and
// validateTLSOptions), which `kubectl apply` and `istioctl analyze` (IST0106) report too.
import type { Definitions, Schema } from './common.ts';
import {
  bool,
  caseInsensitiveEnum,
  caseInsensitivePattern,
  enumOf,
  int,
  list,
  obj,
  portNumber,
  ref,
  str,
  stringMap,
} from './common.ts';
import { istioObject } from './istio-common.ts';

/** Every spelling protocol.Parse accepts (pkg/config/protocol/instance.go), compared ignoring case. */
export const ISTIO_PROTOCOLS = [
  'HTTP',
  'HTTPS',
  'HTTP2',
  'GRPC',
  'GRPC-WEB',
  'TCP',
  'TLS',
  'MONGO',
  'REDIS',
  'MYSQL',
  'UDP',
  'HTTP_PROXY',
];

/** The ones worth suggesting for a gateway server, with what each does there. */
export const GATEWAY_PROTOCOLS: Record<string, string> = {
  HTTP: 'Plain-text HTTP (HTTP/1.1 and cleartext HTTP/2). Route it with the VirtualService `http:` section.',
  HTTPS:
    'HTTP over TLS. With `tls.mode: SIMPLE` or `MUTUAL` the gateway terminates TLS and routes with `http:` rules; with `PASSTHROUGH` it routes the encrypted stream by SNI with `tls:` rules.',
  HTTP2: 'Cleartext HTTP/2 (and HTTP/1.1). Route with `http:` rules.',
  GRPC: 'gRPC (HTTP/2). Route with `http:` rules.',
  'GRPC-WEB': 'gRPC-Web. Route with `http:` rules.',
  TCP: 'Opaque TCP: the gateway cannot see hosts or paths. Route with `tcp:` rules (match on `port`).',
  TLS: 'TLS that is not inspected as HTTP. With `PASSTHROUGH` route by SNI with `tls:` rules; with `SIMPLE` the gateway terminates TLS and routes the decrypted bytes with `tcp:` rules.',
  MONGO: 'MongoDB wire protocol, proxied as TCP.',
  REDIS: 'Redis, proxied as TCP.',
  MYSQL: 'MySQL, proxied as TCP.',
};

export const GATEWAY_TLS_MODES: Record<string, string> = {
  PASSTHROUGH:
    'Do not terminate TLS: choose a route by the SNI the client sends and forward the encrypted bytes; the backend holds the certificate. Route with a VirtualService `tls:` rule and `sniHosts`. This is the default when `tls` has no `mode`.',
  SIMPLE:
    'Terminate TLS at the gateway with the certificate in the `credentialName` Secret (`tls.crt`/`tls.key`), then route the decrypted traffic. The usual choice for HTTPS.',
  MUTUAL:
    'Terminate TLS and require a client certificate signed by the CA in the Secret (`ca.crt` in the same Secret, or a `<credentialName>-cacert` Secret). Clients without a certificate fail the handshake.',
  AUTO_PASSTHROUGH:
    'Passthrough routed by SNI alone, with no VirtualService; used by multi-cluster east-west gateways, not for ingress.',
  ISTIO_MUTUAL:
    "Mutual TLS with Istio's own workload certificates; for callers inside the mesh, not for browsers or curl.",
  OPTIONAL_MUTUAL: 'Like MUTUAL, but clients without a certificate are accepted too.',
};

const HTTP_LIKE = ['HTTP', 'HTTP2', 'GRPC', 'GRPC-WEB', 'HTTP_PROXY'];
const TCP_LIKE = ['TCP', 'MONGO', 'REDIS', 'MYSQL', 'UDP'];

function protocolIs(values: string[]): Schema {
  return {
    properties: {
      port: {
        properties: { protocol: { type: 'string', pattern: caseInsensitivePattern(values) } },
        required: ['protocol'],
      },
    },
    required: ['port'],
  };
}

const serverTLS = obj(
  {
    mode: enumOf(
      GATEWAY_TLS_MODES,
      'How the gateway handles TLS on this server. Values are case-sensitive: `SIMPLE`, not `simple`. Default: `PASSTHROUGH`.',
    ),
    httpsRedirect: bool(
      'On an HTTP server: answer every request with a 301 redirect to `https://` (same host and path). Routes in VirtualServices are not used for these requests. Default `false`.',
    ),
    credentialName: str(
      "Name of the Secret with the certificate and key (`tls.crt`, `tls.key`; for MUTUAL also `ca.crt`). The Secret must be in the **gateway pod's namespace** (usually `istio-system`), not the Gateway's. A missing Secret means the TLS handshake fails (IST0101).",
    ),
    credentialNames: list(
      str(),
      'Up to two Secrets (for example one RSA and one ECDSA certificate). Use instead of `credentialName`, not with it.',
      { minItems: 1, maxItems: 2 },
    ),
    caCertCredentialName: str(
      'Istio 1.28+: a Secret or ConfigMap holding only the CA certificates used to verify client certificates (MUTUAL), separate from `credentialName`.',
    ),
    serverCertificate: str(
      'Path to a certificate file mounted in the gateway pod. Prefer `credentialName`: with it Istio loads the Secret itself.',
    ),
    privateKey: str('Path to the private key file mounted in the gateway pod. Prefer `credentialName`.'),
    caCertificates: str(
      'Path to a CA bundle file for verifying client certificates (MUTUAL). Prefer `credentialName` with `ca.crt`.',
    ),
    caCrl: str('Path to a certificate revocation list file for client certificates.'),
    tlsCertificates: list(
      obj({ serverCertificate: str(), privateKey: str(), caCertificates: str() }),
      'Up to two certificate/key file pairs. Prefer `credentialName`.',
      { minItems: 1, maxItems: 2 },
    ),
    subjectAltNames: list(str(), 'Accept only client certificates with one of these SANs (MUTUAL).'),
    verifyCertificateSpki: list(
      str(),
      'Accept only client certificates with these base64 SHA-256 SPKI hashes.',
    ),
    verifyCertificateHash: list(str(), 'Accept only client certificates with these hex SHA-256 hashes.'),
    minProtocolVersion: ref('TLSVersion', 'Lowest TLS version accepted. Default TLS 1.2.'),
    maxProtocolVersion: ref('TLSVersion', 'Highest TLS version accepted. Default TLS 1.3.'),
    cipherSuites: list(str(), "Allowed cipher suites (TLS 1.2 and lower). Default: Envoy's list."),
  },
  'TLS settings of this server: `mode` and, for SIMPLE/MUTUAL, `credentialName`. On an HTTP server only `httpsRedirect: true` belongs here.',
);

const server: Schema = {
  ...obj(
    {
      port: ref('GatewayPort'),
      hosts: list(
        str(undefined, { examples: ['*.example.com', 'example.com', '*/example.com', './example.com'] }),
        "Host names this server accepts, matched against the Host header (HTTP) or the SNI (TLS). `*` is any host; `*.example.com` is any subdomain (but not `example.com`). A `namespace/` prefix limits which namespaces' VirtualServices may bind (`./` = the Gateway's own). A VirtualService host must overlap one of these or it is ignored (IST0132).",
        { minItems: 1 },
      ),
      tls: serverTLS,
      bind: str('Listen only on this IP address of the gateway pod. Rarely needed at ingress.'),
      defaultEndpoint: str(
        'Where to forward traffic for sidecar ingress (`127.0.0.1:8080`); not used by gateways.',
      ),
      name: str('Optional name of the server, unique in the Gateway; shows up in stats.'),
    },
    'One listener configuration: a `port`, the `hosts` it serves and its `tls` settings. Servers on the same port share one Envoy listener; with TLS they are told apart by SNI.',
    { required: ['port', 'hosts'] },
  ),
  allOf: [
    {
      if: protocolIs(['HTTPS', 'TLS']),
      then: {
        required: ['tls'],
        errorMessage: 'A server with protocol HTTPS or TLS needs a tls block.',
        'x-fix':
          'Add tls: with mode: SIMPLE and credentialName to terminate TLS, or mode: PASSTHROUGH to pass it through.',
      },
    },
    {
      if: { ...protocolIs(HTTP_LIKE), required: ['port', 'tls'] },
      then: {
        properties: {
          tls: {
            doNotSuggest: true,
            properties: {
              mode: {
                enum: ['PASSTHROUGH', 'AUTO_PASSTHROUGH'],
                errorMessage: 'A plain-text HTTP server cannot terminate TLS.',
                'x-fix': 'Change the port protocol to HTTPS, or keep only httpsRedirect: true under tls.',
              },
            },
          },
        },
      },
    },
    {
      if: { ...protocolIs(TCP_LIKE), required: ['port', 'tls'] },
      then: {
        properties: {
          tls: {
            doNotSuggest: true,
            maxProperties: 0,
            errorMessage: 'Only HTTPS and TLS servers can have TLS settings.',
            'x-fix': 'Change the port protocol to TLS (to terminate or pass through TLS), or remove tls.',
          },
        },
      },
    },
  ],
  defaultSnippets: [
    {
      label: 'HTTPS server (terminate TLS)',
      description: 'Port 443, TLS terminated with a certificate from a Secret in the gateway namespace.',
      body: {
        port: { number: 443, name: 'https', protocol: 'HTTPS' },
        hosts: ['${1:app.example.com}'],
        tls: { mode: 'SIMPLE', credentialName: '${2:app-example-com-tls}' },
      },
    },
    {
      label: 'HTTP server',
      description: 'Port 80, plain HTTP.',
      body: { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['${1:app.example.com}'] },
    },
    {
      label: 'HTTP server redirecting to HTTPS',
      description: 'Port 80 answers every request with a 301 to https://.',
      body: {
        port: { number: 80, name: 'http', protocol: 'HTTP' },
        hosts: ['${1:app.example.com}'],
        tls: { httpsRedirect: true },
      },
    },
    {
      label: 'TLS passthrough server',
      description: 'Port 443, TLS not terminated; route by SNI with a VirtualService tls rule.',
      body: {
        port: { number: 443, name: 'tls', protocol: 'TLS' },
        hosts: ['${1:app.example.com}'],
        tls: { mode: 'PASSTHROUGH' },
      },
    },
  ],
};

export const GATEWAY_DEFINITIONS: Definitions = {
  Gateway: istioObject(
    'Gateway',
    'GatewaySpec',
    'An Istio **Gateway** opens ports on a gateway workload (the ingress gateway pods its `selector` picks) and says which hosts and TLS settings each port serves. Routing is done by VirtualServices that name this Gateway in `gateways`.',
  ),
  GatewaySpec: obj(
    {
      selector: stringMap(
        'Labels of the gateway pods this Gateway configures, e.g. `istio: ingressgateway` for the default ingress gateway. If no pod has these labels, nothing listens (IST0101). Common mistake: `app: istio-ingressgateway` vs `istio: ingressgateway` typos, or labels of your app instead of the gateway.',
        { examples: [{ istio: 'ingressgateway' }] },
      ),
      servers: list(
        ref('GatewayServer'),
        'The servers (listeners) to open: each has a `port`, `hosts` and optional `tls`.',
      ),
    },
    'Which gateway pods (`selector`) and which servers (`servers`).',
  ),
  GatewayServer: server,
  GatewayPort: obj(
    {
      number: portNumber(
        "The port clients connect to on the gateway **Service** (e.g. 80, 443). Istio maps it to the pod's target port through the gateway Service (443 → 8443 for the default install), so the Envoy listener is named `0.0.0.0_8443`. Must be a number, not a quoted string.",
      ),
      protocol: caseInsensitiveEnum(
        GATEWAY_PROTOCOLS,
        ISTIO_PROTOCOLS,
        'What the port carries: `HTTP`, `HTTPS`, `GRPC`, `HTTP2`, `MONGO`, `TCP` or `TLS`. It decides which VirtualService section applies (`http`, `tcp` or `tls`). Istio ignores case here, but upper case is the convention.',
        'protocol',
      ),
      name: str(
        "A name for the port, unique among the Gateway's servers, e.g. `https`. Required by Istio's validation; it has no effect on routing.",
        { examples: ['http', 'https', 'tls', 'tcp'] },
      ),
      targetPort: int('Deprecated; Istio derives the pod port from the gateway Service.', {
        minimum: 0,
        maximum: 65535,
      }),
    },
    'The port: `number`, `protocol` and `name` (all three required).',
    { required: ['number', 'protocol', 'name'] },
  ),
};
