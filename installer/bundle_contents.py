"""What the bundle leaves out: read by the PyInstaller spec, and by the tests of the .deb's Depends.

Paths are bundle paths (as under ``_internal/``, which mirror ``site-packages``), POSIX separators.
Each exclusion was checked against the self-test (offscreen, X11 and Wayland) and the features
that use Qt: dialogs, images, icons, input methods, translations.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from aigc_desktop.core.system_libraries import load_package_map  # noqa: E402

QT = "PySide6/Qt/"
# the system's own libraries (X11, xcb, Wayland, GL, fonts, GLib, D-Bus, libstdc++…), as listed in
# resources/linux/debian-packages.txt: PyInstaller copies whatever the build machine has, which would
# tie the bundle to that machine's versions and hide them from the .deb's Depends. They are left
# out and declared instead.
SYSTEM_LIBRARIES = frozenset(load_package_map(ROOT / "resources" / "linux" / "debian-packages.txt"))

# Qt plugin folders the app never loads
DEAD_PLUGIN_DIRS = (
    "designer", "egldeviceintegrations", "generic", "networkinformation", "printsupport", "qmltooling",
    "renderers", "sceneparsers", "assetimporters", "sqldrivers", "tls", "vectorimageformats",
    "virtualkeyboard", "wayland-graphics-integration-server",
)
# single plugins: embedded-device platforms, the PDF image format (needs QtPdf), the virtual
# keyboard, and the server-buffer integrations that only matter to Qt-based Wayland compositors
DEAD_PLUGINS = (
    "platforms/libqeglfs.so", "platforms/libqlinuxfb.so", "platforms/libqminimalegl.so",
    "platforms/libqvkkhrdisplay.so", "platforms/libqvnc.so", "imageformats/libqpdf.so",
    "platforminputcontexts/libqtvirtualkeyboardplugin.so",
    "wayland-graphics-integration-client/libdmabuf-server.so",
    "wayland-graphics-integration-client/libdrm-egl-server.so",
    "wayland-graphics-integration-client/libshm-emulation-server.so",
    "wayland-graphics-integration-client/libvulkan-server.so",
)
# Qt libraries of modules the app does not use (their Python modules are excluded in the spec)
DEAD_QT_LIBRARIES = ("Qt6Quick", "Qt6Qml", "Qt6Pdf", "Qt6Network", "Qt6WebEngine", "Qt6WaylandCompositor",
                     "Qt6VirtualKeyboard", "Qt63D", "Qt6Multimedia", "Qt6Positioning", "Qt6StateMachine",
                     "Qt6WebChannel", "Qt6EglFsKmsGbmSupport", "Qt6EglFSDeviceIntegration", "Qt6EglFsKmsSupport")
# the interface languages: English (Qt's own strings are English) and Simplified Chinese
QT_TRANSLATIONS_KEPT = ("_zh_CN.qm",)

# torch's test and example libraries (JIT backends, custom-op and TorchBind samples)
DEAD_TORCH_LIBRARIES = ("libaoti_custom_ops.so", "libbackend_with_compiler.so", "libjitbackend_test.so",
                        "libtorchbind_test.so")

DEAD_PREFIXES = (
    "torch/include", "torch/test", "torch/testing/_internal/generated", "torch/share/cmake",
    QT + "qml", QT + "metatypes", QT + "libexec",
) + tuple(f"torch/lib/{lib}" for lib in DEAD_TORCH_LIBRARIES) \
  + tuple(f"{QT}plugins/{d}/" for d in DEAD_PLUGIN_DIRS) + tuple(f"{QT}plugins/{p}" for p in DEAD_PLUGINS)
KEEP = ("torch/bin/torch_shm_manager",)  # training's shared-memory manager


def useful(dest: str) -> bool:
    """Whether the bundle keeps the file that would land at ``dest``."""
    dest = dest.replace("\\", "/")
    if "/" not in dest and dest in SYSTEM_LIBRARIES:
        return False
    if dest.startswith(KEEP):
        return True
    if dest.startswith("torch/bin/") or dest.startswith(DEAD_PREFIXES):
        return False
    if dest.startswith(QT + "translations/"):
        return dest.endswith(QT_TRANSLATIONS_KEPT)
    name = dest.rsplit("/", 1)[-1]
    return not any(name.startswith(("lib" + lib, lib)) for lib in DEAD_QT_LIBRARIES)
