#!/usr/bin/env bash
# Build the one-folder bundle dist/AIGC-Desktop/ from a checkout, with the active Python
# (the project and PyInstaller installed: pip install -e ".[installer]").
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python}
start=$(date +%s)
"$PYTHON" -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller \
  installer/aigc-desktop.spec
bundle=dist/AIGC-Desktop
# strip debug symbols from torch's own large libraries only (numpy's OpenBLAS breaks when stripped)
if command -v strip >/dev/null; then
  find "$bundle/_internal/torch/lib" -name "*.so*" -size +1M -exec strip --strip-debug {} + 2>/dev/null || true
fi
echo "built $bundle in $(( $(date +%s) - start )) s, $(du -sh "$bundle" | cut -f1)" >&2
