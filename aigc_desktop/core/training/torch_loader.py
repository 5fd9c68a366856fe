"""Importing torch without freezing the other threads of the process, and telling the compute
device without importing it at all when the answer is already known.

``import torch`` on a worker thread holds the GIL through its longest steps: loading
``libtorch_cpu`` (hundreds of MB of code, relocations and static initialisers) happens inside one
C call, so the GUI thread cannot run for a second or more (benchmarks/gui_stall.py, "launch").
:func:`import_torch` first loads torch's shared libraries through ``dlopen`` called as a ctypes
foreign function, which releases the GIL; the ``import`` that follows finds them loaded and only
runs Python code, which yields the GIL every few milliseconds.
"""
from __future__ import annotations

import ctypes
import importlib.util
import logging
import os
import re
import sys
import threading
from pathlib import Path
from typing import Optional

log = logging.getLogger(__name__)
# loaded in this order; their own dependencies (libc10, libgomp, ...) come with them
_PRELOAD = ("libtorch_global_deps.so", "libtorch.so")
_lock = threading.Lock()


def _torch_folder() -> Optional[Path]:
    try:
        spec = importlib.util.find_spec("torch")
    except (ImportError, ValueError):
        return None
    return Path(spec.origin).parent if spec is not None and spec.origin else None


def preload_libraries() -> int:
    """Load torch's big shared libraries with the GIL released; the number loaded (0 where this
    does not apply: torch already imported, not Linux, a layout this does not know)."""
    if "torch" in sys.modules or not sys.platform.startswith("linux"):
        return 0
    folder = _torch_folder()
    if folder is None or not (folder / "lib").is_dir():
        return 0
    try:
        libc = ctypes.CDLL(None)
        dlopen = libc.dlopen
    except (OSError, AttributeError):
        return 0
    dlopen.argtypes = [ctypes.c_char_p, ctypes.c_int]
    dlopen.restype = ctypes.c_void_p
    loaded = 0
    for name in _PRELOAD:
        path = folder / "lib" / name
        # the flags Python itself uses for extension modules, so the later import shares the load
        if path.exists() and dlopen(os.fsencode(path), sys.getdlopenflags()):
            loaded += 1
    return loaded


def import_torch():
    """``torch``, imported so that the GUI thread keeps running meanwhile (see the module's note)."""
    if "torch" not in sys.modules:
        with _lock:
            try:
                preload_libraries()
            except Exception:  # an optimisation only: the plain import below still works
                log.debug("preloading torch's libraries failed", exc_info=True)
    import torch

    return torch


def build_accelerators() -> Optional[set[str]]:
    """The accelerators the installed torch was built for ({"cuda"}, {"hip"}, ... or an empty set),
    read from ``torch/version.py`` without importing torch; None when that cannot be read."""
    folder = _torch_folder()
    if folder is None:
        return None
    try:
        text = (folder / "version.py").read_text("utf-8")
    except OSError:
        return None
    found = set()
    for name in ("cuda", "hip", "rocm", "xpu"):
        match = re.search(rf"^{name}\s*(?::[^=]*)?=\s*(.+)$", text, re.MULTILINE)
        if match is None:
            return None  # a layout this does not know: let torch answer
        if match.group(1).strip() != "None":
            found.add(name)
    return found


def torch_version_text() -> str:
    folder = _torch_folder()
    try:
        text = (folder / "version.py").read_text("utf-8") if folder else ""
    except OSError:
        text = ""
    match = re.search(r"^__version__\s*=\s*['\"]([^'\"]+)['\"]", text, re.MULTILINE)
    return match.group(1) if match else ""
