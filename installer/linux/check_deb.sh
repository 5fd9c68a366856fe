#!/usr/bin/env bash
# Unpack the .deb into a temporary root (no installation, no root needed) and run its launchers.
set -euo pipefail
cd "$(dirname "$0")/../.."
deb=$(ls -t dist/aigc-desktop_*.deb | head -n 1)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dpkg -x "$deb" "$tmp/root"
test -f "$tmp/root/usr/share/applications/aigc-desktop.desktop"
test -f "$tmp/root/usr/share/icons/hicolor/scalable/apps/aigc-desktop.svg"
run() { env -i HOME="$tmp/home" PATH=/usr/bin:/bin QT_QPA_PLATFORM=offscreen LANG=C.UTF-8 "$@"; }
mkdir -p "$tmp/home"
run "$tmp/root/usr/bin/aigc" --version
out=$(run "$tmp/root/usr/bin/aigc-desktop" --self-test)
echo "$out"
echo "$out" | tail -n 1 | grep -q '"ok": true'
echo "deb check passed: $deb" >&2
