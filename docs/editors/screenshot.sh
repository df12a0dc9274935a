#!/bin/sh
# Makes docs/editors/neovim.png and docs/editors/neovim-problems.png: Neovim
# with the plugin in editors/nvim, run in a 100x30 tmux window, read back with
# `tmux capture-pane -e -p` as ANSI text, turned into HTML by
# e2e/screen/screen.py, and shot with headless Chromium (e2e/screen/shoot.sh).
#
# Run from anywhere: sh docs/editors/screenshot.sh
# Needs go, python3 and Debian's packages: apt-get install -y neovim tmux chromium
# Set BLUEPENCIL_BIN to use a server you built; otherwise one is built.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cols=100
rows=30

for tool in nvim tmux chromium python3; do
	command -v "$tool" >/dev/null 2>&1 || {
		echo "missing $tool: apt-get install -y neovim tmux chromium python3" >&2
		exit 1
	}
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bluepencil-shot.XXXXXX")
sock=none
cleanup() {
	tmux -L "$sock" kill-server 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

bin=${BLUEPENCIL_BIN:-}
if [ -z "$bin" ]; then
	bin="$tmp/bluepencil"
	(cd "$root" && go build -o "$bin" ./cmd/bluepencil)
fi

# A private XDG tree, so that no user configuration, plugin or state is used.
mkdir -p "$tmp/xdg/config" "$tmp/xdg/data" "$tmp/xdg/state" "$tmp/xdg/cache"
cat >"$tmp/init.lua" <<EOF
vim.o.termguicolors = true
vim.o.background = 'dark'
vim.o.number = true
vim.o.signcolumn = 'yes'
vim.o.linebreak = true
vim.o.laststatus = 2
vim.o.ruler = false
vim.o.showmode = false
vim.o.shortmess = vim.o.shortmess .. 'FS'
vim.o.hlsearch = false
-- Neovim 0.7's default colours, made quieter for the picture: a dark float
-- instead of a magenta one, grey line numbers, and grey comments, so that
-- notes (linked to Comment) do not look like the blue additions.
vim.cmd([[
  highlight Normal guifg=#d4d4d4 guibg=#1e1e1e
  highlight NormalFloat guifg=#d4d4d4 guibg=#2f343f
  highlight SignColumn guibg=NONE
  highlight LineNr guifg=#6e7681
  highlight Comment guifg=#8c8c8c gui=italic
  highlight StatusLine guifg=#1e1e1e guibg=#c8c8c8 gui=NONE
]])
vim.opt.rtp:append('$root/editors/nvim')
require('bluepencil').setup({
  cmd = { '$bin', 'serve' },
  on_attach = function(client, bufnr)
    vim.keymap.set('n', 'K', vim.lsp.buf.hover, { buffer = bufnr })
  end,
})
EOF

# shoot NAME: captures the tmux pane as docs/editors/NAME.png, turned into
# HTML and shot with headless Chromium by the e2e suites' tools (e2e/screen).
shoot() {
	tmux -L "$sock" capture-pane -e -p -t shot >"$tmp/$1.ans"
	python3 "$root/e2e/screen/screen.py" html "$tmp/$1.ans" "Neovim with bluepencil" >"$tmp/$1.html"
	bash "$root/e2e/screen/shoot.sh" "$tmp/$1.html" "$here/$1.png" "$cols" "$rows"
	echo "wrote $here/$1.png"
}

# wait_for TEXT: waits up to 15 s until the pane shows TEXT.
wait_for() {
	i=0
	while ! tmux -L "$sock" capture-pane -p -t shot | grep -qF -- "$1"; do
		i=$((i + 1))
		if [ "$i" -gt 150 ]; then
			echo "timed out waiting for \"$1\" on the screen:" >&2
			tmux -L "$sock" capture-pane -p -t shot >&2
			exit 1
		fi
		sleep 0.1
	done
}

# start FILE: opens FILE in Neovim in a fresh tmux session named "shot".
start() {
	tmux -L "$sock" kill-server 2>/dev/null || true
	sock="bluepencil-shot-$$-$(basename "$1" .bp.md)"
	tmux -L "$sock" -f /dev/null new-session -d -s shot -x "$cols" -y "$rows" -c "$root" \
		env TERM=tmux-256color COLORTERM=truecolor \
		XDG_CONFIG_HOME="$tmp/xdg/config" XDG_DATA_HOME="$tmp/xdg/data" \
		XDG_STATE_HOME="$tmp/xdg/state" XDG_CACHE_HOME="$tmp/xdg/cache" \
		nvim -u "$tmp/init.lua" -i NONE -n "$1"
	tmux -L "$sock" set-option -t shot status off >/dev/null
	tmux -L "$sock" resize-window -t shot -x "$cols" -y "$rows" 2>/dev/null || true
}

# 1. A clean article: the colours, a hover on an elision, and a warning for
#    a bare [...] typed into the last paragraph (the file is not saved).
start examples/clean/harbour-storm.bp.md
wait_for "harbour-storm.bp.md"
sleep 1
tmux -L "$sock" send-keys -t shot 'G' 'A' ' The quay [...] reopens at noon.' Escape
wait_for "does not record the words"
tmux -L "$sock" send-keys -t shot 'gg' '/Many in' Enter ':echo' Enter 'K'
wait_for "Cut words"
sleep 0.3
shoot neovim

# 2. An article with problems: signs, underlines and virtual text.
start examples/problems/syntax-errors.bp.md
wait_for "substitution has more than one"
sleep 0.5
shoot neovim-problems
