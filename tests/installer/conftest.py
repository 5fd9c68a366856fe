"""Fixtures for the packaging tools: the tools as modules, and Qt's real libraries and plugins."""
from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def deb_depends():
    return _load("deb_depends", ROOT / "installer" / "linux" / "deb_depends.py")


@pytest.fixture(scope="session")
def bundle_contents():
    return _load("bundle_contents", ROOT / "installer" / "bundle_contents.py")


@pytest.fixture(scope="session")
def pyside_dir() -> Path:
    import PySide6

    return Path(PySide6.__file__).parent


def _link_or_copy(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


# the Qt modules the app imports (PySide6.QtCore, QtGui, QtWidgets, QtSvg; pyqtgraph's OpenGL widget)
APP_QT_LIBRARIES = ("libQt6Core.so.6", "libQt6Gui.so.6", "libQt6Widgets.so.6", "libQt6Svg.so.6",
                    "libQt6OpenGL.so.6", "libQt6OpenGLWidgets.so.6", "libQt6DBus.so.6")


@pytest.fixture(scope="session")
def qt_bundle(tmp_path_factory, pyside_dir, bundle_contents, deb_depends) -> Path:
    """A bundle-shaped folder with Qt as the bundle carries it: the plugins it keeps, the libraries
    of the modules the app uses, and every Qt library those link (as PyInstaller collects them)."""
    if sys.platform != "linux":
        pytest.skip("the .deb's Depends are computed on Linux")
    bundle = tmp_path_factory.mktemp("bundle")
    qt_lib = pyside_dir / "Qt" / "lib"
    todo = [qt_lib / name for name in APP_QT_LIBRARIES]
    for path in (pyside_dir / "Qt" / "plugins").rglob("*.so"):
        if bundle_contents.useful("PySide6/" + path.relative_to(pyside_dir).as_posix()):
            todo.append(path)
    done = set()
    while todo:
        path = todo.pop()
        if path in done or not path.is_file():
            continue
        done.add(path)
        _link_or_copy(path, bundle / "_internal" / "PySide6" / path.relative_to(pyside_dir))
        todo += [qt_lib / name for name in deb_depends.read_elf(path).needed if (qt_lib / name).is_file()]
    return bundle


def patched_elf(src: Path, dst: Path, needed: str, replacement: str) -> Path:
    """A copy of ``src`` whose link to ``needed`` names ``replacement`` instead (same length)."""
    assert len(needed) == len(replacement)
    data = src.read_bytes()
    old, new = needed.encode() + b"\0", replacement.encode() + b"\0"
    assert data.count(old) == 1, f"{needed} is not linked exactly once by {src}"
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_bytes(data.replace(old, new))
    dst.chmod(0o755)
    return dst
