#!/usr/bin/env bash
# shoot.sh HTML PNG COLS ROWS: a screenshot of a terminal screen turned into
# HTML by screen.py, taken with headless Chromium (Debian's chromium), sized
# to COLS x ROWS cells of 15 px DejaVu Sans Mono.
set -euo pipefail
html=$1 png=$2 cols=$3 rows=$4
chrome=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$chrome" ] || { echo "shoot.sh: no chromium (apt-get install -y chromium)" >&2; exit 1; }
w=$((cols * 9 + 16))
h=$((rows * 19 + 16))
mkdir -p "$(dirname "$png")"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
timeout 60 "$chrome" --headless --no-sandbox --disable-gpu --hide-scrollbars \
  --user-data-dir="$profile" --window-size="$w,$h" --screenshot="$(realpath -m "$png")" \
  "file://$(realpath "$html")" >/dev/null 2>&1
[ -s "$png" ]
