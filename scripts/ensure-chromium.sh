#!/usr/bin/env bash
# Source this file (". scripts/ensure-chromium.sh") after scripts/ensure-node.sh and with the project's
# node_modules installed: it makes sure the end-to-end tests have a Chromium to drive. It tries, in order:
#   1. $PLAYWRIGHT_CHROMIUM_PATH, if set (it must run);
#   2. Debian's /usr/bin/chromium;
#   3. a Chromium already in Playwright's browser cache;
#   4. `npx playwright install chromium` (needs Playwright's download host: fine on a laptop, fails fast
#      on a machine that reaches only the package registries);
#   5. as root with apt: `apt-get update && apt-get install -y chromium` (Debian's package).
# It exports PLAYWRIGHT_CHROMIUM_PATH for 1, 2 and 5; for 3 and 4 it leaves it unset, and
# playwright.config.ts lets Playwright use its own browser.

gwl_chromium_runs() {
  [ -x "$1" ] && "$1" --version >/dev/null 2>&1
}

# Playwright's own Chromium, if it is in the cache (prints its path, or nothing).
gwl_playwright_chromium() {
  node -e '
    const fs = require("node:fs");
    try {
      const path = require("playwright-core").chromium.executablePath();
      if (path && fs.existsSync(path)) process.stdout.write(path);
    } catch {}
  ' 2>/dev/null
}

gwl_ensure_chromium() {
  if [ -n "${PLAYWRIGHT_CHROMIUM_PATH:-}" ]; then
    if gwl_chromium_runs "$PLAYWRIGHT_CHROMIUM_PATH"; then
      echo "gateway-lab: Chromium from PLAYWRIGHT_CHROMIUM_PATH ($PLAYWRIGHT_CHROMIUM_PATH)" >&2
      return 0
    fi
    echo "gateway-lab: PLAYWRIGHT_CHROMIUM_PATH=$PLAYWRIGHT_CHROMIUM_PATH does not run" >&2
    return 1
  fi
  if gwl_chromium_runs /usr/bin/chromium; then
    export PLAYWRIGHT_CHROMIUM_PATH=/usr/bin/chromium
    echo "gateway-lab: Chromium from /usr/bin/chromium" >&2
    return 0
  fi
  local cached
  cached="$(gwl_playwright_chromium)"
  if [ -n "$cached" ]; then
    echo "gateway-lab: Chromium from Playwright's cache ($cached)" >&2
    return 0
  fi
  echo "gateway-lab: no Chromium found; trying 'npx playwright install chromium'" >&2
  if timeout 600 npx --no-install playwright install chromium >&2; then
    cached="$(gwl_playwright_chromium)"
    if [ -n "$cached" ]; then
      echo "gateway-lab: Chromium from Playwright's cache ($cached)" >&2
      return 0
    fi
  fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "gateway-lab: installing Debian's chromium with apt-get" >&2
    if { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >&2 &&
      gwl_chromium_runs /usr/bin/chromium; then
      export PLAYWRIGHT_CHROMIUM_PATH=/usr/bin/chromium
      echo "gateway-lab: Chromium from /usr/bin/chromium" >&2
      return 0
    fi
  fi
  echo "gateway-lab: could not find or install a Chromium for the end-to-end tests." >&2
  echo "  Install one (Debian/Ubuntu: 'sudo apt-get install chromium'), or run 'npx playwright install chromium'," >&2
  echo "  or point PLAYWRIGHT_CHROMIUM_PATH at a Chromium or Chrome binary." >&2
  return 1
}

gwl_ensure_chromium || { return 1 2>/dev/null || exit 1; }
