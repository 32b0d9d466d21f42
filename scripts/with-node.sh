#!/usr/bin/env bash
# Runs a command with Node >= 22.12 and the project's node_modules/.bin first on PATH.
set -e
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=ensure-node.sh
. "$here/scripts/ensure-node.sh"
export PATH="$here/node_modules/.bin:$PATH"
exec "$@"
