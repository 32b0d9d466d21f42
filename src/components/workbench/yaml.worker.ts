// monaco-yaml's language service (yaml-language-server) as a module worker, bundled by Vite.
import 'monaco-yaml/yaml.worker.js';
