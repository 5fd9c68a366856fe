"""Whether the GUI thread is busy, readable from any thread, so that background chores step aside.

Opening a project warms torch up in a job (the first run would otherwise import it, and
torch._dynamo with it, right when its first curves should appear). That import is seconds of
Python on a worker thread, and it used to fall exactly where a user types in the search box or
opens the cleaning wizard: the GUI thread shares the GIL and the CPUs with it, and on a busy
machine waits for a worker that was descheduled while holding the GIL. benchmarks/gui_stall.py
measured 0.19 and 0.29 s stalls in those two moments with 72 and 42 ms of the GUI thread's own work
in them; on a loaded machine (load 10.5 on 2 cores), typing stalled 179-224 ms while torch was
being imported and 52-66 ms once it had been.

:class:`GuiPulse` beats every 20 ms on the GUI thread while some worker watches it. A beat that
comes late means the GUI thread was busy (or waited for a CPU or the GIL); :meth:`GuiPulse.busy`
stays true until the beats have been on time for a quarter of a second again, which spans the
pauses between key presses. :func:`stepping_aside` lets a job's imports wait, module by module,
while the GUI is busy: the warm-up goes on in the interface's idle moments instead. It gives up
waiting after a budget, and when the job is cancelled, so nothing can wait on it for long.
"""
from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from typing import Callable, Iterator, Optional

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal, Slot

from aigc_desktop.core.pausing_imports import another_thread_waits_for_an_import, pausing_imports

_pulse: Optional["GuiPulse"] = None


class GuiPulse(QObject):
    INTERVAL_MS = 20
    LATE_S = 0.035   # a beat this much after the previous one: the GUI thread was busy meanwhile
    QUIET_S = 0.25   # beats on time for this long: the GUI is idle again
    STEP_S = 0.01    # how often a waiting worker looks again

    _wake = Signal()

    def __init__(self, parent: Optional[QObject] = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.PreciseTimer)
        self._timer.setInterval(self.INTERVAL_MS)
        self._timer.timeout.connect(self._beat)
        self._wake.connect(self._start)  # queued when a worker emits it
        self._lock = threading.Lock()
        self._watchers = 0
        self._last_beat = time.monotonic()
        self._last_busy = -float("inf")

    # ----- GUI thread ---------------------------------------------------------------------------
    @Slot()
    def _start(self) -> None:
        if not self._timer.isActive():
            self._last_beat = time.monotonic()
            self._timer.start()

    @Slot()
    def _beat(self) -> None:
        now = time.monotonic()
        if now - self._last_beat > self.LATE_S:
            self._last_busy = now
        self._last_beat = now
        with self._lock:
            if self._watchers == 0:
                self._timer.stop()

    # ----- any thread ---------------------------------------------------------------------------
    @contextmanager
    def watching(self) -> Iterator["GuiPulse"]:
        """Keep the pulse beating while inside (it stops when nobody watches)."""
        with self._lock:
            self._watchers += 1
            now = time.monotonic()
            if self._watchers == 1:
                self._last_beat = now  # a GUI too busy to start the timer reads as busy
            # a job is started by the GUI thread, in an event-loop turn that is not over yet (it goes
            # on to fill a table, say): busy until its beats have been on time for QUIET_S
            self._last_busy = now
        self._wake.emit()
        try:
            yield self
        finally:
            with self._lock:
                self._watchers -= 1

    def busy(self) -> bool:
        """The GUI thread has not beaten lately, or was late less than QUIET_S ago."""
        now = time.monotonic()
        return now - self._last_beat > self.LATE_S or now - self._last_busy < self.QUIET_S

    def wait_while_busy(self, max_s: float, cancelled: Callable[[], bool] = lambda: False) -> float:
        """Sleep (the GIL released) while the GUI is busy, at most ``max_s``; the seconds waited."""
        start = time.monotonic()
        while self.busy() and not cancelled() and time.monotonic() - start < max_s:
            time.sleep(self.STEP_S)
        return time.monotonic() - start


def gui_pulse() -> GuiPulse:
    """The process's pulse, made on first use: call it on the GUI thread and hand it to the job (made
    elsewhere, it is moved to the GUI thread, where its timer must beat)."""
    global _pulse
    if _pulse is None or not shiboken6.isValid(_pulse):  # none yet, or its application was destroyed
        app = QCoreApplication.instance()
        pulse = GuiPulse()
        if app is not None:
            if pulse.thread() is not app.thread():  # made on a worker after all: its timer must beat on the GUI thread
                pulse.moveToThread(app.thread())
            pulse.setParent(app)
        _pulse = pulse
    return _pulse


@contextmanager
def stepping_aside(pulse: GuiPulse, ctx, budget_s: float = 10.0) -> Iterator[None]:
    """Inside a job: its start, and each module it imports, wait first while the GUI is busy (the
    turn that started the job counts as busy), in all at most ``budget_s``, never once the job is
    cancelled, and never while another thread (the GUI's, say) waits for a module this job is
    importing (an import itself is never interrupted)."""
    spent = 0.0

    def pause() -> None:
        nonlocal spent
        if spent < budget_s:
            spent += pulse.wait_while_busy(min(1.0, budget_s - spent),
                                           lambda: ctx.cancelled or another_thread_waits_for_an_import())

    with pulse.watching(), pausing_imports(pause):
        pause()  # what the job does before its first import (loading torch's libraries) waits too
        yield


__all__ = ["GuiPulse", "gui_pulse", "stepping_aside"]
