"""Imports on a background thread that can step aside between two modules.

A big import on a worker thread (torch with torch._dynamo: about 1,500 modules and seconds of
Python) shares the GIL and the CPUs with every other thread of the process. Inside
:func:`pausing_imports`, each module the calling thread is about to import (one not yet in
``sys.modules``) first calls ``pause()``, which may sleep: the GUI uses this to let a warm-up
import go on only while the interface is idle (:mod:`aigc_desktop.qt.gui_pulse`). Other threads'
imports are not affected, and an import is never interrupted: ``pause`` only delays the next module.

A paused thread holds the import locks of the modules it is in the middle of importing, so another
thread that imports one of them waits for it: while any other thread waits for an import lock,
nothing pauses (:func:`another_thread_waits_for_an_import`), and a pause should give up when that
happens (the GUI's does).
"""
from __future__ import annotations

import importlib._bootstrap
import logging
import sys
import threading
from contextlib import contextmanager
from typing import Callable, Iterator

log = logging.getLogger(__name__)


class _PauseBeforeImport:
    """A meta path finder that finds nothing: it calls the importing thread's pause, then lets the
    next finder find the module."""

    def __init__(self) -> None:
        self.pauses: dict[int, Callable[[], None]] = {}
        self._inside: set[int] = set()  # threads inside their pause (an import it makes does not pause)

    def find_spec(self, name, path=None, target=None):
        ident = threading.get_ident()
        pause = self.pauses.get(ident)
        if pause is None or ident in self._inside or another_thread_waits_for_an_import():
            return None
        self._inside.add(ident)
        try:
            pause()
        except Exception:  # a pause is a courtesy: it must never break the import
            log.debug("pause before importing %s failed", name, exc_info=True)
        finally:
            self._inside.discard(ident)
        return None

    def invalidate_caches(self) -> None:
        pass


def another_thread_waits_for_an_import() -> bool:
    """Some other thread is blocked on a module's import lock (perhaps one a paused thread holds).

    Reads the import system's record of who waits for which lock (a private table: where it is
    missing, nobody is known to wait)."""
    me = threading.get_ident()
    blocking = getattr(importlib._bootstrap, "_blocking_on", None)
    try:
        if isinstance(blocking, dict):  # Python 3.10 and 3.11: thread -> the lock it waits for
            waits = list(blocking.items())
        else:  # 3.12 on: a weak-value table, thread -> a list of the locks it waits for
            waits = [(ident, ref()) for ident, ref in list(getattr(blocking, "data", {}).items())]
        return any(ident != me and locks for ident, locks in waits)
    except Exception:  # its layout changed: assume nobody waits
        return False


_finder = _PauseBeforeImport()
_lock = threading.Lock()


@contextmanager
def pausing_imports(pause: Callable[[], None]) -> Iterator[None]:
    """While inside, every module this thread imports calls ``pause()`` first."""
    ident = threading.get_ident()
    with _lock:
        if _finder not in sys.meta_path:
            sys.meta_path.insert(0, _finder)
        _finder.pauses[ident] = pause
    try:
        yield
    finally:
        with _lock:
            _finder.pauses.pop(ident, None)


__all__ = ["pausing_imports", "another_thread_waits_for_an_import"]
