#!/bin/sh
# Runs the headless Neovim test of the bluepencil plugin against a freshly
# built server. Exits non-zero on failure. Without nvim it skips (exit 0),
# unless $CI is set, where a missing nvim is a failure.
#
#   editors/nvim/test/run.sh [NVIM]
#
# NVIM is the Neovim to test with (default: nvim on PATH); CI runs it with
# Debian's 0.7 and with trixie's 0.10 ($CACHE/bin/nvim-0.10, written by
# e2e/editors/install-trixie.sh).
set -eu
nvim=${1:-nvim}

here=$(cd "$(dirname "$0")" && pwd)
plugin=$(dirname "$here")
root=$(cd "$plugin/../.." && pwd)

if ! command -v "$nvim" >/dev/null 2>&1; then
	if [ -n "${CI:-}" ]; then
		echo "FAIL: $nvim is not installed (apt-get install -y neovim, or e2e/editors/install-trixie.sh)" >&2
		exit 1
	fi
	echo "SKIP: $nvim is not installed (apt-get install -y neovim, or e2e/editors/install-trixie.sh)" >&2
	exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bluepencil-nvim.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

echo "building the server into $tmp"
(cd "$root" && go build -o "$tmp/bluepencil" ./cmd/bluepencil)

echo "$("$nvim" --version | head -n 1), headless"
# A private XDG tree, so that no user configuration, plugin or state is read
# or written; -u NONE -i NONE -n skip init files, shada and swap files.
mkdir -p "$tmp/xdg/config" "$tmp/xdg/data" "$tmp/xdg/state" "$tmp/xdg/cache"
# The test arms its own 20 s watchdog; timeout(1) also covers a Neovim that
# never gets as far as running it.
limit=
if command -v timeout >/dev/null 2>&1; then
	limit="timeout 120"
fi
status=0
XDG_CONFIG_HOME="$tmp/xdg/config" XDG_DATA_HOME="$tmp/xdg/data" \
XDG_STATE_HOME="$tmp/xdg/state" XDG_CACHE_HOME="$tmp/xdg/cache" \
TMPDIR="$tmp" BLUEPENCIL_BIN="$tmp/bluepencil" \
	$limit "$nvim" --headless -u NONE -i NONE -n \
	-c "set rtp+=$plugin" \
	-c "luafile $here/setup_test.lua" </dev/null || status=$?

if [ "$status" -ne 0 ]; then
	echo "FAIL: the Neovim test exited with status $status" >&2
	exit 1
fi
