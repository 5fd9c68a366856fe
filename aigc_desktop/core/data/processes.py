"""``map`` over worker processes, for big imports whose per-file work holds the GIL.

Decoding a 28x28 PNG is mostly Python, so threads take turns rather than run in parallel; worker
processes do not. A worker costs a process start (interpreter, NumPy, Pillow: about 0.2 CPU
seconds), so :func:`processes_for` adds workers only for big jobs and only on cores that are idle:
on a machine whose every core is busy an extra process runs no sooner, its start-up is pure cost.

Safe under every start method: ``fn`` must be a module-level function and tasks plain data. On
POSIX the ``forkserver`` method is used (a fresh single-threaded server preloaded with ``fn``'s
module, so a Qt or torch parent with threads is never forked and each worker starts in
milliseconds); Windows and frozen bundles use ``spawn`` (PyInstaller's bootloader and the
``multiprocessing.freeze_support()`` call at the top of ``aigc_desktop.__main__.main`` route the
child to its task before anything else runs). If processes cannot start or a worker dies, the
remaining tasks run in this process, so the result is the same, only slower.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Iterator, Optional

from aigc_desktop.core.jobs import CancelToken

MIN_TASKS_FOR_PROCESSES = 2000
# Windows' WaitForMultipleObjects limit, which ProcessPoolExecutor enforces there
_MAX_PROCESSES = 61 if sys.platform == "win32" else 256


def processes_for(n_items: int, workers: int) -> int:
    """Worker processes worth adding to the caller for ``n_items`` items with ``workers`` in all."""
    if workers <= 1 or n_items < MIN_TASKS_FOR_PROCESSES:
        return 0
    return max(0, min(workers - 1, spare_cpus()))


def spare_cpus() -> int:
    """Cores not busy over the last minute (the caller's own thread counts as busy)."""
    cpus = os.cpu_count() or 1
    try:
        busy = os.getloadavg()[0]
    except (AttributeError, OSError):  # Windows has no load average: assume the cores are free
        return cpus - 1
    return max(0, round(cpus - max(busy, 1.0)))


def start_method() -> str:
    if getattr(sys, "frozen", False) or "forkserver" not in multiprocessing.get_all_start_methods():
        return "spawn"
    return "forkserver"


def process_map(fn: Callable, tasks: list, workers: int, cancel: Optional[CancelToken] = None,
                method: Optional[str] = None) -> Iterator:
    """``map(fn, tasks)`` on this process and ``workers`` worker processes, results in order.

    The workers take tasks from the end of the list while this process works from the front, so
    results come in order from the start and nothing waits for the pool to start up (a second or
    more on a busy machine): the pool starts on a helper thread, and until a worker has delivered
    a result this process runs whatever it needs next itself. A pool that cannot start or breaks
    thus leaves every task to this process. Cancel is checked at least every 0.1 s; on cancel
    queued tasks are dropped and running ones finish in the background without being waited for.
    """
    pool = _Pool(fn, tasks, workers, method) if workers > 0 else None
    finished = False
    try:
        for i, task in enumerate(tasks):
            if cancel is not None:
                cancel.raise_if_cancelled()
            future = pool.future(i) if pool is not None else None
            if future is None or future.cancel():  # no worker has started it
                yield fn(task)
                continue
            while not future.done() and pool.delivered.is_set():
                wait([future], timeout=0.1)
                if cancel is not None:
                    cancel.raise_if_cancelled()
            # no worker is up yet: the task is done twice rather than waited for
            yield _result(future, fn, task) if future.done() else fn(task)
        finished = True
    finally:
        if pool is not None:
            pool.stop(wait=finished)


class _Pool:
    """A process pool started on a helper thread, with every task submitted to it, last first."""

    def __init__(self, fn: Callable, tasks: list, processes: int, method: Optional[str]) -> None:
        self.delivered = threading.Event()  # a worker has finished a task: the pool is up
        self._lock = threading.Lock()
        self._executor: Optional[ProcessPoolExecutor] = None
        self._futures: Optional[list] = None
        self._stopped = False
        threading.Thread(target=self._start, args=(fn, tasks, processes, method or start_method()),
                         name="aigc-pool-start", daemon=True).start()

    def future(self, i: int):
        return self._futures[i] if self._futures is not None else None

    def _start(self, fn: Callable, tasks: list, processes: int, method: str) -> None:
        executor = None
        try:
            context = multiprocessing.get_context(method)
            if method == "forkserver":  # workers fork from a server that has imported fn's module once
                context.set_forkserver_preload([getattr(fn, "func", fn).__module__])  # fn may be a partial
            executor = ProcessPoolExecutor(max_workers=min(processes, len(tasks), _MAX_PROCESSES),
                                           mp_context=context)
            futures = [None] * len(tasks)
            for i in reversed(range(len(tasks))):
                with self._lock:
                    if self._stopped:
                        break
                futures[i] = executor.submit(fn, tasks[i])
                futures[i].add_done_callback(self._done)
            else:
                with self._lock:
                    if not self._stopped:
                        self._executor, self._futures = executor, futures
                        return
        except (OSError, ValueError, NotImplementedError, BrokenProcessPool):
            pass  # no processes here (a sandbox, a broken bundle): every task runs in the caller
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)

    def _done(self, future) -> None:
        if not future.cancelled():
            self.delivered.set()

    def stop(self, wait: bool) -> None:
        with self._lock:
            self._stopped = True
            executor, self._executor = self._executor, None
        if executor is not None:
            processes = list((getattr(executor, "_processes", None) or {}).values())
            executor.shutdown(wait=wait, cancel_futures=True)
            _end_workers(processes, grace_s=5.0 if wait else 0.0)


def _end_workers(processes: list, grace_s: float) -> None:
    """Make sure no worker outlives its pool.

    When a worker dies (killed, out of memory) the executor's manager thread can fail while it
    marks the futures, and nothing tells the other workers to exit; at interpreter exit
    multiprocessing then joins them forever. On cancel their results are unwanted anyway.
    """
    deadline = time.monotonic() + grace_s
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            process.terminate()
            process.join(2.0)


def _result(future, fn: Callable, task):
    try:
        return future.result()
    except BrokenProcessPool:  # the worker died (killed, out of memory): redo its task here
        return fn(task)
