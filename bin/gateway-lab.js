#!/usr/bin/env node
// gateway-lab: the simulator's command line. The sources are TypeScript; Node >= 22.18 (and 23.6+)
// runs them directly by stripping types. Older Node versions get tsx's loader instead, so the CLI works
// right after `npm ci` with no build step.
if (!process.features?.typescript) {
  const { register } = await import('tsx/esm/api');
  register();
}
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
