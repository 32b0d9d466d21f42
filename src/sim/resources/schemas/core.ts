// Core Kubernetes kinds (apiVersion v1) the simulator reads: Namespace, Service, Pod, Secret, ConfigMap.
// Minimal on purpose: the fields the simulator uses are typed and explained; other real fields are listed
// as "any value" so they are neither errors nor unknown-field warnings. Enums follow the Kubernetes API
// (case-sensitive, as the API server checks them).
import type { Definitions, Schema } from './common.ts';
import { anything, bool, doc, enumOf, int, list, obj, portNumber, ref, str, stringMap } from './common.ts';

function coreObject(
  kind: string,
  markdown: string,
  body: Record<string, Schema>,
  required: string[] = [],
): Schema {
  return obj(
    {
      apiVersion: { type: 'string', enum: ['v1'], ...doc('Always `v1` for core Kubernetes kinds.') },
      kind: { type: 'string', const: kind, ...doc(`Always \`${kind}\`.`) },
      metadata: ref('ObjectMeta'),
      ...body,
    },
    markdown,
    { required: ['apiVersion', 'kind', 'metadata', ...required] },
  );
}

/**
 * Secret `data` values are base64 (the API server decodes them with Go's base64, which skips line breaks).
 * Plain text belongs in `stringData`.
 */
const BASE64_PATTERN = '^[A-Za-z0-9+/\\r\\n]*={0,2}[\\r\\n]*$';

const SECRET_KEYS: Record<string, string> = {
  'tls.crt': 'The certificate chain (PEM), server certificate first. Used by Gateway `credentialName`.',
  'tls.key': 'The private key (PEM) of the certificate in `tls.crt`.',
  'ca.crt': 'CA certificate(s) (PEM) used to verify **client** certificates for `tls.mode: MUTUAL`.',
  cert: 'Generic-Secret form of the certificate chain (PEM), instead of `tls.crt`.',
  key: 'Generic-Secret form of the private key (PEM), instead of `tls.key`.',
  cacert:
    'Generic-Secret form of the client CA (PEM), instead of `ca.crt`; also the key of a separate `<name>-cacert` Secret.',
  'ca.crl': 'Certificate revocation list (PEM) for client certificates.',
};

function secretData(markdown: string, base64: boolean): Schema {
  const value: Schema = base64
    ? {
        type: 'string',
        pattern: BASE64_PATTERN,
        patternErrorMessage:
          'data values must be base64; put plain text (such as PEM) under stringData instead.',
        'x-format': 'base64',
      }
    : { type: 'string' };
  const properties: Record<string, Schema> = {};
  for (const [key, note] of Object.entries(SECRET_KEYS)) properties[key] = { ...value, ...doc(note) };
  // Open map: any key is allowed (it is data, not a field), so no unknown-field warnings here.
  return { type: 'object', ...doc(markdown), properties, additionalProperties: value };
}

const containerPort = obj(
  {
    containerPort: portNumber(
      'The port the container listens on, e.g. 8080. A Service `targetPort` points here.',
    ),
    name: str('Optional name; a Service `targetPort` may refer to it.'),
    protocol: enumOf({ TCP: 'TCP (default).', UDP: 'UDP.', SCTP: 'SCTP.' }, 'Default TCP. Upper case.'),
    hostPort: portNumber("Expose on the node's port (rarely needed)."),
    hostIP: str(),
  },
  'A port the container listens on. Informational for Kubernetes; Istio uses the Service ports.',
  { required: ['containerPort'] },
);

const CONTAINER_EXTRA = [
  'command',
  'args',
  'env',
  'envFrom',
  'resources',
  'resizePolicy',
  'restartPolicy',
  'volumeMounts',
  'volumeDevices',
  'livenessProbe',
  'readinessProbe',
  'startupProbe',
  'lifecycle',
  'terminationMessagePath',
  'terminationMessagePolicy',
  'imagePullPolicy',
  'securityContext',
  'stdin',
  'stdinOnce',
  'tty',
  'workingDir',
];

const POD_SPEC_EXTRA = [
  'activeDeadlineSeconds',
  'affinity',
  'automountServiceAccountToken',
  'dnsConfig',
  'dnsPolicy',
  'enableServiceLinks',
  'ephemeralContainers',
  'hostAliases',
  'hostIPC',
  'hostNetwork',
  'hostPID',
  'hostUsers',
  'hostname',
  'imagePullSecrets',
  'initContainers',
  'nodeSelector',
  'os',
  'overhead',
  'preemptionPolicy',
  'priority',
  'priorityClassName',
  'readinessGates',
  'resourceClaims',
  'resources',
  'restartPolicy',
  'runtimeClassName',
  'schedulerName',
  'schedulingGates',
  'securityContext',
  'serviceAccount',
  'serviceAccountName',
  'setHostnameAsFQDN',
  'shareProcessNamespace',
  'subdomain',
  'terminationGracePeriodSeconds',
  'tolerations',
  'topologySpreadConstraints',
  'volumes',
];

function known(names: string[]): Record<string, Schema> {
  return Object.fromEntries(names.map((n) => [n, anything()]));
}

export const CORE_DEFINITIONS: Definitions = {
  Namespace: coreObject(
    'Namespace',
    'A **Namespace** groups objects. Label it `istio-injection: enabled` to get sidecars in its pods.',
    {
      spec: obj({ finalizers: list(str()) }),
      status: { type: 'object' },
    },
  ),
  Service: coreObject(
    'Service',
    'A Kubernetes **Service**: a stable name and ports in front of the pods its `selector` picks. Istio routes to Services by host name (`name.namespace.svc.cluster.local`), and the port names tell Istio the protocol.',
    {
      spec: ref('ServiceSpec'),
      status: obj(
        {
          loadBalancer: obj(
            {
              ingress: list(
                obj(
                  {
                    ip: str(
                      'External IP of the load balancer: the address clients (and DNS) use to reach the gateway.',
                    ),
                    hostname: str('External host name of the load balancer (some clouds).'),
                    ipMode: str(),
                    ports: list({ type: 'object' }),
                  },
                  undefined,
                  { open: true },
                ),
                'Addresses of the external load balancer.',
              ),
            },
            'Set by the cloud for `type: LoadBalancer`.',
          ),
          conditions: list({ type: 'object' }),
        },
        'Written by Kubernetes. For the gateway Service, `loadBalancer.ingress[0].ip` is its external address.',
      ),
    },
  ),
  ServiceSpec: obj(
    {
      type: enumOf(
        {
          ClusterIP: 'Reachable inside the cluster only (default).',
          NodePort: 'Also on a port of every node.',
          LoadBalancer:
            'Also through a cloud load balancer with an external IP; the ingress gateway Service is usually this type.',
          ExternalName: 'A DNS alias (CNAME) for `externalName`; no pods.',
        },
        'How the Service is exposed. Default `ClusterIP`. Case-sensitive.',
      ),
      selector: stringMap(
        "Pods with all these labels are the Service's endpoints, e.g. `app: web`. If no pod matches, requests get 503 (no healthy upstream). Must match the pod **template** labels of the Deployment.",
      ),
      ports: list(ref('ServicePortSpec'), 'The ports the Service exposes.'),
      externalName: str('For `type: ExternalName`: the DNS name this Service aliases.'),
      clusterIP: str('The cluster IP; `None` makes a headless Service.'),
      ...known([
        'clusterIPs',
        'externalIPs',
        'externalTrafficPolicy',
        'internalTrafficPolicy',
        'healthCheckNodePort',
        'loadBalancerIP',
        'loadBalancerSourceRanges',
        'loadBalancerClass',
        'allocateLoadBalancerNodePorts',
        'sessionAffinity',
        'sessionAffinityConfig',
        'ipFamilies',
        'ipFamilyPolicy',
        'publishNotReadyAddresses',
        'trafficDistribution',
      ]),
    },
    "The Service's `type`, `selector` and `ports`.",
  ),
  ServicePortSpec: obj(
    {
      port: portNumber(
        'The Service port clients (and VirtualService `destination.port.number`) use, e.g. 80.',
      ),
      targetPort: ref(
        'IntOrString',
        'The container port traffic is sent to (a number like `8080` or a container port name). Default: same as `port`. For the ingress gateway Service, this is the port Envoy listens on (443 → 8443).',
      ),
      name: str(
        'Port name. Istio reads the protocol from its prefix: `http`, `http-web`, `https-…`, `grpc-…`, `tcp-…`, `tls-…`. A name like `web` gives plain TCP and an IST0118 note. Required when there are several ports.',
        { examples: ['http', 'https', 'http2', 'grpc', 'tcp', 'tls'] },
      ),
      // Kubernetes accepts only TCP, UDP and SCTP here, but Istio's own analyzer fixtures use `protocol: HTTP`
      // and istioctl does not schema-check Services, so any string is accepted; completion offers the three.
      protocol: {
        type: 'string',
        ...doc(
          'Transport protocol: `TCP` (default), `UDP` or `SCTP`, in capitals. Not the application protocol: Istio reads that from the port `name` or `appProtocol`.',
        ),
        anyOf: [enumOf({ TCP: 'TCP (default).', UDP: 'UDP.', SCTP: 'SCTP.' }), { type: 'string' }],
      },
      appProtocol: str(
        'Application protocol; Istio prefers it over the port name, e.g. `http`, `https`, `grpc`, `tcp`, `tls`.',
        {
          examples: ['http', 'http2', 'https', 'grpc', 'tcp', 'tls', 'kubernetes.io/h2c'],
        },
      ),
      nodePort: int('For NodePort/LoadBalancer: the port on each node (30000-32767).', {
        minimum: 1,
        maximum: 65535,
      }),
    },
    'A Service port: `port`, `targetPort`, `name` (which tells Istio the protocol) and `protocol`.',
    { required: ['port'] },
  ),
  Pod: coreObject(
    'Pod',
    'A **Pod** runs containers. Usually created by a Deployment; its `labels` are what Service, Gateway and DestinationRule selectors match.',
    {
      spec: ref('PodSpec'),
      status: obj(
        {
          phase: enumOf(
            {
              Pending: 'Not running yet.',
              Running: 'Running.',
              Succeeded: 'All containers exited successfully.',
              Failed: 'A container failed.',
              Unknown: 'State unknown.',
            },
            'Lifecycle phase; only Running pods receive traffic.',
          ),
          podIP: str("The pod's IP address."),
          podIPs: list(obj({ ip: str() })),
          hostIP: str(),
        },
        'Written by Kubernetes.',
        { open: true },
      ),
    },
  ),
  PodSpec: obj(
    {
      containers: list(ref('Container'), 'The containers of the pod.', { minItems: 1 }),
      nodeName: str('The node the pod runs on.'),
      ...known(POD_SPEC_EXTRA),
    },
    'What the pod runs.',
    { required: ['containers'] },
  ),
  Container: obj(
    {
      name: str("Container name, unique in the pod. Istio's sidecar is `istio-proxy`."),
      image: str('Container image, e.g. `nginx:1.27`.'),
      ports: list(containerPort, 'Ports the container listens on.'),
      ...known(CONTAINER_EXTRA),
    },
    'A container.',
    { required: ['name'] },
  ),
  Secret: coreObject(
    'Secret',
    "A **Secret** holds keys and certificates. A Gateway `credentialName` names a Secret in the **gateway pod's namespace** with `tls.crt` and `tls.key` (and `ca.crt` for MUTUAL).",
    {
      type: str(
        'The Secret type. For gateway certificates use `kubernetes.io/tls` (keys `tls.crt`, `tls.key`) or `Opaque` (`tls.crt`/`tls.key` or `cert`/`key`).',
        { examples: ['kubernetes.io/tls', 'Opaque'] },
      ),
      data: secretData(
        'Keys with **base64-encoded** values. Common mistake: pasting PEM text here; use `stringData` for plain text.',
        true,
      ),
      stringData: secretData(
        'Keys with plain-text values (such as PEM certificates), merged into `data` by the API server.',
        false,
      ),
      immutable: bool('If true, the data cannot be changed.'),
    },
  ),
  ConfigMap: coreObject('ConfigMap', 'A **ConfigMap** holds non-secret configuration as key/value strings.', {
    data: stringMap('Plain-text values.'),
    binaryData: stringMap('Base64 values.'),
    immutable: bool(),
  }),
};
