#!/usr/bin/env bash
# Print the packages of the bundle's computed Depends that this Debian system has not installed
# (empty when all are): what `apt install ./aigc-desktop_*.deb` would add.
#   installer/linux/missing_depends.sh [BUNDLE]
set -euo pipefail
cd "$(dirname "$0")/../.."
PYTHON=${PYTHON:-$( [[ -x .venv/bin/python ]] && echo .venv/bin/python || echo python3 )}
depends=$("$PYTHON" installer/linux/deb_depends.py "${1:-dist/AIGC-Desktop}" | sed -n 's/^Depends: //p')
for package in $(tr ',' '\n' <<<"$depends" | sed 's/(.*)//; s/ //g'); do
  dpkg-query -W -f='${Status}\n' "$package" 2>/dev/null | grep -q "install ok installed" || echo "$package"
done
