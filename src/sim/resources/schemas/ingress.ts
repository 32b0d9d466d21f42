// networking.k8s.io/v1 Ingress: Istio can serve Kubernetes Ingress objects (ingress class `istio`). Fields
// follow the Kubernetes API; backends need exactly one of `service` or `resource`.
import type { Definitions } from './common.ts';
import { atMostOneOf, doc, enumOf, int, list, obj, ref, str } from './common.ts';

export const INGRESS_DEFINITIONS: Definitions = {
  Ingress: obj(
    {
      apiVersion: {
        type: 'string',
        enum: ['networking.k8s.io/v1'],
        ...doc('Always `networking.k8s.io/v1`.'),
      },
      kind: { type: 'string', const: 'Ingress', ...doc('Always `Ingress`.') },
      metadata: ref('ObjectMeta'),
      spec: ref('IngressSpec'),
      status: { type: 'object', ...doc('Written by the ingress controller.') },
    },
    "A Kubernetes **Ingress**. Istio serves it when `ingressClassName: istio` (or the `kubernetes.io/ingress.class: istio` annotation); Istio's own Gateway + VirtualService offer much more.",
    { required: ['apiVersion', 'kind', 'metadata'] },
  ),
  IngressSpec: obj(
    {
      ingressClassName: str('Which controller serves this Ingress; `istio` for Istio.', {
        examples: ['istio'],
      }),
      defaultBackend: ref('IngressBackend', 'Where requests that match no rule go.'),
      rules: list(
        obj(
          {
            host: str(
              'Host name this rule applies to, e.g. `app.example.com` (`*.example.com` allowed). Omitted: any host.',
            ),
            http: obj(
              {
                paths: list(
                  obj(
                    {
                      path: str('The path, starting with `/`.'),
                      pathType: enumOf(
                        {
                          Prefix:
                            'Path prefix by whole segments: `/api` matches `/api` and `/api/x`, not `/apix`.',
                          Exact: 'Exactly this path.',
                          ImplementationSpecific: 'Up to the controller (Istio treats it as a prefix).',
                        },
                        'How `path` is matched. Required.',
                      ),
                      backend: ref('IngressBackend'),
                    },
                    undefined,
                    { required: ['pathType', 'backend'] },
                  ),
                  'Paths and their backends.',
                  { minItems: 1 },
                ),
              },
              'HTTP paths.',
              { required: ['paths'] },
            ),
          },
          'Routes for one host.',
        ),
        'The routing rules.',
      ),
      tls: list(
        obj(
          {
            hosts: list(str(), 'Hosts covered by the certificate.'),
            secretName: str(
              "Secret with `tls.crt` and `tls.key`; with Istio it must be in the gateway pod's namespace.",
            ),
          },
          'TLS for some hosts.',
        ),
        'TLS termination.',
      ),
    },
    'Rules mapping hosts and paths to Services, and TLS.',
  ),
  IngressBackend: obj(
    {
      service: obj(
        {
          name: str('The Service name (same namespace as the Ingress).'),
          port: obj(
            {
              number: int('Service port number.', { minimum: 1, maximum: 65535 }),
              name: str('Service port name.'),
            },
            'The Service port: `number` or `name`.',
            { extra: atMostOneOf(['number', 'name']) },
          ),
        },
        'A Service backend.',
        { required: ['name'] },
      ),
      resource: { type: 'object', ...doc('A resource backend (not a Service).') },
    },
    'Where matching requests go: a `service` (name and port).',
    { extra: atMostOneOf(['service', 'resource']) },
  ),
};
