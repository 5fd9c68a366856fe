#!/usr/bin/env bash
# Unpack the newest portable .tar.gz as a user would, run its self-test offscreen and in a real X
# window with a minimal environment, then install and uninstall its desktop integration into a
# scratch HOME: the launchers, menu entry, icons and MIME type come and go, user data stays.
set -euo pipefail
cd "$(dirname "$0")/../.."
tarball=$(ls -t dist/aigc-desktop-*-linux-*.tar.gz | head -n 1)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tar -C "$tmp" -xzf "$tarball"
app=$(echo "$tmp"/aigc-desktop-*)
home=$tmp/home
mkdir -p "$home"
run() { env -i HOME="$home" PATH="$home/.local/bin:/usr/bin:/bin" "$@"; }
run "$app/aigc" --help | grep -q "scan"
bash installer/linux/selftest.sh "$app/aigc-desktop" offscreen xcb
# per-user desktop integration, and its removal leaving user data alone
mkdir -p "$home/.local/share/aigc-desktop/projects"
echo keep > "$home/.local/share/aigc-desktop/projects/mine.aigc"
run "$app/install-desktop-integration.sh" >/dev/null
run aigc --version
run aigc-desktop --version
grep -q "^Exec=\"$app/aigc-desktop\" %f" "$home/.local/share/applications/aigc-desktop.desktop"
test -f "$home/.local/share/mime/packages/aigc-desktop.xml"
test -f "$home/.local/share/icons/hicolor/256x256/apps/aigc-desktop.png"
if command -v update-mime-database >/dev/null; then
  grep -q "application/x-aigc-project" "$home/.local/share/mime/globs2"   # *.aigc is known to the desktop
fi
run "$app/install-desktop-integration.sh" --uninstall >/dev/null
test ! -e "$home/.local/bin/aigc" && test ! -e "$home/.local/share/applications/aigc-desktop.desktop"
test ! -e "$home/.local/share/mime/packages/aigc-desktop.xml"
test "$(cat "$home/.local/share/aigc-desktop/projects/mine.aigc")" = keep
echo "tarball check passed: $tarball" >&2
