#!/usr/bin/env bash
# Installs Neovim 0.10, Helix 25.01 and Emacs 30 from Debian 13 (trixie) into a
# private prefix under the e2e cache, without touching the system's packages.
#
# They need trixie's libc, which this Debian 12 machine does not have, so apt
# runs with private state (an empty dpkg status, its own lists and cache, a
# sources list naming trixie on the mirror the system already uses, and no
# apt.conf.d hooks), computes the whole closure of the three editors against
# that empty status, downloads the .debs and unpacks each with dpkg-deb -x.
# Each binary then starts through the prefix's own loader (nvim names it
# itself, so that its TUI can start its own server), which the wrappers
# written to $CACHE/bin hide:
#
#   $CACHE/bin/nvim-0.10   Neovim 0.10.x (VIMRUNTIME set)
#   $CACHE/bin/hx          Helix 25.01.x (HELIX_RUNTIME set)
#   $CACHE/bin/emacs-30    Emacs 30.x (load path, data, doc, dump file; native compilation off)
#
# Usage: e2e/editors/install-trixie.sh       (CACHE=${BLUEPENCIL_E2E_CACHE:-$HOME/.cache/bluepencil-e2e})
# Idempotent: a marker file records a complete install; a second run prints one
# line and exits. Remove $CACHE/trixie to start again. Needs no root: nothing
# outside $CACHE is written or locked.
set -euo pipefail

CACHE=${BLUEPENCIL_E2E_CACHE:-$HOME/.cache/bluepencil-e2e}
T=$CACHE/trixie
PREFIX=$T/prefix
BIN=$CACHE/bin
MARKER=$T/.complete-v3

if [ -f "$MARKER" ] && [ -x "$BIN/nvim-0.10" ] && [ -x "$BIN/hx" ] && [ -x "$BIN/emacs-30" ]; then
  echo "install-trixie: reusing $T ($(cat "$MARKER"))"
  exit 0
fi

log() { echo "install-trixie: $*" >&2; }

# mirror: the first Debian archive URI the system's own sources name for its
# main suite (not -security, not -updates), so the script follows whatever
# mirror or proxy this machine is set up with.
mirror() {
  local f uri
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -r "$f" ] || continue
    # deb822 stanzas: pick the URIs of a stanza whose Suites has a plain release name.
    uri=$(awk '
      BEGIN { RS = ""; FS = "\n" }
      {
        u = ""; s = ""; t = ""
        for (i = 1; i <= NF; i++) {
          if ($i ~ /^URIs:/)   { u = $i; sub(/^URIs:[ \t]*/, "", u) }
          if ($i ~ /^Suites:/) { s = $i; sub(/^Suites:[ \t]*/, "", s) }
          if ($i ~ /^Types:/)  { t = $i }
        }
        if (t !~ /(^|[ \t:])deb([ \t]|$)/) next
        n = split(s, ss, /[ \t]+/)
        for (j = 1; j <= n; j++) if (ss[j] != "" && ss[j] !~ /-/) { split(u, uu, /[ \t]+/); print uu[1]; exit }
      }' "$f")
    if [ -n "$uri" ]; then echo "$uri"; return; fi
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -r "$f" ] || continue
    uri=$(awk '
      $1 == "deb" {
        i = 2
        if ($2 ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
        if ($(i + 1) !~ /-/) { print $i; exit }
      }' "$f")
    if [ -n "$uri" ]; then echo "$uri"; return; fi
  done
  echo "http://deb.debian.org/debian"
}

for tool in apt-get dpkg-deb; do
  command -v "$tool" >/dev/null || { log "$tool is needed"; exit 1; }
done

MIRROR=$(mirror)
log "mirror $MIRROR"

rm -rf "$T"
mkdir -p "$T/state/lists/partial" "$T/cache/archives/partial" "$T/etc/parts" "$T/etc/prefs" "$T/debs" "$PREFIX" "$BIN"
: >"$T/state/status"

keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[ -r "$keyring" ] || keyring=/usr/share/keyrings/debian-archive-trixie-automatic.gpg
echo "deb [signed-by=$keyring] $MIRROR trixie main" >"$T/etc/sources.list"

# The APT_CONFIG file is read before the system's apt.conf.d, and points
# Dir::Etc::parts at an empty folder, so no system hook (docker-clean,
# packagekit, ...) runs and no system setting leaks in.
cat >"$T/etc/apt.conf" <<EOF
Dir::State "$T/state";
Dir::State::status "$T/state/status";
Dir::State::Lists "$T/state/lists";
Dir::Cache "$T/cache";
Dir::Cache::archives "$T/cache/archives";
Dir::Etc::sourcelist "$T/etc/sources.list";
Dir::Etc::sourceparts "-";
Dir::Etc::parts "$T/etc/parts";
Dir::Etc::preferencesparts "$T/etc/prefs";
Dir::Etc::preferences "$T/etc/preferences";
Debug::NoLocking "true";
APT::Architecture "amd64";
APT::Architectures { "amd64"; };
APT::Install-Recommends "false";
APT::Sandbox::User "$(id -un)";
Acquire::Languages "none";
Acquire::Retries "3";
EOF
export APT_CONFIG=$T/etc/apt.conf

start=$(date +%s)
log "apt-get update (trixie, private state)"
apt-get -q update >"$T/update.log" 2>&1 || { cat "$T/update.log" >&2; exit 1; }

# The closure against an empty status: every package the editors need,
# libc included, as if on a bare system.
apt-get -s -q install neovim neovim-runtime hx emacs-nox patchelf tree-sitter-markdown-src tree-sitter-markdown-inline-src >"$T/closure.log" 2>&1 || { cat "$T/closure.log" >&2; exit 1; }
mapfile -t pkgs < <(awk '$1 == "Inst" { print $2 }' "$T/closure.log")
log "${#pkgs[@]} packages to download"
[ "${#pkgs[@]}" -gt 0 ] || { cat "$T/closure.log" >&2; exit 1; }

(cd "$T/debs" && apt-get -q download "${pkgs[@]}" >"$T/download.log" 2>&1) || { cat "$T/download.log" >&2; exit 1; }

for deb in "$T"/debs/*.deb; do
  dpkg-deb -x "$deb" "$PREFIX"
done
rm -rf "$T/debs" "$T/cache/archives"/*.deb

LOADER=$PREFIX/lib64/ld-linux-x86-64.so.2
[ -e "$LOADER" ] || LOADER=$PREFIX/usr/lib64/ld-linux-x86-64.so.2
[ -e "$LOADER" ] || { log "no loader in $PREFIX"; exit 1; }
LIBS=$PREFIX/usr/lib/x86_64-linux-gnu:$PREFIX/lib/x86_64-linux-gnu:$PREFIX/usr/lib

# Resolve the real binaries now (Debian installs them behind alternatives,
# whose links dpkg-deb -x does not create).
nvim_bin=$PREFIX/usr/bin/nvim
hx_bin=$PREFIX/usr/lib/hx/hx
helix_runtime=$PREFIX/usr/lib/hx/runtime
emacs_bin=$PREFIX/usr/bin/emacs-nox
emacs_share=$(ls -d "$PREFIX"/usr/share/emacs/[0-9]* 2>/dev/null | head -1 || true)
emacs_libexec=$(ls -d "$PREFIX"/usr/libexec/emacs/*/x86_64-linux-gnu 2>/dev/null | head -1 || true)
dump=$(ls "$emacs_libexec"/emacs*.pdmp 2>/dev/null | head -1 || true)
nvim_runtime=$(ls -d "$PREFIX"/usr/share/nvim/runtime 2>/dev/null || true)

for f in "$nvim_bin" "$nvim_runtime" "$hx_bin" "$helix_runtime" "$emacs_bin" "$emacs_share" "$dump"; do
  [ -e "$f" ] || { log "missing after unpack: $f"; exit 1; }
done

# Neovim 0.10's TUI starts its server as a child, `v:progpath --embed`, and
# v:progpath is /proc/self/exe: the loader, when nvim runs through it, which
# then rejects --embed. So nvim itself is made to name the prefix's loader
# and libraries (patchelf, from the same closure): it runs directly, and its
# children too. (DT_RPATH, not RUNPATH, so that it also covers the
# libraries' own dependencies.)
"$LOADER" --library-path "$LIBS" "$PREFIX/usr/bin/patchelf" \
  --set-interpreter "$LOADER" --force-rpath --set-rpath "$LIBS" "$nvim_bin"

# write_wrapper NAME BODY: an executable $BIN/NAME running BODY (written whole, then renamed, so a reader never sees half a script).
write_wrapper() {
  local name=$1 body=$2
  {
    echo '#!/bin/sh'
    echo "# Written by e2e/editors/install-trixie.sh: runs trixie's $name through the prefix's own loader."
    printf '%s\n' "$body"
  } >"$BIN/$name.tmp"
  chmod +x "$BIN/$name.tmp"
  mv "$BIN/$name.tmp" "$BIN/$name"
}

write_wrapper nvim-0.10 "export VIMRUNTIME='$nvim_runtime'
exec '$nvim_bin' \"\$@\""

write_wrapper hx "export HELIX_RUNTIME=\${HELIX_RUNTIME:-'$helix_runtime'}
exec '$LOADER' --library-path '$LIBS' '$hx_bin' \"\$@\""

# Emacs's lisp directories live in the prefix too; JIT native compilation
# would spawn emacs without the loader, so it is off (the prefix's
# precompiled .eln files still load: the dump finds them relative to the
# loader's directory, usr/lib64/../lib/emacs/VERSION/native-lisp).
loadpath=$emacs_share/lisp
for d in "$emacs_share"/lisp/*/; do loadpath=$loadpath:${d%/}; done
loadpath=$loadpath:$emacs_share/site-lisp:$PREFIX/usr/share/emacs/site-lisp
write_wrapper emacs-30 "export EMACSLOADPATH='$loadpath'
export EMACSDATA='$emacs_share/etc'
export EMACSDOC='$emacs_share/etc'
export EMACSPATH='$emacs_libexec'
exec '$LOADER' --library-path '$LIBS' '$emacs_bin' --dump-file='$dump' --eval '(setq native-comp-jit-compilation nil native-comp-enable-subr-trampolines nil)' \"\$@\""

log "checking the wrappers"
nv=$("$BIN/nvim-0.10" --version | head -1)
hv=$("$BIN/hx" --version | head -1)
ev=$("$BIN/emacs-30" --batch --eval '(princ emacs-version)' 2>/dev/null)
case "$nv" in "NVIM v0.1"[0-9]*) ;; *) log "nvim-0.10 --version said: $nv"; exit 1 ;; esac
case "$hv" in helix*) ;; *) log "hx --version said: $hv"; exit 1 ;; esac
case "$ev" in 3[0-9].*) ;; *) log "emacs-30 said: $ev"; exit 1 ;; esac

echo "$nv, $hv, Emacs $ev; ${#pkgs[@]} packages" >"$MARKER"
echo "install-trixie: installed $(cat "$MARKER") in $(($(date +%s) - start)) s into $T"
