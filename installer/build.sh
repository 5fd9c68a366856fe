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
# strip symbol tables (~115 MB) from torch's own libraries and libpython only: the libraries that
# auditwheel rewrote (numpy's OpenBLAS, Pillow's codecs) break when stripped; dynamic symbols stay
if [[ $(uname -s) == Linux ]] && command -v strip >/dev/null; then
  find "$bundle/_internal/torch/lib" -name "*.so*" -size +1M -type f -exec strip --strip-unneeded {} +
  find "$bundle/_internal" -maxdepth 1 -name "libpython3*.so*" -type f -exec strip --strip-unneeded {} +
fi
echo "built $bundle in $(( $(date +%s) - start )) s, $(du -sh "$bundle" | cut -f1)" >&2
