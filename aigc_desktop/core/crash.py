"""Crash logs: an unexpected exception becomes one line for the user and a full report on disk.

The CLI and the GUI both call :func:`write_crash_log` for anything that is not a
:class:`~aigc_desktop.core.errors.UserError`: the traceback, the versions of the app and its
libraries and the command line go to ``crash-<time>-<pid>.log`` in :func:`log_dir`. A native
crash (a segfault in a library) cannot run Python code, so :func:`enable_faulthandler` points
Python's ``faulthandler`` at ``native-crashes.log`` in the same folder beforehand.
"""
from __future__ import annotations

import datetime
import faulthandler
import os
import platform
import sys
import traceback
from pathlib import Path
from typing import Optional, Sequence

EXIT_INTERNAL_ERROR = 70  # EX_SOFTWARE of sysexits.h
NATIVE_LOG = "native-crashes.log"
_MAX_LINE = 300
_fault_file = None


def log_dir() -> Path:
    """The user's log folder (``AIGC_LOG_DIR`` overrides it; with ``AIGC_DATA_DIR`` set, its ``logs``)."""
    override = os.environ.get("AIGC_LOG_DIR")
    if override:
        return Path(override)
    data = os.environ.get("AIGC_DATA_DIR")
    if data:
        return Path(data) / "logs"
    import platformdirs

    from aigc_desktop import APP_ID

    return Path(platformdirs.user_log_dir(APP_ID, appauthor=False))


def one_line(text: str, limit: int = _MAX_LINE) -> str:
    """``text`` on one line, shortened to ``limit`` characters (a message for a terminal or a status bar)."""
    flat = " ".join(str(text).split())
    flat = flat.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def describe(exc: BaseException) -> str:
    """``TypeError: what went wrong`` on one line."""
    text = str(exc)
    return one_line(f"{type(exc).__name__}: {text}" if text else type(exc).__name__)


def versions() -> dict:
    from aigc_desktop import __version__

    out = {"aigc-desktop": __version__, "python": sys.version.split()[0],
           "platform": platform.platform(), "executable": sys.executable}
    from importlib import metadata

    # from the installed metadata: importing torch here to ask it could crash again
    for name, module_name in (("numpy", "numpy"), ("Pillow", "PIL"), ("torch", "torch"),
                              ("PySide6-Essentials", "PySide6"), ("safetensors", "safetensors"), ("onnx", "onnx")):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            module = sys.modules.get(module_name)  # a frozen bundle may carry no metadata
            if module is not None:
                out[name] = getattr(module, "__version__", "?")
    return out


def format_report(exc: BaseException, argv: Optional[Sequence[str]] = None, context: str = "") -> str:
    now = datetime.datetime.now().astimezone().isoformat(timespec="seconds")
    lines = [f"AIGC Desktop crash report, {now}", ""]
    if context:
        lines += [f"where: {context}"]
    lines += [f"command line: {' '.join(map(str, sys.argv if argv is None else argv))}",
              f"working folder: {os.getcwd()}", ""]
    lines += [f"{key}: {value}" for key, value in versions().items()]
    lines += ["", "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))]
    return "\n".join(lines)


def write_crash_log(exc: BaseException, argv: Optional[Sequence[str]] = None, context: str = "") -> Optional[Path]:
    """Write the crash report of ``exc``; its path, or None when the log folder is not writable
    (then the report goes to stderr: it must not be lost)."""
    report = format_report(exc, argv, context)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"crash-{stamp}-{os.getpid()}.log"
        n = 1
        while path.exists():
            n += 1
            path = folder / f"crash-{stamp}-{os.getpid()}-{n}.log"
        with open(path, "w", encoding="utf-8", errors="backslashreplace") as fh:
            fh.write(report)
        return path
    except OSError:
        try:
            sys.stderr.write(report)
        except (OSError, ValueError):
            pass
        return None


def enable_faulthandler() -> Optional[Path]:
    """Send native crash traces (segfaults, aborts, deadlock dumps) to ``native-crashes.log``."""
    global _fault_file
    if _fault_file is not None:
        return Path(_fault_file.name)
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        _fault_file = open(folder / NATIVE_LOG, "a", encoding="utf-8")
    except OSError:
        return None
    faulthandler.enable(_fault_file, all_threads=True)
    return Path(_fault_file.name)
