// Istio's analyzer codes (pkg/config/analysis/msg/messages.yaml: names and levels as Istio has them) and
// Gateway Lab's own analyzer checks (GWL01xx). The site's "Diagnostic codes" page is generated from this
// table and src/sim/codes.ts, so every entry has a summary, a default fix and a YAML example.
import type { CodeInfo } from '../codes.ts';

const gw = (servers: string, meta = 'name: web\n  namespace: istio-system') =>
  `apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  ${meta}\nspec:\n  selector:\n    istio: ingressgateway\n  servers:\n${servers}`;

export const ANALYZER_CODES: CodeInfo[] = [
  {
    // Emitted by src/sim/simulate.ts when runAnalyzers throws.
    code: 'GWL0000',
    name: 'InternalError',
    level: 'Error',
    summary:
      'The analyzers stopped with an internal error, so the diagnostics are incomplete. This is a bug in Gateway Lab, not in your configuration.',
    fix: 'Report the configuration to the Gateway Lab maintainers; the simulation results are still shown.',
    example: '# No configuration should produce this code: it only appears when Gateway Lab itself fails.',
  },
  {
    code: 'IST0002',
    name: 'Deprecated',
    level: 'Warning',
    summary:
      "The configuration uses a deprecated or ignored field: a route's fault.delay.percent, which fault.delay.percentage replaces, or a Sidecar's outboundTrafficPolicy.egressProxy, which Istio ignores.",
    fix: 'Replace fault.delay.percent: N with fault.delay.percentage: {value: N}.',
    example:
      'http:\n- fault:\n    delay:\n      fixedDelay: 5s\n      percent: 50      # deprecated\n  route:\n  - destination:\n      host: reviews',
  },
  {
    code: 'IST0101',
    name: 'ReferencedResourceNotFound',
    level: 'Error',
    summary:
      "Something the object refers to does not exist: a Gateway selector that matches no pod, a credentialName Secret missing from the gateway pods' namespace, a gateway, a destination host or host:port, or a subset no DestinationRule defines.",
    fix: 'Create the referenced object where Istio looks for it, or correct the reference (the message says which kind and value).',
    example:
      'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: app\n  namespace: default\nspec:\n  hosts: ["app.example.com"]\n  gateways: ["web"]      # the Gateway is istio-system/web\n  http:\n  - route:\n    - destination:\n        host: app',
  },
  {
    code: 'IST0106',
    name: 'SchemaValidationError',
    level: 'Error',
    summary: "Istio's validating webhook rejects the object (kubectl apply fails with the same text).",
    fix: 'Correct the marked field as the message says.',
    example: gw(
      '  - port: {number: 443, name: https, protocol: HTTPS}\n    hosts: ["app.example.com"]\n    # no tls block: "server must have TLS settings for HTTPS/TLS protocols"',
    ),
  },
  {
    code: 'IST0109',
    name: 'ConflictingMeshGatewayVirtualServiceHosts',
    level: 'Error',
    summary:
      'Two VirtualServices bound to the mesh (sidecars) claim the same host; which one is used is undefined.',
    fix: 'Merge the VirtualServices for that host into one.',
    example:
      '# namespace foo\nspec:\n  hosts: ["ratings"]\n---\n# namespace bar\nspec:\n  hosts: ["ratings.foo.svc.cluster.local"]\n  gateways: ["mesh"]',
  },
  {
    code: 'IST0112',
    name: 'VirtualServiceDestinationPortSelectorRequired',
    level: 'Error',
    summary: 'A route goes to a Service with several ports without saying which one.',
    fix: 'Add port: {number: N} to the destination.',
    example: 'route:\n- destination:\n    host: api        # Service api has ports 80 and 9090\n',
  },
  {
    code: 'IST0116',
    name: 'DeploymentAssociatedToMultipleServices',
    level: 'Warning',
    summary:
      'Two Services select the pods of one mesh Deployment with the same port number but different protocols; the sidecar can serve only one protocol on that port.',
    fix: 'Use one protocol per port number across the Services that select these pods, or move one Service to another port.',
    example:
      '# namespace shop has istio-injection: enabled; both Services select app: api\napiVersion: v1\nkind: Service\nmetadata:\n  name: api-tcp\n  namespace: shop\nspec:\n  selector: {app: api}\n  ports:\n  - {port: 9080, name: tcp, protocol: TCP}\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: api-udp\n  namespace: shop\nspec:\n  selector: {app: api}\n  ports:\n  - {port: 9080, name: udp, protocol: UDP}',
  },
  {
    code: 'IST0118',
    name: 'PortNameIsNotUnderNamingConvention',
    level: 'Info',
    summary:
      'A Service port name does not say its protocol (http-…, grpc-…, tcp-…) and has no appProtocol, so Istio guesses.',
    fix: 'Name the port <protocol>[-<suffix>] or set appProtocol.',
    example:
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 8080        # unnamed',
  },
  {
    code: 'IST0128',
    name: 'NoServerCertificateVerificationDestinationLevel',
    level: 'Warning',
    summary:
      'A DestinationRule originates TLS (SIMPLE or MUTUAL) without caCertificates, so the server certificate is not verified.',
    fix: 'Set trafficPolicy.tls.caCertificates (or a credentialName Secret with ca.crt).',
    example: 'spec:\n  host: db.example.com\n  trafficPolicy:\n    tls:\n      mode: SIMPLE',
  },
  {
    code: 'IST0129',
    name: 'NoServerCertificateVerificationPortLevel',
    level: 'Warning',
    summary: 'Like IST0128, for one port in portLevelSettings.',
    fix: "Set caCertificates in that port's tls settings.",
    example: 'trafficPolicy:\n  portLevelSettings:\n  - port: {number: 443}\n    tls:\n      mode: SIMPLE',
  },
  {
    code: 'IST0130',
    name: 'VirtualServiceUnreachableRule',
    level: 'Warning',
    summary:
      'A VirtualService rule can never match: an earlier rule without match catches everything, or earlier rules take all its matches.',
    fix: 'Put specific rules first and a single catch-all (no match) last.',
    example:
      'http:\n- route:                 # catch-all first\n  - destination: {host: web}\n- match:\n  - uri: {prefix: /api}   # never used\n  route:\n  - destination: {host: api}',
  },
  {
    code: 'IST0131',
    name: 'VirtualServiceIneffectiveMatch',
    level: 'Info',
    summary:
      'A match is a duplicate of, or covered by, an earlier match (for example prefix /api before /api/v1).',
    fix: 'Order matches from most to least specific, or remove the duplicate.',
    example:
      'http:\n- match:\n  - uri: {prefix: /api}\n  route: [{destination: {host: a}}]\n- match:\n  - uri: {prefix: /api/v1}   # covered by /api\n  route: [{destination: {host: b}}]',
  },
  {
    code: 'IST0132',
    name: 'VirtualServiceHostNotFoundInGateway',
    level: 'Warning',
    summary:
      'None of the VirtualService hosts is among the hosts of a Gateway it binds to, so the gateway never uses it.',
    fix: "Make the VirtualService hosts and the Gateway's server hosts agree.",
    example:
      '# Gateway hosts: ["*.example.com"]\nspec:\n  hosts: ["app.example.org"]\n  gateways: ["istio-system/web"]',
  },
  {
    code: 'IST0133',
    name: 'SchemaWarning',
    level: 'Warning',
    summary: "Istio's validating webhook accepts the object with a warning (kubectl apply prints it).",
    fix: 'Change the marked field as the message says.',
    example: gw(
      '  - port: {number: 443, name: https, protocol: HTTPS}\n    hosts: ["app.example.com"]\n    tls:\n      httpsRedirect: true      # only meaningful on HTTP servers\n      mode: SIMPLE\n      credentialName: app-cert',
    ),
  },
  {
    code: 'IST0134',
    name: 'ServiceEntryAddressesRequired',
    level: 'Warning',
    summary:
      'A ServiceEntry port with TCP (or no) protocol has no addresses; plain TCP is matched by destination IP.',
    fix: 'Add spec.addresses, or declare an application protocol for the port.',
    example: 'spec:\n  hosts: ["db.example.com"]\n  ports:\n  - {number: 5432, name: tcp, protocol: TCP}',
  },
  {
    code: 'IST0137',
    name: 'DeploymentConflictingPorts',
    level: 'Warning',
    summary:
      'Two Services send traffic to the same targetPort of one mesh Deployment from different port numbers; Istio requires them to use the same port.',
    fix: 'Make the Services that target this container port use the same port number.',
    example:
      '# both Services select app: api in an injected namespace\nspec:\n  ports:\n  - {port: 9080, targetPort: 9080, name: http}   # Service api-a\n---\nspec:\n  ports:\n  - {port: 9090, targetPort: 9080, name: http}   # Service api-b',
  },
  {
    code: 'IST0138',
    name: 'GatewayDuplicateCertificate',
    level: 'Warning',
    summary:
      "Two Gateways use the same certificate (credentialName). Browsers reuse an HTTP/2 connection for every host the certificate covers, and the second Gateway's host then gets 404 from the first Gateway's route config.",
    fix: 'Serve the hosts from one Gateway (for example common/gateway with hosts *.sample.com) and have all VirtualServices reference it.',
    example: gw(
      '  - port: {number: 443, name: https, protocol: HTTPS}\n    hosts: ["a.sample.com"]\n    tls: {mode: SIMPLE, credentialName: star-sample-com}\n# ... and Gateway b/gateway with b.sample.com and the same credentialName',
      'name: gateway\n  namespace: a',
    ),
  },
  {
    code: 'IST0140',
    name: 'IngressRouteRulesNotAffected',
    level: 'Warning',
    summary:
      'An ingress route goes to a host without subset while a mesh VirtualService splits that host by subset; the split does not apply to ingress traffic.',
    fix: 'Set the subset (or weighted subsets) on the ingress route too.',
    example:
      '# gateway VirtualService\nroute:\n- destination: {host: ratings}\n# mesh VirtualService for ratings routes to subset v1',
  },
  {
    code: 'IST0145',
    name: 'ConflictingGateways',
    level: 'Error',
    summary:
      'Two Gateways on the same workload have a server on the same port with the same host; only one of them takes effect.',
    fix: 'Merge the servers into one Gateway, or use different hosts.',
    example:
      '# Gateway alpha and Gateway beta, both:\nselector: {istio: ingressgateway}\nservers:\n- port: {number: 80, name: http, protocol: HTTP}\n  hosts: ["foo.bar"]',
  },
  {
    code: 'IST0149',
    name: 'JwtClaimBasedRoutingWithoutRequestAuthN',
    level: 'Error',
    summary:
      'A VirtualService at a Gateway matches on a JWT claim (@request.auth.claims.…), but no RequestAuthentication applies to the gateway pods, so the claim is never there and the match never succeeds.',
    fix: 'Add a RequestAuthentication whose selector matches the gateway pods (in istio-system or their namespace).',
    example:
      'http:\n- match:\n  - headers:\n      "@request.auth.claims.group": {exact: admin}\n  route:\n  - destination: {host: admin}',
  },
  {
    code: 'IST0150',
    name: 'ExternalNameServiceTypeInvalidPortName',
    level: 'Warning',
    summary:
      'An ExternalName Service port has no protocol prefix (or is named just "tcp"), so the proxy may not forward its traffic correctly.',
    fix: 'Name the port after its protocol (http-…, https-…, tls-…) or set appProtocol.',
    example:
      'spec:\n  type: ExternalName\n  externalName: api.example.com\n  ports:\n  - {name: tcp, port: 443}',
  },
  {
    code: 'IST0161',
    name: 'InvalidGatewayCredential',
    level: 'Error',
    summary:
      'The credentialName Secret exists but is unusable: no tls.crt/tls.key (or cert/key) pair, a certificate that is not PEM X.509, or one outside its validity period. (The key is not checked; see GWL0107.)',
    fix: 'Recreate the Secret with kubectl create secret tls <name> --cert=<file> --key=<file> -n <gateway namespace>.',
    example:
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: app-cert\n  namespace: istio-system\nstringData:\n  tls.cert: ...      # the key must be tls.crt\n  tls.key: ...',
  },
  {
    code: 'IST0162',
    name: 'GatewayPortNotDefinedOnService',
    level: 'Warning',
    summary:
      'A Gateway server listens on a port that the Service in front of the gateway pods does not expose (as port or targetPort).',
    fix: 'Use a port the gateway Service exposes, or add the port to that Service.',
    example: gw('  - port: {number: 8888, name: http, protocol: HTTP}\n    hosts: ["*"]'),
  },
  {
    code: 'IST0165',
    name: 'ReferencedInternalGateway',
    level: 'Warning',
    summary:
      'A VirtualService references a Gateway that Istio generated from a Gateway API Gateway; its name is an implementation detail.',
    fix: 'Use an HTTPRoute with parentRefs to the Gateway API Gateway, or a Gateway you define yourself.',
    example: 'spec:\n  gateways: ["istio-ingress/gateway~istio-autogenerated-k8s-gateway~http"]',
  },
  {
    code: 'IST0173',
    name: 'DestinationRuleSubsetNotSelectPods',
    level: 'Error',
    summary:
      'A DestinationRule subset has labels no pod carries, so routes to it get 503 UH. (Istio checks all pods everywhere; see GWL0106.)',
    fix: "Use labels the Service's pods carry, or deploy pods with them.",
    example:
      'spec:\n  host: reviews\n  subsets:\n  - name: v3\n    labels: {version: v3}   # only v1 and v2 pods exist',
  },
  {
    code: 'IST0174',
    name: 'UnknownDestinationRuleHost',
    level: 'Warning',
    summary:
      'The DestinationRule host matches no Service or ServiceEntry visible to it, so the rule applies to nothing.',
    fix: 'Use the name of an existing Service (a short name means one in the same namespace) or a ServiceEntry host.',
    example: 'spec:\n  host: fake-svc.default.svc.cluster.local',
  },
  {
    code: 'IST0177',
    name: 'ConflictingServiceEntryProtocol',
    level: 'Warning',
    summary: 'Several ServiceEntries define the same host and port with different protocols.',
    fix: 'Declare one protocol for the host and port everywhere, or merge the ServiceEntries.',
    example:
      '# ServiceEntry a: example.com port 443 protocol HTTPS\n# ServiceEntry b: example.com port 443 protocol TLS',
  },
  // ---------------------------------------------------------------------------------------------
  // Gateway Lab's own checks: pitfalls Istio does not report.
  {
    code: 'GWL0101',
    name: 'CertificateSharedAcrossGateways',
    level: 'Warning',
    summary:
      "Two Gateways on the same gateway pods use DIFFERENT Secrets whose certificates cover each other's hosts (for example the same wildcard certificate stored twice). IST0138 only compares credentialName strings and misses it, but browsers reuse the HTTP/2 connection all the same and get 404.",
    fix: 'Serve the hosts from one Gateway referenced by all their VirtualServices, or give each Gateway a certificate that names only its own hosts.',
    example: gw(
      '  - port: {number: 443, name: https, protocol: HTTPS}\n    hosts: ["a.sample.com"]\n    tls: {mode: SIMPLE, credentialName: a-wildcard}   # *.sample.com\n# Gateway b/gateway: b.sample.com with credentialName b-wildcard, also *.sample.com',
      'name: gateway\n  namespace: a',
    ),
  },
  {
    code: 'GWL0102',
    name: 'VirtualServiceNotBoundToGateway',
    level: 'Warning',
    summary:
      'A VirtualService for an external host name has no gateways field, so it applies only to sidecars (the mesh gateway); the ingress gateway ignores it and answers 404.',
    fix: 'Add gateways: [<namespace>/<gateway>] (and mesh, if sidecars should use it too).',
    example:
      'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: app\nspec:\n  hosts: ["app.example.com"]\n  # gateways: [istio-system/web] is missing\n  http:\n  - route:\n    - destination: {host: app}',
  },
  {
    code: 'GWL0103',
    name: 'TlsModeMissing',
    level: 'Warning',
    summary:
      'An HTTPS or TLS server has a tls block without mode. The default is PASSTHROUGH: the gateway forwards the encrypted stream by SNI and no http route applies.',
    fix: 'Write the mode: SIMPLE with a credentialName to terminate TLS at the gateway, or PASSTHROUGH with a tls route.',
    example: gw(
      '  - port: {number: 443, name: https, protocol: HTTPS}\n    hosts: ["app.example.com"]\n    tls: {}',
    ),
  },
  {
    code: 'GWL0104',
    name: 'CertificateIgnoredWithoutTlsMode',
    level: 'Warning',
    summary:
      'An HTTPS server names a credentialName but no mode, so the mode is PASSTHROUGH and the certificate is ignored: clients never see it and http routes do not apply.',
    fix: 'Add mode: SIMPLE (or MUTUAL) to the tls block.',
    example: gw(
      '  - port: {number: 443, name: https, protocol: HTTPS}\n    hosts: ["app.example.com"]\n    tls:\n      credentialName: app-cert   # no mode',
    ),
  },
  {
    code: 'GWL0105',
    name: 'DestinationNotVisibleToGateway',
    level: 'Error',
    summary:
      "A route destination exists for the VirtualService's namespace but is not exported to the gateway pods' namespace (networking.istio.io/exportTo), so the gateway has no cluster and answers 503 NC. IST0101 looks from the VirtualService's namespace and misses it.",
    fix: "Export the Service (or ServiceEntry) to the gateway's namespace as well, or remove the exportTo restriction.",
    example:
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: webapp\n  namespace: a\n  annotations:\n    networking.istio.io/exportTo: "."   # istio-system cannot see it\nspec:\n  selector: {app: webapp}\n  ports:\n  - {name: http, port: 80}',
  },
  {
    code: 'GWL0106',
    name: 'SubsetSelectsNoPodsOfService',
    level: 'Error',
    summary:
      "A DestinationRule subset's labels match pods somewhere, but none of the pods behind the DestinationRule's own Service, so the subset is empty and requests routed to it get 503 UH. IST0173 only checks all pods everywhere.",
    fix: "Use labels that the Service's pods carry, or label those pods.",
    example:
      'spec:\n  host: reviews\n  subsets:\n  - name: v2\n    labels: {version: v2}   # only the ratings pods have version: v2',
  },
  {
    code: 'GWL0107',
    name: 'SecretKeyMismatch',
    level: 'Error',
    summary:
      "A gateway credential Secret's private key does not belong to its certificate (or cannot be read). IST0161 does not check the key; Envoy rejects the pair and TLS handshakes fail.",
    fix: 'Store the certificate together with the key it was issued for (kubectl create secret tls <name> --cert=<file> --key=<file>).',
    example:
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: app-cert\n  namespace: istio-system\ntype: kubernetes.io/tls\nstringData:\n  tls.crt: <certificate for app.example.com>\n  tls.key: <a key from another certificate>',
  },
  {
    code: 'GWL0108',
    name: 'MutualTlsWithoutClientCa',
    level: 'Error',
    summary:
      'A MUTUAL (or OPTIONAL_MUTUAL) server uses a credential without a CA for client certificates: no ca.crt in the Secret and no <name>-cacert Secret. The gateway cannot verify clients and the handshakes fail.',
    fix: 'Add ca.crt to the Secret (a generic Secret with tls.crt, tls.key and ca.crt), or create Secret <name>-cacert.',
    example: gw(
      '  - port: {number: 443, name: https, protocol: HTTPS}\n    hosts: ["app.example.com"]\n    tls:\n      mode: MUTUAL\n      credentialName: app-cert   # Secret without ca.crt',
    ),
  },
];
