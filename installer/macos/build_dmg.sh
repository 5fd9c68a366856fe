#!/usr/bin/env bash
# macOS recipe (untested here: this project builds on Linux). On a Mac with Xcode tools:
#   python3 -m venv .venv && .venv/bin/pip install torch -e ".[installer]"
#   PYTHON=.venv/bin/python installer/macos/build_dmg.sh
# The spec adds a BUNDLE step on macOS: dist/AIGC Desktop.app; this wraps it in a .dmg.
set -euo pipefail
cd "$(dirname "$0")/../.."
PYTHON=${PYTHON:-python3}
"$PYTHON" -m PyInstaller --noconfirm --distpath dist --workpath build/pyinstaller installer/aigc-desktop.spec
# optional: codesign --deep --force --options runtime --sign "Developer ID Application: …" "dist/AIGC Desktop.app"
staging=$(mktemp -d)
cp -R "dist/AIGC Desktop.app" "$staging/"
ln -s /Applications "$staging/Applications"
hdiutil create -volname "AIGC Desktop" -srcfolder "$staging" -ov -format UDZO "dist/AIGC-Desktop.dmg"
rm -rf "$staging"
echo "dist/AIGC-Desktop.dmg"
