# Sourced by scripts/system-deps.sh and scripts/bench-deps.sh: one definition of "install the
# Debian packages of a list that are not installed yet".
#
# install_missing LABEL PACKAGE...   prints "Installing LABEL packages: ..." and runs apt-get for
# the missing ones (root, or sudo); returns apt-get's status, 0 when nothing was missing.
install_missing() {
  local label=$1
  shift
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing $label packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
