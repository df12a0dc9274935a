#!/usr/bin/env bash
# Draws images/icon.png (128x128, transparent corners) from images/icon.svg
# with Debian's headless chromium. Run it after editing the SVG; the PNG is
# committed, so building the extension needs no browser.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
  --default-background-color=00000000 --window-size=128,128 \
  --screenshot="$out/icon.png" "file://$PWD/images/icon.svg" >/dev/null 2>&1
cp "$out/icon.png" images/icon.png
file images/icon.png
