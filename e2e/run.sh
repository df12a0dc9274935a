#!/usr/bin/env bash
# Runs the end-to-end suites against a freshly built `bluepencil serve`:
# headless Neovim 0.7 and 0.10 (e2e/nvim), Microsoft's Node LSP client (e2e/node),
# Helix and Emacs, the published page in headless chromium (e2e/browser), and
# the hostile-input probes of e2e/hostile (Go, behind the "hostile" tag).
#
# The last line of output is always "N passed, M failed", summed over both
# suites. The exit status is 0 only if nothing failed.
#
# A missing nvim or node/npm fails the run when CI is set; otherwise that
# suite is skipped with a message.
set -uo pipefail
cd "$(dirname "$0")/.."

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

passed=0
failed=0

finish() {
  echo
  echo "$passed passed, $failed failed"
  if [ "$failed" -gt 0 ]; then exit 1; fi
  exit 0
}

# missing TOOL SUITE: a tool a suite needs is not installed.
missing() {
  if [ -n "${CI:-}" ]; then
    echo "FAIL: $1 is not installed, so the $2 suite cannot run (CI is set: this is a failure)"
    failed=$((failed + 1))
  else
    echo "SKIP: $1 is not installed; skipping the $2 suite (set CI=1 to make this a failure)"
  fi
}

# tally LABEL START RC P F FAILURE: adds a suite's P passed and F failed
# (empty counts as none) to the totals and prints its line; a suite that
# exited with RC non-zero without a FAIL counts one failure, told as FAILURE.
tally() {
  local label=$1 start=$2 rc=$3 p=${4:-0} f=${5:-0}
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
    echo "$6 without reporting a failure"
    f=1
  fi
  echo "-- $label: $p passed, $f failed in $(($(date +%s) - start)) s"
  passed=$((passed + p))
  failed=$((failed + f))
}

# count PATTERN FILE: lines of FILE matching PATTERN (0 when none).
count() {
  grep -c -- "$1" "$2" 2>/dev/null || true
}

echo "== e2e: building the server"
if ! go build -o "$tmp/bluepencil" ./cmd/bluepencil; then
  echo "FAIL: go build ./cmd/bluepencil"
  failed=$((failed + 1))
  finish
fi
export BLUEPENCIL_BIN="$tmp/bluepencil"

# run_lua LABEL NVIM SCRIPT: a headless Neovim script under the Neovim
# binary NVIM, its PASS/FAIL lines prefixed with LABEL so that each
# version's are counted apart.
run_lua() {
  local label=$1 bin=$2 script=$3 start rc out
  out="$tmp/$(printf '%s' "$label" | tr -c 'a-zA-Z0-9.-' _).out"
  start=$(date +%s)
  # The script arms its own watchdog; timeout(1) is the last resort.
  timeout 120 "$bin" --headless -u NONE -i NONE -n -c "luafile $script" </dev/null 2>&1 |
    sed -E "s#^(PASS|FAIL) #\1 $label: #" >"$out"
  rc=${PIPESTATUS[0]}
  cat "$out"
  tally "$label" "$start" "$rc" "$(count '^PASS ' "$out")" "$(count '^FAIL ' "$out")" \
    "FAIL $label: nvim exited with status $rc"
}

# run_nvim LABEL NVIM: every Neovim suite under NVIM: the LSP client
# (e2e/nvim/test.lua), and the nvim-lspconfig snippets of README.md and
# editors/nvim/README.md as written (e2e/nvim/lspconfig_test.lua).
run_nvim() {
  local label=$1 bin=$2 from
  echo "== e2e: Neovim ($label: $("$bin" --version | sed -n 1p))"
  run_lua "$label" "$bin" e2e/nvim/test.lua
  for from in README.md editors/nvim/README.md; do
    BLUEPENCIL_SNIPPET_FROM=$from run_lua "$label lspconfig snippet of $from" "$bin" e2e/nvim/lspconfig_test.lua
  done
}

# Debian 12's Neovim 0.7 on PATH, and trixie's 0.10 from the e2e cache
# (e2e/editors/install-trixie.sh puts it there).
CACHE=${BLUEPENCIL_E2E_CACHE:-$HOME/.cache/bluepencil-e2e}
if command -v nvim >/dev/null 2>&1; then
  run_nvim "nvim-$(nvim --version | sed -n '1s/^NVIM v\([0-9]*\.[0-9]*\).*/\1/p')" nvim
else
  missing nvim "Neovim 0.7"
fi
if [ -x "$CACHE/bin/nvim-0.10" ]; then
  run_nvim nvim-0.10 "$CACHE/bin/nvim-0.10"
else
  missing "$CACHE/bin/nvim-0.10 (e2e/editors/install-trixie.sh)" "Neovim 0.10"
fi

echo "== e2e: Node (vscode-languageserver-protocol)"
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  node --version
  start=$(date +%s)
  (
    cd e2e/node || exit 1
    if [ ! -d node_modules ]; then
      npm ci --no-audit --no-fund || exit 1
    fi
    timeout 300 node --test \
      --test-reporter=spec --test-reporter-destination=stdout \
      --test-reporter=tap --test-reporter-destination="$tmp/node.tap" \
      tests/*.test.js
  )
  rc=$?
  tally node "$start" "$rc" \
    "$(grep -m1 '^# pass ' "$tmp/node.tap" 2>/dev/null | awk '{print $3}')" \
    "$(grep -m1 '^# fail ' "$tmp/node.tap" 2>/dev/null | awk '{print $3}')" \
    "FAIL: the Node suite exited with status $rc"
else
  missing "node/npm" Node
fi

# Helix 25.01 and Emacs 30 in tmux, from e2e/editors/install-trixie.sh's
# cache; each suite checks CI itself, so a missing editor fails there.
for suite in helix emacs; do
  echo "== e2e: $suite"
  start=$(date +%s)
  timeout 300 bash "e2e/$suite/run.sh" >"$tmp/$suite.out" 2>&1
  rc=$?
  cat "$tmp/$suite.out"
  tally "$suite" "$start" "$rc" "$(count '^PASS ' "$tmp/$suite.out")" "$(count '^FAIL ' "$tmp/$suite.out")" \
    "FAIL: e2e/$suite/run.sh exited $rc"
done

# The published page (issue 13) in headless chromium: e2e/browser/install.sh
# caches playwright-core, axe-core and vnu-jar; the suite checks CI itself.
echo "== e2e: the published page in a browser (e2e/browser)"
start=$(date +%s)
BLUEPENCIL_BIN="$BLUEPENCIL_BIN" timeout 900 bash e2e/browser/run.sh >"$tmp/browser.out" 2>&1
rc=$?
grep -vE '^\s+at ' "$tmp/browser.out"
read -r bp bf < <(tail -1 "$tmp/browser.out" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p') || true
tally browser "$start" "$rc" "${bp:-}" "${bf:-}" "FAIL: e2e/browser/run.sh exited $rc"

echo "== e2e: hostile input (check, render, diff and serve under time and memory bounds)"
start=$(date +%s)
(
  cd e2e || exit 1
  BLUEPENCIL_BIN="$BLUEPENCIL_BIN" timeout 900 go test -tags hostile -count=1 -v ./hostile/
) >"$tmp/hostile.out" 2>&1
rc=$?
grep -E '^(=== RUN|--- (PASS|FAIL|SKIP)|\s+\S+_test\.go:[0-9]+:|ok |FAIL|panic)' "$tmp/hostile.out" | grep -v '^=== RUN' || true
f=$(grep -cE '^\s*--- FAIL' "$tmp/hostile.out" || true)
if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then tail -40 "$tmp/hostile.out"; fi
tally hostile "$start" "$rc" "$(grep -cE '^\s*--- PASS' "$tmp/hostile.out" || true)" "$f" \
  "FAIL: the hostile suite exited with status $rc"

finish
