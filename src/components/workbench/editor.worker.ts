// Monaco's own editor worker (word-based suggestions, diff and link computation), bundled by Vite.
import 'monaco-editor/esm/vs/editor/editor.worker.js';
