#!/usr/bin/env bash
# Source this file (". scripts/ensure-node.sh"): it makes sure a Node.js >= 22.12 is first on PATH.
#
# Astro 7 needs Node >= 22.12. When the Node on PATH is older (Debian's Node 20, say), we install the
# `node` package from the npm registry (it ships real Node binaries, through its arch-specific
# dependency) into a cache folder and put it on PATH. Nothing else is downloaded, so this works on
# machines that reach only the npm registry. The major version comes from .nvmrc.
#
# GATEWAY_LAB_NODE_DIR overrides the cache folder (default ~/.cache/gateway-lab/node<major>).
gwl_node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=12)?0:1)' 2>/dev/null
}

if ! gwl_node_ok; then
  gwl_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  gwl_major="$(tr -dc '0-9' <"$gwl_root/.nvmrc" 2>/dev/null)"
  gwl_major="${gwl_major:-24}"
  GWL_NODE_DIR="${GATEWAY_LAB_NODE_DIR:-$HOME/.cache/gateway-lab/node$gwl_major}"
  if [ ! -x "$GWL_NODE_DIR/node_modules/.bin/node" ] || ! "$GWL_NODE_DIR/node_modules/.bin/node" --version >/dev/null 2>&1; then
    echo "gateway-lab: Node $(node --version 2>/dev/null || echo none) is older than 22.12; installing node@$gwl_major into $GWL_NODE_DIR" >&2
    # Install into a fresh folder and move it into place, so an interrupted or concurrent install never
    # leaves a half-installed Node behind.
    gwl_tmp="$GWL_NODE_DIR.tmp.$$"
    rm -rf "$gwl_tmp" && mkdir -p "$gwl_tmp"
    if npm install --no-audit --no-fund --no-save --loglevel=error --prefix "$gwl_tmp" "node@$gwl_major" >&2 &&
      "$gwl_tmp/node_modules/.bin/node" --version >/dev/null 2>&1; then
      rm -rf "$GWL_NODE_DIR" && mv "$gwl_tmp" "$GWL_NODE_DIR"
    else
      rm -rf "$gwl_tmp"
      echo "gateway-lab: could not install node@$gwl_major from the npm registry (see npm's message above)" >&2
      return 1 2>/dev/null || exit 1
    fi
  fi
  export PATH="$GWL_NODE_DIR/node_modules/.bin:$PATH"
  hash -r
  gwl_node_ok || {
    echo "gateway-lab: the Node in $GWL_NODE_DIR does not run" >&2
    return 1 2>/dev/null || exit 1
  }
fi
