// Building blocks for the JSON Schemas (draft-07) of the kinds the simulator reads. The same objects feed
// two consumers: ajv in the simulator (IST0106 / GWL0007 diagnostics, see ../validate.ts) and monaco-yaml in
// the workbench (completion, hover, validation). So besides standard keywords they carry the editor's
// extensions, which ajv ignores (strict: false):
//   markdownDescription, enumDescriptions / markdownEnumDescriptions, defaultSnippets, errorMessage,
//   patternErrorMessage (vscode-json-languageservice and yaml-language-server read these).
// Every shared sub-schema lives in one `definitions` table and is used through `ref(name)`, so one
// `#/definitions/...` pointer works both in a single kind's schema and in the combined editor schema.

export type Schema = Record<string, unknown>;
export type Definitions = Record<string, Schema>;

export const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';

/** `{ $ref }` to a shared definition, optionally with a description for this use of it. */
export function ref(name: string, markdown?: string): Schema {
  return markdown ? { $ref: `#/definitions/${name}`, ...doc(markdown) } : { $ref: `#/definitions/${name}` };
}

/**
 * Hover text: `markdownDescription` for the editor, and a plain `description` (backticks and link
 * syntax removed) for tools that show text only.
 */
export function doc(markdown: string): { description: string; markdownDescription: string } {
  const plain = markdown
    .replace(/\[([^\]]+)\]\([^)]+\)/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\*\*([^*]+)\*\*/g, '$1');
  return { description: plain, markdownDescription: markdown };
}

export function str(markdown?: string, extra: Schema = {}): Schema {
  return { type: 'string', ...(markdown ? doc(markdown) : {}), ...extra };
}

export function bool(markdown?: string, extra: Schema = {}): Schema {
  return { type: 'boolean', ...(markdown ? doc(markdown) : {}), ...extra };
}

export function int(markdown?: string, extra: Schema = {}): Schema {
  return { type: 'integer', ...(markdown ? doc(markdown) : {}), ...extra };
}

export function num(markdown?: string, extra: Schema = {}): Schema {
  return { type: 'number', ...(markdown ? doc(markdown) : {}), ...extra };
}

export function list(items: Schema, markdown?: string, extra: Schema = {}): Schema {
  return { type: 'array', items, ...(markdown ? doc(markdown) : {}), ...extra };
}

/** A map of string keys to string values (labels, selectors, header operations). */
export function stringMap(markdown?: string, extra: Schema = {}): Schema {
  return {
    type: 'object',
    additionalProperties: { type: 'string' },
    ...(markdown ? doc(markdown) : {}),
    ...extra,
  };
}

/** Any value: a field we know exists (so it is not reported as unknown) but do not model. */
export function anything(markdown?: string): Schema {
  return markdown ? doc(markdown) : {};
}

export interface ObjectOptions {
  required?: string[];
  /** Leave unknown fields alone (for Kubernetes objects we only partly describe). Default: closed. */
  open?: boolean;
  extra?: Schema;
}

/**
 * An object with known properties. Closed by default (`additionalProperties: false`): an unknown field is
 * what kubectl warns about and drops ("unknown field"), reported as GWL0007, not IST0106.
 */
export function obj(
  properties: Record<string, Schema>,
  markdown?: string,
  options: ObjectOptions = {},
): Schema {
  return {
    type: 'object',
    ...(markdown ? doc(markdown) : {}),
    properties,
    ...(options.required?.length ? { required: options.required } : {}),
    ...(options.open ? {} : { additionalProperties: false }),
    ...options.extra,
  };
}

/**
 * A string enum as the CRD declares it (case-sensitive, like the Kubernetes API server checks it), with a
 * learner's description of each value for completion.
 */
export function enumOf(values: Record<string, string>, markdown?: string, extra: Schema = {}): Schema {
  const names = Object.keys(values);
  const notes = names.map((n) => values[n]);
  return {
    type: 'string',
    enum: names,
    ...(markdown ? doc(markdown) : {}),
    enumDescriptions: notes.map((n) => doc(n).description),
    markdownEnumDescriptions: notes,
    ...extra,
  };
}

/** A regex source that matches any of `values` in any letter case (JS patterns have no (?i)). */
export function caseInsensitivePattern(values: string[]): string {
  const alt = values.map((v) =>
    [...v]
      .map((c) => {
        const lo = c.toLowerCase();
        const up = c.toUpperCase();
        if (lo !== up) return `[${up}${lo}]`;
        return /[\\^$.*+?()[\]{}|/]/.test(c) ? `\\${c}` : c;
      })
      .join(''),
  );
  return `^(${alt.join('|')})$`;
}

/**
 * A string Istio parses ignoring case (e.g. protocol.Parse in pkg/config/protocol/instance.go lowercases
 * before its switch, and the CRD declares the field as a plain string). Completion offers the upper-case
 * spellings (`suggested`, with descriptions); validation accepts every spelling of every `accepted` value.
 */
export function caseInsensitiveEnum(
  suggested: Record<string, string>,
  accepted: string[],
  markdown: string,
  what: string,
  allowEmpty = false,
): Schema {
  return {
    type: 'string',
    ...doc(markdown),
    anyOf: [
      enumOf(suggested),
      {
        type: 'string',
        pattern: allowEmpty
          ? caseInsensitivePattern(accepted).replace(/\$$/, '?$')
          : caseInsensitivePattern(accepted),
        patternErrorMessage: `Unknown ${what}. Use one of ${Object.keys(suggested).join(', ')}.`,
      },
    ],
    // Read by validate.ts to word an anyOf failure as "must be one of ...".
    'x-oneOfValues': Object.keys(suggested),
  };
}

/**
 * "At most one of these fields", in the form Istio's CRDs use for proto oneofs (for example StringMatch:
 * exact | prefix | regex). Spread into an object schema.
 */
export function atMostOneOf(fields: string[]): Schema {
  return {
    oneOf: [
      { not: { anyOf: fields.map((f) => ({ required: [f] })) } },
      ...fields.map((f) => ({ required: [f] })),
    ],
  };
}

/** Go duration strings as istiod parses them (time.ParseDuration through jsonpb), e.g. 5s, 100ms, 1m30s. */
export const DURATION_PATTERN = '^([0-9]+(\\.[0-9]+)?(h|m|s|ms|us|µs|ns))+$';

export function duration(markdown: string): Schema {
  return {
    type: 'string',
    pattern: DURATION_PATTERN,
    patternErrorMessage: 'Write a duration with a unit, such as 5s, 250ms or 1m30s.',
    'x-format': 'duration',
    ...doc(markdown),
    examples: ['5s', '100ms', '1m'],
  };
}

/** A TCP/UDP port number as Istio and Kubernetes validate it (1..65535). */
export function portNumber(markdown: string, extra: Schema = {}): Schema {
  return int(markdown, { minimum: 1, maximum: 65535, ...extra });
}

// ---------------------------------------------------------------------------------------------------
// Shared Kubernetes pieces

const LABEL_MAP = stringMap(undefined);

export const COMMON_DEFINITIONS: Definitions = {
  Labels: {
    ...LABEL_MAP,
    ...doc(
      'Key/value labels. Selectors (a Service `selector`, a Gateway `selector`, a DestinationRule subset) pick objects by these. Values are strings: quote numbers and booleans (`version: "2"`).',
    ),
  },
  Annotations: {
    ...LABEL_MAP,
    ...doc('Free-form key/value notes for tools. Values must be strings: quote numbers and booleans.'),
  },
  ObjectMeta: obj(
    {
      name: str(
        "The object's name, unique per kind within its namespace. Lower-case letters, digits, `-` and `.` (for example `bookinfo-gateway`). A VirtualService refers to a Gateway by this name (`<namespace>/<name>`).",
      ),
      namespace: str(
        "The namespace the object lives in. When omitted, `kubectl apply` uses the current namespace (here: `default`). Gateway hosts such as `./example.com` and `exportTo` are relative to it; a Gateway's `credentialName` Secret must be in the **gateway pod's** namespace, not the Gateway's.",
      ),
      labels: ref('Labels'),
      annotations: ref('Annotations'),
      creationTimestamp: {
        type: ['string', 'null'],
        ...doc(
          'Set by the API server. Istio uses it to order conflicting objects (the oldest wins); without it, ties break by name.',
        ),
      },
      generateName: str('Prefix for a server-generated name; not used with `kubectl apply`.'),
      uid: str('Set by the API server.'),
      resourceVersion: str('Set by the API server.'),
      generation: int('Set by the API server.'),
      selfLink: str('Deprecated; set by old API servers.'),
      finalizers: list(str()),
      ownerReferences: list({ type: 'object' }),
      managedFields: list({ type: 'object' }),
      deletionTimestamp: str('Set by the API server when the object is being deleted.'),
      deletionGracePeriodSeconds: int(),
    },
    'Standard Kubernetes object metadata: `name` (required), `namespace`, `labels`, `annotations`.',
    { required: ['name'] },
  ),
  LabelSelector: obj(
    {
      matchLabels: ref('Labels', 'Pods (or objects) must have all of these labels.'),
      matchExpressions: list(
        obj(
          {
            key: str(),
            operator: enumOf({
              In: 'Value is in `values`.',
              NotIn: 'Value is not in `values`.',
              Exists: 'Label is present.',
              DoesNotExist: 'Label is absent.',
            }),
            values: list(str()),
          },
          undefined,
          { required: ['key', 'operator'] },
        ),
        'Set-based requirements; all must hold.',
      ),
    },
    'A label selector: `matchLabels` (all must match) and/or `matchExpressions`.',
  ),
  IntOrString: {
    type: ['integer', 'string'],
    ...doc('A port number (`8080`) or the name of a container port (`http`).'),
  },
};
