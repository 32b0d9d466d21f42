#!/usr/bin/env bash
# `npm test`: every check the project has, fastest first, stopping at the first failure:
#   lockfile (npm ci-able) → lint (prettier --check, eslint) → typecheck (astro check) → unit (vitest run) → build (astro build)
#   → labs verify (only once bin/gateway-lab.js exists) → end-to-end (Playwright against astro preview).
# It bootstraps what a fresh machine lacks: Node >= 22.12 (scripts/ensure-node.sh), node_modules (npm ci,
# only when missing) and a Chromium (scripts/ensure-chromium.sh).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# shellcheck source=ensure-node.sh
. scripts/ensure-node.sh
export PATH="$root/node_modules/.bin:$PATH"

if [ ! -d node_modules ]; then
  echo "gateway-lab: node_modules is missing; running npm ci" >&2
  npm ci --no-audit --no-fund
fi

reports="$root/.cache/reports"
rm -rf "$reports"
mkdir -p "$reports"

# The closing line counts the unit and end-to-end tests that ran, whatever the outcome.
summary() {
  node - "$reports" <<'EOF' || true
const fs = require('node:fs');
const path = require('node:path');
const dir = process.argv[2];
const read = (name) => {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
  } catch {
    return undefined;
  }
};
let passed = 0;
let failed = 0;
let skipped = 0;
const vitest = read('vitest.json');
if (vitest) {
  passed += vitest.numPassedTests ?? 0;
  failed += vitest.numFailedTests ?? 0;
  skipped += (vitest.numPendingTests ?? 0) + (vitest.numTodoTests ?? 0);
}
const playwright = read('playwright.json');
if (playwright?.stats) {
  passed += (playwright.stats.expected ?? 0) + (playwright.stats.flaky ?? 0);
  failed += playwright.stats.unexpected ?? 0;
  skipped += playwright.stats.skipped ?? 0;
}
if (vitest || playwright) console.log(`\n${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ''));
EOF
}
trap summary EXIT

step() {
  local name="$1"
  shift
  echo
  echo "━━ $name: $*"
  local started=$SECONDS
  if ! "$@"; then
    echo "━━ $name FAILED after $((SECONDS - started))s" >&2
    exit 1
  fi
  echo "━━ $name ok ($((SECONDS - started))s)"
}

echo "gateway-lab: Node $(node --version), $(command -v node)"

step lockfile node scripts/complete-lockfile.mjs --check
step lint-format prettier --check .
step lint-eslint eslint .
step typecheck astro check
step unit vitest run --reporter=default --reporter=json --outputFile.json="$reports/vitest.json"
step build astro build
if [ -f bin/gateway-lab.js ]; then
  step labs-verify node bin/gateway-lab.js labs verify
else
  echo
  echo "━━ labs-verify: skipped (bin/gateway-lab.js does not exist yet)"
fi

# shellcheck source=ensure-chromium.sh
. scripts/ensure-chromium.sh
step e2e playwright test
