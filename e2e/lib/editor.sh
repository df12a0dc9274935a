# Sourced, not run, by the suites that drive an editor in tmux as a new user
# would (e2e/helix/run.sh, e2e/emacs/run.sh): the PASS/FAIL tally, the skip
# or failure for a missing tool, a temporary folder with a private tmux
# server, HOME, XDG folders and PATH, and README.md's blocks. The caller sets
# `root` (the checkout) before using them.

passed=0
failed=0
pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1: $2"; failed=$((failed + 1)); }
finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit
}

# missing_tools TOOL...: prints " TOOL" for each TOOL not on PATH.
missing_tools() {
  local tool
  for tool; do
    command -v "$tool" >/dev/null 2>&1 || printf ' %s' "$tool"
  done
}

# require SUITE HINT MISSING: when MISSING (what is not installed, each after
# a space) is not empty, the suite ends here: a FAIL SUITE-setup when CI is
# set, else a skip. HINT says where to get it.
require() {
  [ -n "$3" ] || return 0
  if [ -n "${CI:-}" ]; then
    fail "$1-setup" "missing:$3 ($2)"
  else
    echo "SKIP: missing:$3; set CI=1 to make this a failure"
  fi
  finish
}

# private_home SUITE EDITOR NAME: a temporary folder $tmp (kept with KEEP=1)
# with bin/, home/ and art/, a tmux socket name $sock whose server is ended on
# exit, and the server ($BLUEPENCIL_BIN, else a fresh build) and EDITOR linked
# into bin/ as `bluepencil` and NAME, the names README.md uses. HOME, the XDG
# folders and PATH then point there, so no configuration of the user's is read.
private_home() {
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/bp-$1.XXXXXX")
  sock=bp-$1-$$
  trap cleanup EXIT
  mkdir -p "$tmp/bin" "$tmp/home" "$tmp/art"
  bin=${BLUEPENCIL_BIN:-}
  if [ -z "$bin" ]; then
    bin=$tmp/bluepencil-build
    (cd "$root" && go build -o "$bin" ./cmd/bluepencil) || { fail "$1-setup" "go build ./cmd/bluepencil"; finish; }
  fi
  ln -s "$bin" "$tmp/bin/bluepencil"
  ln -s "$2" "$tmp/bin/$3"
  export HOME=$tmp/home
  export XDG_CONFIG_HOME=$HOME/.config XDG_CACHE_HOME=$HOME/.cache XDG_DATA_HOME=$HOME/.local/share XDG_STATE_HOME=$HOME/.local/state
  export PATH=$tmp/bin:$PATH
}

cleanup() {
  tmux -L "$sock" kill-server 2>/dev/null || true
  # A server that ended with its last session can leave its socket behind.
  rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$sock"
  if [ -n "${KEEP:-}" ]; then echo "kept $tmp" >&2; else rm -rf "$tmp"; fi
}

# block MARKER: the fenced block that follows <!-- MARKER --> in README.md.
block() {
  awk -v m="<!-- $1 -->" '
    $0 == m { found = 1; next }
    found && !open && /^```/ { open = 1; next }
    open && /^```/ { exit }
    open { print }' "$root/README.md"
}
