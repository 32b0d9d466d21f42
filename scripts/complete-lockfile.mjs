#!/usr/bin/env node
// Keeps package-lock.json usable by `npm ci` on every platform.
//
// Packages with native binaries (Astro's compiler, Pagefind, ...) list one optional dependency per
// platform, pinned to their own version. When the registry an install talks to lacks some of those
// platform packages at that version (a partial mirror, as on this project's machines), `npm install`
// silently leaves them out of the lockfile, and then `npm ci` refuses the lockfile everywhere:
// "Missing: @pagefind/darwin-arm64@ from lock file". This script adds the missing entries (version, os,
// cpu, libc; no integrity, so npm checks nothing it cannot know), nested under the package that needs
// them when another version already holds the hoisted slot. npm skips them on other platforms, and a
// machine of that platform fetches them from its registry as usual.
//
//   node scripts/complete-lockfile.mjs          add what is missing, then let npm re-sort the file
//   node scripts/complete-lockfile.mjs --check  exit 1 and list what is missing, change nothing
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const lockPath = path.join(root, 'package-lock.json');
const check = process.argv.includes('--check');

const lock = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
const packages = lock.packages;

/** The lockfile path Node would resolve `name` to from the package at `from` (walking up node_modules). */
function resolveFrom(from, name) {
  let dir = from;
  for (;;) {
    const candidate = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!dir) return undefined;
    const cut = dir.lastIndexOf('/node_modules/');
    dir = cut >= 0 ? dir.slice(0, cut) : '';
  }
}

/** os/cpu/libc/license of a package: from any version already in the lockfile, else from the registry. */
function platformFields(name) {
  const known = Object.entries(packages).find(([key]) => key.endsWith(`node_modules/${name}`));
  const source = known
    ? known[1]
    : JSON.parse(
        execFileSync('npm', ['view', name, 'os', 'cpu', 'libc', 'license', '--json'], { encoding: 'utf8' }) ||
          '{}',
      );
  return Object.fromEntries(
    ['cpu', 'os', 'libc', 'license'].filter((f) => source[f]).map((f) => [f, source[f]]),
  );
}

const exactVersion = /^\d+\.\d+\.\d+(-[\w.]+)?$/;
const missing = [];
for (const [from, meta] of Object.entries(packages)) {
  for (const [name, spec] of Object.entries(meta.optionalDependencies ?? {})) {
    // Platform packages are pinned exactly; ranges (fsevents, sharp) are resolved by npm as usual.
    if (!exactVersion.test(spec)) continue;
    const resolved = resolveFrom(from, name);
    if (resolved && packages[resolved].version === spec) continue;
    const at = resolved ? `${from ? `${from}/` : ''}node_modules/${name}` : `node_modules/${name}`;
    missing.push({ at, name, spec, dev: Boolean(meta.dev), by: from || '(root)' });
  }
}

if (missing.length === 0) {
  console.log('package-lock.json: every pinned optional (platform) dependency is present');
  process.exit(0);
}
if (check) {
  console.error('package-lock.json lacks platform packages, so `npm ci` will refuse it:');
  for (const m of missing) console.error(`  ${m.name}@${m.spec} (needed by ${m.by})`);
  console.error('Fix: node scripts/complete-lockfile.mjs, then commit package-lock.json.');
  process.exit(1);
}
for (const m of missing) {
  packages[m.at] = {
    version: m.spec,
    ...(m.dev ? { dev: true } : {}),
    optional: true,
    ...platformFields(m.name),
  };
  console.log(`added ${m.at}@${m.spec}`);
}
fs.writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
// Let npm put the entries in its own order, so the next `npm install` does not reshuffle the file.
execFileSync('npm', ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund'], {
  cwd: root,
  stdio: 'inherit',
});
