#!/usr/bin/env bash
# Writes docs/screenshots/page-NAME-{light,dark,phone,all-shown}.png: each
# bundled example (examples/clean) as its published page in headless
# chromium, cropped to the page, each under 200 KB. Needs
# e2e/browser/install.sh. BLUEPENCIL_BIN names the binary; without it one is
# built. Not a test: run it when the page's look changes.
set -euo pipefail
cd "$(dirname "$0")/../.."
CACHE=${BLUEPENCIL_E2E_CACHE:-$HOME/.cache/bluepencil-e2e}
DIR="$CACHE/browser"
work=$(mktemp -d "${TMPDIR:-/tmp}/bluepencil-shoot.XXXXXX")
trap 'rm -rf "$work"' EXIT
if [ -z "${BLUEPENCIL_BIN:-}" ]; then
  go build -o "$work/bluepencil" ./cmd/bluepencil
  BLUEPENCIL_BIN="$work/bluepencil"
fi
BLUEPENCIL_BIN="$BLUEPENCIL_BIN" \
BP_PLAYWRIGHT="$DIR/app/node_modules/playwright-core" \
BP_AXE="$DIR/app/node_modules/axe-core/axe.min.js" \
  "$DIR/node-bin" e2e/browser/shoot.cjs
