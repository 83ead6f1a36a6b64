#!/bin/sh
# Install Curator for the current user, from an unpacked release tarball:
#
#   tar xzf curator-<version>-linux-<arch>.tar.gz && sh curator-<version>/install.sh
#
# puts the program in ~/.local/opt/curator, the command `curator` in ~/.local/bin, and
# the desktop entry, AppStream metadata and icons under ~/.local/share (so the app is in
# the applications menu). No root needed; nothing is written outside ~/.local.
# `sh ~/.local/opt/curator/install.sh --uninstall` removes all of it (your stores in
# ~/.local/share/Curator are kept).
set -eu
APP_ID=io.github.curator.Curator
here=$(cd "$(dirname "$0")" && pwd)
local_dir="$HOME/.local"
opt="$local_dir/opt/curator"
bin="$local_dir/bin"
share="${XDG_DATA_HOME:-$local_dir/share}"
sizes="16 24 32 48 64 128 256"

refresh_caches() {
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q "$share/applications" 2>/dev/null || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$share/icons/hicolor/index.theme" ]; then
        gtk-update-icon-cache -q -t "$share/icons/hicolor" 2>/dev/null || true
    fi
}

if [ "${1:-}" = "--uninstall" ]; then
    rm -f "$bin/curator" "$share/applications/$APP_ID.desktop" "$share/metainfo/$APP_ID.metainfo.xml"
    rm -f "$share/icons/hicolor/scalable/apps/$APP_ID.svg"
    for s in $sizes; do rm -f "$share/icons/hicolor/${s}x${s}/apps/$APP_ID.png"; done
    rm -rf "$opt"
    refresh_caches
    echo "Curator removed (your stores in $share/Curator are kept)."
    exit 0
fi

[ -x "$here/curator" ] || { echo "install.sh: no program beside me ($here/curator)" >&2; exit 1; }
if [ "$here" != "$opt" ]; then
    rm -rf "$opt.new"
    mkdir -p "$local_dir/opt"
    cp -a "$here" "$opt.new"
    rm -rf "$opt"
    mv "$opt.new" "$opt"
fi
mkdir -p "$bin" "$share/applications" "$share/metainfo" "$share/icons/hicolor/scalable/apps"
ln -sf "$opt/curator" "$bin/curator"
sed "s|^Exec=curator|Exec=$bin/curator|" "$opt/$APP_ID.desktop" > "$share/applications/$APP_ID.desktop"
cp "$opt/$APP_ID.metainfo.xml" "$share/metainfo/"
cp "$opt/icons/$APP_ID.svg" "$share/icons/hicolor/scalable/apps/"
for s in $sizes; do
    mkdir -p "$share/icons/hicolor/${s}x${s}/apps"
    cp "$opt/icons/$APP_ID-$s.png" "$share/icons/hicolor/${s}x${s}/apps/$APP_ID.png"
done
refresh_caches
echo "Curator installed in $opt; run it from the applications menu or as $bin/curator."
case ":$PATH:" in
    *":$bin:"*) ;;
    *) echo "($bin is not on your PATH: add it to run 'curator' from a terminal.)" ;;
esac
