// monaco-yaml for the workbench: completion, hover documentation and validation from the resource
// schemas (src/sim/resources/schemas, one combined schema dispatching on apiVersion and kind), in
// monaco-yaml's worker. Loaded on the learner's first interaction with the editor (monaco.ts), so a
// reader who never edits does not download or start the language service; the simulator's own
// diagnostics mark the YAML from the start.
import type * as Monaco from 'monaco-editor/esm/vs/editor/editor.api.js';
import { configureMonacoYaml } from 'monaco-yaml';
import { editorSchema } from '../../sim/resources/schemas/index.ts';

type MonacoApi = typeof Monaco;

/**
 * monaco-yaml's worker manager calls `monaco.editor.createWebWorker({ moduleId, label, createData })`.
 * Since 0.54 the editor API's createWebWorker takes a ready `worker` instead, and only the full
 * `monaco-editor` entry (esm/vs/editor/editor.main.js) adds the moduleId form back. This is the same
 * adapter, for our trimmed import: get the worker from MonacoEnvironment, send the two messages the
 * worker's bootstrap expects (a wake-up, then createData), and hand it over.
 */
function webWorkerFactory(monaco: MonacoApi) {
  return function createWebWorker<T extends object>(opts: {
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
  };
}

export function configure(monaco: MonacoApi): void {
  const createWebWorker = webWorkerFactory(monaco);
  // The schema's uri is a name only: enableSchemaRequest is off, so nothing is ever fetched.
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
}
