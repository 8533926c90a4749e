#!/usr/bin/env bash
# Installs the Debian packages that Qt (with QtWebEngine) and the screenshots need, if any is missing.
# Run by `make test`; needs root (or sudo) only when something is missing.
set -euo pipefail

packages=(
  libegl1 libgl1 libglib2.0-0 libdbus-1-3 libfontconfig1 libfreetype6
  libxkbcommon0 libxkbcommon-x11-0 libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0
  libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1
  libnss3 libnspr4 libxcomposite1 libxdamage1 libxrandr2 libxtst6 libxkbfile1 libxshmfence1
  libgbm1 libdrm2 libasound2 libatk1.0-0 libcups2
  fonts-dejavu-core xvfb xauth
  libenchant-2-2 hunspell-en-us hunspell-en-gb
  appstream desktop-file-utils
  hugo jekyll git
  zsh fish man-db
)
# the fidelity suite's engines: hugo and jekyll above; node and npm (for markdown-it) only when
# there is no node at all (a node from elsewhere brings its own npm, which Debian's would clash with)
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

. "$(dirname "$0")/apt-missing.sh"
install_missing system "${packages[@]}"
