"""Python's cyclic garbage collection, run on the GUI thread only.

The collector runs in whichever thread happens to allocate when a generation's threshold is
crossed. If that is a worker thread and a collected cycle holds a Qt wrapper (a closed window, a
dialog, a widget's slot closure), the QObject is destroyed on the worker thread: Qt forbids that,
and with PySide6 it can deadlock the process (the destructor waits for the GIL that the collecting
thread holds). So automatic collection is switched off and a timer on the GUI thread collects
instead, whenever the same thresholds are crossed. Reference counting still frees everything that
is not in a cycle at once, on any thread.

A full collection walks every tracked object: once torch is imported that is hundreds of thousands
of module-level objects and ~0.4 s of CPU, a freeze of the interface every few seconds. So when
many modules were imported since the last time, the heap is frozen (``gc.freeze``: what exists
now, mostly module contents that live as long as the process, is left out of later collections)
before the next collection, which then only looks at what came after. And a full collection
runs at most every ``FULL_EVERY_S`` seconds: gc itself skips most of them on a big heap (it waits
until the objects that survived the last one grew by a quarter), while a timer that collected the
oldest generation whenever its count is crossed would walk the whole heap every few seconds during a
scan or a training, whose threads allocate fast. The younger generations, where new cycles are
found, are collected as soon as their thresholds are crossed, and the timer looks every 100 ms: a
young generation's collection walks what was allocated since the last one, and worker threads
allocate hundreds of thousands of objects a second, so a longer interval makes each pause longer.
"""
from __future__ import annotations

import gc
import sys
import time

from PySide6.QtCore import QObject, QTimer

_guard: "GuiThreadCollector | None" = None


class GuiThreadCollector(QObject):
    # this many modules imported since the last freeze make the heap worth freezing
    FREEZE_AFTER_MODULES = 200
    FULL_EVERY_S = 30.0  # at most one full collection this often

    def __init__(self, interval_ms: int = 100, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._modules_at_freeze = len(sys.modules)
        self._last_full = -float("inf")
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(interval_ms)

    def check(self) -> None:
        """Collect the oldest generation whose threshold is crossed (and the younger ones with it),
        as gc itself would."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        crossed = [g for g in range(3) if counts[g] > thresholds[g]]
        if not crossed:
            return
        if len(sys.modules) - self._modules_at_freeze >= self.FREEZE_AFTER_MODULES:
            # a big import (torch, in a worker) just made its module contents: whichever generation
            # they are in, no collection needs to walk them again
            gc.freeze()
            self._modules_at_freeze = len(sys.modules)
        generation = crossed[-1]
        if generation == 2:
            now = time.monotonic()
            if now - self._last_full < self.FULL_EVERY_S:
                younger = [g for g in crossed if g < 2]
                if not younger:
                    return
                generation = younger[-1]
            else:
                self._last_full = now
        gc.collect(generation)


def install_gui_thread_collector(app: QObject) -> GuiThreadCollector:
    """Once per process, parented to the QApplication; later calls return the same collector."""
    global _guard
    if _guard is None:
        _guard = GuiThreadCollector(parent=app)
    return _guard
