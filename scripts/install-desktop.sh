#!/usr/bin/env bash
# Install blogdesk's desktop entry, icon and AppStream metainfo for the current user.
#
# Usage: scripts/install-desktop.sh /path/to/bin/blogdesk
#
# Files go under ${XDG_DATA_HOME:-~/.local/share}; running it again overwrites them with the same
# content, so it is safe to repeat (for example after moving the virtual environment).
set -euo pipefail

APP_ID="io.github.blogdesk.Blogdesk"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RESOURCES="$HERE/../resources"
DATA_HOME="${XDG_DATA_HOME:-$HOME/.local/share}"

die() { echo "install-desktop: $*" >&2; exit 1; }

[ $# -eq 1 ] || die "usage: $0 /path/to/blogdesk"
exe="$1"
case "$exe" in
    /*) ;;
    *) exe="$(pwd)/$exe" ;;
esac
[ -f "$exe" ] && [ -x "$exe" ] || die "not an executable file: $exe"

# The Exec key has its own quoting rules (Desktop Entry spec, "The Exec key"): an argument with
# spaces or reserved characters goes in double quotes with " ` $ \ escaped by a backslash, a
# literal % is written %%, and the value as a whole is a string, so every backslash is doubled.
exec_arg() {
    local s="$1"
    s="${s//%/%%}"
    case "$s" in
        *[[:space:]\"\'\\\`\$\<\>\~\|\&\;\*\?\#\(\)]*)
            s="${s//\\/\\\\}"; s="${s//\"/\\\"}"; s="${s//\`/\\\`}"; s="${s//\$/\\\$}"
            s="\"$s\""
            ;;
    esac
    printf '%s' "${s//\\/\\\\}"
}

apps="$DATA_HOME/applications"
icons="$DATA_HOME/icons/hicolor/scalable/apps"
metainfo="$DATA_HOME/metainfo"
mkdir -p "$apps" "$icons" "$metainfo"

# Write through a temporary file and rename, so a half-written entry is never seen by the desktop.
tmp="$(mktemp "$apps/.$APP_ID.XXXXXX")"
trap 'rm -f "$tmp"' EXIT
exec_line="Exec=$(exec_arg "$exe") %F"
while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in
        Exec=*) printf '%s\n' "$exec_line" ;;
        TryExec=*) ;;
        *) printf '%s\n' "$line" ;;
    esac
done < "$RESOURCES/desktop/$APP_ID.desktop" > "$tmp"
chmod 644 "$tmp"
mv -f "$tmp" "$apps/$APP_ID.desktop"
trap - EXIT

install -m 644 "$RESOURCES/icons/blogdesk.svg" "$icons/$APP_ID.svg"
install -m 644 "$RESOURCES/desktop/$APP_ID.metainfo.xml" "$metainfo/$APP_ID.metainfo.xml"

# Refresh the caches when the tools exist; a desktop without them picks the files up anyway.
if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q "$apps" || true
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$DATA_HOME/icons/hicolor/index.theme" ]; then
    gtk-update-icon-cache -q -t "$DATA_HOME/icons/hicolor" || true
fi

echo "Installed $APP_ID for $(id -un):"
echo "  $apps/$APP_ID.desktop  ($exec_line)"
echo "  $icons/$APP_ID.svg"
echo "  $metainfo/$APP_ID.metainfo.xml"
