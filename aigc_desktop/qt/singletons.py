"""Keep True, False and None alive however PySide6 miscounts them.

PySide6 6.12 drops references to bools (and None) that it never took while pyqtgraph's graphics
items are built, changed and removed: about 20 each time a curve is drawn anew. From Python 3.12
on these singletons are immortal and nothing happens; on 3.11 their reference counts (a few
thousand at start-up) reach zero after a few hundred redraws of a plot, and the interpreter aborts
with "bool_dealloc: deallocating True or False". They are never freed in any case, so their counts
are raised out of reach, which is what 3.12 does.

The package's requirements exclude PySide6 6.12.0 below Python 3.12 (it also returns None from
every void method without a reference: ``tests/qt/test_binding_refcounts.py``); this keeps an
environment that has it anyway from aborting.
"""
from __future__ import annotations

import ctypes
import sys

_PINNED = 1 << 40


def pin() -> None:
    """Make True, False and None immortal on Python before 3.12 (a no-op after)."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    for obj in (True, False, None):
        # ob_refcnt is the first field of every CPython object
        ctypes.c_ssize_t.from_address(id(obj)).value += _PINNED
