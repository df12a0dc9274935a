#!/usr/bin/env bash
# End-to-end suite in Emacs 30 (Debian 13's emacs-nox, Eglot 1.17 built in),
# as a new user who followed README.md would run it: the Emacs section's
# install block and init block are extracted by their <!-- e2e:emacs-… -->
# markers and used as written in a private HOME, then `emacs -nw` opens an
# article in tmux. e2e/emacs/test.el, loaded after the init file, runs the
# checks inside that interactive Emacs (command loop, idle timers, Eldoc's
# echo area and Flymake as for a user) and writes PASS/FAIL lines to a file;
# this script then reads the screen for the colours (and a screenshot).
#
# Prints one "PASS name" or "FAIL name: why" line per check and ends with
# "N passed, M failed"; exits non-zero on a failure. Every wait has a
# deadline.
#
# Needs: tmux, python3, go (unless BLUEPENCIL_BIN names a server) and Emacs
# 29 or later, found as $BLUEPENCIL_EMACS, else $CACHE/bin/emacs-30 (written
# by e2e/editors/install-trixie.sh). A missing tool is a FAIL when CI is set,
# else the suite is skipped.
#
#   bash e2e/emacs/run.sh
#   KEEP=1 bash e2e/emacs/run.sh                 keeps the temporary folder
#   SCREENSHOT=docs/screenshots/emacs.png bash e2e/emacs/run.sh
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
CACHE=${BLUEPENCIL_E2E_CACHE:-$HOME/.cache/bluepencil-e2e}

. "$here/../lib/editor.sh"

emacs=${BLUEPENCIL_EMACS:-$CACHE/bin/emacs-30}
missing=$(missing_tools tmux python3)
[ -x "$emacs" ] || missing="$missing $emacs"
require emacs "run e2e/editors/install-trixie.sh for Emacs 30" "$missing"

# The README says `emacs`: here that is the Emacs under test.
private_home emacs "$emacs" emacs

mkdir -p "$HOME/.emacs.d"
block e2e:emacs-install >"$tmp/install.sh"
block e2e:emacs-init >"$HOME/.emacs.d/init.el"
if [ ! -s "$tmp/install.sh" ] || [ ! -s "$HOME/.emacs.d/init.el" ]; then
  fail readme-blocks "README.md has no <!-- e2e:emacs-install --> or <!-- e2e:emacs-init --> block"
  finish
fi
pass readme-blocks

if (cd "$root" && timeout 120 bash -e "$tmp/install.sh") >"$tmp/install.out" 2>&1 &&
  ls "$HOME"/.emacs.d/elpa/bluepencil-mode-*/bluepencil-mode-autoloads.el >/dev/null 2>&1; then
  pass readme-install
else
  fail readme-install "the README's install block failed: $(tail -5 "$tmp/install.out" | tr '\n' '|')"
fi

# Line 1: a broken closer after an emoji (2 UTF-16 units, 4 bytes) and an
# astral letter, so a wrong position encoding lands the diagnostic elsewhere.
cat >"$tmp/art/harbour.bp.md" <<'EOF'
Gulls 😀 and 𐐀 circled {++the pier--} at dawn.

The ferry {--left late--} and the crew {++then++} rested {~~cold~>warm~~}.

The boats came back fine after the storm.

A bare [...] cut, for the warning.
EOF

export BP_RESULTS=$tmp/results BP_QUIT=$tmp/quit
: >"$BP_RESULTS"
start=$(date +%s)
tmux -L "$sock" -f /dev/null new-session -d -s emacs -x 100 -y 20 \
  "cd '$tmp/art' && env TERM=xterm-256color COLORTERM=truecolor emacs -nw harbour.bp.md -l '$here/test.el' 2>'$tmp/emacs.stderr'; echo \"exit \$?\" >'$tmp/exit'"

# Each check has 20 s inside test.el; all of them together stay well within 300 s.
deadline=$(($(date +%s) + 300))
while ! grep -q '^DONE' "$BP_RESULTS" 2>/dev/null; do
  if [ "$(date +%s)" -ge "$deadline" ] || [ -e "$tmp/exit" ]; then break; fi
  sleep 0.2
done
grep -E '^(PASS|FAIL|INFO) ' "$BP_RESULTS" | sed 's/^INFO/  info:/'
passed=$((passed + $(grep -c '^PASS ' "$BP_RESULTS" || true)))
failed=$((failed + $(grep -c '^FAIL ' "$BP_RESULTS" || true)))
if ! grep -q '^DONE' "$BP_RESULTS"; then
  fail emacs-checks "test.el did not finish: $(cat "$tmp/exit" 2>/dev/null || echo 'timed out')"
  tmux -L "$sock" capture-pane -p -t emacs 2>/dev/null | sed 's/^/    | /'
  head -20 "$tmp/emacs.stderr" 2>/dev/null | sed 's/^/    stderr: /'
else
  # The colours as the terminal shows them: cut words red and struck
  # through, added words blue. Emacs in tmux takes the background to be light,
  # so the mode's faces for either background are accepted.
  tmux -L "$sock" capture-pane -p -e -t emacs >"$tmp/screen.ans"
  style() { python3 "$here/../screen/screen.py" style "$tmp/screen.ans" "$1"; }
  cut=$(style late)
  add=$(style then)
  plain=$(style ferry)
  # Emacs 28's text terminals cannot strike through; 29 and later do.
  major=$(sed -n 's/^INFO Emacs \([0-9]*\)\..*/\1/p' "$BP_RESULTS")
  strike=strike
  if [ "${major:-99}" -lt 29 ]; then
    strike=""
    echo "  info: Emacs $major shows no strike-through in a terminal; not required"
  fi
  if [[ "$cut" =~ ^fg=#(f87171|b91c1c).*$strike ]] && [[ "$add" =~ ^fg=#(60a5fa|1e40af) ]] && [[ "$add" != *strike* ]] &&
    [[ ! "$plain" =~ (f87171|b91c1c|60a5fa|1e40af) ]]; then
    pass colours-on-screen
  else
    fail colours-on-screen "cut 'late': $cut; added 'then': $add; plain 'ferry': $plain"
    sed 's/^/    | /' "$tmp/screen.ans" | cat -v | head -20
  fi
  if [ -n "${SCREENSHOT:-}" ]; then
    if python3 "$here/../screen/screen.py" html "$tmp/screen.ans" "Emacs 30 editing a bluepencil article" '#1e1e1e' '#ffffff' >"$tmp/shot.html" &&
      bash "$here/../screen/shoot.sh" "$tmp/shot.html" "$SCREENSHOT" 100 20; then
      echo "screenshot: $SCREENSHOT"
    else
      echo "screenshot failed" >&2
    fi
  fi
fi
touch "$BP_QUIT"
deadline=$(($(date +%s) + 20))
while [ ! -e "$tmp/exit" ] && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.1; done
echo "-- emacs: $(($(date +%s) - start)) s in the editor"
finish
