// The lab workbench: a YAML editor (Monaco + monaco-yaml) with one tab per file, a browser panel and a
// terminal panel for requests, and the simulator's answer rendered as outcomes, traces, connections,
// transcripts, proxy-config tables, gateway logs and problems. Framework-free: the page ships this
// module only where a workbench is on screen (see loader.ts).
//
// The simulator runs in a Web Worker (sim.worker.ts); this module never decides anything about routing,
// it renders what the worker returns. Work is never lost: every edit is autosaved per lab (or for the
// playground), reset asks first, and share links carry the whole state.
import type * as Monaco from 'monaco-editor/esm/vs/editor/editor.api.js';
import type { TraceSource } from '../../sim/index.ts';
import type { GoalResult } from '../../labs/goals.ts';
import { markLabComplete } from '../../labs/progress.ts';
import { ask, askText, fill, h, nextId, tabs } from './dom.ts';
import { hunks, lineDiff } from './diff.ts';
import {
  PROXY_CONFIG_KINDS,
  renderConnections,
  renderLogs,
  renderProblems,
  renderProxyConfig,
  renderResults,
} from './results.ts';
import type { RenderContext, T } from './results.ts';
import {
  BEFORE_SHARE_SUFFIX,
  applyableYaml,
  download,
  forget,
  loadSaved,
  readShared,
  sameState,
  save,
  shareUrl,
} from './state.ts';
import { listen, send } from './sim-client.ts';
import type { SimRequest, SimResponse, SimSuccess, WorkbenchConfig, WorkbenchState } from './types.ts';
import './workbench.css';

type MonacoApi = typeof Monaco;
type MonacoModule = typeof import('./monaco.ts');

/** Edits are simulated this long after the last keystroke. */
const SIM_DEBOUNCE_MS = 90;
const SAVE_DEBOUNCE_MS = 300;

function translator(strings: Record<string, string>): T {
  return (key, vars) => {
    const template = strings[key] ?? key;
    return vars
      ? template.replace(/\{(\w+)\}/g, (w, n: string) => (n in vars ? String(vars[n]) : w))
      : template;
  };
}

function clone<X>(x: X): X {
  return JSON.parse(JSON.stringify(x)) as X;
}

export interface MountedWorkbench {
  /** Resolves once the editor can be typed in. */
  editorReady: Promise<void>;
}

export function mount(
  root: HTMLElement,
  config: WorkbenchConfig,
  monacoPromise: Promise<MonacoModule>,
): MountedWorkbench {
  const t = translator(config.strings);
  const lab = config.lab;
  const key = config.key;
  let state: WorkbenchState = clone(config.initial);
  const saved = loadSaved(key);
  if (saved && lab) {
    // The lab may have changed since the learner's last visit: read-only context always comes from
    // the lab as it is now, and a file the lab gained is added; the learner's own files are kept.
    const mine = new Map(saved.files.map((f) => [f.name, f]));
    state = {
      ...saved,
      files: config.initial.files.map((f) =>
        f.readOnly ? f : { ...(mine.get(f.name) ?? f), readOnly: undefined },
      ),
    };
    state.files.forEach((f) => f.readOnly === undefined && delete f.readOnly);
  } else if (saved) state = saved;

  // --- skeleton ---------------------------------------------------------------------------------------
  const status = h('p', { class: 'wb-status', role: 'status', 'aria-live': 'polite' });
  const notice = h('div', { class: 'wb-notice-area' });
  const runButton = h(
    'button',
    { type: 'button', class: 'wb-button wb-primary', 'aria-keyshortcuts': 'Control+Enter Meta+Enter' },
    t('workbench.run'),
  );
  const resetButton = h(
    'button',
    { type: 'button', class: 'wb-button' },
    t(lab ? 'lab.reset' : 'workbench.resetPlayground'),
  );
  const downloadButton = h('button', { type: 'button', class: 'wb-button' }, t('workbench.download'));
  const shareButton = h('button', { type: 'button', class: 'wb-button' }, t('workbench.share'));
  const shareOut = h('div', { class: 'wb-share' });
  const toolbar = h(
    'div',
    { class: 'wb-toolbar', role: 'group', 'aria-label': t('workbench.toolbar') },
    runButton,
    resetButton,
    downloadButton,
    shareButton,
  );

  const fileTabs = h('div', {
    class: 'wb-tablist wb-filetabs',
    role: 'tablist',
    'aria-label': t('workbench.files'),
  });
  const editorHost = h('div', { class: 'wb-editor', id: nextId('wb-editor') });
  const editorPanel = h(
    'div',
    { role: 'tabpanel', class: 'wb-editor-panel', id: nextId('wb-editor-panel') },
    editorHost,
  );
  const editorLoading = h('p', { class: 'wb-loading' }, t('workbench.editorLoading'));
  editorHost.append(editorLoading);
  const fileActions = h('div', { class: 'wb-file-actions' });
  const problemsHost = h('div', { class: 'wb-problems-host' });

  const browserInput = h('textarea', {
    class: 'wb-input',
    rows: 4,
    spellcheck: 'false',
    autocapitalize: 'off',
    autocomplete: 'off',
    id: nextId('wb-browser'),
  });
  const terminalInput = h('textarea', {
    class: 'wb-input wb-terminal',
    rows: 4,
    spellcheck: 'false',
    autocapitalize: 'off',
    autocomplete: 'off',
    id: nextId('wb-terminal'),
  });
  const reqTabs = tabs(t('lab.requests.heading'), [
    { key: 'browser', label: t('workbench.browser') },
    { key: 'terminal', label: t('workbench.terminal') },
  ]);
  const browserHelp = h('p', { class: 'wb-small', id: nextId('wb-help') }, t('workbench.browser.help'));
  const terminalHelp = h('p', { class: 'wb-small', id: nextId('wb-help') }, t('workbench.terminal.help'));
  browserInput.setAttribute('aria-describedby', browserHelp.id);
  terminalInput.setAttribute('aria-describedby', terminalHelp.id);
  reqTabs.panels.browser.append(
    h('label', { for: browserInput.id, class: 'wb-label' }, t('workbench.browser.label')),
    browserInput,
    browserHelp,
  );
  // The playground may change the client (a lab's client is part of the lab: switching the browser to
  // HTTP/1.1 would sidestep the connection reuse some labs are about).
  const protocolSelect = h(
    'select',
    { id: nextId('wb-protocol'), class: 'wb-select' },
    h('option', { value: '2' }, t('workbench.browser.h2')),
    h('option', { value: '1.1' }, t('workbench.browser.h1')),
  );
  if (config.mode === 'playground') {
    reqTabs.panels.browser.append(
      h(
        'p',
        { class: 'wb-row' },
        h('label', { for: protocolSelect.id }, t('workbench.browser.protocol')),
        protocolSelect,
      ),
    );
    protocolSelect.addEventListener('change', () => {
      state.client = { ...state.client, http: protocolSelect.value === '1.1' ? '1.1' : '2' };
      changed();
    });
  }
  reqTabs.panels.terminal.append(
    h('label', { for: terminalInput.id, class: 'wb-label' }, t('workbench.terminal.label')),
    h('div', { class: 'wb-terminal-wrap' }, terminalInput),
    terminalHelp,
  );

  const banner = h('div', { class: 'wb-banner-host', 'aria-live': 'polite' });
  const timing = h('span', { class: 'wb-small wb-timing' });
  const resultTabs = tabs(t('workbench.results'), [
    { key: 'requests', label: t('workbench.tab.requests') },
    { key: 'connections', label: t('workbench.tab.connections') },
    { key: 'config', label: t('workbench.tab.config') },
    { key: 'logs', label: t('workbench.tab.logs') },
    { key: 'problems', label: t('workbench.tab.problems') },
  ]);
  const pcTabs = tabs(
    t('workbench.tab.config'),
    PROXY_CONFIG_KINDS.map((k) => ({ key: k, label: t(`workbench.pc.${k}`) })),
  );
  resultTabs.panels.config.append(pcTabs.root);
  for (const p of Object.values(resultTabs.panels))
    p.append(h('p', { class: 'wb-empty' }, t('workbench.simulating')));

  const goalsHost = h('section', { class: 'wb-goals', 'aria-label': t('lab.goals.heading') });

  const left = h(
    'div',
    { class: 'wb-left' },
    h('h4', { class: 'wb-heading' }, t('workbench.configuration')),
    h('div', { class: 'wb-files-bar' }, fileTabs, fileActions),
    editorPanel,
    h(
      'details',
      { class: 'wb-problems-box', open: true },
      h('summary', null, t('workbench.tab.problems')),
      problemsHost,
    ),
  );
  const right = h(
    'div',
    { class: 'wb-right' },
    h('h4', { class: 'wb-heading' }, t('lab.requests.heading')),
    reqTabs.root,
    lab ? goalsHost : null,
    h('h4', { class: 'wb-heading' }, t('workbench.results'), ' ', timing),
    banner,
    resultTabs.root,
  );
  const shell = h(
    'section',
    {
      class: 'wb',
      'aria-label': lab ? t('workbench.labLabel', { title: lab.title }) : t('workbench.playgroundLabel'),
    },
    toolbar,
    status,
    shareOut,
    notice,
    h('div', { class: 'wb-grid' }, left, right),
  );
  root.querySelector('[data-wb-placeholder]')?.remove();
  root.append(shell);
  root.dataset.wbMounted = '';

  const say = (msg: string) => {
    status.textContent = msg;
  };

  // --- the editor ---------------------------------------------------------------------------------------
  let monaco: MonacoApi | null = null;
  let editor: Monaco.editor.IStandaloneCodeEditor | null = null;
  const models = new Map<string, Monaco.editor.ITextModel>();
  const viewStates = new Map<string, Monaco.editor.ICodeEditorViewState | null>();
  // Learners start on the first file they are meant to edit, not on read-only context.
  let activeFile = (state.files.find((f) => !f.readOnly) ?? state.files[0])?.name ?? '';
  let highlight: Monaco.editor.IEditorDecorationsCollection | null = null;
  const uriBase = `file:///${key}/`;
  const uriOf = (name: string) => monaco!.Uri.parse(uriBase + encodeURIComponent(name));

  function renderFileTabs() {
    fileTabs.replaceChildren();
    state.files.forEach((f) => {
      const on = f.name === activeFile;
      const b = h(
        'button',
        {
          type: 'button',
          role: 'tab',
          class: 'wb-tab',
          'aria-selected': String(on),
          'aria-controls': editorPanel.id,
          tabindex: on ? 0 : -1,
          'data-file': f.name,
        },
        f.name,
        f.readOnly ? h('span', { class: 'wb-readonly' }, t('workbench.readOnlyBadge')) : null,
      );
      b.addEventListener('click', () => selectFile(f.name));
      b.addEventListener('keydown', (e) => {
        const i = state.files.findIndex((x) => x.name === f.name);
        let n = -1;
        if (e.key === 'ArrowRight') n = (i + 1) % state.files.length;
        else if (e.key === 'ArrowLeft') n = (i - 1 + state.files.length) % state.files.length;
        else if (e.key === 'Home') n = 0;
        else if (e.key === 'End') n = state.files.length - 1;
        if (n < 0) return;
        e.preventDefault();
        selectFile(state.files[n].name);
        (
          fileTabs.querySelector(`[data-file="${CSS.escape(state.files[n].name)}"]`) as HTMLElement | null
        )?.focus();
      });
      fileTabs.append(b);
    });
    const active = state.files.find((f) => f.name === activeFile);
    editorPanel.setAttribute('aria-label', active ? active.name : '');
  }

  function editorAriaLabel(name: string, readOnly: boolean): string {
    return t(readOnly ? 'workbench.editor.ariaReadOnly' : 'workbench.editor.aria', { file: name });
  }

  function selectFile(name: string) {
    if (!state.files.some((f) => f.name === name)) return;
    // Only the model on screen has a view state to keep (after a rename the old model is gone).
    const shown = models.get(activeFile);
    if (editor && shown && editor.getModel() === shown) viewStates.set(activeFile, editor.saveViewState());
    activeFile = name;
    renderFileTabs();
    const f = state.files.find((x) => x.name === name)!;
    if (editor && monaco) {
      editor.setModel(models.get(name) ?? null);
      const vs = viewStates.get(name);
      if (vs) editor.restoreViewState(vs);
      editor.updateOptions({
        readOnly: !!f.readOnly,
        readOnlyMessage: { value: t('workbench.readOnlyMessage') },
        ariaLabel: editorAriaLabel(name, !!f.readOnly),
      });
    }
  }

  function ensureModels() {
    if (!monaco) return;
    const names = new Set(state.files.map((f) => f.name));
    for (const [name, m] of models) {
      if (!names.has(name)) {
        m.dispose();
        models.delete(name);
      }
    }
    for (const f of state.files) {
      let m = models.get(f.name);
      if (!m) {
        m = monaco.editor.createModel(f.content, 'yaml', uriOf(f.name));
        const model = m;
        m.onDidChangeContent(() => {
          const file = state.files.find((x) => x.name === f.name);
          if (!file) return;
          file.content = model.getValue();
          changed();
        });
        models.set(f.name, m);
      } else if (m.getValue() !== f.content) {
        m.setValue(f.content);
      }
    }
  }

  function themeName() {
    return document.documentElement.dataset.theme === 'dark' ? 'gateway-lab-dark' : 'vs';
  }

  const editorReady = monacoPromise.then(({ monaco: m, enableYamlLanguage }) => {
    monaco = m;
    // vs-dark's comment green (#608b4e on #1e1e1e) is 4.2:1; WCAG AA needs 4.5:1 for text this size.
    m.editor.defineTheme('gateway-lab-dark', {
      base: 'vs-dark',
      inherit: true,
      rules: [{ token: 'comment', foreground: '7ca668' }],
      colors: {},
    });
    ensureModels();
    editorLoading.remove();
    const f = state.files.find((x) => x.name === activeFile);
    editor = m.editor.create(editorHost, {
      model: models.get(activeFile) ?? null,
      theme: themeName(),
      automaticLayout: true,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      fontSize: 13,
      tabSize: 2,
      insertSpaces: true,
      wordWrap: 'off',
      renderWhitespace: 'none',
      fixedOverflowWidgets: true,
      readOnly: !!f?.readOnly,
      readOnlyMessage: { value: t('workbench.readOnlyMessage') },
      ariaLabel: editorAriaLabel(activeFile, !!f?.readOnly),
      quickSuggestions: { other: true, comments: false, strings: true },
      // Completion comes from the schema (monaco-yaml); words from other files (certificate base64) are noise.
      wordBasedSuggestions: 'off',
    });
    editor.addCommand(m.KeyMod.CtrlCmd | m.KeyCode.Enter, () => runNow());
    // Schema completion, hover docs and validation start when the learner first works in the editor.
    const wake = [editor.onDidFocusEditorText(() => startYaml()), editor.onMouseMove(() => startYaml())];
    const startYaml = () => {
      wake.forEach((d) => d.dispose());
      void enableYamlLanguage();
    };
    new MutationObserver(() => m.editor.setTheme(themeName())).observe(document.documentElement, {
      attributes: true,
      attributeFilter: ['data-theme'],
    });
    if (last) applyMarkers(last);
    root.dataset.wbEditorReady = '';
    // For scripts/bench-browser.ts: navigation → editable editor.
    performance.mark('gateway-lab:editor-ready');
  });
  editorReady.catch((e: unknown) => {
    editorLoading.textContent = t('workbench.editorFailed', {
      error: e instanceof Error ? e.message : String(e),
    });
  });

  function reveal(source: TraceSource) {
    if (!source.file || !source.range) return;
    if (!state.files.some((f) => f.name === source.file)) return;
    selectFile(source.file);
    if (!editor || !monaco) return;
    const r = source.range;
    const range = new monaco.Range(
      r.line,
      r.column,
      Math.max(r.line, r.endColumn === 1 ? r.endLine - 1 : r.endLine),
      1,
    );
    highlight?.clear();
    highlight = editor.createDecorationsCollection([
      {
        range,
        options: {
          isWholeLine: true,
          className: 'wb-highlight',
          linesDecorationsClassName: 'wb-highlight-gutter',
        },
      },
    ]);
    editor.revealRangeInCenter(range);
    editor.setPosition({ lineNumber: r.line, column: r.column });
    say(
      t('workbench.highlighted', { file: source.file, from: range.startLineNumber, to: range.endLineNumber }),
    );
  }

  const ctx: RenderContext = { t, base: config.base, reveal };

  // --- playground file actions ------------------------------------------------------------------------
  if (config.mode === 'playground') {
    const addButton = h(
      'button',
      { type: 'button', class: 'wb-button wb-small-button' },
      t('workbench.file.add'),
    );
    const removeButton = h(
      'button',
      { type: 'button', class: 'wb-button wb-small-button' },
      t('workbench.file.remove'),
    );
    addButton.addEventListener('click', () => {
      let n = state.files.length + 1;
      while (state.files.some((f) => f.name === `file-${n}.yaml`)) n++;
      const name = `file-${n}.yaml`;
      state.files.push({ name, content: '' });
      ensureModels();
      selectFile(name);
      changed();
      editor?.focus();
    });
    removeButton.addEventListener('click', async () => {
      if (state.files.length <= 1) return;
      const name = activeFile;
      if (
        !(await ask(
          t('workbench.file.removeConfirm', { file: name }),
          t('workbench.file.remove'),
          t('workbench.cancel'),
        ))
      )
        return;
      state.files = state.files.filter((f) => f.name !== name);
      activeFile = state.files[0].name;
      ensureModels();
      selectFile(activeFile);
      changed();
    });
    const renameButton = h(
      'button',
      { type: 'button', class: 'wb-button wb-small-button' },
      t('workbench.file.rename'),
    );
    renameButton.addEventListener('click', async () => {
      const from = activeFile;
      const to = await askText({
        label: t('workbench.file.renameLabel', { file: from }),
        value: from,
        confirmLabel: t('workbench.file.rename'),
        cancelLabel: t('workbench.cancel'),
        check: (value) => fileNameProblem(value, from),
      });
      if (to === null || to === from) return;
      renameFile(from, to);
      say(t('workbench.file.renamed', { from, to }));
      (fileTabs.querySelector(`[data-file="${CSS.escape(to)}"]`) as HTMLElement | null)?.focus();
    });
    fileActions.append(addButton, renameButton, removeButton);
  }

  /** Why `value` cannot name a file (null when it can): names appear in diagnostics, links and downloads. */
  function fileNameProblem(value: string, current: string): string | null {
    const name = value.trim();
    if (!name) return t('workbench.file.nameEmpty');
    if (!/^[\w.-]{1,64}$/.test(name) || name.startsWith('.')) return t('workbench.file.nameChars');
    if (!/\.ya?ml$/i.test(name)) return t('workbench.file.nameExtension');
    if (name !== current && state.files.some((f) => f.name === name))
      return t('workbench.file.nameTaken', { file: name });
    return null;
  }

  /** The file keeps its place, text, cursor and scroll position under its new name. */
  function renameFile(from: string, to: string) {
    const file = state.files.find((f) => f.name === from);
    if (!file) return;
    const onScreen = editor && activeFile === from;
    viewStates.set(to, onScreen ? editor!.saveViewState() : (viewStates.get(from) ?? null));
    viewStates.delete(from);
    file.name = to;
    if (activeFile === from) activeFile = to;
    ensureModels(); // disposes the old name's model, creates the new one from the same text
    selectFile(activeFile);
    changed();
  }

  // --- requests -----------------------------------------------------------------------------------------
  function syncInputs() {
    browserInput.value = state.browser.join('\n');
    terminalInput.value = state.terminal;
    protocolSelect.value = state.client.http === '1.1' ? '1.1' : '2';
  }
  syncInputs();
  reqTabs.select(state.browser.length || !state.terminal.trim() ? 'browser' : 'terminal');
  browserInput.addEventListener('input', () => {
    state.browser = browserInput.value.split('\n');
    changed();
  });
  terminalInput.addEventListener('input', () => {
    state.terminal = terminalInput.value;
    changed();
  });
  const runKey = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      runNow();
    }
  };
  browserInput.addEventListener('keydown', runKey);
  terminalInput.addEventListener('keydown', runKey);
  runButton.addEventListener('click', () => runNow());

  // --- simulation -----------------------------------------------------------------------------------------
  const wbId = nextId('wb');
  let sent = 0;
  let applied = 0;
  let last: SimSuccess | null = null;
  let simTimer: ReturnType<typeof setTimeout> | undefined;
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  let completed = false;

  function runNow() {
    clearTimeout(simTimer);
    const req: SimRequest = {
      wb: wbId,
      id: ++sent,
      files: state.files.map((f) => ({ name: f.name, text: f.content })),
      scenario: { ...config.scenario, client: state.client },
      browser: state.browser,
      terminal: state.terminal,
      slots: config.slots,
      browserRequests: config.browserRequests,
      lab,
    };
    root.dataset.wbPending = String(req.id);
    send(req);
  }

  function changed() {
    clearTimeout(simTimer);
    simTimer = setTimeout(runNow, SIM_DEBOUNCE_MS);
    clearTimeout(saveTimer);
    saveTimer = setTimeout(persist, SAVE_DEBOUNCE_MS);
  }

  function persist() {
    clearTimeout(saveTimer);
    if (sameState(state, config.initial)) {
      forget(key);
      return;
    }
    if (!save(key, state)) say(t('workbench.saveFailed'));
  }
  // Leaving the page must not lose the last keystrokes.
  addEventListener('pagehide', persist);

  function showFailure(message: string) {
    fill(
      banner,
      h(
        'div',
        { class: 'wb-banner wb-banner-error', role: 'alert' },
        t('workbench.simFailed', { error: message }),
      ),
    );
  }

  listen(wbId, {
    onResult,
    onCrash: (message) => showFailure(message || t('workbench.workerFailed')),
  });

  function onResult(res: SimResponse) {
    if (res.id < applied) return;
    applied = res.id;
    if (!res.ok) showFailure(res.error);
    else {
      last = res;
      try {
        render(res);
        applyMarkers(res);
      } catch (e) {
        // A rendering bug must still leave a message, not a half-empty panel.
        showFailure(e instanceof Error ? e.message : String(e));
      }
    }
    // Tests and scripts/bench-browser.ts wait for these: the result of request `id` is on screen.
    root.dataset.wbApplied = String(res.id);
    performance.mark('gateway-lab:result', { detail: res.id });
  }

  function applyMarkers(res: SimSuccess) {
    if (!monaco) return;
    const sev = monaco.MarkerSeverity;
    for (const [name, model] of models) {
      const markers = res.diagnostics
        .filter((d) => d.file === name && d.range)
        .map((d) => ({
          severity: d.level === 'Error' ? sev.Error : d.level === 'Warning' ? sev.Warning : sev.Info,
          message: d.fix ? `${d.message}\n${t('workbench.fix')} ${d.fix}` : d.message,
          code: d.code,
          source: 'Gateway Lab',
          startLineNumber: d.range!.line,
          startColumn: d.range!.column,
          endLineNumber: d.range!.endLine,
          endColumn: d.range!.endColumn,
        }));
      monaco.editor.setModelMarkers(model, 'gateway-lab', markers);
    }
  }

  function render(res: SimSuccess) {
    const known = new Set(state.files.map((f) => f.name));
    timing.textContent = t('workbench.elapsed', { ms: res.elapsed });
    // Problems with the input itself (errors, and objects or fields the simulator had to skip) get a
    // banner above the results; analyzer warnings about a valid configuration stay in Problems.
    const INPUT_WARNINGS = new Set(['GWL0002', 'GWL0005', 'GWL0007']);
    const errors = res.diagnostics
      .filter((d) => d.level === 'Error' || INPUT_WARNINGS.has(d.code))
      .sort((a, b) => Number(b.level === 'Error') - Number(a.level === 'Error'));
    fill(
      banner,
      errors.length
        ? h(
            'div',
            { class: 'wb-banner wb-banner-warn' },
            t('workbench.configErrors', {
              count: errors.length,
              first: `[${errors[0].code}] ${errors[0].message}`,
            }),
          )
        : null,
    );
    fill(resultTabs.panels.requests, renderResults(ctx, res));
    fill(resultTabs.panels.connections, renderConnections(ctx, res));
    for (const k of PROXY_CONFIG_KINDS) fill(pcTabs.panels[k], renderProxyConfig(ctx, res, k));
    fill(resultTabs.panels.logs, renderLogs(ctx, res));
    const problems = () => renderProblems(ctx, res.diagnostics, known);
    fill(resultTabs.panels.problems, problems());
    fill(problemsHost, problems());
    resultTabs.tabButtons.problems.textContent = `${t('workbench.tab.problems')} (${res.diagnostics.length})`;
    if (lab && res.goals) renderGoals(res.goals);
  }

  // --- lab: goals, hints, solution, what you learned ---------------------------------------------------------
  let hintsShown = 0;
  const goalList = h('ul', { class: 'wb-goal-list' });
  const goalProgress = h('p', { class: 'wb-small' });
  const hintList = h('ol', { class: 'wb-hints' });
  const hintButton = h('button', { type: 'button', class: 'wb-button' });
  const solutionButton = h('button', { type: 'button', class: 'wb-button' }, t('lab.solution.show'));
  const solutionHost = h('div', { class: 'wb-solution' });
  const learnedHost = h('div', { class: 'wb-learned', 'aria-live': 'polite' });
  if (lab) {
    const updateHintButton = () => {
      hintButton.textContent = t('workbench.hint.next', { n: hintsShown + 1, total: lab.hints.length });
      hintButton.hidden = hintsShown >= lab.hints.length;
    };
    updateHintButton();
    hintButton.addEventListener('click', () => {
      if (hintsShown >= lab.hints.length) return;
      hintList.append(h('li', null, lab.hints[hintsShown++]));
      updateHintButton();
      (hintList.lastElementChild as HTMLElement | null)?.setAttribute('tabindex', '-1');
      (hintList.lastElementChild as HTMLElement | null)?.focus();
    });
    solutionButton.addEventListener('click', async () => {
      if (!(await ask(t('workbench.solution.confirm'), t('lab.solution.show'), t('workbench.cancel'))))
        return;
      showSolution();
    });
    goalsHost.append(
      h('h4', { class: 'wb-heading' }, t('lab.goals.heading')),
      goalProgress,
      goalList,
      h('div', { class: 'wb-hint-box' }, hintList, h('div', { class: 'wb-row' }, hintButton, solutionButton)),
      solutionHost,
      learnedHost,
    );
    // The page's static goal list is this list's no-JS twin; the live one replaces it.
    root.closest('.gl-lab')?.querySelector('[data-lab-static-goals]')?.setAttribute('hidden', '');
    root.closest('.gl-lab')?.querySelector('[data-lab-static-files]')?.setAttribute('hidden', '');
  }

  function renderGoals(goals: GoalResult[]) {
    if (!lab) return;
    const passed = goals.filter((g) => g.pass).length;
    goalProgress.textContent = t('lab.goals.progress', { passed, total: goals.length });
    fill(
      goalList,
      goals.map((g) =>
        h(
          'li',
          { class: g.pass ? 'wb-goal wb-goal-pass' : 'wb-goal wb-goal-fail', 'data-goal': g.id },
          h('span', { class: 'wb-goal-mark', 'aria-hidden': 'true' }, g.pass ? '✓' : '✗'),
          h(
            'div',
            null,
            h(
              'p',
              null,
              h(
                'span',
                { class: 'visually-hidden' },
                `${t(g.pass ? 'lab.goal.passed' : 'lab.goal.failed')}: `,
              ),
              g.description,
            ),
            !g.pass && (g.mismatches.length || g.because)
              ? h(
                  'p',
                  { class: 'wb-small' },
                  [g.mismatches.join('; '), g.because].filter(Boolean).join(' — '),
                )
              : null,
          ),
        ),
      ),
    );
    const all = goals.length > 0 && passed === goals.length;
    if (all && !learnedHost.childElementCount) {
      fill(
        learnedHost,
        h('h4', { class: 'wb-heading' }, `✓ ${t('lab.completed')}`),
        h('p', { class: 'wb-subhead' }, t('workbench.learned')),
        lab.learned.split(/\n\s*\n/).map((p) => h('p', null, p.trim())),
      );
    } else if (!all) learnedHost.replaceChildren();
    if (all && !completed) {
      completed = true;
      markLabComplete(lab.id);
    }
  }

  function showSolution() {
    if (!lab) return;
    const solution = config.solution ?? [];
    const blocks = solution.map((sf) => {
      const mine = state.files.find((f) => f.name === sf.name)?.content ?? '';
      const diff = lineDiff(mine, sf.content);
      const changedLines = diff.some((d) => d.op !== ' ');
      return h(
        'details',
        { class: 'wb-diff', open: changedLines },
        h(
          'summary',
          null,
          sf.name,
          ' ',
          h(
            'span',
            { class: 'wb-small' },
            t(changedLines ? 'workbench.diff.changed' : 'workbench.diff.same'),
          ),
        ),
        changedLines
          ? h(
              'pre',
              { tabindex: 0 },
              h(
                'code',
                null,
                hunks(diff).map((l) =>
                  l === null
                    ? h('span', { class: 'wb-diff-gap' }, '⋯\n')
                    : h(
                        l.op === '+' ? 'ins' : l.op === '-' ? 'del' : 'span',
                        { class: `wb-diff-${l.op === '+' ? 'add' : l.op === '-' ? 'del' : 'same'}` },
                        `${l.op} ${l.text}\n`,
                      ),
                ),
              ),
            )
          : null,
      );
    });
    const use = h('button', { type: 'button', class: 'wb-button' }, t('workbench.solution.use'));
    use.addEventListener('click', async () => {
      if (
        !(await ask(t('workbench.solution.useConfirm'), t('workbench.solution.use'), t('workbench.cancel')))
      )
        return;
      replaceState({
        ...state,
        files: clone(solution),
        ...(lab.solution.requests ? requestsOf(lab.solution.requests) : {}),
      });
    });
    fill(
      solutionHost,
      h('h4', { class: 'wb-heading' }, t('workbench.solution.heading')),
      h('p', { class: 'wb-small' }, t('workbench.solution.legend')),
      blocks,
      use,
    );
    solutionHost.querySelector('summary')?.focus();
  }

  function requestsOf(
    requests: NonNullable<typeof lab>['requests'],
  ): Pick<WorkbenchState, 'browser' | 'terminal'> {
    const browser: string[] = [];
    const terminal: string[] = [];
    const asBrowser = lab?.client.kind === 'browser';
    for (const r of requests) {
      if ('command' in r) terminal.push(r.command);
      else if ('url' in r && (asBrowser || r.browser !== undefined)) browser.push(r.url);
      else if ('url' in r) terminal.push(`curl -v ${r.url}`);
    }
    return { browser, terminal: terminal.join('\n') };
  }

  function replaceState(next: WorkbenchState) {
    state = clone(next);
    if (!state.files.some((f) => f.name === activeFile)) activeFile = state.files[0]?.name ?? '';
    ensureModels();
    selectFile(activeFile);
    syncInputs();
    changed();
    persist();
  }

  // --- toolbar --------------------------------------------------------------------------------------------
  resetButton.addEventListener('click', async () => {
    if (
      !(await ask(
        t(lab ? 'lab.reset.confirm' : 'workbench.resetPlayground.confirm'),
        t('workbench.reset.yes'),
        t('workbench.cancel'),
      ))
    )
      return;
    replaceState(config.initial);
    forget(key);
    say(t('workbench.reset.done'));
  });
  downloadButton.addEventListener('click', () => {
    download(`${key}.yaml`, applyableYaml(state.files));
    say(t('workbench.downloaded', { file: `${key}.yaml` }));
  });
  shareButton.addEventListener('click', async () => {
    persist();
    const url = await shareUrl(key, state, location);
    const input = h('input', {
      type: 'text',
      readonly: true,
      class: 'wb-share-url',
      value: url,
      id: nextId('wb-share'),
      'data-share-url': '',
    });
    fill(shareOut, h('label', { for: input.id, class: 'wb-label' }, t('workbench.share.label')), input);
    input.focus();
    input.select();
    try {
      await navigator.clipboard.writeText(url);
      say(t('workbench.share.copied'));
    } catch {
      say(t('workbench.share.select'));
    }
  });

  // --- a share link in the address bar --------------------------------------------------------------------
  void readShared(key, location.hash).then((shared) => {
    if (shared.kind === 'none') return;
    // The link's state applies once: afterwards the address is this page again, and reloads keep edits.
    history.replaceState(null, '', location.pathname + location.search);
    if (shared.kind === 'invalid') {
      fill(
        notice,
        h('p', { class: 'wb-banner wb-banner-warn', role: 'alert' }, t('workbench.share.invalid')),
      );
      return;
    }
    const before = clone(state);
    const hadWork = !sameState(before, config.initial) && !sameState(before, shared.state);
    if (hadWork) save(key + BEFORE_SHARE_SUFFIX, before);
    replaceState(shared.state);
    const restore = h('button', { type: 'button', class: 'wb-button' }, t('workbench.share.restore'));
    restore.addEventListener('click', () => {
      replaceState(before);
      notice.replaceChildren();
      say(t('workbench.share.restored'));
    });
    fill(
      notice,
      h(
        'div',
        { class: 'wb-banner', role: 'status' },
        h('p', null, t(hadWork ? 'workbench.share.loadedKept' : 'workbench.share.loaded')),
        hadWork ? restore : null,
      ),
    );
  });

  renderFileTabs();
  // The first simulation waits for the editor (or a moment), so that on a busy machine Monaco's start-up
  // gets the processor first; after that, every edit runs at once.
  let first = true;
  const firstRun = () => {
    if (!first) return;
    first = false;
    if (!sent) runNow();
  };
  void editorReady.then(firstRun, firstRun);
  setTimeout(firstRun, 1200);
  return { editorReady };
}
