#!/usr/bin/env bash
# Pack a built bundle with its install script, desktop entry, AppStream metadata and
# icons into one tarball for Linux users:
#
#   pyinstaller packaging/curator.spec
#   bash packaging/make-tarball.sh [dist/curator [OUT.tar.gz]]
#
# gives dist/curator-<version>-linux-<arch>.tar.gz; a user unpacks it and runs
# `sh curator-<version>/install.sh` (see install.sh).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
bundle="$(cd "${1:-$root/dist/curator}" && pwd)"
[ -x "$bundle/curator" ] || { echo "no built program in $bundle (run pyinstaller packaging/curator.spec)" >&2; exit 1; }
version="$("$bundle/curator" --version | awk '{print $2}')"
top="curator-$version"
out="${2:-$root/dist/curator-$version-linux-$(uname -m).tar.gz}"

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
# hard links: no copy of the ~200 MB bundle when the stage is on the same file system
cp -al "$bundle" "$stage/$top" 2>/dev/null || cp -a "$bundle" "$stage/$top"
cp "$here/install.sh" "$here/io.github.curator.Curator.desktop" "$here/io.github.curator.Curator.metainfo.xml" "$stage/$top/"
mkdir -p "$stage/$top/icons"
cp "$root/src/curator/ui/data/"io.github.curator.Curator*.{svg,png} "$stage/$top/icons/"
chmod +x "$stage/$top/install.sh"
mkdir -p "$(dirname "$out")"
# CURATOR_GZIP_LEVEL=1 packs 3x faster (the tests use it), about 9% bigger
tar -C "$stage" -I "gzip -${CURATOR_GZIP_LEVEL:-6}" -cf "$out" "$top"
echo "$out"
