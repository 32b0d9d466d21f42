// VirtualService (networking.istio.io): how requests for some hosts are routed. Fields and enums: Istio's
// CRD (crd-all.gen.yaml, virtualservices.networking.istio.io). The rule that an http route needs exactly one
// of route / redirect / directResponse (or a delegate) is istiod's webhook check
// (pkg/config/validation/validation.go validateHTTPRoute: "HTTP route cannot contain both route and
// redirect", "HTTP route or redirect or direct response is required").
import type { Definitions, Schema } from './common.ts';
import { atMostOneOf, bool, doc, duration, enumOf, int, list, obj, ref, str, stringMap } from './common.ts';
import { istioObject } from './istio-common.ts';

/** A map keyed by header or query parameter name, each value a StringMatch. */
function matchMap(markdown: string): Schema {
  return { type: 'object', additionalProperties: ref('StringMatch'), ...doc(markdown) };
}

const httpMatch = obj(
  {
    name: str('A name for this match, used in logs and in analyzer messages.'),
    uri: ref(
      'StringMatch',
      'Match the request path (without the query string), e.g. `prefix: /api`. Case-sensitive unless `ignoreUriCase: true`.',
    ),
    scheme: ref('StringMatch', 'Match the URI scheme (`http` or `https`).'),
    method: ref(
      'StringMatch',
      'Match the HTTP method, e.g. `exact: GET`. Case-sensitive: `get` matches nothing.',
    ),
    authority: ref(
      'StringMatch',
      'Match the Host header / HTTP/2 `:authority`, including a port if the client sent one. Usually not needed: the VirtualService `hosts` already select by host.',
    ),
    headers: matchMap(
      'Match request headers, keyed by **lower-case** header name, e.g. `x-user: {exact: alice}`. All listed headers must match. `{}` (empty) means "header present".',
    ),
    withoutHeaders: matchMap('The request must **not** have headers matching these.'),
    queryParams: matchMap(
      'Match query parameters, e.g. `version: {exact: v2}` for `?version=v2`. Only `exact` and `regex` work.',
    ),
    port: int(
      'Match only requests that arrived on this gateway **Server** port (e.g. 443), useful when one VirtualService serves several ports.',
      { minimum: 1, maximum: 65535 },
    ),
    ignoreUriCase: bool('Match `uri` case-insensitively. Default `false`.'),
    gateways: list(
      str(),
      'Apply this match only on these gateways (overrides the VirtualService `gateways` for this rule).',
    ),
    sourceLabels: stringMap(
      "Sidecar traffic only: match the calling workload's labels. Has no effect at an ingress gateway.",
    ),
    sourceNamespace: str(
      "Sidecar traffic only: match the calling workload's namespace. Has no effect at an ingress gateway.",
    ),
    statPrefix: str("Prefix for this route's Envoy statistics."),
  },
  'Conditions for one match: all the fields given must hold (AND). List several matches to OR them.',
);

const httpRoute: Schema = {
  ...obj(
    {
      name: str('A name for this rule; shows up in the Envoy route name and in analyzer messages.'),
      match: list(
        ref('HTTPMatchRequest'),
        'When this rule applies. Several items are ORed; the fields inside one item are ANDed. Without `match` the rule matches everything, so put it **last**: rules are tried in order and the first match wins.',
      ),
      route: list(
        ref('HTTPRouteDestination'),
        'Where to send matching requests: one or more destinations; with several, `weight`s split the traffic.',
      ),
      redirect: ref('HTTPRedirect'),
      directResponse: ref('HTTPDirectResponse'),
      delegate: obj(
        { name: str('Name of the delegate VirtualService.'), namespace: str('Its namespace.') },
        'Hand the routing of matching requests to another VirtualService (which must have no `hosts`).',
      ),
      rewrite: ref('HTTPRewrite'),
      timeout: duration(
        "Overall timeout for a request, e.g. `10s`. Default: no timeout (Envoy's route timeout is disabled by Istio). When exceeded, the client gets 504 (UT).",
      ),
      retries: ref('HTTPRetry'),
      fault: ref('HTTPFaultInjection'),
      mirror: ref(
        'Destination',
        'Also send a copy of each request to this destination; its responses are discarded.',
      ),
      mirrors: list(
        obj(
          {
            destination: ref('Destination'),
            percentage: ref('Percent', 'Share of requests to mirror. Default 100.'),
          },
          undefined,
          { required: ['destination'] },
        ),
        'Several mirror destinations, each with its own percentage.',
      ),
      mirrorPercentage: ref('Percent', 'Share of requests copied to `mirror`. Default 100%.'),
      mirrorPercent: int('Deprecated: use `mirrorPercentage`.', { minimum: 0, maximum: 100 }),
      mirror_percent: int('Deprecated: use `mirrorPercentage`.', { minimum: 0, maximum: 100 }),
      corsPolicy: ref('CorsPolicy'),
      headers: ref('Headers', 'Add, set or remove request and response headers for this rule.'),
    },
    'One HTTP routing rule: `match` conditions and what to do: `route` (forward), `redirect` or `directResponse`.',
  ),
  allOf: [
    atMostOneOf(['route', 'redirect', 'directResponse']),
    {
      anyOf: [
        { required: ['route'] },
        { required: ['redirect'] },
        { required: ['directResponse'] },
        { required: ['delegate'] },
      ],
      errorMessage:
        'An http rule needs route, redirect, directResponse or delegate to say what happens to the request.',
      'x-fix': 'Add route: with a destination host (or a redirect or directResponse).',
    },
  ],
  defaultSnippets: [
    {
      label: 'route by path prefix',
      description: 'Send requests whose path starts with a prefix to a Service.',
      body: {
        match: [{ uri: { prefix: '${1:/api}' } }],
        route: [{ destination: { host: '${2:api}', port: { number: '^${3:80}' } } }],
      },
    },
    {
      label: 'catch-all route',
      description: 'A last rule without match: everything else goes to one Service.',
      body: { route: [{ destination: { host: '${1:web}', port: { number: '^${2:80}' } } }] },
    },
    {
      label: 'weighted split (canary)',
      description: 'Split traffic between two subsets by weight.',
      body: {
        route: [
          { destination: { host: '${1:reviews}', subset: 'v1' }, weight: '^${2:90}' },
          { destination: { host: '${1:reviews}', subset: 'v2' }, weight: '^${3:10}' },
        ],
      },
    },
    {
      label: 'redirect',
      description: 'Answer with a redirect to another path.',
      body: { match: [{ uri: { exact: '${1:/old}' } }], redirect: { uri: '${2:/new}' } },
    },
  ],
};

const routeDestination = (markdown: string, withHeaders: boolean): Schema =>
  obj(
    {
      destination: ref('Destination'),
      weight: int(
        'Relative share of traffic for this destination when there are several, e.g. 90 and 10. Weights are relative and need not add up to 100; a destination without `weight` gets 0 when others have one.',
        { minimum: 0 },
      ),
      ...(withHeaders
        ? { headers: ref('Headers', 'Header changes only when this destination is chosen.') }
        : {}),
    },
    markdown,
    { required: ['destination'] },
  );

const l4Match = (sni: boolean): Schema =>
  obj(
    {
      ...(sni
        ? {
            sniHosts: list(
              str(),
              'Match the SNI (server name) the client sends in its TLS ClientHello, e.g. `app.example.com`. Must be within the VirtualService `hosts`. Required.',
              { minItems: 1 },
            ),
          }
        : {}),
      port: int('Match connections that arrived on this gateway Server port (e.g. 443 or 31400).', {
        minimum: 1,
        maximum: 65535,
      }),
      destinationSubnets: list(str(), 'Match the destination IP (CIDR), for sidecars.'),
      gateways: list(str(), 'Apply this match only on these gateways.'),
      sourceLabels: stringMap('Sidecar traffic only; no effect at an ingress gateway.'),
      sourceNamespace: str('Sidecar traffic only; no effect at an ingress gateway.'),
      ...(sni ? {} : { sourceSubnet: str('Deprecated.') }),
    },
    sni
      ? 'Conditions on a TLS connection: `sniHosts` (required) and optionally `port`.'
      : 'Conditions on a TCP connection, usually the `port`.',
    sni ? { required: ['sniHosts'] } : {},
  );

export const VIRTUAL_SERVICE_DEFINITIONS: Definitions = {
  VirtualService: istioObject(
    'VirtualService',
    'VirtualServiceSpec',
    'A **VirtualService** routes requests for its `hosts`: at the ingress gateway it applies when it names the Gateway in `gateways`. Rules are tried in order; the first match wins.',
  ),
  VirtualServiceSpec: obj(
    {
      hosts: list(
        str(undefined, { examples: ['app.example.com', '*.example.com', '*'] }),
        "The hosts this VirtualService routes, as clients address them (the Host header or SNI), e.g. `app.example.com`. For gateway traffic they must also match the Gateway server's `hosts` (IST0132), or the gateway ignores them.",
      ),
      gateways: list(
        str(undefined, { examples: ['istio-system/my-gateway', 'mesh'] }),
        'The Gateways these routes apply to: `name` (same namespace as this VirtualService) or `namespace/name`. A wrong name means the routes are not used at the gateway (IST0101). Without `gateways` the routes apply only to sidecars (`mesh`), not to the ingress gateway; list `mesh` too to keep both.',
      ),
      http: list(
        ref('HTTPRoute'),
        'Rules for HTTP, HTTPS (terminated), HTTP2 and GRPC servers. Tried in order; the first matching rule wins, so put specific rules before general ones.',
      ),
      tls: list(
        ref('TLSRoute'),
        'Rules for TLS traffic the gateway does **not** terminate (`tls.mode: PASSTHROUGH`), chosen by SNI.',
      ),
      tcp: list(
        ref('TCPRoute'),
        'Rules for TCP servers (and TLS servers whose TLS the gateway terminates), chosen by port.',
      ),
      exportTo: ref('ExportTo'),
    },
    'The hosts, the gateways it binds to, and `http`, `tls`, `tcp` rules.',
  ),
  HTTPRoute: httpRoute,
  HTTPMatchRequest: httpMatch,
  HTTPRouteDestination: routeDestination('A destination with an optional `weight` and `headers`.', true),
  RouteDestination: routeDestination('A destination with an optional `weight`.', false),
  HTTPRedirect: obj(
    {
      uri: str('Replace the path (the whole path, not just the matched prefix).'),
      authority: str('Replace the host, e.g. `new.example.com`.'),
      port: int('Replace the port.', { minimum: 1, maximum: 65535 }),
      derivePort: enumOf(
        {
          FROM_PROTOCOL_DEFAULT: '80 for http, 443 for https.',
          FROM_REQUEST_PORT: 'Keep the port of the request.',
        },
        'Set the port automatically instead of `port`.',
      ),
      scheme: str('Replace the scheme, e.g. `https`.', { examples: ['https', 'http'] }),
      redirectCode: int('Status code of the redirect. Default 301.', { examples: [301, 302, 307, 308] }),
    },
    'Answer with a redirect instead of forwarding. Cannot be combined with `route` or `directResponse`.',
    { extra: atMostOneOf(['port', 'derivePort']) },
  ),
  HTTPRewrite: obj(
    {
      uri: str(
        'Replace the part of the path matched by `uri.prefix` (or the whole path for `exact`). Example: match prefix `/api/`, rewrite uri `/` sends `/api/items` as `/items`. Common mistake: rewriting `/api` to `/` turns `/api/items` into `//items`.',
      ),
      authority: str('Replace the Host/authority header sent to the backend.'),
      uriRegexRewrite: obj(
        {
          match: str('RE2 regular expression to find in the path.'),
          rewrite: str('Replacement; `\\1` refers to capture groups.'),
        },
        'Rewrite the path with a regular expression. Use instead of `uri`.',
      ),
    },
    'Change the request (path, host) before forwarding it. The client does not see this.',
  ),
  HTTPDirectResponse: obj(
    {
      status: int('HTTP status to answer with, e.g. 200, 404, 503.', { minimum: 200, maximum: 599 }),
      body: obj(
        { string: str('Body text.'), bytes: str('Body as base64.') },
        'Response body: `string` or `bytes`.',
        { extra: atMostOneOf(['string', 'bytes']) },
      ),
    },
    'Answer directly from the gateway without contacting a backend.',
    { required: ['status'] },
  ),
  HTTPRetry: obj(
    {
      attempts: int(
        "How many retries (not counting the first try). Istio's default is 2 retries when `retries` is not set; `0` disables retries.",
        { minimum: 0 },
      ),
      perTryTimeout: duration('Timeout for each try, e.g. `2s`. Default: the route `timeout`.'),
      retryOn: str(
        'When to retry: a comma list of Envoy retry conditions. Istio default: `connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes`.',
        {
          examples: ['5xx', 'gateway-error,connect-failure,refused-stream', 'retriable-4xx'],
        },
      ),
      retryRemoteLocalities: bool('Allow retries to other localities.'),
      retryIgnorePreviousHosts: bool('Avoid hosts already tried. Default `true`.'),
      backoff: duration('Base wait between retries. Default 25ms.'),
    },
    'Retry policy for failed requests.',
  ),
  HTTPFaultInjection: obj(
    {
      delay: obj(
        {
          fixedDelay: duration('Delay to add, e.g. `5s`.'),
          exponentialDelay: duration('Not supported by Istio yet.'),
          percentage: ref('Percent', 'Share of requests to delay. Default: all.'),
          percent: int('Deprecated: use `percentage`.', { minimum: 0, maximum: 100 }),
        },
        'Delay requests before forwarding them.',
        { extra: atMostOneOf(['fixedDelay', 'exponentialDelay']) },
      ),
      abort: obj(
        {
          httpStatus: int('Status to answer with, e.g. 503.', { minimum: 200, maximum: 599 }),
          grpcStatus: str('gRPC status to answer with, e.g. `UNAVAILABLE`.'),
          http2Error: str('HTTP/2 error to reset with.'),
          percentage: ref('Percent', 'Share of requests to abort. Default: all.'),
        },
        'Answer some requests with an error instead of forwarding them.',
        { extra: atMostOneOf(['httpStatus', 'grpcStatus', 'http2Error']) },
      ),
    },
    'Inject faults (delays, aborts) to test resilience. Retries and timeouts of this rule do not apply to injected faults.',
  ),
  CorsPolicy: obj(
    {
      allowOrigins: list(
        ref('StringMatch'),
        'Origins allowed to call, e.g. `exact: https://app.example.com`.',
      ),
      allowOrigin: list(str(), 'Deprecated: use `allowOrigins`.'),
      allowMethods: list(str(), 'Allowed methods, e.g. `GET`, `POST`.'),
      allowHeaders: list(str(), 'Request headers the browser may send.'),
      exposeHeaders: list(str(), 'Response headers the browser may read.'),
      maxAge: duration('How long a browser may cache the preflight answer, e.g. `24h`.'),
      allowCredentials: bool('Allow cookies and credentials.'),
      unmatchedPreflights: enumOf(
        {
          UNSPECIFIED: 'Default (FORWARD).',
          FORWARD: 'Forward preflights from unknown origins to the backend.',
          IGNORE: 'Answer them at the gateway without CORS headers.',
        },
        'What to do with preflight requests from origins not allowed.',
      ),
    },
    'Cross-origin (CORS) policy, answered by Envoy.',
  ),
  TLSRoute: obj(
    {
      match: list(ref('TLSMatchAttributes'), 'When this rule applies; required. Usually `sniHosts`.', {
        minItems: 1,
      }),
      route: list(ref('RouteDestination'), 'Where to send the connection.'),
    },
    'A rule for passthrough TLS: `match` on SNI, `route` to a destination that serves TLS itself.',
    { required: ['match'] },
  ),
  TLSMatchAttributes: l4Match(true),
  TCPRoute: obj(
    {
      match: list(
        ref('L4MatchAttributes'),
        'When this rule applies, usually a `port`. Without `match`, it applies to all TCP traffic.',
      ),
      route: list(ref('RouteDestination'), 'Where to send the connection.'),
    },
    'A rule for TCP connections.',
  ),
  L4MatchAttributes: l4Match(false),
};
