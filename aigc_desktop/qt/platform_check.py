"""Before Qt starts: a UTF-8 locale, and one clear line instead of Qt's abort when no window can open.

Qt aborts the process ("no Qt platform plugin could be initialized") when its platform plugin cannot
be loaded, typically because a system library it links (``libxcb-icccm.so.4``…) is not installed.
This module tries the plugin first, without starting Qt, and names what is missing and which
packages provide it. It imports no Qt module, so it can run before any Qt library is loaded.
"""
from __future__ import annotations

import ctypes
import importlib.util
import locale
import os
import sys
from pathlib import Path
from typing import Mapping, MutableMapping, Optional

from aigc_desktop.core import system_libraries

UTF8_LOCALES = ("C.UTF-8", "C.utf8", "en_US.UTF-8")


def _is_utf8(name: str) -> bool:
    return "utf-8" in name.lower() or "utf8" in name.lower()


def ensure_utf8_locale(environ: MutableMapping[str, str] = os.environ) -> Optional[str]:
    """Switch the character encoding to UTF-8 when the environment's locale has none.

    Qt needs a UTF-8 locale and warns on four lines when it finds "C" (``env -i``, cron, some
    containers). Only the character type changes (``LC_CTYPE``; ``LC_ALL`` when that is what
    pins the encoding), so the interface language stays the user's. Returns the locale set, or
    None when nothing needed changing or no UTF-8 locale exists on this system.
    """
    if sys.platform != "linux" and not sys.platform.startswith("freebsd"):
        return None
    current = environ.get("LC_ALL") or environ.get("LC_CTYPE") or environ.get("LANG") or ""
    if _is_utf8(current):
        return None
    previous = locale.setlocale(locale.LC_CTYPE)
    for candidate in UTF8_LOCALES:
        try:
            locale.setlocale(locale.LC_CTYPE, candidate)
        except locale.Error:
            continue
        environ["LC_ALL" if environ.get("LC_ALL") else "LC_CTYPE"] = candidate
        return candidate
    locale.setlocale(locale.LC_CTYPE, previous)
    return None


def requested_platforms(environ: Mapping[str, str] = os.environ) -> list[str]:
    """The platform plugins Qt will try, in order (``QT_QPA_PLATFORM`` may list several)."""
    requested = environ.get("QT_QPA_PLATFORM", "").strip()
    if requested:
        return [name.split(":", 1)[0].strip() for name in requested.split(";") if name.strip()]
    if environ.get("XDG_SESSION_TYPE") == "wayland" and environ.get("WAYLAND_DISPLAY"):
        return ["wayland", "xcb"]
    return ["xcb"]


def _qt_roots() -> list[Path]:
    """PySide6's ``Qt`` folders (in the environment, or inside the frozen bundle)."""
    spec = importlib.util.find_spec("PySide6")
    roots = list(spec.submodule_search_locations or []) if spec else []
    if getattr(sys, "_MEIPASS", None):
        roots.append(os.path.join(sys._MEIPASS, "PySide6"))
    return [Path(root) / "Qt" for root in dict.fromkeys(roots)]


def platform_plugin_dirs(environ: Mapping[str, str] = os.environ) -> list[Path]:
    """Where Qt looks for platform plugins: the environment's overrides, then PySide6's own."""
    dirs: list[Path] = []
    if environ.get("QT_QPA_PLATFORM_PLUGIN_PATH"):
        dirs.append(Path(environ["QT_QPA_PLATFORM_PLUGIN_PATH"]))
    dirs += [Path(p) / "platforms" for p in environ.get("QT_PLUGIN_PATH", "").split(os.pathsep) if p]
    return dirs + [root / "plugins" / "platforms" for root in _qt_roots()]


def find_plugin(platform: str, dirs: list[Path]) -> Optional[Path]:
    for folder in dirs:
        candidate = folder / f"libq{platform}.so"
        if candidate.is_file():
            return candidate
    return None


def missing_libraries(plugin: Path) -> tuple[list[str], str]:
    """(sonames the plugin cannot find, the loader's own error) — both empty when it loads."""
    try:
        ctypes.CDLL(str(plugin), mode=os.RTLD_LAZY | getattr(os, "RTLD_LOCAL", 0))
        return [], ""
    except OSError as exc:
        error = str(exc)
    # Qt's own libraries are where the app's Qt is, wherever the plugin lies
    search = [root / "lib" for root in _qt_roots()] + ([Path(sys._MEIPASS)] if getattr(sys, "_MEIPASS", None) else [])
    try:
        missing = sorted(name for name, where in system_libraries.ldd(plugin, search).items() if where is None)
    except (OSError, ValueError, TimeoutError):
        missing = []
    if not missing and "cannot open shared object file" in error:
        missing = [error.split(":")[-2].strip()] if error.count(":") >= 2 else []
    return missing, error


def describe_missing(platform: str, missing: list[str], error: str, mapping: Mapping[str, str]) -> str:
    if not missing:
        return f"Qt's {platform} platform plugin cannot be loaded ({error.strip()})"
    packages, unknown = system_libraries.packages_for(missing, mapping)
    message = f"Qt's {platform} platform plugin needs {', '.join(missing)}, not installed"
    if packages:
        message += f"; install: sudo apt install {' '.join(packages)}"
    if unknown:
        message += f" (no known Debian package for {', '.join(unknown)})"
    return message


def platform_problem(environ: Mapping[str, str] = os.environ,
                     mapping: Optional[Mapping[str, str]] = None) -> Optional[str]:
    """One line saying why no window can open, or None when a platform plugin will load.

    Only Linux is checked; on other systems Qt's plugins ship with the app and need nothing else.
    """
    if sys.platform != "linux":
        return None
    platforms = requested_platforms(environ)
    dirs = platform_plugin_dirs(environ)
    problems = []
    for platform in platforms:
        plugin = find_plugin(platform, dirs)
        if plugin is None:
            problems.append(f"Qt has no {platform} platform plugin here")
            continue
        missing, error = missing_libraries(plugin)
        if not missing and not error:
            if platform == "xcb" and not environ.get("DISPLAY"):
                problems.append("there is no X display (DISPLAY is not set)")
                continue
            if platform == "wayland" and not environ.get("WAYLAND_DISPLAY"):
                problems.append("there is no Wayland display (WAYLAND_DISPLAY is not set)")
                continue
            return None
        mapping = system_libraries.load_package_map() if mapping is None else mapping
        problems.append(describe_missing(platform, missing, error, mapping))
    return "cannot open a window: " + "; ".join(problems) + \
        " (the command line, aigc, needs no display; QT_QPA_PLATFORM=offscreen runs without a screen)"
