#!/usr/bin/env bash
# Source this file (". scripts/ensure-node.sh"): it makes sure a Node.js >= 22.12 is first on PATH.
# Astro 7 needs Node >= 22.12. When the system Node is older, we install the `node` package from the
# npm registry (it ships real Node binaries) into a cache folder and put it on PATH. Nothing else is
# downloaded, so this works on machines that reach only the npm registry.
gwl_node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=12)?0:1)' 2>/dev/null
}
if ! gwl_node_ok; then
  GWL_NODE_DIR="${GATEWAY_LAB_NODE_DIR:-$HOME/.cache/gateway-lab/node24}"
  if [ ! -x "$GWL_NODE_DIR/node_modules/.bin/node" ]; then
    echo "gateway-lab: Node $(node --version 2>/dev/null || echo none) is older than 22.12; installing node@24 into $GWL_NODE_DIR" >&2
    mkdir -p "$GWL_NODE_DIR"
    npm install --silent --no-audit --no-fund --prefix "$GWL_NODE_DIR" node@24 >&2 || {
      echo "gateway-lab: could not install node@24 from the npm registry" >&2
      return 1 2>/dev/null || exit 1
    }
  fi
  export PATH="$GWL_NODE_DIR/node_modules/.bin:$PATH"
  hash -r
  gwl_node_ok || { echo "gateway-lab: installed Node does not run" >&2; return 1 2>/dev/null || exit 1; }
fi
