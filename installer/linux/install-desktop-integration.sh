#!/usr/bin/env bash
# Add AIGC Desktop to your desktop, for you only (no root needed):
#   ./install-desktop-integration.sh             links aigc-desktop and aigc into ~/.local/bin, adds the
#                                                menu entry, the icons and the *.aigc project type
#   ./install-desktop-integration.sh --uninstall removes exactly those again
# Neither touches your projects or the data folder (~/.local/share/aigc-desktop).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${AIGC_BIN_DIR:-$HOME/.local/bin}
share=${XDG_DATA_HOME:-$HOME/.local/share}
files=(applications/aigc-desktop.desktop mime/packages/aigc-desktop.xml
       icons/hicolor/scalable/apps/aigc-desktop.svg icons/hicolor/48x48/apps/aigc-desktop.png
       icons/hicolor/128x128/apps/aigc-desktop.png icons/hicolor/256x256/apps/aigc-desktop.png)

refresh() {  # the desktop's caches, where their tools exist
  if command -v update-mime-database >/dev/null; then update-mime-database "$share/mime" || true; fi
  if command -v update-desktop-database >/dev/null; then update-desktop-database -q "$share/applications" || true; fi
  if command -v gtk-update-icon-cache >/dev/null && [[ -f "$share/icons/hicolor/index.theme" ]]; then
    gtk-update-icon-cache -q -t "$share/icons/hicolor" || true
  fi
}

if [[ ${1:-} == --uninstall ]]; then
  for link in aigc-desktop aigc; do
    # only our own links: something else of the same name is left alone
    if [[ -L "$bin/$link" && $(readlink "$bin/$link") == "$here/aigc-desktop" ]]; then rm -f "$bin/$link"; fi
  done
  for file in "${files[@]}"; do rm -f "$share/$file"; done
  refresh
  echo "AIGC Desktop's launchers and menu entry are removed; your projects and $share/aigc-desktop are untouched."
  exit 0
fi

mkdir -p "$bin"
ln -sfn "$here/aigc-desktop" "$bin/aigc-desktop"
ln -sfn "$here/aigc-desktop" "$bin/aigc"
for file in "${files[@]}"; do
  install -D -m 644 "$here/share/$file" "$share/$file"
done
# the menu entry starts this copy, wherever it was unpacked, whether or not ~/.local/bin is on PATH
sed -i "s|^Exec=aigc-desktop |Exec=\"$here/aigc-desktop\" |" "$share/applications/aigc-desktop.desktop"
refresh
echo "AIGC Desktop is in your menu; aigc-desktop and aigc are in $bin."
case ":$PATH:" in *":$bin:"*) ;; *) echo "Add $bin to PATH to start them from a terminal." ;; esac
