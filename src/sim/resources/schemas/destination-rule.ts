// DestinationRule (networking.istio.io): what happens after routing picked a host: subsets, load balancing,
// connection pools, outlier detection and TLS to the backend. Fields and enums: Istio's CRD
// (crd-all.gen.yaml, destinationrules.networking.istio.io).
import type { Definitions, Schema } from './common.ts';
import { atMostOneOf, bool, duration, enumOf, int, list, num, obj, ref, str, stringMap } from './common.ts';
import { istioObject } from './istio-common.ts';

const loadBalancer = obj(
  {
    simple: enumOf(
      {
        UNSPECIFIED: "Istio's default (LEAST_REQUEST).",
        LEAST_REQUEST: 'Pick the endpoint with fewer active requests among two random ones. The default.',
        ROUND_ROBIN: 'Each endpoint in turn.',
        RANDOM: 'A random endpoint.',
        PASSTHROUGH: 'Send to the address the caller asked for, without load balancing.',
        LEAST_CONN: 'Deprecated name of LEAST_REQUEST.',
      },
      'A standard algorithm. Values are case-sensitive.',
    ),
    consistentHash: {
      ...obj(
        {
          httpHeaderName: str('Hash on this request header (sticky by header value).'),
          httpCookie: obj(
            {
              name: str('Cookie name.'),
              path: str('Cookie path.'),
              ttl: duration('Cookie lifetime; Envoy creates the cookie if it is missing.'),
            },
            'Hash on a cookie.',
            { required: ['name'] },
          ),
          useSourceIp: bool('Hash on the client IP address.'),
          httpQueryParameterName: str('Hash on this query parameter.'),
          ringHash: obj({ minimumRingSize: int(undefined, { minimum: 0 }) }, 'Ring hash settings.'),
          maglev: obj({ tableSize: int(undefined, { minimum: 0 }) }, 'Maglev settings.'),
          minimumRingSize: int('Deprecated: use `ringHash.minimumRingSize`.', { minimum: 0 }),
        },
        'Session affinity: requests with the same key go to the same endpoint.',
      ),
      allOf: [
        atMostOneOf(['httpHeaderName', 'httpCookie', 'useSourceIp', 'httpQueryParameterName']),
        atMostOneOf(['ringHash', 'maglev']),
      ],
    },
    localityLbSetting: {
      type: 'object',
      description: 'Locality-aware load balancing (multi-zone clusters).',
    },
    warmup: obj(
      {
        duration: duration('How long new endpoints ramp up.'),
        minimumPercent: num(undefined, { minimum: 0, maximum: 100 }),
        aggression: num(undefined, { minimum: 1 }),
      },
      'Slow start for new endpoints.',
      { required: ['duration'] },
    ),
    warmupDurationSecs: duration('Deprecated: use `warmup`.'),
  },
  'How to choose an endpoint: `simple` (an algorithm) or `consistentHash` (session affinity), not both.',
  { extra: atMostOneOf(['simple', 'consistentHash']) },
);

const connectionPool = obj(
  {
    tcp: obj(
      {
        maxConnections: int('Maximum connections to the destination. Default 2^32-1.'),
        connectTimeout: duration('TCP connect timeout. Default 10s.'),
        tcpKeepalive: obj(
          {
            probes: int(undefined, { minimum: 0 }),
            time: duration('Idle time before probes.'),
            interval: duration('Time between probes.'),
          },
          'TCP keepalive.',
        ),
        maxConnectionDuration: duration('Close connections after this long.'),
        idleTimeout: duration('Close idle connections after this long.'),
      },
      'Limits for TCP connections (also used for HTTP).',
    ),
    http: obj(
      {
        http1MaxPendingRequests: int(
          'Maximum requests waiting for a connection. Beyond it: 503 with flag UO (overflow).',
        ),
        http2MaxRequests: int('Maximum concurrent requests to the destination.'),
        maxRequestsPerConnection: int('Close a connection after this many requests (1 disables keep-alive).'),
        maxRetries: int('Maximum concurrent retries.'),
        idleTimeout: duration('Close idle connections after this long. Default 1h.'),
        h2UpgradePolicy: enumOf(
          {
            DEFAULT: 'Mesh default.',
            DO_NOT_UPGRADE: 'Keep HTTP/1.1.',
            UPGRADE: 'Upgrade HTTP/1.1 to HTTP/2.',
          },
          'Whether to upgrade HTTP/1.1 connections to HTTP/2.',
        ),
        useClientProtocol: bool('Use the protocol the client used (HTTP/1.1 or HTTP/2) toward the backend.'),
        maxConcurrentStreams: int('Maximum concurrent streams per HTTP/2 connection.'),
      },
      'Limits for HTTP requests.',
    ),
  },
  'Connection and request limits (circuit breaking).',
);

const outlierDetection = obj(
  {
    consecutive5xxErrors: int('Eject an endpoint after this many 5xx in a row. Default 5; 0 disables.', {
      minimum: 0,
    }),
    consecutiveGatewayErrors: int('Eject after this many 502/503/504 in a row.', { minimum: 0 }),
    consecutiveLocalOriginFailures: int(undefined, { minimum: 0 }),
    consecutiveErrors: int('Deprecated: use `consecutive5xxErrors`.'),
    splitExternalLocalOriginErrors: bool(),
    interval: duration('How often endpoints are checked. Default 10s.'),
    baseEjectionTime: duration('Minimum ejection time. Default 30s.'),
    maxEjectionPercent: int('At most this share of endpoints is ejected. Default 10.', {
      minimum: 0,
      maximum: 100,
    }),
    minHealthPercent: int(undefined, { minimum: 0, maximum: 100 }),
  },
  'Eject endpoints that keep failing (passive health checking).',
);

const clientTLS = obj(
  {
    mode: enumOf(
      {
        DISABLE: 'Plain text to the backend.',
        SIMPLE:
          'TLS to the backend (the gateway is the TLS client); use for HTTPS backends outside the mesh.',
        MUTUAL: 'TLS with a client certificate from `credentialName` (or file paths).',
        ISTIO_MUTUAL:
          'Istio mutual TLS with workload certificates; the default inside the mesh when auto mTLS applies.',
      },
      "TLS from the proxy to the backend. Values are case-sensitive. Note: this is the upstream side; it has nothing to do with the Gateway's `tls.mode`.",
    ),
    credentialName: str(
      'Secret with the client certificate (MUTUAL) and/or CA (`ca.crt`) to verify the backend.',
    ),
    clientCertificate: str('Path to a client certificate file (MUTUAL).'),
    privateKey: str('Path to the client key file (MUTUAL).'),
    caCertificates: str(
      "Path to a CA bundle to verify the backend's certificate. Without it (or `credentialName`) the server is not verified (IST0128).",
    ),
    caCrl: str('Path to a certificate revocation list.'),
    subjectAltNames: list(str(), 'Accept only backend certificates with one of these SANs.'),
    sni: str(
      "SNI to send to the backend. When unset, Istio sends the request's Host for HTTP traffic (auto SNI).",
    ),
    insecureSkipVerify: bool('Do not verify the backend certificate. For testing only.'),
  },
  'TLS settings for connections from the proxy to the destination.',
);

const trafficPolicyProperties: Record<string, Schema> = {
  loadBalancer: ref('LoadBalancerSettings'),
  connectionPool: ref('ConnectionPoolSettings'),
  outlierDetection: ref('OutlierDetection'),
  tls: ref('ClientTLSSettings'),
};

export const DESTINATION_RULE_DEFINITIONS: Definitions = {
  DestinationRule: istioObject(
    'DestinationRule',
    'DestinationRuleSpec',
    'A **DestinationRule** configures traffic to one host **after** routing: named `subsets` (by pod labels) that VirtualService routes can pick, and a `trafficPolicy` (load balancing, limits, TLS to the backend).',
  ),
  DestinationRuleSpec: obj(
    {
      host: str(
        "The Service this applies to, e.g. `reviews` or `reviews.prod.svc.cluster.local`. A short name is resolved in the DestinationRule's namespace. Required.",
      ),
      trafficPolicy: ref('TrafficPolicy'),
      subsets: list(
        ref('Subset'),
        "Named groups of the Service's pods, selected by labels (e.g. `version: v1`). A VirtualService destination refers to them with `subset`.",
      ),
      exportTo: ref('ExportTo'),
      workloadSelector: ref('WorkloadSelector'),
    },
    'The `host` it applies to, its `subsets` and `trafficPolicy`.',
    { required: ['host'] },
  ),
  Subset: obj(
    {
      name: str('The subset name used in a VirtualService destination (`subset: v1`). Required.'),
      labels: stringMap(
        'Pods of the Service with all these labels form the subset, e.g. `version: v1`. If no pod has them, requests to the subset fail with 503 (IST0173).',
      ),
      trafficPolicy: ref('TrafficPolicy', "Overrides the rule's traffic policy for this subset."),
    },
    "A named subset of the Service's endpoints.",
    { required: ['name'] },
  ),
  TrafficPolicy: obj(
    {
      ...trafficPolicyProperties,
      portLevelSettings: list(
        ref('PortTrafficPolicy'),
        'Policies for individual Service ports; they override the rule-wide ones.',
      ),
      tunnel: obj(
        {
          protocol: str('CONNECT or POST.'),
          targetHost: str('Host to tunnel to.'),
          targetPort: int('Port to tunnel to.', { minimum: 0, maximum: 65535 }),
        },
        'Tunnel TCP over HTTP.',
        { required: ['targetHost', 'targetPort'] },
      ),
      proxyProtocol: obj(
        { version: enumOf({ V1: 'PROXY protocol v1.', V2: 'PROXY protocol v2.' }) },
        'Send the PROXY protocol header to the backend.',
      ),
      retryBudget: obj(
        {
          percent: num(undefined, { minimum: 0, maximum: 100 }),
          minRetryConcurrency: int(undefined, { minimum: 0 }),
        },
        'Limit concurrent retries.',
      ),
    },
    'Traffic policy: `loadBalancer`, `connectionPool`, `outlierDetection`, `tls`, and per-port overrides.',
  ),
  PortTrafficPolicy: obj(
    {
      port: ref('PortSelector', 'The Service port this applies to.'),
      ...trafficPolicyProperties,
    },
    'A traffic policy for one Service port.',
  ),
  LoadBalancerSettings: loadBalancer,
  ConnectionPoolSettings: connectionPool,
  OutlierDetection: outlierDetection,
  ClientTLSSettings: clientTLS,
};
