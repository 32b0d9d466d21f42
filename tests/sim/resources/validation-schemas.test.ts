// The validator's schemas (schemas/validation.ts) drop only what an editor reads, and the browser worker's
// build-time copy of them (scripts/vite/validation-schemas.mjs) is the same data.
import { describe, expect, it } from 'vitest';
import Ajv from 'ajv';
import { DEFINITIONS, SCHEMA_KINDS } from '../../../src/sim/resources/schemas/index.ts';
import {
  EDITOR_ONLY_KEYWORDS,
  VALIDATION_DEFINITIONS,
  VALIDATION_KINDS,
  withoutEditorKeywords,
} from '../../../src/sim/resources/schemas/validation.ts';
import { validationSchemasAsJson } from '../../../scripts/vite/validation-schemas.mjs';

/** Every keyword used anywhere in a schema (property and definition names excluded). */
function keywords(schema: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) for (const s of schema) keywords(s, out);
  else if (schema && typeof schema === 'object') {
    for (const [k, v] of Object.entries(schema)) {
      out.add(k);
      if (k === 'properties' || k === 'definitions' || k === 'patternProperties')
        for (const s of Object.values(v as object)) keywords(s, out);
      // Values that are data, not schemas: enum values, defaults, snippet bodies, examples.
      else if (!['enum', 'const', 'default', 'defaultSnippets', 'examples'].includes(k)) keywords(v, out);
    }
  }
  return out;
}

describe('validation schemas', () => {
  it('have no editor-only keyword at any depth, and keep every other keyword', () => {
    const before = keywords(Object.values(DEFINITIONS));
    const after = keywords(Object.values(VALIDATION_DEFINITIONS));
    for (const k of EDITOR_ONLY_KEYWORDS) expect(after.has(k)).toBe(false);
    expect([...before].filter((k) => !EDITOR_ONLY_KEYWORDS.has(k)).sort()).toEqual([...after].sort());
    // The simulator's own message keywords stay.
    for (const k of ['errorMessage', 'x-fix', 'x-format', 'patternErrorMessage', 'x-oneOfValues'])
      expect(after.has(k)).toBe(true);
    expect(Object.keys(VALIDATION_DEFINITIONS)).toEqual(Object.keys(DEFINITIONS));
    expect(VALIDATION_KINDS.map((k) => `${k.group}/${k.kind}`)).toEqual(
      SCHEMA_KINDS.map((k) => `${k.group}/${k.kind}`),
    );
  });

  it('keep fields whose names are keywords: names under properties are data', () => {
    const schema = {
      type: 'object',
      description: 'hover text',
      properties: {
        description: { type: 'string', markdownDescription: 'a field named description' },
        examples: { type: 'array', examples: [['a']] },
      },
      definitions: { title: { enum: ['A'], enumDescriptions: ['the A'] } },
    };
    expect(withoutEditorKeywords(schema)).toEqual({
      type: 'object',
      properties: { description: { type: 'string' }, examples: { type: 'array' } },
      definitions: { title: { enum: ['A'] } },
    });
  });

  it('accept and reject exactly what the full schemas do', () => {
    const verdicts = (definitions: object) => {
      const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
      ajv.addSchema({ $id: 'root', definitions });
      const gateway = ajv.getSchema('root#/definitions/Gateway')!;
      const objects = [
        { servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] },
        { servers: [{ port: { number: '80', name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] },
        {
          servers: [
            {
              port: { number: 443, name: 'https', protocol: 'HTTPS' },
              hosts: ['a'],
              tls: { mode: 'simple' },
            },
          ],
        },
        {
          servers: [
            {
              port: { number: 443, name: 'https', protocol: 'HTTPS' },
              hosts: ['a'],
              tls: { mode: 'SIMPLE' },
            },
          ],
        },
        { servers: [], selector: { istio: 'ingressgateway' }, unknown: 1 },
      ];
      return objects.map((spec) => {
        const ok = gateway({
          apiVersion: 'networking.istio.io/v1',
          kind: 'Gateway',
          metadata: { name: 'g' },
          spec,
        });
        return [ok, (gateway.errors ?? []).map((e) => `${e.instancePath} ${e.keyword}`)];
      });
    };
    const full = verdicts(DEFINITIONS);
    expect(full.map(([ok]) => ok)).toContain(false);
    expect(full.map(([ok]) => ok)).toContain(true);
    expect(verdicts(VALIDATION_DEFINITIONS)).toEqual(full);
  });

  it('are what the worker bundle inlines at build time', async () => {
    const plugin = validationSchemasAsJson();
    const id = await plugin.resolveId(
      './schemas/validation.ts',
      `${process.cwd()}/src/sim/resources/validate.ts`,
    );
    expect(id).toMatch(/validation-schemas/);
    // Another module named validation.ts elsewhere is left alone.
    expect(await plugin.resolveId('./validation.ts', `${process.cwd()}/src/labs/goals.ts`)).toBeNull();
    const code = (await plugin.load(id!)) as string;
    const module = await import(`data:text/javascript,${encodeURIComponent(code)}`);
    expect(module.VALIDATION_DEFINITIONS).toEqual(VALIDATION_DEFINITIONS);
    expect(module.VALIDATION_KINDS).toEqual(VALIDATION_KINDS);
    // Far smaller than the schemas with the editor's text.
    expect(code.length).toBeLessThan(JSON.stringify(DEFINITIONS).length / 2);
  });
});
