#!/bin/sh
# Makes docs/editors/neovim.png and docs/editors/neovim-problems.png: Neovim
# with the plugin in editors/nvim, run in a 100x30 tmux window, read back with
# `tmux capture-pane -e -p` as ANSI text, turned into HTML by the small Python
# converter below, and shot with headless Chromium.
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

# The converter: SGR escapes (16, 256 and 24-bit colours, bold, italic,
# underline, reverse, strikethrough) into one <pre> of styled spans.
cat >"$tmp/ansi2html.py" <<'EOF'
import html, re, sys

FG, BG = '#d4d4d4', '#1e1e1e'
BASE = ['#000000', '#cd3131', '#0dbc79', '#e5e510', '#2472c8', '#bc3fbc', '#11a8cd', '#e5e5e5',
        '#666666', '#f14c4c', '#23d18b', '#f5f543', '#3b8eea', '#d670d6', '#29b8db', '#ffffff']

def c256(n):
    if n < 16:
        return BASE[n]
    if n < 232:
        n -= 16
        v = [0, 95, 135, 175, 215, 255]
        return '#%02x%02x%02x' % (v[n // 36], v[n // 6 % 6], v[n % 6])
    g = 8 + 10 * (n - 232)
    return '#%02x%02x%02x' % (g, g, g)

def colour(params, i):
    """Reads 5;n or 2;r;g;b after 38/48/58 at params[i]; returns (colour, next index)."""
    if i < len(params) and params[i] == '5' and i + 1 < len(params):
        return c256(int(params[i + 1] or 0)), i + 2
    if i < len(params) and params[i] == '2' and i + 3 < len(params):
        r, g, b = (int(x or 0) for x in params[i + 1:i + 4])
        return '#%02x%02x%02x' % (r, g, b), i + 4
    return None, len(params)

def main():
    text = sys.stdin.read()
    st = {}
    out = []
    for part in re.split(r'(\x1b\[[0-9;:]*m)', text):
        if not part.startswith('\x1b['):
            if not part:
                continue
            fg, bg = st.get('fg', FG), st.get('bg', BG)
            if st.get('reverse'):
                fg, bg = bg, fg
            css = ['color:' + fg]
            if bg != BG:
                css.append('background:' + bg)
            if st.get('bold'):
                css.append('font-weight:bold')
            if st.get('italic'):
                css.append('font-style:italic')
            deco = [d for d in ('underline', 'line-through') if st.get(d)]
            if deco:
                css.append('text-decoration:' + ' '.join(deco))
                if st.get('curly'):
                    css.append('text-decoration-style:wavy')
                if st.get('ul'):
                    css.append('text-decoration-color:' + st['ul'])
            out.append('<span style="%s">%s</span>' % (';'.join(css), html.escape(part)))
            continue
        # Colon sub-parameters (4:3, 38:2::r:g:b) are read like semicolons.
        params = [p for p in re.split(r'[;:]', part[2:-1])] or ['0']
        if re.search(r'(^|;)[345]8:2::', part[2:-1]):
            params = [p for p in params if p != ''] or ['0']
        i = 0
        while i < len(params):
            p = params[i]
            n = int(p) if p.isdigit() else 0
            i += 1
            if n == 0:
                st = {}
            elif n == 1:
                st['bold'] = True
            elif n == 3:
                st['italic'] = True
            elif n == 4:
                st['underline'] = True
                if ':' in part and i < len(params) and params[i] in '0123456':
                    st['curly'] = params[i] == '3'
                    st['underline'] = params[i] != '0'
                    i += 1
            elif n == 7:
                st['reverse'] = True
            elif n == 9:
                st['line-through'] = True
            elif n == 22:
                st.pop('bold', None)
            elif n == 23:
                st.pop('italic', None)
            elif n == 24:
                st.pop('underline', None)
                st.pop('curly', None)
            elif n == 27:
                st.pop('reverse', None)
            elif n == 29:
                st.pop('line-through', None)
            elif 30 <= n <= 37:
                st['fg'] = BASE[n - 30]
            elif 90 <= n <= 97:
                st['fg'] = BASE[n - 90 + 8]
            elif 40 <= n <= 47:
                st['bg'] = BASE[n - 40]
            elif 100 <= n <= 107:
                st['bg'] = BASE[n - 100 + 8]
            elif n == 39:
                st.pop('fg', None)
            elif n == 49:
                st.pop('bg', None)
            elif n == 59:
                st.pop('ul', None)
            elif n in (38, 48, 58):
                c, i = colour(params, i)
                if c:
                    st[{38: 'fg', 48: 'bg', 58: 'ul'}[n]] = c
    print('<!doctype html><meta charset="utf-8"><style>'
          'html,body{margin:0;background:%s}'
          'pre{margin:0;padding:8px;font:15px/19px "DejaVu Sans Mono",monospace;color:%s}'
          'span{padding:1px 0}'
          '</style><pre>%s</pre>' % (BG, FG, ''.join(out)))

main()
EOF

# shoot NAME: captures the tmux pane as docs/editors/NAME.png.
shoot() {
	tmux -L "$sock" capture-pane -e -p -t shot >"$tmp/$1.ans"
	python3 "$tmp/ansi2html.py" <"$tmp/$1.ans" >"$tmp/$1.html"
	# 100 columns of 15px DejaVu Sans Mono are 903px wide, 30 rows are 570px, plus 8px padding.
	chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--hide-scrollbars --user-data-dir="$tmp/chromium" \
		--screenshot="$here/$1.png" --window-size=920,586 "file://$tmp/$1.html" \
		>"$tmp/chromium.log" 2>&1 || {
		cat "$tmp/chromium.log" >&2
		exit 1
	}
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
tmux -L "$sock" send-keys -t shot 'G' 'A' ' The quay [...] reopens on Friday.' Escape
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
