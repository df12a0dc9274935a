#!/usr/bin/env bash
# The published page in a real browser: renders e2e/browser/testdata and the
# bundled examples with the built binary and drives them in Debian's headless
# chromium with playwright-core (node:test), checks them with axe-core and
# validates every page with the Nu Html Checker (vnu-jar, on java).
# Needs e2e/browser/install.sh to have run (it caches the npm packages).
# Prints the spec reporter's lines, then "N passed, M failed" last.
# With CI set, a missing chromium, Node or java is a FAIL, not a skip.
# BLUEPENCIL_BIN names the binary; without it the suite builds one.
set -uo pipefail
cd "$(dirname "$0")/../.."

CACHE=${BLUEPENCIL_E2E_CACHE:-$HOME/.cache/bluepencil-e2e}
DIR="$CACHE/browser"
NODE="$DIR/node-bin"

. e2e/lib/missing.sh
ls "$DIR"/.complete-* >/dev/null 2>&1 || missing browser "playwright-core, axe-core and vnu-jar are not installed: run e2e/browser/install.sh"
[ -x "$NODE" ] || missing browser "Node 24 is not installed: run e2e/browser/install.sh"
[ -x /usr/bin/chromium ] || missing browser "chromium is not installed: run e2e/browser/install.sh"
command -v java >/dev/null 2>&1 || missing browser "java is not installed: run e2e/browser/install.sh"

work=$(mktemp -d "${TMPDIR:-/tmp}/bluepencil-browser.XXXXXX")
trap 'rm -rf "$work"' EXIT
if [ -z "${BLUEPENCIL_BIN:-}" ]; then
  go build -o "$work/bluepencil" ./cmd/bluepencil || { echo "FAIL browser: go build ./cmd/bluepencil"; echo "0 passed, 1 failed"; exit 1; }
  BLUEPENCIL_BIN="$work/bluepencil"
fi

start=$SECONDS
BLUEPENCIL_BIN="$BLUEPENCIL_BIN" \
BP_PLAYWRIGHT="$DIR/app/node_modules/playwright-core" \
BP_AXE="$DIR/app/node_modules/axe-core/axe.min.js" \
BP_VNU="$(ls "$DIR"/app/node_modules/vnu-jar/build/dist/vnu.jar)" \
  timeout -k 10 600 "$NODE" --test --test-concurrency=2 \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$work/browser.tap" \
    ${BP_ONLY:-e2e/browser/tests/*.test.cjs}
rc=$?
p=$(grep -m1 '^# pass ' "$work/browser.tap" 2>/dev/null | awk '{print $3}')
f=$(grep -m1 '^# fail ' "$work/browser.tap" 2>/dev/null | awk '{print $3}')
p=${p:-0}
f=${f:-0}
if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
  echo "FAIL browser: the suite exited with status $rc without reporting a failure"
  f=1
fi
echo "browser e2e: $((SECONDS - start)) s" >&2
echo "$p passed, $f failed"
[ "$f" -eq 0 ]
