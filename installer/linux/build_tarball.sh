#!/usr/bin/env bash
# A portable download for any glibc Linux: dist/aigc-desktop-<version>-linux-<arch>.tar.gz holding
# the bundle (run ./aigc-desktop, or ./aigc for the command line), the desktop files under share/,
# and install-desktop-integration.sh, which adds the launchers, menu entry, icons and *.aigc type
# for the current user only (no root). AIGC_GZIP_LEVEL (1-9, default 6) trades size for time.
set -euo pipefail
cd "$(dirname "$0")/../.."
source installer/linux/desktop_files.sh
bundle=dist/AIGC-Desktop
version=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' aigc_desktop/__init__.py)
name=aigc-desktop-${version}-linux-$(uname -m)
start=$(date +%s)
stage=build/tarball
rm -rf "$stage"
mkdir -p "$stage"
cp -a "$bundle" "$stage/$name"
ln -s aigc-desktop "$stage/$name/aigc"
install_desktop_files "$stage/$name/share"
install -m 755 installer/linux/install-desktop-integration.sh "$stage/$name/"
# the oldest glibc the bundle runs on, as computed from its libraries
PYTHON=${PYTHON:-$( [[ -x .venv/bin/python ]] && echo .venv/bin/python || echo python3 )}
glibc=$("$PYTHON" installer/linux/deb_depends.py "$bundle" | sed -n 's/.*libc6 (>= \([0-9.]*\)).*/\1/p')
sed "s/@GLIBC@/${glibc:-2.28}/" installer/linux/portable-README.txt > "$stage/$name/README.txt"
mkdir -p dist
tarball=dist/$name.tar.gz
tar -C "$stage" --owner=0 --group=0 -cf - "$name" | gzip -"${AIGC_GZIP_LEVEL:-6}" > "$tarball.part"
mv "$tarball.part" "$tarball"
rm -rf "$stage"
echo "$tarball $(du -h "$tarball" | cut -f1) in $(( $(date +%s) - start )) s" >&2
