// Schema validation of every parsed resource against ./schemas (the same schemas the editor uses).
// - A wrong type, a bad enum value, a missing required field, a bad duration: IST0106 SchemaValidationError,
//   as `kubectl apply` (the CRD's OpenAPI schema) or istioctl (webhook validation) would reject the object.
// - A field the schema does not know: GWL0007 UnknownField (Warning): the API server's field validation
//   only warns ("unknown field") and drops it, so the object applies without it.
// Runs in Node and in a Web Worker: ajv only, no Node APIs. Never throws.
import Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Diagnostic } from '../diagnostics.ts';
import { ISTIO_NETWORKING_VERSIONS, pathKey, rangeOf, resourceRef } from './types.ts';
import type { FieldPath, Resource } from './types.ts';
// The schemas without their editor-only text (hover docs, snippets): see schemas/validation.ts.
import {
  VALIDATION_DEFINITIONS as DEFINITIONS,
  VALIDATION_KINDS as SCHEMA_KINDS,
} from './schemas/validation.ts';
import type { Schema } from './schemas/index.ts';

type Obj = Record<string, unknown>;

/**
 * All kinds share one ajv root holding every definition, so a sub-schema used by several kinds (ObjectMeta,
 * Destination, ...) is compiled once; each kind's validator is `<root>#/definitions/<Kind>`, the same node
 * schemaFor() points its `$ref` at. Validators are compiled on first use and cached by ajv.
 */
const ROOT_ID = 'gateway-lab-resources';
const ROOT: Schema = { $id: ROOT_ID, definitions: DEFINITIONS };
let ajv: Ajv | null = null;
const compiled = new Map<string, ValidateFunction | null>();

function validatorFor(group: string, kind: string): ValidateFunction | null {
  const key = `${group}/${kind}`;
  if (compiled.has(key)) return compiled.get(key) ?? null;
  const entry = SCHEMA_KINDS.find((k) => k.group === group && k.kind === kind);
  let fn: ValidateFunction | null = null;
  if (entry) {
    // allErrors: report every problem at once. verbose: errors carry their schema and parent schema (an
    // error's schemaPath is relative to the definition it occurred in, so it cannot be looked up later).
    // strict false: the editor keywords (markdownDescription, defaultSnippets, errorMessage, ...) are not
    // ajv's. inlineRefs false: shared definitions become functions instead of being copied into every use
    // (several times faster to compile).
    if (!ajv) {
      ajv = new Ajv({
        allErrors: true,
        verbose: true,
        strict: false,
        inlineRefs: false,
        validateFormats: false,
        logger: false,
      });
      ajv.addSchema(ROOT);
    }
    fn = ajv.getSchema(`${ROOT_ID}#/definitions/${entry.definition}`) ?? null;
  }
  compiled.set(key, fn);
  return fn;
}

export function validateResources(resources: Resource[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const resource of resources) {
    if (resource.synthetic) continue;
    try {
      out.push(...validateResource(resource));
    } catch {
      // A validator bug must not take the pipeline down: the object is simply not schema-checked.
    }
  }
  return out;
}

interface Finding {
  code: 'IST0106' | 'GWL0007';
  path: FieldPath;
  detail: string;
  fix: string;
  /** Errors from if/then rules (istiod's webhook checks) rank after the plain schema errors at a path. */
  conditional: boolean;
  /** What makes two findings the same problem (default: the field path). */
  key?: string;
}

function validateResource(resource: Resource): Diagnostic[] {
  const fn = validatorFor(resource.group, resource.kind);
  if (!fn) return [];
  const nullPaths = new Set<string>();
  const data = withoutNulls(resource.object, [], nullPaths);
  if (fn(data) || !fn.errors) return [];

  const findings: Finding[] = [];
  // An `if` error only says "must match then"; the errors of the `then` branch say what is wrong.
  const errors = fn.errors.filter((e) => e.keyword !== 'if' && !insideAlternative(e.schemaPath));
  for (const error of errors) {
    const f = describe(error, data, resource, nullPaths);
    if (f) findings.push(f);
  }
  // One finding per field: the plain schema error first, then webhook-rule errors; same text once.
  findings.sort((a, b) => Number(a.conditional) - Number(b.conditional));
  const seen = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  for (const f of findings) {
    const key = `${f.code}|${f.key ?? pathKey(f.path)}`;
    if (seen.has(key) || seen.has(`${key}|${f.detail}`)) continue;
    seen.add(key);
    seen.add(`${key}|${f.detail}`);
    diagnostics.push(toDiagnostic(resource, f));
  }
  return diagnostics;
}

function toDiagnostic(resource: Resource, f: Finding): Diagnostic {
  const unknown = f.code === 'GWL0007';
  return {
    code: f.code,
    name: unknown ? 'UnknownField' : 'SchemaValidationError',
    level: unknown ? 'Warning' : 'Error',
    resource: resourceRef(resource),
    message: unknown ? f.detail : `Schema validation error: ${f.detail}`,
    fix: f.fix,
    range: rangeOf(resource, f.path),
    file: resource.file,
    args: unknown ? { field: displayPath(f.path) } : { err: f.detail },
  };
}

/**
 * Kubernetes drops `null` map values (`args:` with nothing after it), and istiod reads a null message field
 * as unset, so nulls are removed before validation. Their paths are kept: a required field that is present
 * but empty is reported at the field itself.
 */
function withoutNulls(value: unknown, path: FieldPath, nullPaths: Set<string>): unknown {
  if (Array.isArray(value)) return value.map((v, i) => withoutNulls(v, [...path, i], nullPaths));
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Obj = {};
    for (const [k, v] of Object.entries(value as Obj)) {
      if (v === null || v === undefined) {
        nullPaths.add(pathKey([...path, k]));
        continue;
      }
      out[k] = withoutNulls(v, [...path, k], nullPaths);
    }
    return out;
  }
  return value;
}

/** Errors of the branches of anyOf/oneOf are summarised by the anyOf/oneOf error itself. */
function insideAlternative(schemaPath: string): boolean {
  return /\/(anyOf|oneOf)\/\d+(\/|$)/.test(schemaPath);
}

// ---------------------------------------------------------------------------------------------------
// Messages

function describe(
  error: ErrorObject,
  data: unknown,
  resource: Resource,
  nullPaths: Set<string>,
): Finding | null {
  const path = toFieldPath(error.instancePath, data);
  const field = displayPath(path);
  const conditional = error.schemaPath.includes('/then/');
  const parent = (error.parentSchema ?? {}) as Schema;
  const value: unknown = error.data;
  const finding = (detail: string, fix: string, at: FieldPath = path): Finding => ({
    code: 'IST0106',
    path: at,
    detail,
    fix,
    conditional,
  });

  // parse.ts already reports an unsupported Istio apiVersion (GWL0005); the kind selected this schema.
  if (path.length === 1 && (path[0] === 'apiVersion' || path[0] === 'kind')) {
    if (
      path[0] === 'kind' ||
      (resource.group === 'networking.istio.io' && !ISTIO_NETWORKING_VERSIONS.includes(resource.version))
    )
      return null;
  }

  if (error.keyword === 'additionalProperties') {
    const name = String((error.params as { additionalProperty: string }).additionalProperty);
    return unknownField(resource, [...path, name], parent);
  }

  const custom = typeof parent.errorMessage === 'string' ? parent.errorMessage : null;
  if (custom) {
    const got = value !== undefined && typeof value !== 'object' ? ` (got ${show(value)})` : '';
    const fix = typeof parent['x-fix'] === 'string' ? parent['x-fix'] : custom;
    const text = lowerFirst(custom).replace(/\.$/, '');
    return finding(`${field || 'the object'}: ${text}${error.keyword === 'enum' ? got : ''}`, sentence(fix));
  }

  switch (error.keyword) {
    case 'type': {
      const expected = (error.params as { type: string | string[] }).type;
      if (parent['x-format'] === 'duration' && typeof value === 'number') {
        return finding(
          `${field} must be a duration with a unit, such as "5s" or "250ms" (got ${show(value)})`,
          `Add a unit: ${value}s for seconds or ${value}ms for milliseconds.`,
        );
      }
      return finding(
        `${field} must be ${typeName(expected)} (got ${show(value)})`,
        typeFix(expected, value, path),
      );
    }
    case 'required': {
      const missing = (error.params as { missingProperty: string }).missingProperty;
      const missingPath = [...path, missing];
      if (nullPaths.has(pathKey(missingPath))) {
        return finding(
          `${displayPath(missingPath)} is empty, but it is required`,
          `Give ${missing} a value after the colon.`,
          missingPath,
        );
      }
      const where = field ? `${field} is missing` : 'The object is missing';
      // Several missing fields of one object are several findings at the same range.
      return {
        ...finding(`${where} the required field ${missing}`, requiredFix(missing, field)),
        key: pathKey(missingPath),
      };
    }
    case 'enum':
    case 'anyOf': {
      const allowed =
        error.keyword === 'enum'
          ? ((error.params as { allowedValues: unknown[] }).allowedValues ?? []).map(String)
          : Array.isArray(parent['x-oneOfValues'])
            ? (parent['x-oneOfValues'] as string[])
            : null;
      if (!allowed)
        return finding(
          `${field} is not valid (${error.message ?? 'no alternative matches'})`,
          `Check ${field}.`,
        );
      return finding(
        `${field} must be one of ${allowed.join(', ')} (got ${show(value)})`,
        enumFix(value, allowed),
      );
    }
    case 'oneOf': {
      const branches = Array.isArray(error.schema) ? (error.schema as Schema[]) : [];
      const fields = branches.flatMap((b) => (Array.isArray(b.required) ? (b.required as string[]) : []));
      const set = fields.filter((f) => value && typeof value === 'object' && f in (value as Obj));
      if (fields.length && set.length > 1) {
        return finding(
          `${field} sets ${joinWords(set, 'and')}, but only one of ${joinWords(fields, 'or')} may be set`,
          `Keep one of ${joinWords(set, 'or')} and delete the other${set.length > 2 ? 's' : ''}.`,
        );
      }
      return finding(`${field} is not valid (${error.message ?? 'oneOf'})`, `Check ${field}.`);
    }
    case 'pattern': {
      const format = parent['x-format'];
      if (format === 'duration') {
        const numeric = typeof value === 'string' && /^\d+(\.\d+)?$/.test(value);
        return finding(
          `${field} must be a duration with a unit, such as "5s", "250ms" or "1m30s" (got ${show(value)})`,
          numeric
            ? `Add a unit: ${value}s for seconds or ${value}ms for milliseconds.`
            : 'Write a number followed by h, m, s or ms.',
        );
      }
      if (format === 'base64') {
        const pem = typeof value === 'string' && value.includes('-----BEGIN');
        return finding(
          `${field} is not base64${pem ? ' (it looks like PEM text)' : ''}`,
          `Move this key under stringData, which takes plain text, or base64-encode the value.`,
        );
      }
      const msg =
        typeof parent.patternErrorMessage === 'string' ? parent.patternErrorMessage : 'has the wrong format';
      return finding(`${field}: ${lowerFirst(msg)} (got ${show(value)})`, sentence(msg));
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const min = typeof parent.minimum === 'number' ? parent.minimum : null;
      const max = typeof parent.maximum === 'number' ? parent.maximum : null;
      const range =
        min !== null && max !== null
          ? `between ${min} and ${max}`
          : min !== null
            ? `at least ${min}`
            : `at most ${max}`;
      return finding(`${field} must be ${range} (got ${show(value)})`, `Use a value ${range}.`);
    }
    case 'minItems': {
      const n = (error.params as { limit: number }).limit;
      return finding(
        `${field} must list at least ${n === 1 ? 'one item' : `${n} items`}`,
        `Add ${n === 1 ? 'an item' : `${n} items`} to ${lastName(path)}, each on its own line starting with "- ".`,
      );
    }
    case 'maxItems': {
      const n = (error.params as { limit: number }).limit;
      return finding(
        `${field} may list at most ${n} item${n === 1 ? '' : 's'}`,
        `Remove items from ${lastName(path)}.`,
      );
    }
    case 'const':
      return finding(
        `${field} must be ${show((error.params as { allowedValue: unknown }).allowedValue)}`,
        `Change ${field}.`,
      );
    default:
      return finding(
        `${field || 'the object'} ${error.message ?? 'is not valid'}`,
        `Check ${field || 'the object'}.`,
      );
  }
}

function typeName(t: string | string[]): string {
  const names = (Array.isArray(t) ? t : String(t).split(',')).filter((x) => x !== 'null');
  const one = (x: string) =>
    x === 'integer'
      ? 'an integer'
      : x === 'number'
        ? 'a number'
        : x === 'string'
          ? 'a string'
          : x === 'boolean'
            ? 'true or false'
            : x === 'object'
              ? 'a mapping (key: value lines)'
              : x === 'array'
                ? 'a list'
                : x;
  if (names.includes('integer') && names.includes('string')) return 'a number or a string';
  return names.map(one).join(' or ');
}

function typeFix(expected: string | string[], value: unknown, path: FieldPath): string {
  const types = Array.isArray(expected) ? expected : String(expected).split(',');
  const name = lastName(path);
  if (
    (types.includes('integer') || types.includes('number')) &&
    typeof value === 'string' &&
    /^\s*-?\d+(\.\d+)?\s*$/.test(value)
  )
    return `Remove the quotes around ${value.trim()} so YAML reads it as a number.`;
  if (types.includes('integer') && typeof value === 'number') return `Use a whole number for ${name}.`;
  if (types.includes('boolean') && (value === 'true' || value === 'false'))
    return `Remove the quotes: write ${value} without quotes.`;
  if (types.includes('string') && (typeof value === 'number' || typeof value === 'boolean'))
    return `Quote the value ("${String(value)}"): YAML reads an unquoted ${String(value)} as a ${typeof value}.`;
  if (types.includes('array') && !Array.isArray(value))
    return `Write ${name} as a list: put each item on its own line, indented and starting with "- ".`;
  if (types.includes('object') && Array.isArray(value))
    return `Remove the "- " in front of the fields under ${name}: it is a mapping, not a list.`;
  if (types.includes('object'))
    return `Put the fields of ${name} on their own lines, indented under ${name}:.`;
  return `Change ${name} to ${typeName(expected)}.`;
}

const REQUIRED_HINTS: Record<string, string> = {
  host: 'Add host: with the Service name (for example host: reviews).',
  destination: 'Add destination: with a host under the route item.',
  hosts: 'Add hosts: with at least one host name (for example - "app.example.com").',
  port: 'Add port: with number, name and protocol.',
  name: 'Add name: with a short unique name (for a Gateway port, for example name: https).',
  number: 'Add number: with the port number.',
  protocol: 'Add protocol: (HTTP, HTTPS, TCP or TLS).',
  sniHosts: 'Add sniHosts: with the host names to match by SNI.',
  match: 'Add match: with at least one sniHosts condition.',
  status: 'Add status: with the HTTP status code to answer with.',
  containers: 'Add containers: with at least one container (name and image).',
  selector: 'Add selector: with matchLabels equal to the pod template labels.',
  template: 'Add template: with metadata.labels and spec.containers.',
  pathType: 'Add pathType: Prefix (or Exact).',
};

function requiredFix(missing: string, field: string): string {
  return REQUIRED_HINTS[missing] ?? `Add ${missing}: under ${field || 'the object'}.`;
}

function enumFix(value: unknown, allowed: string[]): string {
  if (typeof value === 'string') {
    const same = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
    if (same) return `Write it exactly as ${same}: these values are case-sensitive.`;
    const close = closest(value, allowed);
    if (close) return `Did you mean ${close}?`;
  }
  return `Use one of ${allowed.join(', ')}.`;
}

// ---------------------------------------------------------------------------------------------------
// Unknown fields (GWL0007)

/** Keys that belong in a Secret's data, which learners sometimes write elsewhere. */
const SECRET_DATA_KEYS = ['tls.crt', 'tls.key', 'ca.crt', 'cert', 'key', 'cacert', 'tls.cert', 'ca.crl'];

function unknownField(resource: Resource, path: FieldPath, objectSchema: Schema): Finding {
  const name = String(path[path.length - 1]);
  const parentPath = path.slice(0, -1);
  const field = displayPath(path);
  const known = Object.keys(propertiesOf(objectSchema));
  const finding = (fix: string): Finding => ({
    code: 'GWL0007',
    path,
    detail: `Unknown field ${field}: kubectl would warn and drop the field, so it has no effect.`,
    fix,
    conditional: false,
  });

  const close = closest(name, known);
  if (close) return finding(`Did you mean ${close}? Rename ${name} to ${close}.`);

  if (SECRET_DATA_KEYS.includes(name.toLowerCase())) {
    return resource.kind === 'Secret' && parentPath.length === 0
      ? finding(
          `${name} is a key of the Secret's data, not a field: put it under stringData (plain text) or data (base64).`,
        )
      : finding(
          `${name} is a Secret data key, not a field here: put the certificate in a Secret and refer to it by name.`,
        );
  }

  // The right name at the wrong level: one level deeper (credentialName directly under a server instead
  // of under tls) or one level up.
  const root = kindDefinition(resource);
  if (root) {
    for (const [child, childSchema] of Object.entries(propertiesOf(objectSchema))) {
      if (name in propertiesOf(resolve(childSchema, true)))
        return finding(`${name} belongs under ${child}: move it there.`);
    }
    if (parentPath.length > 0) {
      const grand = schemaAt(root, parentPath.slice(0, -1));
      if (grand && name in propertiesOf(grand)) {
        const parentName = lastName(parentPath);
        return finding(`${name} belongs one level up, next to ${parentName}: reduce its indentation.`);
      }
    }
  }
  return finding(
    known.length
      ? `Remove it, or use one of the fields this object has: ${known.slice(0, 12).join(', ')}${known.length > 12 ? ', ...' : ''}.`
      : 'Remove it.',
  );
}

function kindDefinition(resource: Resource): Schema | null {
  const entry = SCHEMA_KINDS.find((k) => k.group === resource.group && k.kind === resource.kind);
  return entry ? (DEFINITIONS[entry.definition] ?? null) : null;
}

/** Follow `$ref` (and, with `items`, an array's item schema). */
function resolve(schema: unknown, items = false): Schema {
  let s = (schema && typeof schema === 'object' ? schema : {}) as Schema;
  for (let i = 0; i < 10; i++) {
    if (typeof s.$ref === 'string' && s.$ref.startsWith('#/definitions/')) {
      s = DEFINITIONS[s.$ref.slice('#/definitions/'.length)] ?? {};
    } else if (items && s.type === 'array' && s.items && typeof s.items === 'object') {
      s = s.items as Schema;
    } else break;
  }
  return s;
}

function propertiesOf(schema: Schema): Record<string, Schema> {
  const s = resolve(schema);
  return s.properties && typeof s.properties === 'object' ? (s.properties as Record<string, Schema>) : {};
}

/** The schema of the value at `path`, walking properties, items and additionalProperties. */
function schemaAt(root: Schema, path: FieldPath): Schema | null {
  let s: Schema = resolve(root);
  for (const p of path) {
    if (typeof p === 'number') {
      if (s.type !== 'array' || !s.items || typeof s.items !== 'object') return null;
      s = resolve(s.items);
    } else {
      const props = propertiesOf(s);
      if (props[p]) s = resolve(props[p]);
      else if (s.additionalProperties && typeof s.additionalProperties === 'object')
        s = resolve(s.additionalProperties);
      else return null;
    }
  }
  return s;
}

// ---------------------------------------------------------------------------------------------------
// Paths and words

/** ajv's instancePath is a JSON Pointer; walk the data so list indices become numbers. */
function toFieldPath(pointer: string, data: unknown): FieldPath {
  if (!pointer) return [];
  const path: FieldPath = [];
  let cur: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) {
      const i = Number(seg);
      path.push(i);
      cur = cur[i];
    } else {
      path.push(seg);
      cur = cur && typeof cur === 'object' ? (cur as Obj)[seg] : undefined;
    }
  }
  return path;
}

/** `spec.servers[0].port.number`; keys that are not plain words are quoted: `data["tls.crt"]`. */
export function displayPath(path: FieldPath): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(p)) out += out ? `.${p}` : p;
    else out += `[${JSON.stringify(p)}]`;
  }
  return out;
}

function lastName(path: FieldPath): string {
  for (let i = path.length - 1; i >= 0; i--) if (typeof path[i] === 'string') return String(path[i]);
  return 'the object';
}

function show(v: unknown): string {
  if (typeof v === 'string')
    return `the string ${JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v)}`;
  if (typeof v === 'number') return `the number ${v}`;
  if (typeof v === 'boolean') return `${v}`;
  if (Array.isArray(v)) return 'a list';
  if (v === null || v === undefined) return 'nothing';
  return 'a mapping';
}

function joinWords(words: string[], last: string): string {
  return words.length <= 1
    ? words.join('')
    : `${words.slice(0, -1).join(', ')} ${last} ${words[words.length - 1]}`;
}

function lowerFirst(s: string): string {
  return /^[A-Z](?![A-Z])/.test(s) ? s[0].toLowerCase() + s.slice(1) : s;
}

function sentence(s: string): string {
  const t = s.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

/**
 * The candidate closest to `name` (case-insensitive optimal string alignment distance, so a swapped pair
 * of letters counts once), if it is close enough to be a likely typo.
 */
export function closest(name: string, candidates: string[]): string | null {
  const a = name.toLowerCase();
  let best: string | null = null;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(a, c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  const limit = Math.max(1, Math.min(3, Math.floor(name.length / 3)));
  return best !== null && bestD <= limit ? best : null;
}

function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [
    i,
    ...new Array<number>(b.length).fill(0),
  ]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
