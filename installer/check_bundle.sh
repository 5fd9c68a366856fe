#!/usr/bin/env bash
# Does the built bundle run without the development environment? Copy it to a temporary folder
# and run its self-test and a CLI command with a minimal environment: no virtual environment on
# PATH, no PYTHONPATH, a fresh HOME.
set -euo pipefail
cd "$(dirname "$0")/.."
bundle=${1:-dist/AIGC-Desktop}
exe=${2:-aigc-desktop}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -a "$bundle" "$tmp/app"
run() { env -i HOME="$tmp/home" PATH=/usr/bin:/bin QT_QPA_PLATFORM=offscreen LANG=C.UTF-8 "$@"; }
mkdir -p "$tmp/home"
run "$tmp/app/$exe" --version
run "$tmp/app/$exe" demo "$tmp/demo" >/dev/null
test -f "$tmp/demo/truth.json"
out=$(run "$tmp/app/$exe" --self-test)
echo "$out"
echo "$out" | tail -n 1 | grep -q '"ok": true'
echo "bundle check passed" >&2
