#!/usr/bin/env bash
# Installs what `make bench` needs beyond scripts/system-deps.sh, if any is missing: the peer it
# is measured against (ghostwriter) and an X server with the tools to find a window on it.
# Run by `make bench`; needs root (or sudo) only when something is missing.
set -euo pipefail

packages=(ghostwriter xdotool x11-utils xvfb xauth)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing bench packages: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
# a peer that cannot be installed only skips its rows in the bench: not a failure
if ! { $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }; then
  echo "bench-deps: could not install ${missing[*]}; the bench skips the rows that need them" >&2
fi
