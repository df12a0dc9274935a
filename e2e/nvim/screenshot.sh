#!/usr/bin/env bash
# Takes docs/screenshots/neovim.png: Neovim 0.10 in tmux, with the plugin's
# setup(), showing an article with its colours and diagnostics. The pane is
# captured with its colours (tmux capture-pane -e), turned into HTML and
# photographed by headless Chromium.
#
#   e2e/nvim/screenshot.sh [OUT.png]
#
# Needs tmux, chromium and $CACHE/bin/nvim-0.10 (e2e/editors/install-trixie.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
out=${1:-$root/docs/screenshots/neovim.png}
CACHE=${BLUEPENCIL_E2E_CACHE:-$HOME/.cache/bluepencil-e2e}
nvim=$CACHE/bin/nvim-0.10
chromium=$(command -v chromium || command -v chromium-browser || true)
for need in "$nvim" tmux "$chromium"; do
  command -v "$need" >/dev/null 2>&1 || { echo "screenshot: $need is missing" >&2; exit 1; }
done

tmp=$(mktemp -d)
sock=$tmp/tmux.sock
trap 'tmux -S "$sock" kill-server 2>/dev/null || true; rm -rf "$tmp"' EXIT
go build -o "$tmp/bin/bluepencil" ./cmd/bluepencil

mkdir -p "$tmp/news/.git" "$tmp/xdg"
cat >"$tmp/news/harbour.bp.md" <<'ARTICLE'
---
title: Storm floods the harbour
original: harbour.txt
---
# Storm floods the harbour

A {--ferocious--} storm flooded the harbour on {~~Sunday~>Sunday night~~}.
The council {++of West Arden++} said it would meet on Tuesday.{>>Checked.<<}

A petition signed by 900 residents [...] was handed to the mayor.

The mayor thanked the {--many--} volunteers at the pier.

Café owners said the {--decision was very hasty.
ARTICLE
cat >"$tmp/news/harbour.txt" <<'ORIGINAL'
Storm floods the harbour

A ferocious storm flooded the harbour on Sunday. The council said it would meet on Tuesday.

A petition signed by 900 residents of the bay was handed to the mayor.

The mayor thanked the many volunteers at the harbour.

Café owners said the decision was very hasty.
ORIGINAL
cat >"$tmp/init.lua" <<INIT
vim.o.termguicolors = true
vim.o.number = true
vim.o.signcolumn = 'yes'
vim.o.swapfile = false
vim.o.laststatus = 2
vim.opt.rtp:prepend('$root/editors/nvim')
vim.cmd('filetype plugin on')
vim.cmd('syntax on')
require('bluepencil').setup({ cmd = { '$tmp/bin/bluepencil', 'serve' } })
INIT

tmux -S "$sock" -f /dev/null new-session -d -x 104 -y 19 \
  "cd '$tmp/news' && TERM=tmux-256color COLORTERM=truecolor XDG_CONFIG_HOME='$tmp/xdg' XDG_DATA_HOME='$tmp/xdg' XDG_STATE_HOME='$tmp/xdg' '$nvim' -u '$tmp/init.lua' -i NONE harbour.bp.md"
tmux -S "$sock" set -g default-terminal tmux-256color >/dev/null
tmux -S "$sock" set -ga terminal-overrides ',*:Tc' >/dev/null

# Wait (bounded) until the diagnostics are drawn: the unclosed mark's
# message is the last to need the server.
for _ in $(seq 1 200); do
  if tmux -S "$sock" capture-pane -p | grep -q 'never closed'; then break; fi
  sleep 0.05
done
tmux -S "$sock" capture-pane -p | grep -q 'never closed' || { tmux -S "$sock" capture-pane -p >&2; echo "screenshot: no diagnostics drawn" >&2; exit 1; }
sleep 0.3 # let the last redraw land
tmux -S "$sock" capture-pane -e -p >"$tmp/pane.ansi"
python3 e2e/screen/screen.py html "$tmp/pane.ansi" "Neovim 0.10 with bluepencil" >"$tmp/pane.html"
bash e2e/screen/shoot.sh "$tmp/pane.html" "$out" 104 19
echo "screenshot: $out"
