# Sourced, not run: debs WHO PACKAGE... installs the Debian 12 packages named
# (those missing, as the caller decided) with apt, through sudo when not
# root, saying who asked. The e2e installers and .ci/run share it, so that
# every system package goes in the same quiet, non-interactive way.
debs() {
  local who=$1
  shift
  [ $# -gt 0 ] || return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then sudo=sudo; fi
  echo "$who: apt-get install $*"
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
