# Sourced by the Linux packaging scripts: put the desktop integration under a share/ folder.
#   install_desktop_files SHARE   -> SHARE/applications/aigc-desktop.desktop (menu entry, opens *.aigc)
#                                    SHARE/mime/packages/aigc-desktop.xml      (the *.aigc MIME type)
#                                    SHARE/icons/hicolor/{scalable,48x48,128x128,256x256}/apps/aigc-desktop.*
install_desktop_files() {
  local share=$1 size
  install -D -m 644 resources/aigc-desktop.desktop "$share/applications/aigc-desktop.desktop"
  install -D -m 644 resources/linux/aigc-desktop-mime.xml "$share/mime/packages/aigc-desktop.xml"
  install -D -m 644 resources/icons/aigc-desktop.svg "$share/icons/hicolor/scalable/apps/aigc-desktop.svg"
  for size in 48 128 256; do
    install -D -m 644 "resources/icons/hicolor/${size}x${size}/apps/aigc-desktop.png" \
      "$share/icons/hicolor/${size}x${size}/apps/aigc-desktop.png"
  done
}
