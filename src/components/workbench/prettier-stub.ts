// Stands in for prettier inside monaco-yaml's worker (astro.config.mjs aliases prettier/standalone and
// prettier/plugins/* here). The workbench turns YAML formatting off (`format: false`), so the formatter
// is never called, and the worker is about 130 KB (gzip) smaller without prettier's YAML printer.
export function format(): never {
  throw new Error('YAML formatting is not available in the Gateway Lab editor');
}
export default {};
