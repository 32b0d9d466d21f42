// The site's Astro config for the @editor tests in development (workbench-dev.config.ts), with its own
// Vite cache directory, so the test server neither disturbs nor depends on a developer's `astro dev`, and
// without Astro's dev toolbar (not part of the site; on a cold cache its entry point is one of the
// imports Vite answers with 504 "Outdated Optimize Dep" while it re-optimizes).
import config from '../../astro.config.mjs';

export default {
  ...config,
  devToolbar: { enabled: false },
  vite: { ...config.vite, cacheDir: 'node_modules/.vite-workbench-e2e' },
};
