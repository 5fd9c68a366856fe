#!/usr/bin/env bash
# Package dist/AIGC-Desktop/ as a .deb: the bundle in /opt/aigc-desktop, launchers in /usr/bin
# (aigc-desktop for the GUI, aigc for the command line), the menu entry, the *.aigc MIME type and
# the icons. Depends is computed from the bundle (installer/linux/deb_depends.py).
# AIGC_GZIP_LEVEL (1-9, default 6) trades size for build time; CI uses 1.
set -euo pipefail
cd "$(dirname "$0")/../.."
source installer/linux/desktop_files.sh
PYTHON=${PYTHON:-$( [[ -x .venv/bin/python ]] && echo .venv/bin/python || echo python3 )}
bundle=dist/AIGC-Desktop
version=$("$PYTHON" -c "import re;print(re.search(r'__version__ = \"(.+?)\"', open('aigc_desktop/__init__.py').read()).group(1))")
arch=$(dpkg --print-architecture)
start=$(date +%s)
fields=$("$PYTHON" installer/linux/deb_depends.py "$bundle")   # "Depends: ..." and "Recommends: ..."
root=build/deb/aigc-desktop_${version}_${arch}
rm -rf "$root"
mkdir -p "$root/DEBIAN" "$root/opt" "$root/usr/bin" "$root/usr/share/doc/aigc-desktop"
cp -a "$bundle" "$root/opt/aigc-desktop"
# relative links, so the launchers also work from an unpacked tree (dpkg -x)
ln -s ../../opt/aigc-desktop/aigc-desktop "$root/usr/bin/aigc-desktop"
ln -s ../../opt/aigc-desktop/aigc-desktop "$root/usr/bin/aigc"
install_desktop_files "$root/usr/share"
install -m 644 installer/linux/copyright "$root/usr/share/doc/aigc-desktop/copyright"
size_kb=$(du -sk "$root" | cut -f1)
# no maintainer scripts: dpkg's triggers (shared-mime-info, desktop-file-utils, the icon cache)
# refresh the MIME, menu and icon databases on install and removal
cat > "$root/DEBIAN/control" <<CONTROL
Package: aigc-desktop
Version: $version
Section: graphics
Priority: optional
Architecture: $arch
Installed-Size: $size_kb
$fields
Suggests: shared-mime-info, desktop-file-utils
Maintainer: AIGC Desktop developers <maintainers@aigc-desktop.invalid>
Description: offline generative-image experiments where data quality comes first
 Import an image dataset, find its dirty data, clean it without touching the
 originals, train a VAE or GAN, and measure how cleaning changed the model.
 Removing the package leaves your projects and the data folder
 (~/.local/share/aigc-desktop) alone.
CONTROL
mkdir -p dist
deb=dist/aigc-desktop_${version}_${arch}.deb
dpkg-deb --root-owner-group -Zgzip -z"${AIGC_GZIP_LEVEL:-6}" --build "$root" "$deb" >/dev/null
rm -rf "$root"
echo "$deb $(du -h "$deb" | cut -f1) in $(( $(date +%s) - start )) s" >&2
grep -E '^(Depends|Recommends):' <<<"$fields" >&2
