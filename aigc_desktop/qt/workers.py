"""The one worker pattern of the GUI (ARCHITECTURE.md, habit 3).

A :class:`Worker` is a QObject moved to its own QThread. It runs a plain-Python service and
reports through four signals: ``progress`` (every event the service yields or reports, throttled
for plain :class:`Progress` events), ``result`` (the return value), ``failed`` (a message) and
``finished`` (always, last). Every worker is started through a :class:`WorkerPool` that keeps it
alive, and on shutdown cancels them all, quits their threads *directly* and waits — connecting
``finished`` to ``thread.quit`` alone deadlocks when the GUI thread blocks in ``wait()``, because
that queued ``quit`` would need the blocked GUI event loop to run.
"""
from __future__ import annotations

import inspect
import logging
import time
import traceback
import weakref
from typing import Any, Callable

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from aigc_desktop.core.errors import UserError
from aigc_desktop.core.progress import CancelToken, Cancelled, Progress

log = logging.getLogger(__name__)
_threads: "weakref.WeakSet[QThread]" = weakref.WeakSet()  # every worker thread ever started


def running_threads() -> list[QThread]:
    """Worker threads still running (tests assert none are left behind)."""
    alive = []
    for thread in list(_threads):
        try:
            if thread.isRunning():
                alive.append(thread)
        except RuntimeError:  # the C++ object is already gone
            pass
    return alive


class Worker(QObject):
    """Runs ``fn(*args, **kwargs, cancel=token[, progress=callback])`` off the GUI thread.

    ``fn`` may return a value or a generator; a generator's yielded events go to ``progress`` and
    its ``return`` value to ``result``. A ``progress`` keyword is passed when ``fn`` accepts one.
    """

    progress = Signal(object)
    result = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    finished = Signal()

    def __init__(self, fn: Callable[..., Any], *args: Any, min_interval: float = 0.05, **kwargs: Any) -> None:
        super().__init__()
        self._fn = fn
        self._args = args
        self._kwargs = kwargs
        self._min_interval = min_interval
        self._last_emit = 0.0
        self.token = CancelToken()

    def cancel(self) -> None:
        self.token.cancel()

    def _emit(self, event: Any) -> None:
        # plain progress ticks are throttled; every other event (an epoch, a sample grid) goes out
        if isinstance(event, Progress):
            now = time.monotonic()
            final = event.total and event.done >= event.total
            if not final and now - self._last_emit < self._min_interval:
                return
            self._last_emit = now
        self.progress.emit(event)

    def _call_kwargs(self) -> dict:
        kwargs = dict(self._kwargs)
        try:
            params = inspect.signature(self._fn).parameters
        except (TypeError, ValueError):
            params = {}
        if "cancel" in params:
            kwargs.setdefault("cancel", self.token)
        if "progress" in params:
            kwargs.setdefault("progress", self._emit)
        return kwargs

    @Slot()
    def run(self) -> None:
        try:
            out = self._fn(*self._args, **self._call_kwargs())
            if inspect.isgenerator(out):
                generator = out
                try:
                    while True:
                        self.token.raise_if_cancelled()
                        try:
                            event = next(generator)
                        except StopIteration as stop:
                            out = stop.value
                            break
                        self._emit(event)
                finally:
                    generator.close()  # runs the service's own clean-up on cancel
            self.token.raise_if_cancelled()
            self.result.emit(out)
        except Cancelled:
            self.cancelled.emit()
        except UserError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # a bug: keep the app alive, show it, log the traceback
            log.error("worker failed:\n%s", traceback.format_exc())
            self.failed.emit(f"{type(exc).__name__}: {exc}")
        finally:
            self.finished.emit()


class WorkerPool(QObject):
    """Starts workers on their own threads and stops them all on shutdown."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._running: dict[Worker, QThread] = {}

    def start(self, worker: Worker) -> Worker:
        thread = QThread()
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        # quit from the worker's own thread: never waits on the GUI event loop
        worker.finished.connect(thread.quit, Qt.DirectConnection)
        thread.finished.connect(self._on_thread_finished)
        self._running[worker] = thread
        _threads.add(thread)
        thread.start()
        return worker

    @Slot()
    def _on_thread_finished(self) -> None:
        for worker, thread in list(self._running.items()):
            if thread.isFinished():
                del self._running[worker]
                worker.deleteLater()
                thread.deleteLater()

    def running(self) -> list[Worker]:
        return [w for w, t in self._running.items() if t.isRunning()]

    def shutdown(self, timeout_ms: int = 30000) -> bool:
        """Cancel every worker, quit and wait for its thread; True if all stopped in time."""
        ok = True
        for worker in list(self._running):
            worker.cancel()
        for worker, thread in list(self._running.items()):
            thread.quit()
            if not thread.wait(timeout_ms):
                log.error("a worker did not stop within %d ms", timeout_ms)
                ok = False
        self._on_thread_finished()
        return ok
