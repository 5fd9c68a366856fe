#!/usr/bin/env bash
# Unpack the newest .deb into a temporary root (no installation, no root needed), check that its
# Depends covers every system library the bundle links, that it carries the desktop integration,
# and run its launchers: aigc (the command line) and aigc-desktop's self-test, offscreen and in a
# real X window, with a minimal environment.
set -euo pipefail
cd "$(dirname "$0")/../.."
PYTHON=${PYTHON:-$( [[ -x .venv/bin/python ]] && echo .venv/bin/python || echo python3 )}
deb=$(ls -t dist/aigc-desktop_*.deb | head -n 1)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dpkg-deb -x "$deb" "$tmp/root"
dpkg-deb -e "$deb" "$tmp/control"
for file in usr/share/applications/aigc-desktop.desktop usr/share/mime/packages/aigc-desktop.xml \
    usr/share/icons/hicolor/scalable/apps/aigc-desktop.svg usr/share/icons/hicolor/48x48/apps/aigc-desktop.png \
    usr/share/icons/hicolor/128x128/apps/aigc-desktop.png usr/share/icons/hicolor/256x256/apps/aigc-desktop.png \
    usr/share/doc/aigc-desktop/copyright usr/bin/aigc usr/bin/aigc-desktop; do
  test -e "$tmp/root/$file" || { echo "missing from the .deb: /$file" >&2; exit 1; }
done
# the computed Depends: every library a bundled file links is bundled or comes from a declared package
"$PYTHON" installer/linux/deb_depends.py "$tmp/root/opt/aigc-desktop" --check "$tmp/control/control"
grep -E '^(Depends|Recommends):' "$tmp/control/control" >&2
run() { env -i HOME="$tmp/home" PATH=/usr/bin:/bin "$@"; }
mkdir -p "$tmp/home"
run "$tmp/root/usr/bin/aigc" --version
run "$tmp/root/usr/bin/aigc" --help | grep -q "scan"          # the aigc link is the command line
run "$tmp/root/usr/bin/aigc-desktop" --version
bash installer/linux/selftest.sh "$tmp/root/usr/bin/aigc-desktop" offscreen xcb
echo "deb check passed: $deb" >&2
