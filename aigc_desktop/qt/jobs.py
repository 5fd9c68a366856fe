"""The GUI's one way to run work off its thread (docs/ARCHITECTURE.md, "The JobRunner").

``runner.start(job, on_result=…, progress_bar=…, cancel_button=…, latest_wins=True)`` calls
``job(ctx)`` on a QThread of its own: a core job (a generator of events returning its result, see
:mod:`aigc_desktop.core.jobs`) or any function of a :class:`JobContext`. Every callback runs on the
GUI thread, so call sites may pass lambdas and bound methods alike. The runner:

* decides how many CPU workers a job gets (all cores but one: one stays with the interface) and
  lowers the worker thread's priority, so the GUI thread wins the CPU;
* drives a progress bar and a cancel button when given (shown while the job runs, as they were after);
* with ``latest_wins``, cancels an older job of the same key and runs only the newest request
  after it (the key is ``on_result`` unless given): no stale result ever reaches the call site;
* never turns a finished job into a cancelled one: a result the job returned is delivered even if
  a cancel arrived after it committed its work;
* on shutdown cancels every job (what they return then reaches no call site), quits each thread
  *directly* and waits. Connecting ``finished`` to ``thread.quit`` alone deadlocks when the GUI
  thread blocks in ``wait()``: that queued ``quit`` would need the blocked GUI event loop to run.
"""
from __future__ import annotations

import inspect
import logging
import os
import traceback
import weakref
from typing import Any, Callable, Hashable, Optional

import shiboken6
from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QAbstractButton, QProgressBar

from aigc_desktop.core.crash import describe, write_crash_log
from aigc_desktop.core.errors import UserError
from aigc_desktop.core.jobs import Cancelled, JobContext, Progress, lower_thread_priority

log = logging.getLogger(__name__)
_threads: "weakref.WeakSet[QThread]" = weakref.WeakSet()  # every job thread ever started
# Threads that did not stop when their runner shut down (a job stuck where it cannot be cancelled,
# such as the first ``import torch``), with their workers: kept alive, because destroying a running
# QThread aborts the process. The application leaves through os._exit when any is left.
_abandoned: list[tuple[QThread, QObject]] = []


def running_threads() -> list[QThread]:
    """Job threads still running (tests assert none are left behind)."""
    alive = []
    for thread in list(_threads):
        try:
            if thread.isRunning():
                alive.append(thread)
        except RuntimeError:  # the C++ object is already gone
            pass
    return alive


def gui_workers() -> int:
    """CPU workers a GUI job may use: every core but one, which stays with the interface."""
    return max(1, (os.cpu_count() or 2) - 1)


class _Worker(QObject):
    """Runs one job on its thread; reports through signals the Job (on the GUI thread) receives."""

    event = Signal(object)
    result = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    finished = Signal()

    def __init__(self, fn: Callable[[JobContext], Any], ctx: JobContext) -> None:
        super().__init__()
        self._fn = fn
        self._ctx = ctx

    @Slot()
    def run(self) -> None:
        lower_thread_priority()
        try:
            out = self._fn(self._ctx)
            if inspect.isgenerator(out):
                while True:
                    try:
                        event = next(out)
                    except StopIteration as stop:
                        out = stop.value
                        break
                    self.event.emit(event)
            self.result.emit(out)  # what the job returned stands, whenever a cancel arrived
        except Cancelled:
            self.cancelled.emit()
        except UserError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # a bug: keep the app alive, show it, keep the traceback in a crash log
            log.error("job failed:\n%s", traceback.format_exc())
            crash_log = write_crash_log(exc, context=f"job {getattr(self._fn, '__qualname__', self._fn)}")
            self.failed.emit(self.tr("Internal error: %1").replace("%1", describe(exc))
                             + (self.tr("; details in %1").replace("%1", str(crash_log)) if crash_log else ""))
        finally:
            self.finished.emit()


def _alive(callback: Optional[Callable]) -> bool:
    """False for a bound method of a widget that was deleted meanwhile (a dialog closed, say)."""
    owner = getattr(callback, "__self__", None)
    return callback is not None and (not isinstance(owner, QObject) or shiboken6.isValid(owner))


class Job(QObject):
    """A job started by the runner. Its signals (GUI thread) mirror the callbacks; a dropped job
    (replaced by a newer one of the same key, or outlived the runner's shutdown) emits only ``finished``."""

    progress = Signal(object)
    result = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    finished = Signal()

    def __init__(self, fn: Callable[[JobContext], Any], ctx: JobContext, key: Optional[Hashable],
                 callbacks: dict, progress_bar: Optional[QProgressBar],
                 cancel_button: Optional[QAbstractButton]) -> None:
        super().__init__()
        self.fn, self.ctx, self.key = fn, ctx, key
        self._callbacks = callbacks
        self._bar, self._button = progress_bar, cancel_button
        self._restore: dict = {}
        # its outcome reaches nobody: a newer job of the same key replaced it, or the runner shut down
        self.dropped = False
        self.done = False
        self.outcome = ""  # result | failed | cancelled, once finished
        self.value: Any = None

    def cancel(self) -> None:
        self.ctx.cancel.cancel()

    @property
    def running(self) -> bool:
        return not self.done

    def _call(self, name: str, *args) -> None:
        callback = self._callbacks.get(name)
        if not self.dropped and _alive(callback):
            callback(*args)

    # ----- the widgets it drives -------------------------------------------------------------
    def _take_widgets(self) -> None:
        if self._bar is not None and shiboken6.isValid(self._bar):
            self._restore["bar"] = self._bar.isVisible() or not self._bar.isHidden()
            self._bar.setRange(0, 0)  # busy until the first progress with a total
            self._bar.show()
        if self._button is not None and shiboken6.isValid(self._button):
            self._restore["button"] = (not self._button.isHidden(), self._button.isEnabled())
            self._button.clicked.connect(self.cancel)
            self._button.setEnabled(True)
            self._button.show()

    def _give_back_widgets(self) -> None:
        if "bar" in self._restore and shiboken6.isValid(self._bar):
            self._bar.setVisible(self._restore["bar"])
        if "button" in self._restore and shiboken6.isValid(self._button):
            self._button.clicked.disconnect(self.cancel)
            shown, enabled = self._restore["button"]
            self._button.setVisible(shown)
            self._button.setEnabled(enabled)
        self._restore.clear()

    # ----- from the worker (queued onto the GUI thread) ----------------------------------------
    @Slot(object)
    def _on_event(self, event: Any) -> None:
        if self.dropped:
            return
        if isinstance(event, Progress) and "bar" in self._restore and shiboken6.isValid(self._bar):
            self._bar.setRange(0, event.total)
            if event.total:
                self._bar.setValue(event.done)
        self._call("on_progress", event)
        self.progress.emit(event)

    def _conclude(self, outcome: str, callback: str, signal, *args) -> None:
        self.outcome = outcome
        if args:
            self.value = args[0]
        self._call(callback, *args)
        if not self.dropped:
            signal.emit(*args)

    @Slot(object)
    def _on_result(self, value: Any) -> None:
        self._conclude("result", "on_result", self.result, value)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._conclude("failed", "on_failed", self.failed, message)

    @Slot()
    def _on_cancelled(self) -> None:
        self._conclude("cancelled", "on_cancelled", self.cancelled)

    @Slot()
    def _on_finished(self) -> None:
        self.done = True
        self._give_back_widgets()
        self._call("on_finished")
        self.finished.emit()


class JobRunner(QObject):
    """Starts jobs on threads of their own, and stops them all on shutdown."""

    def __init__(self, parent: Optional[QObject] = None, workers: Optional[int] = None) -> None:
        super().__init__(parent)
        self.workers = workers or gui_workers()
        self._jobs: list[Job] = []                      # started, not finished
        self._threads: dict[QThread, _Worker] = {}      # kept until the thread has ended
        self._running_by_key: dict[Hashable, Job] = {}
        self._pending_by_key: dict[Hashable, Job] = {}
        self._closed = False

    def start(self, job: Callable[[JobContext], Any], *, on_result: Optional[Callable[[Any], None]] = None,
              on_progress: Optional[Callable[[Any], None]] = None, on_failed: Optional[Callable[[str], None]] = None,
              on_cancelled: Optional[Callable[[], None]] = None, on_finished: Optional[Callable[[], None]] = None,
              progress_bar: Optional[QProgressBar] = None, cancel_button: Optional[QAbstractButton] = None,
              latest_wins: bool = False, key: Optional[Hashable] = None) -> Optional[Job]:
        """Run ``job(ctx)`` off the GUI thread; None once the runner has shut down.

        ``on_result`` gets what the job returned, ``on_progress`` each event it yielded,
        ``on_failed`` a one-line message (a UserError's, or a bug's, which is also logged),
        ``on_cancelled`` is called when it raised Cancelled, ``on_finished`` last, always.
        """
        if self._closed:
            return None
        callbacks = {"on_result": on_result, "on_progress": on_progress, "on_failed": on_failed,
                     "on_cancelled": on_cancelled, "on_finished": on_finished}
        key = (key if key is not None else on_result) if latest_wins else None
        handle = Job(job, JobContext(workers=self.workers), key, callbacks, progress_bar, cancel_button)
        if key is not None and key in self._running_by_key:
            self.cancel(key)
            self._pending_by_key[key] = handle  # starts when the older one has finished
            return handle
        self._launch(handle)
        return handle

    def cancel(self, key: Hashable) -> None:
        """Cancel the job of ``key`` and drop one waiting to run: neither outcome reaches its call site."""
        running = self._running_by_key.get(key)
        if running is not None:
            running.dropped = True
            running.cancel()
        waiting = self._pending_by_key.pop(key, None)
        if waiting is not None:  # it never ran: it ends here
            waiting.dropped = True
            waiting._on_finished()

    def _launch(self, handle: Job) -> None:
        worker = _Worker(handle.fn, handle.ctx)
        thread = QThread()
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        # quit from the worker's own thread: never waits on the GUI event loop
        worker.finished.connect(thread.quit, Qt.DirectConnection)
        worker.event.connect(handle._on_event)
        worker.result.connect(handle._on_result)
        worker.failed.connect(handle._on_failed)
        worker.cancelled.connect(handle._on_cancelled)
        worker.finished.connect(handle._on_finished)
        handle.finished.connect(self._on_job_finished)
        thread.finished.connect(self._on_thread_finished)
        self._jobs.append(handle)
        self._threads[thread] = worker
        if handle.key is not None:
            self._running_by_key[handle.key] = handle
        handle._take_widgets()
        _threads.add(thread)
        thread.start()

    @Slot()
    def _on_job_finished(self) -> None:
        handle = self.sender()
        if handle in self._jobs:
            self._jobs.remove(handle)
        if handle.key is not None and self._running_by_key.get(handle.key) is handle:
            del self._running_by_key[handle.key]
            pending = self._pending_by_key.pop(handle.key, None)
            if pending is not None and not self._closed:
                self._launch(pending)

    @Slot()
    def _on_thread_finished(self) -> None:
        for thread, worker in list(self._threads.items()):
            if thread.isFinished():
                del self._threads[thread]
                worker.deleteLater()
                thread.deleteLater()

    def running(self) -> list[Job]:
        """Jobs started and not yet finished."""
        return list(self._jobs)

    def is_running(self, key: Hashable) -> bool:
        """A job of ``key`` runs or waits to run."""
        return key in self._running_by_key or key in self._pending_by_key

    def shutdown(self, timeout_ms: int = 30000) -> bool:
        """Cancel every job, quit and wait for its thread; True if all stopped in time."""
        self._closed = True
        for key in list(self._pending_by_key):
            self.cancel(key)
        for handle in list(self._jobs):
            handle.dropped = True  # what arrives after the window closed reaches no panel
            handle.cancel()
        ok = True
        for thread in list(self._threads):
            thread.quit()
            if not thread.wait(timeout_ms):
                log.error("a job did not stop within %d ms", timeout_ms)
                _abandoned.append((thread, self._threads.pop(thread)))
                ok = False
        self._on_thread_finished()
        return ok
