#!/usr/bin/env bash
# Package dist/AIGC-Desktop/ as a .deb: the bundle in /opt/aigc-desktop, launchers in /usr/bin
# (aigc-desktop for the GUI, aigc for the command line), a .desktop entry and the icon.
set -euo pipefail
cd "$(dirname "$0")/../.."
bundle=dist/AIGC-Desktop
version=$(python3 -c "import re;print(re.search(r'__version__ = \"(.+?)\"', open('aigc_desktop/__init__.py').read()).group(1))")
arch=$(dpkg --print-architecture)
root=build/deb/aigc-desktop_${version}_${arch}
rm -rf "$root"
mkdir -p "$root/DEBIAN" "$root/opt" "$root/usr/bin" "$root/usr/share/applications" \
  "$root/usr/share/icons/hicolor/scalable/apps"
cp -a "$bundle" "$root/opt/aigc-desktop"
# relative links, so the launchers also work from an unpacked tree (dpkg -x)
ln -s ../../opt/aigc-desktop/aigc-desktop "$root/usr/bin/aigc-desktop"
ln -s ../../opt/aigc-desktop/aigc-desktop "$root/usr/bin/aigc"
cp resources/aigc-desktop.desktop "$root/usr/share/applications/"
cp resources/icons/aigc-desktop.svg "$root/usr/share/icons/hicolor/scalable/apps/"
size_kb=$(du -sk "$root" | cut -f1)
cat > "$root/DEBIAN/control" <<CONTROL
Package: aigc-desktop
Version: $version
Section: graphics
Priority: optional
Architecture: $arch
Installed-Size: $size_kb
Depends: libc6, libgl1, libegl1, libxkbcommon0, libfontconfig1, libdbus-1-3
Recommends: libxcb-cursor0, libxkbcommon-x11-0
Maintainer: AIGC Desktop developers <maintainers@aigc-desktop.invalid>
Description: offline generative-image experiments where data quality comes first
 Import an image dataset, find its dirty data, clean it without touching the
 originals, train a VAE or GAN, and measure how cleaning changed the model.
CONTROL
mkdir -p dist
dpkg-deb --root-owner-group -Zgzip --build "$root" "dist/aigc-desktop_${version}_${arch}.deb" >/dev/null
echo "dist/aigc-desktop_${version}_${arch}.deb $(du -h "dist/aigc-desktop_${version}_${arch}.deb" | cut -f1)"
