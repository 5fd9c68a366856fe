"""Python's cyclic garbage collection, run on the GUI thread only.

The collector runs in whichever thread happens to allocate when a generation's threshold is
crossed. If that is a worker thread and a collected cycle holds a Qt wrapper (a closed window, a
dialog, a widget's slot closure), the QObject is destroyed on the worker thread: Qt forbids that,
and with PySide6 it can deadlock the process (the destructor waits for the GIL that the collecting
thread holds). So automatic collection is switched off and a timer on the GUI thread collects
instead, whenever the same thresholds are crossed. Reference counting still frees everything that
is not in a cycle at once, on any thread.
"""
from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

_guard: "GuiThreadCollector | None" = None


class GuiThreadCollector(QObject):
    def __init__(self, interval_ms: int = 500, parent: QObject | None = None) -> None:
        super().__init__(parent)
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(interval_ms)

    def check(self) -> None:
        """Collect the generations whose thresholds are crossed, youngest first (as gc itself would)."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        for generation in range(3):
            if counts[generation] > thresholds[generation]:
                gc.collect(generation)


def install_gui_thread_collector(app: QObject) -> GuiThreadCollector:
    """Once per process, parented to the QApplication; later calls return the same collector."""
    global _guard
    if _guard is None:
        _guard = GuiThreadCollector(parent=app)
    return _guard
