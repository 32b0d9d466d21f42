// JSON Schemas (draft-07) for every kind the simulator reads, from one source:
// - schemaFor(group, kind): one kind's schema, compiled by ajv in ../validate.ts (IST0106 / GWL0007);
// - editorSchema(): one combined schema for monaco-yaml, dispatching on apiVersion + kind with if/then so
//   completion, hover and validation work per document of a multi-document YAML file.
import type { Definitions, Schema } from './common.ts';
import { COMMON_DEFINITIONS, DRAFT_07, doc } from './common.ts';
import { APPS_DEFINITIONS } from './apps.ts';
import { CORE_DEFINITIONS } from './core.ts';
import { DESTINATION_RULE_DEFINITIONS } from './destination-rule.ts';
import { GATEWAY_DEFINITIONS } from './gateway.ts';
import { INGRESS_DEFINITIONS } from './ingress.ts';
import { ISTIO_API_VERSIONS, ISTIO_COMMON_DEFINITIONS } from './istio-common.ts';
import { SERVICE_ENTRY_DEFINITIONS } from './service-entry.ts';
import { VIRTUAL_SERVICE_DEFINITIONS } from './virtual-service.ts';

export type { Schema } from './common.ts';

export interface SchemaKind {
  group: string;
  kind: string;
  /** apiVersion values that select this schema. */
  apiVersions: string[];
  /** Name of its entry in DEFINITIONS. */
  definition: string;
  /** One line for the editor's `kind` completion. */
  summary: string;
}

export const SCHEMA_KINDS: SchemaKind[] = [
  {
    group: 'networking.istio.io',
    kind: 'Gateway',
    apiVersions: ISTIO_API_VERSIONS,
    definition: 'Gateway',
    summary: 'Istio Gateway: ports, hosts and TLS of the ingress gateway.',
  },
  {
    group: 'networking.istio.io',
    kind: 'VirtualService',
    apiVersions: ISTIO_API_VERSIONS,
    definition: 'VirtualService',
    summary: 'Istio VirtualService: routing rules for hosts.',
  },
  {
    group: 'networking.istio.io',
    kind: 'DestinationRule',
    apiVersions: ISTIO_API_VERSIONS,
    definition: 'DestinationRule',
    summary: 'Istio DestinationRule: subsets and traffic policy of a host.',
  },
  {
    group: 'networking.istio.io',
    kind: 'ServiceEntry',
    apiVersions: ISTIO_API_VERSIONS,
    definition: 'ServiceEntry',
    summary: 'Istio ServiceEntry: adds a host to the service registry.',
  },
  {
    group: '',
    kind: 'Namespace',
    apiVersions: ['v1'],
    definition: 'Namespace',
    summary: 'Kubernetes Namespace.',
  },
  { group: '', kind: 'Service', apiVersions: ['v1'], definition: 'Service', summary: 'Kubernetes Service.' },
  { group: '', kind: 'Pod', apiVersions: ['v1'], definition: 'Pod', summary: 'Kubernetes Pod.' },
  {
    group: '',
    kind: 'Secret',
    apiVersions: ['v1'],
    definition: 'Secret',
    summary: 'Kubernetes Secret (TLS certificates).',
  },
  {
    group: '',
    kind: 'ConfigMap',
    apiVersions: ['v1'],
    definition: 'ConfigMap',
    summary: 'Kubernetes ConfigMap.',
  },
  {
    group: 'apps',
    kind: 'Deployment',
    apiVersions: ['apps/v1'],
    definition: 'Deployment',
    summary: 'Kubernetes Deployment.',
  },
  {
    group: 'networking.k8s.io',
    kind: 'Ingress',
    apiVersions: ['networking.k8s.io/v1'],
    definition: 'Ingress',
    summary: 'Kubernetes Ingress.',
  },
];

/** Every shared sub-schema and kind schema, by name; `#/definitions/<name>` refers to them. */
export const DEFINITIONS: Definitions = {
  ...COMMON_DEFINITIONS,
  ...ISTIO_COMMON_DEFINITIONS,
  ...GATEWAY_DEFINITIONS,
  ...VIRTUAL_SERVICE_DEFINITIONS,
  ...DESTINATION_RULE_DEFINITIONS,
  ...SERVICE_ENTRY_DEFINITIONS,
  ...CORE_DEFINITIONS,
  ...APPS_DEFINITIONS,
  ...INGRESS_DEFINITIONS,
};

const schemaCache = new Map<string, Schema>();

/**
 * The JSON Schema for one kind (the same for every served apiVersion of it), or null for a kind the
 * simulator does not model. Self-contained: it carries the definitions it refers to.
 */
export function schemaFor(group: string, kind: string): Schema | null {
  const entry = SCHEMA_KINDS.find((k) => k.group === group && k.kind === kind);
  if (!entry) return null;
  let schema = schemaCache.get(entry.definition);
  if (!schema) {
    schema = { $schema: DRAFT_07, definitions: DEFINITIONS, $ref: `#/definitions/${entry.definition}` };
    schemaCache.set(entry.definition, schema);
  }
  return schema;
}

/** The schema-tree node for a definition name (for tools that walk the schema, such as validate.ts). */
export function definition(name: string): Schema | null {
  return DEFINITIONS[name] ?? null;
}

const DOCUMENT_SNIPPETS = [
  {
    label: 'Gateway (HTTPS)',
    description: 'An Istio Gateway serving one host over HTTPS on the default ingress gateway.',
    body: {
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
      metadata: { name: '${1:app-gateway}', namespace: '${2:default}' },
      spec: {
        selector: { istio: 'ingressgateway' },
        servers: [
          {
            port: { number: '^443', name: 'https', protocol: 'HTTPS' },
            hosts: ['${3:app.example.com}'],
            tls: { mode: 'SIMPLE', credentialName: '${4:app-example-com-tls}' },
          },
        ],
      },
    },
  },
  {
    label: 'VirtualService',
    description: 'Routes a host on a Gateway to a Service.',
    body: {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: '${1:app}', namespace: '${2:default}' },
      spec: {
        hosts: ['${3:app.example.com}'],
        gateways: ['${4:app-gateway}'],
        http: [{ route: [{ destination: { host: '${5:web}', port: { number: '^${6:80}' } } }] }],
      },
    },
  },
  {
    label: 'DestinationRule (subsets)',
    description: 'Two subsets of a Service by version label.',
    body: {
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: '${1:reviews}', namespace: '${2:default}' },
      spec: {
        host: '${1:reviews}',
        subsets: [
          { name: 'v1', labels: { version: 'v1' } },
          { name: 'v2', labels: { version: 'v2' } },
        ],
      },
    },
  },
  {
    label: 'Secret (TLS certificate)',
    description: 'A kubernetes.io/tls Secret for a Gateway credentialName, in the gateway namespace.',
    body: {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: '${1:app-example-com-tls}', namespace: 'istio-system' },
      type: 'kubernetes.io/tls',
      stringData: { 'tls.crt': '${2:PEM certificate}', 'tls.key': '${3:PEM private key}' },
    },
  },
];

let editorSchemaCache: Schema | null = null;

/**
 * One schema for monaco-yaml (yaml-language-server validates each document of a file against it). It
 * dispatches on apiVersion + kind with if/then; `apiVersion` and `kind` complete to the supported values
 * but accept others (an unsupported kind is the simulator's GWL0002 warning, not an editor error).
 */
export function editorSchema(): Schema {
  if (editorSchemaCache) return editorSchemaCache;
  const apiVersions = [...new Set(SCHEMA_KINDS.flatMap((k) => k.apiVersions))];
  const kinds = SCHEMA_KINDS.map((k) => k.kind);
  const dispatch: Schema = {
    type: 'object',
    ...doc('A Kubernetes object: `apiVersion`, `kind`, `metadata`, and its `spec`.'),
    properties: {
      apiVersion: {
        type: 'string',
        ...doc(
          'The API group and version, e.g. `networking.istio.io/v1` for Istio, `v1` for core Kubernetes kinds.',
        ),
        anyOf: [{ enum: apiVersions }, { type: 'string' }],
      },
      kind: {
        type: 'string',
        ...doc('The kind of object. Gateway Lab simulates the kinds offered in completion.'),
        anyOf: [
          {
            enum: [...kinds, 'List'],
            enumDescriptions: [...SCHEMA_KINDS.map((k) => k.summary), 'A list of objects under `items`.'],
          },
          { type: 'string' },
        ],
      },
    },
    required: ['apiVersion', 'kind'],
    allOf: [
      ...SCHEMA_KINDS.map((k) => ({
        if: {
          properties: {
            apiVersion: { enum: k.apiVersions, doNotSuggest: true },
            kind: { const: k.kind, doNotSuggest: true },
          },
          required: ['apiVersion', 'kind'],
        },
        then: { $ref: `#/definitions/${k.definition}` },
      })),
      {
        if: { properties: { kind: { const: 'List', doNotSuggest: true } }, required: ['kind'] },
        then: {
          properties: { items: { type: 'array', items: { $ref: '#/definitions/KubernetesObject' } } },
        },
      },
    ],
    defaultSnippets: DOCUMENT_SNIPPETS,
  };
  editorSchemaCache = {
    $schema: DRAFT_07,
    definitions: { ...DEFINITIONS, KubernetesObject: dispatch },
    ...dispatch,
  };
  return editorSchemaCache;
}
