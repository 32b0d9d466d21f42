// The schemas as the simulator's validator needs them: the same definitions as the editor's, without the
// keywords only an editor reads (hover text, enum notes, snippets, examples). ../validate.ts compiles
// these with ajv, which ignores those keywords anyway, so validation is identical; what changes is size.
// The learner-facing text is ~3/4 of the schemas' bytes, and the browser's simulator worker need not
// download it: for the worker bundle, astro.config.mjs replaces this module with its output computed at
// build time (VALIDATION_DEFINITIONS and VALIDATION_KINDS as JSON; see
// scripts/vite/validation-schemas.mjs). In Node (CLI, tests) this module runs as written.
import type { Definitions, Schema } from './common.ts';
import { DEFINITIONS, SCHEMA_KINDS } from './index.ts';

/** Keywords read by vscode-json-languageservice / yaml-language-server only, never by ajv. */
export const EDITOR_ONLY_KEYWORDS = new Set([
  'description',
  'markdownDescription',
  'enumDescriptions',
  'markdownEnumDescriptions',
  'defaultSnippets',
  'examples',
  'doNotSuggest',
  'deprecationMessage',
]);

/** Keywords whose value maps names (of fields or definitions) to schemas: the names are data. */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions']);

/** A copy of `schema` without the editor-only keywords, at every depth. */
export function withoutEditorKeywords(schema: Schema): Schema {
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (EDITOR_ONLY_KEYWORDS.has(key)) continue;
    out[key] = SCHEMA_MAPS.has(key) && isObject(value) ? mapValues(value) : strip(value);
  }
  return out;
}

function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  return isObject(value) ? withoutEditorKeywords(value) : value;
}

function mapValues(map: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(map).map(([name, s]) => [name, strip(s)]));
}

function isObject(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface ValidationKind {
  group: string;
  kind: string;
  /** Name of its entry in VALIDATION_DEFINITIONS. */
  definition: string;
}

export const VALIDATION_DEFINITIONS = mapValues(DEFINITIONS) as Definitions;

export const VALIDATION_KINDS: ValidationKind[] = SCHEMA_KINDS.map(({ group, kind, definition }) => ({
  group,
  kind,
  definition,
}));
