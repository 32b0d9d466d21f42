// A Vite plugin for the simulator's Web Worker bundle: src/sim/resources/schemas/validation.ts becomes
// its own output, computed here at build time and inlined as JSON. The worker then carries only the
// validation keywords (~5 kB gzipped) instead of the schema modules with every hover text and snippet of
// the editor (~18 kB gzipped), and skips building them at start-up. The editor's schema (with the text)
// is bundled separately, for monaco-yaml, when the learner first edits.
//
// The values come from running the very module that Node (CLI, tests) runs, so the two cannot differ.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolve, sep } from 'node:path';

const MODULE = fileURLToPath(new URL('../../src/sim/resources/schemas/validation.ts', import.meta.url));
const VIRTUAL = '\0gateway-lab:validation-schemas';

/** Imports a .ts module: Node's own type stripping where it has it (22.18+, 23.6+), else tsx. */
async function importTs(file) {
  if (process.features.typescript) return import(pathToFileURL(file).href);
  const { tsImport } = await import('tsx/esm/api');
  return tsImport(pathToFileURL(file).href, import.meta.url);
}

export function validationSchemasAsJson() {
  return {
    name: 'gateway-lab:validation-schemas-as-json',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (!importer || !source.endsWith('validation.ts')) return null;
      const file = resolve(importer.split('?')[0], '..', source);
      return file === MODULE || file.split(sep).join('/') === MODULE ? VIRTUAL : null;
    },
    async load(id) {
      if (id !== VIRTUAL) return null;
      const m = await importTs(MODULE);
      const json = (value) => `JSON.parse(${JSON.stringify(JSON.stringify(value))})`;
      return [
        `export const VALIDATION_DEFINITIONS = ${json(m.VALIDATION_DEFINITIONS)};`,
        `export const VALIDATION_KINDS = ${json(m.VALIDATION_KINDS)};`,
      ].join('\n');
    },
  };
}
