// apps/v1 Deployment: the simulator reads `replicas` and the pod template's labels and ports (a Deployment
// stands for `replicas` Pods, contract clarification 4). Other real fields are accepted as any value.
import type { Definitions } from './common.ts';
import { anything, doc, int, obj, ref } from './common.ts';

export const APPS_DEFINITIONS: Definitions = {
  Deployment: obj(
    {
      apiVersion: { type: 'string', enum: ['apps/v1'], ...doc('Always `apps/v1`.') },
      kind: { type: 'string', const: 'Deployment', ...doc('Always `Deployment`.') },
      metadata: ref('ObjectMeta'),
      spec: ref('DeploymentSpec'),
      status: { type: 'object', ...doc('Written by Kubernetes.') },
    },
    "A **Deployment** runs `replicas` copies of a pod template. Services (and Gateway selectors, for the ingress gateway itself) find its pods by the template's labels.",
    { required: ['apiVersion', 'kind', 'metadata'] },
  ),
  DeploymentSpec: obj(
    {
      replicas: int(
        'Number of pods. Default 1; with 0 a Service has no endpoints and requests get 503 (UH).',
        {
          minimum: 0,
        },
      ),
      selector: ref(
        'LabelSelector',
        'Which pods belong to this Deployment: `matchLabels` must be a subset of `template.metadata.labels`. Required by apps/v1.',
      ),
      template: obj(
        {
          metadata: obj(
            {
              labels: ref(
                'Labels',
                "Labels every pod gets. A Service `selector` must match these (not the Deployment's own metadata labels).",
              ),
              annotations: ref('Annotations'),
              name: anything(),
              namespace: anything(),
              creationTimestamp: anything(),
            },
            'Metadata of the pods: their `labels` and `annotations`.',
          ),
          spec: ref('PodSpec'),
        },
        'The pod template: `metadata.labels` and `spec.containers`.',
        { required: ['spec'] },
      ),
      strategy: anything('Rollout strategy (RollingUpdate or Recreate).'),
      minReadySeconds: int(),
      revisionHistoryLimit: int(),
      progressDeadlineSeconds: int(),
      paused: anything(),
    },
    'The pod `template`, how many `replicas`, and the `selector` that ties them together.',
    { required: ['selector', 'template'] },
  ),
};
