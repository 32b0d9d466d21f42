// Monaco, trimmed to what the workbench uses: the editor API and the features a YAML learner needs
// (hover, completion with snippets, find, folding, bracket matching, comment toggling, Ctrl+M tab-focus
// mode, the read-only message), YAML highlighting, and
// monaco-yaml for schema completion, hover docs and validation. `import * as monaco from 'monaco-editor'`
// would pull in every feature and language (about 1.36 MB gzipped); this is well under half of that.
//
// Everything is bundled: the workers are Vite `?worker` imports (module workers, worker.format 'es' in
// astro.config.mjs), the schema is passed inline, so nothing is fetched from another host.
//
// monaco-editor stays at 0.54.0: 0.55 breaks monaco-yaml 5.5's worker ("Missing requestHandler or
// method: doValidation") and 0.56 changes the ESM entry points.
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api.js';
import type * as Monaco from 'monaco-editor/esm/vs/editor/editor.api.js';
import 'monaco-editor/esm/vs/editor/browser/coreCommands.js';
import 'monaco-editor/esm/vs/editor/contrib/hover/browser/hoverContribution.js';
import 'monaco-editor/esm/vs/editor/contrib/suggest/browser/suggestController.js';
import 'monaco-editor/esm/vs/editor/contrib/snippet/browser/snippetController2.js';
import 'monaco-editor/esm/vs/editor/contrib/find/browser/findController.js';
import 'monaco-editor/esm/vs/editor/contrib/folding/browser/folding.js';
import 'monaco-editor/esm/vs/editor/contrib/bracketMatching/browser/bracketMatching.js';
import 'monaco-editor/esm/vs/editor/contrib/comment/browser/comment.js';
import 'monaco-editor/esm/vs/editor/contrib/toggleTabFocusMode/browser/toggleTabFocusMode.js';
import 'monaco-editor/esm/vs/editor/contrib/readOnlyMessage/browser/contribution.js';
import 'monaco-editor/esm/vs/base/browser/ui/codicons/codiconStyles.js';
import 'monaco-editor/esm/vs/basic-languages/yaml/yaml.contribution.js';
import { configureMonacoYaml } from 'monaco-yaml';
import EditorWorker from './editor.worker.ts?worker';
import YamlWorker from './yaml.worker.ts?worker';
import { editorSchema } from '../../sim/resources/schemas/index.ts';

globalThis.MonacoEnvironment = {
  getWorker(_moduleId: string, label: string) {
    return label === 'yaml' ? new YamlWorker() : new EditorWorker();
  },
};

/**
 * monaco-yaml's worker manager calls `monaco.editor.createWebWorker({ moduleId, label, createData })`.
 * Since 0.54 the editor API's createWebWorker takes a ready `worker` instead, and only the full
 * `monaco-editor` entry (esm/vs/editor/editor.main.js) adds the moduleId form back. This is the same
 * adapter, for our trimmed import: get the worker from MonacoEnvironment, send the two messages the
 * worker's bootstrap expects (a wake-up, then createData), and hand it over.
 */
function createWebWorker<T extends object>(opts: {
  moduleId: string;
  label?: string;
  createData?: unknown;
  host?: unknown;
  keepIdleModels?: boolean;
}): Monaco.editor.MonacoWebWorker<T> {
  const worker = Promise.resolve(
    globalThis.MonacoEnvironment!.getWorker!(opts.moduleId, opts.label ?? 'monaco-editor-worker'),
  ).then((w) => {
    w.postMessage('ignore');
    w.postMessage(opts.createData);
    return w;
  });
  return monaco.editor.createWebWorker<T>({ worker, host: opts.host, keepIdleModels: opts.keepIdleModels });
}

// The schema's $id is a name only: enableSchemaRequest is off, so it is never fetched.
configureMonacoYaml({ ...monaco, editor: { ...monaco.editor, createWebWorker } } as never, {
  enableSchemaRequest: false,
  format: { enable: false },
  completion: true,
  hover: true,
  validate: true,
  schemas: [
    {
      uri: 'inmemory://gateway-lab/kubernetes-object.schema.json',
      fileMatch: ['*'],
      schema: editorSchema() as never,
    },
  ],
});

export { monaco };
