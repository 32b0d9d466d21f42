import { defineConfig } from 'vitest/config';

// Unit and conformance tests for the simulator, the CLI and the lab data. End-to-end browser tests
// live in tests/e2e and run under Playwright, not Vitest.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    testTimeout: 30_000,
  },
});
