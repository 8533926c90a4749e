#!/usr/bin/env bash
# Installs what `make bench` needs beyond scripts/system-deps.sh, if any is missing: the peer it
# is measured against (ghostwriter) and an X server with the tools to find a window on it.
# Run by `make bench`; needs root (or sudo) only when something is missing.
set -euo pipefail

packages=(ghostwriter xdotool x11-utils xvfb xauth)

. "$(dirname "$0")/apt-missing.sh"
# a peer that cannot be installed only skips its rows in the bench: not a failure
if ! install_missing bench "${packages[@]}"; then
  echo "bench-deps: could not install ${packages[*]}; the bench skips the rows that need them" >&2
fi
