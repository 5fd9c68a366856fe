#!/usr/bin/env bash
# Does the built bundle run without the development environment? Copy it to a temporary folder and
# run a CLI command and its self-test with a minimal environment (env -i: no virtual environment on
# PATH, no PYTHONPATH, no LANG, a fresh HOME): offscreen, and on Linux also in a real X window
# (Xvfb) and, where weston is installed, on a headless Wayland compositor.
#   installer/check_bundle.sh [BUNDLE [EXE]]
set -euo pipefail
cd "$(dirname "$0")/.."
bundle=${1:-dist/AIGC-Desktop}
exe=${2:-aigc-desktop}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -a "$bundle" "$tmp/app"
run() { env -i HOME="$tmp/home" PATH=/usr/bin:/bin "$@"; }
mkdir -p "$tmp/home"
run "$tmp/app/$exe" --version
run "$tmp/app/$exe" demo "$tmp/demo" >/dev/null
test -f "$tmp/demo/truth.json"
# AIGC_SELFTEST_PLATFORMS narrows the list (CI checks offscreen and xcb on the .deb and the .tar.gz)
platforms=(offscreen)
if [[ $(uname -s) == Linux ]]; then
  platforms+=(xcb)
  if command -v weston >/dev/null; then platforms+=(wayland); else echo "weston not installed: Wayland not checked" >&2; fi
fi
read -r -a platforms <<<"${AIGC_SELFTEST_PLATFORMS:-${platforms[*]}}"
bash installer/linux/selftest.sh "$tmp/app/$exe" "${platforms[@]}"
echo "bundle check passed" >&2
