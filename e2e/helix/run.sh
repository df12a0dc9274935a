#!/usr/bin/env bash
# End-to-end suite in Helix 25.01 (Debian 13's hx), driven in tmux as a user
# would: keys with `send-keys`, the screen read back with `capture-pane`.
#
# A new user's setup, from README.md as written: the Helix section's
# languages.toml block and its install block (build the grammar with cc, copy
# the queries) are extracted by their <!-- e2e:helix-… --> markers and run in
# a private HOME, so the README is what is tested.
#
# Prints one "PASS name" or "FAIL name: why" line per check and ends with
# "N passed, M failed"; exits non-zero on a failure. Every wait polls the
# screen for a condition with a deadline; no check relies on a sleep.
#
# Needs: tmux, cc, python3, go (unless BLUEPENCIL_BIN names a server) and hx,
# found as $BLUEPENCIL_HX, else $CACHE/bin/hx (written by
# e2e/editors/install-trixie.sh), else hx on PATH. A missing tool is a FAIL
# when CI is set, else the suite is skipped.
#
#   bash e2e/helix/run.sh                          (from anywhere)
#   KEEP=1 bash e2e/helix/run.sh                   keeps the temporary folder
#   SCREENSHOT=docs/screenshots/helix.png bash e2e/helix/run.sh
#                                                  also saves a screenshot
#                                                  (needs chromium)
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
CACHE=${BLUEPENCIL_E2E_CACHE:-$HOME/.cache/bluepencil-e2e}

. "$here/../lib/editor.sh"

hx=${BLUEPENCIL_HX:-}
if [ -z "$hx" ]; then
  if [ -x "$CACHE/bin/hx" ]; then hx=$CACHE/bin/hx; else hx=$(command -v hx || true); fi
fi
missing=$(missing_tools tmux cc python3)
[ -n "$hx" ] && [ -x "$hx" ] || missing="$missing hx"
require helix "run e2e/editors/install-trixie.sh for hx" "$missing"

# --- the server and a private home -------------------------------------------

# hx is a wrapper script in the cache; the README's `hx` must find it.
private_home helix "$hx" hx
log=$XDG_CACHE_HOME/helix/helix.log

mkdir -p "$XDG_CONFIG_HOME/helix"
block e2e:helix-languages >"$XDG_CONFIG_HOME/helix/languages.toml"
block e2e:helix-install >"$tmp/install.sh"
if [ ! -s "$XDG_CONFIG_HOME/helix/languages.toml" ] || [ ! -s "$tmp/install.sh" ]; then
  fail readme-blocks "README.md has no <!-- e2e:helix-languages --> or <!-- e2e:helix-install --> block"
  finish
fi
pass readme-blocks

# The install block as written, from the root of the checkout.
if (cd "$root" && bash -e "$tmp/install.sh") >"$tmp/install.out" 2>&1; then
  health=$(sed 's/\x1b\[[0-9;]*m//g' "$tmp/install.out")
  if grep -q '✓ bluepencil' <<<"$health" && grep -q 'Tree-sitter parser: ✓' <<<"$health" &&
    grep -q 'Highlight queries: ✓' <<<"$health"; then
    pass readme-install
  else
    fail readme-install "hx --health bluepencil does not tick the server, parser and queries: $(tr '\n' '|' <<<"$health")"
  fi
else
  fail readme-install "the README's install block failed: $(tail -5 "$tmp/install.out" | tr '\n' '|')"
fi

# --- the article --------------------------------------------------------------

# Line 1: a broken closer after an emoji (2 UTF-16 units, 4 bytes) and an
# astral letter, so a wrong position encoding lands the diagnostic elsewhere.
art=$tmp/art/harbour.bp.md
cat >"$art" <<'EOF'
Gulls 😀 and 𐐀 circled {++the pier--} at dawn.

The ferry {--left late--} and the crew {++then++} rested.

The boats came back fine after the storm.

A bare [...] cut, for the warning.
EOF

# --- tmux ---------------------------------------------------------------------

screen=$tmp/screen.txt
snap() { tmux -L "$sock" capture-pane -p -t hx >"$screen" 2>/dev/null; }
snap_e() { tmux -L "$sock" capture-pane -p -e -t hx >"$1" 2>/dev/null; }
keys() { tmux -L "$sock" send-keys -t hx "$@"; }
# wait_for SECONDS CMD...: polls the screen until CMD (reading $screen)
# succeeds; 0 if it did before the deadline.
wait_for() {
  local deadline=$(($(date +%s%N) / 1000000 + $1 * 1000))
  shift
  while :; do
    snap
    if "$@"; then return 0; fi
    [ $(($(date +%s%N) / 1000000)) -lt "$deadline" ] || return 1
    sleep 0.05
  done
}
has() { grep -qF -- "$1" "$screen"; }
hasnt() { ! grep -qF -- "$1" "$screen"; }
# pos: the cursor's line:column from the status line (1-based, in graphemes).
pos() { grep -oE '[0-9]+:[0-9]+ *$' "$screen" | tail -1 | tr -d ' '; }
pos_is() { [ "$(pos)" = "$1" ]; }
pos_not() { [ -n "$(pos)" ] && [ "$(pos)" != "$1" ]; }
status_has() { tail -2 "$screen" | grep -qF -- "$1"; }
line_is() { grep -qE "^[ ●]* $1  $2\$" "$screen"; }
screen_dump() { sed 's/^/    | /' "$screen"; }

# escape_until CMD...: Escape, then a wait until CMD shows that Helix has
# handled it. (An Escape read together with the next key would be Alt+key,
# so the next key waits for the screen to change.)
escape_until() {
  keys Escape
  wait_for 5 "$@"
}
# goto LINE COL: the cursor to LINE, then COL-1 characters right.
goto() {
  if ! status_has NOR; then escape_until status_has NOR; fi
  keys "$1" g g
  wait_for 5 pos_is "$1:1" || return 1
  [ "$2" -gt 1 ] && keys "$(($2 - 1))" l
  wait_for 5 pos_is "$1:$2"
}

# pick ENTRIES ENTRY: in the code-action menu on the screen, which lists the
# actions matching the regex ENTRIES in order, moves down to the one matching
# ENTRY and takes it.
pick() {
  local n i
  n=$(grep -oE "$1" "$screen" | grep -n "$2" | cut -d: -f1)
  for ((i = 1; i < n; i++)); do keys Down; done
  keys Enter
}

tmux -L "$sock" -f /dev/null new-session -d -s hx -x 110 -y 24 \
  "cd '$tmp/art' && env TERM=xterm-256color COLORTERM=truecolor hx harbour.bp.md 2>'$tmp/hx.stderr'"
start=$(date +%s)

# --- diagnostics --------------------------------------------------------------

# The server's diagnostics show as a dot in the gutter of their line.
dot_on_1() { grep -qE '^● +1 ' "$screen"; }
if wait_for 20 dot_on_1; then
  pass diagnostics-shown
else
  fail diagnostics-shown "no diagnostic on the screen after 20 s"
  screen_dump
fi

# ]d selects the next diagnostic's range; Alt-; puts the cursor at its start.
# "--}" is the 34th to 36th character of line 1 (one grapheme for each of 😀
# and 𐐀): with the right encoding the selection starts and ends exactly there.
keys g g
wait_for 5 pos_is 1:1
keys ']' d
if wait_for 5 pos_is 1:36; then
  keys -H 1b 3b # Alt+; flips the selection
  if wait_for 5 pos_is 1:34; then
    pass diagnostic-position
  else
    fail diagnostic-position "the diagnostic starts at $(pos), want 1:34"
  fi
else
  fail diagnostic-position "]d put the cursor at $(pos), want 1:36 (the diagnostic's last character)"
fi

# --- colours ------------------------------------------------------------------

keys 5 g g
wait_for 5 pos_is 5:1
snap_e "$tmp/colours.ans"
style() { python3 "$here/../screen/screen.py" style "$tmp/colours.ans" "$1"; }
cut=$(style 'late')
cutopen=$(style '{--left')
add=$(style 'then')
plain=$(style 'ferry')
# Helix's default theme: diff.minus #f22c86, diff.plus #35bf86.
if [[ "$cut" == "fg=#f22c86"*strike* ]] && [[ "$(head -1 <<<"$cutopen")" == "fg=#f22c86"* ]] &&
  [[ "$add" == "fg=#35bf86"* ]] && [[ "$add" != *strike* ]] && [[ "$plain" != *"#f22c86"* && "$plain" != *"#35bf86"* ]]; then
  pass colours
else
  fail colours "cut 'late': $cut; '{--left': $(tr '\n' '|' <<<"$cutopen"); added 'then': $add; plain 'ferry': $plain"
fi

# --- hover --------------------------------------------------------------------

goto 3 20 # in "left late"
keys Space k
if wait_for 10 has 'Cut words' && has 'left late'; then
  pass hover
else
  fail hover "space k shows no hover with the cut words"
  screen_dump
fi
escape_until hasnt 'Cut words'

# --- a quick fix --------------------------------------------------------------

keys g g
wait_for 5 pos_is 1:1
keys ']' d
wait_for 5 pos_is 1:36
keys Space a
if wait_for 10 has 'Replace the closer with ++}'; then
  pick '(Replace the closer with \+\+\}|Restore original|Accept change|Elide selection|Mark as [a-z]+)' 'Replace the closer'
  if wait_for 10 has '{++the pier++} at dawn.' && wait_for 10 hasnt 'closer --} does not match'; then
    pass quick-fix
  else
    fail quick-fix "the fix was not applied, or its diagnostic stayed"
    screen_dump
  fi
else
  fail quick-fix "space a on the broken closer offers no 'Replace the closer with ++}'"
  screen_dump
fi

# --- marking actions ----------------------------------------------------------

# A selection ending inside a word ("fin" of "fine"): Elide must take whole
# words, never {--fin--}e.
goto 5 21 # the "f" of "fine"
keys v l l # select "fin"
wait_for 5 pos_is 5:23
keys Space a
if wait_for 10 has 'Elide selection'; then
  pick '(Elide selection|Mark as addition|Mark as modification)' 'Elide'
  if wait_for 10 has 'came back {--'; then
    if has 'came back {--fine--} after'; then
      pass elide-partial-word
    else
      fail elide-partial-word "Elide on 'fin' gave: $(grep -o 'came back.*storm' "$screen")"
    fi
  else
    fail elide-partial-word "Elide selection was not applied"
    screen_dump
  fi
else
  fail elide-partial-word "space a on 'fin' offers no 'Elide selection'"
  screen_dump
fi

# The cursor alone (a one-character selection) inside "storm": whatever the
# server offers, no action may cut the word.
goto 5 44 # the "o" of "storm", after {--fine--}
keys Space a
if wait_for 10 has 'Mark as addition'; then
  pick '(Elide selection|Mark as addition|Mark as modification)' 'addition'
  storm_marked() { grep -qE 'after the .*\{\+\+' "$screen"; }
  if wait_for 10 storm_marked; then
    if has 'the {++storm++}.'; then
      pass mark-cursor-word
    else
      fail mark-cursor-word "Mark as addition at the cursor gave: $(grep -o 'after.*' "$screen" | head -1)"
    fi
  else
    fail mark-cursor-word "Mark as addition was not applied"
  fi
elif wait_for 2 has 'No code actions available'; then
  pass mark-cursor-word # not offered: nothing can be cut either
else
  fail mark-cursor-word "space a at a cursor showed neither actions nor 'No code actions available'"
  screen_dump
fi

if [ -n "${SCREENSHOT:-}" ]; then
  # The picture for the README: colours, a diagnostic and the hover on a cut.
  goto 3 20
  keys Space k
  wait_for 10 has 'Cut words'
  tmux -L "$sock" capture-pane -p -e -N -t hx >"$tmp/shot.ans"
  escape_until hasnt 'Cut words'
fi

# --- the log ------------------------------------------------------------------

# Read before quitting: at exit Helix itself logs the closed stream of every
# server as an error, whatever the server does.
if [ -f "$log" ]; then
  # (The editors' cache path holds the word too: it is taken out first.)
  errs=$(grep -E '\[ERROR\]' "$log" | sed "s#$CACHE##g" | grep -i 'bluepencil' || true)
  if [ -z "$errs" ]; then
    pass log-clean
  else
    fail log-clean "$(grep -c . <<<"$errs") ERROR lines about bluepencil in helix.log, first: $(head -1 <<<"$errs" | cut -c1-200)"
  fi
else
  fail log-clean "no $log"
fi

keys ':' 'q!' Enter
wait_for 10 bash -c "! tmux -L '$sock' has-session -t hx 2>/dev/null" >/dev/null

# --- Markdown between the marks, where Helix has a Markdown grammar ---------

# Debian's hx has none (the session above), but a user's Helix may. Debian 13
# packages the grammar's sources (tree-sitter-markdown-src and
# tree-sitter-markdown-inline-src); where they are in the editors' cache,
# they are built as `hx --grammar build` would, and injections.scm must give
# Markdown's colours to the text while the marks keep theirs.
mdsrc=${BLUEPENCIL_MARKDOWN_SRC:-$CACHE/trixie/prefix/usr/src/tree-sitter}
md=$(ls -d "$mdsrc"/markdown/*/parser/src 2>/dev/null | tail -1)
mdi=$(ls -d "$mdsrc"/markdown_inline/*/parser/src 2>/dev/null | tail -1)
if [ -n "$md" ] && [ -n "$mdi" ]; then
  grammars=$XDG_CONFIG_HOME/helix/runtime/grammars
  cc -shared -fPIC -O2 -I "$md" "$md/parser.c" "$md/scanner.c" -o "$grammars/markdown.so" &&
    cc -shared -fPIC -O2 -I "$mdi" "$mdi/parser.c" "$mdi/scanner.c" -o "$grammars/markdown_inline.so"
  printf '# Harbour notes\n\nSome *calm* words and {--rough seas--} today.\n' >"$tmp/art/notes.bp.md"
  tmux -L "$sock" -f /dev/null new-session -d -s hx -x 110 -y 24 \
    "cd '$tmp/art' && env TERM=xterm-256color COLORTERM=truecolor hx notes.bp.md 2>>'$tmp/hx.stderr'"
  md_ready() {
    snap_e "$tmp/md.ans"
    grep -q 'Harbour notes' "$screen" && grep -q '242;44;134' "$tmp/md.ans"
  }
  if wait_for 20 md_ready; then
    head=$(python3 "$here/../screen/screen.py" style "$tmp/md.ans" 'Harbour')
    em=$(python3 "$here/../screen/screen.py" style "$tmp/md.ans" 'calm')
    cut=$(python3 "$here/../screen/screen.py" style "$tmp/md.ans" 'rough')
    # Default theme: markup.heading #dbbfef; markup.italic; diff.minus.
    if [[ "$head" == "fg=#dbbfef"* ]] && [[ "$em" == *italic* ]] && [[ "$cut" == "fg=#f22c86"*strike* ]]; then
      pass markdown-injection
    else
      fail markdown-injection "heading: $head; emphasis: $em; cut: $cut"
    fi
  else
    fail markdown-injection "Helix did not show notes.bp.md with its colours in 20 s"
  fi
  keys ':' 'q!' Enter
  wait_for 10 bash -c "! tmux -L '$sock' has-session -t hx 2>/dev/null" >/dev/null
else
  echo "SKIP markdown-injection: no tree-sitter-markdown sources in $mdsrc (Debian 13's tree-sitter-markdown-src and tree-sitter-markdown-inline-src)"
fi
echo "-- helix: $(($(date +%s) - start)) s in the editors"

if [ -n "${SCREENSHOT:-}" ]; then
  if python3 "$here/../screen/screen.py" html "$tmp/shot.ans" "Helix 25.01 editing a bluepencil article" '#a4a0e8' '#3b224c' >"$tmp/shot.html" &&
    bash "$here/../screen/shoot.sh" "$tmp/shot.html" "$SCREENSHOT" 110 24; then
    echo "screenshot: $SCREENSHOT"
  else
    echo "screenshot failed" >&2
  fi
fi

finish
