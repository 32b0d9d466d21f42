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
import EditorWorker from './editor.worker.ts?worker';
import YamlWorker from './yaml.worker.ts?worker';

globalThis.MonacoEnvironment = {
  getWorker(_moduleId: string, label: string) {
    return label === 'yaml' ? new YamlWorker() : new EditorWorker();
  },
};

/** monaco-yaml with the resource schemas, loaded once, on the learner's first interaction. */
let yamlLanguage: Promise<void> | null = null;
export function enableYamlLanguage(): Promise<void> {
  yamlLanguage ??= import('./yaml-language.ts').then((m) => m.configure(monaco));
  return yamlLanguage;
}

export { monaco };
